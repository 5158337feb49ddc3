//! The store: one SQLite file, opened one way, migrated forward only, written in immediate
//! transactions. See ARCHITECTURE.md for the invariants this module keeps.

pub mod files;
pub mod queries;
pub mod sync;
pub mod table;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::model::domain::CheckReport;
use crate::model::error::{Error, Result};

/// Written into every Allybook database (`PRAGMA application_id`), "A|lb".
pub const APPLICATION_ID: i32 = 0x417C_6C62;

/// Embedded migrations, applied in order; `PRAGMA user_version` is the number applied.
/// Append-only: a released migration is never edited.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("migrations/0001_initial.sql")),
    (
        "0002_search_and_fit",
        include_str!("migrations/0002_search_and_fit.sql"),
    ),
    (
        "0003_pipeline",
        include_str!("migrations/0003_pipeline.sql"),
    ),
    (
        "0004_ranking_indexes",
        include_str!("migrations/0004_ranking_indexes.sql"),
    ),
    (
        "0005_contract_events",
        include_str!("migrations/0005_contract_events.sql"),
    ),
    (
        "0006_search_pending",
        include_str!("migrations/0006_search_pending.sql"),
    ),
    (
        "0007_attention_done",
        include_str!("migrations/0007_attention_done.sql"),
    ),
    ("0008_team", include_str!("migrations/0008_team.sql")),
];

/// SQLite's default: a commit that leaves the log longer than this many pages checkpoints it.
const WAL_AUTOCHECKPOINT: i64 = 1000;

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An open, sound, up-to-date Allybook database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    busy_notice: Option<fn(&Path)>,
}

static BUSY_NOTICE: std::sync::OnceLock<fn(&Path)> = std::sync::OnceLock::new();

/// Sets, once per process, what every store opened afterwards calls when a write waits for
/// another writer (see [`Store::on_busy`]); the headless CLI prints "retrying…".
pub fn set_busy_notice(notice: fn(&Path)) {
    let _ = BUSY_NOTICE.set(notice);
}

/// How long a write first waits for another writer before saying it is waiting.
const BUSY_NOTICE_AFTER: Duration = Duration::from_millis(300);

/// What a look at a file, without changing it, found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inspection {
    /// No file, or an empty one: a new database will be created.
    pub fresh: bool,
    pub user_version: i64,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, refusing a file that is not a sound
    /// Allybook database or that a newer Allybook wrote. A refused file is not modified.
    /// An older schema is backed up next to the file, then migrated.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with_migrations(path, MIGRATIONS)
    }

    /// [`Store::open`] with a given migration list. For tests of the migration machinery;
    /// the app always uses the embedded list.
    #[doc(hidden)]
    pub fn open_with_migrations(path: &Path, migrations: &[(&str, &str)]) -> Result<Store> {
        let supported = migrations.len() as i64;
        let inspection = inspect_with(path, migrations)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        }
        let conn = Connection::open(path).map_err(|e| write_error(path, e.into()))?;
        configure(&conn).map_err(|e| write_error(path, e))?;
        crate::store::files::protect(path);
        remove_stale_partials(path);
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            busy_notice: BUSY_NOTICE.get().copied(),
        };
        if inspection.user_version < supported {
            if !inspection.fresh {
                let backup = sibling(
                    path,
                    &format!("before-v{supported}-migration"),
                    inspection.user_version,
                );
                store.backup_to(&backup)?;
                tracing::info!(backup = %backup.display(), "backed up before migrating");
            }
            store.migrate(migrations, inspection.user_version)?;
        }
        Ok(store)
    }

    /// Opens an existing book for a command that reads: a missing or empty file is
    /// [`Error::NoBook`] (never a new empty book). A file this process may not write (read-only,
    /// immutable, on read-only media) is read through a read-only connection, and nothing is
    /// written; a writable one opens as [`Store::open`] does.
    pub fn open_existing(path: &Path) -> Result<Store> {
        let empty = fs::metadata(path).map(|m| m.len() == 0).unwrap_or(true);
        if empty {
            return Err(Error::NoBook { path: path.into() });
        }
        let writable = fs::OpenOptions::new().write(true).open(path).is_ok();
        if writable {
            return Store::open(path);
        }
        let inspection = inspect(path, SCHEMA_VERSION)?;
        if inspection.user_version < SCHEMA_VERSION {
            return Err(Error::Conflict(format!(
                "{} was written by an older Allybook and must be upgraded once, which needs write access to it",
                path.display()
            )));
        }
        // Read-only WAL needs its -shm file; where none can be made (an immutable file in a
        // read-only folder), read the file as it is.
        let conn = match open_read_only(path) {
            Ok(c)
                if c.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
                    .is_ok() =>
            {
                c
            }
            _ => open_immutable(path)?,
        };
        crate::store::files::protect(path);
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            busy_notice: BUSY_NOTICE.get().copied(),
        })
    }

    /// Whether writes can succeed (false for a book opened read-only by [`Store::open_existing`]).
    pub fn is_writable(&self) -> bool {
        !self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
    }

    /// The default database location: the OS data directory (e.g. `~/.local/share/allybook`).
    pub fn default_path() -> Result<PathBuf> {
        directories::ProjectDirs::from("app", "Allybook", "allybook")
            .map(|d| d.data_dir().join("allybook.sqlite"))
            .ok_or_else(|| Error::NotFound {
                what: "a home directory to keep the database in (use --db FILE)".into(),
            })
    }

    /// SQLite's `data_version`: changes when another connection (another process) commits to
    /// the book, not when this one does. Cheap enough to poll.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access. Reads see a consistent snapshot per statement.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in an immediate transaction and commits it; on any error nothing is written.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.transaction(f, true)
    }

    /// [`Store::write`] for a bulk change: its commit does not also copy the write-ahead log into
    /// the book (the checkpoint SQLite runs after a large commit, here as long as the commit
    /// itself); the next ordinary write, or closing the book, does. Equally durable.
    pub fn write_bulk<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let out = self.transaction(f, true);
        self.conn
            .pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT)?;
        out
    }

    /// Runs `f` in an immediate transaction and rolls it back: what `f` would write, unwritten.
    pub fn dry_run<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.transaction(f, false)
    }

    fn transaction<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
        commit: bool,
    ) -> Result<T> {
        let run = || -> Result<T> {
            let tx = self.begin_immediate()?;
            let out = f(&tx)?;
            if commit {
                tx.commit()?;
            } else {
                tx.rollback()?;
            }
            Ok(out)
        };
        let out = run();
        out.map_err(|e| write_error(&self.path, e))
    }

    /// Calls `notice` (once per write) when another process holds the book's write lock and
    /// this write is waiting for it, so a command can say "retrying…" instead of hanging.
    pub fn on_busy(&mut self, notice: fn(&Path)) {
        self.busy_notice = Some(notice);
    }

    /// `BEGIN IMMEDIATE`, waiting a bounded time ([`BUSY_TIMEOUT`]) for another writer; after a
    /// short first wait the busy notice is given, then the wait goes on.
    fn begin_immediate(&mut self) -> Result<Transaction<'_>> {
        let Some(notice) = self.busy_notice else {
            return Ok(self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?);
        };
        self.conn.busy_timeout(BUSY_NOTICE_AFTER)?;
        let probe = self.conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK");
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        if let Err(e) = probe {
            if !crate::model::error::is_busy(&e) {
                return Err(e.into());
            }
            notice(&self.path);
        }
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Copies the whole database to `dest` with SQLite's online backup API. Refuses to overwrite
    /// an existing file; writes a temporary file first, so `dest` is either complete or absent.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::Conflict(format!(
                "{} already exists; choose another file name",
                dest.display()
            )));
        }
        let tmp = dest.with_extension(format!("partial-{}", std::process::id()));
        let result = (|| {
            self.conn
                .backup(rusqlite::MAIN_DB, &tmp, rusqlite::backup::NO_PROGRESS)?;
            fs::rename(&tmp, dest)
                .map_err(|e| Error::io(format!("cannot write {}", dest.display()), e))
        })();
        if result.is_err() {
            remove_with_journals(&tmp);
        }
        result
    }

    fn migrate(&mut self, migrations: &[(&str, &str)], from: i64) -> Result<()> {
        for (index, (name, sql)) in migrations.iter().enumerate().skip(from as usize) {
            let version = index as i64 + 1;
            self.write(|tx| {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", version)?;
                Ok(())
            })
            .map_err(|e| Error::Conflict(format!("migration {name} failed: {e}")))?;
            tracing::info!(migration = name, version, "applied migration");
        }
        Ok(())
    }

    /// Full integrity check of this open database.
    pub fn integrity(&self) -> Result<Vec<String>> {
        Ok(integrity_check(&self.conn)?)
    }
}

/// Sets the pragmas every connection needs. Journal mode first: it cannot change inside a
/// transaction.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // 8 KiB pages for a new book (a no-op on an existing one, which keeps its page size): a
    // 100k-row import indexed its search 30 % faster and committed 25 % faster than with 4 KiB
    // (BENCHMARKS.md). Must come before journal_mode, which writes the header of a new file.
    conn.pragma_update(None, "page_size", 8192)?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Conflict(format!(
            "cannot use write-ahead logging on this file system (journal mode stays {mode})"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Up to 64 MiB of page cache, allocated only as pages are read or written.
    conn.pragma_update(None, "cache_size", -65536)?;
    // Statement journals and the import's staging tables stay in memory: in a temp file, each
    // statement of a large transaction wrote its journal with a syscall per page (1.7 million
    // writes when a 100k-row import still inserted row by row).
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // "Defense against the dark arts": no writes to the schema or shadow tables by SQL, and no
    // functions or virtual tables from the schema that are not marked harmless.
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    Ok(())
}

/// Removes a database file and the journals SQLite may have left beside it.
fn remove_with_journals(path: &Path) {
    let _ = fs::remove_file(path);
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = fs::remove_file(PathBuf::from(name));
    }
}

/// Whether process `pid` is running (Linux: `/proc`; elsewhere assume it is, and keep its files).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Removes the partial copies a killed backup (or migration backup) left next to the book:
/// `NAME….partial-PID` and their journals, when process PID is gone.
fn remove_stale_partials(book: &Path) {
    let (Some(dir), Some(stem)) = (
        book.parent().map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        }),
        book.file_stem().and_then(|s| s.to_str()),
    ) else {
        return;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.starts_with(stem) {
            continue;
        }
        let Some((_, pid)) = name.rsplit_once(".partial-") else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if !process_alive(pid) {
            tracing::info!(
                file = name,
                "removing a partial copy left by a killed backup"
            );
            remove_with_journals(&entry.path());
        }
    }
}

/// A write the file system refused says what happened to which file and what to do (the
/// transaction was rolled back): a full disk, another writer, a read-only or failing disk.
fn write_error(path: &Path, e: Error) -> Error {
    use rusqlite::ErrorCode as C;
    let Error::Sqlite(s) = &e else { return e };
    let storage = |what, remedy| Error::Storage {
        what,
        path: path.into(),
        remedy,
    };
    match s.sqlite_error_code() {
        Some(C::DiskFull) => Error::DiskFull { path: path.into() },
        Some(C::DatabaseBusy | C::DatabaseLocked) => Error::Busy {
            path: path.into(),
            seconds: BUSY_TIMEOUT.as_secs(),
        },
        Some(C::ReadOnly) => storage(
            "cannot write",
            "the file or its folder is read-only; make it writable or open a copy",
        ),
        Some(C::SystemIoFailure) => storage(
            "the disk reported an error on",
            "check the disk and its space, then try again",
        ),
        Some(C::CannotOpen) => storage(
            "cannot open",
            "check that the folder exists and that you may write to it",
        ),
        Some(C::PermissionDenied) => storage(
            "no permission to write",
            "check the file's and its folder's permissions",
        ),
        _ => e,
    }
}

/// `NAME.LABEL-vN-TIMESTAMP.sqlite` next to `path`.
fn sibling(path: &Path, label: &str, version: i64) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "allybook".into());
    path.with_file_name(format!("{stem}.{label}-v{version}-{stamp}.sqlite"))
}

fn integrity_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

/// Looks at `path` without modifying it (header bytes, then a read-only connection) and says
/// whether it may be opened for writing.
pub(crate) fn inspect(path: &Path, supported: i64) -> Result<Inspection> {
    debug_assert_eq!(supported, SCHEMA_VERSION);
    inspect_with(path, MIGRATIONS)
}

/// A schema object as `sqlite_schema` lists it: (type, name, table, SQL).
type SchemaObject = (String, String, String, Option<String>);

/// The schema objects (type, name, table, SQL) that `migrations[..version]` create, from an
/// in-memory database: what a book of that version must hold, and nothing else.
fn expected_schema(migrations: &[(&str, &str)], version: i64) -> Result<Vec<SchemaObject>> {
    let mem = Connection::open_in_memory()?;
    for (_, sql) in migrations.iter().take(version.max(0) as usize) {
        mem.execute_batch(sql)?;
    }
    schema_objects(&mem)
}

fn schema_objects(conn: &Connection) -> Result<Vec<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema
         WHERE name NOT IN ('sqlite_stat1', 'sqlite_stat4') ORDER BY type, name",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Refuses a book whose schema is not exactly what Allybook's migrations made: an extra trigger,
/// a view shadowing a table or a changed index would run an attacker's SQL on our writes.
fn check_schema(
    path: &Path,
    conn: &Connection,
    migrations: &[(&str, &str)],
    version: i64,
) -> Result<()> {
    let classify = |e: Error| match e {
        Error::Sqlite(s) => classify_open_error(path, s),
        other => other,
    };
    let want = expected_schema(migrations, version)?;
    let have = schema_objects(conn).map_err(classify)?;
    let mut odd: Vec<String> = have
        .iter()
        .filter(|o| !want.contains(o))
        .map(|(kind, name, _, _)| {
            if want.iter().any(|w| &w.1 == name) {
                format!("{kind} {name} (changed)")
            } else {
                format!("{kind} {name}")
            }
        })
        .collect();
    odd.extend(
        want.iter()
            .filter(|w| !have.iter().any(|h| h.1 == w.1))
            .map(|(kind, name, _, _)| format!("{kind} {name} (missing)")),
    );
    if odd.is_empty() {
        return Ok(());
    }
    Err(Error::Corrupt {
        path: path.into(),
        detail: format!(
            "its schema is not the one Allybook creates: {}; restore a backup made by Allybook",
            odd.join(", ")
        ),
    })
}

fn inspect_with(path: &Path, migrations: &[(&str, &str)]) -> Result<Inspection> {
    let supported = migrations.len() as i64;
    let fresh = Inspection {
        fresh: true,
        user_version: 0,
    };
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(fresh),
        Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
    };
    if meta.is_dir() {
        return Err(Error::NotADatabase {
            path: path.into(),
            reason: "it is a directory".into(),
        });
    }
    if meta.len() == 0 {
        return Ok(fresh);
    }
    if let Err(verdict) = check_header(path, meta.len()) {
        // The header's arithmetic is a quick first look, not the verdict: a write cut short by a
        // full disk can leave a partial page at the end, or a header ahead of the file, and
        // SQLite's own recovery (the WAL, rounding the size down) may still read every page.
        // A book whose integrity check passes is never refused.
        if !matches!(verdict, Error::Corrupt { .. }) || !sqlite_finds_sound(path) {
            return Err(verdict);
        }
        tracing::warn!(path = %path.display(), detail = %verdict, "size check disagrees; SQLite finds the file sound");
    }

    let conn = open_read_only(path)?;
    let classify = |e: rusqlite::Error| classify_open_error(path, e);
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(classify)?;
    let user_version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(classify)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(classify)?;
    let problems = integrity_check(&conn).map_err(classify)?;
    if problems != ["ok"] {
        return Err(Error::Corrupt {
            path: path.into(),
            detail: summarize(&problems),
        });
    }
    if app_id != APPLICATION_ID {
        if app_id == 0 && user_version == 0 && tables == 0 {
            return Ok(fresh); // an empty SQLite file: ours to initialise
        }
        return Err(Error::ForeignDatabase {
            path: path.into(),
            found: app_id,
        });
    }
    if user_version > supported {
        return Err(Error::TooNew {
            path: path.into(),
            found: user_version,
            supported,
        });
    }
    check_schema(path, &conn, migrations, user_version)?;
    Ok(Inspection {
        fresh: false,
        user_version,
    })
}

/// Refuses files that are not SQLite, or whose header promises more pages than the file holds.
fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

fn check_header(path: &Path, len: u64) -> Result<()> {
    let mut header = [0u8; 100];
    let mut file = fs::File::open(path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    let read = file
        .read(&mut header)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    if read < 100 || &header[..16] != SQLITE_MAGIC {
        return Err(Error::NotADatabase {
            path: path.into(),
            reason: "it is not a SQLite file".into(),
        });
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536u64,
        n => u64::from(n),
    };
    if page_size < 512 || !page_size.is_power_of_two() {
        return Err(Error::Corrupt {
            path: path.into(),
            detail: format!("its header gives an impossible page size ({page_size})"),
        });
    }
    let change_counter = u32::from_be_bytes([header[24], header[25], header[26], header[27]]);
    let valid_for = u32::from_be_bytes([header[92], header[93], header[94], header[95]]);
    let page_count = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    // A checkpoint writes page 1 (with the new page count) before the pages that extend the
    // file; killed in between, the header expects more than the file holds, and the WAL beside
    // it still has those pages: SQLite finishes the checkpoint on the next open. So the size
    // only says "truncated" when there is no WAL to complete it.
    let hot_wal = fs::metadata(wal_path(path)).is_ok_and(|m| m.len() > 0);
    if !len.is_multiple_of(page_size)
        || (!hot_wal && change_counter == valid_for && page_count * page_size > len)
    {
        return Err(Error::Corrupt {
            path: path.into(),
            detail: format!(
                "the file is truncated ({len} bytes; its header expects {} bytes)",
                page_count * page_size
            ),
        });
    }
    Ok(())
}

/// SQLite's integrity check on a read-only connection; false on any error. With a WAL beside
/// the file, SQLite reads through it; without one, the file is opened immutable, so looking
/// creates no `-wal` or `-shm` beside a file that may yet be refused.
fn sqlite_finds_sound(path: &Path) -> bool {
    let hot_wal = fs::metadata(wal_path(path)).is_ok_and(|m| m.len() > 0);
    let conn = if hot_wal {
        open_read_only(path).ok()
    } else {
        open_immutable(path).ok()
    };
    conn.and_then(|conn| integrity_check(&conn).ok())
        .is_some_and(|problems| problems == ["ok"])
}

/// A `file:` URI for `path` with SQLite's `immutable` flag: read as it is, no locks, no WAL.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.display().to_string().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn open_immutable(path: &Path) -> Result<Connection> {
    let c = Connection::open_with_flags(
        immutable_uri(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify_open_error(path, e))?;
    c.busy_timeout(BUSY_TIMEOUT)?;
    Ok(c)
}

fn open_read_only(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify_open_error(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

fn classify_open_error(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotADatabase {
            path: path.into(),
            reason: "SQLite does not recognise it".into(),
        },
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => Error::Corrupt {
            path: path.into(),
            detail: e.to_string(),
        },
        _ => Error::Sqlite(e),
    }
}

fn summarize(problems: &[String]) -> String {
    let first = problems.first().map(String::as_str).unwrap_or("unknown");
    if problems.len() > 1 {
        format!(
            "integrity check found {} problems, first: {first}",
            problems.len()
        )
    } else {
        format!("integrity check: {first}")
    }
}

/// Checks `path` read-only: integrity and schema version. Never modifies the file.
/// Returns a report with `sound == false` for a damaged or too-new database; errors only when
/// the file is missing or not an Allybook database at all.
pub fn check(path: &Path) -> Result<CheckReport> {
    if !path.exists() {
        return Err(Error::NotFound {
            what: format!("database {}", path.display()),
        });
    }
    let report = |schema_version, integrity: Vec<String>, prospects| {
        let sound = integrity == ["ok"] && schema_version <= SCHEMA_VERSION;
        CheckReport {
            path: path.display().to_string(),
            schema_version,
            supported_version: SCHEMA_VERSION,
            integrity,
            sound,
            prospects,
        }
    };
    match inspect(path, SCHEMA_VERSION) {
        Ok(i) if i.fresh => Err(Error::NotADatabase {
            path: path.into(),
            reason: "it is empty".into(),
        }),
        Ok(i) => {
            let conn = open_read_only(path)?;
            let integrity = integrity_check(&conn).map_err(|e| classify_open_error(path, e))?;
            let prospects = conn
                .query_row("SELECT count(*) FROM prospect", [], |r| r.get(0))
                .unwrap_or(0);
            Ok(report(i.user_version, integrity, prospects))
        }
        Err(Error::Corrupt { detail, .. }) => Ok(report(0, vec![detail], 0)),
        Err(Error::TooNew { found, .. }) => Ok(report(
            found,
            vec![format!(
                "schema version {found}, but this Allybook understands up to version \
                 {SCHEMA_VERSION}: update Allybook to open it"
            )],
            0,
        )),
        Err(e) => Err(e),
    }
}

/// What `restore` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Where the database that was replaced now lives (None when there was none).
    pub previous: Option<PathBuf>,
    pub schema_version: i64,
}

/// Replaces the database at `db` with the Allybook database `source`, after checking `source`
/// is sound. The current database is kept next to it first; nothing is replaced if any check
/// fails.
pub fn restore(db: &Path, source: &Path) -> Result<Restored> {
    let same = match (fs::canonicalize(db), fs::canonicalize(source)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Error::Conflict(
            "the backup to restore is the database itself".into(),
        ));
    }
    if !source.exists() {
        return Err(Error::NotFound {
            what: format!("backup {}", source.display()),
        });
    }
    let src = inspect(source, SCHEMA_VERSION)?;
    if src.fresh {
        return Err(Error::NotADatabase {
            path: source.into(),
            reason: "it is empty".into(),
        });
    }

    // Keep the current database. A sound one is copied with the backup API; a damaged one is
    // moved aside whole (with its WAL), so nothing is lost either way.
    let previous = if db.exists() && fs::metadata(db).map(|m| m.len() > 0).unwrap_or(false) {
        let keep = sibling(db, "before-restore", current_version(db));
        match Store::open(db) {
            Ok(current) => current.backup_to(&keep)?,
            Err(e) => {
                tracing::warn!(error = %e, "current database is not sound; moving it aside");
                move_aside(db, &keep)?;
            }
        }
        Some(keep)
    } else {
        None
    };

    // SQLite's backup API cannot change the page size of a WAL database, so the copy goes in
    // with a rollback journal (which needs every other connection closed: else `busy`) and the
    // book is back in WAL mode when it is opened below. A failed restore leaves the book as it
    // was, and then the copy kept beside it is not needed.
    let copied = (|| -> Result<()> {
        let mut conn = Connection::open(db).map_err(|e| write_error(db, e.into()))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "DELETE")
            .map_err(|e| write_error(db, e.into()))?;
        conn.restore(rusqlite::MAIN_DB, source, rusqlite::backup::NO_PROGRESS)
            .map_err(|e| write_error(db, e.into()))?;
        Ok(())
    })();
    if let Err(e) = copied {
        if let Some(keep) = &previous {
            if Store::open(db).is_ok() {
                remove_with_journals(keep);
            }
        }
        return Err(e);
    }
    let store = Store::open(db)?;
    let schema_version = store
        .conn
        .pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok(Restored {
        previous,
        schema_version,
    })
}

fn current_version(db: &Path) -> i64 {
    inspect(db, SCHEMA_VERSION)
        .map(|i| i.user_version)
        .unwrap_or(0)
}

fn move_aside(db: &Path, keep: &Path) -> Result<()> {
    fs::rename(db, keep).map_err(|e| Error::io(format!("cannot move {}", db.display()), e))?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            let to = PathBuf::from(format!("{}{suffix}", keep.display()));
            fs::rename(&side, &to)
                .map_err(|e| Error::io(format!("cannot move {}", side.display()), e))?;
        }
    }
    Ok(())
}

/// The schema version of an open store.
pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

#[cfg(test)]
mod header_tests {
    use super::*;

    /// A database whose header counts five pages more than the file holds.
    fn short_file(dir: &Path) -> PathBuf {
        let db = dir.join("b.sqlite");
        drop(Store::open(&db).expect("create"));
        let mut bytes = fs::read(&db).expect("read");
        let count = u32::from_be_bytes([bytes[28], bytes[29], bytes[30], bytes[31]]) + 5;
        bytes[28..32].copy_from_slice(&count.to_be_bytes());
        fs::write(&db, &bytes).expect("write");
        db
    }

    #[test]
    fn a_short_file_is_truncated_unless_a_wal_can_complete_it() {
        let dir = tempfile::tempdir().expect("tmp");
        let db = short_file(dir.path());
        let len = fs::metadata(&db).expect("meta").len();
        let err = check_header(&db, len).expect_err("truncated");
        assert!(err.to_string().contains("truncated"), "{err}");
        // Killed mid-checkpoint: the WAL beside it still holds the missing pages.
        fs::write(wal_path(&db), [1u8; 32]).expect("wal");
        check_header(&db, len).expect("a hot WAL completes the file");
        // An empty WAL completes nothing.
        fs::write(wal_path(&db), []).expect("empty wal");
        assert!(check_header(&db, len).is_err());
        // And SQLite agrees the book is damaged, so it is refused.
        fs::remove_file(wal_path(&db)).expect("rm wal");
        assert!(matches!(check(&db), Ok(r) if !r.sound));
    }

    static NOTICES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    #[test]
    fn a_write_waiting_for_another_writer_says_so_then_goes_through() {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("b.sqlite");
        let mut store = Store::open(&db).expect("create");
        store.on_busy(|_| {
            NOTICES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        });
        // Another Allybook holds the write lock for a second, then commits.
        let other = Connection::open(&db).expect("other");
        other.execute_batch("BEGIN IMMEDIATE").expect("lock");
        let holder = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(1000));
            other.execute_batch("COMMIT").expect("commit");
        });
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO settings(key, value) VALUES ('waited', 'yes')",
                    [],
                )?;
                Ok(())
            })
            .expect("the write goes through once the other writer is done");
        holder.join().expect("holder");
        assert_eq!(NOTICES.load(std::sync::atomic::Ordering::SeqCst), 1);
        // Uncontended, nothing is said.
        store.write(|_| Ok(())).expect("write");
        assert_eq!(NOTICES.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[test]
    fn a_partial_page_left_by_a_full_disk_does_not_lock_the_user_out() {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("b.sqlite");
        {
            let mut store = Store::open(&db).expect("create");
            crate::ops::demo::load(&mut store).expect("demo");
        }
        let prospects = check(&db).expect("check").prospects;
        // An extension of the file that ran out of space half-way through a page.
        let mut file = fs::OpenOptions::new().append(true).open(&db).expect("open");
        std::io::Write::write_all(&mut file, &[0u8; 1000]).expect("append");
        drop(file);
        let len = fs::metadata(&db).expect("meta").len();
        assert!(
            check_header(&db, len).is_err(),
            "the size alone looks wrong"
        );
        let report = check(&db).expect("check");
        assert!(report.sound, "{:?}", report.integrity);
        assert_eq!(report.prospects, prospects);
        let store = Store::open(&db).expect("the book opens");
        assert!(store.backup_to(&dir.path().join("copy.sqlite")).is_ok());
    }
}
