//! The search index (`search_index`, FTS5) and the prospects an import left to index
//! (`search_pending`).

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::model::error::Result;
use crate::model::search::{SearchHit, SearchStatus};

/// Above this many matches, ranking every one by relevance costs more than a keystroke may
/// (≈45 ms for 80,000 matches at 100k prospects): show title matches first, in index order.
const RANKED_MAX: i64 = 2_000;

const SELECT: &str = "SELECT s.kind, s.ref_id, s.prospect_id, p.name,
        highlight(search_index, 3, char(2), char(3)),
        snippet(search_index, 4, char(2), char(3), '…', 12), s.rowid
    FROM search_index s JOIN prospect p ON p.id = s.prospect_id
    WHERE search_index MATCH ?1 AND p.merged_into IS NULL";

/// How many prospects are still to be indexed.
pub fn status(conn: &Connection) -> Result<SearchStatus> {
    let pending = conn
        .prepare_cached("SELECT count(*) FROM search_pending")?
        .query_row([], |r| r.get(0))?;
    Ok(SearchStatus { pending })
}

/// Indexes the `chunk` lowest pending prospects (all when fewer) and takes them off the list.
pub fn index_pending(tx: &Transaction<'_>, chunk: i64) -> Result<()> {
    // The chunk is the `chunk` lowest pending ids: up to `to`, or all of them.
    let to: i64 = tx
        .query_row(
            "SELECT prospect_id FROM search_pending ORDER BY prospect_id LIMIT 1 OFFSET ?1",
            [chunk],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(i64::MAX);
    tx.execute(
        "INSERT INTO search_index (kind, ref_id, prospect_id, title, body)
         SELECT 'prospect', p.id, p.id, p.name,
                concat_ws(' ', p.domain, p.city, p.country, p.industry, p.description)
         FROM search_pending s JOIN prospect p ON p.id = s.prospect_id
         WHERE s.prospect_id < ?1 ORDER BY s.prospect_id",
        [to],
    )?;
    tx.execute("DELETE FROM search_pending WHERE prospect_id < ?1", [to])?;
    Ok(())
}

/// Calls `visit(id, name, details)` for each live prospect not yet indexed, in id order, until
/// it returns false.
pub fn each_pending(
    conn: &Connection,
    mut visit: impl FnMut(i64, String, String) -> bool,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, concat_ws(' ', p.domain, p.city, p.country, p.industry, p.description)
         FROM search_pending s JOIN prospect p ON p.id = s.prospect_id
         WHERE p.merged_into IS NULL ORDER BY s.prospect_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if !visit(r.get(0)?, r.get(1)?, r.get(2)?) {
            break;
        }
    }
    Ok(())
}

/// Matches in the search index, for an FTS5 query `q`.
pub fn indexed(conn: &Connection, q: &str, limit: i64) -> Result<Vec<SearchHit>> {
    let matches: i64 = conn
        .prepare_cached("SELECT count(*) FROM search_index WHERE search_index MATCH ?1")?
        .query_row([q], |r| r.get(0))?;
    let hit = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(SearchHit, i64)> {
        Ok((
            SearchHit {
                kind: r.get(0)?,
                ref_id: r.get(1)?,
                prospect_id: r.get(2)?,
                prospect_name: r.get(3)?,
                title: r.get(4)?,
                snippet: r.get(5)?,
            },
            r.get(6)?,
        ))
    };
    if matches <= RANKED_MAX {
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} ORDER BY CASE s.kind WHEN 'prospect' THEN 0 WHEN 'contact' THEN 1 ELSE 2 END, rank
             LIMIT ?2"
        ))?;
        let hits = stmt
            .query_map(params![q, limit], hit)?
            .map(|h| h.map(|(h, _)| h))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        return Ok(hits);
    }
    let mut stmt = conn.prepare_cached(&format!("{SELECT} LIMIT ?2"))?;
    let mut hits: Vec<(SearchHit, i64)> = stmt
        .query_map(params![format!("title : ({q})"), limit], hit)?
        .collect::<rusqlite::Result<_>>()?;
    if (hits.len() as i64) < limit {
        let seen: Vec<i64> = hits.iter().map(|(_, rowid)| *rowid).collect();
        let more = stmt
            .query_map(params![q, limit + seen.len() as i64], hit)?
            .filter(|h| h.as_ref().map_or(true, |(_, rowid)| !seen.contains(rowid)))
            .take((limit as usize).saturating_sub(hits.len()))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        hits.extend(more);
    }
    hits.sort_by_key(|(h, _)| match h.kind.as_str() {
        "prospect" => 0,
        "contact" => 1,
        _ => 2,
    });
    Ok(hits.into_iter().map(|(h, _)| h).collect())
}
