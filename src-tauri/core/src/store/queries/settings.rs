//! The book's settings: one row per key (`settings`), and the clock the store records with.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::model::error::Result;

pub const SETTING_ONBOARDED: &str = "onboarded";

pub const SETTING_USER_NAME: &str = "user_name";

pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set_setting(tx: &Transaction<'_>, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The book's setting for the language its documents are written in ("en", "de").
pub const SETTING_DOCUMENT_LANGUAGE: &str = "document_language";

/// The language the book's documents are written in (English unless set).
pub fn document_language(conn: &Connection) -> Result<crate::model::words::DocLanguage> {
    Ok(setting(conn, SETTING_DOCUMENT_LANGUAGE)?
        .map(|s| crate::model::words::DocLanguage::parse(&s))
        .unwrap_or_default())
}
