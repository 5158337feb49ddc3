//! The window face, loaded only when it is asked for.
//!
//! The webview's libraries (WebKitGTK, GTK, …) cost ≈90 ms of dynamic linking at every start.
//! The `allybook` executable does not link them: its headless face (`allybook --db F <sub>`)
//! starts in a few milliseconds. With no subcommand it loads `liballybook_app` (the Tauri app,
//! built next to the executable from `src-tauri/lib.rs`; installed under `lib/allybook/`) and
//! lends it the book: the library answers each command the UI invokes by calling back into
//! [`answer`], which runs it through `allybook_core::api`. The core lives in the executable only.

use std::ffi::c_void;
use std::path::{Path, PathBuf};

use allybook_core::api::{Api, ApiError};

#[path = "host_abi.rs"]
mod host_abi;
use host_abi::{Host, Reply, RunWindow, ENTRY, HOST_VERSION};

/// The library's callback for a file its page asks for: the UI's fonts, from the core.
unsafe extern "C" fn asset(
    _ctx: *const c_void,
    name: *const u8,
    name_len: usize,
    out: *mut c_void,
    reply: Reply,
) {
    // SAFETY: the library passes `name_len` readable bytes (see `Host::asset`).
    let name = unsafe { std::slice::from_raw_parts(name, name_len) };
    let name = std::str::from_utf8(name).ok();
    tracing::debug!(asset = name, "the page asks for a file");
    let font = name.and_then(allybook_core::pdf::ui_font);
    // SAFETY: `out` and `reply` come from the library for exactly this call.
    unsafe {
        match font {
            Some(bytes) => reply(out, 1, bytes.as_ptr(), bytes.len()),
            None => reply(out, 0, std::ptr::null(), 0),
        }
    }
}

/// The library's callback: runs one command against the book. Never unwinds into the library.
unsafe extern "C" fn answer(
    ctx: *const c_void,
    name: *const u8,
    name_len: usize,
    args: *const u8,
    args_len: usize,
    out: *mut c_void,
    reply: Reply,
) {
    let outcome = std::panic::catch_unwind(|| {
        // SAFETY: `ctx` is the `Api` that `run` keeps alive while the window runs; the library
        // passes `name_len` and `args_len` readable bytes (see `Host::call`).
        let api = unsafe { &*(ctx as *const Api) };
        let name = unsafe { std::slice::from_raw_parts(name, name_len) };
        let args = unsafe { std::slice::from_raw_parts(args, args_len) };
        match std::str::from_utf8(name) {
            Ok(name) => api.call(name, args),
            Err(_) => Err(ApiError::internal("a command name that is not text").to_json()),
        }
    })
    .unwrap_or_else(|_| {
        Err(ApiError::internal("the command stopped unexpectedly; see the log").to_json())
    });
    let (ok, json) = match outcome {
        Ok(json) => (1, json),
        Err(json) => (0, json),
    };
    // SAFETY: `out` and `reply` come from the library for exactly this call.
    unsafe { reply(out, ok, json.as_ptr(), json.len()) };
}

/// Where the window library may be, in the order tried, for an executable in `exe_dir`:
/// - `../lib/allybook/` — the installed layout on Linux (`/usr/bin/allybook` finds
///   `/usr/lib/allybook/liballybook_app.so`; the same in an unpacked package root);
/// - `../Frameworks/` — a macOS application bundle (`Allybook.app/Contents/MacOS/allybook`);
/// - the executable's own folder — a build (`target/release/`) and Windows installs.
fn library_candidates(exe_dir: &Path) -> Vec<PathBuf> {
    let name = libloading::library_filename("allybook_app");
    let mut out = Vec::new();
    if let Some(prefix) = exe_dir.parent() {
        out.push(prefix.join("lib").join("allybook").join(&name));
        out.push(prefix.join("Frameworks").join(&name));
    }
    out.push(exe_dir.join(&name));
    out
}

fn library_path() -> Result<PathBuf, String> {
    let exe = std::env::current_exe()
        .map_err(|e| format!("cannot find where allybook is installed: {e}"))?;
    let dir = exe
        .parent()
        .ok_or_else(|| format!("{} has no folder", exe.display()))?;
    let candidates = library_candidates(dir);
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| {
            format!(
                "cannot find the window library (looked for {}); the headless subcommands still work",
                candidates
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// A team book syncs while its window is open, over a connection kept open between rounds
/// (`allybook_sync::Link`): a round at the next tick after a local change or after the team's
/// changes arrived, every 20 seconds otherwise (which also notices a dropped connection), and
/// after 5, 10, 20, 40 s, then once a minute while the relay cannot be reached ("Sync now" runs
/// one at once); see `allybook_core::team::Pace`. A tick costs a query or two.
fn sync_in_background(api: &Api) {
    use std::time::{Duration, Instant};
    // Short: the team's changes arrive on the connection kept open, and a local change goes out
    // at the next tick (an edit reaches the other laptops' windows within about a second).
    const TICK: Duration = Duration::from_millis(100);
    let mut earliest = Instant::now();
    let mut next = Instant::now();
    let mut pace = allybook_core::team::Pace::default();
    loop {
        std::thread::sleep(TICK);
        if Instant::now() < earliest {
            continue;
        }
        let Ok(Some((waiting, online))) = api.round_wanted() else {
            continue;
        };
        let now = Instant::now();
        if now < next && !(online && (waiting || api.team_pending())) {
            continue;
        }
        let pending = api.team_pending();
        let reached = match api.background_round() {
            // Another round, or a team being made or joined: the next tick tries again.
            Ok(None) => continue,
            Ok(Some(s)) => s.offline_since.is_none(),
            Err(_) => false,
        };
        let took = now.elapsed();
        tracing::debug!(
            waiting,
            pending,
            routine = now >= next,
            ms = took.as_millis() as u64,
            reached,
            "background sync round"
        );
        let (wait, routine) = pace.after(reached, took);
        earliest = Instant::now() + wait;
        next = Instant::now() + routine;
    }
}

/// Opens the window on `db`; returns when the window closes.
pub fn run(db: &Path) -> Result<(), String> {
    // The book opens (and is checked) on its own thread while the webview's libraries load
    // and the window starts; then it is re-ranked (certifications expire with the calendar) and
    // the day's backup is made. The first commands wait for the book meanwhile.
    let api = std::sync::Arc::new(Api::open_later(db));
    let refresh = api.clone();
    std::thread::spawn(move || refresh.start_of_day());
    api.set_team_link(std::sync::Arc::new(allybook_sync::Link::default()));
    let rounds = api.clone();
    std::thread::spawn(move || sync_in_background(&rounds));
    let path = library_path()?;
    // SAFETY: the library is ours, built with this executable; loading it runs the
    // initialisers of the webview libraries, which is what opening a window needs anyway.
    let lib = unsafe { libloading::Library::new(&path) }.map_err(|e| {
        format!(
            "cannot load the window ({}): {e}; the headless subcommands still work",
            path.display()
        )
    })?;
    // SAFETY: the symbol is exported by `src-tauri/lib.rs` with exactly this signature.
    let run: libloading::Symbol<'_, RunWindow> = unsafe { lib.get(ENTRY) }.map_err(|e| {
        format!(
            "{} is not this Allybook's window library ({e}): reinstall Allybook",
            path.display()
        )
    })?;
    let bytes = db.as_os_str().as_encoded_bytes();
    let host = Host {
        version: HOST_VERSION,
        ctx: std::sync::Arc::as_ptr(&api) as *const c_void,
        db: bytes.as_ptr(),
        db_len: bytes.len(),
        call: answer,
        asset,
    };
    let mut err = vec![0u8; 4096];
    // SAFETY: `host` and `err` outlive the call; the `Api` is never freed (below).
    let code = unsafe { run(&host, err.as_mut_ptr(), err.len()) };
    // The library's threads (the reminder loop, blocking command tasks) hold `ctx` and may
    // outlive `run` when it returns early with an error: the book stays alive until the
    // process ends, which follows at once.
    std::mem::forget(api);
    if code == 0 {
        Ok(())
    } else {
        let end = err.iter().position(|b| *b == 0).unwrap_or(err.len());
        Err(String::from_utf8_lossy(&err[..end]).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_installed_layout_comes_first_then_a_mac_bundle_then_the_executables_folder() {
        let name = libloading::library_filename("allybook_app");
        let found = library_candidates(Path::new("/usr/bin"));
        assert_eq!(
            found,
            [
                Path::new("/usr/lib/allybook").join(&name),
                Path::new("/usr/Frameworks").join(&name),
                Path::new("/usr/bin").join(&name),
            ]
        );
        let unpacked = library_candidates(Path::new("/tmp/root/usr/bin"));
        assert_eq!(
            unpacked[0],
            Path::new("/tmp/root/usr/lib/allybook").join(&name)
        );
    }
}
