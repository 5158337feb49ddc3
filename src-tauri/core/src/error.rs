//! One error type for the core. Every variant has a stable `code` the UI and scripts switch on.

use std::path::PathBuf;

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
    Fields(Vec<crate::domain::FieldError>),

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
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotADatabase { .. } => "not_a_database",
            Error::NoBook { .. } => "no_book",
            Error::ForeignDatabase { .. } => "foreign_database",
            Error::Corrupt { .. } => "corrupt_database",
            Error::TooNew { .. } => "database_too_new",
            Error::Invalid { .. } | Error::Fields(_) => "invalid_input",
            Error::NotFound { .. } => "not_found",
            Error::Conflict(_) => "conflict",
            Error::GateOpen { .. } => "gate_open",
            Error::Blocked(_) => "blocked",
            Error::Io { .. } => "io",
            Error::DiskFull { .. } => "disk_full",
            Error::Busy { .. } => "busy",
            Error::Storage { .. } => "io",
            Error::Sqlite(e) if is_busy(e) => "busy",
            Error::Sqlite(_) => "database",
            Error::Json(_) => "data",
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
