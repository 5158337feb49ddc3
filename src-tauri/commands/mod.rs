//! IPC commands: thin, async, and each one a single core call on a blocking thread.
//! Errors cross as `{code, message, fields}`; the UI switches on `code`.

use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use allybook_core::domain::{
    BookOverview, DemoSummary, FieldError, Profile, ProspectPage, ProspectQuery,
};
use allybook_core::{book, demo, Store};

use crate::Shared;

/// The error every command returns. `code` is stable (see `allybook_core::Error::code`);
/// `fields` is filled for form validation, one message per field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl From<allybook_core::Error> for ApiError {
    fn from(e: allybook_core::Error) -> Self {
        let fields = match &e {
            allybook_core::Error::Fields(f) => f.clone(),
            allybook_core::Error::Invalid { field, message } => vec![FieldError {
                field: field.clone(),
                message: message.clone(),
            }],
            _ => Vec::new(),
        };
        ApiError {
            code: e.code().to_string(),
            message: e.to_string(),
            fields,
        }
    }
}

impl ApiError {
    fn internal(message: impl Into<String>) -> Self {
        ApiError {
            code: "internal".into(),
            message: message.into(),
            fields: Vec::new(),
        }
    }
}

/// Runs `f` against the store on a blocking thread. The lock is taken and released on that
/// thread, never held across an await.
async fn with_store<T, F>(state: State<'_, Shared>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> allybook_core::Result<T> + Send + 'static,
{
    let shared = state.inner().clone();
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = shared.store.lock().map_err(|_| {
            ApiError::internal("an earlier command failed while writing; restart Allybook")
        })?;
        match guard.as_mut() {
            Some(store) => f(store).map_err(ApiError::from),
            None => Err(shared
                .open_error
                .clone()
                .unwrap_or_else(|| ApiError::internal("the database is not open"))),
        }
    })
    .await
    .map_err(|e| ApiError::internal(format!("the command stopped unexpectedly: {e}")))?
}

#[tauri::command]
pub async fn overview(state: State<'_, Shared>) -> Result<BookOverview, ApiError> {
    with_store(state, |s| book::overview(s)).await
}

#[tauri::command]
pub async fn get_profile(state: State<'_, Shared>) -> Result<Profile, ApiError> {
    with_store(state, |s| book::profile(s.conn())).await
}

#[tauri::command]
pub async fn save_profile(state: State<'_, Shared>, profile: Profile) -> Result<Profile, ApiError> {
    with_store(state, move |s| book::save_profile(s, &profile)).await
}

#[tauri::command]
pub async fn list_prospects(
    state: State<'_, Shared>,
    query: ProspectQuery,
) -> Result<ProspectPage, ApiError> {
    with_store(state, move |s| book::list_prospects(s.conn(), &query)).await
}

#[tauri::command]
pub async fn load_demo(state: State<'_, Shared>) -> Result<DemoSummary, ApiError> {
    with_store(state, demo::load).await
}

#[tauri::command]
pub async fn start_empty(state: State<'_, Shared>) -> Result<(), ApiError> {
    with_store(state, book::start_empty).await
}

#[tauri::command]
pub async fn set_user_name(state: State<'_, Shared>, name: String) -> Result<(), ApiError> {
    with_store(state, move |s| book::set_user_name(s, &name)).await
}
