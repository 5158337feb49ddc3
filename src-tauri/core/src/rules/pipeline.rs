//! The pipeline's rules: the main line of stages and the next one, scorecard totals and what
//! blocks a "go", and what the prospect page says to do next. Pure.

use chrono::NaiveDate;

use crate::model::domain::Stage;
use crate::model::error::{Error, Result};
use crate::model::pipeline::{Activity, ChecklistItem, Decision, ScoreLine, Scorecard};
use crate::model::words::Phrase;

/// Position on the main line; Paused and Ended are off it.
pub fn line_position(stage: Stage) -> Option<usize> {
    match stage {
        Stage::LongList => Some(0),
        Stage::ShortList => Some(1),
        Stage::Vetting => Some(2),
        Stage::Negotiating => Some(3),
        Stage::Active => Some(4),
        Stage::Paused | Stage::Ended => None,
    }
}

pub const MAIN_LINE: [Stage; 5] = [
    Stage::LongList,
    Stage::ShortList,
    Stage::Vetting,
    Stage::Negotiating,
    Stage::Active,
];

/// The stage after `stage` on the main line, if any.
pub fn next_stage(stage: Stage) -> Option<Stage> {
    line_position(stage).and_then(|i| MAIN_LINE.get(i + 1).copied())
}

/// Weighted total on 0–100: each score 1–5 maps to 0–100 ((s − 1) × 25), weighted by the
/// criterion's weight, over the criteria scored so far, rounded half up. Integer arithmetic only.
pub fn total(lines: &[ScoreLine]) -> Option<i64> {
    let (num, den) = lines
        .iter()
        .filter_map(|l| l.score.map(|s| (l.weight * (s - 1) * 25, l.weight)))
        .fold((0i64, 0i64), |(n, d), (a, b)| (n + a, d + b));
    (den > 0).then(|| (2 * num + den) / (2 * den))
}

pub fn blocking(lines: &[ScoreLine]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l.must_have && l.score == Some(1))
        .map(|l| l.criterion.clone())
        .collect()
}

pub fn derive(card: &mut Scorecard) {
    card.total = total(&card.lines);
    card.complete = !card.lines.is_empty() && card.lines.iter().all(|l| l.score.is_some());
    card.recommendation = card.total.map(|t| card.thresholds.recommend(t));
    card.blocking = blocking(&card.lines);
}

/// What the prospect page says to do next. Overdue follow-ups come first, then the stage's own
/// work: its open checklist items, the scorecard and the decision in Vetting, then the move on.
/// As a phrase (`guidance.*`) the window and the dossier say in their language.
pub fn guidance(
    stage: Stage,
    checklist: &[ChecklistItem],
    card: &Scorecard,
    activities: &[Activity],
    today: NaiveDate,
) -> Phrase {
    let overdue = activities
        .iter()
        .filter(|a| a.follow_up_done_at.is_none())
        .filter_map(|a| {
            a.follow_up_on
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .filter(|d| *d <= today)
                .map(|d| (d, a))
        })
        .min_by_key(|(d, _)| *d);
    if let Some((d, a)) = overdue {
        return if d == today {
            Phrase::new(
                "guidance.follow_up_today",
                &[("subject", a.subject.clone())],
            )
        } else {
            Phrase::new(
                "guidance.follow_up_since",
                &[("subject", a.subject.clone()), ("date", d.to_string())],
            )
        };
    }
    match stage {
        Stage::Paused => return Phrase::new("guidance.paused", &[]),
        Stage::Ended => return Phrase::new("guidance.ended", &[]),
        _ => {}
    }
    let open: Vec<&ChecklistItem> = checklist
        .iter()
        .filter(|i| i.stage == stage && i.done_on.is_none())
        .collect();
    if stage == Stage::Vetting {
        if !card.complete {
            let left = card.lines.iter().filter(|l| l.score.is_none()).count();
            return Phrase::new(
                "guidance.scorecard",
                &[
                    ("left", left.to_string()),
                    ("total", card.lines.len().to_string()),
                ],
            );
        }
        if card.decision.is_none() {
            return Phrase::new("guidance.decide", &[]);
        }
    }
    if let Some(first) = open.first() {
        return Phrase::new(
            "guidance.checklist_open",
            &[
                ("item", first.label.clone()),
                ("open", open.len().to_string()),
                ("stage", stage.as_str().to_string()),
            ],
        );
    }
    match next_stage(stage) {
        Some(next) if stage == Stage::Vetting && card.decision == Some(Decision::MoreDiligence) => {
            Phrase::new(
                "guidance.more_diligence",
                &[("next", next.as_str().to_string())],
            )
        }
        Some(_) if stage == Stage::Vetting && card.decision == Some(Decision::NoGo) => {
            Phrase::new("guidance.no_go", &[])
        }
        Some(next) => Phrase::new("guidance.move_on", &[("next", next.as_str().to_string())]),
        None => Phrase::new("guidance.active", &[]),
    }
}

pub fn parse_day(field: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            field,
            format!("{:?} is not a date; use YYYY-MM-DD", s.trim()),
        )
    })
}

/// The share of `reached` among `before`, in basis points rounded half up; None when none
/// reached the stage before.
pub fn conversion_bp(before: i64, reached: i64) -> Option<i64> {
    (before > 0).then(|| (reached * 10_000 + before / 2) / before)
}

/// The funnel from each prospect's stages (its current one and every one its history names):
/// a prospect counts as having reached a stage of the main line when it was ever at it or
/// beyond. Paused and ended count by the furthest stage they reached before; every prospect
/// reached the long-list.
pub fn funnel(
    seen: &[(i64, Stage)],
    now: &[(Stage, i64)],
) -> Vec<crate::model::pipeline::FunnelStage> {
    let mut furthest: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
    for (id, stage) in seen {
        let at = MAIN_LINE.iter().position(|s| s == stage).unwrap_or(0);
        let e = furthest.entry(*id).or_insert(0);
        *e = (*e).max(at);
    }
    let mut out = Vec::new();
    let mut before: Option<i64> = None;
    for (i, stage) in MAIN_LINE.iter().enumerate() {
        let reached = furthest.values().filter(|&&f| f >= i).count() as i64;
        out.push(crate::model::pipeline::FunnelStage {
            stage: *stage,
            now: now.iter().find(|(s, _)| s == stage).map_or(0, |(_, n)| *n),
            reached,
            conversion_bp: before.and_then(|b| conversion_bp(b, reached)),
        });
        before = Some(reached);
    }
    out
}
