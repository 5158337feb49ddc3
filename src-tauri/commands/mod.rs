//! IPC commands: thin, async, and each one a single core call on a blocking thread.
//! Errors cross as `{code, message, fields}`; the UI switches on `code`.

use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use allybook_core::agreement::{ClauseInfo, ClauseSelection};
use allybook_core::attention::{AttentionItem, CalendarReport};
use allybook_core::contract::{
    Comparison, ContractSummary, ContractVersion, StatusChange, VersionInfo,
};
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
use allybook_core::search::{SearchHit, SearchStatus};
use allybook_core::selling::{
    LeadInput, LeadRegistration, Opportunity, OpportunityInput, OpportunityList, Statement,
};
use allybook_core::terms::Terms;
use allybook_core::{
    agreement, attention, book, contract, demo, dossier, import, pipeline, scoring, search,
    selling, Store,
};

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

#[tauri::command]
pub async fn search_status(state: State<'_, Shared>) -> Result<SearchStatus, ApiError> {
    with_store(state, move |s| search::status(s.conn())).await
}

/// One chunk of the search indexing a large import leaves for after its commit; the window
/// calls it until nothing is pending (each call holds the store for one short transaction).
#[tauri::command]
pub async fn search_catch_up(state: State<'_, Shared>) -> Result<SearchStatus, ApiError> {
    with_store(state, search::catch_up_step).await
}

#[tauri::command]
pub async fn import_preview(
    path: String,
    options: ImportOptions,
) -> Result<ImportPreview, ApiError> {
    // Reading a file needs no store: no wait for (or hold on) its lock.
    blocking(move || {
        Ok(import::preview_file(
            std::path::Path::new(&path),
            &options,
            5,
        )?)
    })
    .await
}

#[tauri::command]
pub async fn import_prospects(
    state: State<'_, Shared>,
    path: String,
    options: ImportOptions,
) -> Result<ImportReport, ApiError> {
    with_store(state, move |s| {
        import::import_file(s, std::path::Path::new(&path), &options)
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

/// What each region a user typed means (for the profile editor's hints); None = no known place.
#[tauri::command]
pub async fn describe_regions(
    texts: Vec<String>,
) -> Result<Vec<Option<allybook_core::geo::RegionOption>>, ApiError> {
    blocking(move || Ok(allybook_core::geo::describe(&texts))).await
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

#[tauri::command]
pub async fn contracts(state: State<'_, Shared>) -> Result<Vec<ContractSummary>, ApiError> {
    with_store(state, |s| contract::list(s.conn())).await
}

#[tauri::command]
pub async fn contract_version(
    state: State<'_, Shared>,
    contract: i64,
    version: Option<i64>,
) -> Result<ContractVersion, ApiError> {
    with_store(state, move |s| {
        contract::version(s.conn(), contract, version)
    })
    .await
}

#[tauri::command]
pub async fn contract_versions(
    state: State<'_, Shared>,
    contract: i64,
) -> Result<Vec<VersionInfo>, ApiError> {
    with_store(state, move |s| contract::versions(s.conn(), contract)).await
}

#[tauri::command]
pub async fn default_terms(state: State<'_, Shared>, prospect: i64) -> Result<Terms, ApiError> {
    with_store(state, move |s| contract::default_terms(s.conn(), prospect)).await
}

#[tauri::command]
pub async fn clause_library(state: State<'_, Shared>) -> Result<Vec<ClauseInfo>, ApiError> {
    with_store(state, |s| agreement::clause_library(s.conn())).await
}

#[tauri::command]
pub async fn save_clause_wording(
    state: State<'_, Shared>,
    clause: String,
    text: String,
) -> Result<Vec<ClauseInfo>, ApiError> {
    with_store(state, move |s| agreement::save_wording(s, &clause, &text)).await
}

#[tauri::command]
pub async fn create_contract(
    state: State<'_, Shared>,
    prospect: i64,
    terms: Terms,
) -> Result<i64, ApiError> {
    with_store(state, move |s| contract::create(s, prospect, Some(terms))).await
}

#[tauri::command]
pub async fn save_contract(
    state: State<'_, Shared>,
    contract: i64,
    terms: Terms,
    clauses: ClauseSelection,
) -> Result<ContractVersion, ApiError> {
    with_store(state, move |s| {
        contract::save(s, contract, &terms, &clauses)
    })
    .await
}

#[tauri::command]
pub async fn set_contract_status(
    state: State<'_, Shared>,
    contract: i64,
    version: i64,
    change: StatusChange,
) -> Result<ContractVersion, ApiError> {
    with_store(state, move |s| {
        contract::change_status(s, contract, version, &change, today())
    })
    .await
}

#[tauri::command]
pub async fn compare_versions(
    state: State<'_, Shared>,
    contract: i64,
    before: i64,
    after: i64,
) -> Result<Comparison, ApiError> {
    with_store(state, move |s| {
        contract::compare(s.conn(), contract, before, after)
    })
    .await
}

#[tauri::command]
pub async fn attach_signed_copy(
    state: State<'_, Shared>,
    contract: i64,
    version: i64,
    path: String,
) -> Result<ContractVersion, ApiError> {
    with_store(state, move |s| {
        contract::attach(s, contract, version, std::path::Path::new(&path))
    })
    .await
}

#[tauri::command]
pub async fn save_agreement(
    state: State<'_, Shared>,
    contract: i64,
    version: i64,
    path: String,
) -> Result<usize, ApiError> {
    with_store(state, move |s| {
        agreement::write_pdf(
            s.conn(),
            contract,
            Some(version),
            std::path::Path::new(&path),
        )
    })
    .await
}

/// Where "Print draft" left the PDF, and whether the system viewer opened it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Printed {
    pub path: String,
    pub opened: bool,
    /// Why the viewer did not open, when it did not.
    pub message: String,
}

/// Writes the agreement to the app's cache directory and opens it in the system's PDF viewer.
/// The webview never gets to open files itself: the path is chosen here.
#[tauri::command]
pub async fn print_draft(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    contract: i64,
    version: i64,
) -> Result<Printed, ApiError> {
    use tauri::Manager;
    use tauri_plugin_opener::OpenerExt;
    let dir = app
        .path()
        .app_cache_dir()
        .map_err(|e| ApiError::internal(format!("no cache directory: {e}")))?
        .join("print");
    std::fs::create_dir_all(&dir).map_err(|e| {
        ApiError::from(allybook_core::Error::io(
            format!("cannot create {}", dir.display()),
            e,
        ))
    })?;
    let path = dir.join(format!("agreement-{contract}-v{version}.pdf"));
    let target = path.clone();
    with_store(state, move |s| {
        agreement::write_pdf(s.conn(), contract, Some(version), &target)
    })
    .await?;
    let shown = path.display().to_string();
    if std::env::var_os("ALLYBOOK_NO_VIEWER").is_some() {
        return Ok(Printed {
            path: shown,
            opened: false,
            message: "ALLYBOOK_NO_VIEWER is set".into(),
        });
    }
    Ok(match app.opener().open_path(&shown, None::<&str>) {
        Ok(()) => Printed {
            path: shown,
            opened: true,
            message: String::new(),
        },
        Err(e) => Printed {
            path: shown,
            opened: false,
            message: format!("no PDF viewer opened it ({e})"),
        },
    })
}

#[tauri::command]
pub async fn opportunities(
    state: State<'_, Shared>,
    partner: Option<i64>,
) -> Result<OpportunityList, ApiError> {
    with_store(state, move |s| {
        selling::opportunities(s.conn(), partner, today())
    })
    .await
}

#[tauri::command]
pub async fn save_opportunity(
    state: State<'_, Shared>,
    opportunity: OpportunityInput,
) -> Result<Opportunity, ApiError> {
    with_store(state, move |s| {
        selling::save_opportunity(s, &opportunity, today())
    })
    .await
}

#[tauri::command]
pub async fn leads(
    state: State<'_, Shared>,
    partner: Option<i64>,
) -> Result<Vec<LeadRegistration>, ApiError> {
    with_store(state, move |s| selling::leads(s.conn(), partner, today())).await
}

#[tauri::command]
pub async fn register_lead(
    state: State<'_, Shared>,
    lead: LeadInput,
) -> Result<LeadRegistration, ApiError> {
    with_store(state, move |s| selling::register_lead(s, &lead, today())).await
}

#[tauri::command]
pub async fn decide_conflict(
    state: State<'_, Shared>,
    id: i64,
    decision: String,
) -> Result<LeadRegistration, ApiError> {
    with_store(state, move |s| {
        selling::decide_conflict(s, id, &decision, today())
    })
    .await
}

fn period(from: &str, to: &str) -> allybook_core::Result<(chrono::NaiveDate, chrono::NaiveDate)> {
    Ok((
        pipeline::parse_day("from", from)?,
        pipeline::parse_day("to", to)?,
    ))
}

#[tauri::command]
pub async fn statement(
    state: State<'_, Shared>,
    prospect: i64,
    from: String,
    to: String,
) -> Result<Statement, ApiError> {
    with_store(state, move |s| {
        let (from, to) = period(&from, &to)?;
        selling::statement(s.conn(), prospect, from, to)
    })
    .await
}

#[tauri::command]
pub async fn save_statement(
    state: State<'_, Shared>,
    prospect: i64,
    from: String,
    to: String,
    path: String,
) -> Result<usize, ApiError> {
    with_store(state, move |s| {
        let (from, to) = period(&from, &to)?;
        let st = selling::statement(s.conn(), prospect, from, to)?;
        let author = book::setting(s.conn(), book::SETTING_USER_NAME)?.unwrap_or_default();
        selling::write_statement(&st, &author, std::path::Path::new(&path))
    })
    .await
}
