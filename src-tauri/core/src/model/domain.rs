//! Domain types shared by the store, the headless commands and (through generated TypeScript
//! bindings) the UI. Rust is the source of truth: `ui/src/lib/bindings.ts` is generated from here.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::error::{Error, Result};

/// Where a partner stands in the alliance pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    LongList,
    ShortList,
    Vetting,
    Negotiating,
    Active,
    Paused,
    Ended,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::LongList,
        Stage::ShortList,
        Stage::Vetting,
        Stage::Negotiating,
        Stage::Active,
        Stage::Paused,
        Stage::Ended,
    ];

    /// The value stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::LongList => "long_list",
            Stage::ShortList => "short_list",
            Stage::Vetting => "vetting",
            Stage::Negotiating => "negotiating",
            Stage::Active => "active",
            Stage::Paused => "paused",
            Stage::Ended => "ended",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::LongList => "Long-list",
            Stage::ShortList => "Short-list",
            Stage::Vetting => "Vetting",
            Stage::Negotiating => "Negotiating",
            Stage::Active => "Active",
            Stage::Paused => "Paused",
            Stage::Ended => "Ended",
        }
    }

    /// Accepts the stored form (`short_list`), the label (`Short-list`) and loose variants
    /// (`short list`, `SHORTLIST`).
    pub fn parse(s: &str) -> Result<Stage> {
        let key: String = s
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Stage::ALL
            .into_iter()
            .find(|st| st.as_str().replace('_', "") == key)
            .ok_or_else(|| {
                let names: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
                Error::invalid(
                    "stage",
                    format!("unknown stage {s:?}; expected one of {}", names.join(", ")),
                )
            })
    }
}

impl rusqlite::types::FromSql for Stage {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = value.as_str()?;
        Stage::parse(s).map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
    }
}

impl rusqlite::ToSql for Stage {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

/// Our own company: what we offer, where, to whom, and the gaps a partner should fill.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Profile {
    pub name: String,
    pub legal_name: String,
    pub website: String,
    pub address: String,
    pub country: String,
    pub employees: Option<i64>,
    /// Customer size range we serve, in employees.
    pub customer_size_min: Option<i64>,
    pub customer_size_max: Option<i64>,
    /// ISO 4217 code used by default for money.
    pub currency: String,
    pub description: String,
    pub offerings: Vec<String>,
    pub services: Vec<String>,
    pub certifications: Vec<String>,
    pub regions: Vec<String>,
    pub verticals: Vec<String>,
    pub gaps: Vec<String>,
    /// RFC 3339; `None` until the profile is first saved.
    pub updated_at: Option<String>,
}

pub use crate::model::error::FieldError;

impl Profile {
    /// Every problem with this profile, by field. Empty when it can be saved.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut err = |field: &str, key: &str| errors.push(FieldError::said(field, key, &[]));
        if self.name.trim().is_empty() {
            err("name", "invalid.company_name");
        }
        if !self.website.trim().is_empty()
            && crate::model::normalize::domain(&self.website).is_none()
        {
            err("website", "invalid.website");
        }
        if !is_currency(&self.currency) {
            err("currency", "invalid.currency");
        }
        for (field, value) in [
            ("employees", self.employees),
            ("customer_size_min", self.customer_size_min),
            ("customer_size_max", self.customer_size_max),
        ] {
            if value.is_some_and(|v| v < 0) {
                err(field, "invalid.non_negative");
            }
        }
        if let (Some(min), Some(max)) = (self.customer_size_min, self.customer_size_max) {
            if min > max {
                err("customer_size_max", "invalid.size_range");
            }
        }
        errors
    }
}

pub fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())
}

/// One row of the prospects list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProspectSummary {
    pub id: i64,
    pub name: String,
    pub domain: String,
    pub city: String,
    pub country: String,
    pub industry: String,
    pub employees: Option<i64>,
    pub stage: Stage,
    pub stage_since: String,
    pub next_step: String,
    pub regions: Vec<String>,
    pub verticals: Vec<String>,
    /// Fit against our profile, 0–100 (None until scored).
    pub fit_score: Option<i64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProspectSort {
    #[default]
    Name,
    /// Best fit first.
    Score,
}

/// What a page of prospects is asked for. Never the whole table: the UI pages.
/// Filters are exact matches on the stored values; None means "any".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ProspectQuery {
    pub stage: Option<Stage>,
    pub region: Option<String>,
    pub vertical: Option<String>,
    pub tag: Option<String>,
    /// Matches a certification's name or vendor.
    pub certification: Option<String>,
    pub min_score: Option<i64>,
    pub max_score: Option<i64>,
    pub sort: ProspectSort,
    pub offset: i64,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProspectPage {
    /// How many prospects match the query in all.
    pub total: i64,
    pub offset: i64,
    pub items: Vec<ProspectSummary>,
}

/// Prospect counts per pipeline stage (archived excluded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StageCount {
    pub stage: Stage,
    pub count: i64,
}

/// What the app shell needs at start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BookOverview {
    /// The database file in use.
    pub db_path: String,
    pub schema_version: i64,
    pub app_version: String,
    /// True on first run: no prospects, no profile, and the user has not chosen "Start empty".
    pub first_run: bool,
    pub prospects: i64,
    pub contracts: i64,
    pub opportunities: i64,
    pub stages: Vec<StageCount>,
    pub user_name: String,
}

/// What `demo` loaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DemoSummary {
    pub prospects: i64,
    pub contacts: i64,
    pub activities: i64,
    pub contracts: i64,
    pub contract_versions: i64,
    pub opportunities: i64,
    pub lead_registrations: i64,
}

/// The result of `check`: integrity and schema version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CheckReport {
    pub path: String,
    pub schema_version: i64,
    pub supported_version: i64,
    /// `["ok"]` when sound, otherwise the problems found (integrity_check's findings, a
    /// truncated file, or a schema newer than this Allybook).
    pub integrity: Vec<String>,
    pub sound: bool,
    pub prospects: i64,
}

/// One criterion's share of the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FitContribution {
    /// Stable key: complementarity, overlap, region, vertical, size, certifications, culture, capacity.
    pub criterion: String,
    pub label: String,
    pub weight: i64,
    /// Points added to (or, for overlap, taken from) the 0–100 score, to one decimal.
    pub points: f64,
    /// Why, in words: what matched, what is missing.
    pub detail: String,
    /// `detail` as a phrase (`fit.*`) for the window's and the dossier's language; empty when
    /// only the score was asked for.
    #[serde(default)]
    pub detail_words: crate::model::words::Phrase,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FitExplanation {
    pub score: i64,
    pub contributions: Vec<FitContribution>,
}

/// A prospect with its fit explained, as `allybook prospects --json` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RankedProspect {
    pub id: i64,
    pub name: String,
    pub score: i64,
    pub stage: Stage,
    pub domain: String,
    /// Each criterion's share of the score.
    pub explanation: Vec<FitContribution>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_parse_from_stored_form_label_and_loose_spelling() {
        assert_eq!(Stage::parse("short_list").ok(), Some(Stage::ShortList));
        assert_eq!(Stage::parse("Short-list").ok(), Some(Stage::ShortList));
        assert_eq!(Stage::parse("LONGLIST").ok(), Some(Stage::LongList));
        let err = Stage::parse("signed").map(|_| ()).unwrap_err();
        assert!(err.to_string().contains("long_list"), "{err}");
    }

    #[test]
    fn profile_validation_names_each_bad_field() {
        let p = Profile {
            name: " ".into(),
            website: "not a site".into(),
            currency: "euro".into(),
            customer_size_min: Some(500),
            customer_size_max: Some(50),
            ..Profile::default()
        };
        let fields: Vec<String> = p.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["name", "website", "currency", "customer_size_max"].map(String::from)
        );
        let ok = Profile {
            name: "Northwind IT".into(),
            currency: "EUR".into(),
            ..Profile::default()
        };
        assert!(ok.validate().is_empty());
    }
}

/// A prospect as the editor shows and saves it. `id` is None for a new one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ProspectInput {
    pub id: Option<i64>,
    pub name: String,
    pub website: String,
    pub city: String,
    pub country: String,
    pub industry: String,
    pub employees: Option<i64>,
    pub description: String,
    pub next_step: String,
    pub regions: Vec<String>,
    pub verticals: Vec<String>,
    pub offerings: Vec<String>,
    pub services: Vec<String>,
    pub tags: Vec<String>,
}

impl ProspectInput {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.name.trim().is_empty() {
            errors.push(FieldError::said("name", "invalid.prospect_name", &[]));
        }
        if !self.website.trim().is_empty()
            && crate::model::normalize::domain(&self.website).is_none()
        {
            errors.push(FieldError::said("website", "invalid.website", &[]));
        }
        if self.employees.is_some_and(|e| e < 0) {
            errors.push(FieldError::said("employees", "invalid.non_negative", &[]));
        }
        errors
    }
}

/// One prospect in full, for its detail view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProspectDetail {
    pub prospect: ProspectInput,
    pub domain: String,
    pub stage: Stage,
    pub stage_since: String,
    pub source: String,
    pub archived: bool,
    pub fit: FitExplanation,
    pub contacts: i64,
    pub activities: i64,
    pub history: Vec<StageMove>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StageMove {
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    pub moved_at: String,
    pub moved_by: String,
    pub note: String,
    /// Checklist items left open when this move was confirmed.
    pub skipped: Vec<String>,
}

/// The values the list can be filtered by, as they occur in the book.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Facets {
    /// The places in the book, grouped (blocs, countries, subdivisions, then texts that name no
    /// place Allybook knows), each once: what the Region filter offers.
    pub region_options: Vec<crate::model::geo::RegionOption>,
    pub regions: Vec<String>,
    pub verticals: Vec<String>,
    pub tags: Vec<String>,
    pub certifications: Vec<String>,
}
