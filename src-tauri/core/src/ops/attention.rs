//! What needs attention, on a given day: follow-ups, prospects stuck in a stage, expiring
//! certifications, contract renewal and notice dates, expiring lead registrations and lead
//! conflicts without a decision. The dated items ahead feed the calendar export (RFC 5545).
//!
//! Everything takes `today` as an argument: tests run on a fixed clock.

use chrono::{Duration, NaiveDate};
use icalendar::{Calendar, Component, EventLike};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::error::{Error, Result};
use crate::store::queries::attention as q;
use crate::store::queries::settings::{setting, SETTING_USER_NAME};
use crate::store::Store;

/// How far ahead each kind of date is shown on Home.
pub const CERTIFICATION_DAYS: i64 = 60;
pub const CONTRACT_DAYS: i64 = 90;
pub const LEAD_DAYS: i64 = 30;
/// Expired certifications stay on the list this long, so a lapse is not missed.
pub const EXPIRED_GRACE_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AttentionKind {
    FollowUpOverdue,
    FollowUpDue,
    Stuck,
    CertificationExpiring,
    ContractRenewal,
    ContractNotice,
    LeadExpiring,
    /// A lead registered with two partners, with no decision recorded yet.
    LeadConflict,
}

impl AttentionKind {
    /// The stable name, as serialised (and as `attention_done.kind` stores it).
    pub fn as_str(self) -> &'static str {
        match self {
            AttentionKind::FollowUpOverdue => "follow_up_overdue",
            AttentionKind::FollowUpDue => "follow_up_due",
            AttentionKind::Stuck => "stuck",
            AttentionKind::CertificationExpiring => "certification_expiring",
            AttentionKind::ContractRenewal => "contract_renewal",
            AttentionKind::ContractNotice => "contract_notice",
            AttentionKind::LeadExpiring => "lead_expiring",
            AttentionKind::LeadConflict => "lead_conflict",
        }
    }

    fn is_follow_up(self) -> bool {
        matches!(
            self,
            AttentionKind::FollowUpOverdue | AttentionKind::FollowUpDue
        )
    }
}

/// Where in the app an item is dealt with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AttentionPlace {
    /// The prospect's activities (follow-ups).
    Activities,
    /// The prospect's pipeline: checklist, scorecard, moves.
    Pipeline,
    /// The prospect's profile (certifications).
    Profile,
    /// The contract on Formalise.
    Contract,
    /// The lead registration on Sell together.
    Lead,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AttentionItem {
    pub kind: AttentionKind,
    /// The date that matters (due, expiry, renewal, notice deadline; for stuck, the day it
    /// entered the stage).
    pub date: String,
    /// Days from today to `date`: negative when past.
    pub days: i64,
    pub title: String,
    pub detail: String,
    pub prospect_id: i64,
    pub prospect: String,
    pub place: AttentionPlace,
    /// The id of the thing itself (activity, certification, contract, lead registration).
    pub ref_id: i64,
    /// `title` and `detail` as message keys and their arguments, for a window that speaks
    /// another language than the CLI's English.
    pub words: Words,
}

/// What an item says, as message keys the window translates (`attention.title.<title>`,
/// `attention.detail.<detail>`) and the values they name. Dates are ISO days; `stage` is a
/// stage's code; `by` is "us" or "partner".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
pub struct Words {
    pub title: String,
    pub detail: String,
    pub args: std::collections::BTreeMap<String, String>,
}

impl Words {
    fn new(title: &str, detail: &str, args: &[(&str, String)]) -> Words {
        Words {
            title: title.to_string(),
            detail: detail.to_string(),
            args: args
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
        }
    }
}

fn day(s: &str) -> Option<NaiveDate> {
    s.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// Everything that needs attention on `today`, most urgent first.
pub fn attention(conn: &Connection, today: NaiveDate) -> Result<Vec<AttentionItem>> {
    let mut items = Vec::new();
    let iso = |d: NaiveDate| d.to_string();
    let week = today + Duration::days(7);

    // Follow-ups: overdue, or due within the week.
    let rows = q::follow_ups(conn, &iso(week))?;
    for (id, on, subject, kind, pid, pname) in rows {
        let Some(d) = day(&on) else { continue };
        let days = (d - today).num_days();
        items.push(AttentionItem {
            kind: if days < 0 {
                AttentionKind::FollowUpOverdue
            } else {
                AttentionKind::FollowUpDue
            },
            date: on,
            days,
            title: format!("Follow up with {pname}"),
            words: Words::new(
                "follow_up",
                if subject.is_empty() {
                    "after"
                } else {
                    "subject"
                },
                &[
                    ("name", pname.clone()),
                    ("kind", kind.clone()),
                    ("subject", subject.clone()),
                ],
            ),
            detail: if subject.is_empty() {
                format!("after the {kind}")
            } else {
                subject
            },
            prospect_id: pid,
            prospect: pname,
            place: AttentionPlace::Activities,
            ref_id: id,
        });
    }

    // Stuck: too long in a stage where work should be moving.
    let stuck = crate::ops::pipeline::stuck_days(conn)?;
    let cutoff = today - Duration::days(stuck);
    let rows = q::stuck(conn, &iso(cutoff))?;
    for (pid, name, stage, since) in rows {
        let Some(d) = day(&since) else { continue };
        let days = (d - today).num_days();
        items.push(AttentionItem {
            kind: AttentionKind::Stuck,
            date: d.to_string(),
            days,
            title: format!("{name} has been in {} for {} days", stage.label(), -days),
            words: Words::new(
                "stuck",
                "stuck",
                &[
                    ("name", name.clone()),
                    ("stage", stage.as_str().to_string()),
                    ("days", (-days).to_string()),
                    ("limit", stuck.to_string()),
                ],
            ),
            detail: format!(
                "Longer than the {stuck} days set in Settings: move it on, pause or end it."
            ),
            prospect_id: pid,
            prospect: name,
            place: AttentionPlace::Pipeline,
            ref_id: pid,
        });
    }

    // Certifications (partners' and ours) expiring soon or lapsed recently.
    let rows = q::certifications(
        conn,
        &iso(today - Duration::days(EXPIRED_GRACE_DAYS)),
        &iso(today + Duration::days(CERTIFICATION_DAYS)),
    )?;
    for (id, vendor, name, on, pid, pname) in rows {
        let Some(d) = day(&on) else { continue };
        let days = (d - today).num_days();
        let whose = if pid.is_some() { pname.as_str() } else { "Our" };
        items.push(AttentionItem {
            kind: AttentionKind::CertificationExpiring,
            date: on.clone(),
            days,
            title: if days < 0 {
                format!("{whose} {vendor} {name} expired")
            } else {
                format!("{whose} {vendor} {name} expires")
            },
            detail: "Ask for proof of renewal and verify it.".into(),
            words: Words::new(
                match (pid.is_some(), days < 0) {
                    (true, true) => "certification_expired",
                    (true, false) => "certification_expires",
                    (false, true) => "our_certification_expired",
                    (false, false) => "our_certification_expires",
                },
                "certification",
                &[
                    ("name", pname.clone()),
                    ("vendor", vendor.clone()),
                    ("certification", name.clone()),
                ],
            ),
            prospect_id: pid.unwrap_or(0),
            prospect: pname,
            place: AttentionPlace::Profile,
            ref_id: id,
        });
    }

    // Contracts in force: renewal (expiry) and the last day to give notice.
    for c in contract_dates(conn)? {
        let args = [
            ("contract", c.title.clone()),
            ("partner", c.partner.clone()),
            ("days", c.notice_days.unwrap_or(0).to_string()),
            ("expires_on", c.expires_on.to_string()),
        ];
        for (kind, date, title, detail, words) in [
            (
                AttentionKind::ContractRenewal,
                Some(c.expires_on),
                format!("{} with {} renews or expires", c.title, c.partner),
                if c.auto_renew {
                    "Renews automatically unless notice is given.".to_string()
                } else {
                    "Expires: renew or let it end.".to_string()
                },
                Words::new(
                    "renewal",
                    if c.auto_renew { "renews" } else { "expires" },
                    &args,
                ),
            ),
            (
                AttentionKind::ContractNotice,
                c.notice_by,
                format!("Last day to give notice on {} with {}", c.title, c.partner),
                format!(
                    "{} days' notice before {}.",
                    c.notice_days.unwrap_or(0),
                    c.expires_on
                ),
                Words::new("notice", "notice", &args),
            ),
        ] {
            let Some(date) = date else { continue };
            let days = (date - today).num_days();
            if !(0..=CONTRACT_DAYS).contains(&days) {
                continue;
            }
            items.push(AttentionItem {
                kind,
                date: date.to_string(),
                days,
                title,
                detail,
                words,
                prospect_id: c.prospect_id,
                prospect: c.partner.clone(),
                place: AttentionPlace::Contract,
                ref_id: c.contract_id,
            });
        }
    }

    // Lead registrations about to lose their protection.
    let rows = q::leads_expiring(conn, &iso(today), &iso(today + Duration::days(LEAD_DAYS)))?;
    for (id, customer, on, by, pid, pname) in rows {
        let Some(d) = day(&on) else { continue };
        items.push(AttentionItem {
            kind: AttentionKind::LeadExpiring,
            date: on,
            days: (d - today).num_days(),
            title: format!("Lead registration for {customer} expires"),
            words: Words::new(
                "lead_expiring",
                "lead_expiring",
                &[
                    ("customer", customer.clone()),
                    ("by", if by == "us" { "us" } else { "partner" }.to_string()),
                    ("partner", pname.clone()),
                ],
            ),
            detail: format!(
                "Registered by {} with {pname}: convert it to an opportunity or let it lapse.",
                if by == "us" { "us" } else { "the partner" }
            ),
            prospect_id: pid,
            prospect: pname,
            place: AttentionPlace::Lead,
            ref_id: id,
        });
    }

    // Lead conflicts waiting for a decision: dated from the registration that collided.
    let rows = q::open_conflicts(conn, &iso(today))?;
    for (id, customer, on, pid, pname, other) in rows {
        let Some(d) = day(&on) else { continue };
        items.push(AttentionItem {
            kind: AttentionKind::LeadConflict,
            date: on,
            days: (d - today).num_days(),
            title: format!("Lead conflict over {customer}: decide who keeps it"),
            words: Words::new(
                "lead_conflict",
                "lead_conflict",
                &[
                    ("customer", customer.clone()),
                    ("partner", pname.clone()),
                    ("other", other.clone()),
                ],
            ),
            detail: format!(
                "Registered with {pname} and with {other}. Apply the agreed conflict rule and \
                 record the decision and why."
            ),
            prospect_id: pid,
            prospect: pname,
            place: AttentionPlace::Lead,
            ref_id: id,
        });
    }

    // What the user marked done, or snoozed past today, leaves the list until it is due again.
    let aside: std::collections::HashSet<(String, i64, String)> =
        q::set_aside(conn, &iso(today))?.into_iter().collect();
    if !aside.is_empty() {
        items.retain(|i| !aside.contains(&(i.kind.as_str().to_string(), i.ref_id, i.date.clone())));
    }
    items.sort_by(|a, b| {
        (a.days, rank(a.kind), &a.prospect, a.ref_id).cmp(&(
            b.days,
            rank(b.kind),
            &b.prospect,
            b.ref_id,
        ))
    });
    Ok(items)
}

fn rank(k: AttentionKind) -> u8 {
    k as u8
}

struct ContractDates {
    contract_id: i64,
    prospect_id: i64,
    partner: String,
    title: String,
    expires_on: NaiveDate,
    notice_days: Option<i64>,
    notice_by: Option<NaiveDate>,
    auto_renew: bool,
}

/// The version in force of each contract (the latest signed or active one) with its dates.
fn contract_dates(conn: &Connection) -> Result<Vec<ContractDates>> {
    let rows = q::contract_dates(conn)?;
    let mut out = Vec::new();
    for (contract_id, prospect_id, partner, title, expires, notice_days, terms) in rows {
        let Some(expires_on) = day(&expires) else {
            continue;
        };
        let auto_renew = serde_json::from_str::<serde_json::Value>(&terms)
            .ok()
            .and_then(|t| t.get("term")?.get("auto_renew")?.as_bool())
            .unwrap_or(false);
        out.push(ContractDates {
            contract_id,
            prospect_id,
            partner,
            title,
            expires_on,
            notice_days,
            notice_by: notice_days.and_then(|n| {
                expires_on.checked_sub_days(chrono::Days::new(u64::try_from(n).ok()?))
            }),
            auto_renew,
        });
    }
    Ok(out)
}

/// An item's date as the list gave it (a day, or an instant whose day counts), kept as written
/// so the record matches the item.
fn item_date(date: &str) -> Result<&str> {
    let date = date.trim();
    match day(date) {
        Some(_) => Ok(date),
        None => Err(Error::invalid(
            "date",
            format!("{date:?} is not a date; use YYYY-MM-DD"),
        )),
    }
}

/// "Done" on an item of Home's list: a follow-up is marked done on its activity; anything else
/// (a notice date dealt with, a stuck prospect looked at) is recorded, and leaves the list until
/// it is due again with another date. Returns the list as it now stands.
pub fn done(
    store: &mut Store,
    kind: AttentionKind,
    ref_id: i64,
    date: &str,
    today: NaiveDate,
) -> Result<Vec<AttentionItem>> {
    let on = item_date(date)?;
    if kind.is_follow_up() {
        crate::ops::pipeline::set_follow_up_done(store, ref_id, true)?;
    } else {
        let by = setting(store.conn(), SETTING_USER_NAME)?.unwrap_or_default();
        store.write(|tx| q::set_item_aside(tx, kind.as_str(), ref_id, on, None, &by))?;
    }
    attention(store.conn(), today)
}

/// "Snooze…" on an item of Home's list: it leaves the list until `until` (a day after today).
/// Returns the list as it now stands.
pub fn snooze(
    store: &mut Store,
    kind: AttentionKind,
    ref_id: i64,
    date: &str,
    until: &str,
    today: NaiveDate,
) -> Result<Vec<AttentionItem>> {
    let on = item_date(date)?;
    let until = crate::ops::pipeline::parse_day("until", until)?;
    if until <= today {
        return Err(Error::invalid("until", "Snooze until a day after today."));
    }
    let by = setting(store.conn(), SETTING_USER_NAME)?.unwrap_or_default();
    store.write(|tx| {
        q::set_item_aside(tx, kind.as_str(), ref_id, on, Some(&until.to_string()), &by)
    })?;
    attention(store.conn(), today)
}

// ---------------------------------------------------------------------------------------------
// Calendar

/// What `export calendar` wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CalendarReport {
    pub path: String,
    pub events: i64,
}

/// The book's calendar as iCalendar text: open follow-ups, contract renewal and notice dates,
/// certification and lead-registration expiries, as all-day events. UIDs are stable (kind, id and
/// a per-book id), so importing a later export updates events instead of duplicating them.
pub fn calendar(conn: &Connection, stamp: chrono::DateTime<chrono::Utc>) -> Result<(String, i64)> {
    let book = setting(conn, "book_id")?.unwrap_or_else(|| "allybook".into());
    // Built from empty so PRODID appears once (RFC 5545 §3.7.3), and it is ours.
    let mut cal = Calendar::empty();
    cal.append_property(icalendar::Property::new("VERSION", "2.0"))
        .append_property(icalendar::Property::new(
            "PRODID",
            format!("-//Allybook//Allybook {}//EN", env!("CARGO_PKG_VERSION")),
        ))
        .append_property(icalendar::Property::new("CALSCALE", "GREGORIAN"))
        .name("Allybook");
    let mut n = 0i64;
    let mut add = |uid: String, date: NaiveDate, summary: String, description: String| {
        // A summary is one line; a raw CR in a name would end the property early in some readers.
        let summary = summary.replace("\r\n", " ").replace(['\r', '\n'], " ");
        let description = description.replace("\r\n", "\n").replace('\r', "\n");
        let event = icalendar::Event::new()
            .uid(&format!("{uid}@{book}.allybook"))
            .timestamp(stamp)
            .summary(&summary)
            .description(&description)
            .starts(date)
            .ends(date + Duration::days(1))
            .append_property(icalendar::Property::new("TRANSP", "TRANSPARENT"))
            .done();
        cal.push(event);
        n += 1;
    };

    for (id, on, subject, partner) in q::calendar_follow_ups(conn)? {
        if let Some(d) = day(&on) {
            add(
                format!("follow-up-{id}"),
                d,
                format!("Follow up with {partner}"),
                subject,
            );
        }
    }
    for c in contract_dates(conn)? {
        add(
            format!("contract-{}-expiry", c.contract_id),
            c.expires_on,
            format!("{} with {} renews or expires", c.title, c.partner),
            format!("Contract with {}.", c.partner),
        );
        if let Some(d) = c.notice_by {
            add(
                format!("contract-{}-notice", c.contract_id),
                d,
                format!("Last day to give notice: {} with {}", c.title, c.partner),
                format!(
                    "{} days' notice before {}.",
                    c.notice_days.unwrap_or(0),
                    c.expires_on
                ),
            );
        }
    }
    let rows = q::calendar_certifications(conn)?;
    for (id, vendor, name, on, whose) in rows {
        if let Some(d) = day(&on) {
            add(
                format!("certification-{id}"),
                d,
                format!("{whose}: {vendor} {name} expires"),
                "Ask for proof of renewal and verify it.".into(),
            );
        }
    }
    for (id, customer, on, partner) in q::calendar_leads(conn)? {
        if let Some(d) = day(&on) {
            add(
                format!("lead-{id}"),
                d,
                format!("Lead registration expires: {customer}"),
                format!("Registered with {partner}."),
            );
        }
    }
    Ok((cal.done().to_string(), n))
}

/// Writes the calendar to `path` (through a temporary file, so a failure leaves any earlier
/// export intact).
pub fn export_calendar(conn: &Connection, path: &std::path::Path) -> Result<CalendarReport> {
    let (text, events) = calendar(conn, chrono::Utc::now())?;
    crate::store::files::write_atomically(path, text.as_bytes())?;
    Ok(CalendarReport {
        path: path.display().to_string(),
        events,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_up_dates_parse_from_days_and_instants() {
        assert_eq!(
            day("2026-03-04T10:00:00Z"),
            NaiveDate::from_ymd_opt(2026, 3, 4)
        );
        assert_eq!(day("2026-03-04"), NaiveDate::from_ymd_opt(2026, 3, 4));
        assert_eq!(day("soon"), None);
    }
}
