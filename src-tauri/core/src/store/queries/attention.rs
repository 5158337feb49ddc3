//! The rows "what needs attention" and the calendar export read: open follow-ups, prospects
//! in a stage since a day, certification expiries, the contract version in force with its
//! dates, lead registrations expiring or in conflict.

use rusqlite::{params, Connection, Transaction};

use crate::model::domain::Stage;
use crate::model::error::Result;
use crate::store::queries::rows;

/// Open follow-ups due on or before a day: (activity id, due day, subject, kind, prospect id, prospect).
#[allow(clippy::type_complexity)]
pub fn follow_ups(
    conn: &Connection,
    until: &str,
) -> Result<Vec<(i64, String, String, String, i64, String)>> {
    rows(
        conn,
        "SELECT a.id, a.follow_up_on, a.subject, a.kind, p.id, p.name
         FROM activity a JOIN prospect p ON p.id = a.prospect_id
         WHERE a.follow_up_on IS NOT NULL AND a.follow_up_done_at IS NULL
           AND a.follow_up_on <= ?1 AND p.archived_at IS NULL
         ORDER BY a.follow_up_on, a.id",
        [until],
    )
}

/// Live prospects in Short-list, Vetting or Negotiating since a day or earlier: (id, name, stage, since).
#[allow(clippy::type_complexity)]
pub fn stuck(conn: &Connection, since: &str) -> Result<Vec<(i64, String, Stage, String)>> {
    rows(
        conn,
        "SELECT id, name, stage, stage_since FROM prospect
         WHERE stage IN ('short_list', 'vetting', 'negotiating')
           AND archived_at IS NULL AND merged_into IS NULL
           AND substr(stage_since, 1, 10) <= ?1
         ORDER BY stage_since, id",
        [since],
    )
}

/// Certifications (ours when the prospect is None) expiring between two days: (id, vendor, name, expiry, prospect id, prospect).
#[allow(clippy::type_complexity)]
pub fn certifications(
    conn: &Connection,
    from: &str,
    to: &str,
) -> Result<Vec<(i64, String, String, String, Option<i64>, String)>> {
    rows(
        conn,
        "SELECT c.id, c.vendor, c.name, c.expires_on, p.id, coalesce(p.name, '')
         FROM certification c LEFT JOIN prospect p ON p.id = c.prospect_id
         WHERE c.expires_on IS NOT NULL AND c.expires_on BETWEEN ?1 AND ?2
           AND (p.id IS NULL OR (p.archived_at IS NULL AND p.stage <> 'ended'))
         ORDER BY c.expires_on, c.id",
        [from, to],
    )
}

/// Active lead registrations expiring between two days: (id, customer, expiry, registered by, prospect id, prospect).
#[allow(clippy::type_complexity)]
pub fn leads_expiring(
    conn: &Connection,
    from: &str,
    to: &str,
) -> Result<Vec<(i64, String, String, String, i64, String)>> {
    rows(
        conn,
        "SELECT l.id, l.customer, l.expires_on, l.registered_by, p.id, p.name
         FROM lead_registration l JOIN prospect p ON p.id = l.prospect_id
         WHERE l.status = 'active' AND l.expires_on BETWEEN ?1 AND ?2
         ORDER BY l.expires_on, l.id",
        [from, to],
    )
}

/// Active, protected lead registrations in conflict with no decision yet: (id, customer, registered on, prospect id, prospect, other partner).
#[allow(clippy::type_complexity)]
pub fn open_conflicts(
    conn: &Connection,
    on: &str,
) -> Result<Vec<(i64, String, String, i64, String, String)>> {
    rows(
        conn,
        "SELECT l.id, l.customer, l.registered_on, p.id, p.name, op.name
         FROM lead_registration l
         JOIN prospect p ON p.id = l.prospect_id
         JOIN lead_registration o ON o.id = l.conflict_with
         JOIN prospect op ON op.id = o.prospect_id
         WHERE l.status = 'active' AND l.expires_on >= ?1 AND trim(l.conflict_decision) = ''
         ORDER BY l.registered_on, l.id",
        [on],
    )
}

/// The version in force of each contract (latest signed or active) with an expiry: (contract, prospect id, partner, title, expiry, notice days, terms JSON).
#[allow(clippy::type_complexity)]
pub fn contract_dates(
    conn: &Connection,
) -> Result<Vec<(i64, i64, String, String, String, Option<i64>, String)>> {
    rows(
        conn,
        "SELECT c.id, p.id, p.name, c.title, v.expires_on, v.notice_days, v.terms_json
         FROM contract c JOIN prospect p ON p.id = c.prospect_id
         JOIN contract_version v ON v.id = (
             SELECT id FROM contract_version WHERE contract_id = c.id
             AND status IN ('signed', 'active') ORDER BY version DESC LIMIT 1)
         WHERE v.expires_on IS NOT NULL
         ORDER BY v.expires_on, c.id",
        [],
    )
}

/// Every certification with an expiry: (id, vendor, name, expiry, whose).
#[allow(clippy::type_complexity)]
pub fn calendar_certifications(
    conn: &Connection,
) -> Result<Vec<(i64, String, String, String, String)>> {
    rows(
        conn,
        "SELECT c.id, c.vendor, c.name, c.expires_on, coalesce(p.name, 'Our company')
         FROM certification c LEFT JOIN prospect p ON p.id = c.prospect_id
         WHERE c.expires_on IS NOT NULL AND (p.id IS NULL OR p.archived_at IS NULL)
         ORDER BY c.expires_on, c.id",
        [],
    )
}

/// Open follow-ups: (activity id, due day, subject, partner).
pub fn calendar_follow_ups(conn: &Connection) -> Result<Vec<(i64, String, String, String)>> {
    rows(
        conn,
        "SELECT a.id, a.follow_up_on, a.subject, p.name FROM activity a
         JOIN prospect p ON p.id = a.prospect_id
         WHERE a.follow_up_on IS NOT NULL AND a.follow_up_done_at IS NULL AND p.archived_at IS NULL
         ORDER BY a.follow_up_on, a.id",
        [],
    )
}

/// Active lead registrations: (id, customer, expiry day, partner).
pub fn calendar_leads(conn: &Connection) -> Result<Vec<(i64, String, String, String)>> {
    rows(
        conn,
        "SELECT l.id, l.customer, l.expires_on, p.name FROM lead_registration l
         JOIN prospect p ON p.id = l.prospect_id WHERE l.status = 'active'
         ORDER BY l.expires_on, l.id",
        [],
    )
}

/// The items done, or snoozed past `today`, as (kind, ref id, date).
pub fn set_aside(conn: &Connection, today: &str) -> Result<Vec<(String, i64, String)>> {
    rows(
        conn,
        "SELECT kind, ref_id, date FROM attention_done
         WHERE done_at IS NOT NULL OR snoozed_until > ?1",
        [today],
    )
}

/// Records an item done (`snoozed_until` None) or snoozed until a day; a later record of the
/// same item replaces the earlier one.
pub fn set_item_aside(
    tx: &Transaction<'_>,
    kind: &str,
    ref_id: i64,
    date: &str,
    snoozed_until: Option<&str>,
    by: &str,
) -> Result<()> {
    let now = crate::store::queries::settings::now();
    tx.execute(
        "INSERT INTO attention_done (kind, ref_id, date, done_at, snoozed_until, recorded_at,
                                     recorded_by)
         VALUES (?1, ?2, ?3, CASE WHEN ?4 IS NULL THEN ?5 END, ?4, ?5, ?6)
         ON CONFLICT (kind, ref_id, date) DO UPDATE SET done_at = excluded.done_at,
             snoozed_until = excluded.snoozed_until, recorded_at = excluded.recorded_at,
             recorded_by = excluded.recorded_by",
        params![kind, ref_id, date, snoozed_until, now, by],
    )?;
    Ok(())
}
