//! The book's own clause wording: templates named "own-N", each a standard template with some
//! clauses worded the book's way. New contract versions use the latest; versions already
//! written keep theirs.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::model::error::{Error, Result};
use crate::model::terms::Terms;
use crate::render::agreement::{
    render, standard_template, template, ClauseInfo, ClauseSelection, Template,
};
use crate::store::queries::clauses;
use crate::store::Store;

/// A template by name, the book's own ("own-N", from `clause_template`) included: the standard
/// template it is based on with the book's wording of some clauses.
pub fn template_in(conn: &Connection, name: &str) -> Result<Template> {
    if !name.starts_with("own-") {
        return template(name);
    }
    let (based_on, texts) = clauses::own(conn, name)?.ok_or_else(|| Error::NotFound {
        what: format!("clause template {name:?}"),
    })?;
    let texts: HashMap<String, String> = serde_json::from_str(&texts)?;
    let mut t = template(&based_on)?;
    t.template = name.to_string();
    for c in &mut t.clauses {
        if let Some(own) = texts.get(&c.id) {
            c.text = own.clone();
        }
    }
    Ok(t)
}

/// The standard template of the book's document language (Settings): new agreements are
/// written in it.
pub fn standard_of_book(conn: &Connection) -> Result<&'static str> {
    Ok(standard_template(
        crate::store::queries::settings::document_language(conn)?,
    ))
}

/// The template new contract versions are written with: the book's latest own wording in the
/// book's document language, or that language's standard when it has none (or went back to the
/// standard). Versions already written keep the template, and so the language, they were
/// written with.
pub fn current_template(conn: &Connection) -> Result<String> {
    let standard = standard_of_book(conn)?;
    Ok(match clauses::latest(conn, standard)? {
        Some((name, texts)) if texts.trim() != "{}" => name,
        _ => standard.to_string(),
    })
}

/// The clauses new versions are written with, each beside its standard text, for the editor.
pub fn clause_library(conn: &Connection) -> Result<Vec<ClauseInfo>> {
    let name = current_template(conn)?;
    let current = template_in(conn, &name)?;
    let standard = template(standard_of_book(conn)?)?;
    Ok(current
        .clauses
        .into_iter()
        .map(|c| {
            let mut alternatives: Vec<String> = c.alternatives.keys().cloned().collect();
            alternatives.sort();
            let standard_text = standard
                .clauses
                .iter()
                .find(|s| s.id == c.id)
                .map(|s| s.text.clone())
                .unwrap_or_default();
            ClauseInfo {
                own: c.text != standard_text,
                id: c.id,
                title: c.title,
                text: c.text,
                standard_text,
                alternatives,
                template: name.clone(),
            }
        })
        .collect())
}

/// Saves the book's own wording of a standard clause (or, with the standard's text, goes back to
/// it) as a new template version of the book's own, after checking it can be written for any
/// terms. Versions already saved keep the template they were written with.
pub fn save_wording(store: &mut Store, clause: &str, text: &str) -> Result<Vec<ClauseInfo>> {
    let standard_name = standard_of_book(store.conn())?;
    let standard = template(standard_name)?;
    let Some(base) = standard.clauses.iter().find(|c| c.id == clause) else {
        return Err(Error::NotFound {
            what: format!("standard clause {clause:?}"),
        });
    };
    let text = text.replace("\r\n", "\n");
    if text.trim().is_empty() {
        return Err(Error::invalid(
            "text",
            format!(
                "The clause \"{}\" needs a text; switch it off per version instead.",
                base.title
            ),
        ));
    }
    // It must read for the sparsest terms and for full ones, as the standard clauses do.
    let mut trial = standard.clone();
    for c in &mut trial.clauses {
        if c.id == clause {
            c.text = text.clone();
        }
    }
    for terms in [
        Terms::default(),
        Terms::template(&crate::model::domain::Profile::default(), "Partner"),
    ] {
        render(&trial, &terms, &ClauseSelection::default()).map_err(|e| match e {
            Error::Invalid { message, .. } => Error::invalid("text", message),
            e => e,
        })?;
    }
    let current = current_template(store.conn())?;
    let mut texts: HashMap<String, String> = if current.starts_with("own-") {
        let (_, json) = clauses::own(store.conn(), &current)?.ok_or_else(|| Error::NotFound {
            what: format!("clause template {current:?}"),
        })?;
        serde_json::from_str(&json)?
    } else {
        HashMap::new()
    };
    if text.trim() == base.text.trim() {
        texts.remove(clause);
    } else {
        texts.insert(clause.to_string(), text.trim().to_string());
    }
    let by = crate::store::queries::settings::setting(
        store.conn(),
        crate::store::queries::settings::SETTING_USER_NAME,
    )?
    .unwrap_or_default();
    let json = serde_json::to_string(
        &texts
            .into_iter()
            .collect::<std::collections::BTreeMap<_, _>>(),
    )?;
    // In a team book the name carries this laptop's mark (see `add_own`).
    let laptop = crate::store::sync::team(store.conn())?
        .map(|t| t.actor.chars().take(6).collect::<String>());
    store.write(|tx| clauses::add_own(tx, standard_name, &json, &by, laptop.as_deref()))?;
    clause_library(store.conn())
}
