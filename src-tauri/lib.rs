//! The app shell: the Tauri window and the headless command line, both thin layers over
//! `allybook_core`. Nothing here knows SQL or domain rules.

pub mod bindings;
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

/// The entry point `allybook` calls (through `dlopen`) to open the window on the database whose
/// path is the `db_len` bytes at `db`. Returns 0 when the window closed normally; otherwise
/// writes a NUL-terminated message into `err` (at most `err_len` bytes) and returns 1.
///
/// # Safety
/// `db` must point to `db_len` readable bytes and `err` to `err_len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn allybook_run_window(
    db: *const u8,
    db_len: usize,
    err: *mut u8,
    err_len: usize,
) -> i32 {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .try_init();
    // SAFETY: the caller guarantees `db` points to `db_len` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(db, db_len) };
    // SAFETY: the bytes come from `OsStr::as_encoded_bytes` in the same program.
    let path = PathBuf::from(unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(bytes) });
    let outcome = std::panic::catch_unwind(|| run_window(path))
        .unwrap_or_else(|_| Err("the window stopped unexpectedly".to_string()));
    match outcome {
        Ok(()) => 0,
        Err(message) => {
            if !err.is_null() && err_len > 0 {
                let n = message.len().min(err_len - 1);
                // SAFETY: the caller guarantees `err` points to `err_len` writable bytes.
                unsafe {
                    std::ptr::copy_nonoverlapping(message.as_ptr(), err, n);
                    *err.add(n) = 0;
                }
            }
            1
        }
    }
}

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
            commands::search_status,
            commands::search_catch_up,
            commands::import_preview,
            commands::import_prospects,
            commands::export_prospects,
            commands::facets,
            commands::describe_regions,
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
            commands::save_clause_wording,
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
