//! The model: the book's types, the terms of engagement, money, normalisation and errors.
//! Depends on nothing else in the crate; no SQL, no files.

pub mod contract;
pub mod domain;
pub mod error;
pub mod field;
pub mod geo;
pub mod import;
pub mod money;
pub mod normalize;
pub mod pipeline;
pub mod search;
pub mod selling;
pub mod terms;
pub mod vocabulary;
pub mod words;
