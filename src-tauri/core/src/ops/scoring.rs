//! Scoring the book: re-ranking prospects when what fit is measured against changes, once a
//! day (certifications expire with the calendar), and explaining one prospect's score. The rule
//! is `rules::fit`; this module loads its inputs and stores the scores.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};

use crate::model::error::{Error, Result};
use crate::store::queries::{fit, profile, settings};
use crate::store::Store;

pub use crate::model::domain::RankedProspect;
pub use crate::rules::fit::{
    explain, score, FitContribution, FitExplanation, FitInput, FitWeights,
};
pub use crate::store::queries::fit::{inputs, weights, SETTING_SCORED_ON, SETTING_WEIGHTS};

/// Recomputes and stores the fit score of the given prospects (all when `ids` is None).
pub fn rescore(tx: &Transaction<'_>, ids: Option<&[i64]>) -> Result<usize> {
    let profile = profile::profile(tx)?;
    let weights = fit::weights(tx)?;
    let today = chrono::Local::now().date_naive();
    let inputs = fit::inputs(tx, ids)?;
    for (id, input) in &inputs {
        fit::write_score(tx, *id, score(&profile, &weights, input, today))?;
    }
    Ok(inputs.len())
}

/// Re-ranks every prospect when the stored scores were computed on an earlier day (certifications
/// expire with the calendar, not with an edit). Returns whether it rescored.
pub fn refresh_if_stale(store: &mut Store, today: NaiveDate) -> Result<bool> {
    let today = today.format("%Y-%m-%d").to_string();
    if settings::setting(store.conn(), fit::SETTING_SCORED_ON)?.as_deref() == Some(today.as_str()) {
        return Ok(false);
    }
    store.write(|tx| {
        rescore(tx, None)?;
        settings::set_setting(tx, fit::SETTING_SCORED_ON, &today)?;
        Ok(true)
    })
}

/// Saves new weights and re-ranks every prospect, in one transaction.
pub fn set_weights(store: &mut Store, w: &FitWeights) -> Result<FitWeights> {
    w.validate()?;
    store.write(|tx| {
        settings::set_setting(tx, fit::SETTING_WEIGHTS, &serde_json::to_string(w)?)?;
        rescore(tx, None)?;
        Ok(*w)
    })
}

/// The explanation of one stored prospect's score, as of today.
pub fn explain_prospect(conn: &Connection, id: i64) -> Result<FitExplanation> {
    let profile = profile::profile(conn)?;
    let weights = fit::weights(conn)?;
    let (_, input) = fit::inputs(conn, Some(&[id]))?
        .into_iter()
        .next()
        .ok_or_else(|| Error::NotFound {
            what: format!("prospect {id}"),
        })?;
    Ok(explain(
        &profile,
        &weights,
        &input,
        chrono::Local::now().date_naive(),
    ))
}

/// `allybook prospects [--rank]`: live prospects by name (or best fit first), each with its
/// score explained. Scores computed on an earlier day are refreshed first when the book can be
/// written.
pub fn ranked(store: &mut Store, by_fit: bool, limit: i64) -> Result<Vec<RankedProspect>> {
    if store.is_writable() {
        refresh_if_stale(store, chrono::Local::now().date_naive())?;
    }
    let query = crate::model::domain::ProspectQuery {
        sort: if by_fit {
            crate::model::domain::ProspectSort::Score
        } else {
            crate::model::domain::ProspectSort::Name
        },
        limit,
        ..crate::model::domain::ProspectQuery::default()
    };
    let page = crate::store::queries::prospects::list_prospects(store.conn(), &query)?;
    page.items
        .into_iter()
        .map(|p| {
            let fit = explain_prospect(store.conn(), p.id)?;
            Ok(RankedProspect {
                id: p.id,
                name: p.name,
                score: fit.score,
                stage: p.stage,
                domain: p.domain,
                explanation: fit.contributions,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_refreshed_once_a_day() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut store = crate::Store::open(&dir.path().join("s.sqlite")).expect("open");
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).expect("d");
        assert!(refresh_if_stale(&mut store, day).expect("first"));
        assert!(!refresh_if_stale(&mut store, day).expect("same day"));
        let next = NaiveDate::from_ymd_opt(2026, 11, 27).expect("d");
        assert!(refresh_if_stale(&mut store, next).expect("next day"));
    }
}
