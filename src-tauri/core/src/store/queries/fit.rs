//! What the fit score reads — each prospect's fields, lists and certifications, the user's
//! weights — and the score it writes back (`prospect.fit_score`).

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::model::error::Result;
use crate::rules::fit::{FitInput, FitWeights};

/// The user's weights (Settings), as JSON.
pub const SETTING_WEIGHTS: &str = "fit_weights";
/// The day the stored scores were computed (ISO date).
pub const SETTING_SCORED_ON: &str = "fit_scored_on";

pub fn weights(conn: &Connection) -> Result<FitWeights> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [SETTING_WEIGHTS],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match stored {
        Some(json) => serde_json::from_str(&json).unwrap_or_default(),
        None => FitWeights::default(),
    })
}

/// Loads what the score needs for the given prospects (all live ones when `ids` is None).
pub fn inputs(conn: &Connection, ids: Option<&[i64]>) -> Result<Vec<(i64, FitInput)>> {
    let mut out = Vec::new();
    let mut items =
        conn.prepare_cached("SELECT kind, value FROM prospect_item WHERE prospect_id = ?1")?;
    let mut certs =
        conn.prepare_cached("SELECT name, expires_on FROM certification WHERE prospect_id = ?1")?;
    let mut load = |id: i64, base: FitInput| -> Result<(i64, FitInput)> {
        let mut p = base;
        let rows = items.query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (kind, value) = row?;
            match kind.as_str() {
                "region" => p.regions.push(value),
                "vertical" => p.verticals.push(value),
                "offering" => p.offerings.push(value),
                "service" => p.services.push(value),
                "tag" => p.tags.push(value),
                _ => {}
            }
        }
        p.certifications = certs
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((id, p))
    };
    let base_sql = "SELECT id, country, industry, employees, culture_score, capacity_score, \
                    description FROM prospect";
    let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(i64, FitInput)> {
        Ok((
            r.get(0)?,
            FitInput {
                country: r.get(1)?,
                industry: r.get(2)?,
                employees: r.get(3)?,
                culture_score: r.get(4)?,
                capacity_score: r.get(5)?,
                description: r.get(6)?,
                ..FitInput::default()
            },
        ))
    };
    let bases: Vec<(i64, FitInput)> = match ids {
        None => conn
            .prepare(&format!(
                "{base_sql} WHERE archived_at IS NULL AND merged_into IS NULL"
            ))?
            .query_map([], row)?
            .collect::<rusqlite::Result<_>>()?,
        Some(ids) => {
            let mut stmt = conn.prepare_cached(&format!("{base_sql} WHERE id = ?1"))?;
            let mut v = Vec::new();
            for id in ids {
                if let Some(b) = stmt.query_row([id], row).optional()? {
                    v.push(b);
                }
            }
            v
        }
    };
    for (id, base) in bases {
        out.push(load(id, base)?);
    }
    Ok(out)
}

/// Stores one prospect's score.
pub fn write_score(tx: &Transaction<'_>, id: i64, score: i64) -> Result<()> {
    tx.prepare_cached("UPDATE prospect SET fit_score = ?2 WHERE id = ?1")?
        .execute(params![id, score])?;
    Ok(())
}
