//! Team books (issue 16): the book's rows in Automerge documents, and the documents back into
//! the book.
//!
//! The documents are the team's shared truth; the SQLite tables stay the query copy. A local
//! write commits to SQLite and a trigger lists the row in `sync_outbox` in the same transaction;
//! [`flush`] writes the listed rows into the documents; [`project`] writes what the documents
//! gained since this book last looked (its own flushed changes and the other laptops') back into
//! the tables. Both run in one immediate transaction ([`sync_step`]), so no local write can fall
//! between them and be overwritten.
//!
//! Layout of a document (one of [`BUCKETS`]; a record's bucket is a hash of its key):
//! - `ROOT/<table>/<global id>` is a map of the row's columns for tables with an integer id;
//!   references to other records hold the other record's global id; a deleted record keeps its
//!   map with `_deleted = true` (never removed, so a concurrent edit cannot resurrect half a
//!   row).
//! - `ROOT/<table>/<key>` is the whole row as JSON text for tables keyed by their values
//!   (`prospect_item`, `settings`, …), or null once deleted; the key is the JSON array of the key
//!   columns (references as global ids).
//! - `ROOT/_members/<actor>` names the person behind each laptop's Automerge actor.
//!
//! Every table map exists from the moment the owner creates the documents, so no two laptops
//! ever create the same map (Automerge would keep one and hide the other's records).
//!
//! Concurrent writes of one field keep every value (`get_all`); the book takes Automerge's
//! deterministic winner and lists the field in `sync_conflict` with each value, who set it and
//! when, until someone chooses ([`choose`]). Derived columns (fit score, folded names) are never
//! synced; they are recomputed here or by the caller.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{
    ActorId, Automerge, ChangeHash, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT,
};
use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};
use serde::Serialize;

use crate::model::error::{Error, Result};
use crate::model::normalize;
use crate::store::queries::settings::now;

/// How many documents a team book's records are spread over.
pub const BUCKETS: u32 = 16;

/// The map of members (actor → name) in every document.
const MEMBERS: &str = "_members";
/// A deleted record's marker.
const DELETED: &str = "_deleted";
/// The column that archives a record: archiving on one laptop while another edits the record is
/// a conflict of this column.
const ARCHIVED: &str = "archived_at";
/// When a record was last edited: two laptops editing different fields of one record both set
/// it, which is no conflict to decide; the latest value is kept.
const BOOKKEEPING: &[&str] = &["updated_at"];
/// The field name a conflict of a value-keyed record is listed under (its whole row).
pub const WHOLE_ROW: &str = "*";

/// How a table's rows are named across laptops.
#[derive(Clone, Copy, Debug)]
pub enum Key {
    /// An integer `id`, mapped to a global id in `sync_gid`.
    Id,
    /// The listed columns' values (references translated to global ids).
    Values(&'static [&'static str]),
}

/// One synced table.
#[derive(Debug)]
pub struct TableSpec {
    pub name: &'static str,
    pub key: Key,
    /// Columns that hold another record's integer id, and that record's table.
    pub refs: &'static [(&'static str, &'static str)],
    /// Columns computed locally, never synced.
    pub derived: &'static [&'static str],
}

const fn id(
    name: &'static str,
    refs: &'static [(&'static str, &'static str)],
    derived: &'static [&'static str],
) -> TableSpec {
    TableSpec {
        name,
        key: Key::Id,
        refs,
        derived,
    }
}

/// What a team shares, parents before the records that refer to them. Not synced: the search
/// index, `search_pending` and fit scores (derived), `attention_done` (whose `ref_id` names a
/// record of one of five tables; not yet mapped), and the settings outside [`BOOK_SETTINGS`].
pub const TABLES: &[TableSpec] = &[
    TableSpec {
        name: "settings",
        key: Key::Values(&["key"]),
        refs: &[],
        derived: &[],
    },
    TableSpec {
        name: "profile",
        key: Key::Values(&["id"]),
        refs: &[],
        derived: &[],
    },
    TableSpec {
        name: "profile_item",
        key: Key::Values(&["kind", "value"]),
        refs: &[],
        derived: &[],
    },
    id("checklist_template", &[], &[]),
    id("scorecard_criterion", &[], &[]),
    id("clause_template", &[], &[]),
    id(
        "prospect",
        &[("merged_into", "prospect")],
        &["name_norm", "fit_score"],
    ),
    TableSpec {
        name: "prospect_item",
        key: Key::Values(&["prospect_id", "kind", "value"]),
        refs: &[("prospect_id", "prospect")],
        derived: &[],
    },
    id("certification", &[("prospect_id", "prospect")], &[]),
    id("contact", &[("prospect_id", "prospect")], &[]),
    id(
        "activity",
        &[("prospect_id", "prospect"), ("contact_id", "contact")],
        &[],
    ),
    id("stage_move", &[("prospect_id", "prospect")], &[]),
    id(
        "checklist_item",
        &[
            ("prospect_id", "prospect"),
            ("template_id", "checklist_template"),
        ],
        &[],
    ),
    id("scorecard", &[("prospect_id", "prospect")], &[]),
    TableSpec {
        name: "scorecard_score",
        key: Key::Values(&["scorecard_id", "criterion_name"]),
        refs: &[
            ("scorecard_id", "scorecard"),
            ("criterion_id", "scorecard_criterion"),
        ],
        derived: &[],
    },
    id("contract", &[("prospect_id", "prospect")], &[]),
    id("contract_version", &[("contract_id", "contract")], &[]),
    id("contract_event", &[("version_id", "contract_version")], &[]),
    id(
        "opportunity",
        &[("prospect_id", "prospect"), ("contract_id", "contract")],
        &["customer_norm"],
    ),
    id(
        "lead_registration",
        &[
            ("prospect_id", "prospect"),
            ("contract_id", "contract"),
            ("conflict_with", "lead_registration"),
        ],
        &["customer_norm"],
    ),
];

/// The settings that belong to the book (and so to the team); the rest are this laptop's
/// (who the user is, desktop reminders, backups, the book's local id, import markers).
pub const BOOK_SETTINGS: &[&str] = &[
    "fit_weights",
    "scorecard_thresholds",
    "stuck_days",
    "document_language",
];

pub fn spec(table: &str) -> Option<&'static TableSpec> {
    TABLES.iter().find(|t| t.name == table)
}

/// The team row of a team book.
#[derive(Clone, Debug, Serialize)]
pub struct Team {
    pub book_id: String,
    pub relay: String,
    pub secret: String,
    pub actor: String,
    pub member: String,
    pub role: String,
    pub joined_at: String,
}

pub fn team(conn: &rusqlite::Connection) -> Result<Option<Team>> {
    Ok(conn
        .query_row(
            "SELECT book_id, relay, secret, actor, member, role, joined_at FROM team",
            [],
            |r| {
                Ok(Team {
                    book_id: r.get(0)?,
                    relay: r.get(1)?,
                    secret: r.get(2)?,
                    actor: r.get(3)?,
                    member: r.get(4)?,
                    role: r.get(5)?,
                    joined_at: r.get(6)?,
                })
            },
        )
        .optional()?)
}

/// Access to the team book's documents, one per bucket (samod's handles, or plain documents in
/// tests).
pub trait Docs {
    fn with_doc<R>(&mut self, bucket: u32, f: impl FnOnce(&mut Automerge) -> R) -> Result<R>;
}

/// Plain in-memory documents: what a relay-less test merges by hand.
impl Docs for Vec<Automerge> {
    fn with_doc<R>(&mut self, bucket: u32, f: impl FnOnce(&mut Automerge) -> R) -> Result<R> {
        let doc = self
            .get_mut(bucket as usize)
            .ok_or_else(|| Error::invalid("team", format!("team book has no document {bucket}")))?;
        Ok(f(doc))
    }
}

fn am(e: automerge::AutomergeError) -> Error {
    Error::invalid("team", format!("team document: {e}"))
}

fn actor_of(hex: &str) -> Result<ActorId> {
    ActorId::try_from(hex)
        .map_err(|_| Error::invalid("team", format!("team: bad actor id {hex:?}")))
}

/// A new, random actor id (hex) for a laptop joining or creating a team.
pub fn new_actor() -> String {
    ActorId::random().to_hex_string()
}

/// The actor one round writes as: the laptop's own id followed by 8 random bytes. Automerge
/// numbers an actor's changes; a laptop whose book and documents came back from an older
/// backup (or were copied to a second machine) would number new changes like ones the relay
/// already has, and they would be refused. A fresh suffix per round cannot collide; the members
/// map names the laptop by its own id, the prefix.
fn round_actor(laptop: &str) -> Result<ActorId> {
    let base = actor_of(laptop)?;
    let suffix = ActorId::random();
    let mut bytes = base.to_bytes().to_vec();
    bytes.extend_from_slice(&suffix.to_bytes()[..8]);
    Ok(ActorId::from(bytes))
}

/// The laptop an actor id belongs to (see [`round_actor`]): its first 16 bytes, as hex.
fn laptop_of(actor_hex: &str) -> &str {
    actor_hex.get(..32).unwrap_or(actor_hex)
}

/// The bucket a record lives in: FNV-1a of its key, the same on every laptop.
pub fn bucket_of(rkey: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in rkey.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % BUCKETS
}

/// The documents of a new team book: every table map, and the owner among the members.
pub fn new_documents(actor: &str, member: &str) -> Result<Vec<Automerge>> {
    let laptop = actor_of(actor)?;
    let actor = round_actor(actor)?;
    (0..BUCKETS)
        .map(|_| {
            let mut doc = Automerge::new().with_actor(actor.clone());
            doc.transact_with(
                |_| CommitOptions::default().with_time(now_ms()),
                |tx| {
                    for t in TABLES {
                        tx.put_object(ROOT, t.name, ObjType::Map)?;
                    }
                    let members = tx.put_object(ROOT, MEMBERS, ObjType::Map)?;
                    tx.put(&members, laptop.to_hex_string(), member)?;
                    Ok::<_, automerge::AutomergeError>(())
                },
            )
            .map_err(|f| am(f.error))?;
            Ok(doc)
        })
        .collect()
}

/// Names this laptop's actor in the documents (on joining, or when the user's name changes).
pub fn register_member(docs: &mut impl Docs, actor: &str, member: &str) -> Result<()> {
    let laptop = actor_of(actor)?;
    let actor = round_actor(actor)?;
    for b in 0..BUCKETS {
        docs.with_doc(b, |doc| {
            doc.set_actor(actor.clone());
            doc.transact_with(
                |_| CommitOptions::default().with_time(now_ms()),
                |tx| {
                    let members = match tx.get(ROOT, MEMBERS)? {
                        Some((Value::Object(ObjType::Map), id)) => id,
                        _ => tx.put_object(ROOT, MEMBERS, ObjType::Map)?,
                    };
                    tx.put(&members, laptop.to_hex_string(), member)?;
                    Ok::<_, automerge::AutomergeError>(())
                },
            )
            .map_err(|f| am(f.error))
        })??;
    }
    Ok(())
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A column of a synced table, as SQLite declares it.
#[derive(Clone, Debug)]
struct Column {
    name: String,
    not_null: bool,
    /// The value a record need not carry in the documents: the column's default when it is
    /// `''` or NULL. A new record leaves such fields out (an imported firm has many empty
    /// columns: each would be an operation to write, send and store), and the projection reads
    /// an absent field as this value.
    omit: Option<Sql>,
}

/// The columns of `spec` that sync (everything but the integer id and the derived columns).
fn synced_columns(tx: &Transaction<'_>, spec: &TableSpec) -> Result<Vec<Column>> {
    let mut st =
        tx.prepare_cached("SELECT name, \"notnull\", dflt_value FROM pragma_table_info(?1)")?;
    let cols = st
        .query_map([spec.name], |r| {
            let not_null = r.get::<_, i64>(1)? != 0;
            let default: Option<String> = r.get(2)?;
            let omit = match default.as_deref() {
                Some("''") => Some(Sql::Text(String::new())),
                None if !not_null => Some(Sql::Null),
                _ => None,
            };
            Ok(Column {
                name: r.get(0)?,
                not_null,
                omit,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols
        .into_iter()
        .filter(|c| {
            let is_id = matches!(spec.key, Key::Id) && c.name == "id";
            !is_id && !spec.derived.contains(&c.name.as_str())
        })
        .collect())
}

fn ref_table(spec: &TableSpec, col: &str) -> Option<&'static str> {
    spec.refs.iter().find(|(c, _)| *c == col).map(|(_, t)| *t)
}

/// Makes this a team book's tables: global ids for every record, the outbox triggers switched
/// on (they are in the schema, migration 0008), and, for the book a team starts from, every
/// record listed for the first flush. Part of `team create`'s (or `join`'s) transaction.
pub fn start_tracking(tx: &Transaction<'_>, everything: bool) -> Result<()> {
    tx.execute("UPDATE sync_state SET tracking = 1, applying = 0", [])?;
    for spec in TABLES {
        let t = spec.name;
        let key_cols: Vec<&str> = match spec.key {
            Key::Id => vec!["id"],
            Key::Values(k) => k.to_vec(),
        };
        if matches!(spec.key, Key::Id) {
            tx.execute(
                &format!(
                    "INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid)
                     SELECT '{t}', id, lower(hex(randomblob(16))) FROM \"{t}\""
                ),
                [],
            )?;
        }
        if everything {
            let filter = if t == "settings" {
                format!(
                    " WHERE key IN ({})",
                    BOOK_SETTINGS
                        .iter()
                        .map(|k| format!("'{k}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                String::new()
            };
            tx.execute(
                &format!(
                    "INSERT INTO sync_outbox (tbl, row_key) SELECT '{t}', json_array({}) FROM \"{t}\"{filter}",
                    key_cols
                        .iter()
                        .map(|c| format!("\"{c}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                [],
            )?;
        }
    }
    Ok(())
}

/// Switches the outbox triggers off (leaving a team); the ids stay.
pub fn stop_tracking(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("UPDATE sync_state SET tracking = 0, applying = 0", [])?;
    Ok(())
}

/// The names of the columns of `spec` that sync, as the outbox triggers must list them.
pub fn synced_column_names(tx: &Transaction<'_>, spec: &TableSpec) -> Result<Vec<String>> {
    Ok(synced_columns(tx, spec)?
        .into_iter()
        .map(|c| c.name)
        .collect())
}

/// A random hex string of `bytes` random bytes, from SQLite's generator (no extra crate).
pub fn random_hex(conn: &rusqlite::Connection, bytes: u32) -> Result<String> {
    Ok(conn.query_row("SELECT lower(hex(randomblob(?1)))", [bytes], |r| r.get(0))?)
}

pub fn insert_team(tx: &Transaction<'_>, t: &Team) -> Result<()> {
    tx.execute(
        "INSERT INTO team (id, book_id, relay, secret, actor, member, role, joined_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![
            t.book_id,
            t.relay,
            t.secret,
            t.actor,
            t.member,
            t.role,
            t.joined_at
        ],
    )?;
    Ok(())
}

/// Whether the book holds anything a user entered (a joined book must start empty: the team's
/// records replace the seeded templates, and nothing of two books is merged by guesswork).
pub fn has_user_data(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM prospect) OR EXISTS (SELECT 1 FROM contract)
             OR EXISTS (SELECT 1 FROM clause_template)
             OR EXISTS (SELECT 1 FROM profile WHERE name <> '')",
        [],
        |r| r.get(0),
    )?)
}

/// Two registrations of one customer with different partners, made on laptops that had not seen
/// each other's (offline), meet only in a merge: the later one is flagged as in conflict with
/// the earlier, as `register_lead` flags it on one laptop. "Later" is by registration day, then
/// by global id, so every laptop flags the same one and their writes agree.
pub fn flag_lead_conflicts(tx: &Transaction<'_>) -> Result<usize> {
    let pairs: Vec<(i64, i64)> = tx
        .prepare(
            "SELECT later.id, earlier.id
             FROM lead_registration later
             JOIN sync_gid gl ON gl.tbl = 'lead_registration' AND gl.local_id = later.id
             JOIN lead_registration earlier
               ON earlier.id <> later.id AND earlier.prospect_id <> later.prospect_id
              AND earlier.status = 'active' AND earlier.expires_on >= later.registered_on
              AND (earlier.customer_norm = later.customer_norm
                   OR (later.customer_domain <> '' AND earlier.customer_domain = later.customer_domain))
             JOIN sync_gid ge ON ge.tbl = 'lead_registration' AND ge.local_id = earlier.id
             WHERE later.status = 'active' AND later.conflict_with IS NULL
               AND (earlier.registered_on < later.registered_on
                    OR (earlier.registered_on = later.registered_on AND ge.gid < gl.gid))
             ORDER BY later.id, earlier.registered_on, ge.gid",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut flagged = 0;
    let mut last = None;
    for (later, earlier) in pairs {
        if last == Some(later) {
            continue;
        }
        last = Some(later);
        flagged += tx.execute(
            "UPDATE lead_registration SET conflict_with = ?2 WHERE id = ?1 AND conflict_with IS NULL",
            [later, earlier],
        )?;
    }
    Ok(flagged)
}

/// Joining: the seeded checklist and scorecard templates and the empty profile are the team's,
/// not this book's.
pub fn clear_templates(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM checklist_template; DELETE FROM scorecard_criterion;
         DELETE FROM profile_item; DELETE FROM profile;",
    )?;
    Ok(())
}

/// Leaving a team: the book stays as it is; what tied it to the team goes.
pub fn forget_team(tx: &Transaction<'_>) -> Result<()> {
    stop_tracking(tx)?;
    tx.execute_batch(
        "DELETE FROM team; DELETE FROM sync_outbox; DELETE FROM sync_doc;
         DELETE FROM sync_conflict; DELETE FROM sync_problem;",
    )?;
    Ok(())
}

/// A field the user set on purpose (a stage move): in a team book it is written into the
/// documents even when they hold the same value already, so it meets a colleague's concurrent
/// write as the conflict it is. Nothing in a single-user book.
pub fn set_on_purpose(tx: &Transaction<'_>, table: &str, id: i64, field: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_outbox (tbl, row_key, field)
         SELECT ?1, json_array(?2), ?3 FROM sync_state WHERE tracking = 1 AND applying = 0",
    )?
    .execute(params![table, id, field])?;
    Ok(())
}

/// Whether any local change waits for the relay (cheap: for a loop that asks often).
pub fn any_waiting(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(
        conn.query_row("SELECT EXISTS (SELECT 1 FROM sync_outbox)", [], |r| {
            r.get(0)
        })?,
    )
}

/// The local changes not yet handed to the relay.
pub fn waiting(conn: &rusqlite::Connection) -> Result<i64> {
    // Records, not trigger rows: one edit of a prospect that rewrites its lists is one change.
    Ok(conn.query_row(
        "SELECT count(*) FROM (SELECT DISTINCT tbl, row_key FROM sync_outbox)",
        [],
        |r| r.get(0),
    )?)
}

fn gid_for(tx: &Transaction<'_>, table: &str, local: i64) -> Result<String> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES (?1, ?2, lower(hex(randomblob(16))))",
    )?
    .execute(params![table, local])?;
    Ok(tx
        .prepare_cached("SELECT gid FROM sync_gid WHERE tbl = ?1 AND local_id = ?2")?
        .query_row(params![table, local], |r| r.get(0))?)
}

fn local_for(tx: &Transaction<'_>, table: &str, gid: &str) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached("SELECT local_id FROM sync_gid WHERE tbl = ?1 AND gid = ?2")?
        .query_row(params![table, gid], |r| r.get(0))
        .optional()?)
}

fn json_to_sql(v: &serde_json::Value) -> Option<Sql> {
    Some(match v {
        serde_json::Value::Null => Sql::Null,
        serde_json::Value::Bool(b) => Sql::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64()?),
        },
        serde_json::Value::String(s) => Sql::Text(s.clone()),
        _ => return None,
    })
}

fn sql_to_json(v: &Sql) -> serde_json::Value {
    match v {
        Sql::Null => serde_json::Value::Null,
        Sql::Integer(i) => (*i).into(),
        Sql::Real(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        Sql::Text(s) => s.clone().into(),
        Sql::Blob(b) => serde_json::Value::Array(b.iter().map(|x| (*x).into()).collect()),
    }
}

fn to_am(v: &Sql) -> ScalarValue {
    match v {
        Sql::Null => ScalarValue::Null,
        Sql::Integer(i) => ScalarValue::Int(*i),
        Sql::Real(f) => ScalarValue::F64(*f),
        Sql::Text(s) => ScalarValue::Str(s.as_str().into()),
        Sql::Blob(b) => ScalarValue::Bytes(b.clone()),
    }
}

/// A document's value as a column value; `None` for what no column holds (a hostile or newer
/// document), which refuses the record.
fn from_am(v: &ScalarValue) -> Option<Sql> {
    Some(match v {
        ScalarValue::Null => Sql::Null,
        ScalarValue::Int(i) => Sql::Integer(*i),
        ScalarValue::Uint(u) => Sql::Integer(i64::try_from(*u).ok()?),
        ScalarValue::F64(f) => Sql::Real(*f),
        ScalarValue::Str(s) => Sql::Text(s.to_string()),
        ScalarValue::Bytes(b) => Sql::Blob(b.clone()),
        ScalarValue::Boolean(b) => Sql::Integer(i64::from(*b)),
        _ => return None,
    })
}

/// One record as the documents should hold it.
struct Outgoing {
    spec: &'static TableSpec,
    rkey: String,
    /// The synced columns (references as global ids); `None` when the row is gone.
    fields: Option<Vec<(String, Sql)>>,
    /// Fields the user chose a value for (written even when the winner already equals it).
    chosen: BTreeSet<String>,
    /// The outbox entries this record answers.
    seqs: Vec<i64>,
    /// Fields whose value is their column's omittable default (see [`Column::omit`]).
    defaults: BTreeSet<String>,
    /// Fields of this record listed in conflict in the book (the user has seen both values).
    listed: BTreeSet<String>,
}

/// Reads the row an outbox entry names, as the documents hold it.
fn outgoing(
    tx: &Transaction<'_>,
    spec: &'static TableSpec,
    cols: &[Column],
    key: &[serde_json::Value],
    any_listed: bool,
) -> Result<Option<Outgoing>> {
    let key_sql: Vec<Sql> = key.iter().filter_map(json_to_sql).collect();
    let (key_cols, rkey): (Vec<&str>, String) = match spec.key {
        Key::Id => {
            let Some(Sql::Integer(local)) = key_sql.first() else {
                return Ok(None);
            };
            (vec!["id"], gid_for(tx, spec.name, *local)?)
        }
        Key::Values(k) => {
            let mut parts = Vec::new();
            for (c, v) in k.iter().zip(&key_sql) {
                parts.push(match (ref_table(spec, c), v) {
                    (Some(rt), Sql::Integer(local)) => gid_for(tx, rt, *local)?.into(),
                    _ => sql_to_json(v),
                });
            }
            (k.to_vec(), serde_json::Value::Array(parts).to_string())
        }
    };
    if key_sql.len() != key_cols.len() {
        return Ok(None);
    }
    let select = format!(
        "SELECT {} FROM \"{}\" WHERE {}",
        cols.iter()
            .map(|c| format!("\"{}\"", c.name))
            .collect::<Vec<_>>()
            .join(", "),
        spec.name,
        key_cols
            .iter()
            .enumerate()
            .map(|(i, c)| format!("\"{c}\" = ?{}", i + 1))
            .collect::<Vec<_>>()
            .join(" AND ")
    );
    let row: Option<Vec<Sql>> = tx
        .prepare_cached(&select)?
        .query_row(params_from_iter(key_sql.iter()), |r| {
            (0..cols.len()).map(|i| r.get::<_, Sql>(i)).collect()
        })
        .optional()?;
    let mut defaults = BTreeSet::new();
    let fields = match row {
        None => None,
        Some(values) => {
            let mut out = Vec::with_capacity(cols.len());
            for (c, v) in cols.iter().zip(values) {
                if c.omit.as_ref() == Some(&v) {
                    defaults.insert(c.name.clone());
                }
                let v = match (ref_table(spec, &c.name), v) {
                    (Some(rt), Sql::Integer(local)) => Sql::Text(gid_for(tx, rt, local)?),
                    (_, v) => v,
                };
                out.push((c.name.clone(), v));
            }
            Some(out)
        }
    };
    let listed = if any_listed {
        tx.prepare_cached("SELECT field FROM sync_conflict WHERE tbl = ?1 AND rkey = ?2")?
            .query_map(params![spec.name, rkey], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    } else {
        BTreeSet::new()
    };
    Ok(Some(Outgoing {
        spec,
        rkey,
        fields,
        listed,
        chosen: BTreeSet::new(),
        seqs: Vec::new(),
        defaults,
    }))
}

fn table_map<R: ReadDoc>(doc: &R, table: &str) -> Result<ObjId> {
    match doc.get(ROOT, table).map_err(am)? {
        Some((Value::Object(ObjType::Map), id)) => Ok(id),
        _ => Err(Error::invalid(
            "team",
            format!(
            "team document has no `{table}` map: not an Allybook team book, or from a newer version"
        ),
        )),
    }
}

fn row_json(fields: &[(String, Sql)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = fields
        .iter()
        .map(|(k, v)| (k.clone(), sql_to_json(v)))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// Whether `value` is among the values a field holds now — the winner or a concurrent one. A
/// row listed in the outbox is written again until the relay has it; once its value is in the
/// document (perhaps beside another laptop's, as a conflict) writing it again would silently
/// settle that conflict in this laptop's favour.
fn holds<R: ReadDoc>(doc: &R, obj: &ObjId, prop: &str, value: &ScalarValue) -> Result<bool> {
    Ok(doc_values(doc, obj, prop)?.iter().any(|v| v == value))
}

/// Every value a field holds now (the winner and the concurrent ones; none when absent).
fn doc_values<R: ReadDoc>(doc: &R, obj: &ObjId, prop: &str) -> Result<Vec<ScalarValue>> {
    Ok(doc
        .get_all(obj, prop)
        .map_err(am)?
        .into_iter()
        .filter_map(|(v, _)| match v {
            Value::Scalar(s) => Some(s.into_owned()),
            Value::Object(_) => None,
        })
        .collect())
}

/// Puts `value`, replacing every value the field holds now. Automerge (0.12) makes no change
/// for a put of the value that already wins, even when the field holds concurrent values: a user
/// who keeps the winning value of a conflict would settle nothing, and another laptop keeping a
/// different value at the same time would then win silently. A field in conflict is therefore
/// deleted first (that removes every value) and put afresh: the new value stands alone here and
/// meets a concurrent choice elsewhere as the conflict it is.
fn put_over(
    tx: &mut automerge::transaction::Transaction<'_>,
    obj: &ObjId,
    prop: &str,
    value: ScalarValue,
) -> Result<()> {
    // The same goes for a value written again on purpose (a stage moved away and back): only a
    // fresh put meets a concurrent one as a conflict.
    let held = doc_values(tx, obj, prop)?;
    if held.len() > 1 || held.contains(&value) {
        tx.delete(obj, prop).map_err(am)?;
    }
    tx.put(obj, prop, value).map_err(am)?;
    Ok(())
}

/// Fields a record's first write puts into the documents and no later write changes: a
/// contract version's number is the number its laptop claimed when it made it. Two laptops may
/// claim the same number apart; each book then numbers the contract's versions the same way
/// from the claims (see [`renumber_versions`]), and that local numbering is never written back.
fn write_once(table: &str, col: &str) -> bool {
    table == "contract_version" && col == "version"
}

/// Fields written as one (see [`write_records`]): a prospect's stage, since when and why.
fn together(table: &str, col: &str) -> bool {
    table == "prospect" && matches!(col, "stage" | "stage_since" | "stage_reason")
}

/// What one flush wrote into one document.
struct Written {
    puts: Vec<Put>,
    /// The document's heads after the write.
    heads: Vec<ChangeHash>,
    /// Whether the document held nothing the book had not projected before the write.
    up_to_date: bool,
    /// Per record written, the change that holds it (none when nothing needed writing).
    hashes: Vec<Option<ChangeHash>>,
}

/// A field one flush wrote: (table, record key, field).
type Put = (&'static str, String, String);

/// Writes records into one document, only the fields that differ; returns what was put (a put
/// replaces every concurrent value of its field: it settles a conflict).
///
/// `seen`: the heads the book last projected, when the document holds changes beyond them (a
/// live connection received them while the user edited). The write is then made as of what the
/// user saw — its change depends on those heads only — so a field someone else set meanwhile
/// meets this laptop's value as the concurrent edit it is (a conflict to review), instead of
/// being overwritten by a change that merely came later.
///
/// A large write (an import, a book made a team book) is split into [`COMPACT_AFTER`] changes,
/// each as of the one before: samod stores a document as its raw changes until a save brings
/// more than ten, then as one compacted snapshot — about a sixth of the raw changes' size for a
/// freshly imported book. Returns, per record, the change that holds it.
fn write_records(
    doc: &mut Automerge,
    actor: &ActorId,
    records: &[Outgoing],
    seen: Option<&[ChangeHash]>,
) -> Result<(Vec<Put>, Vec<Option<ChangeHash>>)> {
    doc.set_actor(actor.clone());
    let parts = if records.len() >= SPLIT_AT {
        COMPACT_AFTER
    } else {
        1
    };
    let size = records.len().div_ceil(parts).max(1);
    let mut at: Option<Vec<ChangeHash>> = seen.map(<[ChangeHash]>::to_vec);
    let mut puts = Vec::new();
    let mut hashes = Vec::with_capacity(records.len());
    for part in records.chunks(size) {
        let (written, hash) = write_part(doc, part, at.as_deref())?;
        // The next part is made as of this one (and of what the user saw, not of what arrived).
        if let (Some(h), Some(_)) = (hash, &at) {
            at = Some(vec![h]);
        }
        puts.extend(written);
        hashes.extend(std::iter::repeat_n(hash, part.len()));
    }
    Ok((puts, hashes))
}

/// A write of this many records or more is split (see [`write_records`]).
const SPLIT_AT: usize = 200;

/// samod compacts a document when one save brings more than ten changes.
const COMPACT_AFTER: usize = 11;

/// One change of [`write_records`].
fn write_part(
    doc: &mut Automerge,
    records: &[Outgoing],
    seen: Option<&[ChangeHash]>,
) -> Result<(Vec<Put>, Option<ChangeHash>)> {
    let mut tx = match seen {
        Some(heads) => doc
            .transaction_at(automerge::PatchLog::inactive(), heads)
            .map_err(|e| Error::invalid("team", format!("team document: {e}")))?,
        None => doc.transaction(),
    };
    let mut puts = Vec::new();
    for rec in records {
        let table = table_map(&tx, rec.spec.name)?;
        match rec.spec.key {
            Key::Id => {
                let (obj, new) = match tx.get(&table, rec.rkey.as_str()).map_err(am)? {
                    Some((Value::Object(ObjType::Map), id)) => (id, false),
                    Some(_) => {
                        return Err(Error::invalid(
                            "team",
                            format!(
                                "team document: record {} of {} is not a map",
                                rec.rkey, rec.spec.name
                            ),
                        ))
                    }
                    None if rec.fields.is_none() => continue,
                    None => (
                        tx.put_object(&table, rec.rkey.as_str(), ObjType::Map)
                            .map_err(am)?,
                        true,
                    ),
                };
                match &rec.fields {
                    None => {
                        if !matches!(tx.get(&obj, DELETED).map_err(am)?,
                            Some((Value::Scalar(s), _)) if s.as_ref() == &ScalarValue::Boolean(true))
                        {
                            put_over(&mut tx, &obj, DELETED, ScalarValue::Boolean(true))?;
                            puts.push((rec.spec.name, rec.rkey.clone(), DELETED.to_string()));
                        }
                    }
                    Some(fields) => {
                        let mut decided: Vec<(&String, ScalarValue, bool)> = Vec::new();
                        for (col, v) in fields {
                            let value = to_am(v);
                            let put = if rec.chosen.contains(col) {
                                true
                            } else if new {
                                // Nothing is held yet; a default is read back from its absence.
                                !rec.defaults.contains(col)
                            } else if write_once(rec.spec.name, col) {
                                doc_values(&tx, &obj, col.as_str())?.is_empty()
                            } else {
                                let held = doc_values(&tx, &obj, col.as_str())?;
                                let absent_default = held.is_empty() && rec.defaults.contains(col);
                                // A value among a conflict's losing values is written again only
                                // when the book listed that conflict (its user saw the winner and
                                // set this one); otherwise it was written before the concurrent
                                // value arrived and writing it would settle the conflict unseen.
                                let winner = matches!(tx.get(&obj, col.as_str()).map_err(am)?,
                                    Some((Value::Scalar(w), _)) if w.as_ref() == &value);
                                let rechosen = !winner && rec.listed.contains(col);
                                !absent_default && (!held.iter().any(|h| h == &value) || rechosen)
                            };
                            decided.push((col, value, put));
                        }
                        // A stage move sets the stage, its date and its reason together: when one
                        // of them is written, all are (a move away and back offline still meets
                        // a colleague's move as the conflict it is, not as "no change").
                        let moved = decided
                            .iter()
                            .any(|(col, _, put)| *put && together(rec.spec.name, col));
                        for (col, value, put) in decided {
                            if put || (moved && together(rec.spec.name, col)) {
                                put_over(&mut tx, &obj, col.as_str(), value)?;
                                puts.push((rec.spec.name, rec.rkey.clone(), col.clone()));
                            }
                        }
                    }
                }
            }
            Key::Values(_) => {
                let new = match &rec.fields {
                    None => ScalarValue::Null,
                    Some(fields) => ScalarValue::Str(row_json(fields).into()),
                };
                let absent = tx.get(&table, rec.rkey.as_str()).map_err(am)?.is_none();
                let held = (absent && new == ScalarValue::Null)
                    || holds(&tx, &table, rec.rkey.as_str(), &new)?;
                if !held || rec.chosen.contains(WHOLE_ROW) {
                    put_over(&mut tx, &table, rec.rkey.as_str(), new)?;
                    puts.push((rec.spec.name, rec.rkey.clone(), WHOLE_ROW.to_string()));
                }
            }
        }
    }
    let (hash, _) = tx.commit_with(CommitOptions::default().with_time(now_ms()));
    Ok((puts, hash))
}

/// What one flush wrote.
#[derive(Debug, Default, Serialize)]
pub struct Flushed {
    /// Records changed in the documents (a row listed but equal there is not counted).
    pub records: usize,
    /// Fields (or value-keyed rows) put.
    pub puts: usize,
    /// The last outbox entry written: [`ack`] it once the relay has the documents.
    pub upto: i64,
}

/// Writes every row the outbox lists into the documents. The outbox is kept until [`ack`]: a
/// kill before the documents are stored loses nothing (writing a row again changes nothing).
pub fn flush(tx: &Transaction<'_>, docs: &mut impl Docs) -> Result<Flushed> {
    let Some(team) = team(tx)? else {
        return Ok(Flushed::default());
    };
    let actor = round_actor(&team.actor)?;
    type Entry = (i64, String, String, Option<String>, Option<String>);
    let entries: Vec<Entry> = tx
        .prepare("SELECT seq, tbl, row_key, field, flushed FROM sync_outbox ORDER BY seq")?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let Some(upto) = entries.last().map(|e| e.0) else {
        return Ok(Flushed::default());
    };
    let mut columns: HashMap<&str, Vec<Column>> = HashMap::new();
    let mut records: BTreeMap<(usize, String), Outgoing> = BTreeMap::new();
    // Conflicts are rare: when none is listed, no record is looked up for them (a large
    // import's flush would otherwise ask once per record).
    let any_listed: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM sync_conflict)", [], |r| {
            r.get(0)
        })?;
    // Entries written before are written again only if their change is missing from the
    // documents (a crash lost it before they were stored): the few changes they name, looked
    // up once per document (one look per entry made a large import's sync quadratic).
    let named: BTreeSet<ChangeHash> = entries
        .iter()
        .filter_map(|e| e.4.as_deref().and_then(|h| h.parse().ok()))
        .collect();
    let mut present: BTreeSet<ChangeHash> = BTreeSet::new();
    if !named.is_empty() {
        for bucket in 0..BUCKETS {
            docs.with_doc(bucket, |d| {
                present.extend(named.iter().filter(|h| d.get_change_by_hash(h).is_some()));
            })?;
        }
    }
    for (seq, tbl, row_key, field, flushed) in entries {
        if let Some(hash) = &flushed {
            let written = match hash.parse::<ChangeHash>() {
                Ok(h) => present.contains(&h),
                Err(_) => hash.is_empty(),
            };
            if written {
                continue;
            }
        }
        let Some((pos, spec)) = TABLES.iter().enumerate().find(|(_, t)| t.name == tbl) else {
            continue;
        };
        let Ok(serde_json::Value::Array(key)) = serde_json::from_str(&row_key) else {
            continue;
        };
        if !columns.contains_key(spec.name) {
            columns.insert(spec.name, synced_columns(tx, spec)?);
        }
        let cols = &columns[spec.name];
        let Some(out) = outgoing(tx, spec, cols, &key, any_listed)? else {
            continue;
        };
        let slot = records.entry((pos, out.rkey.clone())).or_insert(out);
        if let Some(f) = field {
            slot.chosen.insert(f);
        }
        slot.seqs.push(seq);
    }
    let mut by_bucket: BTreeMap<u32, Vec<Outgoing>> = BTreeMap::new();
    for (_, rec) in records {
        by_bucket.entry(bucket_of(&rec.rkey)).or_default().push(rec);
    }
    let mut puts = 0;
    let mut changed: BTreeSet<(&str, String)> = BTreeSet::new();
    for (bucket, recs) in by_bucket {
        let projected = projected_heads(tx, bucket)?;
        let written = docs.with_doc(bucket, |doc| -> Result<Written> {
            let up_to_date = doc.get_heads() == projected;
            // Only heads the document holds (a copy that lost changes to a kill has not got
            // them), and never the empty document (its tables would be made anew).
            let seen = (!up_to_date
                && !projected.is_empty()
                && projected
                    .iter()
                    .all(|h| doc.get_change_by_hash(h).is_some()))
            .then_some(projected.as_slice());
            let (puts, hashes) = write_records(doc, &actor, &recs, seen)?;
            Ok(Written {
                puts,
                heads: doc.get_heads(),
                up_to_date,
                hashes,
            })
        })??;
        for (rec, hash) in recs.iter().zip(&written.hashes) {
            let hash = hash.map(|h| h.to_string()).unwrap_or_default();
            for seq in &rec.seqs {
                tx.prepare_cached("UPDATE sync_outbox SET flushed = ?2 WHERE seq = ?1")?
                    .execute(params![seq, hash])?;
            }
        }
        puts += written.puts.len();
        changed.extend(written.puts.iter().map(|(t, k, _)| (*t, k.clone())));
        // What this laptop wrote replaced every concurrent value: no longer a conflict here
        // (the other laptops clear it when they receive the write).
        // (No `field LIKE ?`: SQLite prepares a statement again for every value bound to a
        // LIKE — a fifth of a large sync's time went there.)
        for (table, rkey, field) in &written.puts {
            if field == DELETED {
                tx.prepare_cached("DELETE FROM sync_conflict WHERE tbl = ?1 AND rkey = ?2")?
                    .execute(params![table, rkey])?;
            } else {
                tx.prepare_cached(
                    "DELETE FROM sync_conflict WHERE tbl = ?1 AND rkey = ?2 AND field = ?3",
                )?
                .execute(params![table, rkey, field])?;
            }
        }
        // The book already holds what this flush wrote: when the document had nothing newer
        // than what the book last projected, the projection can start after these changes.
        if written.up_to_date {
            set_projected_heads(tx, bucket, &written.heads)?;
        }
    }
    // A record this laptop wrote that still has conflicts listed is read again as the
    // documents now hold it: a write can end a conflict the fields it put do not name (an edit
    // made knowing of an archive is no longer "an edit against an archive"), and every laptop
    // must list what the others list.
    for (table, rkey) in changed.iter().filter(|_| any_listed) {
        let listed: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM sync_conflict WHERE tbl = ?1 AND rkey = ?2)",
            )?
            .query_row(params![table, rkey], |r| r.get(0))?;
        let Some(spec) = spec(table).filter(|_| listed) else {
            continue;
        };
        let now = docs.with_doc(bucket_of(rkey), |doc| {
            let mut authors = Authors::new(doc);
            match read_record(doc, &mut authors, spec, rkey) {
                Incoming::Fields(_, c) => Some(c),
                Incoming::Row(_, c) if c.is_empty() => Some(Vec::new()),
                Incoming::Row(_, c) => Some(vec![(WHOLE_ROW.to_string(), c)]),
                Incoming::Deleted | Incoming::Unreadable(_) => None,
            }
        })?;
        if let Some(conflicts) = now {
            set_conflicts(tx, table, rkey, &conflicts)?;
        }
    }
    Ok(Flushed {
        records: changed.len(),
        puts,
        upto,
    })
}

/// Forgets the outbox entries up to `upto`: the relay (or the local store) has them.
pub fn ack(tx: &Transaction<'_>, upto: i64) -> Result<()> {
    tx.execute("DELETE FROM sync_outbox WHERE seq <= ?1", [upto])?;
    Ok(())
}

/// The heads of every document as the book last took them in, by bucket: what the user has
/// seen. A document whose heads moved beyond them holds the team's news.
pub fn seen_heads(conn: &rusqlite::Connection) -> Result<Vec<Vec<ChangeHash>>> {
    (0..BUCKETS).map(|b| projected_heads(conn, b)).collect()
}

fn projected_heads(tx: &rusqlite::Connection, bucket: u32) -> Result<Vec<ChangeHash>> {
    let text: Option<String> = tx
        .prepare_cached("SELECT projected_heads FROM sync_doc WHERE bucket = ?1")?
        .query_row([bucket], |r| r.get(0))
        .optional()?;
    let list: Vec<String> = text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    Ok(list.iter().filter_map(|h| h.parse().ok()).collect())
}

fn set_projected_heads(tx: &Transaction<'_>, bucket: u32, heads: &[ChangeHash]) -> Result<()> {
    let list: Vec<String> = heads.iter().map(|h| h.to_string()).collect();
    tx.prepare_cached("UPDATE sync_doc SET projected_heads = ?2 WHERE bucket = ?1")?
        .execute(params![bucket, serde_json::to_string(&list)?])?;
    Ok(())
}

/// Notes that the book already holds what the documents hold now (a team's new, empty
/// documents): the first projection starts after them instead of reading them back.
pub fn mark_projected(tx: &Transaction<'_>, docs: &mut impl Docs) -> Result<()> {
    for bucket in 0..BUCKETS {
        let heads = docs.with_doc(bucket, |d| d.get_heads())?;
        set_projected_heads(tx, bucket, &heads)?;
    }
    Ok(())
}

/// Records this laptop's documents (their ids at the relay) in a new team book.
pub fn set_documents(tx: &Transaction<'_>, ids: &[String]) -> Result<()> {
    tx.execute("DELETE FROM sync_doc", [])?;
    for (b, id) in ids.iter().enumerate() {
        tx.execute(
            "INSERT INTO sync_doc (bucket, doc_id) VALUES (?1, ?2)",
            params![b as i64, id],
        )?;
    }
    Ok(())
}

pub fn documents(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare("SELECT doc_id FROM sync_doc ORDER BY bucket")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// A value of a field as a document holds it, with who set it and when.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct SetValue {
    pub value: serde_json::Value,
    pub by: String,
    pub at: String,
}

/// One record as a document holds it now.
enum Incoming {
    Deleted,
    /// Winning value of each field, and for fields with concurrent values, every value.
    Fields(Vec<(String, ScalarValue)>, Vec<(String, Vec<SetValue>)>),
    /// A value-keyed row (`None`: deleted), with every value when they differ.
    Row(Option<String>, Vec<SetValue>),
    Unreadable(String),
}

/// Who and when for the operations behind concurrent values.
struct Authors {
    members: HashMap<String, String>,
    changes: Option<Changes>,
}

/// The documents' changes, read once per projection when a value's author or a question of
/// "which came first" needs them.
struct Changes {
    /// (actor hex, first op, last op, time ms, hash) per change.
    list: Vec<(String, u64, u64, i64, ChangeHash)>,
    deps: HashMap<ChangeHash, Vec<ChangeHash>>,
}

impl Changes {
    fn of(doc: &Automerge) -> Changes {
        let meta = doc.get_changes_meta(&[]);
        Changes {
            list: meta
                .iter()
                .map(|m| {
                    (
                        m.actor.to_hex_string(),
                        m.start_op,
                        m.max_op,
                        m.timestamp,
                        m.hash,
                    )
                })
                .collect(),
            deps: meta.iter().map(|m| (m.hash, m.deps.clone())).collect(),
        }
    }

    /// The change that holds operation `op`.
    fn holding(&self, op: &ObjId) -> Option<&(String, u64, u64, i64, ChangeHash)> {
        let automerge::ObjId::Id(counter, actor, _) = op else {
            return None;
        };
        let hex = actor.to_hex_string();
        self.list
            .iter()
            .find(|(a, start, max, _, _)| *a == hex && *start <= *counter && *counter <= *max)
    }

    /// Whether change `a` is `b` or among its ancestors (`b` was made knowing `a`).
    fn knew(&self, b: ChangeHash, a: ChangeHash) -> bool {
        let mut seen = BTreeSet::new();
        let mut todo = vec![b];
        while let Some(h) = todo.pop() {
            if h == a {
                return true;
            }
            if seen.insert(h) {
                todo.extend(self.deps.get(&h).into_iter().flatten().copied());
            }
        }
        false
    }
}

impl Authors {
    fn new(doc: &Automerge) -> Authors {
        let mut members = HashMap::new();
        if let Ok(Some((Value::Object(ObjType::Map), obj))) = doc.get(ROOT, MEMBERS) {
            for k in doc.keys(&obj) {
                if let Ok(Some((Value::Scalar(s), _))) = doc.get(&obj, k.as_str()) {
                    if let ScalarValue::Str(name) = s.as_ref() {
                        members.insert(k.clone(), name.to_string());
                    }
                }
            }
        }
        Authors {
            members,
            changes: None,
        }
    }

    fn changes(&mut self, doc: &Automerge) -> &Changes {
        self.changes.get_or_insert_with(|| Changes::of(doc))
    }

    /// An archive on one laptop and an edit on another that did not know of it: the record
    /// needs review as a conflict of `archived_at` — the archive's date (keep it archived) or
    /// empty, set by the editor (keep it in use). None when every edit knew of the archive.
    fn archive_against_edit(
        &mut self,
        doc: &Automerge,
        archive: (&ScalarValue, &ObjId),
        edits: &[ObjId],
    ) -> Option<Vec<SetValue>> {
        let changes = self.changes(doc);
        let archived = changes.holding(archive.1)?.clone();
        let mut latest: Option<(i64, ObjId)> = None;
        for op in edits {
            let Some(edit) = changes.holding(op) else {
                continue;
            };
            let apart = laptop_of(&edit.0) != laptop_of(&archived.0)
                && !changes.knew(edit.4, archived.4)
                && !changes.knew(archived.4, edit.4);
            if apart && latest.as_ref().is_none_or(|(t, _)| edit.3 > *t) {
                latest = Some((edit.3, op.clone()));
            }
        }
        let (_, edit) = latest?;
        Some(vec![
            self.set_value(doc, archive.0, archive.1),
            self.set_value(doc, &ScalarValue::Null, &edit),
        ])
    }

    fn set_value(&mut self, doc: &Automerge, value: &ScalarValue, op: &ObjId) -> SetValue {
        let (by, at) = match op {
            automerge::ObjId::Id(_, actor, _) => {
                let hex = actor.to_hex_string();
                let at = self
                    .changes(doc)
                    .holding(op)
                    .and_then(|c| chrono::DateTime::from_timestamp_millis(c.3))
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                    .unwrap_or_default();
                let by = self
                    .members
                    .get(laptop_of(&hex))
                    .cloned()
                    .unwrap_or_else(|| laptop_of(&hex).to_string());
                (by, at)
            }
            automerge::ObjId::Root => (String::new(), String::new()),
        };
        let value = from_am(value)
            .map(|v| sql_to_json(&v))
            .unwrap_or(serde_json::Value::Null);
        SetValue { value, by, at }
    }
}

fn read_record(doc: &Automerge, authors: &mut Authors, spec: &TableSpec, rkey: &str) -> Incoming {
    let table = match table_map(doc, spec.name) {
        Ok(t) => t,
        Err(e) => return Incoming::Unreadable(e.to_string()),
    };
    match spec.key {
        Key::Id => {
            let obj = match doc.get(&table, rkey) {
                Ok(Some((Value::Object(ObjType::Map), id))) => id,
                _ => return Incoming::Unreadable("not a record".into()),
            };
            let mut fields = Vec::new();
            let mut conflicts = Vec::new();
            let mut archive: Option<(ScalarValue, ObjId)> = None;
            let mut edits: Vec<ObjId> = Vec::new();
            for k in doc.keys(&obj) {
                let all = doc.get_all(&obj, k.as_str()).unwrap_or_default();
                let scalars: Vec<(ScalarValue, ObjId)> = all
                    .iter()
                    .filter_map(|(v, id)| match v {
                        Value::Scalar(s) => Some((s.as_ref().clone(), id.clone())),
                        _ => None,
                    })
                    .collect();
                let Ok(Some((Value::Scalar(win), win_op))) = doc.get(&obj, k.as_str()) else {
                    return Incoming::Unreadable(format!("field {k} is not a value"));
                };
                if k == ARCHIVED {
                    if win.as_ref() != &ScalarValue::Null {
                        archive = Some((win.as_ref().clone(), win_op.clone()));
                    }
                } else if k != DELETED && !BOOKKEEPING.contains(&k.as_str()) {
                    edits.push(win_op.clone());
                }
                if k == DELETED {
                    if win.as_ref() == &ScalarValue::Boolean(true) {
                        return Incoming::Deleted;
                    }
                    continue;
                }
                if BOOKKEEPING.contains(&k.as_str()) {
                    let latest = scalars
                        .iter()
                        .map(|(s, _)| s)
                        .max_by_key(|s| s.to_string())
                        .cloned()
                        .unwrap_or_else(|| win.as_ref().clone());
                    fields.push((k, latest));
                    continue;
                }
                let distinct: BTreeSet<String> =
                    scalars.iter().map(|(s, _)| s.to_string()).collect();
                if distinct.len() > 1 {
                    conflicts.push((
                        k.clone(),
                        scalars
                            .iter()
                            .map(|(s, id)| authors.set_value(doc, s, id))
                            .collect(),
                    ));
                }
                fields.push((k, win.as_ref().clone()));
            }
            if let Some((date, op)) = &archive {
                if conflicts.iter().all(|(k, _)| k != ARCHIVED) {
                    if let Some(values) = authors.archive_against_edit(doc, (date, op), &edits) {
                        conflicts.push((ARCHIVED.to_string(), values));
                    }
                }
            }
            Incoming::Fields(fields, conflicts)
        }
        Key::Values(_) => {
            let all = doc.get_all(&table, rkey).unwrap_or_default();
            let distinct: BTreeSet<String> = all
                .iter()
                .map(|(v, _)| match v {
                    Value::Scalar(s) => s.to_string(),
                    Value::Object(_) => "object".into(),
                })
                .collect();
            let conflict = if distinct.len() > 1 {
                all.iter()
                    .filter_map(|(v, id)| match v {
                        Value::Scalar(s) => Some(authors.set_value(doc, s.as_ref(), id)),
                        _ => None,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            match doc.get(&table, rkey) {
                Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                    ScalarValue::Null => Incoming::Row(None, conflict),
                    ScalarValue::Str(text) => Incoming::Row(Some(text.to_string()), conflict),
                    _ => Incoming::Unreadable("not a row".into()),
                },
                Ok(None) => Incoming::Row(None, conflict),
                _ => Incoming::Unreadable("not a row".into()),
            }
        }
    }
}

/// The records the changes after `before` wrote to, by table. Read from the changes' own
/// operations, not from a diff of the visible values: a concurrent write that loses to the
/// value already shown changes nothing visible, yet makes the field a conflict to list.
fn touched(doc: &Automerge, before: &[ChangeHash]) -> BTreeMap<String, BTreeSet<String>> {
    use automerge::legacy::{Key as OpKey, ObjectId};
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if before.is_empty() {
        // The first look at a team's documents (joining): every record of every table, read
        // from the maps themselves, far cheaper than decoding every operation ever made.
        for t in TABLES {
            if let Ok(Some((Value::Object(ObjType::Map), obj))) = doc.get(ROOT, t.name) {
                let keys: BTreeSet<String> = doc.keys(&obj).collect();
                if !keys.is_empty() {
                    out.insert(t.name.to_string(), keys);
                }
            }
        }
        return out;
    }
    // Where each object sits: a table map (`table`, no key) or a record (`table`, key), by
    // its id ("counter@actor"), read once from the maps (asking the document for each object's
    // parents was quadratic: minutes for a change of 10,000 new records).
    let id_of = |obj: &ObjId| match obj {
        ObjId::Id(counter, actor, _) => Some(format!("{counter}@{}", actor.to_hex_string())),
        ObjId::Root => None,
    };
    let mut places: Option<HashMap<String, (&'static str, Option<String>)>> = None;
    for change in doc.get_changes(before) {
        for op in change.decode().operations {
            let (OpKey::Map(key), ObjectId::Id(id)) = (&op.key, &op.obj) else {
                continue;
            };
            let places = places.get_or_insert_with(|| {
                let mut map = HashMap::new();
                for t in TABLES {
                    let Ok(Some((Value::Object(ObjType::Map), table))) = doc.get(ROOT, t.name)
                    else {
                        continue;
                    };
                    if let Some(name) = id_of(&table) {
                        map.insert(name, (t.name, None));
                    }
                    for k in doc.keys(&table) {
                        if let Ok(Some((Value::Object(ObjType::Map), rec))) =
                            doc.get(&table, k.as_str())
                        {
                            if let Some(name) = id_of(&rec) {
                                map.insert(name, (t.name, Some(k)));
                            }
                        }
                    }
                }
                map
            });
            let name = format!("{}@{}", id.0, id.1.to_hex_string());
            match places.get(&name) {
                Some((t, None)) => {
                    out.entry(t.to_string())
                        .or_default()
                        .insert(key.to_string());
                }
                Some((t, Some(k))) => {
                    out.entry(t.to_string()).or_default().insert(k.clone());
                }
                None => {}
            }
        }
    }
    out
}

/// What a projection changed in the book.
#[derive(Debug, Default, Serialize)]
pub struct Projected {
    /// Records written into (or deleted from) the tables.
    pub records: usize,
    /// Prospects whose fit must be recomputed (their rows or items changed).
    #[serde(skip)]
    pub prospects: Vec<i64>,
    /// Contracts that received a version (numbered afresh, see [`renumber_versions`]).
    #[serde(skip)]
    pub contracts: Vec<i64>,
    /// Fields in conflict after this projection (all of the book's).
    pub conflicts: i64,
    /// Records the book could not take (all of the book's).
    pub problems: i64,
}

/// A reference the first pass could not resolve (its record came later, or never).
struct Pending {
    table: &'static str,
    local: i64,
    column: String,
    ref_table: &'static str,
    gid: String,
    rkey: String,
}

/// Writes what the documents gained since the last projection into the tables.
pub fn project(tx: &Transaction<'_>, docs: &mut impl Docs) -> Result<Projected> {
    if team(tx)?.is_none() {
        return Ok(Projected::default());
    }
    tx.execute("UPDATE sync_state SET applying = 1", [])?;
    let mut incoming: Vec<(usize, String, Incoming)> = Vec::new();
    let mut new_heads = Vec::new();
    for bucket in 0..BUCKETS {
        let before = projected_heads(tx, bucket)?;
        let (heads, records) = docs.with_doc(bucket, |doc| {
            let heads = doc.get_heads();
            if heads == before {
                return (heads, Vec::new());
            }
            let mut authors = Authors::new(doc);
            let mut out = Vec::new();
            for (table, keys) in touched(doc, &before) {
                let Some((pos, spec)) = TABLES.iter().enumerate().find(|(_, t)| t.name == table)
                else {
                    continue;
                };
                for k in keys {
                    let rec = read_record(doc, &mut authors, spec, &k);
                    out.push((pos, k, rec));
                }
            }
            (heads, out)
        })?;
        incoming.extend(records);
        new_heads.push((bucket, heads));
    }
    incoming.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut report = Projected::default();
    let mut pending = Vec::new();
    let mut columns: HashMap<&str, Vec<Column>> = HashMap::new();
    for (pos, rkey, rec) in incoming {
        let spec = &TABLES[pos];
        if !columns.contains_key(spec.name) {
            columns.insert(spec.name, synced_columns(tx, spec)?);
        }
        tx.execute_batch("SAVEPOINT record")?;
        match apply(
            tx,
            spec,
            &columns[spec.name],
            &rkey,
            rec,
            &mut pending,
            &mut report,
        ) {
            Ok(()) => {
                tx.execute_batch("RELEASE record")?;
                tx.prepare_cached("DELETE FROM sync_problem WHERE tbl = ?1 AND rkey = ?2")?
                    .execute(params![spec.name, rkey])?;
            }
            Err(e) => {
                tx.execute_batch("ROLLBACK TO record; RELEASE record")?;
                problem(tx, spec.name, &rkey, &e.to_string())?;
            }
        }
    }
    for p in pending {
        match local_for(tx, p.ref_table, &p.gid)? {
            Some(local) => {
                tx.execute(
                    &format!(
                        "UPDATE \"{}\" SET \"{}\" = ?1 WHERE id = ?2",
                        p.table, p.column
                    ),
                    params![local, p.local],
                )?;
            }
            None => problem(
                tx,
                p.table,
                &p.rkey,
                &format!(
                    "{} refers to a {} this book does not have",
                    p.column, p.ref_table
                ),
            )?,
        }
    }
    report.contracts.sort_unstable();
    report.contracts.dedup();
    for contract in std::mem::take(&mut report.contracts) {
        renumber_versions(tx, docs, contract)?;
    }
    for (bucket, heads) in new_heads {
        set_projected_heads(tx, bucket, &heads)?;
    }
    tx.execute("UPDATE sync_state SET applying = 0", [])?;
    report.conflicts = tx.query_row("SELECT count(*) FROM sync_conflict", [], |r| r.get(0))?;
    report.problems = tx.query_row("SELECT count(*) FROM sync_problem", [], |r| r.get(0))?;
    report.prospects.sort_unstable();
    report.prospects.dedup();
    Ok(report)
}

fn problem(tx: &Transaction<'_>, table: &str, rkey: &str, reason: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_problem (tbl, rkey, reason, found_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tbl, rkey) DO UPDATE SET reason = excluded.reason",
    )?
    .execute(params![table, rkey, reason, now()])?;
    Ok(())
}

fn set_conflicts(
    tx: &Transaction<'_>,
    table: &str,
    rkey: &str,
    conflicts: &[(String, Vec<SetValue>)],
) -> Result<()> {
    tx.prepare_cached("DELETE FROM sync_conflict WHERE tbl = ?1 AND rkey = ?2")?
        .execute(params![table, rkey])?;
    for (field, values) in conflicts {
        tx.prepare_cached(
            "INSERT INTO sync_conflict (tbl, rkey, field, values_json, found_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            table,
            rkey,
            field,
            serde_json::to_string(values)?,
            now()
        ])?;
    }
    Ok(())
}

/// Writes one incoming record into its table.
fn apply(
    tx: &Transaction<'_>,
    spec: &'static TableSpec,
    cols: &[Column],
    rkey: &str,
    rec: Incoming,
    pending: &mut Vec<Pending>,
    report: &mut Projected,
) -> Result<()> {
    match rec {
        Incoming::Unreadable(why) => Err(Error::invalid("team", why)),
        Incoming::Deleted => {
            set_conflicts(tx, spec.name, rkey, &[])?;
            if let Some(local) = local_for(tx, spec.name, rkey)? {
                if spec.name == "prospect" {
                    report.prospects.retain(|p| *p != local);
                }
                let n = tx.execute(
                    &format!("DELETE FROM \"{}\" WHERE id = ?1", spec.name),
                    [local],
                )?;
                report.records += n;
            }
            Ok(())
        }
        Incoming::Fields(fields, conflicts) => {
            let fields: HashMap<String, ScalarValue> = fields.into_iter().collect();
            let mut values: Vec<(String, Sql)> = Vec::new();
            let mut unresolved: Vec<(String, &'static str, String)> = Vec::new();
            for c in cols {
                let Some(v) = fields.get(&c.name) else {
                    // Left out of the documents as its column's default (see `Column::omit`).
                    if let Some(default) = &c.omit {
                        values.push((c.name.clone(), default.clone()));
                    }
                    continue;
                };
                let v = from_am(v).ok_or_else(|| {
                    Error::invalid("team", format!("{}: a value no column can hold", c.name))
                })?;
                let v = match (ref_table(spec, &c.name), v) {
                    (Some(rt), Sql::Text(gid)) => match local_for(tx, rt, &gid)? {
                        Some(local) => Sql::Integer(local),
                        None if !c.not_null => {
                            unresolved.push((c.name.clone(), rt, gid));
                            Sql::Null
                        }
                        None => {
                            return Err(Error::invalid(
                                "team",
                                format!("{} refers to a {rt} this book does not have", c.name),
                            ))
                        }
                    },
                    (_, v) => v,
                };
                values.push((c.name.clone(), v));
            }
            derive(spec, &mut values);
            let local = match local_for(tx, spec.name, rkey)? {
                Some(local) if exists(tx, spec.name, local)? => {
                    // A version's number here may differ from its claim (see `write_once`).
                    values.retain(|(c, _)| !write_once(spec.name, c));
                    update_changed(tx, spec.name, "id = ?", &[Sql::Integer(local)], &values)?;
                    local
                }
                Some(_) => {
                    // Deleted here, not yet in the documents: the outbox will delete it there.
                    set_conflicts(tx, spec.name, rkey, &conflicts)?;
                    return Ok(());
                }
                None => {
                    if spec.name == "contract_version" {
                        free_version_number(tx, &mut values)?;
                    }
                    if spec.name == "checklist_item" && !one_tick(tx, rkey, &values)? {
                        return Ok(());
                    }
                    insert(tx, spec.name, &values)?;
                    let local = tx.last_insert_rowid();
                    tx.prepare_cached(
                        "INSERT INTO sync_gid (tbl, local_id, gid) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![spec.name, local, rkey])?;
                    local
                }
            };
            for (column, ref_table, gid) in unresolved {
                pending.push(Pending {
                    table: spec.name,
                    local,
                    column,
                    ref_table,
                    gid,
                    rkey: rkey.to_string(),
                });
            }
            if spec.name == "contract_version" {
                if let Some((_, Sql::Integer(c))) = values.iter().find(|(c, _)| c == "contract_id")
                {
                    report.contracts.push(*c);
                }
            }
            if spec.name == "prospect" {
                report.prospects.push(local);
            } else if let Some((_, Sql::Integer(p))) =
                values.iter().find(|(c, _)| c == "prospect_id")
            {
                if spec.name == "certification" {
                    report.prospects.push(*p);
                }
            }
            set_conflicts(tx, spec.name, rkey, &conflicts)?;
            report.records += 1;
            Ok(())
        }
        Incoming::Row(row, conflict) => {
            let Key::Values(key_cols) = spec.key else {
                return Err(Error::invalid("team", "not a value-keyed table"));
            };
            let key_sql = local_key(tx, spec, rkey)?;
            if spec.name == "settings"
                && !matches!(&key_sql[0], Sql::Text(k) if BOOK_SETTINGS.contains(&k.as_str()))
            {
                return Ok(());
            }
            let conflicts = if conflict.is_empty() {
                Vec::new()
            } else {
                vec![(WHOLE_ROW.to_string(), conflict)]
            };
            set_conflicts(tx, spec.name, rkey, &conflicts)?;
            let filter = key_cols
                .iter()
                .map(|c| format!("\"{c}\" = ?"))
                .collect::<Vec<_>>()
                .join(" AND ");
            match row {
                None => {
                    report.records += tx.execute(
                        &format!("DELETE FROM \"{}\" WHERE {filter}", spec.name),
                        params_from_iter(key_sql.iter()),
                    )?;
                }
                Some(text) => {
                    let map: serde_json::Map<String, serde_json::Value> =
                        serde_json::from_str(&text).map_err(|_| {
                            Error::invalid("team", "a row that is not a JSON object")
                        })?;
                    let mut values = Vec::new();
                    for c in cols {
                        let Some(v) = map.get(&c.name) else { continue };
                        let v = json_to_sql(v).ok_or_else(|| {
                            Error::invalid("team", format!("{}: not a value", c.name))
                        })?;
                        let v = match (ref_table(spec, &c.name), v) {
                            (Some(rt), Sql::Text(gid)) => match local_for(tx, rt, &gid)? {
                                Some(local) => Sql::Integer(local),
                                None if !c.not_null => Sql::Null,
                                None => {
                                    return Err(Error::invalid(
                                        "team",
                                        format!(
                                            "{} refers to a {rt} this book does not have",
                                            c.name
                                        ),
                                    ))
                                }
                            },
                            (_, v) => v,
                        };
                        values.push((c.name.clone(), v));
                    }
                    let count: i64 = tx.query_row(
                        &format!("SELECT count(*) FROM \"{}\" WHERE {filter}", spec.name),
                        params_from_iter(key_sql.iter()),
                        |r| r.get(0),
                    )?;
                    if count > 0 {
                        update_changed(tx, spec.name, &filter, &key_sql, &values)?;
                    } else {
                        insert(tx, spec.name, &values)?;
                    }
                    if spec.name == "prospect_item" {
                        if let Sql::Integer(p) = key_sql[0] {
                            report.prospects.push(p);
                        }
                    }
                    report.records += 1;
                }
            }
            if spec.name == "profile" || spec.name == "profile_item" || spec.name == "settings" {
                // The profile and the weights rank every prospect.
                report.prospects.push(-1);
            }
            Ok(())
        }
    }
}

/// A value-keyed record's key as this book's column values (references as local ids).
fn local_key(tx: &Transaction<'_>, spec: &TableSpec, rkey: &str) -> Result<Vec<Sql>> {
    let Key::Values(key_cols) = spec.key else {
        return Err(Error::invalid("team", "not a value-keyed table"));
    };
    let key: Vec<serde_json::Value> = serde_json::from_str(rkey)
        .map_err(|_| Error::invalid("team", "a key that is not a JSON array"))?;
    if key.len() != key_cols.len() {
        return Err(Error::invalid("team", "a key of the wrong length"));
    }
    let mut key_sql = Vec::new();
    for (c, v) in key_cols.iter().zip(&key) {
        let v =
            json_to_sql(v).ok_or_else(|| Error::invalid("team", format!("{c}: not a value")))?;
        key_sql.push(match (ref_table(spec, c), v) {
            (Some(rt), Sql::Text(gid)) => {
                Sql::Integer(local_for(tx, rt, &gid)?.ok_or_else(|| {
                    Error::invalid(
                        "team",
                        format!("{c} refers to a {rt} this book does not have"),
                    )
                })?)
            }
            (_, v) => v,
        });
    }
    Ok(key_sql)
}

fn derive(spec: &TableSpec, values: &mut Vec<(String, Sql)>) {
    let text = |values: &[(String, Sql)], col: &str| {
        values.iter().find_map(|(c, v)| match v {
            Sql::Text(s) if c == col => Some(s.clone()),
            _ => None,
        })
    };
    match spec.name {
        "prospect" => {
            if let Some(name) = text(values, "name") {
                values.push(("name_norm".into(), Sql::Text(normalize::name(&name))));
            }
        }
        "opportunity" | "lead_registration" => {
            if let Some(c) = text(values, "customer") {
                values.push(("customer_norm".into(), Sql::Text(normalize::name(&c))));
            }
        }
        _ => {}
    }
}

/// Two laptops ticking one checklist item apart made two ticks of it (a prospect's item is
/// ticked once: `checklist_item_once`). Every book keeps the tick with the smaller global id and
/// withdraws the other from the documents (through the outbox, as a deletion): the item stays
/// ticked, and unticking it later unticks it everywhere. Returns whether the incoming tick
/// (`rkey`) is to be inserted.
fn one_tick(tx: &Transaction<'_>, rkey: &str, values: &[(String, Sql)]) -> Result<bool> {
    let value = |col: &str| {
        values.iter().find_map(|(c, v)| match v {
            Sql::Integer(id) if c == col => Some(*id),
            _ => None,
        })
    };
    let (Some(prospect), Some(item)) = (value("prospect_id"), value("template_id")) else {
        return Ok(true);
    };
    let held: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM checklist_item WHERE prospect_id = ?1 AND template_id = ?2",
        )?
        .query_row(params![prospect, item], |r| r.get(0))
        .optional()?;
    let Some(held) = held else {
        return Ok(true);
    };
    let withdrawn = if gid_for(tx, "checklist_item", held)?.as_str() < rkey {
        // This book's tick stays; the incoming one gets a local id no row has (negative), so
        // the outbox can name it, and the flush writes its deletion.
        let free: i64 = tx.query_row(
            "SELECT min(coalesce(min(local_id), 0), 0) - 1 FROM sync_gid
             WHERE tbl = 'checklist_item' AND local_id < 0",
            [],
            |r| r.get(0),
        )?;
        tx.prepare_cached(
            "INSERT INTO sync_gid (tbl, local_id, gid) VALUES ('checklist_item', ?1, ?2)",
        )?
        .execute(params![free, rkey])?;
        free
    } else {
        tx.prepare_cached("DELETE FROM checklist_item WHERE id = ?1")?
            .execute([held])?;
        held
    };
    tx.prepare_cached(
        "INSERT INTO sync_outbox (tbl, row_key) VALUES ('checklist_item', json_array(?1))",
    )?
    .execute([withdrawn])?;
    Ok(withdrawn == held)
}

/// An incoming contract version whose claimed number this book already gives another version of
/// the contract (two laptops saved a new version apart) is inserted under a free number first;
/// [`renumber_versions`] then numbers them all.
fn free_version_number(tx: &Transaction<'_>, values: &mut [(String, Sql)]) -> Result<()> {
    let contract = values.iter().find_map(|(c, v)| match v {
        Sql::Integer(id) if c == "contract_id" => Some(*id),
        _ => None,
    });
    let Some(contract) = contract else {
        return Ok(());
    };
    let Some((_, number)) = values.iter_mut().find(|(c, _)| c == "version") else {
        return Ok(());
    };
    let taken = match number {
        Sql::Integer(n) => tx
            .prepare_cached(
                "SELECT 1 FROM contract_version WHERE contract_id = ?1 AND version = ?2",
            )?
            .query_row(params![contract, *n], |_| Ok(()))
            .optional()?
            .is_some(),
        _ => false,
    };
    if taken {
        let max: i64 = tx.query_row(
            "SELECT coalesce(max(version), 0) FROM contract_version WHERE contract_id = ?1",
            [contract],
            |r| r.get(0),
        )?;
        *number = Sql::Integer(max + 1);
    }
    Ok(())
}

/// Numbers a contract's versions the same way on every laptop, from what each version's laptop
/// claimed when it made it (the number in the documents, see [`write_once`]): in the order of
/// (claim, made at, global id), each version takes its claim or, when an earlier one in that
/// order took it, the next number free. Versions made one after another keep their numbers;
/// two made apart with one number become two numbers in the order they were made, and the
/// ones after them move up. The terms of a version never change; only its number can.
fn renumber_versions(tx: &Transaction<'_>, docs: &mut impl Docs, contract: i64) -> Result<()> {
    let rows: Vec<(i64, i64, String, Option<String>)> = tx
        .prepare_cached(
            "SELECT v.id, v.version, v.created_at, g.gid FROM contract_version v
             LEFT JOIN sync_gid g ON g.tbl = 'contract_version' AND g.local_id = v.id
             WHERE v.contract_id = ?1",
        )?
        .query_map([contract], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut claims = Vec::with_capacity(rows.len());
    for (id, local, made, gid) in rows {
        // Not in the documents yet (saved here since the last flush): it claims its number here.
        let mut claim = local;
        if let Some(gid) = &gid {
            let held = docs.with_doc(bucket_of(gid), |doc| -> Result<Option<i64>> {
                let Ok(table) = table_map(&*doc, "contract_version") else {
                    return Ok(None);
                };
                let Some((Value::Object(ObjType::Map), obj)) =
                    doc.get(&table, gid.as_str()).map_err(am)?
                else {
                    return Ok(None);
                };
                Ok(doc_values(&*doc, &obj, "version")?
                    .into_iter()
                    .filter_map(|v| match v {
                        ScalarValue::Int(n) => Some(n),
                        ScalarValue::Uint(n) => i64::try_from(n).ok(),
                        _ => None,
                    })
                    .min())
            })??;
            if let Some(n) = held {
                claim = n;
            }
        }
        claims.push((claim, made, gid.unwrap_or_default(), id, local));
    }
    claims.sort();
    let mut last = 0;
    let mut numbered = Vec::with_capacity(claims.len());
    for (claim, _, _, id, local) in claims {
        let n = claim.max(last + 1);
        last = n;
        if n != local {
            numbered.push((id, n));
        }
    }
    if numbered.is_empty() {
        return Ok(());
    }
    // Out of the way first: (contract, version) is unique at every step.
    for (id, _) in &numbered {
        tx.prepare_cached(
            "UPDATE contract_version SET version = version + 1000000000 WHERE id = ?1",
        )?
        .execute([id])?;
    }
    for (id, n) in &numbered {
        tx.prepare_cached("UPDATE contract_version SET version = ?1 WHERE id = ?2")?
            .execute(params![n, id])?;
    }
    Ok(())
}

fn exists(tx: &Transaction<'_>, table: &str, local: i64) -> Result<bool> {
    Ok(tx
        .prepare_cached(&format!("SELECT 1 FROM \"{table}\" WHERE id = ?1"))?
        .query_row([local], |_| Ok(()))
        .optional()?
        .is_some())
}

fn insert(tx: &Transaction<'_>, table: &str, values: &[(String, Sql)]) -> Result<()> {
    let sql = format!(
        "INSERT INTO \"{table}\" ({}) VALUES ({})",
        values
            .iter()
            .map(|(c, _)| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", "),
        vec!["?"; values.len()].join(", ")
    );
    tx.prepare_cached(&sql)?
        .execute(params_from_iter(values.iter().map(|(_, v)| v)))?;
    Ok(())
}

/// Updates only the columns whose values differ (a frozen signed version, a record that is
/// never edited, refuses any update, even one that changes nothing).
fn update_changed(
    tx: &Transaction<'_>,
    table: &str,
    filter: &str,
    key: &[Sql],
    values: &[(String, Sql)],
) -> Result<()> {
    if values.is_empty() {
        return Ok(());
    }
    let select = format!(
        "SELECT {} FROM \"{table}\" WHERE {filter}",
        values
            .iter()
            .map(|(c, _)| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let current: Vec<Sql> = tx
        .prepare_cached(&select)?
        .query_row(params_from_iter(key.iter()), |r| {
            (0..values.len()).map(|i| r.get::<_, Sql>(i)).collect()
        })?;
    let changed: Vec<&(String, Sql)> = values
        .iter()
        .zip(&current)
        .filter(|((_, new), old)| new != *old)
        .map(|(v, _)| v)
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "UPDATE \"{table}\" SET {} WHERE {filter}",
        changed
            .iter()
            .map(|(c, _)| format!("\"{c}\" = ?"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let args: Vec<&Sql> = changed.iter().map(|(_, v)| v).chain(key.iter()).collect();
    tx.execute(&sql, params_from_iter(args))?;
    Ok(())
}

/// One field (or value-keyed row) in conflict, as `allybook conflicts --json` lists it.
#[derive(Debug, Serialize, PartialEq)]
pub struct Conflict {
    /// `table/global id` (or `table/key` for value-keyed rows).
    pub record: String,
    /// What a person calls the record: a prospect's name, an opportunity's customer, …
    pub label: String,
    pub field: String,
    pub values: Vec<SetValue>,
}

pub fn conflicts(conn: &rusqlite::Connection) -> Result<Vec<Conflict>> {
    let rows: Vec<(String, String, String, String)> = conn
        .prepare(
            "SELECT tbl, rkey, field, values_json FROM sync_conflict ORDER BY tbl, rkey, field",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(t, k, f, v)| {
            Ok(Conflict {
                label: label(conn, &t, &k)?,
                record: format!("{t}/{k}"),
                field: f,
                values: serde_json::from_str(&v)?,
            })
        })
        .collect()
}

/// What a person calls a record: the column that names it in its table, with the partner it
/// belongs to where there is one; the table's name when the book does not have it.
fn label(conn: &rusqlite::Connection, table: &str, rkey: &str) -> Result<String> {
    let column = match table {
        "prospect" | "contact" | "scorecard_criterion" | "clause_template" => "name",
        "opportunity" | "lead_registration" => "customer",
        "contract" => "title",
        "activity" => "subject",
        "checklist_item" | "checklist_template" => "label",
        _ => return Ok(table.replace('_', " ")),
    };
    let sql = format!(
        "SELECT t.\"{column}\" FROM \"{table}\" t JOIN sync_gid g
         ON g.tbl = ?1 AND g.local_id = t.id WHERE g.gid = ?2"
    );
    let name: Option<String> = conn
        .query_row(&sql, params![table, rkey], |r| r.get(0))
        .optional()?;
    Ok(match name {
        Some(n) if table == "prospect" => n,
        Some(n) => format!("{n} ({})", table.replace('_', " ")),
        None => table.replace('_', " "),
    })
}

/// One field's value in one version of a record, as the window's "Needs review" shows it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ReviewValue {
    /// The column (`_deleted`: archived or deleted on one laptop, edited on another; `*`: a
    /// whole value-keyed row).
    pub field: String,
    /// The value as a person reads it: a referenced record's name instead of its id, a row's
    /// fields instead of its JSON; empty for no value.
    pub shown: String,
    /// The value exactly (JSON text): what keeping it sends back.
    pub value: String,
}

/// What one laptop set, in one change, for the fields in conflict: who and when, and the values.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ReviewVersion {
    /// The member's name.
    pub by: String,
    /// ISO date-time, UTC.
    pub at: String,
    pub values: Vec<ReviewValue>,
}

/// A record two laptops changed concurrently: the fields in conflict, and each laptop's
/// version of them. Fields set in one change (a stage move's stage, reason and date) are one
/// item: keeping a version keeps all of its values.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ReviewItem {
    /// `table/global id`, as `allybook conflicts` names it.
    pub record: String,
    /// The record's table (`prospect`, `opportunity`, …).
    pub kind: String,
    pub label: String,
    pub fields: Vec<String>,
    pub versions: Vec<ReviewVersion>,
}

/// A value chosen in "Needs review": keep `value` (JSON text) for `field`.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ReviewChoice {
    pub field: String,
    pub value: String,
}

/// A value as a person reads it.
fn shown(
    conn: &rusqlite::Connection,
    spec: Option<&TableSpec>,
    field: &str,
    value: &serde_json::Value,
) -> Result<String> {
    Ok(match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => {
            if let Some(rt) = spec.and_then(|sp| ref_table(sp, field)) {
                return label(conn, rt, s);
            }
            if field == WHOLE_ROW {
                if let Ok(serde_json::Value::Object(map)) =
                    serde_json::from_str::<serde_json::Value>(s)
                {
                    return Ok(map
                        .iter()
                        .filter(|(k, v)| !k.ends_with("_id") && !v.is_null())
                        .map(|(k, v)| match v {
                            serde_json::Value::String(t) => format!("{}: {t}", k.replace('_', " ")),
                            other => format!("{}: {other}", k.replace('_', " ")),
                        })
                        .collect::<Vec<_>>()
                        .join(", "));
                }
            }
            s.clone()
        }
        serde_json::Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    })
}

/// What needs review, for the window: the conflicts of each record grouped by the changes that
/// made them, each value as a person reads it.
pub fn review_items(conn: &rusqlite::Connection) -> Result<Vec<ReviewItem>> {
    let mut items: Vec<ReviewItem> = Vec::new();
    for c in conflicts(conn)? {
        let kind = c
            .record
            .split_once('/')
            .map(|(t, _)| t.to_string())
            .unwrap_or_default();
        let sp = spec(&kind);
        let mut authors: Vec<(String, String)> = c
            .values
            .iter()
            .map(|v| (v.by.clone(), v.at.clone()))
            .collect();
        authors.sort();
        authors.dedup();
        let same = items.iter_mut().find(|i| {
            let mut theirs: Vec<(String, String)> = i
                .versions
                .iter()
                .map(|v| (v.by.clone(), v.at.clone()))
                .collect();
            theirs.sort();
            i.record == c.record && theirs == authors
        });
        let item = match same {
            Some(item) => item,
            None => {
                items.push(ReviewItem {
                    record: c.record.clone(),
                    kind: kind.clone(),
                    label: c.label.clone(),
                    fields: Vec::new(),
                    versions: authors
                        .iter()
                        .map(|(by, at)| ReviewVersion {
                            by: by.clone(),
                            at: at.clone(),
                            values: Vec::new(),
                        })
                        .collect(),
                });
                items
                    .last_mut()
                    .ok_or_else(|| Error::Conflict("no review item".into()))?
            }
        };
        item.fields.push(c.field.clone());
        for v in &c.values {
            if let Some(version) = item
                .versions
                .iter_mut()
                .find(|x| x.by == v.by && x.at == v.at)
            {
                if version.values.iter().all(|x| x.field != c.field) {
                    version.values.push(ReviewValue {
                        field: c.field.clone(),
                        shown: shown(conn, sp, &c.field, &v.value)?,
                        value: v.value.to_string(),
                    });
                }
            }
        }
    }
    // The latest version first: what the team most likely means now.
    for item in &mut items {
        item.versions.sort_by(|a, b| b.at.cmp(&a.at));
    }
    Ok(items)
}

/// A record a merge brought that the book could not take.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, ts_rs::TS)]
pub struct Problem {
    pub record: String,
    pub reason: String,
}

pub fn problems(conn: &rusqlite::Connection) -> Result<Vec<Problem>> {
    let rows: Vec<(String, String, String)> = conn
        .prepare("SELECT tbl, rkey, reason FROM sync_problem ORDER BY tbl, rkey")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .map(|(t, k, reason)| Problem {
            record: format!("{t}/{k}"),
            reason,
        })
        .collect())
}

/// Chooses one of a conflict's values: writes it into the book and lists the field for the
/// next flush, which writes it into the documents (replacing every concurrent value, on every
/// laptop).
pub fn choose(
    tx: &Transaction<'_>,
    record: &str,
    field: &str,
    value: &serde_json::Value,
) -> Result<()> {
    let (table, rkey) = record
        .split_once('/')
        .ok_or_else(|| Error::invalid("team", format!("{record:?} is not a record (table/id)")))?;
    let spec = spec(table)
        .ok_or_else(|| Error::invalid("team", format!("{table:?} is not a synced table")))?;
    let listed: Option<String> = tx
        .query_row(
            "SELECT values_json FROM sync_conflict WHERE tbl = ?1 AND rkey = ?2 AND field = ?3",
            params![table, rkey, field],
            |r| r.get(0),
        )
        .optional()?;
    let Some(listed) = listed else {
        return Err(Error::invalid(
            "team",
            format!("no conflict on {field} of {record}: run `allybook conflicts` for the list"),
        ));
    };
    let values: Vec<SetValue> = serde_json::from_str(&listed)?;
    if !values.iter().any(|v| &v.value == value) {
        return Err(Error::invalid(
            "team",
            format!(
                "{value} is not one of the values of {field} in conflict ({})",
                values
                    .iter()
                    .map(|v| v.value.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let v = json_to_sql(value)
        .ok_or_else(|| Error::invalid("team", format!("{value} is not a value")))?;
    let row_key = match spec.key {
        Key::Id => {
            let local = local_for(tx, table, rkey)?
                .ok_or_else(|| Error::invalid("team", format!("{record} is not in this book")))?;
            let v = match (ref_table(spec, field), v) {
                (Some(rt), Sql::Text(gid)) => local_for(tx, rt, &gid)?
                    .map(Sql::Integer)
                    .unwrap_or(Sql::Null),
                (_, v) => v,
            };
            tx.execute("UPDATE sync_state SET applying = 1", [])?;
            update_changed(
                tx,
                table,
                "id = ?",
                &[Sql::Integer(local)],
                &[(field.to_string(), v)],
            )?;
            tx.execute("UPDATE sync_state SET applying = 0", [])?;
            serde_json::json!([local]).to_string()
        }
        Key::Values(_) => {
            // The row's whole value (its JSON text), written as the book reads it from the
            // documents.
            let Sql::Text(text) = v else {
                return Err(Error::invalid("team", "a row's value is its JSON text"));
            };
            let key = local_key(tx, spec, rkey)?;
            let cols = synced_columns(tx, spec)?;
            tx.execute("UPDATE sync_state SET applying = 1", [])?;
            let mut report = Projected::default();
            apply(
                tx,
                spec,
                &cols,
                rkey,
                Incoming::Row(Some(text), Vec::new()),
                &mut Vec::new(),
                &mut report,
            )?;
            tx.execute("UPDATE sync_state SET applying = 0", [])?;
            serde_json::Value::Array(key.iter().map(sql_to_json).collect()).to_string()
        }
    };
    tx.execute(
        "INSERT INTO sync_outbox (tbl, row_key, field) VALUES (?1, ?2, ?3)",
        params![table, row_key, field],
    )?;
    tx.execute(
        "DELETE FROM sync_conflict WHERE tbl = ?1 AND rkey = ?2 AND field = ?3",
        params![table, rkey, field],
    )?;
    Ok(())
}

/// Canonical content of the synced tables (global ids instead of local ids, derived columns
/// left out), for tests comparing laptops.
pub fn canonical_dump(tx: &Transaction<'_>) -> Result<BTreeMap<String, BTreeMap<String, String>>> {
    let mut out = BTreeMap::new();
    for spec in TABLES {
        let cols = synced_columns(tx, spec)?;
        let key_cols: Vec<&str> = match spec.key {
            Key::Id => vec!["id"],
            Key::Values(k) => k.to_vec(),
        };
        let mut rows = BTreeMap::new();
        let keys: Vec<Vec<serde_json::Value>> = tx
            .prepare(&format!(
                "SELECT json_array({}) FROM \"{}\"",
                key_cols
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                spec.name
            ))?
            .query_map([], |r| r.get::<_, String>(0))?
            .filter_map(|s| s.ok().and_then(|s| serde_json::from_str(&s).ok()))
            .collect();
        for key in keys {
            if spec.name == "settings"
                && !matches!(key.first(), Some(serde_json::Value::String(k)) if BOOK_SETTINGS.contains(&k.as_str()))
            {
                continue;
            }
            if let Some(o) = outgoing(tx, spec, &cols, &key, false)? {
                rows.insert(o.rkey, o.fields.map(|f| row_json(&f)).unwrap_or_default());
            }
        }
        out.insert(spec.name.to_string(), rows);
    }
    Ok(out)
}
