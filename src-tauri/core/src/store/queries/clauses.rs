//! The book's own clause templates (`clause_template`): append-only, one row per saved wording.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::model::error::Result;
use crate::store::queries::settings::now;

/// The standard template an own template is based on, and its texts (JSON, clause id → text).
pub fn own(conn: &Connection, name: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT based_on, texts_json FROM clause_template WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The latest own template over the standard `based_on`: its name and texts. Latest by when it
/// was saved, then by name, not by local id: a team's laptops receive each other's wordings in
/// different orders and must agree on which one new versions are written with.
pub fn latest(conn: &Connection, based_on: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT name, texts_json FROM clause_template WHERE based_on = ?1
             ORDER BY created_at DESC, length(name) DESC, name DESC, id DESC LIMIT 1",
            [based_on],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Saves a new own template ("own-N", N one more than the templates saved) over `based_on`.
/// In a team book `laptop` marks the name as this laptop's ("own-N.1a2b3c"): two laptops saving
/// their own wording apart would otherwise both name it own-N, and contract versions name the
/// template they were written with.
pub fn add_own(
    tx: &Transaction<'_>,
    based_on: &str,
    texts_json: &str,
    by: &str,
    laptop: Option<&str>,
) -> Result<()> {
    let n: i64 = tx.query_row("SELECT count(*) + 1 FROM clause_template", [], |r| r.get(0))?;
    let name = match laptop {
        Some(mark) => format!("own-{n}.{mark}"),
        None => format!("own-{n}"),
    };
    tx.execute(
        "INSERT INTO clause_template (name, based_on, texts_json, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, based_on, texts_json, now(), by],
    )?;
    Ok(())
}
