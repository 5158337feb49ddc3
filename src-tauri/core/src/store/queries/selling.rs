//! Selling together: opportunities (`opportunity`), lead registrations
//! (`lead_registration`) and the contract terms in force with a partner on a day.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::model::error::Result;
use crate::model::selling::{
    InForce, LeadInput, LeadRegistration, LeadStatus, Opportunity, OpportunityStage, Side,
};
use crate::rules::fees::conflict_rule_text;
use crate::store::queries::rows;
use crate::store::queries::settings::now;

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

pub fn opportunity_select() -> &'static str {
    "SELECT o.id, o.prospect_id, p.name, o.customer, o.customer_domain, o.description,
            o.value_minor, o.currency, o.stage, o.lost_reason, o.expected_close_on, o.closed_on,
            o.led_by, o.next_step, o.next_step_on
     FROM opportunity o JOIN prospect p ON p.id = o.prospect_id"
}

pub fn opportunity_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Opportunity> {
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

pub fn lead_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(LeadRegistration, String)> {
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

pub const LEAD_SELECT: &str = "SELECT l.id, l.prospect_id, p.name, l.customer, l.customer_domain,
        l.registered_by, l.registered_on, l.expires_on, l.status, l.conflict_with, cp.name,
        l.conflict_decision, l.conflict_decided_at
     FROM lead_registration l JOIN prospect p ON p.id = l.prospect_id
     LEFT JOIN lead_registration c ON c.id = l.conflict_with
     LEFT JOIN prospect cp ON cp.id = c.prospect_id";

/// Whether prospect `id` exists.
pub fn partner_exists(tx: &Transaction<'_>, id: i64) -> Result<bool> {
    let found: Option<i64> = tx
        .query_row("SELECT id FROM prospect WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    Ok(found.is_some())
}

/// An opportunity's fields as written (validated by the caller).
pub struct OpportunityRow<'a> {
    pub prospect_id: i64,
    pub customer: &'a str,
    pub customer_norm: &'a str,
    pub customer_domain: &'a str,
    pub description: &'a str,
    pub value_minor: i64,
    pub currency: &'a str,
    pub stage: OpportunityStage,
    pub lost_reason: &'a str,
    pub expected_close_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub led_by: Side,
    pub next_step: &'a str,
    pub next_step_on: Option<NaiveDate>,
}

impl OpportunityRow<'_> {
    fn values(&self) -> [Box<dyn rusqlite::ToSql + '_>; 15] {
        [
            Box::new(self.prospect_id),
            Box::new(self.customer),
            Box::new(self.customer_norm),
            Box::new(self.customer_domain),
            Box::new(self.description),
            Box::new(self.value_minor),
            Box::new(self.currency),
            Box::new(self.stage.as_str()),
            Box::new(self.lost_reason),
            Box::new(self.expected_close_on.map(|d| d.to_string())),
            Box::new(self.closed_on.map(|d| d.to_string())),
            Box::new(self.led_by.as_str()),
            Box::new(self.next_step),
            Box::new(self.next_step_on.map(|d| d.to_string())),
            Box::new(now()),
        ]
    }
}

/// A new opportunity; its id.
pub fn insert_opportunity(tx: &Transaction<'_>, o: &OpportunityRow<'_>) -> Result<i64> {
    tx.execute(
        "INSERT INTO opportunity (prospect_id, customer, customer_norm, customer_domain,
            description, value_minor, currency, stage, lost_reason, expected_close_on,
            closed_on, led_by, next_step, next_step_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
        rusqlite::params_from_iter(o.values()),
    )?;
    Ok(tx.last_insert_rowid())
}

/// Rewrites opportunity `id`; false when there is none.
pub fn update_opportunity(tx: &Transaction<'_>, id: i64, o: &OpportunityRow<'_>) -> Result<bool> {
    let mut values: Vec<Box<dyn rusqlite::ToSql + '_>> = o.values().into_iter().collect();
    values.push(Box::new(id));
    let n = tx.execute(
        "UPDATE opportunity SET prospect_id = ?1, customer = ?2, customer_norm = ?3,
            customer_domain = ?4, description = ?5, value_minor = ?6, currency = ?7,
            stage = ?8, lost_reason = ?9, expected_close_on = ?10, closed_on = ?11,
            led_by = ?12, next_step = ?13, next_step_on = ?14, updated_at = ?15
         WHERE id = ?16",
        rusqlite::params_from_iter(values),
    )?;
    Ok(n > 0)
}

/// One opportunity (its share left for the caller to fill).
pub fn opportunity(conn: &Connection, id: i64) -> Result<Opportunity> {
    Ok(conn.query_row(
        &format!("{} WHERE o.id = ?1", opportunity_select()),
        [id],
        opportunity_row,
    )?)
}

/// Opportunities (of one partner, or all), open stages first, then by close date.
pub fn opportunities(conn: &Connection, partner: Option<i64>) -> Result<Vec<Opportunity>> {
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
    Ok(rows)
}

/// Lead registrations (of one partner, or all) by expiry, each with its stored status.
pub fn leads(conn: &Connection, partner: Option<i64>) -> Result<Vec<(LeadRegistration, String)>> {
    let mut st = conn.prepare(&format!(
        "{LEAD_SELECT} WHERE (?1 IS NULL OR l.prospect_id = ?1) ORDER BY l.expires_on, l.id"
    ))?;
    let rows = st
        .query_map([partner], lead_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One lead registration with its stored status.
pub fn lead(conn: &Connection, id: i64) -> Result<Option<(LeadRegistration, String)>> {
    Ok(conn
        .query_row(&format!("{LEAD_SELECT} WHERE l.id = ?1"), [id], lead_row)
        .optional()?)
}

/// The first registration of the same customer (name or domain) with another partner that is
/// still protected on `on`.
pub fn protected_elsewhere(
    tx: &Transaction<'_>,
    prospect: i64,
    customer_norm: &str,
    domain: &str,
    on: NaiveDate,
) -> Result<Option<i64>> {
    Ok(tx
        .query_row(
            "SELECT id FROM lead_registration
             WHERE status = 'active' AND prospect_id <> ?1 AND expires_on >= ?4
               AND (customer_norm = ?2 OR (?3 <> '' AND customer_domain = ?3))
             ORDER BY registered_on, id LIMIT 1",
            params![prospect, customer_norm, domain, on.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}

/// A new lead registration under contract `contract`; its id.
#[allow(clippy::too_many_arguments)]
pub fn insert_lead(
    tx: &Transaction<'_>,
    input: &LeadInput,
    contract: i64,
    customer_norm: &str,
    domain: &str,
    on: NaiveDate,
    expires: NaiveDate,
    conflict: Option<i64>,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO lead_registration (prospect_id, contract_id, customer, customer_norm,
            customer_domain, registered_by, registered_on, expires_on, conflict_with, notes,
            created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            input.prospect_id,
            contract,
            input.customer.trim(),
            customer_norm,
            domain,
            input.registered_by.unwrap_or(Side::Partner).as_str(),
            on.to_string(),
            expires.to_string(),
            conflict,
            input.notes.trim(),
            now()
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Records the decision on a conflicting registration.
pub fn decide_conflict(tx: &Transaction<'_>, id: i64, decision: &str) -> Result<()> {
    tx.execute(
        "UPDATE lead_registration SET conflict_decision = ?2, conflict_decided_at = ?3
         WHERE id = ?1",
        params![id, decision, now()],
    )?;
    Ok(())
}

/// A partner's won deals closed in the period: (id, customer, closed on, value, currency, led
/// by), by close date.
#[allow(clippy::type_complexity)]
pub fn won_between(
    conn: &Connection,
    prospect: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i64, String, String, i64, String, String)>> {
    rows(
        conn,
        "SELECT id, customer, closed_on, value_minor, currency, led_by FROM opportunity
         WHERE prospect_id = ?1 AND stage = 'won' AND closed_on BETWEEN ?2 AND ?3
         ORDER BY closed_on, id",
        params![prospect, from.to_string(), to.to_string()],
    )
}

/// The partners with a deal won between the two days (inclusive), by id.
pub fn won_partners_between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<i64>> {
    let ids: Vec<(i64,)> = rows(
        conn,
        "SELECT DISTINCT prospect_id FROM opportunity
          WHERE stage = 'won' AND closed_on BETWEEN ?1 AND ?2 ORDER BY prospect_id",
        params![from.to_string(), to.to_string()],
    )?;
    Ok(ids.into_iter().map(|(id,)| id).collect())
}
