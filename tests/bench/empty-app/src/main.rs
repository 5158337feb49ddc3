//! An empty Tauri 2 app: one window, one static page. The baseline Allybook's window is
//! measured against (`tests/bench/window.sh`): the same Tauri, the same profile, no app.
fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("empty app: {e}");
        std::process::exit(1);
    }
}
