//! The window's API: every IPC command declared once (`api/commands.rs`) and answered here with
//! one core call. The window library (`src-tauri/lib.rs`) does not link the core: it hands each
//! command's name and JSON arguments to the `allybook` executable, which calls [`Api::call`].
//! Errors cross as [`ApiError`] `{code, message, fields}`; the UI switches on `code`.

pub mod bindings;
pub mod cli;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::domain::{
    BookOverview, DemoSummary, Facets, FieldError, Profile, ProspectDetail, ProspectInput,
    ProspectPage, ProspectQuery,
};
use crate::model::error::ErrorCode;
use crate::model::geo::RegionOption;
use crate::model::terms::Terms;
use crate::model::words::DocLanguage;
use crate::ops::attention::{AttentionItem, AttentionKind, CalendarReport};
use crate::ops::contract::{
    Comparison, ContractSummary, ContractVersion, StatusChange, VersionInfo,
};
use crate::ops::desktop::{DesktopSettings, Reminder};
use crate::ops::import::{ImportOptions, ImportPreview, ImportReport};
use crate::ops::pipeline::{
    Activity, ActivityInput, BoardColumn, ChecklistItem, ChecklistTemplateItem, DecisionInput,
    FunnelStage, MoveOutcome, MoveRequest, PipelineSettings, PipelineView, ScoreLine, Scorecard,
};
use crate::ops::scoring::{FitExplanation, FitWeights};
use crate::ops::search::{SearchHit, SearchStatus};
use crate::ops::selling::{
    LeadInput, LeadRegistration, Opportunity, OpportunityInput, OpportunityList, QuarterFees,
    Statement,
};
use crate::ops::team::{
    self, BookAccess, Problem, ReviewChoice, ReviewItem, TeamInvite, TeamLink, TeamStatus,
};
use crate::render::agreement::{ClauseInfo, ClauseSelection};
use crate::{
    model::geo, ops::attention, ops::book, ops::clauses, ops::contract, ops::demo, ops::desktop,
    ops::dossier, ops::import, ops::pipeline, ops::scoring, ops::search, ops::selling, store,
    Error, Result, Store,
};

/// The error every command returns. `code` is stable (see [`Error::code`]); `fields` is filled
/// for form validation, one message per field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Vec<FieldError>,
    /// `message` as a phrase (`api_error.*`) for the window's language, when the error is one
    /// the core can say from its parts (a book that cannot be opened, a full disk, a busy book).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub words: Option<crate::model::words::Phrase>,
}

/// What an error says as a phrase, from its parts; None for errors whose words are the core's
/// own text.
fn words_of(e: &Error) -> Option<crate::model::words::Phrase> {
    use crate::model::words::Phrase;
    let path = |p: &std::path::Path| p.display().to_string();
    Some(match e {
        Error::NotADatabase { path: p, .. } => {
            Phrase::new("api_error.not_a_database", &[("path", path(p))])
        }
        Error::ForeignDatabase { path: p, .. } => {
            Phrase::new("api_error.foreign_database", &[("path", path(p))])
        }
        Error::Corrupt { path: p, .. } => Phrase::new("api_error.corrupt", &[("path", path(p))]),
        Error::TooNew {
            path: p,
            found,
            supported,
        } => Phrase::new(
            "api_error.too_new",
            &[
                ("path", path(p)),
                ("found", found.to_string()),
                ("supported", supported.to_string()),
            ],
        ),
        Error::NoBook { path: p } => Phrase::new("api_error.no_book", &[("path", path(p))]),
        Error::DiskFull { path: p } => Phrase::new("api_error.disk_full", &[("path", path(p))]),
        Error::Busy { path: p, seconds } => Phrase::new(
            "api_error.busy",
            &[("path", path(p)), ("seconds", seconds.to_string())],
        ),
        Error::GateOpen { stage, .. } => {
            // The stage as its code, which every language names (the error carries its label).
            let code = crate::model::domain::Stage::parse(stage)
                .map_or_else(|_| stage.clone(), |s| s.as_str().to_string());
            Phrase::new("api_error.gate_open", &[("stage", code)])
        }
        _ => return None,
    })
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let fields = match &e {
            Error::Fields(f) => f.clone(),
            Error::Invalid { field, message } => {
                vec![FieldError::new(field.clone(), message.clone())]
            }
            // The open checklist items, one per entry, so the UI can list them for confirmation.
            Error::GateOpen { items, .. } => items
                .iter()
                .map(|i| FieldError::new("open_item", i.clone()))
                .collect(),
            _ => Vec::new(),
        };
        ApiError {
            code: e.code(),
            message: e.to_string(),
            fields,
            words: words_of(&e),
        }
    }
}

impl ApiError {
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError {
            code: ErrorCode::Internal,
            message: message.into(),
            fields: Vec::new(),
            words: None,
        }
    }

    /// As JSON, for the window library (never fails: every field is a string).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| {
            r#"{"code":"internal","message":"an error could not be described","fields":[]}"#.into()
        })
    }
}

/// Where "Print draft" left the PDF, and whether the system viewer opened it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Printed {
    pub path: String,
    pub opened: bool,
    /// Why the viewer did not open, when it did not.
    pub message: String,
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Writes the agreement's version into the user's cache folder (`…/allybook/print/`), for the
/// window to open in the system's PDF viewer.
fn print_draft(store: &mut Store, contract: i64, version: i64) -> Result<Printed> {
    let dir = directories::ProjectDirs::from("app", "Allybook", "allybook")
        .map(|d| d.cache_dir().join("print"))
        .ok_or_else(|| Error::NotFound {
            what: "a home directory for the printed draft".into(),
        })?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    let path = dir.join(format!("agreement-{contract}-v{version}.pdf"));
    contract::write_pdf(store.conn(), contract, Some(version), &path)?;
    Ok(Printed {
        path: path.display().to_string(),
        opened: false,
        message: String::new(),
    })
}

/// The book as the window has it: open, or why not.
enum Book {
    Open(Store),
    /// Why it did not open; every command that needs it answers with this.
    Failed(ApiError),
}

/// The book the window works on. One command runs against the store at a time; a command that
/// needs no book (`free`) does not wait for it; one that acts on the book's file (`api`, e.g.
/// restoring it) gets the whole [`Api`].
pub struct Api {
    /// Opened by the first command that needs it, or by [`Api::start_of_day`]; commands
    /// arriving while it opens wait for it.
    book: OnceLock<Mutex<Book>>,
    path: PathBuf,
    /// The last day a reminder was given in this process (one a day).
    reminded: Mutex<Option<chrono::NaiveDate>>,
    /// The network side of team books, lent by the executable (absent in tests and builds
    /// without it: the team commands then say so).
    link: OnceLock<Arc<dyn TeamLink>>,
    /// What this window's sync rounds saw.
    rounds: Mutex<Rounds>,
    /// One round at a time (the background's or "Sync now").
    round_gate: Mutex<()>,
    /// Added to the connection's `data_version` for [`Api::book_version`]: bumped when a round
    /// wrote the team's changes into the book (the version moves for them although they came
    /// through this window's own connection), and shifted when a restore opens a new
    /// connection, whose count starts afresh (the window's own restore is not another
    /// program's write).
    version_offset: AtomicI64,
}

/// What this window's sync rounds saw (see [`TeamStatus`]).
#[derive(Default)]
struct Rounds {
    syncing: bool,
    last_synced: Option<String>,
    offline_since: Option<String>,
    error: Option<String>,
}

fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The window's book as a sync round borrows it: one step at a time.
impl BookAccess for Api {
    fn with_book(&self, f: &mut dyn FnMut(&mut Store) -> Result<()>) -> Result<()> {
        self.on_store(|s| f(s))
    }
}

/// What "Restore from backup…" did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RestoreDone {
    /// Where the book that was replaced is kept.
    pub previous: Option<String>,
}

/// Runs a command's body with the book (`store`) or without it (`free`).
macro_rules! run {
    (store, $api:expr, $s:ident, $body:expr) => {
        $api.with_store(|$s: &mut Store| $body)
    };
    (free, $api:expr, $s:ident, $body:expr) => {{
        let $s = ();
        let _ = $s;
        let out: Result<_> = $body;
        out.map_err(ApiError::from)
    }};
    (api, $api:expr, $s:ident, $body:expr) => {{
        let $s: &Api = $api;
        let out: Result<_> = $body;
        out.map_err(ApiError::from)
    }};
}

macro_rules! commands {
    ($( $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty = $mode:ident |$s:ident| $body:expr ; )*) => {
        /// Every command's name, in declaration order.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        impl Api {
            fn dispatch(&self, name: &str, args: &[u8]) -> std::result::Result<String, ApiError> {
                match name {
                    $(stringify!($name) => {
                        #[derive(Deserialize)]
                        #[allow(non_camel_case_types, dead_code)]
                        struct Args { $($arg: $ty,)* }
                        #[allow(unused_variables)]
                        let Args { $($arg),* } = parse_args::<Args>(name, args)?;
                        let out: $ret = run!($mode, self, $s, $body)?;
                        serde_json::to_string(&out).map_err(|e| {
                            ApiError::internal(format!("cannot send the answer to {name}: {e}"))
                        })
                    })*
                    _ => Err(ApiError::internal(format!("unknown command {name}"))),
                }
            }
        }

        /// The TypeScript `Commands` map: each command's arguments and result.
        pub(crate) fn typescript_commands(cfg: &ts_rs::Config) -> String {
            let mut out = String::from("export type Commands = {\n");
            $(
                let args: Vec<String> =
                    vec![$(format!("{}: {}", stringify!($arg), <$ty as TS>::name(cfg))),*];
                let args = if args.is_empty() { "Record<string, never>".to_string() } else { format!("{{ {} }}", args.join(", ")) };
                out.push_str(&format!("  {}: [{}, {}];\n", stringify!($name), args, <$ret as TS>::name(cfg)));
            )*
            out.push_str("};\n");
            out
        }
    };
}

include!("commands.rs");

fn parse_args<T: serde::de::DeserializeOwned>(
    name: &str,
    args: &[u8],
) -> std::result::Result<T, ApiError> {
    let args = if args.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        args
    };
    let de = &mut serde_json::Deserializer::from_slice(args);
    serde_path_to_error::deserialize(de).map_err(|e| {
        ApiError::internal(format!(
            "{name} was sent arguments it cannot read ({}: {})",
            e.path(),
            e.inner()
        ))
    })
}

impl Api {
    /// Opens the book at `path`. When it cannot be opened (damaged, from a newer Allybook, …)
    /// the window still opens and every command that needs the book answers with the reason.
    pub fn open(path: &Path) -> Api {
        let api = Self::open_later(path);
        api.book();
        api
    }

    /// The book at `path`, opened (and checked) by the first call that needs it: the window
    /// starts its webview meanwhile instead of waiting for the check.
    pub fn open_later(path: &Path) -> Api {
        Api {
            book: OnceLock::new(),
            path: path.to_path_buf(),
            reminded: Mutex::new(None),
            link: OnceLock::new(),
            rounds: Mutex::new(Rounds::default()),
            round_gate: Mutex::new(()),
            version_offset: AtomicI64::new(0),
        }
    }

    fn book(&self) -> &Mutex<Book> {
        self.book.get_or_init(|| {
            let started = std::time::Instant::now();
            let book = Self::open_book(&self.path);
            tracing::debug!(ms = started.elapsed().as_secs_f64() * 1e3, "book opened");
            Mutex::new(book)
        })
    }

    fn open_book(path: &Path) -> Book {
        match Store::open(path) {
            Ok(store) => Book::Open(store),
            Err(e) => {
                tracing::error!(error = %e, "cannot open the database");
                Book::Failed(ApiError::from(e))
            }
        }
    }

    /// The book's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Work for the start of a window, off its start-up path (commands wait for the store
    /// meanwhile): re-rank once a day (certifications expire with the calendar) and make the
    /// day's automatic backup.
    pub fn start_of_day(&self) {
        let started = std::time::Instant::now();
        let today = today();
        let Ok(mut guard) = self.book().lock() else {
            return;
        };
        if let Book::Open(store) = &mut *guard {
            if let Err(e) = scoring::refresh_if_stale(store, today) {
                tracing::warn!(error = %e, "could not refresh fit scores");
            }
            match desktop::daily_backup(store, today) {
                Ok(Some(path)) => tracing::info!(backup = %path.display(), "daily backup"),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "could not make today's backup"),
            }
        }
        tracing::debug!(
            ms = started.elapsed().as_secs_f64() * 1e3,
            "start of the day done (with opening the book)"
        );
    }

    /// [`Api::with_store`] for the core's own callers: the error as it is (its fields intact).
    fn on_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let mut guard = self.book().lock().map_err(|_| {
            Error::Conflict("an earlier command failed while writing; restart Allybook".into())
        })?;
        match &mut *guard {
            Book::Open(store) => f(store),
            Book::Failed(why) => Err(Error::Conflict(why.message.clone())),
        }
    }

    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> std::result::Result<T, ApiError> {
        let mut guard = self.book().lock().map_err(|_| {
            ApiError::internal("an earlier command failed while writing; restart Allybook")
        })?;
        match &mut *guard {
            Book::Open(store) => f(store).map_err(ApiError::from),
            Book::Failed(why) => Err(why.clone()),
        }
    }

    /// Replaces the book with the backup at `source` (the same checks as `allybook restore`;
    /// the current book is kept beside it) and opens it again. Works on a book that failed to
    /// open, too: that is how the window recovers one.
    fn restore_from(&self, source: &Path) -> Result<RestoreDone> {
        // Not in the middle of a team sync round: its acknowledgement would forget the restored
        // book's unsent changes.
        let _round = self.round_gate.lock();
        self.disconnect();
        let mut guard = self
            .book()
            .lock()
            .map_err(|_| Error::Conflict("an earlier command failed; restart Allybook".into()))?;
        let version_before = match &*guard {
            Book::Open(store) => store.data_version().ok(),
            Book::Failed(_) => None,
        };
        // SQLite's restore needs every connection closed, ours included.
        *guard = Book::Failed(ApiError::internal("the book is being restored"));
        let restored = store::restore(&self.path, source);
        *guard = Self::open_book(&self.path);
        if let (Some(before), Book::Open(store)) = (version_before, &*guard) {
            if let Ok(after) = store.data_version() {
                self.version_offset
                    .fetch_add(before.wrapping_sub(after), Ordering::Relaxed);
            }
        }
        let restored = restored?;
        Ok(RestoreDone {
            previous: restored.previous.map(|p| p.display().to_string()),
        })
    }

    /// Today's reminder, once a day per window (None when nothing is due, reminders are off,
    /// or it was given today).
    fn due_reminder(&self) -> Result<Option<desktop::Reminder>> {
        let today = today();
        let mut reminded = self
            .reminded
            .lock()
            .map_err(|_| Error::Conflict("reminders are unavailable".into()))?;
        if *reminded == Some(today) {
            return Ok(None);
        }
        let reminder = self.on_store(|s| desktop::reminder(s, today))?;
        *reminded = Some(today);
        Ok(reminder)
    }

    /// Lends the window the network side of team books (the executable's `allybook_sync`).
    pub fn set_team_link(&self, link: Arc<dyn TeamLink>) {
        let _ = self.link.set(link);
    }

    /// What the background loop needs to decide on a round, cheaply: None for a single-user
    /// book (or while a round runs), else (changes wait, the relay was reached last time).
    pub fn round_wanted(&self) -> Result<Option<(bool, bool)>> {
        let (online, syncing) = self
            .rounds
            .lock()
            .map(|r| (r.offline_since.is_none(), r.syncing))
            .unwrap_or((true, false));
        if syncing {
            return Ok(None);
        }
        Ok(self
            .on_store(|s| team::changes_waiting(s))?
            .map(|waiting| (waiting, online)))
    }

    /// Whether the team's changes arrived since the last round (see [`TeamLink::pending`]).
    pub fn team_pending(&self) -> bool {
        self.link.get().is_some_and(|l| l.pending())
    }

    /// Closes the connection a team link keeps open, if any.
    fn disconnect(&self) {
        if let Some(l) = self.link.get() {
            l.disconnect();
        }
    }

    fn link(&self) -> Result<&Arc<dyn TeamLink>> {
        self.link.get().ok_or_else(|| {
            Error::Conflict(
                "this build of Allybook cannot reach a relay: use the `allybook` command".into(),
            )
        })
    }

    /// The book's version for the window's watch: another connection's commits, and the team's
    /// changes a round wrote through this one.
    fn book_version(&self) -> Result<i64> {
        let version = self.on_store(|s| s.data_version())?;
        Ok(version.wrapping_add(self.version_offset.load(Ordering::Relaxed)))
    }

    /// The team book's state: the book's and this window's rounds'.
    pub fn team_status(&self) -> Result<TeamStatus> {
        let mut status = self.on_store(|s| team::status(s))?;
        if let Ok(r) = self.rounds.lock() {
            status.syncing = r.syncing;
            status.last_synced = r.last_synced.clone();
            status.offline_since = r.offline_since.clone();
            status.error = r.error.clone();
        }
        Ok(status)
    }

    /// One sync round, when the book is a team book ("Sync now"); a round already running is
    /// waited for instead, and what it did is the answer.
    pub fn sync_round(&self) -> Result<TeamStatus> {
        match self.round_if_free()? {
            Some(status) => Ok(status),
            None => {
                drop(self.round_gate.lock());
                self.team_status()
            }
        }
    }

    /// The background's round: None, with nothing done, while another round runs or a team is
    /// being made, joined or left (the book may have just become a team book: its first round
    /// is the caller's next try, not the routine one 20 s later).
    pub fn background_round(&self) -> Result<Option<TeamStatus>> {
        self.round_if_free()
    }

    fn round_if_free(&self) -> Result<Option<TeamStatus>> {
        let link = self.link()?.clone();
        let is_team = self.on_store(|s| Ok(team::team(s.conn())?.is_some()))?;
        if !is_team {
            return self.team_status().map(Some);
        }
        let Ok(_gate) = self.round_gate.try_lock() else {
            return Ok(None);
        };
        if let Ok(mut r) = self.rounds.lock() {
            r.syncing = true;
        }
        let outcome = link.sync(self);
        if let Ok(mut r) = self.rounds.lock() {
            r.syncing = false;
            match &outcome {
                Ok(done) => {
                    r.last_synced = Some(now_utc());
                    r.offline_since = None;
                    r.error = None;
                    if done.received > 0 {
                        self.version_offset.fetch_add(1, Ordering::Relaxed);
                    }
                }
                Err(e) => {
                    if r.offline_since.is_none() {
                        r.offline_since = Some(now_utc());
                    }
                    r.error = Some(e.to_string());
                }
            }
        }
        if let Err(e) = &outcome {
            tracing::info!(error = %e, "sync round failed");
        }
        self.team_status().map(Some)
    }

    /// "Sync now": a round, whose failure is the answer (the background's are only shown).
    fn sync_now(&self) -> Result<TeamStatus> {
        let status = self.sync_round()?;
        match (&status.team, &status.error) {
            (None, _) => Err(Error::Conflict(
                "this book is not a team book: make it one, or join a team, in Settings".into(),
            )),
            (Some(_), Some(e)) => Err(Error::Conflict(e.clone())),
            _ => Ok(status),
        }
    }

    fn create_team(&self, relay: &str, member: &str) -> Result<String> {
        let link = self.link()?.clone();
        let _gate = self.round_gate.lock();
        let invite = link.create(self, relay, Some(member))?;
        self.mark_reached();
        Ok(invite)
    }

    fn join_team(&self, invite: &str, member: &str) -> Result<TeamStatus> {
        let link = self.link()?.clone();
        {
            let _gate = self.round_gate.lock();
            // The window shows the joined book afresh itself (no reload by the watch).
            link.join(self, invite, Some(member))?;
            self.mark_reached();
        }
        self.team_status()
    }

    fn mark_reached(&self) {
        if let Ok(mut r) = self.rounds.lock() {
            *r = Rounds {
                last_synced: Some(now_utc()),
                ..Rounds::default()
            };
        }
    }

    fn team_invite(&self, name: &str) -> Result<String> {
        self.link()?.clone().invite(self, name)
    }

    fn team_invites(&self) -> Result<Vec<TeamInvite>> {
        self.link()?.clone().invites(self)
    }

    fn revoke_invite(&self, id: &str) -> Result<Vec<TeamInvite>> {
        self.link()?.clone().revoke(self, id)
    }

    fn save_invite(&self, invite: &str, path: &Path) -> Result<()> {
        self.link()?.clone().save_invite(invite, path)
    }

    fn leave_team(&self) -> Result<TeamStatus> {
        {
            let _gate = self.round_gate.lock();
            self.disconnect();
            self.on_store(team::leave)?;
            if let Ok(mut r) = self.rounds.lock() {
                *r = Rounds::default();
            }
        }
        self.team_status()
    }

    /// Runs the command `name` with its JSON arguments (an object keyed by argument name, as the
    /// UI sends them); answers its result as JSON, or an [`ApiError`] as JSON.
    pub fn call(&self, name: &str, args: &[u8]) -> std::result::Result<String, String> {
        let started = std::time::Instant::now();
        let answer = self.dispatch(name, args).map_err(|e| e.to_json());
        tracing::debug!(
            command = name,
            ms = started.elapsed().as_secs_f64() * 1e3,
            "answered"
        );
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> (tempfile::TempDir, Api) {
        let dir = tempfile::tempdir().expect("temp dir");
        let api = Api::open(&dir.path().join("b.sqlite"));
        (dir, api)
    }

    #[test]
    fn a_command_answers_its_result_as_json() {
        let (_dir, api) = book();
        api.call("load_demo", b"{}").expect("demo loads");
        let page = api
            .call(
                "list_prospects",
                br#"{"query": {"limit": 3, "sort": "score"}}"#,
            )
            .unwrap_or_else(|e| panic!("list: {e}"));
        let page: ProspectPage = serde_json::from_str(&page).expect("a page");
        assert_eq!(page.items.len(), 3);
        assert!(page.total > 3);
        // Scores best first, as the window shows them.
        assert!(page.items[0].fit_score >= page.items[2].fit_score);
    }

    #[test]
    fn errors_cross_with_their_code_and_fields() {
        let (_dir, api) = book();
        let err = api.call("prospect_detail", br#"{"id": 999}"#).unwrap_err();
        let err: ApiError = serde_json::from_str(&err).expect("an ApiError");
        assert_eq!(err.code, "not_found");
        let err = api
            .call(
                "statement",
                br#"{"prospect": 1, "from": "2026-13-01", "to": "2026-12-31"}"#,
            )
            .unwrap_err();
        let err: ApiError = serde_json::from_str(&err).expect("an ApiError");
        assert_eq!(err.code, "invalid_input");
        assert_eq!(err.fields[0].field, "from");
    }

    #[test]
    fn an_error_the_core_can_say_from_its_parts_carries_them_as_a_phrase() {
        let corrupt = super::ApiError::from(Error::Corrupt {
            path: "/b.sqlite".into(),
            detail: "short read".into(),
        });
        let words = corrupt.words.expect("a phrase");
        assert_eq!(words.key, "api_error.corrupt");
        assert_eq!(words.args["path"], "/b.sqlite");
        let gate = super::ApiError::from(Error::GateOpen {
            stage: "Vetting".into(),
            items: vec!["NDA".into()],
        });
        assert_eq!(gate.words.expect("a phrase").args["stage"], "vetting");
        // The core's own sentences stay as they are, with no phrase.
        let conflict = super::ApiError::from(Error::Conflict("nothing changed".into()));
        assert!(conflict.words.is_none());
        assert!(!conflict.to_json().contains("words"), "absent, not null");
    }

    #[test]
    fn arguments_that_do_not_read_and_unknown_commands_are_errors_not_panics() {
        let (_dir, api) = book();
        for (name, args) in [
            ("prospect_detail", &b"{}"[..]),
            ("prospect_detail", b"{\"id\": \"x\"}"),
            ("prospect_detail", b"not json"),
            ("no_such_command", b"{}"),
        ] {
            let err = api.call(name, args).unwrap_err();
            let err: ApiError = serde_json::from_str(&err).expect("an ApiError");
            assert_eq!(
                err.code,
                "internal",
                "{name} {:?}",
                String::from_utf8_lossy(args)
            );
            assert!(err.message.contains(name), "{}", err.message);
        }
    }

    #[test]
    fn a_book_that_cannot_open_answers_every_book_command_with_the_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("not-a-book.sqlite");
        std::fs::write(&path, b"this is not a database, it is a letter").expect("write");
        let api = Api::open(&path);
        let err = api.call("overview", b"{}").unwrap_err();
        let err: ApiError = serde_json::from_str(&err).expect("an ApiError");
        assert_eq!(err.code, "not_a_database");
        // A command that needs no book still works.
        let regions = api
            .call("describe_regions", br#"{"texts": ["DACH"]}"#)
            .expect("regions");
        assert!(regions.contains("DACH"), "{regions}");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            b"this is not a database, it is a letter"
        );
    }

    #[test]
    fn a_backup_restores_over_the_open_book_and_over_one_that_would_not_open() {
        let (dir, api) = book();
        api.call("load_demo", b"{}").expect("demo");
        let backup = dir.path().join("saved.sqlite");
        let args = serde_json::json!({"path": backup}).to_string();
        api.call("backup_book", args.as_bytes()).expect("backup");
        api.call("set_user_name", br#"{"name": "After the backup"}"#)
            .expect("name");
        let done = api.call("restore_book", args.as_bytes()).expect("restore");
        let done: RestoreDone = serde_json::from_str(&done).expect("RestoreDone");
        let previous = done.previous.expect("the replaced book is kept");
        assert!(std::path::Path::new(&previous).is_file());
        let overview: BookOverview =
            serde_json::from_str(&api.call("overview", b"{}").expect("overview")).expect("json");
        assert_ne!(overview.user_name, "After the backup");
        assert_eq!(overview.prospects, 30);

        // A book that failed to open is recovered the same way, and works at once.
        let broken = dir.path().join("broken.sqlite");
        std::fs::write(&broken, b"not a database at all").expect("write");
        let api = Api::open(&broken);
        assert!(api.call("overview", b"{}").is_err());
        api.call("restore_book", args.as_bytes()).expect("restore");
        assert!(api.call("overview", b"{}").is_ok());
    }

    #[test]
    fn a_single_user_book_says_so_and_a_round_without_the_network_side_is_an_error() {
        let (_dir, api) = book();
        api.call("load_demo", b"{}").expect("demo");
        let status: TeamStatus =
            serde_json::from_str(&api.call("team_status", b"{}").expect("status")).expect("json");
        assert_eq!(status.team, None);
        assert_eq!(status.waiting, 0);
        let review = api.call("needs_review", b"{}").expect("review");
        assert_eq!(review, "[]");
        // Without the executable's network side (a test, a build without it) the team commands
        // say what to do instead of failing silently.
        let err = api.call("sync_now", b"{}").unwrap_err();
        let err: ApiError = serde_json::from_str(&err).expect("an ApiError");
        assert!(
            err.message.contains("cannot reach a relay"),
            "{}",
            err.message
        );
    }

    /// A network side that only counts its rounds.
    #[derive(Default)]
    struct CountingLink(std::sync::atomic::AtomicUsize);

    impl TeamLink for CountingLink {
        fn sync(&self, _: &dyn team::BookAccess) -> Result<team::Synced> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(team::Synced::default())
        }
        fn create(&self, _: &dyn team::BookAccess, _: &str, _: Option<&str>) -> Result<String> {
            unreachable!("not used here")
        }
        fn join(&self, _: &dyn team::BookAccess, _: &str, _: Option<&str>) -> Result<team::Synced> {
            unreachable!("not used here")
        }
        fn invite(&self, _: &dyn team::BookAccess, _: &str) -> Result<String> {
            unreachable!("not used here")
        }
        fn invites(&self, _: &dyn team::BookAccess) -> Result<Vec<TeamInvite>> {
            unreachable!("not used here")
        }
        fn revoke(&self, _: &dyn team::BookAccess, _: &str) -> Result<Vec<TeamInvite>> {
            unreachable!("not used here")
        }
        fn save_invite(&self, _: &str, _: &Path) -> Result<()> {
            unreachable!("not used here")
        }
    }

    #[test]
    fn the_background_round_is_not_counted_done_while_a_team_is_being_made() {
        let (_dir, api) = book();
        api.call("load_demo", b"{}").expect("demo");
        let link = Arc::new(CountingLink::default());
        api.set_team_link(link.clone());
        // Making the team: the book is a team book before the command that makes it is done.
        let making = api.round_gate.lock().expect("gate");
        api.on_store(|s| {
            let t = team::new_team(s, "ws://127.0.0.1:9", Some("Anna"))?;
            s.write(|tx| crate::store::sync::insert_team(tx, &t))
        })
        .expect("a team book");
        // The background's round meanwhile does nothing and says so (it tries again at the
        // next tick, instead of taking the wait for a round and leaving the first one 20 s off).
        assert!(api.background_round().expect("round").is_none());
        assert_eq!(link.0.load(Ordering::SeqCst), 0);
        drop(making);
        let status = api.background_round().expect("round").expect("a round ran");
        assert_eq!(link.0.load(Ordering::SeqCst), 1);
        assert!(status.last_synced.is_some() && status.offline_since.is_none());
    }

    #[test]
    fn another_process_writing_the_book_changes_its_version() {
        let (dir, api) = book();
        api.call("start_empty", b"{}").expect("start");
        let before = api.call("book_version", b"{}").expect("version");
        // Our own writes do not count: only another connection's.
        api.call("set_user_name", br#"{"name": "Anna"}"#)
            .expect("name");
        assert_eq!(api.call("book_version", b"{}").expect("version"), before);
        let mut other = Store::open(&dir.path().join("b.sqlite")).expect("second opener");
        book::set_user_name(&mut other, "Ben").expect("other writes");
        let seen = api.call("book_version", b"{}").expect("version");
        assert_ne!(seen, before);
        drop(other);

        // The window's own restore opens a new connection; that is not another program's write
        // (the window draws itself afresh after it, and must not do so twice).
        let backup = dir.path().join("saved.sqlite");
        let args = serde_json::json!({"path": backup}).to_string();
        api.call("backup_book", args.as_bytes()).expect("backup");
        api.call("set_user_name", br#"{"name": "Cleo"}"#)
            .expect("name");
        api.call("restore_book", args.as_bytes()).expect("restore");
        assert_eq!(api.call("book_version", b"{}").expect("version"), seen);
        let mut other = Store::open(&dir.path().join("b.sqlite")).expect("second opener");
        book::set_user_name(&mut other, "Dara").expect("other writes");
        assert_ne!(api.call("book_version", b"{}").expect("version"), seen);
    }
}
