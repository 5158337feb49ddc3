//! Operations on the alliance book: our profile, prospects, settings and the overview.
//! Every write goes through [`Store::write`] (one immediate transaction); the SQL is in
//! `store::queries` (`settings`, `profile`, `prospects`).

use rusqlite::Connection;

use crate::model::domain::FieldError;
use crate::model::domain::{BookOverview, Profile, ProspectDetail, ProspectInput, Stage};
use crate::model::error::{Error, Result};
use crate::model::normalize;
use crate::ops::{pipeline, scoring};
use crate::store::queries::{profile as profile_rows, prospects};
use crate::store::{self, Store};

// The public paths scripts and tests know (`book::profile`, `book::setting`, …), answered by
// the store's queries.
pub use crate::store::queries::profile::profile;
pub use crate::store::queries::prospects::{facets, list_prospects, region_texts, MAX_PAGE};
pub use crate::store::queries::settings::{now, set_setting, setting};
pub use crate::store::queries::settings::{SETTING_ONBOARDED, SETTING_USER_NAME};

pub fn overview(store: &Store) -> Result<BookOverview> {
    let conn = store.conn();
    let counts = prospects::overview_counts(conn)?;
    let onboarded = setting(conn, SETTING_ONBOARDED)?.is_some();
    Ok(BookOverview {
        db_path: store.path().display().to_string(),
        schema_version: store::schema_version(conn)?,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        first_run: counts.prospects == 0 && !counts.has_profile && !onboarded,
        prospects: counts.prospects,
        contracts: counts.contracts,
        opportunities: counts.opportunities,
        stages: Stage::ALL
            .into_iter()
            .map(|stage| crate::model::domain::StageCount {
                stage,
                count: counts
                    .stages
                    .iter()
                    .find(|(s, _)| *s == stage)
                    .map_or(0, |(_, n)| *n),
            })
            .collect(),
        user_name: setting(conn, SETTING_USER_NAME)?.unwrap_or_default(),
    })
}

/// "Start empty": remember that the user chose an empty book, so the welcome is not shown again.
pub fn start_empty(store: &mut Store) -> Result<()> {
    store.write(|tx| set_setting(tx, SETTING_ONBOARDED, &now()))
}

pub fn set_user_name(store: &mut Store, name: &str) -> Result<()> {
    let name = name.trim();
    if name.chars().count() > 80 {
        return Err(Error::invalid("user_name", "Keep it under 80 characters."));
    }
    store.write(|tx| set_setting(tx, SETTING_USER_NAME, name))
}

/// The language the book's documents (dossiers, statements, new agreements) are written in.
pub fn document_language(store: &Store) -> Result<crate::model::words::DocLanguage> {
    crate::store::queries::settings::document_language(store.conn())
}

/// Sets the language the book's documents are written in; the default checklist and scorecard
/// criteria the user has not reworded are renamed into it (one transaction). Returns it as saved.
pub fn set_document_language(
    store: &mut Store,
    lang: crate::model::words::DocLanguage,
) -> Result<crate::model::words::DocLanguage> {
    use crate::model::pipeline::{DEFAULT_CHECKLIST, DEFAULT_CRITERIA};
    use crate::model::words::DocLanguage;
    // The default checklist and criteria the user has not reworded follow the language.
    let checklist: Vec<(&str, &str, &str)> = DEFAULT_CHECKLIST
        .iter()
        .map(|(stage, en, de)| match lang {
            DocLanguage::En => (*stage, *de, *en),
            DocLanguage::De => (*stage, *en, *de),
        })
        .collect();
    let criteria: Vec<(&str, &str)> = DEFAULT_CRITERIA
        .iter()
        .map(|(en, de)| match lang {
            DocLanguage::En => (*de, *en),
            DocLanguage::De => (*en, *de),
        })
        .collect();
    store.write(|tx| {
        set_setting(
            tx,
            crate::store::queries::settings::SETTING_DOCUMENT_LANGUAGE,
            lang.code(),
        )?;
        crate::store::queries::pipeline::relabel_templates(tx, &checklist, &criteria)
    })?;
    Ok(lang)
}

/// Validates and saves our profile in one transaction. On invalid input nothing is written and
/// every problem is returned, by field ([`Error::Fields`]).
pub fn save_profile(store: &mut Store, profile: &Profile) -> Result<Profile> {
    let errors = profile.validate();
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    store.write(|tx| {
        profile_rows::write_profile(tx, profile)?;
        // The profile is what fit is measured against: re-rank everyone.
        scoring::rescore(tx, None)?;
        Ok(())
    })?;
    self::profile(store.conn())
}

/// Writes `count` prospects, each in its own committed transaction, calling `committed(n)` after
/// each commit. Used by the crash test (`allybook stress`) to prove committed work survives a
/// kill at any moment.
pub fn stress(store: &mut Store, count: u64, mut committed: impl FnMut(u64)) -> Result<()> {
    for n in 1..=count {
        store.write(|tx| {
            let id = prospects::insert_prospect(
                tx,
                &format!("Stress test partner {n}"),
                &format!("stress-{n}.example.com"),
                Stage::LongList,
                "stress",
            )?;
            prospects::add_note(tx, id, &format!("stress note {n}"))
        })?;
        committed(n);
    }
    Ok(())
}

/// Creates or updates a prospect from the editor, validated, refusing a second record for a
/// firm already in the book (same domain or name): merge instead. Returns its id.
pub fn save_prospect(store: &mut Store, p: &ProspectInput) -> Result<i64> {
    let errors = p.validate();
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    let domain = normalize::domain(&p.website).unwrap_or_default();
    let norm = normalize::name(&p.name);
    store.write(|tx| {
        if let Some(other) = prospects::clash(tx, p.id, &domain, &norm)? {
            return Err(Error::Fields(vec![FieldError::said(
                if domain.is_empty() { "name" } else { "website" },
                "invalid.duplicate_prospect",
                &[("other", other)],
            )]));
        }
        let id = match p.id {
            Some(id) => {
                if !prospects::update(tx, id, p, &norm, &domain)? {
                    return Err(Error::NotFound {
                        what: format!("prospect {id}"),
                    });
                }
                id
            }
            None => {
                let id =
                    prospects::insert_prospect(tx, &p.name, &p.website, Stage::LongList, "manual")?;
                prospects::set_details(tx, id, p)?;
                id
            }
        };
        prospects::replace_lists(tx, id, p)?;
        scoring::rescore(tx, Some(&[id]))?;
        Ok(id)
    })
}

/// A prospect as its panel shows it: fields, lists, fit explained, counts and stage history.
pub fn prospect_detail(conn: &Connection, id: i64) -> Result<ProspectDetail> {
    let mut detail = prospects::detail(conn, id)?;
    detail.fit = scoring::explain_prospect(conn, id)?;
    detail.history = pipeline::history(conn, id)?;
    Ok(detail)
}

/// Archives (or restores) a prospect: it leaves the lists but keeps its whole history.
pub fn set_archived(store: &mut Store, id: i64, archived: bool) -> Result<()> {
    store.write(|tx| {
        if !prospects::set_archived(tx, id, archived)? {
            return Err(Error::NotFound {
                what: format!("prospect {id}"),
            });
        }
        Ok(())
    })
}

/// Merges prospect `other` into `keep`: contacts, activities, history, certifications, lists,
/// checklists, scorecards, contracts, deals and lead registrations all move to `keep`; `keep`'s
/// empty fields are filled from `other`; `other` is kept, archived, pointing at `keep`.
pub fn merge_prospects(store: &mut Store, keep: i64, other: i64) -> Result<()> {
    if keep == other {
        return Err(Error::invalid("merge", "choose two different prospects"));
    }
    store.write(|tx| {
        for id in [keep, other] {
            match prospects::is_live(tx, id)? {
                None => {
                    return Err(Error::NotFound {
                        what: format!("prospect {id}"),
                    })
                }
                Some(false) => {
                    return Err(Error::Conflict(format!(
                        "prospect {id} was already merged into another"
                    )))
                }
                Some(true) => {}
            }
        }
        prospects::merge(tx, keep, other)?;
        scoring::rescore(tx, Some(&[keep]))?;
        Ok(())
    })
}
