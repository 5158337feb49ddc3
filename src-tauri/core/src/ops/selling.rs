//! Selling together: joint opportunities, lead registrations with their protection windows and
//! conflicts, and referral-fee statements from the terms in force on each deal's close date.
//!
//! Money is integer minor units with its currency; totals are per currency, never summed across
//! currencies. A fee is `value × share_bp / 10,000`, rounded half up to the minor unit, per deal.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::model::domain::{is_currency, FieldError};
use crate::model::error::{Error, Result};
use crate::model::normalize;
use crate::store::queries::selling as q;
use crate::Store;

pub use crate::model::selling::*;
pub use crate::render::statement::{statement_csv, statement_pdf};
pub use crate::rules::fees::{fee, ROUNDING_RULE};
pub use crate::store::queries::selling::terms_in_force;

fn day(field: &str, s: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError::said(
                field,
                "invalid.not_a_date",
                &[("text", s.trim().to_string())],
            ));
            None
        }
    }
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
    let mut err = |f: &str, key: &str| errors.push(FieldError::said(f, key, &[]));
    if input.customer.trim().is_empty() {
        err("customer", "invalid.end_customer");
    }
    if input.value_minor < 0 {
        err("value_minor", "invalid.value_negative");
    }
    if !is_currency(&input.currency) {
        err("currency", "invalid.currency");
    }
    let stage = input.stage.unwrap_or(OpportunityStage::Identified);
    if stage == OpportunityStage::Lost && input.lost_reason.trim().is_empty() {
        err("lost_reason", "invalid.lost_reason");
    }
    let domain = if input.customer_domain.trim().is_empty() {
        String::new()
    } else {
        match normalize::domain(&input.customer_domain) {
            Some(d) => d,
            None => {
                err("customer_domain", "invalid.website");
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
        if !q::partner_exists(tx, input.prospect_id)? {
            return Err(Error::NotFound {
                what: format!("partner {}", input.prospect_id),
            });
        }
        let row = q::OpportunityRow {
            prospect_id: input.prospect_id,
            customer: input.customer.trim(),
            customer_norm: &normalize::name(&input.customer),
            customer_domain: &domain,
            description: input.description.trim(),
            value_minor: input.value_minor,
            currency: &input.currency,
            stage,
            lost_reason: if stage == OpportunityStage::Lost {
                input.lost_reason.trim()
            } else {
                ""
            },
            expected_close_on: expected,
            closed_on: closed,
            led_by: input.led_by.unwrap_or(Side::Us),
            next_step: input.next_step.trim(),
            next_step_on: next_on,
        };
        match input.id {
            None => q::insert_opportunity(tx, &row),
            Some(id) => {
                if !q::update_opportunity(tx, id, &row)? {
                    return Err(Error::NotFound {
                        what: format!("opportunity {id}"),
                    });
                }
                Ok(id)
            }
        }
    })?;
    let o = q::opportunity(store.conn(), id)?;
    with_share(store.conn(), o, today)
}

pub fn opportunities(
    conn: &Connection,
    partner: Option<i64>,
    today: NaiveDate,
) -> Result<OpportunityList> {
    let rows = q::opportunities(conn, partner)?;
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
                t.weighted_minor += crate::rules::fees::weighted(o.value_minor, o.stage);
                t.count += 1;
            }
            None => totals.push(StageTotal {
                stage: o.stage,
                currency: o.currency.clone(),
                value_minor: o.value_minor,
                count: 1,
                weighted_minor: crate::rules::fees::weighted(o.value_minor, o.stage),
            }),
        }
    }
    totals.sort_by(|a, b| (a.stage as u8, &a.currency).cmp(&(b.stage as u8, &b.currency)));
    Ok(OpportunityList { items, totals })
}

// ---------------------------------------------------------------------------------------------
// Lead registrations

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
    let rows = q::leads(conn, partner)?;
    rows.into_iter()
        .map(|r| finish_lead(conn, r, today))
        .collect()
}

fn lead(conn: &Connection, id: i64, today: NaiveDate) -> Result<LeadRegistration> {
    let row = q::lead(conn, id)?.ok_or_else(|| Error::NotFound {
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
        errors.push(FieldError::said("customer", "invalid.customer", &[]));
    }
    let domain = if input.customer_domain.trim().is_empty() {
        String::new()
    } else {
        normalize::domain(&input.customer_domain).unwrap_or_else(|| {
            errors.push(FieldError::said("customer_domain", "invalid.website", &[]));
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
        let conflict = q::protected_elsewhere(tx, input.prospect_id, &norm, &domain, on)?;
        q::insert_lead(
            tx,
            input,
            terms.contract_id,
            &norm,
            &domain,
            on,
            expires,
            conflict,
        )
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
        q::decide_conflict(tx, id, decision.trim())
    })?;
    lead(store.conn(), id, today)
}

// ---------------------------------------------------------------------------------------------
// Statements

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
    let lang = crate::store::queries::settings::document_language(conn)?;
    write_statement(&s, &author, lang, path)
}

/// The first and last day of the quarter `back` quarters before the one `today` is in.
fn quarter_of(today: NaiveDate, back: u32) -> Option<(String, NaiveDate, NaiveDate)> {
    use chrono::Datelike;
    let index = today.year() * 4 + (today.month0() / 3) as i32 - back as i32;
    let (year, q) = (index.div_euclid(4), index.rem_euclid(4) as u32);
    let from = NaiveDate::from_ymd_opt(year, q * 3 + 1, 1)?;
    let next = if q == 3 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, q * 3 + 4, 1)?
    };
    Some((format!("{year}-Q{}", q + 1), from, next.pred_opt()?))
}

/// Referral fees per quarter, per partner and currency, for the `quarters` quarters up to the
/// one `today` is in (oldest first): each partner's statement for each quarter, so the chart
/// and the statements never disagree. Quarters and partners without a fee are left out.
pub fn fees_by_quarter(
    conn: &Connection,
    today: NaiveDate,
    quarters: u32,
) -> Result<Vec<QuarterFees>> {
    let mut out = Vec::new();
    for back in (0..quarters).rev() {
        let Some((quarter, from, to)) = quarter_of(today, back) else {
            continue;
        };
        for partner in q::won_partners_between(conn, from, to)? {
            let st = statement(conn, partner, from, to)?;
            for t in st.totals {
                out.push(QuarterFees {
                    quarter: quarter.clone(),
                    from: from.to_string(),
                    to: to.to_string(),
                    prospect_id: partner,
                    partner: st.partner.clone(),
                    currency: t.currency,
                    earned_minor: t.partner_owes_minor,
                    owed_minor: t.we_owe_minor,
                    net_minor: t.partner_owes_minor - t.we_owe_minor,
                });
            }
        }
    }
    Ok(out)
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
    let partner =
        crate::store::queries::pipeline::prospect_name(conn, prospect).map_err(|e| match e {
            Error::NotFound { .. } => Error::NotFound {
                what: format!("partner {prospect}"),
            },
            e => e,
        })?;
    let profile = crate::store::queries::profile::profile(conn)?;
    let rows = q::won_between(conn, prospect, from, to)?;
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

/// Writes the statement as CSV or PDF, by the file's extension.
pub fn write_statement(
    s: &Statement,
    author: &str,
    lang: crate::model::words::DocLanguage,
    path: &std::path::Path,
) -> Result<usize> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "csv" => statement_csv(s)?,
        "pdf" => crate::render::statement::statement_pdf_in(
            s,
            author,
            &crate::model::words::Words::new(lang),
        )?,
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

/// `allybook opportunities [--partner P]`: the partner by id or exact name.
pub fn opportunities_named(
    conn: &Connection,
    partner: Option<&str>,
    today: NaiveDate,
) -> Result<OpportunityList> {
    let partner = partner
        .map(|p| crate::store::queries::pipeline::resolve_prospect(conn, p))
        .transpose()?;
    opportunities(conn, partner, today)
}

/// `allybook statement PARTNER --from --to --out FILE`: the partner by id or exact name; writes
/// the statement (CSV or PDF by the file's extension) signed by the book's user, and returns it.
pub fn statement_named(
    conn: &Connection,
    prospect: &str,
    from: &str,
    to: &str,
    path: &std::path::Path,
) -> Result<Statement> {
    let from = crate::ops::pipeline::parse_day("from", from)?;
    let to = crate::ops::pipeline::parse_day("to", to)?;
    let id = crate::store::queries::pipeline::resolve_prospect(conn, prospect)?;
    let s = statement(conn, id, from, to)?;
    let author = crate::store::queries::settings::setting(
        conn,
        crate::store::queries::settings::SETTING_USER_NAME,
    )?
    .unwrap_or_default();
    let lang = crate::store::queries::settings::document_language(conn)?;
    write_statement(&s, &author, lang, path)?;
    Ok(s)
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
