//! The app shell: the Tauri window and the headless command line, both thin layers over
//! `allybook_core`. Nothing here knows SQL or domain rules.

pub mod bindings;
pub mod cli;
pub mod commands;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use allybook_core::Store;

use crate::commands::ApiError;

/// Shared by every command. The store is opened once at start; if that fails the window still
/// opens and every command answers with the reason (e.g. a database from a newer Allybook).
pub struct AppState {
    pub store: Mutex<Option<Store>>,
    pub open_error: Option<ApiError>,
}

pub type Shared = Arc<AppState>;

/// Opens the window on the database at `db`.
pub fn run_window(db: PathBuf) -> Result<(), String> {
    let (store, open_error) = match Store::open(&db) {
        Ok(store) => (Some(store), None),
        Err(e) => {
            tracing::error!(error = %e, "cannot open the database");
            (None, Some(ApiError::from(e)))
        }
    };
    let state: Shared = Arc::new(AppState {
        store: Mutex::new(store),
        open_error,
    });
    // Certifications expire with the calendar: re-rank once a day, off the start-up path (the
    // first commands wait for the store's lock meanwhile, the window paints at once).
    let refresh = state.clone();
    std::thread::spawn(move || {
        let Ok(mut guard) = refresh.store.lock() else {
            return;
        };
        if let Some(store) = guard.as_mut() {
            let today = chrono::Local::now().date_naive();
            if let Err(e) = allybook_core::scoring::refresh_if_stale(store, today) {
                tracing::warn!(error = %e, "could not refresh fit scores");
            }
        }
    });
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        // Used from Rust only ("Print draft" opens a PDF we wrote); the webview gets no
        // opener permission.
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::overview,
            commands::get_profile,
            commands::save_profile,
            commands::list_prospects,
            commands::load_demo,
            commands::start_empty,
            commands::set_user_name,
            commands::prospect_detail,
            commands::save_prospect,
            commands::set_archived,
            commands::merge_prospects,
            commands::explain_fit,
            commands::get_weights,
            commands::set_weights,
            commands::search,
            commands::import_preview,
            commands::import_prospects,
            commands::export_prospects,
            commands::facets,
            commands::pipeline_view,
            commands::board,
            commands::move_prospect,
            commands::set_checklist_item,
            commands::save_scores,
            commands::decide,
            commands::add_activity,
            commands::set_follow_up_done,
            commands::attention,
            commands::export_calendar,
            commands::save_dossier,
            commands::checklist_template,
            commands::save_checklist_template,
            commands::pipeline_settings,
            commands::save_pipeline_settings,
            commands::contracts,
            commands::contract_version,
            commands::contract_versions,
            commands::default_terms,
            commands::clause_library,
            commands::create_contract,
            commands::save_contract,
            commands::set_contract_status,
            commands::compare_versions,
            commands::attach_signed_copy,
            commands::save_agreement,
            commands::print_draft,
            commands::opportunities,
            commands::save_opportunity,
            commands::leads,
            commands::register_lead,
            commands::decide_conflict,
            commands::statement,
            commands::save_statement,
        ])
        .run(tauri::generate_context!())
        .map_err(|e| format!("the window failed: {e}"))
}
