//! The window face: the Tauri app, loaded by the `allybook` executable (through `dlopen`) only
//! when it opens the window. It does not link the core: each command the UI invokes is handed,
//! by name with its JSON arguments, to the executable (see [`Host`]), which answers it with one
//! core call (`allybook_core::api`). So the core, its fonts and SQLite are in the executable
//! once, and this library is little more than Tauri and WebKitGTK's bindings.

use std::ffi::c_void;
use std::path::PathBuf;

use tauri::ipc::{Invoke, InvokeBody, InvokeError, InvokeResponseBody};
use tauri::Manager;

#[path = "host_abi.rs"]
mod host_abi;
#[path = "log_filter.rs"]
mod log_filter;
pub use host_abi::{AssetFn, CallFn, Host, Reply, RunWindow, ENTRY, HOST_VERSION};

/// The host's call, made safe to send to the blocking pool.
#[derive(Clone, Copy)]
struct Remote {
    ctx: usize,
    call: CallFn,
    asset: AssetFn,
}

/// What the host wrote through a [`Reply`].
struct Answer {
    ok: bool,
    bytes: Vec<u8>,
}

unsafe extern "C" fn reply(out: *mut c_void, ok: i32, bytes: *const u8, len: usize) {
    // SAFETY: `out` is an `Answer` alive for the call; the host passes `len` readable bytes at
    // `bytes` (or none).
    unsafe {
        let answer = &mut *(out as *mut Answer);
        answer.ok = ok != 0;
        answer.bytes = if bytes.is_null() {
            Vec::new()
        } else {
            std::slice::from_raw_parts(bytes, len).to_vec()
        };
    }
}

impl Remote {
    /// Runs `name` in the executable; Ok(JSON) or Err(ApiError JSON).
    fn call(&self, name: &str, args: &[u8]) -> Result<String, String> {
        let mut answer = Answer {
            ok: false,
            bytes: br#"{"code":"internal","message":"Allybook did not answer","fields":[]}"#
                .to_vec(),
        };
        // SAFETY: the host's contract (see `Host::call`); every pointer is valid for the call.
        unsafe {
            (self.call)(
                self.ctx as *const c_void,
                name.as_ptr(),
                name.len(),
                args.as_ptr(),
                args.len(),
                &mut answer as *mut Answer as *mut c_void,
                reply,
            )
        };
        let text = String::from_utf8_lossy(&answer.bytes).into_owned();
        if answer.ok {
            Ok(text)
        } else {
            Err(text)
        }
    }

    /// A file the host keeps for the page (see `Host::asset`).
    fn asset(&self, name: &str) -> Option<Vec<u8>> {
        let mut answer = Answer {
            ok: false,
            bytes: Vec::new(),
        };
        // SAFETY: the host's contract (see `Host::asset`); every pointer is valid for the call.
        unsafe {
            (self.asset)(
                self.ctx as *const c_void,
                name.as_ptr(),
                name.len(),
                &mut answer as *mut Answer as *mut c_void,
                reply,
            )
        };
        answer.ok.then_some(answer.bytes)
    }
}

/// The page's files: those built into this library (ui/dist), and `/fonts/…` from the host.
/// The UI's fonts are the ones the executable embeds for its PDFs; serving them from there keeps
/// one copy in the installed app (4–5 MB). Same origin, so the CSP is unchanged.
struct PageAssets {
    built_in: Box<dyn tauri::Assets<tauri::Wry>>,
    remote: Remote,
}

impl tauri::Assets<tauri::Wry> for PageAssets {
    fn get(&self, key: &tauri::utils::assets::AssetKey) -> Option<std::borrow::Cow<'_, [u8]>> {
        match key.as_ref().strip_prefix("/fonts/") {
            Some(name) => self.remote.asset(name).map(std::borrow::Cow::Owned),
            None => self.built_in.get(key),
        }
    }

    fn iter(&self) -> Box<tauri::utils::assets::AssetsIter<'_>> {
        self.built_in.iter()
    }

    fn csp_hashes(
        &self,
        html_path: &tauri::utils::assets::AssetKey,
    ) -> Box<dyn Iterator<Item = tauri::utils::assets::CspHash<'_>> + '_> {
        self.built_in.csp_hashes(html_path)
    }
}

fn internal(message: impl std::fmt::Display) -> InvokeError {
    InvokeError(
        serde_json::json!({"code": "internal", "message": message.to_string(), "fields": []}),
    )
}

fn rejection(json: &str) -> InvokeError {
    InvokeError(
        serde_json::from_str(json).unwrap_or_else(
            |_| serde_json::json!({"code": "internal", "message": json, "fields": []}),
        ),
    )
}

/// "Print draft": the host wrote the PDF into the cache folder; the system's viewer opens it
/// here (the webview itself gets no opener permission).
fn open_printed(app: &tauri::AppHandle, json: String) -> String {
    use tauri_plugin_opener::OpenerExt;
    let Ok(mut printed) = serde_json::from_str::<serde_json::Value>(&json) else {
        return json;
    };
    let path = printed["path"].as_str().unwrap_or_default().to_string();
    let (opened, message) = if std::env::var_os("ALLYBOOK_NO_VIEWER").is_some() {
        (false, "ALLYBOOK_NO_VIEWER is set".to_string())
    } else {
        match app.opener().open_path(&path, None::<&str>) {
            Ok(()) => (true, String::new()),
            Err(e) => (false, format!("no PDF viewer opened it ({e})")),
        }
    };
    printed["opened"] = opened.into();
    printed["message"] = message.into();
    printed.to_string()
}

/// "Open another book…" / "New book…": the host checked and remembered the book; a new window
/// (a new process, so everything starts afresh and the book gets its own single-instance
/// name) opens on it, and this one closes.
fn reopen_on(app: &tauri::AppHandle, json: &str) {
    let Ok(path) = serde_json::from_str::<String>(json) else {
        return;
    };
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            tracing::error!(error = %e, "cannot find the executable to reopen on {path}");
            return;
        }
    };
    match std::process::Command::new(exe)
        .arg("--db")
        .arg(&path)
        .spawn()
    {
        Ok(_) => {
            tracing::info!(book = %path, "reopening on another book");
            app.exit(0);
        }
        Err(e) => tracing::error!(error = %e, "cannot reopen on {path}"),
    }
}

/// What is due today, as one desktop notification: at start, and when the day changes while the
/// window runs (the host gives a reminder once a day, and none when they are switched off).
fn remind(app: tauri::AppHandle, remote: Remote) {
    use tauri_plugin_notification::NotificationExt;
    std::thread::spawn(move || loop {
        if let Ok(json) = remote.call("due_reminder", b"{}") {
            if let Ok(Some(reminder)) = serde_json::from_str::<Option<serde_json::Value>>(&json) {
                let title = reminder["title"].as_str().unwrap_or("Allybook");
                let body = reminder["body"].as_str().unwrap_or_default();
                if let Err(e) = app.notification().builder().title(title).body(body).show() {
                    tracing::warn!(error = %e, "cannot show today's reminder");
                }
            }
        }
        std::thread::sleep(std::time::Duration::from_secs(60));
    });
}

/// Hands every command to the host on the blocking pool (never the main thread). Tauri has
/// already checked the caller's permission for the command (one per command, from build.rs).
fn forward(remote: Remote) -> impl Fn(Invoke) -> bool + Send + Sync + 'static {
    move |invoke: Invoke| {
        let name = invoke.message.command().to_string();
        let args = match invoke.message.payload() {
            InvokeBody::Json(value) => serde_json::to_vec(value).unwrap_or_default(),
            InvokeBody::Raw(bytes) => bytes.clone(),
        };
        let app = invoke.message.webview().app_handle().clone();
        invoke.resolver.respond_async_serialized(async move {
            let answer = tauri::async_runtime::spawn_blocking(move || {
                let out = remote.call(&name, &args);
                match out {
                    Ok(json) if name == "print_draft" => Ok(open_printed(&app, json)),
                    Ok(json) if name == "open_book" => {
                        reopen_on(&app, &json);
                        Ok(json)
                    }
                    other => other,
                }
            })
            .await
            .map_err(|e| internal(format!("the command stopped unexpectedly: {e}")))?;
            answer
                .map(InvokeResponseBody::Json)
                .map_err(|e| rejection(&e))
        });
        true
    }
}

/// The entry point `allybook` calls to open the window. Returns 0 when the window closed
/// normally; otherwise writes a NUL-terminated message into `err` (at most `err_len` bytes) and
/// returns 1.
///
/// # Safety
/// `host` must point to a valid [`Host`] for the whole call, and `err` to `err_len` writable
/// bytes.
#[no_mangle]
pub unsafe extern "C" fn allybook_window_v2(
    host: *const Host,
    err: *mut u8,
    err_len: usize,
) -> i32 {
    log_filter::init("info");
    let outcome = if host.is_null() {
        Err("no host was given".to_string())
    } else {
        // SAFETY: the caller guarantees `host` is valid for the call.
        let host = unsafe { &*host };
        if host.version != HOST_VERSION {
            Err(format!(
                "the window library (version {HOST_VERSION}) does not match the executable (version {}): reinstall Allybook",
                host.version
            ))
        } else {
            // SAFETY: the caller guarantees `db` points to `db_len` readable bytes; they come
            // from `OsStr::as_encoded_bytes` on the same platform.
            let db = PathBuf::from(unsafe {
                std::ffi::OsStr::from_encoded_bytes_unchecked(std::slice::from_raw_parts(
                    host.db,
                    host.db_len,
                ))
            });
            let remote = Remote {
                ctx: host.ctx as usize,
                call: host.call,
                asset: host.asset,
            };
            std::panic::catch_unwind(|| run_window(db, remote))
                .unwrap_or_else(|_| Err("the window stopped unexpectedly".to_string()))
        }
    };
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

/// The D-Bus name under which the window for this book registers (Linux): one per book, so a
/// second launch on the same book finds the first, and another book gets its own window.
fn book_bus_id(db: &std::path::Path) -> String {
    let canonical = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    // FNV-1a over the path's bytes: stable across runs and builds (the std hasher is not
    // promised to be).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in canonical.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("app.allybook.desktop.book_{hash:016x}")
}

/// Brings the book's window to the front (a second launch on the same book ends here).
fn focus_main(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// SIGTERM (a logout, a shutdown, `kill`) and SIGINT (Ctrl+C where `make run` runs) close the
/// window as its close button does: the window's size and place are kept and the book is closed
/// cleanly, instead of the process just vanishing.
fn end_on_signals(app: tauri::AppHandle) {
    #[cfg(unix)]
    tauri::async_runtime::spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::warn!("cannot listen for SIGTERM/SIGINT; they end the window abruptly");
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
        tracing::info!("asked to stop: closing the window");
        app.exit(0);
    });
    #[cfg(not(unix))]
    let _ = app;
}

/// Holds the place of the built-in assets while they are moved into [`PageAssets`].
struct NoAssets;

impl tauri::Assets<tauri::Wry> for NoAssets {
    fn get(&self, _: &tauri::utils::assets::AssetKey) -> Option<std::borrow::Cow<'_, [u8]>> {
        None
    }

    fn iter(&self) -> Box<tauri::utils::assets::AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }

    fn csp_hashes(
        &self,
        _: &tauri::utils::assets::AssetKey,
    ) -> Box<dyn Iterator<Item = tauri::utils::assets::CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

/// The app's configuration and page, with the fonts asked of the host.
fn context(remote: Remote) -> tauri::Context {
    let mut context = tauri::generate_context!();
    let built_in = context.set_assets(Box::new(NoAssets));
    context.set_assets(Box::new(PageAssets { built_in, remote }));
    context
}

/// Opens the window on the book at `db`, whose commands `remote` answers.
fn run_window(db: PathBuf, remote: Remote) -> Result<(), String> {
    tracing::info!(book = %db.display(), "opening the window");
    tauri::Builder::default()
        // First among the plugins: a second launch on this book hands over to the running
        // window and exits before anything else starts. Without a session bus (a bare X
        // server) it cannot look and the window opens as usual.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(book_bus_id(&db))
                .callback(|app, _argv, _cwd| focus_main(app))
                .build(),
        )
        // Size, position and maximised, kept in the user's config folder.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        // Used from Rust only (today's reminder); the webview gets no notification permission.
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        // Used from Rust only ("Print draft" opens a PDF we wrote); the webview gets no
        // opener permission.
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(forward(remote))
        .setup(move |app| {
            end_on_signals(app.handle().clone());
            remind(app.handle().clone(), remote);
            Ok(())
        })
        .run(context(remote))
        .map_err(|e| format!("the window failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_book_has_its_own_bus_name_and_the_same_book_always_the_same() {
        let a = book_bus_id(std::path::Path::new("/tmp/a.sqlite"));
        assert_eq!(a, book_bus_id(std::path::Path::new("/tmp/a.sqlite")));
        assert_ne!(a, book_bus_id(std::path::Path::new("/tmp/b.sqlite")));
        // A valid D-Bus well-known name: dot-separated elements of [A-Za-z0-9_], none starting
        // with a digit, at most 255 bytes (the plugin appends ".SingleInstance").
        let full = format!("{a}.SingleInstance");
        assert!(full.len() <= 255);
        for element in full.split('.') {
            assert!(!element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()));
            assert!(
                element
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{full}"
            );
        }
    }
}
