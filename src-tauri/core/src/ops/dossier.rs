//! The partner dossier of one prospect: loaded here, laid out by `render::dossier`.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::model::error::Result;
use crate::model::words::Words;
use crate::ops::{book, pipeline};
use crate::render::dossier::{document_in, Dossier};
use crate::store::files;
use crate::store::queries::{profile, prospects, settings};

/// Renders the dossier of `prospect` as of `today`; returns the PDF bytes.
pub fn render(conn: &Connection, prospect: i64, today: NaiveDate) -> Result<Vec<u8>> {
    let d = Dossier {
        detail: book::prospect_detail(conn, prospect)?,
        view: pipeline::pipeline_view(conn, prospect, today)?,
        us: profile::profile(conn)?,
        author: settings::setting(conn, settings::SETTING_USER_NAME)?.unwrap_or_default(),
        certifications: prospects::certifications(conn, prospect)?,
    };
    let lang = settings::document_language(conn)?;
    document_in(&d, today, &Words::new(lang))
}

/// Renders and writes the dossier to `path` (complete or not at all).
pub fn write(conn: &Connection, prospect: i64, today: NaiveDate, path: &Path) -> Result<usize> {
    let bytes = render(conn, prospect, today)?;
    files::write_atomically(path, &bytes)?;
    Ok(bytes.len())
}

/// `allybook dossier PROSPECT --out FILE`: the prospect by id or exact name.
pub fn write_named(
    conn: &Connection,
    prospect: &str,
    today: NaiveDate,
    path: &Path,
) -> Result<usize> {
    let id = pipeline::resolve_prospect(conn, prospect)?;
    write(conn, id, today, path)
}
