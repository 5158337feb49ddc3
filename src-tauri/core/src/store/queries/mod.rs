//! The only place with SQL: one module per aggregate, each a set of loads and writes over a
//! connection or an open transaction. Rules and orchestration stay in `ops/`.

pub mod attention;
pub mod clauses;
pub mod contracts;
pub mod demo;
pub mod fit;
pub mod import;
pub mod pipeline;
pub mod profile;
pub mod prospects;
pub mod search;
pub mod selling;
pub mod settings;
