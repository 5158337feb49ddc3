//! Long-list import from CRM exports and spreadsheets (CSV or workbooks, read by `table`, headers
//! understood by `headers`) and export back to CSV.
//!
//! Rules: every row is validated and errors name the line where the
//! record starts and the column; by default any error means nothing is written; duplicates (by
//! normalised domain or name, within the file and against the store) fill the existing record's
//! empty fields instead of creating a second one. Text is stored verbatim.
//!
//! Speed: rows are validated and new prospects scored on every core (rayon); merging stays in
//! file order. The import commits with `Store::write_bulk` (no WAL checkpoint inside its commit);
//! how it writes is in `store::queries::import`.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::domain::{Profile, Stage};
use crate::model::error::{Error, Result};
use crate::ops::scoring::{self, FitInput, FitWeights};
use crate::ops::search;
use crate::store::queries::import as q;
use crate::store::queries::settings::now;
use crate::store::table::{self, Table};
use crate::Store;
use crate::{model::normalize, rules::headers};

pub use crate::model::field::Field;
pub use crate::model::import::Draft;
pub use crate::model::money::{currency_exponent, format_amount, parse_amount};

/// One problem in one row: where the record starts in the file (as an editor numbers lines, the
/// header being line 1; a workbook's row number), the column's header, the value, the company,
/// and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportError {
    pub line: i64,
    pub column: String,
    pub message: String,
    /// The value as it is in the file.
    #[serde(default)]
    pub value: String,
    /// The row's company name (empty when that is what is missing).
    #[serde(default)]
    pub company: String,
    /// `message` as a phrase (`import_error.*`, with the `value`) for the window's language.
    #[serde(default)]
    pub words: crate::model::words::Phrase,
}

/// What an import did (or, for a dry run or a refused import, would have done).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    pub imported: i64,
    pub merged: i64,
    pub skipped: i64,
    /// Rows imported with their bad values left empty (`blank_invalid`); each is in `errors`.
    #[serde(default)]
    pub blanked: i64,
    pub errors: Vec<ImportError>,
    /// True when nothing was written: a dry run, or errors without `skip_invalid`/`blank_invalid`.
    pub nothing_written: bool,
    /// Prospects not yet in the search index when the import returned (a large import indexes
    /// them after it commits: `search::catch_up_step`); a search finds them meanwhile.
    #[serde(default)]
    pub search_pending: i64,
    /// Why indexing the new prospects for search stopped, when it did: the rows are saved,
    /// search still finds them (more slowly), and the indexing resumes later.
    #[serde(default)]
    pub index_error: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    /// Explicit column mappings, `(header, field)`; every other column is guessed from its header.
    pub maps: Vec<(String, String)>,
    pub dry_run: bool,
    /// Skip (and report) the rows with errors.
    pub skip_invalid: bool,
    /// Import the rows with errors, their bad values left empty (each reported).
    #[serde(default)]
    pub blank_invalid: bool,
    /// A workbook's sheet by name; by default the first with data.
    #[serde(default)]
    pub sheet: Option<String>,
    /// What the stage column's values mean, `(value, stage)`, "ignore" to leave the stage as
    /// long-list: for a column whose values are not Allybook's stages ("Customer" → "active").
    #[serde(default)]
    pub stage_values: Vec<(String, String)>,
}

/// One distinct value of the column mapped to the stage, and what it would become.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StageValue {
    pub value: String,
    pub rows: i64,
    /// The stage it is (or is mapped to); None = it needs a choice.
    pub stage: Option<Stage>,
}

/// A file's columns with the mapping that would be used: for the import screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub encoding: String,
    pub delimiter: String,
    /// A workbook's sheets (empty for CSV) and the one shown.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// The line (or row) the header was found on: a title row above it is skipped.
    pub header_line: i64,
    pub headers: Vec<String>,
    /// The field each column maps to (guessed or explicit); None = ignored.
    pub mapping: Vec<Option<Field>>,
    /// Why a column was guessed as it was, when worth saying ("the CRM's own status").
    pub notes: Vec<Option<String>>,
    /// The first rows, as in the file.
    pub rows: Vec<Vec<String>>,
    pub total_rows: i64,
    /// The stage column's values (when a column maps to the stage).
    pub stage_values: Vec<StageValue>,
}

struct Parsed {
    table: Table,
    mapping: Vec<Option<Field>>,
    notes: Vec<Option<String>>,
    /// Per column: how many currency units one unit of a revenue value is ("CA (k€)").
    scales: Vec<i64>,
}

fn parse(bytes: &[u8], opts: &ImportOptions) -> Result<Parsed> {
    let table = table::read(bytes, opts.sheet.as_deref())?;
    let headers = &table.headers;
    let guesses: Vec<headers::Guess> = headers.iter().map(|h| headers::guess(h)).collect();
    let mut mapping: Vec<Option<Field>> = guesses.iter().map(|g| g.field).collect();
    let mut notes: Vec<Option<String>> = guesses.iter().map(|g| g.note.map(String::from)).collect();
    for (column, field) in &opts.maps {
        // "ignore" leaves a column out even when its header would be recognised.
        let field = if field.trim().eq_ignore_ascii_case("ignore") {
            None
        } else {
            Some(Field::parse(field)?)
        };
        let idx = headers
            .iter()
            .position(|h| h == column.trim() || h.eq_ignore_ascii_case(column.trim()))
            .ok_or_else(|| {
                Error::invalid(
                    "mapping",
                    format!(
                        "no column {column:?} in the file; its columns are: {}",
                        headers.join(", ")
                    ),
                )
            })?;
        // An explicit mapping wins; a guess of the same single-valued field elsewhere is dropped.
        if let Some(f) = field.filter(|f| !f.is_list()) {
            for (i, m) in mapping.iter_mut().enumerate() {
                if *m == Some(f) && i != idx {
                    *m = None;
                }
            }
        }
        mapping[idx] = field;
        notes[idx] = None;
    }
    // Only the first column guessed for a single-valued field is used (Website, Website URL).
    let mut seen = Vec::new();
    for (m, note) in mapping.iter_mut().zip(notes.iter_mut()) {
        if let Some(f) = *m {
            if f.is_list() {
                continue;
            }
            if seen.contains(&f) {
                *m = None;
                *note = Some(format!(
                    "another column is already the {}",
                    f.label().to_lowercase()
                ));
            } else {
                seen.push(f);
            }
        }
    }
    let scales = headers.iter().map(|h| headers::revenue_scale(h)).collect();
    Ok(Parsed {
        table,
        mapping,
        notes,
        scales,
    })
}

/// The stage a value names: ours ("Short list", "vetting"), or as the user mapped it.
fn stage_of(value: &str, maps: &[(String, String)]) -> Option<Option<Stage>> {
    if let Some((_, to)) = maps
        .iter()
        .find(|(v, _)| v.trim().eq_ignore_ascii_case(value.trim()))
    {
        return if to.trim().eq_ignore_ascii_case("ignore") {
            Some(None)
        } else {
            Stage::parse(to).ok().map(Some)
        };
    }
    Stage::parse(value).ok().map(Some)
}

pub fn preview(bytes: &[u8], opts: &ImportOptions, rows: usize) -> Result<ImportPreview> {
    let p = parse(bytes, opts)?;
    let mut stage_values: Vec<StageValue> = Vec::new();
    if let Some(col) = p.mapping.iter().position(|m| *m == Some(Field::Stage)) {
        for r in &p.table.rows {
            let v = r.cells.get(col).map_or("", |s| s.trim());
            if v.is_empty() {
                continue;
            }
            if let Some(s) = stage_values.iter_mut().find(|s| s.value == v) {
                s.rows += 1;
            } else if stage_values.len() < 200 {
                stage_values.push(StageValue {
                    value: v.to_string(),
                    rows: 1,
                    stage: stage_of(v, &opts.stage_values).flatten(),
                });
            }
        }
    }
    Ok(ImportPreview {
        encoding: p.table.encoding.clone(),
        delimiter: p.table.delimiter.clone(),
        sheets: p.table.sheets.clone(),
        sheet: p.table.sheet.clone(),
        header_line: p.table.header_line as i64,
        headers: p.table.headers.clone(),
        mapping: p.mapping,
        notes: p.notes,
        total_rows: p.table.rows.len() as i64,
        rows: p
            .table
            .rows
            .iter()
            .take(rows)
            .map(|r| r.cells.clone())
            .collect(),
        stage_values,
    })
}

/// "1,200" / "1.200" / "1 200" / "1200" → 1200. Anything else is not a whole number.
pub fn parse_count(s: &str) -> Option<i64> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .collect();
    if t.is_empty() {
        return None;
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        return t.parse().ok();
    }
    for sep in [',', '.', '\''] {
        let groups: Vec<&str> = t.split(sep).collect();
        if groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
            && groups[1..].iter().all(|g| g.len() == 3)
        {
            return groups.concat().parse().ok();
        }
    }
    None
}

fn split_list(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in s.split([';', ',', '|']) {
        let v = v.trim();
        if !v.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(v)) {
            out.push(v.to_string());
        }
    }
    out
}

/// "51-200" → 125 (the middle), "10,001+" → 10001: the ranges CRMs and LinkedIn give.
fn parse_employees(s: &str) -> Option<i64> {
    if let Some(n) = parse_count(s) {
        return Some(n);
    }
    let t = s.trim().trim_end_matches('+').trim();
    if let Some(n) = parse_count(t) {
        return Some(n);
    }
    let (lo, hi) = t.split_once(['-', '–'])?;
    let (lo, hi) = (parse_count(lo)?, parse_count(hi)?);
    (lo <= hi).then_some((lo + hi) / 2)
}

/// An amount as exports write it: "EUR 9,800,000", "9800000 EUR", "€ 9,800,000", "9800000.0".
fn parse_revenue(s: &str, exponent: u32, scale: i64) -> Option<i64> {
    let t: String = s
        .split_whitespace()
        .filter(|w| !(w.len() == 3 && w.chars().all(|c| c.is_ascii_uppercase())))
        .collect::<Vec<_>>()
        .join("");
    parse_amount(&t, exponent)?.checked_mul(scale)
}

fn row_to_draft(
    p: &Parsed,
    row: &table::Row,
    exponent: u32,
    stage_maps: &[(String, String)],
    blank_invalid: bool,
    errors: &mut Vec<ImportError>,
) -> Option<Draft> {
    let mut d = Draft::default();
    let before = errors.len();
    let name_col = p.mapping.iter().position(|m| *m == Some(Field::Name));
    let company = name_col
        .and_then(|c| row.cells.get(c))
        .map_or("", |s| s.trim())
        .to_string();
    let mut err = |col: usize, value: &str, message: String, key: &str| {
        errors.push(ImportError {
            line: row.line as i64,
            column: p.table.headers.get(col).cloned().unwrap_or_default(),
            message,
            value: value.to_string(),
            company: company.clone(),
            words: crate::model::words::Phrase::new(key, &[("value", value.to_string())]),
        })
    };
    for (col, field) in p.mapping.iter().enumerate() {
        let Some(field) = *field else { continue };
        let raw = row.cells.get(col).map_or("", String::as_str);
        let value = raw.trim();
        match field {
            Field::Name => d.name = value.to_string(),
            Field::Website if !value.is_empty() => match normalize::domain(value) {
                Some(_) => d.website = value.to_string(),
                None => err(
                    col,
                    value,
                    format!("{value:?} is not a website such as example.com"),
                    "import_error.website",
                ),
            },
            Field::Domain if !value.is_empty() => match normalize::domain(value) {
                Some(dom) => d.domain = dom,
                None => err(
                    col,
                    value,
                    format!("{value:?} is not a domain such as example.com"),
                    "import_error.domain",
                ),
            },
            Field::City => d.city = value.to_string(),
            // Kept as written; matching reads it as an ISO 3166 code (`geo`).
            Field::Country => d.country = value.to_string(),
            Field::Industry => d.industry = value.to_string(),
            Field::Description => d.description = raw.to_string(),
            Field::Employees if !value.is_empty() => match parse_employees(value) {
                Some(n) => d.employees = Some(n),
                None => err(
                    col,
                    value,
                    format!("{value:?} is not a number of employees such as 85 or 51-200"),
                    "import_error.employees",
                ),
            },
            Field::Revenue if !value.is_empty() => match parse_revenue(value, exponent, p.scales[col]) {
                Some(n) => d.revenue_minor = Some(n),
                None => err(
                    col,
                    value,
                    format!("{value:?} is not an amount such as 1500000 or 1,500,000.00"),
                    "import_error.amount",
                ),
            },
            Field::Stage if !value.is_empty() => match stage_of(value, stage_maps) {
                Some(s) => d.stage = s,
                None => err(
                    col,
                    value,
                    format!(
                        "{value:?} is not an Allybook stage: choose the stage it means, or import this column as tags"
                    ),
                    "import_error.stage",
                ),
            },
            f if f.is_list() => {
                for item in split_list(value) {
                    let list = d.lists.entry(f).or_default();
                    if !list.iter().any(|o| o.eq_ignore_ascii_case(&item)) {
                        list.push(item);
                    }
                }
            }
            _ => {}
        }
    }
    if d.name.is_empty() {
        err(
            name_col.unwrap_or(0),
            "",
            "the company name is empty".into(),
            "import_error.no_name",
        );
        // A row without a name cannot be imported, even with bad values left empty.
        return None;
    }
    if d.domain.is_empty() {
        d.domain = normalize::domain(&d.website).unwrap_or_default();
    }
    d.name_norm = normalize::name(&d.name);
    (errors.len() == before || blank_invalid).then_some(d)
}

/// A file-level problem names the file it is in ("export.csv: line 3: …").
fn in_file(path: &Path, e: Error) -> Error {
    match e {
        Error::Invalid { field, message } if field == "file" || field == "sheet" => {
            Error::Invalid {
                field,
                message: format!("{}: {message}", path.display()),
            }
        }
        other => other,
    }
}

/// [`preview`] of the file at `path` (refused at once when it is not a regular file).
pub fn preview_file(path: &Path, opts: &ImportOptions, rows: usize) -> Result<ImportPreview> {
    let bytes = table::read_file(path)?;
    preview(&bytes, opts, rows).map_err(|e| in_file(path, e))
}

/// [`import`] of the file at `path`; the import's source is the file's name.
pub fn import_file(store: &mut Store, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let bytes = table::read_file(path)?;
    let source = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    import(store, &bytes, &source, opts).map_err(|e| in_file(path, e))
}

/// Imports prospects from a file's `bytes` (CSV or a workbook). See the module docs for the rules.
pub fn import(
    store: &mut Store,
    bytes: &[u8],
    source: &str,
    opts: &ImportOptions,
) -> Result<ImportReport> {
    let started = std::time::Instant::now();
    let parsed = parse(bytes, opts)?;
    if !parsed.mapping.contains(&Some(Field::Name)) {
        return Err(Error::invalid(
            "name",
            format!(
                "no column holds the company name; the file's columns are: {}. Choose which one is the company name",
                parsed.table.headers.join(", ")
            ),
        ));
    }
    tracing::debug!(
        rows = parsed.table.rows.len(),
        ms = started.elapsed().as_millis() as u64,
        "import: parsed"
    );
    let profile = crate::store::queries::profile::profile(store.conn())?;
    let exponent = currency_exponent(&profile.currency);

    let mut errors = Vec::new();
    let mut bad_rows = 0i64;
    let mut blanked = 0i64;
    let mut drafts: Vec<Draft> = Vec::new();
    let mut by_domain: HashMap<String, usize> = HashMap::with_capacity(parsed.table.rows.len());
    let mut by_name: HashMap<String, usize> = HashMap::with_capacity(parsed.table.rows.len());
    let mut merged_in_file = 0i64;
    // Rows are validated on every core (each on its own); merging them stays in file order.
    let checked: Vec<(Option<Draft>, Vec<ImportError>)> = parsed
        .table
        .rows
        .par_iter()
        .map(|row| {
            let mut row_errors = Vec::new();
            let d = row_to_draft(
                &parsed,
                row,
                exponent,
                &opts.stage_values,
                opts.blank_invalid,
                &mut row_errors,
            );
            (d, row_errors)
        })
        .collect();
    for (d, row_errors) in checked {
        let had_errors = !row_errors.is_empty();
        errors.extend(row_errors);
        let Some(d) = d else {
            bad_rows += 1;
            continue;
        };
        if had_errors {
            blanked += 1;
        }
        let existing = (!d.domain.is_empty())
            .then(|| by_domain.get(&d.domain).copied())
            .flatten()
            .or_else(|| by_name.get(&d.name_norm).copied());
        match existing {
            Some(i) => {
                drafts[i].absorb(d);
                merged_in_file += 1;
                let dom = drafts[i].domain.clone();
                if !dom.is_empty() {
                    by_domain.entry(dom).or_insert(i);
                }
            }
            None => {
                let i = drafts.len();
                if !d.domain.is_empty() {
                    by_domain.insert(d.domain.clone(), i);
                }
                by_name.insert(d.name_norm.clone(), i);
                drafts.push(d);
            }
        }
    }

    if !errors.is_empty() && !opts.skip_invalid && !opts.blank_invalid {
        return Ok(ImportReport {
            imported: 0,
            merged: 0,
            skipped: 0,
            blanked: 0,
            errors,
            nothing_written: true,
            search_pending: 0,
            index_error: None,
        });
    }

    tracing::debug!(
        drafts = drafts.len(),
        ms = started.elapsed().as_millis() as u64,
        "import: validated"
    );
    let weights = scoring::weights(store.conn())?;
    let run = |tx: &Transaction<'_>| -> Result<(i64, i64)> {
        write_drafts(tx, drafts, &profile, &weights, source)
    };
    let (imported, merged_store) = if opts.dry_run {
        store.dry_run(run)?
    } else {
        store.write_bulk(run)?
    };
    tracing::debug!(
        ms = started.elapsed().as_millis() as u64,
        "import: committed"
    );
    Ok(ImportReport {
        imported,
        merged: merged_in_file + merged_store,
        skipped: bad_rows,
        blanked,
        errors,
        nothing_written: opts.dry_run,
        search_pending: search::status(store.conn())?.pending,
        index_error: None,
    })
}

/// What the fit score reads of a draft.
fn fit_input(d: &Draft) -> FitInput {
    FitInput {
        country: d.country.clone(),
        industry: d.industry.clone(),
        description: d.description.clone(),
        tags: d.list(Field::Tags),
        employees: d.employees,
        regions: d.list(Field::Region),
        verticals: d.list(Field::Vertical),
        offerings: d.list(Field::Offering),
        services: d.list(Field::Service),
        ..FitInput::default()
    }
}

/// Inserts new prospects and merges into existing ones; returns (imported, merged). New
/// prospects are scored here (on every core; the rule is pure), merged ones that changed are
/// re-scored, and the search index is brought up to date (see `store::queries::import`).
fn write_drafts(
    tx: &Transaction<'_>,
    drafts: Vec<Draft>,
    profile: &Profile,
    weights: &FitWeights,
    source: &str,
) -> Result<(i64, i64)> {
    let known = q::begin(tx)?;
    let today = chrono::Local::now().date_naive();
    let existing: Vec<Option<i64>> = drafts.iter().map(|d| known.find(d)).collect();
    let scores: Vec<Option<i64>> = drafts
        .par_iter()
        .zip(existing.par_iter())
        .map(|(d, e)| {
            e.is_none()
                .then(|| scoring::score(profile, weights, &fit_input(d), today))
        })
        .collect();
    let stamp = now();
    let written = q::write(
        tx,
        drafts,
        &existing,
        &scores,
        &known,
        &profile.currency,
        source,
        &stamp,
    )?;
    if !written.rescore.is_empty() {
        scoring::rescore(tx, Some(&written.rescore))?;
    }
    q::finish(
        tx,
        &known,
        &written,
        &stamp,
        &format!("imported from {source}"),
    )?;
    Ok((written.imported, written.merged))
}

/// The CSV columns of an export, in order. `import` reads every one of them back.
pub const EXPORT_COLUMNS: [Field; 15] = Field::ALL;

/// Writes every live prospect to `path` as UTF-8 CSV (lists joined with "; "); returns the count.
/// Writes a temporary file first, so `path` is complete or untouched.
pub fn export(conn: &rusqlite::Connection, path: &Path) -> Result<i64> {
    let profile = crate::store::queries::profile::profile(conn)?;
    let exponent = currency_exponent(&profile.currency);
    crate::store::files::refuse_book(path)?;
    let tmp = path.with_extension(format!("partial-{}", std::process::id()));
    let file = std::fs::File::create(&tmp)
        .map_err(|e| Error::io(format!("cannot write {}", tmp.display()), e))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
    let result = (|| -> Result<i64> {
        w.write_record(EXPORT_COLUMNS.iter().map(|f| f.as_str()))
            .map_err(csv_err)?;
        let mut n = 0;
        q::each_export_row(conn, |r| {
            let join = |k: &str| r.lists.get(k).map(|v| v.join("; ")).unwrap_or_default();
            let record = [
                r.name.clone(),
                r.website.clone(),
                r.domain.clone(),
                r.city.clone(),
                r.country.clone(),
                join("region"),
                r.industry.clone(),
                r.employees.map(|e| e.to_string()).unwrap_or_default(),
                r.revenue_minor
                    .map(|m| format_amount(m, exponent))
                    .unwrap_or_default(),
                r.description.clone(),
                join("tag"),
                join("vertical"),
                join("offering"),
                join("service"),
                r.stage.as_str().to_string(),
            ];
            w.write_record(
                record
                    .iter()
                    .map(|c| table::spreadsheet_safe(c).into_owned()),
            )
            .map_err(csv_err)?;
            n += 1;
            Ok(())
        })?;
        w.flush()
            .map_err(|e| Error::io("cannot write the export", e))?;
        Ok(n)
    })();
    drop(w);
    match result {
        Ok(n) => {
            std::fs::rename(&tmp, path)
                .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
            Ok(n)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn csv_err(e: csv::Error) -> Error {
    Error::io(
        "cannot write the export",
        std::io::Error::other(e.to_string()),
    )
}

/// `allybook import prospects FILE`: the file is checked before the book is opened (a wrong
/// path never leaves a new empty book behind), then imported; new prospects are indexed for
/// search before it returns (should that stop, they stay pending and the report says why).
pub fn import_into(db: &Path, file: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    table::check_file(file)?;
    let mut store = Store::open(db)?;
    let mut report = import_file(&mut store, file, opts)?;
    if report.search_pending > 0 {
        match search::catch_up(&mut store) {
            Ok(_) => report.search_pending = search::status(store.conn())?.pending,
            Err(e) => report.index_error = Some(e.to_string()),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_grouping_and_refuse_ranges() {
        assert_eq!(parse_count("1,200"), Some(1200));
        assert_eq!(parse_count("1.200"), Some(1200));
        assert_eq!(parse_count("1 200"), Some(1200));
        assert_eq!(parse_count("85"), Some(85));
        assert_eq!(parse_count("51-200"), None);
        assert_eq!(parse_count("12,5"), None);
        assert_eq!(parse_count("lots"), None);
    }

    #[test]
    fn amounts_become_minor_units_without_floats() {
        assert_eq!(parse_amount("1,500,000.50", 2), Some(150_000_050));
        assert_eq!(parse_amount("1.500.000,50", 2), Some(150_000_050));
        assert_eq!(parse_amount("250000", 2), Some(25_000_000));
        assert_eq!(parse_amount("1,200", 2), Some(120_000));
        assert_eq!(parse_amount("0.1", 2), Some(10));
        assert_eq!(parse_amount("€ 99.99", 2), Some(9999));
        assert_eq!(parse_amount("1200", 0), Some(1200));
        assert_eq!(
            parse_amount("12.345", 2),
            Some(1_234_500),
            "grouping, not 3 decimals"
        );
        assert_eq!(parse_amount("12.3456", 2), None);
        assert_eq!(parse_amount("-5", 2), None);
        assert_eq!(parse_amount("n/a", 2), None);
        assert_eq!(format_amount(150_000_050, 2), "1500000.50");
        assert_eq!(parse_amount(&format_amount(7, 2), 2), Some(7));
    }

    #[test]
    fn headers_of_common_exports_are_recognised() {
        for (h, f) in [
            ("Company name", Field::Name),
            ("Account Name", Field::Name),
            ("Company Domain Name", Field::Domain),
            ("Website URL", Field::Website),
            ("BillingCity", Field::City),
            ("Country/Region", Field::Country),
            ("BillingCountry", Field::Country),
            ("NumberOfEmployees", Field::Employees),
            ("Number of Employees", Field::Employees),
            ("Annual Revenue", Field::Revenue),
            ("\u{feff}Description", Field::Description),
        ] {
            assert_eq!(headers::guess(h).field, Some(f), "{h}");
        }
        assert_eq!(headers::guess("Firma").field, Some(Field::Name));
        assert_eq!(headers::guess("Lifecycle Stage").field, Some(Field::Tags));
    }
}
