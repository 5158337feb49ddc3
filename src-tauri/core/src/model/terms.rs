//! Terms of engagement: the structured "cover page" of an agreement, in the JSON shape the app
//! stores in `contract_version.terms_json`, with validation that names each field.
//!
//! Field paths in errors are dotted (`revenue_share.share_bp`), the same names the UI's inputs
//! carry, so each message lands next to its field.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::domain::{is_currency, FieldError};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct Party {
    /// Legal name.
    pub name: String,
    pub address: String,
    pub signatory: String,
    pub title: String,
    /// Where notices go.
    pub email: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct Parties {
    pub us: Party,
    pub partner: Party,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipModel {
    #[default]
    Referral,
    Resell,
    Subcontract,
    CoSell,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConflictRule {
    /// The first valid registration wins.
    #[default]
    FirstToRegister,
    /// The party that already has a relationship with the customer wins.
    ExistingRelationship,
    /// Both parties decide together within five business days.
    JointDecision,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    #[default]
    Us,
    Partner,
    RegisteringParty,
    Shared,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ShareBasis {
    #[default]
    NetRevenue,
    GrossMargin,
    FirstYearRevenue,
    RecurringRevenue,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    Monthly,
    #[default]
    Quarterly,
    Annually,
    OnCustomerPayment,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct LeadRegistrationTerms {
    /// What makes a lead registrable.
    pub qualifies: String,
    pub protection_days: Option<i64>,
    /// Most open registrations a party may hold at once.
    pub cap: Option<i64>,
    pub conflict_rule: ConflictRule,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct CustomerOwnership {
    pub relationship: Owner,
    pub contract: Owner,
    pub billing: Owner,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct RevenueShare {
    pub basis: ShareBasis,
    /// Basis points: 1,000 = 10 %.
    pub share_bp: Option<i64>,
    /// Minor units of `currency`.
    pub floor_minor: Option<i64>,
    pub ceiling_minor: Option<i64>,
    pub schedule: Schedule,
    pub payment_terms_days: Option<i64>,
    pub currency: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct NonSolicitation {
    pub customers_months: Option<i64>,
    pub staff_months: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct Confidentiality {
    pub nda_reference: String,
    pub years: Option<i64>,
    pub dpa_reference: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct EscalationLevel {
    pub level: String,
    pub our_contact: String,
    pub partner_contact: String,
    pub response_hours: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct Sla {
    pub name: String,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct Support {
    pub first_line: Owner,
    pub second_line: Owner,
    pub escalation: Vec<EscalationLevel>,
    pub slas: Vec<Sla>,
}

impl Default for Support {
    fn default() -> Self {
        Support {
            first_line: Owner::Us,
            second_line: Owner::Partner,
            escalation: Vec::new(),
            slas: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct Term {
    /// YYYY-MM-DD.
    pub effective_on: Option<String>,
    pub months: Option<i64>,
    pub auto_renew: bool,
    pub non_renewal_notice_days: Option<i64>,
    pub termination_notice_days: Option<i64>,
    /// What survives termination (fee tails, customer hand-over, confidentiality).
    pub survives: Vec<String>,
}

/// The terms of engagement. Every field has a default, so a partial JSON file (`contract create
/// --terms FILE.json`) takes the template's defaults for what it leaves out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct Terms {
    pub parties: Parties,
    pub relationship_model: RelationshipModel,
    pub exclusivity: bool,
    pub territory: String,
    pub verticals: Vec<String>,
    pub lead_registration: LeadRegistrationTerms,
    pub customer_ownership: CustomerOwnership,
    pub revenue_share: RevenueShare,
    pub non_solicitation: NonSolicitation,
    pub confidentiality: Confidentiality,
    pub support: Support,
    pub term: Term,
    pub governing_law: String,
    pub courts: String,
}

/// Longest period in days a term may give (ten years).
pub const MAX_DAYS: i64 = 3_660;
/// Longest period in months (a hundred years).
pub const MAX_MONTHS: i64 = 1_200;
/// Largest amount in minor units (ten trillion in a two-decimal currency).
pub const MAX_MINOR: i64 = 1_000_000_000_000_000;

impl Terms {
    /// The template's defaults, with our company as the first party.
    pub fn template(us: &crate::model::domain::Profile, partner: &str) -> Terms {
        Terms {
            parties: Parties {
                us: Party {
                    name: if us.legal_name.is_empty() {
                        us.name.clone()
                    } else {
                        us.legal_name.clone()
                    },
                    address: us.address.clone(),
                    ..Party::default()
                },
                partner: Party {
                    name: partner.to_string(),
                    ..Party::default()
                },
            },
            lead_registration: LeadRegistrationTerms {
                qualifies: "a named customer with an identified need, budget and decision date"
                    .into(),
                protection_days: Some(90),
                ..LeadRegistrationTerms::default()
            },
            customer_ownership: CustomerOwnership {
                relationship: Owner::RegisteringParty,
                contract: Owner::Us,
                billing: Owner::Us,
            },
            revenue_share: RevenueShare {
                share_bp: Some(1000),
                payment_terms_days: Some(30),
                currency: if is_currency(&us.currency) {
                    us.currency.clone()
                } else {
                    "EUR".into()
                },
                ..RevenueShare::default()
            },
            non_solicitation: NonSolicitation {
                customers_months: Some(12),
                staff_months: Some(12),
            },
            confidentiality: Confidentiality {
                years: Some(3),
                ..Confidentiality::default()
            },
            term: Term {
                months: Some(12),
                auto_renew: true,
                non_renewal_notice_days: Some(90),
                termination_notice_days: Some(60),
                survives: vec![
                    "Fees on deals closed during the term".into(),
                    "Confidentiality".into(),
                ],
                ..Term::default()
            },
            ..Terms::default()
        }
    }

    /// The template's defaults with its words (what qualifies a lead, what survives termination)
    /// in the language the agreement will be written in.
    pub fn template_in(
        us: &crate::model::domain::Profile,
        partner: &str,
        lang: crate::model::words::DocLanguage,
    ) -> Terms {
        let mut t = Terms::template(us, partner);
        if lang == crate::model::words::DocLanguage::De {
            t.lead_registration.qualifies =
                "ein namentlich benannter Kunde mit festgestelltem Bedarf, Budget und Entscheidungstermin"
                    .into();
            t.term.survives = vec![
                "Provisionen aus Geschäften, die während der Laufzeit abgeschlossen wurden".into(),
                "Vertraulichkeit".into(),
            ];
        }
        t
    }

    /// Every problem, by dotted field path. Empty when the terms can be saved.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut err = |field: &str, key: &str, args: &[(&str, String)]| {
            errors.push(FieldError::said(field, key, args))
        };
        let non_negative = [
            (
                "lead_registration.protection_days",
                self.lead_registration.protection_days,
            ),
            ("lead_registration.cap", self.lead_registration.cap),
            ("revenue_share.floor_minor", self.revenue_share.floor_minor),
            (
                "revenue_share.ceiling_minor",
                self.revenue_share.ceiling_minor,
            ),
            (
                "revenue_share.payment_terms_days",
                self.revenue_share.payment_terms_days,
            ),
            (
                "non_solicitation.customers_months",
                self.non_solicitation.customers_months,
            ),
            (
                "non_solicitation.staff_months",
                self.non_solicitation.staff_months,
            ),
            ("confidentiality.years", self.confidentiality.years),
            ("term.months", self.term.months),
            (
                "term.non_renewal_notice_days",
                self.term.non_renewal_notice_days,
            ),
            (
                "term.termination_notice_days",
                self.term.termination_notice_days,
            ),
        ];
        for (field, v) in non_negative {
            if v.is_some_and(|v| v < 0) {
                err(field, "invalid.non_negative", &[]);
            }
        }
        // Upper bounds a real agreement stays far below; past them date arithmetic would fail.
        let at_most = [
            (
                "lead_registration.protection_days",
                self.lead_registration.protection_days,
                MAX_DAYS,
                "invalid.at_most_days",
            ),
            (
                "lead_registration.cap",
                self.lead_registration.cap,
                1_000_000,
                "invalid.at_most_registrations",
            ),
            (
                "revenue_share.floor_minor",
                self.revenue_share.floor_minor,
                MAX_MINOR,
                "invalid.at_most_amount",
            ),
            (
                "revenue_share.ceiling_minor",
                self.revenue_share.ceiling_minor,
                MAX_MINOR,
                "invalid.at_most_amount",
            ),
            (
                "revenue_share.payment_terms_days",
                self.revenue_share.payment_terms_days,
                MAX_DAYS,
                "invalid.at_most_days",
            ),
            (
                "non_solicitation.customers_months",
                self.non_solicitation.customers_months,
                MAX_MONTHS,
                "invalid.at_most_months",
            ),
            (
                "non_solicitation.staff_months",
                self.non_solicitation.staff_months,
                MAX_MONTHS,
                "invalid.at_most_months",
            ),
            (
                "confidentiality.years",
                self.confidentiality.years,
                100,
                "invalid.at_most_years",
            ),
            (
                "term.months",
                self.term.months,
                MAX_MONTHS,
                "invalid.at_most_months",
            ),
            (
                "term.non_renewal_notice_days",
                self.term.non_renewal_notice_days,
                MAX_DAYS,
                "invalid.at_most_days",
            ),
            (
                "term.termination_notice_days",
                self.term.termination_notice_days,
                MAX_DAYS,
                "invalid.at_most_days",
            ),
        ];
        for (field, v, max, key) in at_most {
            if v.is_some_and(|v| v > max) {
                err(field, key, &[("max", max.to_string())]);
            }
        }
        if self.lead_registration.protection_days == Some(0) {
            err(
                "lead_registration.protection_days",
                "invalid.protection_zero",
                &[],
            );
        }
        if let Some(bp) = self.revenue_share.share_bp {
            if !(0..=10_000).contains(&bp) {
                err("revenue_share.share_bp", "invalid.share", &[]);
            }
        }
        if !is_currency(&self.revenue_share.currency) {
            err("revenue_share.currency", "invalid.currency", &[]);
        }
        if let (Some(f), Some(c)) = (
            self.revenue_share.floor_minor,
            self.revenue_share.ceiling_minor,
        ) {
            if f > c {
                err("revenue_share.ceiling_minor", "invalid.ceiling", &[]);
            }
        }
        if self.term.months == Some(0) {
            err("term.months", "invalid.term_zero", &[]);
        }
        let effective = match &self.term.effective_on {
            Some(d) if !d.trim().is_empty() => {
                match chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d") {
                    Ok(d) if !(1900..=2200).contains(&chrono::Datelike::year(&d)) => {
                        err(
                            "term.effective_on",
                            "invalid.year_range",
                            &[("date", d.to_string())],
                        );
                        None
                    }
                    Ok(d) => Some(d),
                    Err(_) => {
                        err(
                            "term.effective_on",
                            "invalid.not_a_date",
                            &[("text", d.trim().to_string())],
                        );
                        None
                    }
                }
            }
            _ => None,
        };
        if let Some(months) = self.term.months.filter(|m| (1..=MAX_MONTHS).contains(m)) {
            // The term in days, from the effective date when there is one (else 30 per month).
            let term_days = effective
                .and_then(|e| {
                    e.checked_add_months(chrono::Months::new(u32::try_from(months).ok()?))
                        .map(|end| (end - e).num_days())
                })
                .unwrap_or(months * 30);
            for (field, key, v) in [
                (
                    "term.non_renewal_notice_days",
                    "invalid.non_renewal_too_long",
                    self.term.non_renewal_notice_days,
                ),
                (
                    "term.termination_notice_days",
                    "invalid.termination_too_long",
                    self.term.termination_notice_days,
                ),
            ] {
                if v.is_some_and(|d| d >= term_days) {
                    err(
                        field,
                        key,
                        &[
                            ("months", months.to_string()),
                            ("days", term_days.to_string()),
                        ],
                    );
                }
            }
        }
        for (i, level) in self.support.escalation.iter().enumerate() {
            if level.response_hours.is_some_and(|h| h > 24 * 366) {
                err(
                    &format!("support.escalation.{i}.response_hours"),
                    "invalid.hours_max",
                    &[],
                );
            }
            if level.level.trim().is_empty() {
                err(
                    &format!("support.escalation.{i}.level"),
                    "invalid.level_name",
                    &[],
                );
            }
            if level.response_hours.is_some_and(|h| h < 0) {
                err(
                    &format!("support.escalation.{i}.response_hours"),
                    "invalid.non_negative",
                    &[],
                );
            }
        }
        for (i, w) in self
            .support
            .escalation
            .windows(2)
            .enumerate()
            .filter_map(|(i, w)| Some((i, (w[0].response_hours?, w[1].response_hours?))))
        {
            if w.1 < w.0 {
                err(
                    &format!("support.escalation.{}.response_hours", i + 1),
                    "invalid.level_order",
                    &[],
                );
            }
        }
        if self.parties.partner.name.trim().is_empty() {
            err("parties.partner.name", "invalid.partner_name", &[]);
        }
        if self.parties.us.name.trim().is_empty() {
            err("parties.us.name", "invalid.our_name", &[]);
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(t: &Terms) -> Vec<String> {
        t.validate().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn the_template_is_valid_and_partial_json_takes_its_defaults() {
        let profile = crate::model::domain::Profile {
            name: "Keystone".into(),
            legal_name: "Keystone Managed IT GmbH".into(),
            currency: "EUR".into(),
            ..Default::default()
        };
        let t = Terms::template(&profile, "Fjord Identity AS");
        assert!(t.validate().is_empty(), "{:?}", t.validate());
        let partial: Terms =
            serde_json::from_str(r#"{"revenue_share": {"share_bp": 1500}}"#).expect("partial");
        assert_eq!(partial.revenue_share.share_bp, Some(1500));
        assert_eq!(partial.support.first_line, Owner::Us);
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut t = Terms {
            parties: Parties {
                us: Party {
                    name: "Us".into(),
                    ..Party::default()
                },
                partner: Party {
                    name: "Them".into(),
                    ..Party::default()
                },
            },
            ..Terms::default()
        };
        t.revenue_share.currency = "EUR".into();
        assert!(fields(&t).is_empty(), "{:?}", t.validate());
        t.revenue_share.share_bp = Some(12_000);
        t.revenue_share.floor_minor = Some(500);
        t.revenue_share.ceiling_minor = Some(100);
        t.term.months = Some(3);
        t.term.effective_on = Some("2026-02-01".into());
        t.term.non_renewal_notice_days = Some(89); // Feb–Apr 2026 has 89 days
        t.term.termination_notice_days = Some(30);
        t.lead_registration.protection_days = Some(0);
        assert_eq!(
            fields(&t),
            [
                "lead_registration.protection_days",
                "revenue_share.share_bp",
                "revenue_share.ceiling_minor",
                "term.non_renewal_notice_days",
            ]
        );
        t.term.effective_on = Some("1 Feb 2026".into());
        assert!(fields(&t).contains(&"term.effective_on".to_string()));
    }
}
