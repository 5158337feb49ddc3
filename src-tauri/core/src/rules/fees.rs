//! Referral fees and lead conflicts as rules: a fee from a deal's value and the share in force,
//! and the agreed conflict rule in words. Pure, integer money.

pub fn conflict_rule_text(terms_json: &str) -> String {
    let rule = serde_json::from_str::<serde_json::Value>(terms_json)
        .ok()
        .and_then(|v| {
            v.get("lead_registration")?
                .get("conflict_rule")?
                .as_str()
                .map(str::to_string)
        })
        .unwrap_or_default();
    match rule.as_str() {
        "first_to_register" => "The first valid registration prevails.".into(),
        "existing_relationship" => {
            "The party with an existing customer relationship prevails.".into()
        }
        "joint_decision" => "The parties decide together within five business days.".into(),
        _ => "No conflict rule agreed: decide and record why.".into(),
    }
}

pub const ROUNDING_RULE: &str = "Each fee is the deal value × the share in force on the deal's \
close date (in basis points) ÷ 10,000, computed in integer minor units and rounded half up to the \
nearest minor unit; totals add the rounded fees per currency and never convert between currencies.";

/// value × bp / 10,000, rounded half up. Integer only.
pub fn fee(value_minor: i64, share_bp: i64) -> i64 {
    let p = i128::from(value_minor) * i128::from(share_bp);
    let q = (p + 5_000).div_euclid(10_000);
    i64::try_from(q).unwrap_or(i64::MAX)
}

/// The chance a joint opportunity in `stage` is won, in basis points: the weights a sales
/// forecast puts on its stages (identified 10 %, qualified 30 %, proposal 60 %, won 100 %,
/// lost 0).
pub fn win_probability_bp(stage: crate::model::selling::OpportunityStage) -> i64 {
    use crate::model::selling::OpportunityStage as S;
    match stage {
        S::Identified => 1_000,
        S::Qualified => 3_000,
        S::Proposal => 6_000,
        S::Won => 10_000,
        S::Lost => 0,
    }
}

/// A value weighted by its stage's chance of being won, rounded as fees are.
pub fn weighted(value_minor: i64, stage: crate::model::selling::OpportunityStage) -> i64 {
    fee(value_minor, win_probability_bp(stage))
}
