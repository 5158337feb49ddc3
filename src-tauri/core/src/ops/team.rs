//! Team books (issue 16): making a book a team book, joining one, and one round of keeping the
//! book and the team's documents in step. The documents come from the caller (samod's handles
//! at the relay, or plain documents in tests); see `store::sync` for their layout and rules.

use serde::Serialize;

use crate::model::error::{Error, Result};
use crate::ops::scoring;
use crate::store::queries::settings::{now, setting, SETTING_USER_NAME};
use crate::store::sync::{self, Docs, Team};
use crate::store::Store;

pub use crate::store::sync::{
    canonical_dump, conflicts, new_actor, new_documents, problems, team, Conflict, Problem,
    SetValue, BUCKETS,
};

/// Who this laptop's user is to the team: Settings' name, or what the caller gives.
fn member_name(store: &Store, member: Option<&str>) -> Result<String> {
    let name = match member {
        Some(m) => m.trim().to_string(),
        None => setting(store.conn(), SETTING_USER_NAME)?.unwrap_or_default(),
    };
    if name.is_empty() {
        return Err(Error::invalid(
            "member",
            "say who you are to the team: set your name in Settings (or pass --member NAME)",
        ));
    }
    Ok(name)
}

/// What a team book is, before its documents exist: its id, the relay, the secret, this
/// laptop's actor and name.
pub fn new_team(store: &Store, relay: &str, member: Option<&str>) -> Result<Team> {
    if sync::team(store.conn())?.is_some() {
        return Err(Error::Conflict(
            "this book is already a team book: `allybook team` shows which".into(),
        ));
    }
    Ok(Team {
        book_id: sync::random_hex(store.conn(), 16)?,
        relay: relay.to_string(),
        secret: sync::random_hex(store.conn(), 32)?,
        actor: new_actor(),
        member: member_name(store, member)?,
        role: "owner".into(),
        joined_at: now(),
    })
}

/// Makes the book a team book whose documents (`doc_ids`, one per bucket, made by
/// [`new_documents`]) are `docs`: a backup first, then global ids for every record, and every
/// record written into the documents.
pub fn create(
    store: &mut Store,
    team: &Team,
    doc_ids: &[String],
    docs: &mut impl Docs,
) -> Result<Step> {
    if doc_ids.len() != BUCKETS as usize {
        return Err(Error::invalid(
            "team",
            "a team book has one document per bucket",
        ));
    }
    backup_before(store, "before-team")?;
    store.write(|tx| {
        sync::insert_team(tx, team)?;
        sync::set_documents(tx, doc_ids)?;
        sync::mark_projected(tx, docs)?;
        sync::start_tracking(tx, true)
    })?;
    step(store, docs)
}

/// Whether this book can join a team: not one already, and empty (a joined book must start
/// empty: the team's records replace the seeded templates, and nothing of two books is merged by
/// guesswork).
pub fn check_joinable(store: &Store) -> Result<()> {
    if sync::team(store.conn())?.is_some() {
        return Err(Error::Conflict(
            "this book is already a team book: join into a new book file".into(),
        ));
    }
    if sync::has_user_data(store.conn())? {
        return Err(Error::Conflict(
            "this book already has records: join the team into a new, empty book file (--db NEW-FILE)"
                .into(),
        ));
    }
    Ok(())
}

/// Joins this (empty) book to a team whose documents `docs` this laptop has received.
pub fn join(
    store: &mut Store,
    team: &Team,
    doc_ids: &[String],
    docs: &mut impl Docs,
) -> Result<Step> {
    check_joinable(store)?;
    if doc_ids.len() != BUCKETS as usize {
        return Err(Error::invalid(
            "invite",
            "the team book's document list is incomplete",
        ));
    }
    sync::register_member(docs, &team.actor, &team.member)?;
    store.write(|tx| {
        sync::clear_templates(tx)?;
        sync::insert_team(tx, team)?;
        sync::set_documents(tx, doc_ids)?;
        sync::start_tracking(tx, false)
    })?;
    step(store, docs)
}

fn backup_before(store: &Store, what: &str) -> Result<()> {
    let path = store.path().to_path_buf();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".into());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let backup = path.with_file_name(format!("{stem}.{what}-{stamp}.sqlite"));
    store.backup_to(&backup)?;
    tracing::info!(backup = %backup.display(), "backed up before making a team book");
    Ok(())
}

/// What one round did.
#[derive(Debug, Default, Serialize)]
pub struct Step {
    pub flushed: sync::Flushed,
    pub projected: sync::Projected,
}

/// One round: this book's unwritten changes into the documents, then everything the documents
/// gained into the book, in one immediate transaction (no local write falls between the two);
/// prospects whose data changed are re-ranked. The outbox is kept until [`ack`].
pub fn step(store: &mut Store, docs: &mut impl Docs) -> Result<Step> {
    store.write(|tx| {
        let flushed = sync::flush(tx, docs)?;
        let projected = sync::project(tx, docs)?;
        sync::flag_lead_conflicts(tx)?;
        if projected.prospects.contains(&-1) {
            scoring::rescore(tx, None)?;
        } else if !projected.prospects.is_empty() {
            scoring::rescore(tx, Some(&projected.prospects))?;
        }
        Ok(Step { flushed, projected })
    })
}

/// The relay (or the documents' own storage) has everything up to `upto`: forget those entries.
pub fn ack(store: &mut Store, upto: i64) -> Result<()> {
    store.write(|tx| sync::ack(tx, upto))
}

/// Chooses one value of a field in conflict; the next round writes it everywhere.
pub fn choose(
    store: &mut Store,
    record: &str,
    field: &str,
    value: &serde_json::Value,
) -> Result<()> {
    store.write(|tx| sync::choose(tx, record, field, value))
}

/// Leaves the team: the book stays as it is, a single-user book again; the documents stay at
/// the relay for the others.
pub fn leave(store: &mut Store) -> Result<()> {
    store.write(sync::forget_team)
}

/// The changes this book has not yet handed to the relay.
pub fn waiting(store: &Store) -> Result<i64> {
    sync::waiting(store.conn())
}
