// No console window on Windows release builds; the headless face still prints to a terminal.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! `allybook`: the headless face is compiled in; the window face is loaded on demand
//! (see `window.rs`), so scripts never pay for the webview's libraries.

mod cli;
mod log_filter;
mod window;

fn main() {
    std::process::exit(cli::main());
}
