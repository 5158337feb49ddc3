//! The pipeline's records: checklists and their template, stage moves, scorecards with their
//! scores and decisions, activities and contacts, the board.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::model::domain::{Stage, StageMove};
use crate::model::error::{Error, Result};
use crate::model::pipeline::{
    Activity, ActivityInput, ActivityKind, BoardCard, BoardColumn, ChecklistItem,
    ChecklistTemplateItem, ContactRef, Decision, ScoreLine, Thresholds, DEFAULT_STUCK_DAYS,
};
use crate::store::queries::settings::{now, setting};

/// Resolves what a user typed for a prospect: an id, or an exact name (case-insensitive when
/// that is unambiguous). Archived prospects are found too; merged duplicates are not.
pub fn resolve_prospect(conn: &Connection, s: &str) -> Result<i64> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Error::invalid(
            "prospect",
            "Name a prospect by id or exact name.",
        ));
    }
    if let Ok(id) = s.parse::<i64>() {
        let found: Option<i64> = conn
            .query_row("SELECT id FROM prospect WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        if let Some(id) = found {
            return Ok(id);
        }
    }
    let ids = |sql: &str| -> Result<Vec<i64>> {
        let mut st = conn.prepare(sql)?;
        let v = st
            .query_map([s], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(v)
    };
    let mut found = ids("SELECT id FROM prospect WHERE name = ?1 AND merged_into IS NULL")?;
    if found.is_empty() {
        found =
            ids("SELECT id FROM prospect WHERE name = ?1 COLLATE NOCASE AND merged_into IS NULL")?;
    }
    match found.as_slice() {
        [id] => Ok(*id),
        [] => Err(Error::NotFound {
            what: format!("prospect {s:?} (give its id or its exact name)"),
        }),
        many => Err(Error::invalid(
            "prospect",
            format!(
                "{} prospects are named {s:?} (ids {}); give the id",
                many.len(),
                many.iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

pub fn prospect_name(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT name FROM prospect WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: format!("prospect {id}"),
    })
}

pub fn checklist(conn: &Connection, prospect: i64) -> Result<Vec<ChecklistItem>> {
    let mut st = conn.prepare_cached(
        "SELECT t.id, t.stage, t.label, c.done_on, coalesce(c.done_by, ''), coalesce(c.note, '')
         FROM checklist_template t
         LEFT JOIN checklist_item c ON c.template_id = t.id AND c.prospect_id = ?1
         WHERE t.active = 1
         ORDER BY CASE t.stage WHEN 'long_list' THEN 0 WHEN 'short_list' THEN 1
                  WHEN 'vetting' THEN 2 WHEN 'negotiating' THEN 3 WHEN 'active' THEN 4 ELSE 5 END,
                  t.position, t.id",
    )?;
    let items = st
        .query_map([prospect], |r| {
            Ok(ChecklistItem {
                id: r.get(0)?,
                stage: r.get(1)?,
                label: r.get(2)?,
                done_on: r.get(3)?,
                done_by: r.get(4)?,
                note: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

pub fn checklist_template(conn: &Connection) -> Result<Vec<ChecklistTemplateItem>> {
    let mut st = conn.prepare(
        "SELECT id, stage, label FROM checklist_template WHERE active = 1
         ORDER BY CASE stage WHEN 'long_list' THEN 0 WHEN 'short_list' THEN 1
                  WHEN 'vetting' THEN 2 WHEN 'negotiating' THEN 3 WHEN 'active' THEN 4 ELSE 5 END,
                  position, id",
    )?;
    let v = st
        .query_map([], |r| {
            Ok(ChecklistTemplateItem {
                id: r.get(0)?,
                stage: r.get(1)?,
                label: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

pub fn touch(tx: &Transaction<'_>, prospect: i64) -> Result<()> {
    tx.execute(
        "UPDATE prospect SET updated_at = ?2 WHERE id = ?1",
        params![prospect, now()],
    )?;
    Ok(())
}

pub fn history(conn: &Connection, prospect: i64) -> Result<Vec<StageMove>> {
    let mut moves = conn.prepare_cached(
        "SELECT from_stage, to_stage, moved_at, moved_by, note, skipped_items FROM stage_move
         WHERE prospect_id = ?1 ORDER BY moved_at, id",
    )?;
    let rows = moves
        .query_map([prospect], |r| {
            Ok((
                StageMove {
                    from_stage: r.get(0)?,
                    to_stage: r.get(1)?,
                    moved_at: r.get(2)?,
                    moved_by: r.get(3)?,
                    note: r.get(4)?,
                    skipped: Vec::new(),
                },
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(mut m, skipped)| {
            m.skipped = serde_json::from_str(&skipped)?;
            Ok(m)
        })
        .collect()
}

pub const SETTING_THRESHOLDS: &str = "scorecard_thresholds";

pub const SETTING_STUCK_DAYS: &str = "stuck_days";

pub fn thresholds(conn: &Connection) -> Result<Thresholds> {
    Ok(match setting(conn, SETTING_THRESHOLDS)? {
        Some(s) => serde_json::from_str(&s)?,
        None => Thresholds::default(),
    })
}

pub fn stuck_days(conn: &Connection) -> Result<i64> {
    Ok(setting(conn, SETTING_STUCK_DAYS)?
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or(DEFAULT_STUCK_DAYS)
        .clamp(1, crate::model::terms::MAX_DAYS))
}

/// The latest scorecard's row: id, round, decision, decided_on, decided_by, rationale, override.
pub type LatestCard = (
    i64,
    i64,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
);

pub fn template_lines(conn: &Connection) -> Result<Vec<ScoreLine>> {
    let mut st = conn.prepare_cached(
        "SELECT name, weight, must_have FROM scorecard_criterion WHERE active = 1
         ORDER BY position, id",
    )?;
    let v = st
        .query_map([], |r| {
            Ok(ScoreLine {
                criterion: r.get(0)?,
                weight: r.get(1)?,
                must_have: r.get(2)?,
                score: None,
                evidence: String::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

const ACTIVITY_SELECT: &str = "SELECT a.id, a.kind, a.occurred_at, a.subject, a.body, a.contact_id,
        coalesce(c.name, ''), a.follow_up_on, a.follow_up_done_at, a.created_by
     FROM activity a LEFT JOIN contact c ON c.id = a.contact_id";

fn activity_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Activity> {
    Ok(Activity {
        id: r.get(0)?,
        kind: ActivityKind::parse(&r.get::<_, String>(1)?),
        occurred_at: r.get(2)?,
        subject: r.get(3)?,
        body: r.get(4)?,
        contact_id: r.get(5)?,
        contact: r.get(6)?,
        follow_up_on: r.get(7)?,
        follow_up_done_at: r.get(8)?,
        created_by: r.get(9)?,
    })
}

pub fn activity(conn: &Connection, id: i64) -> Result<Activity> {
    conn.query_row(
        &format!("{ACTIVITY_SELECT} WHERE a.id = ?1"),
        [id],
        activity_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: format!("activity {id}"),
    })
}

/// The prospect's activities, newest first.
pub fn timeline(conn: &Connection, prospect: i64, limit: i64) -> Result<Vec<Activity>> {
    let mut st = conn.prepare_cached(&format!(
        "{ACTIVITY_SELECT} WHERE a.prospect_id = ?1 ORDER BY a.occurred_at DESC, a.id DESC LIMIT ?2"
    ))?;
    let v = st
        .query_map(params![prospect, limit], activity_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

pub fn contacts(conn: &Connection, prospect: i64) -> Result<Vec<ContactRef>> {
    let mut st = conn.prepare_cached(
        "SELECT id, name, title FROM contact WHERE prospect_id = ?1 ORDER BY name, id",
    )?;
    let v = st
        .query_map([prospect], |r| {
            Ok(ContactRef {
                id: r.get(0)?,
                name: r.get(1)?,
                title: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// One column per stage, best fit first, at most `per_column` cards each (the long-list can
/// hold 100,000 firms; the board shows the top and says how many more there are).
pub fn board(conn: &Connection, per_column: i64) -> Result<Vec<BoardColumn>> {
    let mut cols = Vec::new();
    let mut count = conn.prepare_cached(
        "SELECT count(*) FROM prospect
             WHERE stage = ?1 AND archived_at IS NULL AND merged_into IS NULL",
    )?;
    let mut st = conn.prepare_cached(
        "SELECT p.id, p.name, p.fit_score, p.next_step, p.stage_since,
                (SELECT decision FROM scorecard s
                   LEFT JOIN sync_gid g ON g.tbl = 'scorecard' AND g.local_id = s.id
                   WHERE s.prospect_id = p.id
                   ORDER BY s.created_at DESC, s.decision IS NULL DESC, g.gid DESC, s.id DESC
                   LIMIT 1),
                (SELECT count(*) FROM checklist_template t WHERE t.active = 1 AND t.stage = p.stage
                   AND NOT EXISTS (SELECT 1 FROM checklist_item c
                                   WHERE c.template_id = t.id AND c.prospect_id = p.id))
         FROM prospect p
         WHERE p.stage = ?1 AND p.archived_at IS NULL AND p.merged_into IS NULL
         ORDER BY p.fit_score DESC, p.name COLLATE NOCASE, p.id LIMIT ?2",
    )?;
    for stage in Stage::ALL {
        let total: i64 = count.query_row([stage], |r| r.get(0))?;
        let cards = st
            .query_map(params![stage, per_column], |r| {
                Ok(BoardCard {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    fit_score: r.get(2)?,
                    next_step: r.get(3)?,
                    stage_since: r.get(4)?,
                    decision: r
                        .get::<_, Option<String>>(5)?
                        .as_deref()
                        .and_then(Decision::parse),
                    open_items: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        cols.push(BoardColumn {
            stage,
            total,
            cards,
        });
    }
    Ok(cols)
}

/// A checklist template item's stage and label.
pub fn template_item(tx: &Transaction<'_>, item: i64) -> Result<Option<(String, String)>> {
    Ok(tx
        .query_row(
            "SELECT stage, label FROM checklist_template WHERE id = ?1",
            [item],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Unticks a checklist item for a prospect.
pub fn untick(tx: &Transaction<'_>, prospect: i64, item: i64) -> Result<()> {
    tx.execute(
        "DELETE FROM checklist_item WHERE prospect_id = ?1 AND template_id = ?2",
        params![prospect, item],
    )?;
    Ok(())
}

/// Ticks a checklist item for a prospect, done on `on` by `by` (keeping the item's stage and
/// label as they were, should the template change later).
pub fn tick(
    tx: &Transaction<'_>,
    prospect: i64,
    item: i64,
    stage: &str,
    label: &str,
    on: NaiveDate,
    by: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO checklist_item (prospect_id, template_id, stage, label, done_on, done_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![prospect, item, stage, label, on.to_string(), by],
    )?;
    Ok(())
}

/// Replaces the active checklist template with `items`, in order; items left out are retired
/// (inactive), never deleted.
pub fn replace_template(tx: &Transaction<'_>, items: &[ChecklistTemplateItem]) -> Result<()> {
    tx.execute("UPDATE checklist_template SET active = 0", [])?;
    for (pos, it) in items.iter().enumerate() {
        let label = it.label.trim();
        let updated = match it.id {
            Some(id) => tx.execute(
                "UPDATE checklist_template SET stage = ?2, label = ?3, position = ?4, active = 1
                 WHERE id = ?1",
                params![id, it.stage, label, pos as i64],
            )?,
            None => 0,
        };
        if updated == 0 {
            tx.execute(
                "INSERT INTO checklist_template (stage, label, position) VALUES (?1, ?2, ?3)",
                params![it.stage, label, pos as i64],
            )?;
        }
    }
    Ok(())
}

/// A prospect's name and stage.
pub fn name_and_stage(conn: &Connection, prospect: i64) -> Result<(String, Stage)> {
    conn.query_row(
        "SELECT name, stage FROM prospect WHERE id = ?1",
        [prospect],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: format!("prospect {prospect}"),
    })
}

/// A prospect's name, stage, since when, why (paused or ended) and its next step.
pub fn stage_of(
    conn: &Connection,
    prospect: i64,
) -> Result<(String, Stage, String, String, String)> {
    conn.query_row(
        "SELECT name, stage, stage_since, stage_reason, next_step FROM prospect WHERE id = ?1",
        [prospect],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: format!("prospect {prospect}"),
    })
}

/// Records a stage move in the history and puts the prospect in its new stage.
#[allow(clippy::too_many_arguments)]
pub fn record_move(
    tx: &Transaction<'_>,
    prospect: i64,
    from: Stage,
    to: Stage,
    at: &str,
    by: &str,
    note: &str,
    skipped: &[String],
    stage_reason: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO stage_move (prospect_id, from_stage, to_stage, moved_at, moved_by, note,
                                 skipped_items)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            prospect,
            from,
            to,
            at,
            by,
            note,
            serde_json::to_string(skipped)?
        ],
    )?;
    tx.execute(
        "UPDATE prospect SET stage = ?2, stage_since = ?3, stage_reason = ?4, updated_at = ?3
         WHERE id = ?1",
        params![prospect, to, at, stage_reason],
    )?;
    Ok(())
}

/// The prospect's latest scorecard row, if it has one, and its round. Rounds are ordered by when
/// they were started, a decided round before an open one started in the same second, then by
/// global id — not by local id: in a team book two laptops may each start a round apart and
/// receive the other's in a different order, and must show the same latest round.
pub fn latest_card(conn: &Connection, prospect: i64) -> Result<Option<LatestCard>> {
    Ok(conn
        .query_row(
            "SELECT id, round, decision, decided_on, decided_by, rationale, override_reason
             FROM (SELECT s.*, row_number() OVER (
                       ORDER BY s.created_at, s.decision IS NULL, g.gid, s.id) AS round
                   FROM scorecard s
                   LEFT JOIN sync_gid g ON g.tbl = 'scorecard' AND g.local_id = s.id
                   WHERE s.prospect_id = ?1)
             ORDER BY round DESC LIMIT 1",
            [prospect],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .optional()?)
}

fn score_line(r: &rusqlite::Row<'_>) -> rusqlite::Result<ScoreLine> {
    Ok(ScoreLine {
        criterion: r.get(0)?,
        weight: r.get(1)?,
        must_have: r.get(2)?,
        score: r.get(3)?,
        evidence: r.get(4)?,
    })
}

/// A scorecard's lines in the criteria's order.
pub fn card_lines(conn: &Connection, card: i64) -> Result<Vec<ScoreLine>> {
    let mut st = conn.prepare_cached(
        "SELECT s.criterion_name, s.weight, s.must_have, s.score, s.evidence
         FROM scorecard_score s LEFT JOIN scorecard_criterion c ON c.id = s.criterion_id
         WHERE s.scorecard_id = ?1 ORDER BY coalesce(c.position, 999), s.rowid",
    )?;
    let lines = st
        .query_map([card], score_line)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines)
}

/// A scorecard's lines as saved (any order).
pub fn saved_lines(tx: &Transaction<'_>, card: i64) -> Result<Vec<ScoreLine>> {
    let mut st = tx.prepare(
        "SELECT criterion_name, weight, must_have, score, evidence FROM scorecard_score
         WHERE scorecard_id = ?1",
    )?;
    let lines = st
        .query_map([card], score_line)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines)
}

/// Starts a new scorecard round for a prospect from the current criteria; its id.
pub fn new_round(tx: &Transaction<'_>, prospect: i64) -> Result<i64> {
    tx.execute(
        "INSERT INTO scorecard (prospect_id, created_at) VALUES (?1, ?2)",
        params![prospect, now()],
    )?;
    let id = tx.last_insert_rowid();
    for t in template_lines(tx)? {
        tx.execute(
            "INSERT INTO scorecard_score (scorecard_id, criterion_id, criterion_name,
                                          weight, must_have)
             VALUES (?1, (SELECT id FROM scorecard_criterion WHERE name = ?2 AND active = 1
                          ORDER BY id LIMIT 1), ?2, ?3, ?4)",
            params![id, t.criterion, t.weight, t.must_have],
        )?;
    }
    Ok(id)
}

/// Writes one line's score and evidence.
pub fn set_score(tx: &Transaction<'_>, card: i64, l: &ScoreLine) -> Result<()> {
    tx.execute(
        "UPDATE scorecard_score SET score = ?3, evidence = ?4
         WHERE scorecard_id = ?1 AND criterion_name = ?2",
        params![card, l.criterion, l.score, l.evidence.trim()],
    )?;
    Ok(())
}

pub fn set_total(tx: &Transaction<'_>, card: i64, total: Option<i64>) -> Result<()> {
    tx.execute(
        "UPDATE scorecard SET total = ?2 WHERE id = ?1",
        params![card, total],
    )?;
    Ok(())
}

/// The culture and capacity scores the fit score reads (kept when `None`).
pub fn set_culture_and_capacity(
    tx: &Transaction<'_>,
    prospect: i64,
    culture: Option<i64>,
    capacity: Option<i64>,
) -> Result<()> {
    tx.execute(
        "UPDATE prospect SET culture_score = coalesce(?2, culture_score),
                capacity_score = coalesce(?3, capacity_score), updated_at = ?4 WHERE id = ?1",
        params![prospect, culture, capacity, now()],
    )?;
    Ok(())
}

/// Records the decision on a scorecard.
pub fn record_decision(
    tx: &Transaction<'_>,
    card: i64,
    decision: Decision,
    on: NaiveDate,
    by: &str,
    rationale: &str,
    override_reason: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE scorecard SET decision = ?2, decided_on = ?3, decided_by = ?4, rationale = ?5,
                override_reason = ?6
         WHERE id = ?1",
        params![
            card,
            decision.as_str(),
            on.to_string(),
            by,
            rationale,
            override_reason
        ],
    )?;
    Ok(())
}

/// Whether contact `contact` belongs to `prospect`.
pub fn contact_of(tx: &Transaction<'_>, contact: i64, prospect: i64) -> Result<bool> {
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM contact WHERE id = ?1 AND prospect_id = ?2",
            params![contact, prospect],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.is_some())
}

/// Records an activity (validated by the caller); its id.
pub fn add_activity(
    tx: &Transaction<'_>,
    a: &ActivityInput,
    occurred: NaiveDate,
    follow_up: Option<NaiveDate>,
    by: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO activity (prospect_id, contact_id, kind, occurred_at, subject, body,
                               follow_up_on, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            a.prospect_id,
            a.contact_id,
            a.kind.unwrap_or(ActivityKind::Note).as_str(),
            occurred.to_string(),
            a.subject.trim(),
            a.body.trim(),
            follow_up.map(|d| d.to_string()),
            by,
            now()
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Marks an activity's follow-up done (or open again); false when it has none.
pub fn set_follow_up_done(tx: &Transaction<'_>, activity: i64, done: bool) -> Result<bool> {
    let n = tx.execute(
        "UPDATE activity SET follow_up_done_at = CASE WHEN ?2 THEN ?3 ELSE NULL END
         WHERE id = ?1 AND follow_up_on IS NOT NULL",
        params![activity, done, now()],
    )?;
    Ok(n > 0)
}

/// Every stage each live prospect is or was at: its current stage and each stage its moves
/// name (for the funnel).
pub fn stages_seen(conn: &Connection) -> Result<Vec<(i64, Stage)>> {
    let raw: Vec<(i64, String)> = crate::store::queries::rows(
        conn,
        "SELECT p.id, p.stage FROM prospect p
          WHERE p.archived_at IS NULL AND p.merged_into IS NULL
         UNION ALL
         SELECT m.prospect_id, m.to_stage FROM stage_move m JOIN prospect p ON p.id = m.prospect_id
          WHERE p.archived_at IS NULL AND p.merged_into IS NULL",
        [],
    )?;
    Ok(raw
        .into_iter()
        .filter_map(|(id, s)| Stage::parse(&s).ok().map(|s| (id, s)))
        .collect())
}

/// How many live prospects are in each stage now.
pub fn stage_counts(conn: &Connection) -> Result<Vec<(Stage, i64)>> {
    let raw: Vec<(String, i64)> = crate::store::queries::rows(
        conn,
        "SELECT stage, count(*) FROM prospect
          WHERE archived_at IS NULL AND merged_into IS NULL GROUP BY stage",
        [],
    )?;
    Ok(raw
        .into_iter()
        .filter_map(|(s, n)| Stage::parse(&s).ok().map(|s| (s, n)))
        .collect())
}

/// Renames the checklist items and scorecard criteria of the templates that still read `from`
/// to `to` (stage, from, to) and (from, to): the defaults follow the book's language; what the
/// user reworded stays as it is (a prospect's checklist shows the template's words, its ticks kept).
pub fn relabel_templates(
    tx: &Transaction<'_>,
    checklist: &[(&str, &str, &str)],
    criteria: &[(&str, &str)],
) -> Result<()> {
    for (stage, from, to) in checklist {
        tx.execute(
            "UPDATE checklist_template SET label = ?3 WHERE stage = ?1 AND label = ?2",
            params![stage, from, to],
        )?;
    }
    for (from, to) in criteria {
        tx.execute(
            "UPDATE scorecard_criterion SET name = ?2 WHERE name = ?1",
            params![from, to],
        )?;
    }
    Ok(())
}
