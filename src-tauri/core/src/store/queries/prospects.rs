//! Prospects (`prospect`) and their lists (`prospect_item`): the ranked page, the filters'
//! values, inserts, edits, archiving and merging.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::model::domain::{
    ProspectDetail, ProspectInput, ProspectPage, ProspectQuery, ProspectSort, ProspectSummary,
    Stage,
};
use crate::model::error::{Error, Result};
use crate::model::geo::{self, Place};
use crate::model::normalize;
use crate::store::queries::settings::now;

/// The largest page the list will hand out in one call.
pub const MAX_PAGE: i64 = 500;

fn count(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

/// The count and the page statement for `q`, as `list_prospects` runs them (parameters ?1–?7
/// the filters, ?8 and ?9 limit and offset).
fn page_statements(q: &ProspectQuery) -> (String, String) {
    let stage = q.stage.map(Stage::as_str);
    // Only the filters in use become constraints, so the planner can seek the (stage, fit)
    // index; an unused one stays as `?N IS NULL` (bound NULL) to keep the parameters numbered.
    // "(?1 IS NULL OR p.stage = ?1)" scanned the whole index: 14 ms at 100k, 1 ms like this.
    let clauses = [
        (stage.is_some(), "p.stage = ?1"),
        // ?2 is every text in the book that names a place inside the chosen one (`region_texts`).
        (q.region.is_some(), "(p.country IN (SELECT value FROM json_each(?2)) OR EXISTS (SELECT 1 FROM prospect_item i WHERE i.prospect_id = p.id AND i.kind = 'region' AND i.value IN (SELECT value FROM json_each(?2))))"),
        (q.vertical.is_some(), "EXISTS (SELECT 1 FROM prospect_item i WHERE i.prospect_id = p.id AND i.kind = 'vertical' AND i.value = ?3)"),
        (q.tag.is_some(), "EXISTS (SELECT 1 FROM prospect_item i WHERE i.prospect_id = p.id AND i.kind = 'tag' AND i.value = ?4)"),
        (q.certification.is_some(), "EXISTS (SELECT 1 FROM certification c WHERE c.prospect_id = p.id AND (c.name = ?5 OR c.vendor = ?5))"),
        (q.min_score.is_some(), "p.fit_score >= ?6"),
        (q.max_score.is_some(), "p.fit_score <= ?7"),
    ];
    let mut filter = String::from("p.archived_at IS NULL AND p.merged_into IS NULL");
    for (n, (used, sql)) in clauses.iter().enumerate() {
        if *used {
            filter.push_str(&format!(" AND {sql}"));
        } else {
            filter.push_str(&format!(" AND ?{} IS NULL", n + 1));
        }
    }
    let order = match q.sort {
        ProspectSort::Name => "p.name COLLATE NOCASE, p.id",
        ProspectSort::Score => "p.fit_score DESC NULLS LAST, p.name COLLATE NOCASE, p.id",
    };
    (
        format!("SELECT count(*) FROM prospect p WHERE {filter}"),
        format!(
            "SELECT p.id, p.name, p.domain, p.city, p.country, p.industry, p.employees, p.stage,
                    p.stage_since, p.next_step,
                    (SELECT group_concat(value, char(31)) FROM prospect_item
                      WHERE prospect_id = p.id AND kind = 'region'),
                    (SELECT group_concat(value, char(31)) FROM prospect_item
                      WHERE prospect_id = p.id AND kind = 'vertical'),
                    p.fit_score
             FROM prospect p WHERE {filter}
             ORDER BY {order} LIMIT ?8 OFFSET ?9"
        ),
    )
}

/// How SQLite answers the count and the page for `q` (`EXPLAIN QUERY PLAN`, one step per line):
/// the tidy test checks that ranked pages come from the partial indexes.
pub fn page_plans(conn: &Connection, q: &ProspectQuery) -> Result<Vec<(&'static str, String)>> {
    let (count_sql, page_sql) = page_statements(q);
    let mut out = Vec::new();
    for (what, sql) in [("count", count_sql), ("page", page_sql)] {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        // The plan does not depend on the values: every parameter bound NULL.
        let nulls = vec![rusqlite::types::Null; stmt.parameter_count()];
        let steps = stmt
            .query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push((what, steps.join("\n")));
    }
    Ok(out)
}

/// A page of live prospects (not archived, not merged), filtered and sorted in SQL.
pub fn list_prospects(conn: &Connection, q: &ProspectQuery) -> Result<ProspectPage> {
    let limit = q.limit.clamp(1, MAX_PAGE);
    let offset = q.offset.max(0);
    let stage = q.stage.map(Stage::as_str);
    let (count_sql, page_sql) = page_statements(q);
    let region = match &q.region {
        Some(r) => Some(serde_json::to_string(&region_texts(conn, r)?)?),
        None => None,
    };
    let filters = params![
        stage,
        region,
        q.vertical,
        q.tag,
        q.certification,
        q.min_score,
        q.max_score
    ];
    let total: i64 = conn
        .prepare_cached(&count_sql)?
        .query_row(filters, |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(&page_sql)?;
    let split = |s: Option<String>| -> Vec<String> {
        s.map(|s| s.split('\u{1f}').map(String::from).collect())
            .unwrap_or_default()
    };
    let items = stmt
        .query_map(
            rusqlite::params_from_iter(filters.iter().chain(params![limit, offset])),
            |r| {
                Ok(ProspectSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    domain: r.get(2)?,
                    city: r.get(3)?,
                    country: r.get(4)?,
                    industry: r.get(5)?,
                    employees: r.get(6)?,
                    stage: r.get(7)?,
                    stage_since: r.get(8)?,
                    next_step: r.get(9)?,
                    regions: split(r.get(10)?),
                    verticals: split(r.get(11)?),
                    fit_score: r.get(12)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ProspectPage {
        total,
        offset,
        items,
    })
}

/// Inserts a prospect with its name, website and stage (callers fill the other fields in the same
/// transaction) and records its first stage move, so the history starts at creation.
pub(crate) fn insert_prospect(
    tx: &Transaction<'_>,
    name: &str,
    website: &str,
    stage: Stage,
    source: &str,
) -> Result<i64> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "A prospect needs a name."));
    }
    let domain = if website.trim().is_empty() {
        String::new()
    } else {
        normalize::domain(website).ok_or_else(|| {
            Error::invalid(
                "website",
                format!("{website:?} is not a website such as example.com"),
            )
        })?
    };
    let now = now();
    tx.execute(
        "INSERT INTO prospect (name, name_norm, website, domain, stage, stage_since, source,
                               created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?6)",
        params![
            name,
            normalize::name(name),
            website.trim(),
            domain,
            stage,
            now,
            source
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO stage_move (prospect_id, from_stage, to_stage, moved_at, note)
         VALUES (?1, NULL, ?2, ?3, 'created')",
        params![id, stage, now],
    )?;
    Ok(id)
}

const PROSPECT_LISTS: [&str; 5] = ["region", "vertical", "offering", "service", "tag"];

fn prospect_lists(p: &ProspectInput) -> [&Vec<String>; 5] {
    [&p.regions, &p.verticals, &p.offerings, &p.services, &p.tags]
}

/// Distinct filter values of live prospects, sorted.
/// The countries and regions written in the book (live prospects), each once.
fn place_texts(conn: &Connection) -> Result<Vec<(String, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT country, 1 FROM prospect
         WHERE country <> '' AND archived_at IS NULL AND merged_into IS NULL
         UNION
         SELECT DISTINCT i.value, 0 FROM prospect_item i JOIN prospect p ON p.id = i.prospect_id
         WHERE i.kind = 'region' AND p.archived_at IS NULL AND p.merged_into IS NULL",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn place_of(text: &str, is_country: bool) -> Option<Place> {
    if is_country {
        geo::country_code(text).map(Place::Country)
    } else {
        geo::resolve(text, None)
    }
}

/// Every country or region text in the book that names a place inside `region` (a bloc,
/// country or subdivision as `geo` reads it: "DACH" takes in "Germany", "Bavaria" and "AT"); a
/// region `geo` does not know matches only its own text.
pub fn region_texts(conn: &Connection, region: &str) -> Result<Vec<String>> {
    let mut out = vec![region.to_string()];
    let Some(target) = geo::resolve(region, None) else {
        return Ok(out);
    };
    for (text, is_country) in place_texts(conn)? {
        if place_of(&text, is_country).is_some_and(|p| p.is_inside(&target)) && !out.contains(&text)
        {
            out.push(text);
        }
    }
    Ok(out)
}

pub fn facets(conn: &Connection) -> Result<crate::model::domain::Facets> {
    let values = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let v = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(v)
    };
    let items = |kind: &str| {
        values(&format!(
            "SELECT DISTINCT i.value FROM prospect_item i JOIN prospect p ON p.id = i.prospect_id
             WHERE i.kind = '{kind}' AND p.archived_at IS NULL AND p.merged_into IS NULL
             ORDER BY i.value COLLATE NOCASE LIMIT 500"
        ))
    };
    // The places written in the book, grouped bloc / country / subdivision, each once (by what
    // it means: "Germany", "DE" and "Deutschland" are one country), with the countries of the
    // subdivisions and the blocs that hold them.
    let mut places: Vec<geo::RegionOption> = Vec::new();
    let mut other: Vec<String> = Vec::new();
    for (text, is_country) in place_texts(conn)? {
        match place_of(&text, is_country) {
            Some(place) => {
                let mut add = |p: &Place| {
                    if !places.iter().any(|o| o.code == p.code()) {
                        places.push(geo::option(p));
                    }
                };
                add(&place);
                if let Some(c) = place.country() {
                    add(&Place::Country(c.to_string()));
                }
            }
            None => {
                if !other.iter().any(|o| o.eq_ignore_ascii_case(&text)) {
                    other.push(text);
                }
            }
        }
    }
    let kind_order = |k: &str| match k {
        "bloc" => 0,
        "country" => 1,
        _ => 2,
    };
    places.sort_by(|a, b| {
        (kind_order(&a.kind), a.name.to_lowercase())
            .cmp(&(kind_order(&b.kind), b.name.to_lowercase()))
    });
    other.sort_by_key(|o| o.to_lowercase());
    places.extend(other.into_iter().map(|t| geo::RegionOption {
        code: t.clone(),
        name: t,
        kind: "other".into(),
        country: None,
    }));
    Ok(crate::model::domain::Facets {
        region_options: places,
        regions: items("region")?,
        verticals: items("vertical")?,
        tags: items("tag")?,
        certifications: values(
            "SELECT DISTINCT c.vendor FROM certification c JOIN prospect p ON p.id = c.prospect_id
             WHERE p.archived_at IS NULL AND p.merged_into IS NULL ORDER BY c.vendor COLLATE NOCASE LIMIT 500",
        )?,
    })
}

/// What the overview counts, live prospects only.
pub struct OverviewCounts {
    pub prospects: i64,
    pub has_profile: bool,
    pub stages: Vec<(Stage, i64)>,
    pub contracts: i64,
    pub opportunities: i64,
}

pub fn overview_counts(conn: &Connection) -> Result<OverviewCounts> {
    let mut stmt = conn.prepare(
        "SELECT stage, count(*) FROM prospect
         WHERE archived_at IS NULL AND merged_into IS NULL GROUP BY stage",
    )?;
    let stages: Vec<(Stage, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(OverviewCounts {
        prospects: count(
            conn,
            "SELECT count(*) FROM prospect WHERE archived_at IS NULL AND merged_into IS NULL",
        )?,
        has_profile: count(conn, "SELECT count(*) FROM profile")? > 0,
        stages,
        contracts: count(conn, "SELECT count(*) FROM contract")?,
        opportunities: count(conn, "SELECT count(*) FROM opportunity")?,
    })
}

/// Records a note on a prospect, now.
pub fn add_note(tx: &Transaction<'_>, id: i64, subject: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO activity (prospect_id, kind, occurred_at, subject, created_at)
         VALUES (?1, 'note', ?2, ?3, ?2)",
        params![id, now(), subject],
    )?;
    Ok(())
}

/// The name of a live prospect other than `id` with the same domain (when there is one) or the
/// same normalised name.
pub fn clash(
    tx: &Transaction<'_>,
    id: Option<i64>,
    domain: &str,
    name_norm: &str,
) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT name FROM prospect
             WHERE merged_into IS NULL AND archived_at IS NULL AND id IS NOT ?1
               AND ((?2 <> '' AND domain = ?2) OR name_norm = ?3) LIMIT 1",
            params![id, domain, name_norm],
            |r| r.get(0),
        )
        .optional()?)
}

/// Rewrites a prospect's fields from the editor and empties its lists (written again by
/// [`replace_lists`]). False when there is no such prospect.
pub fn update(
    tx: &Transaction<'_>,
    id: i64,
    p: &ProspectInput,
    name_norm: &str,
    domain: &str,
) -> Result<bool> {
    let n = tx.execute(
        "UPDATE prospect SET name = ?2, name_norm = ?3, website = ?4, domain = ?5,
                city = ?6, country = ?7, industry = ?8, employees = ?9,
                description = ?10, next_step = ?11, updated_at = ?12
         WHERE id = ?1",
        params![
            id,
            p.name.trim(),
            name_norm,
            p.website.trim(),
            domain,
            p.city.trim(),
            p.country.trim(),
            p.industry.trim(),
            p.employees,
            p.description,
            p.next_step.trim(),
            now()
        ],
    )?;
    if n > 0 {
        tx.execute("DELETE FROM prospect_item WHERE prospect_id = ?1", [id])?;
    }
    Ok(n > 0)
}

/// The editor's fields beyond name and website, on a prospect just inserted.
pub fn set_details(tx: &Transaction<'_>, id: i64, p: &ProspectInput) -> Result<()> {
    tx.execute(
        "UPDATE prospect SET city = ?2, country = ?3, industry = ?4, employees = ?5,
                description = ?6, next_step = ?7 WHERE id = ?1",
        params![
            id,
            p.city.trim(),
            p.country.trim(),
            p.industry.trim(),
            p.employees,
            p.description,
            p.next_step.trim()
        ],
    )?;
    Ok(())
}

/// Adds the editor's lists (regions, verticals, offerings, services, tags) to a prospect.
pub fn replace_lists(tx: &Transaction<'_>, id: i64, p: &ProspectInput) -> Result<()> {
    let mut item = tx.prepare_cached(
        "INSERT OR IGNORE INTO prospect_item (prospect_id, kind, value) VALUES (?1, ?2, ?3)",
    )?;
    for (kind, list) in PROSPECT_LISTS.iter().zip(prospect_lists(p)) {
        for v in list.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
            item.execute(params![id, kind, v])?;
        }
    }
    Ok(())
}

/// A prospect's fields, lists and counts; its fit and history are left empty (see
/// `ops::book::prospect_detail`).
pub fn detail(conn: &Connection, id: i64) -> Result<ProspectDetail> {
    let mut detail = conn
        .query_row(
            "SELECT name, website, city, country, industry, employees, description, next_step,
                    domain, stage, stage_since, source, archived_at IS NOT NULL
             FROM prospect WHERE id = ?1",
            [id],
            |r| {
                Ok(ProspectDetail {
                    prospect: ProspectInput {
                        id: Some(id),
                        name: r.get(0)?,
                        website: r.get(1)?,
                        city: r.get(2)?,
                        country: r.get(3)?,
                        industry: r.get(4)?,
                        employees: r.get(5)?,
                        description: r.get(6)?,
                        next_step: r.get(7)?,
                        ..ProspectInput::default()
                    },
                    domain: r.get(8)?,
                    stage: r.get(9)?,
                    stage_since: r.get(10)?,
                    source: r.get(11)?,
                    archived: r.get(12)?,
                    fit: crate::model::domain::FitExplanation {
                        score: 0,
                        contributions: Vec::new(),
                    },
                    contacts: 0,
                    activities: 0,
                    history: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: format!("prospect {id}"),
        })?;
    let mut items =
        conn.prepare_cached("SELECT kind, value FROM prospect_item WHERE prospect_id = ?1")?;
    let rows = items.query_map([id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (kind, value) = row?;
        let p = &mut detail.prospect;
        match kind.as_str() {
            "region" => p.regions.push(value),
            "vertical" => p.verticals.push(value),
            "offering" => p.offerings.push(value),
            "service" => p.services.push(value),
            _ => p.tags.push(value),
        }
    }
    detail.contacts = conn.query_row(
        "SELECT count(*) FROM contact WHERE prospect_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    detail.activities = conn.query_row(
        "SELECT count(*) FROM activity WHERE prospect_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(detail)
}

/// Archives (or restores) a prospect. False when there is no such prospect.
pub fn set_archived(tx: &Transaction<'_>, id: i64, archived: bool) -> Result<bool> {
    let n = tx.execute(
        "UPDATE prospect SET archived_at = CASE WHEN ?2 THEN ?3 ELSE NULL END, updated_at = ?3
         WHERE id = ?1",
        params![id, archived, now()],
    )?;
    Ok(n > 0)
}

/// Whether prospect `id` is live (not merged into another); None when there is none.
pub fn is_live(tx: &Transaction<'_>, id: i64) -> Result<Option<bool>> {
    Ok(tx
        .query_row(
            "SELECT merged_into IS NULL FROM prospect WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Moves everything of `other` to `keep`, fills `keep`'s empty fields from `other`, archives
/// `other` pointing at `keep` and notes the merge in `keep`'s history.
pub fn merge(tx: &Transaction<'_>, keep: i64, other: i64) -> Result<()> {
    for table in [
        "contact",
        "activity",
        "stage_move",
        "certification",
        "checklist_item",
        "scorecard",
        "contract",
        "opportunity",
        "lead_registration",
    ] {
        tx.execute(
            &format!("UPDATE {table} SET prospect_id = ?1 WHERE prospect_id = ?2"),
            params![keep, other],
        )?;
    }
    tx.execute(
        "INSERT OR IGNORE INTO prospect_item (prospect_id, kind, value)
         SELECT ?1, kind, value FROM prospect_item WHERE prospect_id = ?2",
        params![keep, other],
    )?;
    tx.execute(
        "UPDATE prospect AS k SET
            website = CASE WHEN k.website = '' THEN o.website ELSE k.website END,
            domain = CASE WHEN k.domain = '' THEN o.domain ELSE k.domain END,
            city = CASE WHEN k.city = '' THEN o.city ELSE k.city END,
            country = CASE WHEN k.country = '' THEN o.country ELSE k.country END,
            industry = CASE WHEN k.industry = '' THEN o.industry ELSE k.industry END,
            employees = coalesce(k.employees, o.employees),
            revenue_minor = coalesce(k.revenue_minor, o.revenue_minor),
            revenue_currency = coalesce(k.revenue_currency, o.revenue_currency),
            description = CASE WHEN k.description = '' THEN o.description ELSE k.description END,
            updated_at = ?3
         FROM prospect AS o WHERE k.id = ?1 AND o.id = ?2",
        params![keep, other, now()],
    )?;
    tx.execute(
        "UPDATE prospect SET merged_into = ?1, archived_at = ?3, updated_at = ?3 WHERE id = ?2",
        params![keep, other, now()],
    )?;
    tx.execute(
        "INSERT INTO stage_move (prospect_id, from_stage, to_stage, moved_at, note)
         SELECT ?1, stage, stage, ?3, 'merged with ' || (SELECT name FROM prospect WHERE id = ?2)
         FROM prospect WHERE id = ?1",
        params![keep, other, now()],
    )?;
    Ok(())
}

/// A prospect's certifications as (vendor, name, expires on), by vendor and name.
pub fn certifications(
    conn: &Connection,
    prospect: i64,
) -> Result<Vec<(String, String, Option<String>)>> {
    let mut st = conn.prepare_cached(
        "SELECT vendor, name, expires_on FROM certification WHERE prospect_id = ?1
         ORDER BY vendor, name",
    )?;
    let v = st
        .query_map([prospect], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}
