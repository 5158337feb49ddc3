//! The guided pipeline: stage moves with their gates, the checklist, the vetting scorecard,
//! activities and what the prospect page says to do next.
//!
//! Gate rule: the checklist items of a stage are the work done *in* that stage. Advancing along
//! the main line (Long-list → Short-list → Vetting → Negotiating → Active) past a stage whose
//! items are open needs an explicit confirmation, and the move records which items were skipped.
//! Pausing, ending and moving back never ask; pausing and ending need a reason.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::model::domain::Stage;
use crate::model::error::{Error, Result};
use crate::store::queries::pipeline as q;
use crate::store::queries::settings::{now, set_setting, setting, SETTING_USER_NAME};
use crate::Store;

pub use crate::store::queries::pipeline::{
    board, checklist, checklist_template, contacts, history, resolve_prospect, stuck_days,
    thresholds, timeline,
};

pub use crate::model::pipeline::*;
pub use crate::rules::pipeline::{blocking, guidance, line_position, next_stage, parse_day, total};
use crate::rules::pipeline::{derive, MAIN_LINE};

// ---------------------------------------------------------------------------------------------
// Checklist

/// Ticks or unticks one checklist item for a prospect.
pub fn set_checklist_item(
    store: &mut Store,
    prospect: i64,
    item: i64,
    done: bool,
    today: NaiveDate,
) -> Result<Vec<ChecklistItem>> {
    store.write(|tx| {
        q::prospect_name(tx, prospect)?;
        let (stage, label) = q::template_item(tx, item)?.ok_or_else(|| Error::NotFound {
            what: format!("checklist item {item}"),
        })?;
        q::untick(tx, prospect, item)?;
        if done {
            let by = setting(tx, SETTING_USER_NAME)?.unwrap_or_default();
            q::tick(tx, prospect, item, &stage, &label, today, &by)?;
        }
        q::touch(tx, prospect)?;
        Ok(())
    })?;
    checklist(store.conn(), prospect)
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
            errors.push(crate::model::domain::FieldError::said(
                format!("item{i}"),
                "invalid.item_label",
                &[],
            ));
        } else if !seen.insert((it.stage, label.to_lowercase())) {
            errors.push(crate::model::domain::FieldError::said(
                format!("item{i}"),
                "invalid.item_twice",
                &[
                    ("item", label.to_string()),
                    ("stage", it.stage.as_str().to_string()),
                ],
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    store.write(|tx| q::replace_template(tx, items))?;
    checklist_template(store.conn())
}

// ---------------------------------------------------------------------------------------------
// Stage moves

/// The items a move from the prospect's current stage to `to` would leave open.
pub fn open_items_for_move(conn: &Connection, prospect: i64, to: Stage) -> Result<Vec<String>> {
    let (_, from) = q::name_and_stage(conn, prospect)?;
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
        let (name, from) = q::name_and_stage(tx, req.prospect_id)?;
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
        let by = setting(tx, SETTING_USER_NAME)?.unwrap_or_default();
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
        q::record_move(
            tx,
            req.prospect_id,
            from,
            req.to,
            &now,
            &by,
            &full_note,
            &skipped,
            stage_reason,
        )?;
        // In a team book the move is written to the team even when it lands where the prospect
        // was (moved away and back within a second): it meets a colleague's concurrent move as
        // a conflict.
        crate::store::sync::set_on_purpose(tx, "prospect", req.prospect_id, "stage")?;
        Ok(MoveOutcome {
            prospect_id: req.prospect_id,
            name,
            from,
            to: req.to,
            skipped,
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Scorecard

pub fn pipeline_settings(conn: &Connection) -> Result<PipelineSettings> {
    Ok(PipelineSettings {
        thresholds: thresholds(conn)?,
        stuck_days: stuck_days(conn)?,
    })
}

pub fn save_pipeline_settings(store: &mut Store, s: &PipelineSettings) -> Result<PipelineSettings> {
    let mut errors = Vec::new();
    let mut err = |field: &str, key: &str| {
        errors.push(crate::model::domain::FieldError::said(field, key, &[]))
    };
    let t = s.thresholds;
    if !(0..=100).contains(&t.pass_below) {
        err("pass_below", "invalid.threshold");
    }
    if !(0..=100).contains(&t.pilot_above) {
        err("pilot_above", "invalid.threshold");
    } else if t.pilot_above < t.pass_below {
        err("pilot_above", "invalid.pilot_below_pass");
    }
    if !(1..=3650).contains(&s.stuck_days) {
        err("stuck_days", "invalid.stuck_days");
    }
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    store.write(|tx| {
        set_setting(tx, q::SETTING_THRESHOLDS, &serde_json::to_string(&t)?)?;
        set_setting(tx, q::SETTING_STUCK_DAYS, &s.stuck_days.to_string())
    })?;
    pipeline_settings(store.conn())
}

/// The prospect's latest scorecard, or a blank one from the current criteria.
pub fn scorecard(conn: &Connection, prospect: i64) -> Result<Scorecard> {
    q::prospect_name(conn, prospect)?;
    let th = q::thresholds(conn)?;
    let latest = q::latest_card(conn, prospect)?;
    let mut card = match latest {
        Some((id, round, decision, decided_on, decided_by, rationale, override_reason)) => {
            let lines = q::card_lines(conn, id)?;
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
            lines: q::template_lines(conn)?,
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

/// Saves scores and evidence. A decided scorecard is a record: saving after a decision starts the
/// next round. Lines are matched to the card by criterion name; unknown names are refused.
/// The culture and capacity scores feed the fit score.
pub fn save_scores(store: &mut Store, prospect: i64, lines: &[ScoreLine]) -> Result<Scorecard> {
    let mut errors = Vec::new();
    for l in lines {
        if l.score.is_some_and(|s| !(1..=5).contains(&s)) {
            errors.push(crate::model::domain::FieldError::said(
                l.criterion.clone(),
                "invalid.score",
                &[],
            ));
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
            // A new round starts from the current criteria, keeping the earlier evidence.
            _ => q::new_round(tx, prospect)?,
        };
        for l in lines {
            q::set_score(tx, id, l)?;
        }
        let saved = q::saved_lines(tx, id)?;
        q::set_total(tx, id, total(&saved))?;
        let find = |words: &[&str]| {
            saved
                .iter()
                .find(|l| {
                    let name = l.criterion.to_lowercase();
                    words.iter().any(|w| name.contains(w))
                })
                .and_then(|l| l.score)
        };
        q::set_culture_and_capacity(
            tx,
            prospect,
            find(&crate::model::pipeline::CULTURE_WORDS),
            find(&crate::model::pipeline::CAPACITY_WORDS),
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
        let by = setting(tx, SETTING_USER_NAME)?.unwrap_or_default();
        let override_reason = if input.decision == Decision::Go {
            override_reason
        } else {
            ""
        };
        q::record_decision(
            tx,
            id,
            input.decision,
            today,
            &by,
            input.rationale.trim(),
            override_reason,
        )?;
        q::touch(tx, input.prospect_id)
    })?;
    scorecard(store.conn(), input.prospect_id)
}

// ---------------------------------------------------------------------------------------------
// Activities

pub fn add_activity(store: &mut Store, a: &ActivityInput, today: NaiveDate) -> Result<Activity> {
    let mut errors = Vec::new();
    if a.subject.trim().is_empty() && a.body.trim().is_empty() {
        errors.push(crate::model::domain::FieldError::said(
            "subject",
            "invalid.activity_empty",
            &[],
        ));
    }
    use crate::model::domain::FieldError;
    let not_a_date = |f: &str, text: &str| {
        FieldError::said(
            f,
            "invalid.not_a_date",
            &[("text", text.trim().to_string())],
        )
    };
    let occurred = if a.occurred_on.trim().is_empty() {
        Some(today)
    } else {
        match parse_day("occurred_on", &a.occurred_on) {
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(not_a_date("occurred_on", &a.occurred_on));
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
                    errors.push(FieldError::said(
                        "follow_up_on",
                        "invalid.follow_up_before",
                        &[],
                    ));
                }
                Some(d)
            }
            Err(_) => {
                errors.push(not_a_date("follow_up_on", &a.follow_up_on));
                None
            }
        }
    };
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    let occurred = occurred.unwrap_or(today);
    let id = store.write(|tx| {
        q::prospect_name(tx, a.prospect_id)?;
        if let Some(c) = a.contact_id {
            if !q::contact_of(tx, c, a.prospect_id)? {
                return Err(Error::invalid(
                    "contact_id",
                    "That contact does not belong to this prospect.",
                ));
            }
        }
        let by = setting(tx, SETTING_USER_NAME)?.unwrap_or_default();
        let id = q::add_activity(tx, a, occurred, follow, &by)?;
        q::touch(tx, a.prospect_id)?;
        Ok(id)
    })?;
    q::activity(store.conn(), id)
}

/// Marks a follow-up done (or open again).
pub fn set_follow_up_done(store: &mut Store, activity_id: i64, done: bool) -> Result<Activity> {
    store.write(|tx| {
        if !q::set_follow_up_done(tx, activity_id, done)? {
            return Err(Error::NotFound {
                what: format!("follow-up of activity {activity_id}"),
            });
        }
        Ok(())
    })?;
    q::activity(store.conn(), activity_id)
}

// ---------------------------------------------------------------------------------------------
// The prospect's pipeline page

pub fn pipeline_view(conn: &Connection, prospect: i64, today: NaiveDate) -> Result<PipelineView> {
    let (name, stage, stage_since, stage_reason, next_step) = q::stage_of(conn, prospect)?;
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
        guidance: guidance.english(),
        guidance_words: guidance,
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

/// `allybook move PROSPECT STAGE`: the prospect by id or exact name, the stage by name. When
/// the move would leave checklist items open, `confirm` is shown them and decides; None when it
/// declines (nothing moved).
pub fn move_named(
    store: &mut Store,
    prospect: &str,
    stage: &str,
    note: String,
    reason: String,
    confirm: impl FnOnce(&[String]) -> bool,
) -> Result<Option<MoveOutcome>> {
    let to = Stage::parse(stage)?;
    let id = resolve_prospect(store.conn(), prospect)?;
    let open = open_items_for_move(store.conn(), id, to)?;
    if !open.is_empty() && !confirm(&open) {
        return Ok(None);
    }
    move_prospect(
        store,
        &MoveRequest {
            prospect_id: id,
            to,
            note,
            reason,
            confirm_skip: true,
        },
    )
    .map(Some)
}

/// The partner funnel: each stage of the main line with how many prospects are in it now, how
/// many ever reached it, and the conversion from the stage before.
pub fn funnel(conn: &Connection) -> Result<Vec<FunnelStage>> {
    Ok(crate::rules::pipeline::funnel(
        &q::stages_seen(conn)?,
        &q::stage_counts(conn)?,
    ))
}
