//! The window face, loaded only when it is asked for.
//!
//! The webview's libraries (WebKitGTK, GTK, …) cost ≈90 ms of dynamic linking at every start.
//! The `allybook` executable does not link them: its headless face (`allybook --db F <sub>`)
//! starts in a few milliseconds. With no subcommand it loads `liballybook_app` (the Tauri app,
//! built next to the executable from `src-tauri/lib.rs`; installed under `lib/allybook/`) and
//! hands it the database path.

use std::path::{Path, PathBuf};

/// `fn(db_ptr, db_len, err_buf, err_len) -> 0 on success`; see `allybook_app::allybook_run_window`.
type RunWindow = unsafe extern "C" fn(*const u8, usize, *mut u8, usize) -> i32;

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

/// Opens the window on `db`; returns when the window closes.
pub fn run(db: &Path) -> Result<(), String> {
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
    let run: libloading::Symbol<'_, RunWindow> = unsafe { lib.get(b"allybook_run_window\0") }
        .map_err(|e| format!("{} is not Allybook's window library: {e}", path.display()))?;
    let bytes = db.as_os_str().as_encoded_bytes();
    let mut err = vec![0u8; 4096];
    // SAFETY: both buffers are valid for the lengths passed, for the whole call.
    let code = unsafe { run(bytes.as_ptr(), bytes.len(), err.as_mut_ptr(), err.len()) };
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
