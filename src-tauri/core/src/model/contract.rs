//! Contracts as loaded: a version's status, terms, clause choices, signatories and recorded
//! status changes. The rules that move them are in `ops::contract`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::error::{Error, Result};
use crate::model::terms::Terms;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    Draft,
    Sent,
    Signed,
    Active,
    Expired,
    Terminated,
}

impl VersionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::Sent => "sent",
            VersionStatus::Signed => "signed",
            VersionStatus::Active => "active",
            VersionStatus::Expired => "expired",
            VersionStatus::Terminated => "terminated",
        }
    }
    pub fn parse(s: &str) -> Result<VersionStatus> {
        Ok(match s.trim().to_lowercase().as_str() {
            "draft" => VersionStatus::Draft,
            "sent" => VersionStatus::Sent,
            "signed" => VersionStatus::Signed,
            "active" => VersionStatus::Active,
            "expired" => VersionStatus::Expired,
            "terminated" => VersionStatus::Terminated,
            other => {
                return Err(Error::invalid(
                    "status",
                    format!(
                        "unknown status {other:?}; expected draft, sent, signed, active, expired or terminated"
                    ),
                ))
            }
        })
    }
    /// Signed and later versions are frozen.
    pub fn frozen(self) -> bool {
        !matches!(self, VersionStatus::Draft | VersionStatus::Sent)
    }
    pub fn can_become(self, next: VersionStatus) -> bool {
        use VersionStatus::*;
        matches!(
            (self, next),
            (Draft, Sent)
                | (Draft, Signed)
                | (Sent, Draft)
                | (Sent, Signed)
                | (Signed, Active)
                | (Signed, Terminated)
                | (Active, Expired)
                | (Active, Terminated)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ContractSummary {
    pub id: i64,
    pub prospect_id: i64,
    pub partner: String,
    pub title: String,
    pub versions: i64,
    /// The latest version's status.
    pub status: VersionStatus,
    pub latest_version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ContractVersion {
    pub contract_id: i64,
    /// The partner's prospect id.
    pub prospect_id: i64,
    pub title: String,
    pub partner: String,
    pub version: i64,
    pub status: VersionStatus,
    pub template_version: String,
    pub terms: Terms,
    pub clauses: ClauseSelection,
    pub signed_on: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_sha256: Option<String>,
    pub created_at: String,
    pub created_by: String,
    /// The day it takes effect: the terms' date, or the signing date when they give none.
    pub effective_on: Option<String>,
    /// Its recorded status changes, oldest first.
    pub events: Vec<ContractEvent>,
}

/// Who signed for one party.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Signatory {
    pub name: String,
    /// Their role or title ("Managing Director").
    pub role: String,
}

/// A status change as the user decides it: the day it happened, why (termination, expiry) and,
/// for a signing, who signed for each party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct StatusChange {
    pub status: VersionStatus,
    /// YYYY-MM-DD; today when empty.
    pub on: Option<String>,
    pub reason: String,
    pub our_signatory: Signatory,
    pub partner_signatory: Signatory,
}

impl Default for StatusChange {
    fn default() -> Self {
        StatusChange {
            status: VersionStatus::Draft,
            on: None,
            reason: String::new(),
            our_signatory: Signatory::default(),
            partner_signatory: Signatory::default(),
        }
    }
}

/// A recorded status change of a version (never edited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ContractEvent {
    pub status: VersionStatus,
    pub happened_on: String,
    pub reason: String,
    pub our_signatory: Option<Signatory>,
    pub partner_signatory: Option<Signatory>,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// Per version: which clauses are off or replaced by an alternative, and the user's own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ClauseSelection {
    pub choices: Vec<ClauseChoice>,
    pub custom: Vec<CustomClause>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ClauseChoice {
    pub id: String,
    pub off: bool,
    /// The key of an alternative text in the template.
    pub alternative: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CustomClause {
    pub title: String,
    pub text: String,
    /// Placed after this template clause; at the end when empty.
    pub after: String,
}

impl ClauseSelection {
    /// Reads `contract_version.clauses_json` (the v1 schema default is `[]`).
    pub fn from_json(s: &str) -> Result<ClauseSelection> {
        let v: serde_json::Value = serde_json::from_str(s)?;
        if v.is_array() {
            return Ok(ClauseSelection::default());
        }
        Ok(serde_json::from_value(v)?)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VersionInfo {
    pub version: i64,
    pub status: VersionStatus,
    pub created_at: String,
    pub created_by: String,
    pub signed_on: Option<String>,
}
