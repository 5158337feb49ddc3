//! Contracts with a partner and their versions. Each saved change of terms or clauses is a new
//! version (v1, v2, …), draft → sent → signed → active → expired or terminated. A signed version
//! is frozen (a trigger refuses changes to it); editing it starts a new draft.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use ts_rs::TS;

use crate::agreement::{self, ClauseSelection};
use crate::book::{self, now, setting};
use crate::error::{Error, Result};
use crate::terms::{RelationshipModel, Terms};
use crate::Store;

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
    fn can_become(self, next: VersionStatus) -> bool {
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
}

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
    Ok(Terms::template(&book::profile(conn)?, &name))
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
    let by = setting(tx, book::SETTING_USER_NAME)?.unwrap_or_default();
    let effective = terms.term.effective_on.clone().filter(|d| !d.is_empty());
    let expires = effective.as_deref().and_then(|e| {
        let e = chrono::NaiveDate::parse_from_str(e, "%Y-%m-%d").ok()?;
        let m = u32::try_from(terms.term.months?).ok()?;
        e.checked_add_months(chrono::Months::new(m))
            .map(|d| d.to_string())
    });
    tx.execute(
        "INSERT INTO contract_version (contract_id, version, status, template_version, terms_json,
                clauses_json, effective_on, expires_on, notice_days, share_bp, share_currency,
                protection_days, created_at, created_by)
         VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            contract,
            version,
            agreement::CURRENT_TEMPLATE,
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
                    v.created_at, v.created_by
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
        &agreement::template(agreement::CURRENT_TEMPLATE)?,
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

/// Moves a version along draft → sent → signed → active → expired / terminated.
pub fn set_status(
    store: &mut Store,
    contract: i64,
    v: i64,
    next: VersionStatus,
    today: chrono::NaiveDate,
) -> Result<ContractVersion> {
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
        tx.execute(
            "UPDATE contract_version SET status = ?3,
                    signed_on = CASE WHEN ?3 = 'signed' THEN ?4 ELSE signed_on END
             WHERE contract_id = ?1 AND version = ?2",
            params![contract, v, next.as_str(), today.to_string()],
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
        &agreement::template(&va.template_version)?,
        &va.terms,
        &va.clauses,
    )?;
    let cb = agreement::render(
        &agreement::template(&vb.template_version)?,
        &vb.terms,
        &vb.clauses,
    )?;
    let key = |c: &agreement::RenderedClause| format!("{}\u{1f}{}", c.id, c.title);
    let mut clauses = Vec::new();
    for c in &ca {
        let text = c.paragraphs.join("\n\n");
        match cb.iter().find(|d| key(d) == key(c)) {
            Some(d) if d.paragraphs.join("\n\n") == text => {}
            Some(d) => clauses.push(ClauseChange {
                title: c.title.clone(),
                before: text,
                after: d.paragraphs.join("\n\n"),
            }),
            None => clauses.push(ClauseChange {
                title: c.title.clone(),
                before: text,
                after: String::new(),
            }),
        }
    }
    for d in cb.iter().filter(|d| !ca.iter().any(|c| key(c) == key(d))) {
        clauses.push(ClauseChange {
            title: d.title.clone(),
            before: String::new(),
            after: d.paragraphs.join("\n\n"),
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
