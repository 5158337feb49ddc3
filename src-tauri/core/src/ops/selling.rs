//! Selling together: joint opportunities, lead registrations with their protection windows and
//! conflicts, and referral-fee statements from the terms in force on each deal's close date.
//!
//! Money is integer minor units with its currency; totals are per currency, never summed across
//! currencies. A fee is `value × share_bp / 10,000`, rounded half up to the minor unit, per deal.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::domain::{is_currency, FieldError};
use crate::model::error::{Error, Result};
use crate::{model::normalize, Store};

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
    fn parse(s: &str) -> OpportunityStage {
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
    fn as_str(self) -> &'static str {
        match self {
            Side::Us => "us",
            Side::Partner => "partner",
        }
    }
    fn parse(s: &str) -> Side {
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

fn day(field: &str, s: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError {
                field: field.into(),
                message: format!("{s:?} is not a date; use YYYY-MM-DD."),
            });
            None
        }
    }
}

/// The share in force with a partner on `on`: from the contract version (signed or later) with
/// the latest effective date on or before `on`. Returns (share_bp, protection_days, contract id,
/// version, the terms' conflict rule).
pub fn terms_in_force(conn: &Connection, prospect: i64, on: NaiveDate) -> Result<Option<InForce>> {
    Ok(conn
        .query_row(
            "SELECT v.share_bp, v.protection_days, c.id, v.version, v.terms_json
             FROM contract_version v JOIN contract c ON c.id = v.contract_id
             WHERE c.prospect_id = ?1 AND v.status IN ('signed', 'active', 'expired', 'terminated')
               AND v.effective_on IS NOT NULL AND v.effective_on <= ?2
               AND (v.expires_on IS NULL OR v.expires_on > ?2)
             ORDER BY v.effective_on DESC, v.version DESC LIMIT 1",
            params![prospect, on.to_string()],
            |r| {
                Ok(InForce {
                    share_bp: r.get(0)?,
                    protection_days: r.get(1)?,
                    contract_id: r.get(2)?,
                    version: r.get(3)?,
                    conflict_rule: conflict_rule_text(&r.get::<_, String>(4)?),
                })
            },
        )
        .optional()?)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InForce {
    pub share_bp: Option<i64>,
    pub protection_days: Option<i64>,
    pub contract_id: i64,
    pub version: i64,
    pub conflict_rule: String,
}

fn conflict_rule_text(terms_json: &str) -> String {
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

fn opportunity_select() -> &'static str {
    "SELECT o.id, o.prospect_id, p.name, o.customer, o.customer_domain, o.description,
            o.value_minor, o.currency, o.stage, o.lost_reason, o.expected_close_on, o.closed_on,
            o.led_by, o.next_step, o.next_step_on
     FROM opportunity o JOIN prospect p ON p.id = o.prospect_id"
}

fn opportunity_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Opportunity> {
    Ok(Opportunity {
        id: r.get(0)?,
        prospect_id: r.get(1)?,
        partner: r.get(2)?,
        customer: r.get(3)?,
        customer_domain: r.get(4)?,
        description: r.get(5)?,
        value_minor: r.get(6)?,
        currency: r.get(7)?,
        stage: OpportunityStage::parse(&r.get::<_, String>(8)?),
        lost_reason: r.get(9)?,
        expected_close_on: r.get(10)?,
        closed_on: r.get(11)?,
        led_by: Side::parse(&r.get::<_, String>(12)?),
        share_bp: None,
        next_step: r.get(13)?,
        next_step_on: r.get(14)?,
    })
}

fn with_share(conn: &Connection, mut o: Opportunity, today: NaiveDate) -> Result<Opportunity> {
    let on = o
        .closed_on
        .as_deref()
        .filter(|_| o.stage == OpportunityStage::Won)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or(today);
    o.share_bp = terms_in_force(conn, o.prospect_id, on)?.and_then(|t| t.share_bp);
    Ok(o)
}

/// Creates or updates an opportunity. Winning sets the close date (today unless given); losing
/// needs a reason.
pub fn save_opportunity(
    store: &mut Store,
    input: &OpportunityInput,
    today: NaiveDate,
) -> Result<Opportunity> {
    let mut errors = Vec::new();
    let mut err = |f: &str, m: &str| {
        errors.push(FieldError {
            field: f.into(),
            message: m.into(),
        })
    };
    if input.customer.trim().is_empty() {
        err("customer", "Name the end customer.");
    }
    if input.value_minor < 0 {
        err("value_minor", "The value cannot be negative.");
    }
    if !is_currency(&input.currency) {
        err(
            "currency",
            "Use a three-letter ISO 4217 code such as EUR or USD.",
        );
    }
    let stage = input.stage.unwrap_or(OpportunityStage::Identified);
    if stage == OpportunityStage::Lost && input.lost_reason.trim().is_empty() {
        err("lost_reason", "Say why the deal was lost.");
    }
    let domain = if input.customer_domain.trim().is_empty() {
        String::new()
    } else {
        match normalize::domain(&input.customer_domain) {
            Some(d) => d,
            None => {
                err("customer_domain", "Enter a website such as example.com.");
                String::new()
            }
        }
    };
    let expected = day("expected_close_on", &input.expected_close_on, &mut errors);
    let closed = day("closed_on", &input.closed_on, &mut errors);
    let next_on = day("next_step_on", &input.next_step_on, &mut errors);
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    let closed = match stage {
        OpportunityStage::Won | OpportunityStage::Lost => Some(closed.unwrap_or(today)),
        _ => None,
    };
    let id = store.write(|tx| {
        let exists: Option<i64> = tx
            .query_row(
                "SELECT id FROM prospect WHERE id = ?1",
                [input.prospect_id],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_none() {
            return Err(Error::NotFound {
                what: format!("partner {}", input.prospect_id),
            });
        }
        let now = crate::store::queries::settings::now();
        let values = params![
            input.prospect_id,
            input.customer.trim(),
            normalize::name(&input.customer),
            domain,
            input.description.trim(),
            input.value_minor,
            input.currency,
            stage.as_str(),
            if stage == OpportunityStage::Lost {
                input.lost_reason.trim()
            } else {
                ""
            },
            expected.map(|d| d.to_string()),
            closed.map(|d| d.to_string()),
            input.led_by.unwrap_or(Side::Us).as_str(),
            input.next_step.trim(),
            next_on.map(|d| d.to_string()),
            now,
        ];
        match input.id {
            None => {
                tx.execute(
                    "INSERT INTO opportunity (prospect_id, customer, customer_norm, customer_domain,
                        description, value_minor, currency, stage, lost_reason, expected_close_on,
                        closed_on, led_by, next_step, next_step_on, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
                    values,
                )?;
                Ok(tx.last_insert_rowid())
            }
            Some(id) => {
                let n = tx.execute(
                    &format!(
                        "UPDATE opportunity SET prospect_id = ?1, customer = ?2, customer_norm = ?3,
                            customer_domain = ?4, description = ?5, value_minor = ?6, currency = ?7,
                            stage = ?8, lost_reason = ?9, expected_close_on = ?10, closed_on = ?11,
                            led_by = ?12, next_step = ?13, next_step_on = ?14, updated_at = ?15
                         WHERE id = {id}"
                    ),
                    values,
                )?;
                if n == 0 {
                    return Err(Error::NotFound {
                        what: format!("opportunity {id}"),
                    });
                }
                Ok(id)
            }
        }
    })?;
    let o = store.conn().query_row(
        &format!("{} WHERE o.id = ?1", opportunity_select()),
        [id],
        opportunity_row,
    )?;
    with_share(store.conn(), o, today)
}

/// A stage's total in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StageTotal {
    pub stage: OpportunityStage,
    pub currency: String,
    pub value_minor: i64,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OpportunityList {
    pub items: Vec<Opportunity>,
    /// Per stage and currency; amounts in different currencies are never added up.
    pub totals: Vec<StageTotal>,
}

pub fn opportunities(
    conn: &Connection,
    partner: Option<i64>,
    today: NaiveDate,
) -> Result<OpportunityList> {
    let mut st = conn.prepare(&format!(
        "{} WHERE (?1 IS NULL OR o.prospect_id = ?1)
         ORDER BY CASE o.stage WHEN 'identified' THEN 0 WHEN 'qualified' THEN 1
                  WHEN 'proposal' THEN 2 WHEN 'won' THEN 3 ELSE 4 END,
                  coalesce(o.closed_on, o.expected_close_on), o.id",
        opportunity_select()
    ))?;
    let rows = st
        .query_map([partner], opportunity_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let items = rows
        .into_iter()
        .map(|o| with_share(conn, o, today))
        .collect::<Result<Vec<_>>>()?;
    let mut totals: Vec<StageTotal> = Vec::new();
    for o in &items {
        match totals
            .iter_mut()
            .find(|t| t.stage == o.stage && t.currency == o.currency)
        {
            Some(t) => {
                t.value_minor += o.value_minor;
                t.count += 1;
            }
            None => totals.push(StageTotal {
                stage: o.stage,
                currency: o.currency.clone(),
                value_minor: o.value_minor,
                count: 1,
            }),
        }
    }
    totals.sort_by(|a, b| (a.stage as u8, &a.currency).cmp(&(b.stage as u8, &b.currency)));
    Ok(OpportunityList { items, totals })
}

// ---------------------------------------------------------------------------------------------
// Lead registrations

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

fn lead_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(LeadRegistration, String)> {
    Ok((
        LeadRegistration {
            id: r.get(0)?,
            prospect_id: r.get(1)?,
            partner: r.get(2)?,
            customer: r.get(3)?,
            customer_domain: r.get(4)?,
            registered_by: Side::parse(&r.get::<_, String>(5)?),
            registered_on: r.get(6)?,
            expires_on: r.get(7)?,
            status: LeadStatus::Active,
            days_left: 0,
            conflict_with: r.get(9)?,
            conflict_partner: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            conflict_rule: String::new(),
            conflict_decision: r.get(11)?,
            conflict_decided_at: r.get(12)?,
        },
        r.get(8)?,
    ))
}

const LEAD_SELECT: &str = "SELECT l.id, l.prospect_id, p.name, l.customer, l.customer_domain,
        l.registered_by, l.registered_on, l.expires_on, l.status, l.conflict_with, cp.name,
        l.conflict_decision, l.conflict_decided_at
     FROM lead_registration l JOIN prospect p ON p.id = l.prospect_id
     LEFT JOIN lead_registration c ON c.id = l.conflict_with
     LEFT JOIN prospect cp ON cp.id = c.prospect_id";

fn finish_lead(
    conn: &Connection,
    (mut l, status): (LeadRegistration, String),
    today: NaiveDate,
) -> Result<LeadRegistration> {
    let expires = NaiveDate::parse_from_str(&l.expires_on, "%Y-%m-%d").unwrap_or(today);
    l.days_left = (expires - today).num_days();
    l.status = match status.as_str() {
        "converted" => LeadStatus::Converted,
        "withdrawn" => LeadStatus::Withdrawn,
        "expired" => LeadStatus::Expired,
        _ if expires < today => LeadStatus::Expired,
        _ => LeadStatus::Active,
    };
    if l.conflict_with.is_some() {
        let on = NaiveDate::parse_from_str(&l.registered_on, "%Y-%m-%d").unwrap_or(today);
        l.conflict_rule = terms_in_force(conn, l.prospect_id, on)?
            .map(|t| t.conflict_rule)
            .unwrap_or_else(|| "No agreement in force: decide and record why.".into());
    }
    Ok(l)
}

pub fn leads(
    conn: &Connection,
    partner: Option<i64>,
    today: NaiveDate,
) -> Result<Vec<LeadRegistration>> {
    let mut st = conn.prepare(&format!(
        "{LEAD_SELECT} WHERE (?1 IS NULL OR l.prospect_id = ?1) ORDER BY l.expires_on, l.id"
    ))?;
    let rows = st
        .query_map([partner], lead_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|r| finish_lead(conn, r, today))
        .collect()
}

fn lead(conn: &Connection, id: i64, today: NaiveDate) -> Result<LeadRegistration> {
    let row = conn
        .query_row(&format!("{LEAD_SELECT} WHERE l.id = ?1"), [id], lead_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: format!("lead registration {id}"),
        })?;
    finish_lead(conn, row, today)
}

/// Registers a customer lead with a partner under the agreement in force: the protection window
/// comes from its terms. A customer already registered (with another partner, still protected)
/// under the same normalised name or domain is flagged as a conflict to decide.
pub fn register_lead(
    store: &mut Store,
    input: &LeadInput,
    today: NaiveDate,
) -> Result<LeadRegistration> {
    let mut errors = Vec::new();
    if input.customer.trim().is_empty() {
        errors.push(FieldError {
            field: "customer".into(),
            message: "Name the customer.".into(),
        });
    }
    let domain = if input.customer_domain.trim().is_empty() {
        String::new()
    } else {
        normalize::domain(&input.customer_domain).unwrap_or_else(|| {
            errors.push(FieldError {
                field: "customer_domain".into(),
                message: "Enter a website such as example.com.".into(),
            });
            String::new()
        })
    };
    let on = day("registered_on", &input.registered_on, &mut errors).unwrap_or(today);
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    let terms = terms_in_force(store.conn(), input.prospect_id, on)?.ok_or_else(|| {
        Error::Conflict(format!(
            "no signed agreement is in force with this partner on {on}: a lead is registered under one"
        ))
    })?;
    // Terms saved before their bounds were checked may hold any number: capped, never a panic.
    let days = terms
        .protection_days
        .unwrap_or(90)
        .clamp(1, crate::model::terms::MAX_DAYS);
    let expires = on
        .checked_add_days(chrono::Days::new(days.unsigned_abs()))
        .unwrap_or(on);
    let norm = normalize::name(&input.customer);
    let id = store.write(|tx| {
        let conflict: Option<i64> = tx
            .query_row(
                "SELECT id FROM lead_registration
                 WHERE status = 'active' AND prospect_id <> ?1 AND expires_on >= ?4
                   AND (customer_norm = ?2 OR (?3 <> '' AND customer_domain = ?3))
                 ORDER BY registered_on, id LIMIT 1",
                params![input.prospect_id, norm, domain, on.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO lead_registration (prospect_id, contract_id, customer, customer_norm,
                customer_domain, registered_by, registered_on, expires_on, conflict_with, notes,
                created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                input.prospect_id,
                terms.contract_id,
                input.customer.trim(),
                norm,
                domain,
                input.registered_by.unwrap_or(Side::Partner).as_str(),
                on.to_string(),
                expires.to_string(),
                conflict,
                input.notes.trim(),
                crate::store::queries::settings::now()
            ],
        )?;
        Ok(tx.last_insert_rowid())
    })?;
    lead(store.conn(), id, today)
}

/// Records the decision on a conflicting registration: which registration prevails and why.
pub fn decide_conflict(
    store: &mut Store,
    id: i64,
    decision: &str,
    today: NaiveDate,
) -> Result<LeadRegistration> {
    if decision.trim().is_empty() {
        return Err(Error::invalid(
            "decision",
            "Record the decision and why, e.g. “Bastion keeps it: first to register”.",
        ));
    }
    store.write(|tx| {
        let l = lead(tx, id, today)?;
        if l.conflict_with.is_none() {
            return Err(Error::Conflict(format!(
                "registration {id} has no conflict to decide"
            )));
        }
        tx.execute(
            "UPDATE lead_registration SET conflict_decision = ?2, conflict_decided_at = ?3
             WHERE id = ?1",
            params![id, decision.trim(), crate::store::queries::settings::now()],
        )?;
        Ok(())
    })?;
    lead(store.conn(), id, today)
}

// ---------------------------------------------------------------------------------------------
// Statements

pub const ROUNDING_RULE: &str = "Each fee is the deal value × the share in force on the deal's \
close date (in basis points) ÷ 10,000, computed in integer minor units and rounded half up to the \
nearest minor unit; totals add the rounded fees per currency and never convert between currencies.";

/// value × bp / 10,000, rounded half up. Integer only.
pub fn fee(value_minor: i64, share_bp: i64) -> i64 {
    let p = i128::from(value_minor) * i128::from(share_bp);
    let q = (p + 5_000).div_euclid(10_000);
    i64::try_from(q).unwrap_or(i64::MAX)
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

/// [`statement`] for a period given as the user typed its days (`YYYY-MM-DD`); a day that does
/// not read is an error on its field (`from`, `to`).
pub fn statement_between(
    conn: &Connection,
    prospect: i64,
    from: &str,
    to: &str,
) -> Result<Statement> {
    let from = crate::ops::pipeline::parse_day("from", from)?;
    let to = crate::ops::pipeline::parse_day("to", to)?;
    statement(conn, prospect, from, to)
}

/// Writes the statement for the period to `path` (CSV or PDF by its extension), signed by the
/// book's user; returns the bytes written.
pub fn save_statement(
    conn: &Connection,
    prospect: i64,
    from: &str,
    to: &str,
    path: &std::path::Path,
) -> Result<usize> {
    let s = statement_between(conn, prospect, from, to)?;
    let author = crate::store::queries::settings::setting(
        conn,
        crate::store::queries::settings::SETTING_USER_NAME,
    )?
    .unwrap_or_default();
    write_statement(&s, &author, path)
}

pub fn statement(
    conn: &Connection,
    prospect: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Statement> {
    if to < from {
        return Err(Error::invalid(
            "to",
            format!("the period ends ({to}) before it starts ({from})"),
        ));
    }
    let partner: String = conn
        .query_row("SELECT name FROM prospect WHERE id = ?1", [prospect], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: format!("partner {prospect}"),
        })?;
    let profile = crate::store::queries::profile::profile(conn)?;
    let mut st = conn.prepare(
        "SELECT id, customer, closed_on, value_minor, currency, led_by FROM opportunity
         WHERE prospect_id = ?1 AND stage = 'won' AND closed_on BETWEEN ?2 AND ?3
         ORDER BY closed_on, id",
    )?;
    let rows = st
        .query_map(params![prospect, from.to_string(), to.to_string()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut lines = Vec::new();
    let mut without_terms = Vec::new();
    for (id, customer, closed_on, value, currency, led_by) in rows {
        let on = NaiveDate::parse_from_str(&closed_on, "%Y-%m-%d").map_err(|_| {
            Error::invalid(
                "closed_on",
                format!("opportunity {id}: bad date {closed_on:?}"),
            )
        })?;
        match terms_in_force(conn, prospect, on)? {
            Some(InForce {
                share_bp: Some(bp),
                contract_id,
                version,
                ..
            }) => lines.push(StatementLine {
                opportunity_id: id,
                customer,
                closed_on,
                value_minor: value,
                currency,
                share_bp: bp,
                contract_id,
                version,
                fee_minor: fee(value, bp),
                payer: Side::parse(&led_by),
            }),
            _ => without_terms.push(format!("{customer} (won {closed_on})")),
        }
    }
    let mut totals: Vec<StatementTotal> = Vec::new();
    for l in &lines {
        let t = match totals.iter_mut().position(|t| t.currency == l.currency) {
            Some(i) => &mut totals[i],
            None => {
                totals.push(StatementTotal {
                    currency: l.currency.clone(),
                    we_owe_minor: 0,
                    partner_owes_minor: 0,
                });
                totals
                    .last_mut()
                    .ok_or_else(|| Error::Conflict("totals".into()))?
            }
        };
        match l.payer {
            Side::Us => t.we_owe_minor += l.fee_minor,
            Side::Partner => t.partner_owes_minor += l.fee_minor,
        }
    }
    totals.sort_by(|a, b| a.currency.cmp(&b.currency));
    Ok(Statement {
        prospect_id: prospect,
        partner,
        us: if profile.legal_name.is_empty() {
            profile.name
        } else {
            profile.legal_name
        },
        from: from.to_string(),
        to: to.to_string(),
        lines,
        totals,
        without_terms,
        rounding: ROUNDING_RULE.into(),
    })
}

fn amount(minor: i64, currency: &str) -> String {
    crate::model::money::format_amount(minor, crate::model::money::currency_exponent(currency))
}

/// The statement as CSV: one row per deal, then one total row per currency.
pub fn statement_csv(s: &Statement) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::io("cannot write the statement", std::io::Error::other(e));
    w.write_record([
        "closed_on",
        "customer",
        "value",
        "currency",
        "share_percent",
        "contract",
        "version",
        "fee",
        "owed_by",
        "owed_to",
    ])
    .map_err(err)?;
    for l in &s.lines {
        let (by, to) = match l.payer {
            Side::Us => (s.us.as_str(), s.partner.as_str()),
            Side::Partner => (s.partner.as_str(), s.us.as_str()),
        };
        w.write_record(
            [
                l.closed_on.as_str(),
                &l.customer,
                &amount(l.value_minor, &l.currency),
                &l.currency,
                &crate::model::money::percent(l.share_bp).replace(" %", ""),
                &l.contract_id.to_string(),
                &l.version.to_string(),
                &amount(l.fee_minor, &l.currency),
                by,
                to,
            ]
            .map(|c| crate::store::table::spreadsheet_safe(c).into_owned()),
        )
        .map_err(err)?;
    }
    for t in &s.totals {
        for (owed, by, to) in [
            (t.we_owe_minor, &s.us, &s.partner),
            (t.partner_owes_minor, &s.partner, &s.us),
        ] {
            if owed > 0 {
                w.write_record(
                    [
                        "total",
                        "",
                        "",
                        &t.currency,
                        "",
                        "",
                        "",
                        &amount(owed, &t.currency),
                        by,
                        to,
                    ]
                    .map(|c| crate::store::table::spreadsheet_safe(c).into_owned()),
                )
                .map_err(err)?;
            }
        }
    }
    w.into_inner().map_err(|e| {
        Error::io(
            "cannot write the statement",
            std::io::Error::other(e.to_string()),
        )
    })
}

/// The statement as a PDF through the shared layout layer.
pub fn statement_pdf(s: &Statement, author: &str) -> Result<Vec<u8>> {
    use crate::render::pdf::{Layout, Meta, Weight};
    let mut doc = Layout::new(Meta {
        title: format!(
            "Referral-fee statement — {} — {} to {}",
            s.partner, s.from, s.to
        ),
        author: author.to_string(),
        subject: format!("Fees between {} and {}", s.us, s.partner),
        header: format!("Referral-fee statement — {} and {}", s.us, s.partner),
        footer: format!("{} to {}", s.from, s.to),
        draft: false,
    })?;
    doc.title(
        "Referral-fee statement",
        &format!("{} and {} · {} to {}", s.us, s.partner, s.from, s.to),
    );
    doc.heading("What is owed", 60.0);
    if s.totals.is_empty() {
        doc.paragraph("No fee is owed for this period.", Weight::Regular, false);
    }
    for t in &s.totals {
        if t.we_owe_minor > 0 {
            doc.paragraph(
                &format!(
                    "{} owes {} {}.",
                    s.us,
                    s.partner,
                    crate::model::money::money(t.we_owe_minor, &t.currency)
                ),
                Weight::Bold,
                false,
            );
        }
        if t.partner_owes_minor > 0 {
            doc.paragraph(
                &format!(
                    "{} owes {} {}.",
                    s.partner,
                    s.us,
                    crate::model::money::money(t.partner_owes_minor, &t.currency)
                ),
                Weight::Bold,
                false,
            );
        }
    }
    doc.heading("Won deals", 60.0);
    if s.lines.is_empty() {
        doc.paragraph(
            "No deal with this partner was won in the period.",
            Weight::Regular,
            true,
        );
    } else {
        let rows: Vec<Vec<String>> = s
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.closed_on.clone(),
                    l.customer.clone(),
                    crate::model::money::money(l.value_minor, &l.currency),
                    format!(
                        "{} (v{})",
                        crate::model::money::percent(l.share_bp),
                        l.version
                    ),
                    crate::model::money::money(l.fee_minor, &l.currency),
                    match l.payer {
                        Side::Us => format!("{} → {}", s.us, s.partner),
                        Side::Partner => format!("{} → {}", s.partner, s.us),
                    },
                ]
            })
            .collect();
        doc.table(
            &["Closed", "Customer", "Value", "Share", "Fee", "Owed"],
            &[1.1, 1.5, 1.3, 0.9, 1.2, 1.7],
            &rows,
        );
    }
    if !s.without_terms.is_empty() {
        doc.paragraph(
            &format!(
                "Won without an agreement in force on the close date (no fee computed): {}.",
                s.without_terms.join("; ")
            ),
            Weight::Regular,
            true,
        );
    }
    doc.heading("Rounding", 30.0);
    doc.paragraph(&s.rounding, Weight::Regular, true);
    doc.finish()
}

/// Writes the statement as CSV or PDF, by the file's extension.
pub fn write_statement(s: &Statement, author: &str, path: &std::path::Path) -> Result<usize> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "csv" => statement_csv(s)?,
        "pdf" => statement_pdf(s, author)?,
        _ => {
            return Err(Error::invalid(
                "--out",
                format!("{}: use a .csv or .pdf file name", path.display()),
            ))
        }
    };
    crate::store::files::write_atomically(path, &bytes)?;
    Ok(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_round_half_up_in_integers() {
        assert_eq!(fee(8_640_000, 1000), 864_000);
        assert_eq!(fee(12_345, 1250), 1_543); // 1543.125 → 1543
        assert_eq!(fee(12_348, 1250), 1_544); // 1543.5 → 1544
        assert_eq!(fee(1, 5000), 1); // 0.5 → 1
        assert_eq!(fee(1, 4999), 0);
        assert_eq!(fee(0, 1000), 0);
        assert_eq!(fee(i64::MAX / 2, 10_000), i64::MAX / 2, "no overflow");
    }
}
