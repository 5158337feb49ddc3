//! Allybook's core: the domain, the store and everything that runs without a webview.
//!
//! The core is built in layers; each imports only the layers above it in this list, never one
//! below, and modules within a layer form no cycle (`tests/tidy.rs` fails the build otherwise):
//!
//! 1. [`model`]: the types, terms, money, normalisation and errors. No SQL, no files.
//! 2. [`rules`]: pure decisions over the model (header recognition, …).
//! 3. [`render`]: loaded structs in, bytes out (PDF layout, agreement, dossier, DOCX).
//! 4. [`store`]: everything that touches the disk — the book (open, migrate, queries) and the
//!    user's files (bounded reads, atomic writes, spreadsheets).
//! 5. [`ops`]: one module per capability: a transaction, loads, rules, writes.
//! 6. [`api`]: the commands the window and scripts call, declared once.
//!
//! Architecture Invariant: this crate never depends on tauri; it builds and tests headless.

pub mod api;
pub mod model;
pub mod ops;
pub mod render;
pub mod rules;
pub mod store;

// The public paths the shell, the CLI and the tests use. Inside the crate, code names the
// layer (`crate::ops::book`), so the layering is visible where it is used.
pub use api::bindings;
pub use model::{domain, error, geo, normalize, terms, vocabulary, words};
pub use ops::{
    attention, book, contract, demo, desktop, dossier, import, pipeline, scoring, search, selling,
    team,
};
pub use render::{agreement_docx, pdf};

/// The agreement as scripts and tests know it: its text and documents (`render::agreement`),
/// the book's own wording (`ops::clauses`) and the files written from a stored version
/// (`ops::contract`).
pub mod agreement {
    pub use crate::ops::clauses::{clause_library, current_template, save_wording, template_in};
    pub use crate::ops::contract::{docx, pdf, write_pdf};
    pub use crate::render::agreement::*;
}
pub use rules::headers;
pub use store::{files, table};

pub use error::{Error, Result};
pub use rusqlite;
pub use store::Store;
