//! One error type for the core. Every variant has a stable `code` the UI and scripts switch on.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file exists but is not a SQLite database at all.
    #[error("{path} is not an Allybook database: {reason}")]
    NotADatabase { path: PathBuf, reason: String },

    /// A SQLite database, but not one of ours.
    #[error("{path} is a SQLite database but not an Allybook one (application id {found:#x})")]
    ForeignDatabase { path: PathBuf, found: i32 },

    /// The database is damaged (truncated, corrupted pages, ...).
    #[error("{path} is damaged and was left untouched: {detail}")]
    Corrupt { path: PathBuf, detail: String },

    /// Written by a newer Allybook: refusing protects the newer data.
    #[error("{path} has schema version {found}, but this Allybook understands up to version {supported}: update Allybook to open it")]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// User input that breaks a rule; `field` names what to fix.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },

    /// Several fields of one form are wrong; each message belongs next to its field.
    #[error("{}", .0.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; "))]
    Fields(Vec<FieldError>),

    #[error("{what} not found")]
    NotFound { what: String },

    /// A command that only reads was pointed at a file that is not there (or is empty).
    #[error("no alliance book at {path}: check the path, or create one by opening it in Allybook (or with `demo`)")]
    NoBook { path: PathBuf },

    /// The operation makes sense but not in the current state (e.g. demo into a non-empty book).
    #[error("{0}")]
    Conflict(String),

    /// Advancing past a stage whose checklist has open items: confirm to skip them.
    #[error("{stage} checklist has open items: {}", .items.join("; "))]
    GateOpen { stage: String, items: Vec<String> },

    /// A rule blocks the action until the user gives a written reason (e.g. "go" with a
    /// must-have scored 1).
    #[error("{0}")]
    Blocked(String),

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    /// A write ran out of disk (or of the database's size limit) and was rolled back.
    #[error("the disk is full ({path}): free space and try again; nothing was changed")]
    DiskFull { path: PathBuf },

    /// Another process held the book's write lock for longer than the busy timeout.
    #[error("another Allybook is writing {path}; waited {seconds} s for it: try again when it has finished")]
    Busy { path: PathBuf, seconds: u64 },

    /// The file system refused a read or write of the book.
    #[error("{what} {path}: {remedy}; nothing was changed")]
    Storage {
        what: &'static str,
        path: PathBuf,
        remedy: &'static str,
    },

    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("data error: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// Stable machine-readable code. Part of the public contract: never rename one.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::NotADatabase { .. } => ErrorCode::NotADatabase,
            Error::NoBook { .. } => ErrorCode::NoBook,
            Error::ForeignDatabase { .. } => ErrorCode::ForeignDatabase,
            Error::Corrupt { .. } => ErrorCode::CorruptDatabase,
            Error::TooNew { .. } => ErrorCode::DatabaseTooNew,
            Error::Invalid { .. } | Error::Fields(_) => ErrorCode::InvalidInput,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::GateOpen { .. } => ErrorCode::GateOpen,
            Error::Blocked(_) => ErrorCode::Blocked,
            Error::Io { .. } | Error::Storage { .. } => ErrorCode::Io,
            Error::DiskFull { .. } => ErrorCode::DiskFull,
            Error::Busy { .. } => ErrorCode::Busy,
            Error::Sqlite(e) if is_busy(e) => ErrorCode::Busy,
            Error::Sqlite(_) => ErrorCode::Database,
            Error::Json(_) => ErrorCode::Data,
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

pub(crate) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// What went wrong, as the UI, scripts and `--json` output switch on it. Each is written in
/// snake_case (`"invalid_input"`); the spellings are a public contract: add codes, never rename
/// one. The TypeScript union generated from this enum makes the UI's `explain()` exhaustive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The file is not a SQLite database.
    NotADatabase,
    /// A read-only command was pointed at a missing or empty file.
    NoBook,
    /// A SQLite database of another application.
    ForeignDatabase,
    /// The book is damaged and was left untouched.
    CorruptDatabase,
    /// Written by a newer Allybook.
    DatabaseTooNew,
    /// A field breaks a rule; `fields` names which.
    InvalidInput,
    NotFound,
    /// Makes sense, but not in the current state.
    Conflict,
    /// A stage checklist has open items; `fields` lists them.
    GateOpen,
    /// A rule blocks the action until the user gives a written reason.
    Blocked,
    /// A file could not be read or written.
    Io,
    DiskFull,
    /// Another process holds the book's write lock.
    Busy,
    /// SQLite reported an error that is none of the above.
    Database,
    /// Stored data could not be decoded.
    Data,
    /// A bug or a lost message between the window and the core.
    Internal,
}

impl ErrorCode {
    /// The stable spelling, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotADatabase => "not_a_database",
            ErrorCode::NoBook => "no_book",
            ErrorCode::ForeignDatabase => "foreign_database",
            ErrorCode::CorruptDatabase => "corrupt_database",
            ErrorCode::DatabaseTooNew => "database_too_new",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::GateOpen => "gate_open",
            ErrorCode::Blocked => "blocked",
            ErrorCode::Io => "io",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::Busy => "busy",
            ErrorCode::Database => "database",
            ErrorCode::Data => "data",
            ErrorCode::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A field-level problem in user input, shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    /// `message` as a phrase (`invalid.*`) for the window's language; empty when the core has
    /// no words for it yet (the window then shows `message`).
    #[serde(default)]
    pub words: crate::model::words::Phrase,
}

impl FieldError {
    /// A problem said in English only.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
            words: crate::model::words::Phrase::default(),
        }
    }

    /// A problem said as a phrase: its English from the core's messages, its key and values
    /// for the window to say it in the user's language.
    pub fn said(field: impl Into<String>, key: &str, args: &[(&str, String)]) -> FieldError {
        let words = crate::model::words::Phrase::new(key, args);
        FieldError {
            field: field.into(),
            message: words.english(),
            words,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    /// `as_str` and serde agree, so `--json`, the IPC and the TypeScript union spell each code
    /// the same way.
    #[test]
    fn codes_are_spelled_as_serialised() {
        use ErrorCode::*;
        for code in [
            NotADatabase,
            NoBook,
            ForeignDatabase,
            CorruptDatabase,
            DatabaseTooNew,
            InvalidInput,
            NotFound,
            Conflict,
            GateOpen,
            Blocked,
            Io,
            DiskFull,
            Busy,
            Database,
            Data,
            Internal,
        ] {
            let json = serde_json::to_string(&code).expect("serialise");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: ErrorCode = serde_json::from_str(&json).expect("parse");
            assert_eq!(back, code);
        }
    }
}
