//! Operations: one module per capability. Each public function is what one command does — a
//! transaction, loads, rules, writes.

pub mod attention;
pub mod book;
pub mod clauses;
pub mod contract;
pub mod demo;
pub mod desktop;
pub mod dossier;
pub mod import;
pub mod pipeline;
pub mod scoring;
pub mod search;
pub mod selling;
pub mod team;
