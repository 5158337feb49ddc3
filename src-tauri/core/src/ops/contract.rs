//! Contracts with a partner and their versions. Each saved change of terms or clauses is a new
//! version (v1, v2, …), draft → sent → signed → active → expired or terminated. A signed version
//! is frozen (a trigger refuses changes to it); editing it starts a new draft.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use ts_rs::TS;

use crate::model::domain::FieldError;
use crate::model::error::{Error, Result};
use crate::model::terms::{RelationshipModel, Terms};
use crate::ops::clauses;
use crate::render::agreement;
use crate::store::queries::settings::now;
use crate::store::queries::settings::setting;
use crate::Store;

pub use crate::model::contract::{
    ClauseSelection, ContractEvent, ContractSummary, ContractVersion, Signatory, StatusChange,
    VersionStatus,
};

fn title_for(t: &Terms) -> String {
    match t.relationship_model {
        RelationshipModel::Referral => "Referral agreement",
        RelationshipModel::Resell => "Resell agreement",
        RelationshipModel::Subcontract => "Subcontract agreement",
        RelationshipModel::CoSell => "Co-sell agreement",
    }
    .to_string()
}

/// Deep-merges `over` into `base`: objects key by key, anything else replaced.
fn merge(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
            for (k, v) in o {
                merge(b.entry(k).or_insert(serde_json::Value::Null), v);
            }
        }
        (b, o) => *b = o,
    }
}

/// Terms from a user's JSON (the shape the app uses): what it leaves out takes the template's
/// defaults for this partner.
/// Every field is checked by name and type first, on the user's JSON alone: an unknown field
/// (`sharee`), a wrong type or a number out of range is refused with its dotted path and the
/// line and column where it is.
pub fn terms_from_json(conn: &Connection, prospect: i64, json: &str) -> Result<Terms> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let strict: std::result::Result<Terms, _> = serde_path_to_error::deserialize(de);
    if let Err(e) = strict {
        let path = e.path().to_string();
        let inner = e.inner();
        let at = if path == "." || path.is_empty() {
            String::new()
        } else {
            format!("{path}: ")
        };
        return Err(Error::invalid(
            "terms",
            format!(
                "{at}{} (line {}, column {})",
                message_without_position(inner),
                inner.line(),
                inner.column()
            ),
        ));
    }
    let over: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        Error::invalid(
            "terms",
            format!("line {}, column {}: {e}", e.line(), e.column()),
        )
    })?;
    let base = template_terms(conn, prospect)?;
    let mut v = serde_json::to_value(base)?;
    merge(&mut v, over);
    serde_json::from_value(v).map_err(|e| Error::invalid("terms", e.to_string()))
}

/// serde_json's message without its " at line L column C" (the caller says where).
fn message_without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn template_terms(conn: &Connection, prospect: i64) -> Result<Terms> {
    let name: String = conn
        .query_row("SELECT name FROM prospect WHERE id = ?1", [prospect], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: format!("prospect {prospect}"),
        })?;
    Ok(Terms::template(
        &crate::store::queries::profile::profile(conn)?,
        &name,
    ))
}

fn check(terms: &Terms) -> Result<()> {
    let errors = terms.validate();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Fields(errors))
    }
}

fn insert_version(
    tx: &Transaction<'_>,
    contract: i64,
    version: i64,
    terms: &Terms,
    clauses: &ClauseSelection,
) -> Result<()> {
    let by = setting(tx, crate::store::queries::settings::SETTING_USER_NAME)?.unwrap_or_default();
    let effective = terms.term.effective_on.clone().filter(|d| !d.is_empty());
    let expires = effective.as_deref().and_then(|e| {
        let e = chrono::NaiveDate::parse_from_str(e, "%Y-%m-%d").ok()?;
        let m = u32::try_from(terms.term.months?).ok()?;
        e.checked_add_months(chrono::Months::new(m))
            .map(|d| d.to_string())
    });
    let template = clauses::current_template(tx)?;
    tx.execute(
        "INSERT INTO contract_version (contract_id, version, status, template_version, terms_json,
                clauses_json, effective_on, expires_on, notice_days, share_bp, share_currency,
                protection_days, created_at, created_by)
         VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            contract,
            version,
            template,
            serde_json::to_string(terms)?,
            serde_json::to_string(clauses)?,
            effective,
            expires,
            terms.term.non_renewal_notice_days,
            terms.revenue_share.share_bp,
            terms.revenue_share.currency,
            terms.lead_registration.protection_days,
            now(),
            by
        ],
    )?;
    Ok(())
}

/// A new contract with the partner, its v1 a draft of these terms (or the template's).
pub fn create(store: &mut Store, prospect: i64, terms: Option<Terms>) -> Result<i64> {
    let terms = match terms {
        Some(t) => t,
        None => template_terms(store.conn(), prospect)?,
    };
    check(&terms)?;
    store.write(|tx| {
        tx.execute(
            "INSERT INTO contract (prospect_id, title, created_at) VALUES (?1, ?2, ?3)",
            params![prospect, title_for(&terms), now()],
        )?;
        let id = tx.last_insert_rowid();
        insert_version(tx, id, 1, &terms, &ClauseSelection::default())?;
        Ok(id)
    })
}

pub fn list(conn: &Connection) -> Result<Vec<ContractSummary>> {
    let mut st = conn.prepare(
        "SELECT c.id, p.id, p.name, c.title, count(v.id), max(v.version),
                (SELECT status FROM contract_version WHERE contract_id = c.id
                 ORDER BY version DESC LIMIT 1)
         FROM contract c JOIN prospect p ON p.id = c.prospect_id
         JOIN contract_version v ON v.contract_id = c.id
         GROUP BY c.id ORDER BY p.name, c.id",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(id, prospect_id, partner, title, versions, latest, status)| {
                Ok(ContractSummary {
                    id,
                    prospect_id,
                    partner,
                    title,
                    versions,
                    status: VersionStatus::parse(&status)?,
                    latest_version: latest,
                })
            },
        )
        .collect()
}

/// One version of a contract; the latest when `version` is None.
pub fn version(conn: &Connection, contract: i64, version: Option<i64>) -> Result<ContractVersion> {
    let row = conn
        .query_row(
            "SELECT c.title, p.name, v.version, v.status, v.template_version, v.terms_json,
                    v.clauses_json, v.signed_on, v.attachment_name, v.attachment_sha256,
                    v.created_at, v.created_by, v.id, v.effective_on, p.id
             FROM contract c JOIN prospect p ON p.id = c.prospect_id
             JOIN contract_version v ON v.contract_id = c.id
             WHERE c.id = ?1 AND (?2 IS NULL OR v.version = ?2)
             ORDER BY v.version DESC LIMIT 1",
            params![contract, version],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, String>(10)?,
                    r.get::<_, String>(11)?,
                    r.get::<_, i64>(12)?,
                    r.get::<_, Option<String>>(13)?,
                    r.get::<_, i64>(14)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: match version {
                Some(v) => format!("version {v} of contract {contract}"),
                None => format!("contract {contract}"),
            },
        })?;
    Ok(ContractVersion {
        contract_id: contract,
        prospect_id: row.14,
        title: row.0,
        partner: row.1,
        version: row.2,
        status: VersionStatus::parse(&row.3)?,
        template_version: row.4,
        terms: serde_json::from_str(&row.5)?,
        clauses: ClauseSelection::from_json(&row.6)?,
        signed_on: row.7,
        attachment_name: row.8,
        attachment_sha256: row.9,
        created_at: row.10,
        created_by: row.11,
        effective_on: row.13,
        events: events(conn, row.12)?,
    })
}

/// Saves changed terms or clauses as the next version, a draft. Editing a signed version this
/// way is how a frozen version changes: the signed one stays as it was.
pub fn save(
    store: &mut Store,
    contract: i64,
    terms: &Terms,
    clauses: &ClauseSelection,
) -> Result<ContractVersion> {
    check(terms)?;
    // A clause that cannot be written (a user's clause naming a term that does not exist) is
    // refused here, not when the agreement is printed.
    agreement::render(
        &clauses::template_in(store.conn(), &clauses::current_template(store.conn())?)?,
        terms,
        clauses,
    )?;
    let latest = version(store.conn(), contract, None)?;
    if &latest.terms == terms && &latest.clauses == clauses {
        return Err(Error::Conflict(format!(
            "nothing changed since version {}",
            latest.version
        )));
    }
    store.write(|tx| insert_version(tx, contract, latest.version + 1, terms, clauses))?;
    version(store.conn(), contract, None)
}

#[derive(Serialize, Deserialize)]
struct StoredSignatory {
    party: String,
    name: String,
    role: String,
}

fn events(conn: &Connection, version_id: i64) -> Result<Vec<ContractEvent>> {
    let mut st = conn.prepare_cached(
        "SELECT status, happened_on, reason, signatories_json, recorded_at, recorded_by
         FROM contract_event WHERE version_id = ?1 ORDER BY id",
    )?;
    let rows = st
        .query_map([version_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(status, happened_on, reason, signatories, recorded_at, recorded_by)| {
                let stored: Vec<StoredSignatory> = serde_json::from_str(&signatories)?;
                let of = |party: &str| {
                    stored.iter().find(|s| s.party == party).map(|s| Signatory {
                        name: s.name.clone(),
                        role: s.role.clone(),
                    })
                };
                Ok(ContractEvent {
                    status: VersionStatus::parse(&status)?,
                    happened_on,
                    reason,
                    our_signatory: of("us"),
                    partner_signatory: of("partner"),
                    recorded_at,
                    recorded_by,
                })
            },
        )
        .collect()
}

/// What a version needs before it can be signed, by field: both parties named, both signatories
/// with their roles, a share when the agreement pays one (0 % is a choice; empty is not), and
/// a signing date that is not in the future.
fn signing_problems(
    v: &ContractVersion,
    change: &StatusChange,
    on: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut err = |field: &str, message: &str| {
        errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        })
    };
    if on > today {
        err(
            "on",
            "A version is marked signed once it has been signed: the date cannot be in the future.",
        );
    }
    for (field, value, what) in [
        (
            "our_signatory.name",
            &change.our_signatory.name,
            "Who signed for us?",
        ),
        (
            "our_signatory.role",
            &change.our_signatory.role,
            "Their role, e.g. “Managing Director”.",
        ),
        (
            "partner_signatory.name",
            &change.partner_signatory.name,
            "Who signed for the partner?",
        ),
        (
            "partner_signatory.role",
            &change.partner_signatory.role,
            "Their role, e.g. “CEO”.",
        ),
    ] {
        if value.trim().is_empty() {
            err(field, what);
        }
    }
    let t = &v.terms;
    if t.parties.us.name.trim().is_empty() {
        err(
            "parties.us.name",
            "Our legal name must be in the terms before signing.",
        );
    }
    if t.parties.partner.name.trim().is_empty() {
        err(
            "parties.partner.name",
            "The partner's legal name must be in the terms before signing.",
        );
    }
    if t.revenue_share.share_bp.is_none() {
        err(
            "revenue_share.share_bp",
            "A signed agreement states the share: enter it in a new version (0 % if none is paid).",
        );
    }
    errors
}

fn day_of(field: &str, text: Option<&str>, today: chrono::NaiveDate) -> Result<chrono::NaiveDate> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(today),
        Some(t) => match chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => Ok(d),
            _ => Err(Error::Fields(vec![FieldError {
                field: field.into(),
                message: format!("{t:?} is not a date between 1900 and 2200; use YYYY-MM-DD."),
            }])),
        },
    }
}

/// Moves a version along draft → sent → signed → active → expired / terminated, and records
/// the change. Signing needs its date and both signatories (see [`signing_problems`]) and
/// makes the signing date the effective date when the terms give none, so a signed version is
/// always in force from some day; terminating and expiring need their date and a reason.
pub fn change_status(
    store: &mut Store,
    contract: i64,
    v: i64,
    change: &StatusChange,
    today: chrono::NaiveDate,
) -> Result<ContractVersion> {
    let next = change.status;
    let on = day_of("on", change.on.as_deref(), today)?;
    let by = setting(
        store.conn(),
        crate::store::queries::settings::SETTING_USER_NAME,
    )?
    .unwrap_or_default();
    // Checked inside the write transaction: another window cannot move it in between.
    store.write(|tx| {
        let current = version(tx, contract, Some(v))?;
        if !current.status.can_become(next) {
            return Err(Error::Conflict(format!(
                "version {v} is {}; it cannot become {}",
                current.status.as_str(),
                next.as_str()
            )));
        }
        // Signatories the user leaves empty are those the terms name.
        let mut change = change.clone();
        let parties = &current.terms.parties;
        for (s, name, role) in [
            (
                &mut change.our_signatory,
                &parties.us.signatory,
                &parties.us.title,
            ),
            (
                &mut change.partner_signatory,
                &parties.partner.signatory,
                &parties.partner.title,
            ),
        ] {
            if s.name.trim().is_empty() {
                s.name = name.clone();
            }
            if s.role.trim().is_empty() {
                s.role = role.clone();
            }
        }
        let change = &change;
        let mut problems = match next {
            VersionStatus::Signed => signing_problems(&current, change, on, today),
            _ => Vec::new(),
        };
        if matches!(next, VersionStatus::Terminated | VersionStatus::Expired) {
            if change.reason.trim().is_empty() {
                problems.push(FieldError {
                    field: "reason".into(),
                    message: "Say why, for the record (e.g. “Partner left the market”).".into(),
                });
            }
            if let Some(signed) = current.signed_on.as_deref() {
                if on.to_string().as_str() < signed {
                    problems.push(FieldError {
                        field: "on".into(),
                        message: format!(
                            "The version was signed on {signed}; this date is before it."
                        ),
                    });
                }
            }
        }
        if !problems.is_empty() {
            return Err(Error::Fields(problems));
        }
        let on_text = on.to_string();
        if next == VersionStatus::Signed {
            // The terms' own effective date stands; without one, the agreement takes effect on
            // the day it is signed (and runs its months from then).
            let effective = current
                .terms
                .term
                .effective_on
                .clone()
                .filter(|d| !d.trim().is_empty());
            let (effective, expires) = match effective {
                Some(_) => (None, None),
                None => {
                    let expires = current.terms.term.months.and_then(|m| {
                        on.checked_add_months(chrono::Months::new(u32::try_from(m).ok()?))
                            .map(|d| d.to_string())
                    });
                    (Some(on_text.clone()), expires)
                }
            };
            tx.execute(
                "UPDATE contract_version SET status = 'signed', signed_on = ?3,
                        effective_on = COALESCE(?4, effective_on),
                        expires_on = COALESCE(?5, expires_on)
                 WHERE contract_id = ?1 AND version = ?2",
                params![contract, v, on_text, effective, expires],
            )?;
        } else {
            tx.execute(
                "UPDATE contract_version SET status = ?3 WHERE contract_id = ?1 AND version = ?2",
                params![contract, v, next.as_str()],
            )?;
        }
        let signatories = if next == VersionStatus::Signed {
            let one = |party: &str, s: &Signatory| StoredSignatory {
                party: party.into(),
                name: s.name.trim().into(),
                role: s.role.trim().into(),
            };
            vec![
                one("us", &change.our_signatory),
                one("partner", &change.partner_signatory),
            ]
        } else {
            Vec::new()
        };
        tx.execute(
            "INSERT INTO contract_event (version_id, status, happened_on, reason, signatories_json,
                    recorded_at, recorded_by)
             SELECT id, ?3, ?4, ?5, ?6, ?7, ?8 FROM contract_version
             WHERE contract_id = ?1 AND version = ?2",
            params![
                contract,
                v,
                next.as_str(),
                on_text,
                change.reason.trim(),
                serde_json::to_string(&signatories)?,
                now(),
                by
            ],
        )?;
        version(tx, contract, Some(v))
    })
}

/// Records a scanned signed copy: its file name and SHA-256 (the file itself stays where the
/// user keeps it).
pub fn attach(
    store: &mut Store,
    contract: i64,
    v: i64,
    path: &std::path::Path,
) -> Result<ContractVersion> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    let digest = sha2::Sha256::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    version(store.conn(), contract, Some(v))?;
    store.write(|tx| {
        tx.execute(
            "UPDATE contract_version SET attachment_name = ?3, attachment_sha256 = ?4
             WHERE contract_id = ?1 AND version = ?2",
            params![contract, v, name, hex],
        )?;
        Ok(())
    })?;
    version(store.conn(), contract, Some(v))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TermChange {
    /// Dotted path, e.g. `revenue_share.share_bp`.
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClauseChange {
    pub title: String,
    /// Empty when the clause is new in `after`.
    pub before: String,
    /// Empty when the clause is gone in `after`.
    pub after: String,
    /// `before` → `after` word by word: runs of unchanged, removed and added text.
    pub words: Vec<WordChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Same,
    Removed,
    Added,
}

/// A run of text in a word-level comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WordChange {
    pub change: Change,
    pub text: String,
}

/// Word-level differences (whitespace kept with the words), adjacent runs of one kind merged.
pub fn word_changes(before: &str, after: &str) -> Vec<WordChange> {
    let diff = similar::TextDiff::from_words(before, after);
    let mut out: Vec<WordChange> = Vec::new();
    for c in diff.iter_all_changes() {
        let change = match c.tag() {
            similar::ChangeTag::Equal => Change::Same,
            similar::ChangeTag::Delete => Change::Removed,
            similar::ChangeTag::Insert => Change::Added,
        };
        match out.last_mut() {
            Some(last) if last.change == change => last.text.push_str(c.value()),
            _ => out.push(WordChange {
                change,
                text: c.value().to_string(),
            }),
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Comparison {
    pub contract_id: i64,
    pub before: i64,
    pub after: i64,
    pub terms: Vec<TermChange>,
    pub clauses: Vec<ClauseChange>,
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, v, out);
            }
        }
        serde_json::Value::Array(a) if a.iter().all(|x| !x.is_object()) => out.push((
            prefix.to_string(),
            a.iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join("; "),
        )),
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                flatten(&format!("{prefix}.{i}"), x, out);
            }
        }
        serde_json::Value::Null => out.push((prefix.to_string(), String::new())),
        serde_json::Value::String(s) => out.push((prefix.to_string(), s.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

/// What changed between two versions: terms field by field, clause text side by side.
pub fn compare(conn: &Connection, contract: i64, a: i64, b: i64) -> Result<Comparison> {
    let va = version(conn, contract, Some(a))?;
    let vb = version(conn, contract, Some(b))?;
    let (mut fa, mut fb) = (Vec::new(), Vec::new());
    flatten("", &serde_json::to_value(&va.terms)?, &mut fa);
    flatten("", &serde_json::to_value(&vb.terms)?, &mut fb);
    let mut terms = Vec::new();
    for (k, before) in &fa {
        let after = fb
            .iter()
            .find(|(k2, _)| k2 == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        if &after != before {
            terms.push(TermChange {
                field: k.clone(),
                before: before.clone(),
                after,
            });
        }
    }
    for (k, after) in &fb {
        if !fa.iter().any(|(k2, _)| k2 == k) {
            terms.push(TermChange {
                field: k.clone(),
                before: String::new(),
                after: after.clone(),
            });
        }
    }
    let ca = agreement::render(
        &clauses::template_in(conn, &va.template_version)?,
        &va.terms,
        &va.clauses,
    )?;
    let cb = agreement::render(
        &clauses::template_in(conn, &vb.template_version)?,
        &vb.terms,
        &vb.clauses,
    )?;
    let key = |c: &agreement::RenderedClause| format!("{}\u{1f}{}", c.id, c.title);
    let mut clauses = Vec::new();
    for c in &ca {
        let text = c.paragraphs.join("\n\n");
        match cb.iter().find(|d| key(d) == key(c)) {
            Some(d) if d.paragraphs.join("\n\n") == text => {}
            Some(d) => {
                let after = d.paragraphs.join("\n\n");
                clauses.push(ClauseChange {
                    title: c.title.clone(),
                    words: word_changes(&text, &after),
                    before: text,
                    after,
                })
            }
            None => clauses.push(ClauseChange {
                title: c.title.clone(),
                words: word_changes(&text, ""),
                before: text,
                after: String::new(),
            }),
        }
    }
    for d in cb.iter().filter(|d| !ca.iter().any(|c| key(c) == key(d))) {
        let after = d.paragraphs.join("\n\n");
        clauses.push(ClauseChange {
            title: d.title.clone(),
            words: word_changes("", &after),
            before: String::new(),
            after,
        });
    }
    Ok(Comparison {
        contract_id: contract,
        before: a,
        after: b,
        terms,
        clauses,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VersionInfo {
    pub version: i64,
    pub status: VersionStatus,
    pub created_at: String,
    pub created_by: String,
    pub signed_on: Option<String>,
}

/// Every version of a contract, newest first.
pub fn versions(conn: &Connection, contract: i64) -> Result<Vec<VersionInfo>> {
    let mut st = conn.prepare(
        "SELECT version, status, created_at, created_by, signed_on FROM contract_version
         WHERE contract_id = ?1 ORDER BY version DESC",
    )?;
    let rows = st
        .query_map([contract], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if rows.is_empty() {
        return Err(Error::NotFound {
            what: format!("contract {contract}"),
        });
    }
    rows.into_iter()
        .map(|(version, status, created_at, created_by, signed_on)| {
            Ok(VersionInfo {
                version,
                status: VersionStatus::parse(&status)?,
                created_at,
                created_by,
                signed_on,
            })
        })
        .collect()
}

/// The terms a new contract with this partner starts from.
pub fn default_terms(conn: &Connection, prospect: i64) -> Result<Terms> {
    template_terms(conn, prospect)
}

/// Renders version `version` (the latest when None) of `contract` as a PDF. Drafts and sent
/// versions carry the DRAFT mark; signed ones do not.
pub fn pdf(conn: &Connection, contract: i64, version: Option<i64>) -> Result<Vec<u8>> {
    let v = self::version(conn, contract, version)?;
    let author = crate::store::queries::settings::setting(
        conn,
        crate::store::queries::settings::SETTING_USER_NAME,
    )?
    .unwrap_or_default();
    agreement::layout_pdf(&agreement::prepare_with(
        &v,
        clauses::template_in(conn, &v.template_version)?,
        &author,
    )?)
}

/// Renders version `version` (the latest when None) of `contract` as a Word document.
pub fn docx(conn: &Connection, contract: i64, version: Option<i64>) -> Result<Vec<u8>> {
    let v = self::version(conn, contract, version)?;
    let author = crate::store::queries::settings::setting(
        conn,
        crate::store::queries::settings::SETTING_USER_NAME,
    )?
    .unwrap_or_default();
    crate::render::agreement_docx::write(&agreement::prepare_with(
        &v,
        clauses::template_in(conn, &v.template_version)?,
        &author,
    )?)
}

/// Renders and writes the agreement to `path` (complete or not at all) as a PDF, or as a Word
/// document when the path ends in `.docx`; returns its size.
pub fn write_pdf(
    conn: &Connection,
    contract: i64,
    version: Option<i64>,
    path: &std::path::Path,
) -> Result<usize> {
    let bytes = if agreement::is_docx(path) {
        docx(conn, contract, version)?
    } else {
        pdf(conn, contract, version)?
    };
    crate::store::files::write_atomically(path, &bytes)?;
    Ok(bytes.len())
}
