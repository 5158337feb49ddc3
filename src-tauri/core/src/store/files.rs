//! Writing user-chosen files: complete or untouched.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::model::error::{Error, Result};

/// The books this process has open: no file it writes for the user may land on one of them.
static BOOKS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Registers an open book (`Store::open*` calls this): from now on, writing a user-chosen file to
/// it, its `-wal` or its `-shm` is refused.
pub fn protect(book: &Path) {
    let canonical = std::fs::canonicalize(book).unwrap_or_else(|_| book.to_path_buf());
    if let Ok(mut books) = BOOKS.lock() {
        if !books.contains(&canonical) {
            books.push(canonical);
        }
    }
}

/// Where `path` really points: through symlinks and `..`, for a file that may not exist yet.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (std::fs::canonicalize(parent), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Refuses `path` when it is (through a symlink, `..` or a hard link) an open book or its WAL or
/// shared-memory file: an export must never overwrite the data it was made from.
pub fn refuse_book(path: &Path) -> Result<()> {
    let out = resolve(path);
    let books = BOOKS.lock().map(|b| b.clone()).unwrap_or_default();
    for book in books {
        for suffix in ["", "-wal", "-shm"] {
            let mut name = book.clone().into_os_string();
            name.push(suffix);
            let target = PathBuf::from(name);
            if out == target || same_file(&out, &target) {
                return Err(Error::invalid(
                    "path",
                    format!(
                        "{} is the alliance book itself{}: choose another file to write to",
                        path.display(),
                        if suffix.is_empty() {
                            ""
                        } else {
                            " (its journal)"
                        }
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it over `path`: a
/// failure at any point leaves an earlier file at `path` as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, bytes, false)
}

/// [`write_atomically`] for a secret (a team's invite): readable by the user only from the
/// moment the file exists.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, bytes, true)
}

fn write_file(path: &Path, bytes: &[u8], private: bool) -> Result<()> {
    refuse_book(path)?;
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid("path", format!("{} is not a file name", path.display())))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".partial-{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(format!("cannot write {}", path.display()), e)
    })
}
