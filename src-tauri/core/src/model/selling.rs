//! Selling together, as loaded and as the forms send it: joint opportunities, lead
//! registrations, the terms in force with a partner, referral-fee statements.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OpportunityStage {
    Identified,
    Qualified,
    Proposal,
    Won,
    Lost,
}

impl OpportunityStage {
    pub const ALL: [OpportunityStage; 5] = [
        OpportunityStage::Identified,
        OpportunityStage::Qualified,
        OpportunityStage::Proposal,
        OpportunityStage::Won,
        OpportunityStage::Lost,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OpportunityStage::Identified => "identified",
            OpportunityStage::Qualified => "qualified",
            OpportunityStage::Proposal => "proposal",
            OpportunityStage::Won => "won",
            OpportunityStage::Lost => "lost",
        }
    }
    pub fn parse(s: &str) -> OpportunityStage {
        match s {
            "qualified" => OpportunityStage::Qualified,
            "proposal" => OpportunityStage::Proposal,
            "won" => OpportunityStage::Won,
            "lost" => OpportunityStage::Lost,
            _ => OpportunityStage::Identified,
        }
    }
}

/// Who leads a deal (and bills the customer), or who registered a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Us,
    Partner,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Us => "us",
            Side::Partner => "partner",
        }
    }
    pub fn parse(s: &str) -> Side {
        if s == "partner" {
            Side::Partner
        } else {
            Side::Us
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Opportunity {
    pub id: i64,
    pub prospect_id: i64,
    pub partner: String,
    pub customer: String,
    pub customer_domain: String,
    pub description: String,
    pub value_minor: i64,
    pub currency: String,
    pub stage: OpportunityStage,
    pub lost_reason: String,
    pub expected_close_on: Option<String>,
    pub closed_on: Option<String>,
    pub led_by: Side,
    /// The share in force for this deal: on its close date when won, else today.
    pub share_bp: Option<i64>,
    pub next_step: String,
    pub next_step_on: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct OpportunityInput {
    pub id: Option<i64>,
    pub prospect_id: i64,
    pub customer: String,
    /// The customer's website or domain, for matching lead registrations.
    pub customer_domain: String,
    pub description: String,
    pub value_minor: i64,
    pub currency: String,
    pub stage: Option<OpportunityStage>,
    pub lost_reason: String,
    /// YYYY-MM-DD or empty.
    pub expected_close_on: String,
    /// YYYY-MM-DD; empty means today when the deal is won.
    pub closed_on: String,
    pub led_by: Option<Side>,
    pub next_step: String,
    pub next_step_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InForce {
    pub share_bp: Option<i64>,
    pub protection_days: Option<i64>,
    pub contract_id: i64,
    pub version: i64,
    pub conflict_rule: String,
}

/// A stage's total in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StageTotal {
    pub stage: OpportunityStage,
    pub currency: String,
    pub value_minor: i64,
    pub count: i64,
    /// The value weighted by the stage's chance of being won (`rules::fees::win_probability_bp`):
    /// what the stage is likely to bring.
    pub weighted_minor: i64,
}

/// One partner's referral fees in one quarter and one currency, as its statement computes them:
/// what the partner owes us (`earned_minor`), what we owe the partner, and the difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QuarterFees {
    /// "2026-Q4".
    pub quarter: String,
    pub from: String,
    pub to: String,
    pub prospect_id: i64,
    pub partner: String,
    pub currency: String,
    pub earned_minor: i64,
    pub owed_minor: i64,
    /// `earned_minor - owed_minor`: positive when the partner owes us on balance.
    pub net_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OpportunityList {
    pub items: Vec<Opportunity>,
    /// Per stage and currency; amounts in different currencies are never added up.
    pub totals: Vec<StageTotal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    Active,
    Converted,
    Expired,
    Withdrawn,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LeadRegistration {
    pub id: i64,
    pub prospect_id: i64,
    pub partner: String,
    pub customer: String,
    pub customer_domain: String,
    pub registered_by: Side,
    pub registered_on: String,
    pub expires_on: String,
    /// As of today: an active registration past its window reads expired.
    pub status: LeadStatus,
    pub days_left: i64,
    pub conflict_with: Option<i64>,
    /// The partner of the registration this one conflicts with.
    pub conflict_partner: String,
    /// The agreed rule for conflicts, in words.
    pub conflict_rule: String,
    pub conflict_decision: String,
    pub conflict_decided_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct LeadInput {
    pub prospect_id: i64,
    pub customer: String,
    pub customer_domain: String,
    pub registered_by: Option<Side>,
    /// YYYY-MM-DD; empty means today.
    pub registered_on: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StatementLine {
    pub opportunity_id: i64,
    pub customer: String,
    pub closed_on: String,
    pub value_minor: i64,
    pub currency: String,
    pub share_bp: i64,
    /// The contract version whose terms applied.
    pub contract_id: i64,
    pub version: i64,
    pub fee_minor: i64,
    /// Who owes the fee: the party that led the deal and billed the customer.
    pub payer: Side,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StatementTotal {
    pub currency: String,
    /// What we owe the partner.
    pub we_owe_minor: i64,
    /// What the partner owes us.
    pub partner_owes_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Statement {
    pub prospect_id: i64,
    pub partner: String,
    pub us: String,
    pub from: String,
    pub to: String,
    pub lines: Vec<StatementLine>,
    pub totals: Vec<StatementTotal>,
    /// Won deals in the period with no share in force on their close date.
    pub without_terms: Vec<String>,
    pub rounding: String,
}
