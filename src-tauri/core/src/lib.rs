//! Allybook's core: the domain, the store and everything that runs without a webview.
//!
//! Architecture Invariant: this crate never depends on tauri; it builds and tests headless.

pub mod agreement;
pub mod agreement_docx;
pub mod api;
pub mod attention;
pub mod bindings;
pub mod book;
pub mod contract;
pub mod demo;
pub mod desktop;
pub mod domain;
pub mod dossier;
pub mod error;
pub mod files;
pub mod geo;
pub mod headers;
pub mod import;
pub mod normalize;
pub mod pdf;
pub mod pipeline;
pub mod scoring;
pub mod search;
pub mod selling;
pub mod store;
pub mod table;
pub mod terms;
pub mod vocabulary;

pub use error::{Error, Result};
pub use rusqlite;
pub use store::Store;
