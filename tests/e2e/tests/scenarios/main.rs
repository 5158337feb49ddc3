//! The end-to-end scenarios, in one binary: each module drives the real window through
//! WebDriver (see `allybook_e2e::App`), or the desktop around it (`desktop`).

mod desktop;
mod finding;
mod formalising;
mod foundation;
mod german;
mod home;
mod large_import;
mod screens;
mod selling;
mod team;
mod vetting;
