//! The guided pipeline: stage moves with their gates, the checklist, the vetting scorecard,
//! activities and what the prospect page says to do next.
//!
//! Gate rule: the checklist items of a stage are the work done *in* that stage. Advancing along
//! the main line (Long-list → Short-list → Vetting → Negotiating → Active) past a stage whose
//! items are open needs an explicit confirmation, and the move records which items were skipped.
//! Pausing, ending and moving back never ask; pausing and ending need a reason.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::model::domain::{Stage, StageMove};
use crate::model::error::{Error, Result};
use crate::store::queries::settings::now;
use crate::store::queries::settings::set_setting;
use crate::store::queries::settings::setting;
use crate::Store;

pub use crate::model::pipeline::*;
pub use crate::rules::pipeline::{blocking, guidance, line_position, next_stage, parse_day, total};
use crate::rules::pipeline::{derive, MAIN_LINE};

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

fn prospect_name(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT name FROM prospect WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: format!("prospect {id}"),
    })
}

// ---------------------------------------------------------------------------------------------
// Checklist

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

/// Ticks or unticks one checklist item for a prospect.
pub fn set_checklist_item(
    store: &mut Store,
    prospect: i64,
    item: i64,
    done: bool,
    today: NaiveDate,
) -> Result<Vec<ChecklistItem>> {
    store.write(|tx| {
        prospect_name(tx, prospect)?;
        let (stage, label): (String, String) = tx
            .query_row(
                "SELECT stage, label FROM checklist_template WHERE id = ?1",
                [item],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: format!("checklist item {item}"),
            })?;
        tx.execute(
            "DELETE FROM checklist_item WHERE prospect_id = ?1 AND template_id = ?2",
            params![prospect, item],
        )?;
        if done {
            let by = setting(tx, crate::store::queries::settings::SETTING_USER_NAME)?.unwrap_or_default();
            tx.execute(
                "INSERT INTO checklist_item (prospect_id, template_id, stage, label, done_on, done_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![prospect, item, stage, label, today.to_string(), by],
            )?;
        }
        touch(tx, prospect)?;
        Ok(())
    })?;
    checklist(store.conn(), prospect)
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

/// Replaces the template. Items left out are retired, not deleted: prospects that ticked them
/// keep that record. Labels are trimmed; empty ones and duplicates within a stage are refused.
pub fn save_checklist_template(
    store: &mut Store,
    items: &[ChecklistTemplateItem],
) -> Result<Vec<ChecklistTemplateItem>> {
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, it) in items.iter().enumerate() {
        let label = it.label.trim();
        if label.is_empty() {
            errors.push(crate::model::domain::FieldError {
                field: format!("item{i}"),
                message: "An item needs a label.".into(),
            });
        } else if !seen.insert((it.stage, label.to_lowercase())) {
            errors.push(crate::model::domain::FieldError {
                field: format!("item{i}"),
                message: format!("{label:?} is already on the {} list.", it.stage.label()),
            });
        }
    }
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    store.write(|tx| {
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
    })?;
    checklist_template(store.conn())
}

// ---------------------------------------------------------------------------------------------
// Stage moves

/// The items a move from the prospect's current stage to `to` would leave open.
pub fn open_items_for_move(conn: &Connection, prospect: i64, to: Stage) -> Result<Vec<String>> {
    let from: Stage = conn
        .query_row(
            "SELECT stage FROM prospect WHERE id = ?1",
            [prospect],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: format!("prospect {prospect}"),
        })?;
    let (Some(a), Some(b)) = (line_position(from), line_position(to)) else {
        return Ok(Vec::new());
    };
    if b <= a {
        return Ok(Vec::new());
    }
    let passed = &MAIN_LINE[a..b];
    Ok(checklist(conn, prospect)?
        .into_iter()
        .filter(|i| i.done_on.is_none() && passed.contains(&i.stage))
        .map(|i| i.label)
        .collect())
}

pub fn move_prospect(store: &mut Store, req: &MoveRequest) -> Result<MoveOutcome> {
    let reason = req.reason.trim();
    let note = req.note.trim();
    if matches!(req.to, Stage::Paused | Stage::Ended) && reason.is_empty() && note.is_empty() {
        return Err(Error::invalid(
            "reason",
            format!(
                "Say why the partnership is {}.",
                if req.to == Stage::Paused {
                    "paused"
                } else {
                    "ended"
                }
            ),
        ));
    }
    store.write(|tx| {
        let (name, from): (String, Stage) = tx
            .query_row(
                "SELECT name, stage FROM prospect WHERE id = ?1",
                [req.prospect_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: format!("prospect {}", req.prospect_id),
            })?;
        if from == req.to {
            return Err(Error::Conflict(format!(
                "{name} is already in {}",
                from.label()
            )));
        }
        let skipped = open_items_for_move(tx, req.prospect_id, req.to)?;
        if !skipped.is_empty() && !req.confirm_skip {
            return Err(Error::GateOpen {
                stage: from.label().into(),
                items: skipped,
            });
        }
        let now = now();
        let by =
            setting(tx, crate::store::queries::settings::SETTING_USER_NAME)?.unwrap_or_default();
        let stage_reason = if matches!(req.to, Stage::Paused | Stage::Ended) {
            if reason.is_empty() {
                note
            } else {
                reason
            }
        } else {
            ""
        };
        let full_note = match (note.is_empty(), reason.is_empty()) {
            (_, true) => note.to_string(),
            (true, false) => reason.to_string(),
            (false, false) if note == reason => note.to_string(),
            (false, false) => format!("{reason} — {note}"),
        };
        tx.execute(
            "INSERT INTO stage_move (prospect_id, from_stage, to_stage, moved_at, moved_by, note,
                                     skipped_items)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                req.prospect_id,
                from,
                req.to,
                now,
                by,
                full_note,
                serde_json::to_string(&skipped)?
            ],
        )?;
        tx.execute(
            "UPDATE prospect SET stage = ?2, stage_since = ?3, stage_reason = ?4, updated_at = ?3
             WHERE id = ?1",
            params![req.prospect_id, req.to, now, stage_reason],
        )?;
        Ok(MoveOutcome {
            prospect_id: req.prospect_id,
            name,
            from,
            to: req.to,
            skipped,
        })
    })
}

fn touch(tx: &Transaction<'_>, prospect: i64) -> Result<()> {
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

// ---------------------------------------------------------------------------------------------
// Scorecard

const SETTING_THRESHOLDS: &str = "scorecard_thresholds";
const SETTING_STUCK_DAYS: &str = "stuck_days";

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

pub fn pipeline_settings(conn: &Connection) -> Result<PipelineSettings> {
    Ok(PipelineSettings {
        thresholds: thresholds(conn)?,
        stuck_days: stuck_days(conn)?,
    })
}

pub fn save_pipeline_settings(store: &mut Store, s: &PipelineSettings) -> Result<PipelineSettings> {
    let mut errors = Vec::new();
    let mut err = |field: &str, message: &str| {
        errors.push(crate::model::domain::FieldError {
            field: field.into(),
            message: message.into(),
        })
    };
    let t = s.thresholds;
    if !(0..=100).contains(&t.pass_below) {
        err("pass_below", "Between 0 and 100.");
    }
    if !(0..=100).contains(&t.pilot_above) {
        err("pilot_above", "Between 0 and 100.");
    } else if t.pilot_above < t.pass_below {
        err("pilot_above", "Must be at least the pass threshold.");
    }
    if !(1..=3650).contains(&s.stuck_days) {
        err("stuck_days", "Between 1 and 3650 days.");
    }
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    store.write(|tx| {
        set_setting(tx, SETTING_THRESHOLDS, &serde_json::to_string(&t)?)?;
        set_setting(tx, SETTING_STUCK_DAYS, &s.stuck_days.to_string())
    })?;
    pipeline_settings(store.conn())
}

/// The latest scorecard's row: id, round, decision, decided_on, decided_by, rationale, override.
type LatestCard = (
    i64,
    i64,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
);

/// The prospect's latest scorecard, or a blank one from the current criteria.
pub fn scorecard(conn: &Connection, prospect: i64) -> Result<Scorecard> {
    prospect_name(conn, prospect)?;
    let th = thresholds(conn)?;
    let latest: Option<LatestCard> = conn
        .query_row(
            "SELECT id, (SELECT count(*) FROM scorecard s2 WHERE s2.prospect_id = s.prospect_id
                         AND s2.id <= s.id),
                    decision, decided_on, decided_by, rationale, override_reason
             FROM scorecard s WHERE prospect_id = ?1 ORDER BY id DESC LIMIT 1",
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
        .optional()?;
    let mut card = match latest {
        Some((id, round, decision, decided_on, decided_by, rationale, override_reason)) => {
            let mut st = conn.prepare_cached(
                "SELECT s.criterion_name, s.weight, s.must_have, s.score, s.evidence
                 FROM scorecard_score s LEFT JOIN scorecard_criterion c ON c.id = s.criterion_id
                 WHERE s.scorecard_id = ?1 ORDER BY coalesce(c.position, 999), s.rowid",
            )?;
            let lines = st
                .query_map([id], |r| {
                    Ok(ScoreLine {
                        criterion: r.get(0)?,
                        weight: r.get(1)?,
                        must_have: r.get(2)?,
                        score: r.get(3)?,
                        evidence: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Scorecard {
                id: Some(id),
                prospect_id: prospect,
                round,
                lines,
                total: None,
                complete: false,
                recommendation: None,
                thresholds: th,
                blocking: Vec::new(),
                decision: decision.as_deref().and_then(Decision::parse),
                decided_on,
                decided_by,
                rationale,
                override_reason,
            }
        }
        None => Scorecard {
            id: None,
            prospect_id: prospect,
            round: 1,
            lines: template_lines(conn)?,
            total: None,
            complete: false,
            recommendation: None,
            thresholds: th,
            blocking: Vec::new(),
            decision: None,
            decided_on: None,
            decided_by: String::new(),
            rationale: String::new(),
            override_reason: String::new(),
        },
    };
    derive(&mut card);
    Ok(card)
}

fn template_lines(conn: &Connection) -> Result<Vec<ScoreLine>> {
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

/// Saves scores and evidence. A decided scorecard is a record: saving after a decision starts the
/// next round. Lines are matched to the card by criterion name; unknown names are refused.
/// The culture and capacity scores feed the fit score.
pub fn save_scores(store: &mut Store, prospect: i64, lines: &[ScoreLine]) -> Result<Scorecard> {
    let mut errors = Vec::new();
    for l in lines {
        if l.score.is_some_and(|s| !(1..=5).contains(&s)) {
            errors.push(crate::model::domain::FieldError {
                field: l.criterion.clone(),
                message: "Score from 1 to 5.".into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    store.write(|tx| {
        // Read inside the transaction: scores never land on a card decided meanwhile.
        let current = scorecard(tx, prospect)?;
        for l in lines {
            if !current.lines.iter().any(|c| c.criterion == l.criterion) {
                return Err(Error::invalid(
                    "criterion",
                    format!("{:?} is not a criterion of this scorecard", l.criterion),
                ));
            }
        }
        let id = match (current.id, current.decision) {
            (Some(id), None) => id,
            _ => {
                tx.execute(
                    "INSERT INTO scorecard (prospect_id, created_at) VALUES (?1, ?2)",
                    params![prospect, now()],
                )?;
                let id = tx.last_insert_rowid();
                // A new round starts from the current criteria, keeping the earlier evidence.
                for t in template_lines(tx)? {
                    tx.execute(
                        "INSERT INTO scorecard_score (scorecard_id, criterion_id, criterion_name,
                                                      weight, must_have)
                         VALUES (?1, (SELECT id FROM scorecard_criterion WHERE name = ?2 AND active = 1
                                      ORDER BY id LIMIT 1), ?2, ?3, ?4)",
                        params![id, t.criterion, t.weight, t.must_have],
                    )?;
                }
                id
            }
        };
        for l in lines {
            tx.execute(
                "UPDATE scorecard_score SET score = ?3, evidence = ?4
                 WHERE scorecard_id = ?1 AND criterion_name = ?2",
                params![id, l.criterion, l.score, l.evidence.trim()],
            )?;
        }
        let mut st = tx.prepare(
            "SELECT criterion_name, weight, must_have, score, evidence FROM scorecard_score
             WHERE scorecard_id = ?1",
        )?;
        let saved = st
            .query_map([id], |r| {
                Ok(ScoreLine {
                    criterion: r.get(0)?,
                    weight: r.get(1)?,
                    must_have: r.get(2)?,
                    score: r.get(3)?,
                    evidence: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        tx.execute(
            "UPDATE scorecard SET total = ?2 WHERE id = ?1",
            params![id, total(&saved)],
        )?;
        let find = |word: &str| {
            saved
                .iter()
                .find(|l| l.criterion.to_lowercase().contains(word))
                .and_then(|l| l.score)
        };
        tx.execute(
            "UPDATE prospect SET culture_score = coalesce(?2, culture_score),
                    capacity_score = coalesce(?3, capacity_score), updated_at = ?4 WHERE id = ?1",
            params![prospect, find("culture"), find("capacity"), now()],
        )?;
        crate::ops::scoring::rescore(tx, Some(&[prospect]))?;
        Ok(())
    })?;
    scorecard(store.conn(), prospect)
}

/// Records a dated go / no-go / more-diligence decision on the current scorecard.
pub fn decide(store: &mut Store, input: &DecisionInput, today: NaiveDate) -> Result<Scorecard> {
    // Read and checked inside the write transaction: a scorecard decided meanwhile (in another
    // window or by a script) is not decided twice.
    store.write(|tx| {
        let card = scorecard(tx, input.prospect_id)?;
        let Some(id) = card.id else {
            return Err(Error::invalid(
                "decision",
                "Score the criteria before deciding.",
            ));
        };
        if card.decision.is_some() {
            return Err(Error::Conflict(
                "this scorecard is already decided; save new scores to start the next round".into(),
            ));
        }
        if input.rationale.trim().is_empty() {
            return Err(Error::invalid(
                "rationale",
                "Write down why: the rationale is part of the record.",
            ));
        }
        let override_reason = input.override_reason.trim();
        if input.decision == Decision::Go {
            let unscored: Vec<&str> = card
                .lines
                .iter()
                .filter(|l| l.must_have && l.score.is_none())
                .map(|l| l.criterion.as_str())
                .collect();
            if !unscored.is_empty() {
                return Err(Error::invalid(
                    "decision",
                    format!(
                        "Score every must-have before a go: {}.",
                        unscored.join(", ")
                    ),
                ));
            }
            if !card.blocking.is_empty() && override_reason.is_empty() {
                return Err(Error::Blocked(format!(
                    "must-have scored 1: {}; a go needs a written override reason",
                    card.blocking.join(", ")
                )));
            }
        }
        let by =
            setting(tx, crate::store::queries::settings::SETTING_USER_NAME)?.unwrap_or_default();
        tx.execute(
            "UPDATE scorecard SET decision = ?2, decided_on = ?3, decided_by = ?4, rationale = ?5,
                    override_reason = ?6
             WHERE id = ?1",
            params![
                id,
                input.decision.as_str(),
                today.to_string(),
                by,
                input.rationale.trim(),
                if input.decision == Decision::Go {
                    override_reason
                } else {
                    ""
                }
            ],
        )?;
        touch(tx, input.prospect_id)
    })?;
    scorecard(store.conn(), input.prospect_id)
}

// ---------------------------------------------------------------------------------------------
// Activities

pub fn add_activity(store: &mut Store, a: &ActivityInput, today: NaiveDate) -> Result<Activity> {
    let mut errors = Vec::new();
    let mut field = |f: &str, m: String| {
        errors.push(crate::model::domain::FieldError {
            field: f.into(),
            message: m,
        })
    };
    if a.subject.trim().is_empty() && a.body.trim().is_empty() {
        field(
            "subject",
            "Give the activity a subject or some text.".into(),
        );
    }
    let occurred = if a.occurred_on.trim().is_empty() {
        Some(today)
    } else {
        match parse_day("occurred_on", &a.occurred_on) {
            Ok(d) => Some(d),
            Err(e) => {
                field("occurred_on", e_message(&e));
                None
            }
        }
    };
    let follow = if a.follow_up_on.trim().is_empty() {
        None
    } else {
        match parse_day("follow_up_on", &a.follow_up_on) {
            Ok(d) => {
                if occurred.is_some_and(|o| d < o) {
                    field(
                        "follow_up_on",
                        "The follow-up cannot be before the activity.".into(),
                    );
                }
                Some(d)
            }
            Err(e) => {
                field("follow_up_on", e_message(&e));
                None
            }
        }
    };
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    let occurred = occurred.unwrap_or(today);
    let id = store.write(|tx| {
        prospect_name(tx, a.prospect_id)?;
        if let Some(c) = a.contact_id {
            let ok: Option<i64> = tx
                .query_row(
                    "SELECT id FROM contact WHERE id = ?1 AND prospect_id = ?2",
                    params![c, a.prospect_id],
                    |r| r.get(0),
                )
                .optional()?;
            if ok.is_none() {
                return Err(Error::invalid(
                    "contact_id",
                    "That contact does not belong to this prospect.",
                ));
            }
        }
        let by =
            setting(tx, crate::store::queries::settings::SETTING_USER_NAME)?.unwrap_or_default();
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
                follow.map(|d| d.to_string()),
                by,
                now()
            ],
        )?;
        let id = tx.last_insert_rowid();
        touch(tx, a.prospect_id)?;
        Ok(id)
    })?;
    activity(store.conn(), id)
}

fn e_message(e: &Error) -> String {
    match e {
        Error::Invalid { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// Marks a follow-up done (or open again).
pub fn set_follow_up_done(store: &mut Store, activity_id: i64, done: bool) -> Result<Activity> {
    store.write(|tx| {
        let n = tx.execute(
            "UPDATE activity SET follow_up_done_at = CASE WHEN ?2 THEN ?3 ELSE NULL END
             WHERE id = ?1 AND follow_up_on IS NOT NULL",
            params![activity_id, done, now()],
        )?;
        if n == 0 {
            return Err(Error::NotFound {
                what: format!("follow-up of activity {activity_id}"),
            });
        }
        Ok(())
    })?;
    activity(store.conn(), activity_id)
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

fn activity(conn: &Connection, id: i64) -> Result<Activity> {
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

// ---------------------------------------------------------------------------------------------
// The prospect's pipeline page

pub fn pipeline_view(conn: &Connection, prospect: i64, today: NaiveDate) -> Result<PipelineView> {
    let (name, stage, stage_since, stage_reason, next_step): (
        String,
        Stage,
        String,
        String,
        String,
    ) = conn
        .query_row(
            "SELECT name, stage, stage_since, stage_reason, next_step FROM prospect WHERE id = ?1",
            [prospect],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: format!("prospect {prospect}"),
        })?;
    let checklist = checklist(conn, prospect)?;
    let scorecard = scorecard(conn, prospect)?;
    let activities = timeline(conn, prospect, 50)?;
    let guidance = guidance(stage, &checklist, &scorecard, &activities, today);
    Ok(PipelineView {
        prospect_id: prospect,
        name,
        stage,
        stage_since,
        stage_reason,
        next_stage: next_stage(stage),
        guidance,
        next_step,
        checklist,
        history: history(conn, prospect)?,
        scorecard,
        activities,
        contacts: contacts(conn, prospect)?,
    })
}

// ---------------------------------------------------------------------------------------------
// Board

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
                (SELECT decision FROM scorecard s WHERE s.prospect_id = p.id ORDER BY id DESC LIMIT 1),
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
