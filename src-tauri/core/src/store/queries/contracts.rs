//! Contracts (`contract`), their versions (`contract_version`) and the recorded status changes
//! of each version (`contract_event`).

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::model::contract::{
    ClauseSelection, ContractEvent, ContractSummary, ContractVersion, Signatory, VersionInfo,
    VersionStatus,
};
use crate::model::error::{Error, Result};
use crate::model::terms::Terms;
use crate::store::queries::settings::now;

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

/// A new contract with a partner (its versions follow); its id.
pub fn insert_contract(tx: &Transaction<'_>, prospect: i64, title: &str) -> Result<i64> {
    tx.execute(
        "INSERT INTO contract (prospect_id, title, created_at) VALUES (?1, ?2, ?3)",
        params![prospect, title, now()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A new draft version with its terms, clauses and the dates the reminders read.
#[allow(clippy::too_many_arguments)]
pub fn insert_version(
    tx: &Transaction<'_>,
    contract: i64,
    version: i64,
    template: &str,
    terms: &Terms,
    clauses: &ClauseSelection,
    effective: Option<String>,
    expires: Option<String>,
    by: &str,
) -> Result<()> {
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

/// Marks a version signed on `on`; `effective` and `expires` set the dates when the terms give
/// none (kept otherwise).
pub fn mark_signed(
    tx: &Transaction<'_>,
    contract: i64,
    version: i64,
    on: &str,
    effective: Option<String>,
    expires: Option<String>,
) -> Result<()> {
    tx.execute(
        "UPDATE contract_version SET status = 'signed', signed_on = ?3,
                effective_on = COALESCE(?4, effective_on),
                expires_on = COALESCE(?5, expires_on)
         WHERE contract_id = ?1 AND version = ?2",
        params![contract, version, on, effective, expires],
    )?;
    Ok(())
}

pub fn set_status(
    tx: &Transaction<'_>,
    contract: i64,
    version: i64,
    status: VersionStatus,
) -> Result<()> {
    tx.execute(
        "UPDATE contract_version SET status = ?3 WHERE contract_id = ?1 AND version = ?2",
        params![contract, version, status.as_str()],
    )?;
    Ok(())
}

/// Records a status change of a version (never edited), with who signed for each party when
/// it is a signing.
#[allow(clippy::too_many_arguments)]
pub fn record_event(
    tx: &Transaction<'_>,
    contract: i64,
    version: i64,
    status: VersionStatus,
    on: &str,
    reason: &str,
    signatories: Option<(&Signatory, &Signatory)>,
    by: &str,
) -> Result<()> {
    let one = |party: &str, s: &Signatory| StoredSignatory {
        party: party.into(),
        name: s.name.trim().into(),
        role: s.role.trim().into(),
    };
    let stored: Vec<StoredSignatory> = match signatories {
        Some((us, partner)) => vec![one("us", us), one("partner", partner)],
        None => Vec::new(),
    };
    tx.execute(
        "INSERT INTO contract_event (version_id, status, happened_on, reason, signatories_json,
                recorded_at, recorded_by)
         SELECT id, ?3, ?4, ?5, ?6, ?7, ?8 FROM contract_version
         WHERE contract_id = ?1 AND version = ?2",
        params![
            contract,
            version,
            status.as_str(),
            on,
            reason,
            serde_json::to_string(&stored)?,
            now(),
            by
        ],
    )?;
    Ok(())
}

/// Records the scanned signed copy of a version: its file name and SHA-256.
pub fn set_attachment(
    tx: &Transaction<'_>,
    contract: i64,
    version: i64,
    name: &str,
    sha256: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE contract_version SET attachment_name = ?3, attachment_sha256 = ?4
         WHERE contract_id = ?1 AND version = ?2",
        params![contract, version, name, sha256],
    )?;
    Ok(())
}
