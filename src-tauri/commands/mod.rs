//! IPC commands: thin, async, and each one a single core call on a blocking thread.
//! Errors cross as `{code, message, fields}`; the UI switches on `code`.

use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use allybook_core::attention::{AttentionItem, CalendarReport};
use allybook_core::domain::{
    BookOverview, DemoSummary, Facets, FieldError, Profile, ProspectDetail, ProspectInput,
    ProspectPage, ProspectQuery,
};
use allybook_core::import::{ImportOptions, ImportPreview, ImportReport};
use allybook_core::pipeline::{
    Activity, ActivityInput, BoardColumn, ChecklistItem, ChecklistTemplateItem, DecisionInput,
    MoveOutcome, MoveRequest, PipelineSettings, PipelineView, ScoreLine, Scorecard,
};
use allybook_core::scoring::{FitExplanation, FitWeights};
use allybook_core::search::SearchHit;
use allybook_core::{attention, book, demo, dossier, import, pipeline, scoring, search, Store};

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
            // The open checklist items, one per entry, so the UI can list them for confirmation.
            allybook_core::Error::GateOpen { items, .. } => items
                .iter()
                .map(|i| FieldError {
                    field: "open_item".into(),
                    message: i.clone(),
                })
                .collect(),
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

/// Runs `f` on the blocking pool, never on the async runtime or the main thread.
async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("the command stopped unexpectedly: {e}")))?
}

/// Runs `f` against the store on a blocking thread. The lock is taken and released on that
/// thread, never held across an await.
async fn with_store<T, F>(state: State<'_, Shared>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> allybook_core::Result<T> + Send + 'static,
{
    let shared = state.inner().clone();
    blocking(move || {
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

#[tauri::command]
pub async fn prospect_detail(
    state: State<'_, Shared>,
    id: i64,
) -> Result<ProspectDetail, ApiError> {
    with_store(state, move |s| book::prospect_detail(s.conn(), id)).await
}

#[tauri::command]
pub async fn save_prospect(
    state: State<'_, Shared>,
    prospect: ProspectInput,
) -> Result<i64, ApiError> {
    with_store(state, move |s| book::save_prospect(s, &prospect)).await
}

#[tauri::command]
pub async fn set_archived(
    state: State<'_, Shared>,
    id: i64,
    archived: bool,
) -> Result<(), ApiError> {
    with_store(state, move |s| book::set_archived(s, id, archived)).await
}

#[tauri::command]
pub async fn merge_prospects(
    state: State<'_, Shared>,
    keep: i64,
    other: i64,
) -> Result<(), ApiError> {
    with_store(state, move |s| book::merge_prospects(s, keep, other)).await
}

#[tauri::command]
pub async fn explain_fit(state: State<'_, Shared>, id: i64) -> Result<FitExplanation, ApiError> {
    with_store(state, move |s| scoring::explain_prospect(s.conn(), id)).await
}

#[tauri::command]
pub async fn get_weights(state: State<'_, Shared>) -> Result<FitWeights, ApiError> {
    with_store(state, |s| scoring::weights(s.conn())).await
}

#[tauri::command]
pub async fn set_weights(
    state: State<'_, Shared>,
    weights: FitWeights,
) -> Result<FitWeights, ApiError> {
    with_store(state, move |s| scoring::set_weights(s, &weights)).await
}

#[tauri::command]
pub async fn search(state: State<'_, Shared>, query: String) -> Result<Vec<SearchHit>, ApiError> {
    with_store(state, move |s| search::search(s.conn(), &query, 20)).await
}

fn read_file(path: &str) -> allybook_core::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| allybook_core::Error::io(format!("cannot read {path}"), e))
}

#[tauri::command]
pub async fn import_preview(
    path: String,
    maps: Vec<(String, String)>,
) -> Result<ImportPreview, ApiError> {
    // Reading a file needs no store: no wait for (or hold on) its lock.
    blocking(move || Ok(import::preview(&read_file(&path)?, &maps, 5)?)).await
}

#[tauri::command]
pub async fn import_prospects(
    state: State<'_, Shared>,
    path: String,
    options: ImportOptions,
) -> Result<ImportReport, ApiError> {
    with_store(state, move |s| {
        let bytes = read_file(&path)?;
        let source = std::path::Path::new(&path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        import::import(s, &bytes, &source, &options)
    })
    .await
}

#[tauri::command]
pub async fn export_prospects(state: State<'_, Shared>, path: String) -> Result<i64, ApiError> {
    with_store(state, move |s| {
        import::export(s.conn(), std::path::Path::new(&path))
    })
    .await
}

#[tauri::command]
pub async fn facets(state: State<'_, Shared>) -> Result<Facets, ApiError> {
    with_store(state, |s| book::facets(s.conn())).await
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[tauri::command]
pub async fn pipeline_view(state: State<'_, Shared>, id: i64) -> Result<PipelineView, ApiError> {
    with_store(state, move |s| {
        pipeline::pipeline_view(s.conn(), id, today())
    })
    .await
}

#[tauri::command]
pub async fn board(state: State<'_, Shared>) -> Result<Vec<BoardColumn>, ApiError> {
    with_store(state, |s| pipeline::board(s.conn(), 60)).await
}

#[tauri::command]
pub async fn move_prospect(
    state: State<'_, Shared>,
    request: MoveRequest,
) -> Result<MoveOutcome, ApiError> {
    with_store(state, move |s| pipeline::move_prospect(s, &request)).await
}

#[tauri::command]
pub async fn set_checklist_item(
    state: State<'_, Shared>,
    prospect: i64,
    item: i64,
    done: bool,
) -> Result<Vec<ChecklistItem>, ApiError> {
    with_store(state, move |s| {
        pipeline::set_checklist_item(s, prospect, item, done, today())
    })
    .await
}

#[tauri::command]
pub async fn save_scores(
    state: State<'_, Shared>,
    prospect: i64,
    lines: Vec<ScoreLine>,
) -> Result<Scorecard, ApiError> {
    with_store(state, move |s| pipeline::save_scores(s, prospect, &lines)).await
}

#[tauri::command]
pub async fn decide(state: State<'_, Shared>, input: DecisionInput) -> Result<Scorecard, ApiError> {
    with_store(state, move |s| pipeline::decide(s, &input, today())).await
}

#[tauri::command]
pub async fn add_activity(
    state: State<'_, Shared>,
    activity: ActivityInput,
) -> Result<Activity, ApiError> {
    with_store(state, move |s| {
        pipeline::add_activity(s, &activity, today())
    })
    .await
}

#[tauri::command]
pub async fn set_follow_up_done(
    state: State<'_, Shared>,
    id: i64,
    done: bool,
) -> Result<Activity, ApiError> {
    with_store(state, move |s| pipeline::set_follow_up_done(s, id, done)).await
}

#[tauri::command]
pub async fn attention(state: State<'_, Shared>) -> Result<Vec<AttentionItem>, ApiError> {
    with_store(state, |s| attention::attention(s.conn(), today())).await
}

#[tauri::command]
pub async fn export_calendar(
    state: State<'_, Shared>,
    path: String,
) -> Result<CalendarReport, ApiError> {
    with_store(state, move |s| {
        attention::export_calendar(s.conn(), std::path::Path::new(&path))
    })
    .await
}

#[tauri::command]
pub async fn save_dossier(
    state: State<'_, Shared>,
    id: i64,
    path: String,
) -> Result<usize, ApiError> {
    with_store(state, move |s| {
        dossier::write(s.conn(), id, today(), std::path::Path::new(&path))
    })
    .await
}

#[tauri::command]
pub async fn checklist_template(
    state: State<'_, Shared>,
) -> Result<Vec<ChecklistTemplateItem>, ApiError> {
    with_store(state, |s| pipeline::checklist_template(s.conn())).await
}

#[tauri::command]
pub async fn save_checklist_template(
    state: State<'_, Shared>,
    items: Vec<ChecklistTemplateItem>,
) -> Result<Vec<ChecklistTemplateItem>, ApiError> {
    with_store(state, move |s| pipeline::save_checklist_template(s, &items)).await
}

#[tauri::command]
pub async fn pipeline_settings(state: State<'_, Shared>) -> Result<PipelineSettings, ApiError> {
    with_store(state, |s| pipeline::pipeline_settings(s.conn())).await
}

#[tauri::command]
pub async fn save_pipeline_settings(
    state: State<'_, Shared>,
    settings: PipelineSettings,
) -> Result<PipelineSettings, ApiError> {
    with_store(state, move |s| {
        pipeline::save_pipeline_settings(s, &settings)
    })
    .await
}
