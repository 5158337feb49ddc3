//! What the headless commands print with `--json`: the types the window's commands return,
//! serialised the same way, plus the names earlier releases printed for some fields (kept:
//! `--json` fields are a public contract — added to, never renamed). A field added to one of
//! these types appears in the window's IPC and in `--json` at once.

use serde::Serialize;

use crate::model::pipeline::MoveOutcome;
use crate::model::selling::Opportunity;
use crate::ops::import::ImportReport;

/// `import prospects --json`.
#[derive(Debug, Serialize)]
pub struct Imported<'a> {
    #[serde(flatten)]
    pub report: &'a ImportReport,
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// Whether anything was written (not for a dry run, nor when errors refused the file).
    pub written: bool,
}

impl<'a> Imported<'a> {
    pub fn new(report: &'a ImportReport, dry_run: bool) -> Self {
        Imported {
            report,
            dry_run,
            written: !report.nothing_written,
        }
    }
}

/// `move --json`: the outcome, with the prospect's id also as `id`.
#[derive(Debug, Serialize)]
pub struct Moved<'a> {
    #[serde(flatten)]
    pub outcome: &'a MoveOutcome,
    pub id: i64,
}

impl<'a> From<&'a MoveOutcome> for Moved<'a> {
    fn from(outcome: &'a MoveOutcome) -> Self {
        Moved {
            outcome,
            id: outcome.prospect_id,
        }
    }
}

/// `contract create --json`: the new contract's id.
#[derive(Debug, Serialize)]
pub struct Created {
    pub id: i64,
}

/// `opportunities --json`, one per deal: the opportunity, with the partner's id also as
/// `partner_id` and the value in minor units also as `value`.
#[derive(Debug, Serialize)]
pub struct OpportunityLine<'a> {
    #[serde(flatten)]
    pub opportunity: &'a Opportunity,
    pub partner_id: i64,
    pub value: i64,
}

impl<'a> From<&'a Opportunity> for OpportunityLine<'a> {
    fn from(opportunity: &'a Opportunity) -> Self {
        OpportunityLine {
            opportunity,
            partner_id: opportunity.prospect_id,
            value: opportunity.value_minor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names scripts read stay, beside every field of the IPC's type.
    #[test]
    fn json_keeps_the_names_scripts_read_and_adds_the_ipc_fields() {
        let outcome = MoveOutcome {
            prospect_id: 7,
            name: "Fjord".into(),
            from: crate::model::domain::Stage::LongList,
            to: crate::model::domain::Stage::ShortList,
            skipped: vec!["Call".into()],
        };
        let v = serde_json::to_value(Moved::from(&outcome)).expect("json");
        for key in ["id", "name", "from", "to", "skipped", "prospect_id"] {
            assert!(v.get(key).is_some(), "{key} in {v}");
        }
        assert_eq!(v["id"], 7);
        assert_eq!(v["to"], "short_list");
    }
}
