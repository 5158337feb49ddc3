//! The core's tests, in one binary (one link, one run): each file is a capability, `support`
//! builds what they share, `tidy` checks the architecture's invariants.

mod agreement_scripts;
mod agreement_text;
mod contracts;
mod import;
mod pipeline;
mod prospects;
mod selling;
mod store;
mod support;
mod tables;
mod team;
mod tidy;
