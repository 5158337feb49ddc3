//! What an import writes: new prospects staged in memory and inserted with one statement,
//! existing ones filled in, their lists, their first stage move and the search index; and the
//! rows an export reads.
//!
//! New prospects are staged in an in-memory temporary table and enter `prospect` with one
//! `INSERT … SELECT`: one statement (and one statement journal) for all of them instead of one
//! per row, which cost more than the rows themselves (see BENCHMARKS.md). Their ids are
//! assigned here, after `sqlite_sequence` (a used id is never reused), so their histories and
//! search entries select `id >= first_new`.
//!
//! The search index is written once, at the end, with one statement: the triggers skip rows
//! while `settings.bulk_import` is set, because FTS5 flushes its pending terms at every
//! statement savepoint and row-by-row indexing was ten times slower at 100k rows. From 5,000 new
//! prospects on, indexing leaves the transaction: their ids go to `search_pending`, and
//! `ops::search::catch_up_step` indexes them after the commit (the window drives it from
//! `ui/src/lib/indexing.svelte.ts`; the CLI's `import` before it returns).

use std::collections::HashMap;

use rusqlite::{params, Connection, Transaction};

use crate::model::domain::Stage;
use crate::model::error::Result;
use crate::model::field::Field;
use crate::model::import::Draft;

/// From this many new prospects on, an import indexes them for search after it commits
/// (`search::catch_up_step`); below it, inside its transaction (a few milliseconds).
const DEFER_INDEX_FROM: i64 = 5_000;

/// The live prospects an import can merge into, by domain and by normalised name, and the id
/// its first new prospect gets.
pub struct Known {
    pub first_new: i64,
    by_domain: HashMap<String, i64>,
    by_name: HashMap<String, i64>,
}

impl Known {
    /// The live prospect `d` is (same domain, else same name), if any.
    pub fn find(&self, d: &Draft) -> Option<i64> {
        (!d.domain.is_empty())
            .then(|| self.by_domain.get(&d.domain).copied())
            .flatten()
            .or_else(|| self.by_name.get(&d.name_norm).copied())
    }
}

/// Starts a bulk import in `tx`: the search index is updated once at the end, not row by row
/// (see migration 0002). Returns what the book already holds.
pub fn begin(tx: &Transaction<'_>) -> Result<Known> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES ('bulk_import', '1')",
        [],
    )?;
    // New ids continue after every id ever used (AUTOINCREMENT never reuses one).
    let first_new: i64 = tx.query_row(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'prospect'), 0),
                    coalesce((SELECT max(id) FROM prospect), 0)) + 1",
        [],
        |r| r.get(0),
    )?;
    let mut by_domain: HashMap<String, i64> = HashMap::new();
    let mut by_name: HashMap<String, i64> = HashMap::new();
    let mut stmt = tx.prepare(
        "SELECT id, domain, name_norm FROM prospect WHERE merged_into IS NULL AND archived_at IS NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (id, domain, norm) = row?;
        if !domain.is_empty() {
            by_domain.entry(domain).or_insert(id);
        }
        by_name.entry(norm).or_insert(id);
    }
    Ok(Known {
        first_new,
        by_domain,
        by_name,
    })
}

/// What [`write`] did.
pub struct Written {
    pub imported: i64,
    pub merged: i64,
    /// Existing prospects whose fields changed (to reindex).
    pub touched: Vec<i64>,
    /// Existing prospects that changed or gained a list item (to re-score).
    pub rescore: Vec<i64>,
}

/// Writes the drafts: `existing[i]` is the prospect draft `i` merges into (None: a new one,
/// scored `scores[i]`). New prospects get ids from `known.first_new` on.
#[allow(clippy::too_many_arguments)]
pub fn write(
    tx: &Transaction<'_>,
    drafts: Vec<Draft>,
    existing: &[Option<i64>],
    scores: &[Option<i64>],
    known: &Known,
    currency: &str,
    source: &str,
    stamp: &str,
) -> Result<Written> {
    // temp_store is MEMORY (store::configure): these never touch the disk.
    tx.execute_batch(
        "CREATE TEMP TABLE import_row (
             id INTEGER PRIMARY KEY, name TEXT, name_norm TEXT, website TEXT, domain TEXT,
             city TEXT, country TEXT, industry TEXT, employees INTEGER, revenue_minor INTEGER,
             description TEXT, stage TEXT, fit_score INTEGER);
         CREATE TEMP TABLE import_item (prospect_id INTEGER, kind TEXT, value TEXT);",
    )?;
    let mut stage_row = tx.prepare(
        "INSERT INTO temp.import_row VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut stage_item = tx.prepare("INSERT INTO temp.import_item VALUES (?1, ?2, ?3)")?;
    let mut fill = tx.prepare_cached(
        "UPDATE prospect SET
            website = CASE WHEN website = '' THEN ?2 ELSE website END,
            domain = CASE WHEN domain = '' THEN ?3 ELSE domain END,
            city = CASE WHEN city = '' THEN ?4 ELSE city END,
            country = CASE WHEN country = '' THEN ?5 ELSE country END,
            industry = CASE WHEN industry = '' THEN ?6 ELSE industry END,
            employees = coalesce(employees, ?7),
            revenue_minor = coalesce(revenue_minor, ?8),
            revenue_currency = CASE WHEN revenue_minor IS NULL AND ?8 IS NOT NULL THEN ?9 ELSE revenue_currency END,
            description = CASE WHEN description = '' THEN ?10 ELSE description END,
            updated_at = ?11
         WHERE id = ?1 AND (
            (website = '' AND ?2 <> '') OR (domain = '' AND ?3 <> '') OR (city = '' AND ?4 <> '')
            OR (country = '' AND ?5 <> '') OR (industry = '' AND ?6 <> '')
            OR (employees IS NULL AND ?7 IS NOT NULL) OR (revenue_minor IS NULL AND ?8 IS NOT NULL)
            OR (description = '' AND ?10 <> ''))",
    )?;
    let (mut imported, mut merged) = (0i64, 0i64);
    let mut next_id = known.first_new;
    let mut touched = Vec::new();
    for ((d, existing), score) in drafts.into_iter().zip(existing).zip(scores) {
        let id = match *existing {
            Some(id) => {
                // A re-import of what the book already has changes nothing (and is not reindexed).
                let changed = fill.execute(params![
                    id,
                    d.website,
                    d.domain,
                    d.city,
                    d.country,
                    d.industry,
                    d.employees,
                    d.revenue_minor,
                    currency,
                    d.description,
                    stamp
                ])?;
                merged += 1;
                if changed > 0 {
                    touched.push(id);
                }
                id
            }
            None => {
                let id = next_id;
                next_id += 1;
                let stage = d.stage.unwrap_or(Stage::LongList);
                stage_row.execute(params![
                    id,
                    d.name,
                    d.name_norm,
                    d.website,
                    d.domain,
                    d.city,
                    d.country,
                    d.industry,
                    d.employees,
                    d.revenue_minor,
                    d.description,
                    stage,
                    score
                ])?;
                // Drafts are already unique by domain and name (merged in `import`), so a
                // later draft never needs this one, which is only staged so far.
                imported += 1;
                id
            }
        };
        for (field, values) in &d.lists {
            let kind = match field {
                Field::Region => "region",
                Field::Vertical => "vertical",
                Field::Offering => "offering",
                Field::Service => "service",
                _ => "tag",
            };
            for v in values {
                stage_item.execute(params![id, kind, v])?;
            }
        }
    }
    drop((stage_row, stage_item, fill));
    tracing::debug!(imported, merged, "import: rows staged");
    tx.execute(
        "INSERT INTO prospect (id, name, name_norm, website, domain, city, country, industry,
                               employees, revenue_minor, revenue_currency, description, source,
                               stage, stage_since, fit_score, created_at, updated_at)
         SELECT id, name, name_norm, website, domain, city, country, industry,
                employees, revenue_minor, CASE WHEN revenue_minor IS NULL THEN NULL ELSE ?1 END,
                description, ?2, stage, ?3, fit_score, ?3, ?3
         FROM temp.import_row ORDER BY id",
        params![currency, source, stamp],
    )?;
    // Merged prospects that gain a list item need a new score too (not a new search entry).
    let mut rescore: Vec<i64> = {
        let mut stmt = tx.prepare(
            "SELECT DISTINCT prospect_id FROM temp.import_item i
             WHERE prospect_id < ?1 AND NOT EXISTS (
                 SELECT 1 FROM prospect_item p
                 WHERE p.prospect_id = i.prospect_id AND p.kind = i.kind AND p.value = i.value)",
        )?;
        let ids = stmt
            .query_map([known.first_new], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        ids
    };
    tx.execute(
        "INSERT OR IGNORE INTO prospect_item (prospect_id, kind, value)
         SELECT prospect_id, kind, value FROM temp.import_item ORDER BY rowid",
        [],
    )?;
    tx.execute_batch("DROP TABLE temp.import_row; DROP TABLE temp.import_item;")?;
    tracing::debug!("import: rows written");
    rescore.extend(&touched);
    rescore.sort_unstable();
    rescore.dedup();
    Ok(Written {
        imported,
        merged,
        touched,
        rescore,
    })
}

/// Ends a bulk import: every new prospect's history starts with `note`; new and changed
/// prospects are indexed for search (a large import leaves its new ones pending, indexed after
/// it commits); the bulk flag is cleared.
pub fn finish(
    tx: &Transaction<'_>,
    known: &Known,
    written: &Written,
    stamp: &str,
    note: &str,
) -> Result<()> {
    let first_new = known.first_new;
    let touched = &written.touched;
    // One statement for all of them.
    tx.execute(
        "INSERT INTO stage_move (prospect_id, from_stage, to_stage, moved_at, note)
         SELECT id, NULL, stage, ?2, ?3 FROM prospect WHERE id >= ?1",
        params![first_new, stamp, note],
    )?;
    tracing::debug!("import: stage moves written");
    // The search index's columns are not indexed: one pass over it for every changed prospect,
    // never one per prospect (that made a re-import quadratic).
    tx.execute_batch("CREATE TEMP TABLE import_touched (id INTEGER PRIMARY KEY)")?;
    {
        let mut add = tx.prepare("INSERT OR IGNORE INTO temp.import_touched VALUES (?1)")?;
        for id in touched {
            add.execute([id])?;
        }
    }
    if !touched.is_empty() {
        tx.execute(
            "DELETE FROM search_index WHERE kind = 'prospect'
             AND ref_id IN (SELECT id FROM temp.import_touched)",
            [],
        )?;
    }
    // A large import leaves its new rows to `search::catch_up_step`, after they commit.
    let defer = written.imported >= DEFER_INDEX_FROM;
    if defer {
        tx.execute(
            "INSERT INTO search_pending (prospect_id) SELECT id FROM prospect WHERE id >= ?1",
            [first_new],
        )?;
    }
    if !touched.is_empty() {
        // Reindexed below: no longer pending if an earlier import left them so.
        tx.execute(
            "DELETE FROM search_pending WHERE prospect_id IN (SELECT id FROM temp.import_touched)",
            [],
        )?;
    }
    tx.execute(
        "INSERT INTO search_index (kind, ref_id, prospect_id, title, body)
         SELECT 'prospect', id, id, name, concat_ws(' ', domain, city, country, industry, description)
         FROM prospect WHERE (id >= ?1 AND NOT ?2) OR id IN (SELECT id FROM temp.import_touched)",
        params![first_new, defer],
    )?;
    tx.execute_batch("DROP TABLE temp.import_touched")?;
    tracing::debug!("import: search indexed");
    tx.execute("DELETE FROM settings WHERE key = 'bulk_import'", [])?;
    Ok(())
}

/// A live prospect as an export writes it.
pub struct ExportRow {
    pub name: String,
    pub website: String,
    pub domain: String,
    pub city: String,
    pub country: String,
    pub industry: String,
    pub employees: Option<i64>,
    pub revenue_minor: Option<i64>,
    pub description: String,
    pub stage: Stage,
    /// List kind ("region", "tag", …) → values.
    pub lists: HashMap<String, Vec<String>>,
}

/// Calls `visit` for every live prospect, in id order, stopping at its first error.
pub fn each_export_row(
    conn: &Connection,
    mut visit: impl FnMut(&ExportRow) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.name, p.website, p.domain, p.city, p.country, p.industry, p.employees,
                p.revenue_minor, p.description, p.stage,
                (SELECT group_concat(kind || char(31) || value, char(30)) FROM prospect_item WHERE prospect_id = p.id)
         FROM prospect p WHERE p.archived_at IS NULL AND p.merged_into IS NULL ORDER BY p.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let items: Option<String> = r.get(11)?;
        let mut lists: HashMap<String, Vec<String>> = HashMap::new();
        if let Some(items) = items.as_deref() {
            for pair in items.split('\u{1e}') {
                if let Some((k, v)) = pair.split_once('\u{1f}') {
                    lists.entry(k.to_string()).or_default().push(v.to_string());
                }
            }
        }
        visit(&ExportRow {
            name: r.get(1)?,
            website: r.get(2)?,
            domain: r.get(3)?,
            city: r.get(4)?,
            country: r.get(5)?,
            industry: r.get(6)?,
            employees: r.get(7)?,
            revenue_minor: r.get(8)?,
            description: r.get(9)?,
            stage: r.get(10)?,
            lists,
        })?;
    }
    Ok(())
}
