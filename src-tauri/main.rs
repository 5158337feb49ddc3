// No console window on Windows release builds; the headless face still prints to a terminal.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    std::process::exit(allybook_app::cli::main());
}
