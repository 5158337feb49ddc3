//! Team books (issue 16): making a book a team book, joining one, and one round of keeping the
//! book and the team's documents in step. The documents come from the caller (samod's handles
//! at the relay, or plain documents in tests); see `store::sync` for their layout and rules.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::error::{Error, Result};
use crate::ops::scoring;
use crate::store::queries::settings::{
    now, set_setting, setting, SETTING_ONBOARDED, SETTING_USER_NAME,
};
use crate::store::sync::{self, Docs, Team};
use crate::store::Store;

pub use crate::store::sync::{
    canonical_dump, conflicts, new_actor, new_documents, problems, team, Conflict, Problem,
    ReviewChoice, ReviewItem, ReviewValue, ReviewVersion, SetValue, BUCKETS,
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
        // The window's welcome is behind this laptop even when the team's book is still empty.
        set_setting(tx, SETTING_ONBOARDED, &now())?;
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

/// For a loop that asks often: None for a single-user book, else whether changes wait.
pub fn changes_waiting(store: &Store) -> Result<Option<bool>> {
    match sync::team(store.conn())? {
        None => Ok(None),
        Some(_) => sync::any_waiting(store.conn()).map(Some),
    }
}

/// The rhythm of a window's background rounds: after a round that reached the relay, the next
/// routine one in 20 s (the team's changes arrive on the kept connection meanwhile); after one
/// that did not, sooner at first — 5, 10, 20, 40 s, then once a minute — so a relay that comes
/// back (Wi-Fi again, a restarted server) is noticed within seconds, and a laptop that stays
/// offline is not kept busy. Each pause is also at least 10× what the round took (a very large
/// book), and the next round of any kind at least 3× it, up to 300 ms: a window's first round
/// opens the connection and loads every document (half a second for the sample book, seconds
/// for a large one), and a change saved just after it must still go out at once.
#[derive(Debug, Default)]
pub struct Pace {
    failed: u32,
}

impl Pace {
    /// After a round that took `took`: (the earliest the next round may start, when the next
    /// routine round is due), both from now.
    pub fn after(
        &mut self,
        reached: bool,
        took: std::time::Duration,
    ) -> (std::time::Duration, std::time::Duration) {
        use std::time::Duration;
        let routine = if reached {
            self.failed = 0;
            Duration::from_secs(20)
        } else {
            self.failed = self.failed.saturating_add(1);
            Duration::from_secs((5u64 << (self.failed - 1).min(4)).min(60))
        };
        (
            (took * 3).min(Duration::from_millis(300)),
            routine.max(took * 10),
        )
    }
}

/// What one sync round did, as `sync --once --json` prints it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Synced {
    /// Records this laptop wrote into the team's documents.
    pub sent: usize,
    /// Records written into this book from the documents.
    pub received: usize,
    /// Fields in conflict (all of the book's), to decide with `allybook conflicts`.
    pub conflicts: i64,
    /// Records this book could not take as they are.
    pub problems: i64,
    /// Local changes still waiting for the relay.
    pub waiting: i64,
}

/// The team a book belongs to, as Settings shows it (the secret never crosses to the page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamInfo {
    pub relay: String,
    /// This laptop's user, as the team sees them.
    pub member: String,
    /// `owner` (made the team book) or `member` (joined it).
    pub role: String,
    pub joined_at: String,
}

/// One colleague's invite to a team book, as its owner sees it (the relay keeps the list; the
/// key itself is only in the invite).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamInvite {
    /// Names the invite to revoke it (the start of its key's hash).
    pub id: String,
    /// Whom it was made for.
    pub name: String,
    /// When it was made (ISO date-time, UTC).
    pub issued_at: String,
    /// When it was revoked; a revoked invite lets no one in.
    pub revoked_at: Option<String>,
    /// When a laptop last connected with it (to the nearest few minutes).
    pub last_seen: Option<String>,
}

/// A team book's state for the window: what the book says, and what this window's rounds saw.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamStatus {
    /// None: a single-user book.
    pub team: Option<TeamInfo>,
    /// Local changes the relay does not have yet.
    pub waiting: i64,
    /// Fields in conflict.
    pub conflicts: i64,
    /// Records that need review (fields one change set together count once).
    pub reviews: i64,
    /// Records from the team this book could not take.
    pub problems: i64,
    /// A round is running now.
    pub syncing: bool,
    /// When a round last reached the relay (ISO date-time, UTC), in this window's life.
    pub last_synced: Option<String>,
    /// When rounds started failing to reach the relay (ISO date-time, UTC).
    pub offline_since: Option<String>,
    /// Why the last round failed.
    pub error: Option<String>,
}

/// The book as a network round may use it: lent for each step, not for the whole round, so the
/// window's own commands are answered while the round waits for the relay.
pub trait BookAccess {
    fn with_book(&self, f: &mut dyn FnMut(&mut Store) -> Result<()>) -> Result<()>;
}

/// Runs `f` with the book `access` lends.
pub fn on_book<T>(access: &dyn BookAccess, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
    let mut f = Some(f);
    let mut out = None;
    access.with_book(&mut |s| {
        if let Some(f) = f.take() {
            out = Some(f(s)?);
        }
        Ok(())
    })?;
    out.ok_or_else(|| Error::Conflict("the book was not available".into()))
}

/// A book lent whole, for the command line's one round.
pub struct Exclusive<'a>(std::cell::RefCell<&'a mut Store>);

impl<'a> Exclusive<'a> {
    pub fn new(store: &'a mut Store) -> Self {
        Exclusive(std::cell::RefCell::new(store))
    }
}

impl BookAccess for Exclusive<'_> {
    fn with_book(&self, f: &mut dyn FnMut(&mut Store) -> Result<()>) -> Result<()> {
        let mut store = self
            .0
            .try_borrow_mut()
            .map_err(|_| Error::Conflict("the book is in use".into()))?;
        f(&mut store)
    }
}

/// The network side of team books, which the core does not link: the `allybook` executable
/// lends it to the window's [`crate::api::Api`] (see `allybook_sync::Link`).
pub trait TeamLink: Send + Sync {
    /// One round: this book's changes sent, the team's received.
    fn sync(&self, book: &dyn BookAccess) -> Result<Synced>;
    /// Whether the team's changes arrived since the last round (a connection kept open
    /// receives them as they are made): the window then runs a round at once.
    fn pending(&self) -> bool {
        false
    }
    /// Closes a connection kept open between rounds (the book leaves its team, is restored, or
    /// another book opens).
    fn disconnect(&self) {}
    /// Makes the book a team book at `relay`; answers the invite (one line).
    fn create(&self, book: &dyn BookAccess, relay: &str, member: Option<&str>) -> Result<String>;
    /// Joins the (new, empty) book to the team an invite names.
    fn join(&self, book: &dyn BookAccess, invite: &str, member: Option<&str>) -> Result<Synced>;
    /// A new invite for one colleague (`name`: whom it is for), registered at the relay; the
    /// owner's laptop only.
    fn invite(&self, book: &dyn BookAccess, name: &str) -> Result<String>;
    /// The book's invites, as the relay keeps them (the owner's laptop only).
    fn invites(&self, book: &dyn BookAccess) -> Result<Vec<TeamInvite>>;
    /// Revokes one invite at the relay; answers the invites after.
    fn revoke(&self, book: &dyn BookAccess, id: &str) -> Result<Vec<TeamInvite>>;
    /// Writes an invite (as [`TeamLink::invite`] answered it) to `path`, readable by the user
    /// only.
    fn save_invite(&self, invite: &str, path: &Path) -> Result<()>;
}

/// What the book says about its team (the window adds what its rounds saw).
pub fn status(store: &Store) -> Result<TeamStatus> {
    let conn = store.conn();
    let Some(t) = sync::team(conn)? else {
        return Ok(TeamStatus::default());
    };
    Ok(TeamStatus {
        team: Some(TeamInfo {
            relay: t.relay,
            member: t.member,
            role: t.role,
            joined_at: t.joined_at,
        }),
        waiting: sync::waiting(conn)?,
        conflicts: conflicts(conn)?.len() as i64,
        reviews: sync::review_items(conn)?.len() as i64,
        problems: problems(conn)?.len() as i64,
        ..TeamStatus::default()
    })
}

/// What needs review, for the window.
pub fn review(store: &Store) -> Result<Vec<ReviewItem>> {
    sync::review_items(store.conn())
}

/// Keeps one version of a record in "Needs review" (`choices`: its value of each field, JSON
/// text as [`review`] gave it), in one transaction; answers what still needs review.
pub fn resolve(
    store: &mut Store,
    record: &str,
    choices: &[ReviewChoice],
) -> Result<Vec<ReviewItem>> {
    let mut chosen = Vec::with_capacity(choices.len());
    for c in choices {
        let value: serde_json::Value = serde_json::from_str(&c.value).map_err(|_| {
            Error::invalid("value", format!("{:?} is not one of the values", c.value))
        })?;
        chosen.push((c.field.as_str(), value));
    }
    store.write(|tx| {
        for (field, value) in &chosen {
            sync::choose(tx, record, field, value)?;
        }
        Ok(())
    })?;
    review(store)
}

#[cfg(test)]
mod tests {
    use super::Pace;
    use std::time::Duration;

    const QUICK: Duration = Duration::from_millis(20);

    #[test]
    fn an_unreachable_relay_is_tried_again_sooner_at_first_then_once_a_minute() {
        let mut pace = Pace::default();
        let routine: Vec<u64> = (0..7)
            .map(|_| pace.after(false, QUICK).1.as_secs())
            .collect();
        assert_eq!(routine, [5, 10, 20, 40, 60, 60, 60]);
        // Reached again: back to the routine round every 20 s, and the next outage starts over.
        assert_eq!(pace.after(true, QUICK).1, Duration::from_secs(20));
        assert_eq!(pace.after(false, QUICK).1, Duration::from_secs(5));
    }

    #[test]
    fn a_slow_round_spaces_the_next_ones_by_its_cost() {
        let mut pace = Pace::default();
        // A quick round: the next may start at once after 60 ms (a change goes out within a tick).
        assert_eq!(pace.after(true, QUICK).0, Duration::from_millis(60));
        // A round of 4 s (a large book's first): the next no sooner than 300 ms (a change saved
        // meanwhile goes out then), the routine one no sooner than 40 s.
        let (earliest, routine) = pace.after(true, Duration::from_secs(4));
        assert_eq!(earliest, Duration::from_millis(300));
        assert_eq!(routine, Duration::from_secs(40));
    }
}
