//! What the desktop window needs beyond the book's records: which book the user last chose (kept
//! in the user's config folder, so the next start opens it), choosing or starting another book,
//! the daily automatic backups, and the day's reminder.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::domain::FieldError;
use crate::model::error::{Error, Result};
use crate::ops::attention::{self, AttentionKind};
use crate::Store;

const SETTING_REMINDERS: &str = "desktop_reminders";
const SETTING_BACKUP_KEEP: &str = "desktop_backup_keep";
const SETTING_BACKUP_FOLDER: &str = "desktop_backup_folder";

/// How many daily backups are kept unless the user says otherwise.
pub const DEFAULT_BACKUP_KEEP: i64 = 7;
/// At most this many: a year of days.
pub const MAX_BACKUP_KEEP: i64 = 366;

/// The book's desktop settings (they travel with the book).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DesktopSettings {
    /// One desktop notification a day for what is due today.
    pub reminders: bool,
    /// Automatic daily backups to keep (the oldest beyond this are removed).
    pub backup_keep: i64,
    /// Where the automatic backups go; empty = the folder beside the book ([`backup_folder`]).
    pub backup_folder: String,
    /// The folder in use (the chosen one, or the one beside the book), for display.
    pub backup_folder_in_use: String,
    /// The newest automatic backup's file, if any.
    pub last_backup: Option<String>,
}

/// What a window should tell its user today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Reminder {
    pub count: i64,
    pub title: String,
    pub body: String,
}

/// The folder for a book's automatic backups when none is chosen: `NAME-backups` beside it.
pub fn backup_folder(book: &Path) -> PathBuf {
    let stem = book
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "allybook".into());
    book.with_file_name(format!("{stem}-backups"))
}

fn chosen_folder(conn: &Connection, book: &Path) -> Result<PathBuf> {
    Ok(
        match crate::store::queries::settings::setting(conn, SETTING_BACKUP_FOLDER)? {
            Some(f) if !f.trim().is_empty() => PathBuf::from(f),
            _ => backup_folder(book),
        },
    )
}

/// The automatic backups in `folder` for `book`, oldest first (their names sort by day).
fn daily_backups(folder: &Path, book: &Path) -> Vec<PathBuf> {
    let stem = book
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!("{stem}-daily-");
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".sqlite"))
        })
        .collect();
    found.sort();
    found
}

pub fn settings(store: &Store) -> Result<DesktopSettings> {
    let conn = store.conn();
    let keep = crate::store::queries::settings::setting(conn, SETTING_BACKUP_KEEP)?
        .and_then(|k| k.parse().ok())
        .unwrap_or(DEFAULT_BACKUP_KEEP);
    let folder =
        crate::store::queries::settings::setting(conn, SETTING_BACKUP_FOLDER)?.unwrap_or_default();
    let in_use = chosen_folder(conn, store.path())?;
    Ok(DesktopSettings {
        reminders: crate::store::queries::settings::setting(conn, SETTING_REMINDERS)?.as_deref()
            != Some("off"),
        backup_keep: keep,
        backup_folder: folder,
        last_backup: daily_backups(&in_use, store.path())
            .last()
            .map(|p| p.display().to_string()),
        backup_folder_in_use: in_use.display().to_string(),
    })
}

pub fn save_settings(store: &mut Store, s: &DesktopSettings) -> Result<DesktopSettings> {
    let mut errors = Vec::new();
    if !(1..=MAX_BACKUP_KEEP).contains(&s.backup_keep) {
        errors.push(FieldError::said(
            "backup_keep",
            "invalid.backup_keep",
            &[("max", MAX_BACKUP_KEEP.to_string())],
        ));
    }
    let folder = s.backup_folder.trim();
    if !folder.is_empty() {
        let path = Path::new(folder);
        if !path.is_absolute() {
            errors.push(FieldError::said(
                "backup_folder",
                "invalid.backup_folder_relative",
                &[],
            ));
        } else if !path.is_dir() {
            errors.push(FieldError::said(
                "backup_folder",
                "invalid.backup_folder_missing",
                &[("folder", folder.to_string())],
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    store.write(|tx| {
        crate::store::queries::settings::set_setting(
            tx,
            SETTING_REMINDERS,
            if s.reminders { "on" } else { "off" },
        )?;
        crate::store::queries::settings::set_setting(
            tx,
            SETTING_BACKUP_KEEP,
            &s.backup_keep.to_string(),
        )?;
        crate::store::queries::settings::set_setting(tx, SETTING_BACKUP_FOLDER, folder)?;
        Ok(())
    })?;
    settings(store)
}

/// The first start of a day backs the book up (SQLite's online backup) as
/// `NAME-daily-YYYY-MM-DD.sqlite` in the backup folder, then keeps only the newest `keep`.
/// Returns the new backup, or None when today's exists already.
pub fn daily_backup(store: &Store, today: NaiveDate) -> Result<Option<PathBuf>> {
    let folder = chosen_folder(store.conn(), store.path())?;
    let keep = settings(store)?.backup_keep.clamp(1, MAX_BACKUP_KEEP) as usize;
    std::fs::create_dir_all(&folder)
        .map_err(|e| Error::io(format!("cannot create {}", folder.display()), e))?;
    let stem = store
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "allybook".into());
    let target = folder.join(format!("{stem}-daily-{today}.sqlite"));
    let made = if target.exists() {
        None
    } else {
        store.backup_to(&target)?;
        Some(target)
    };
    let existing = daily_backups(&folder, store.path());
    if existing.len() > keep {
        for old in &existing[..existing.len() - keep] {
            if let Err(e) = std::fs::remove_file(old) {
                tracing::warn!(file = %old.display(), error = %e, "cannot remove an old backup");
            }
        }
    }
    Ok(made)
}

/// What is due today — follow-ups, the last day to give notice on a contract, lead
/// registrations that expire — as one reminder in the desktop's language; None when nothing is,
/// or reminders are off.
pub fn reminder(store: &Store, today: NaiveDate) -> Result<Option<Reminder>> {
    let lang = crate::model::words::DocLanguage::parse(&system_locale().unwrap_or_default());
    reminder_in(store, today, lang)
}

/// [`reminder`] in `lang`.
pub fn reminder_in(
    store: &Store,
    today: NaiveDate,
    lang: crate::model::words::DocLanguage,
) -> Result<Option<Reminder>> {
    use crate::model::words::{Arg, Phrase, Words};
    if !settings(store)?.reminders {
        return Ok(None);
    }
    let due: Vec<_> = attention::attention(store.conn(), today)?
        .into_iter()
        .filter(|i| {
            i.days == 0
                && matches!(
                    i.kind,
                    AttentionKind::FollowUpDue
                        | AttentionKind::ContractNotice
                        | AttentionKind::LeadExpiring
                )
        })
        .collect();
    if due.is_empty() {
        return Ok(None);
    }
    let count = due.len() as i64;
    let w = Words::new(lang);
    let title = w.get("reminder-title", &[("count", Arg::Number(count))]);
    let said = |key: String, i: &attention::AttentionItem| {
        w.phrase(&Phrase {
            key,
            args: i.words.args.clone(),
        })
    };
    let mut lines: Vec<String> = due
        .iter()
        .take(3)
        .map(|i| {
            let title = said(format!("attention.title.{}", i.words.title), i);
            let detail = said(format!("attention.detail.{}", i.words.detail), i);
            if detail.trim().is_empty() {
                title
            } else {
                format!("{title}: {}", detail.trim())
            }
        })
        .collect();
    if due.len() > 3 {
        lines.push(w.get(
            "reminder-more",
            &[("count", Arg::Number(due.len() as i64 - 3))],
        ));
    }
    Ok(Some(Reminder {
        count,
        title,
        body: lines.join("\n"),
    }))
}

fn prefs_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("app", "Allybook", "allybook")
        .map(|d| d.config_dir().join("settings.json"))
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Prefs {
    #[serde(default)]
    book: Option<PathBuf>,
}

/// The book the user last chose in the window, if it is still there.
pub fn remembered_book() -> Option<PathBuf> {
    let text = std::fs::read_to_string(prefs_file()?).ok()?;
    let prefs: Prefs = serde_json::from_str(&text).ok()?;
    prefs.book.filter(|b| b.is_file())
}

/// Remembers `book` as the one to open next time (the user's config folder).
pub fn remember_book(book: &Path) -> Result<()> {
    let file = prefs_file().ok_or_else(|| Error::NotFound {
        what: "a home directory to remember the book in".into(),
    })?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    }
    let prefs = Prefs {
        book: Some(book.to_path_buf()),
    };
    crate::store::files::write_atomically(&file, serde_json::to_string_pretty(&prefs)?.as_bytes())
}

/// The book to open when none is named: the one last chosen, else the default location.
pub fn default_book() -> Result<PathBuf> {
    match remembered_book() {
        Some(book) => Ok(book),
        None => Store::default_path(),
    }
}

/// Checks that `path` is a book to switch to — an Allybook book (`create` false), or a new file
/// (`create` true) — creates it if new, and remembers it. Refuses a file that is not a book,
/// damaged or newer exactly as opening it would, leaving it untouched.
pub fn choose_book(path: &Path, create: bool, current: &Path) -> Result<PathBuf> {
    if path.as_os_str().is_empty() {
        return Err(Error::invalid("path", "choose a file"));
    }
    let exists = path.exists();
    if create && exists {
        return Err(Error::Conflict(format!(
            "{} already exists: to open it, use Open another book",
            path.display()
        )));
    }
    if !create && !exists {
        return Err(Error::NoBook {
            path: path.to_path_buf(),
        });
    }
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(path), std::fs::canonicalize(current)) {
        if a == b {
            return Err(Error::Conflict(format!(
                "{} is the book already open",
                path.display()
            )));
        }
    }
    // Opening checks it (and migrates an older book, with a backup first), or creates it.
    drop(Store::open(path)?);
    let chosen = std::fs::canonicalize(path)
        .map_err(|e| Error::io(format!("cannot find {}", path.display()), e))?;
    remember_book(&chosen)?;
    Ok(chosen)
}

/// The OS's locale as a BCP 47 tag ("de-DE"), for the window's language and formats: the webview
/// does not always report it (WebKitGTK says "en-US" under a German session). None when the OS
/// says nothing; "C" and "POSIX" come back as they are and the window treats them as unset.
pub fn system_locale() -> Option<String> {
    sys_locale::get_locale().filter(|l| !l.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a day")
    }

    #[test]
    fn one_backup_a_day_and_only_the_newest_are_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("book.sqlite")).expect("open");
        crate::ops::demo::load(&mut store).expect("demo");
        let mut s = settings(&store).expect("settings");
        assert_eq!(s.backup_keep, DEFAULT_BACKUP_KEEP);
        assert!(s.last_backup.is_none());
        s.backup_keep = 3;
        save_settings(&mut store, &s).expect("save");

        let first = daily_backup(&store, day("2026-12-01")).expect("backup");
        let first = first.expect("the first start of the day backs up");
        assert!(
            first.ends_with("book-backups/book-daily-2026-12-01.sqlite"),
            "{first:?}"
        );
        assert_eq!(
            daily_backup(&store, day("2026-12-01")).expect("again"),
            None
        );
        for d in ["2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05"] {
            daily_backup(&store, day(d)).expect("backup");
        }
        let left: Vec<String> = daily_backups(&backup_folder(store.path()), store.path())
            .iter()
            .map(|p| {
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            left,
            [
                "book-daily-2026-12-03.sqlite",
                "book-daily-2026-12-04.sqlite",
                "book-daily-2026-12-05.sqlite"
            ]
        );
        // A backup is a sound book with the same prospects.
        let copy = Store::open(&backup_folder(store.path()).join(&left[2])).expect("open copy");
        assert_eq!(
            crate::ops::book::overview(&copy)
                .expect("overview")
                .prospects,
            crate::ops::book::overview(&store)
                .expect("overview")
                .prospects
        );
        assert!(settings(&store)
            .expect("settings")
            .last_backup
            .is_some_and(|l| l.ends_with("2026-12-05.sqlite")));
    }

    #[test]
    fn settings_are_checked_field_by_field() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("book.sqlite")).expect("open");
        let mut s = settings(&store).expect("settings");
        s.backup_keep = 0;
        s.backup_folder = "relative/folder".into();
        let Err(Error::Fields(errors)) = save_settings(&mut store, &s) else {
            panic!("refused");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["backup_keep", "backup_folder"]);
        s.backup_keep = 2;
        s.backup_folder = dir.path().join("missing").display().to_string();
        assert!(save_settings(&mut store, &s).is_err());
        s.backup_folder = dir.path().display().to_string();
        s.reminders = false;
        let saved = save_settings(&mut store, &s).expect("save");
        assert!(!saved.reminders);
        assert_eq!(saved.backup_folder_in_use, dir.path().display().to_string());
    }

    #[test]
    fn the_reminder_names_what_is_due_today_and_respects_the_switch() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("book.sqlite")).expect("open");
        crate::ops::demo::load(&mut store).expect("demo");
        // The sample is dated from the day it is loaded and has nothing due that day.
        let today = chrono::Local::now().date_naive();
        let on = |offset: i64| (today + chrono::Duration::days(offset)).to_string();
        assert_eq!(
            reminder_in(&store, today, crate::model::words::DocLanguage::En).expect("reminder"),
            None,
            "nothing due"
        );
        let follow_up = |subject: &str, due: &str, store: &mut Store| {
            crate::ops::pipeline::add_activity(
                store,
                &crate::ops::pipeline::ActivityInput {
                    prospect_id: 1,
                    kind: None,
                    occurred_on: on(-2),
                    subject: subject.into(),
                    body: String::new(),
                    contact_id: None,
                    follow_up_on: due.into(),
                },
                today,
            )
            .expect("follow-up")
        };
        follow_up("Send the joint SOC offer", &on(0), &mut store);
        follow_up("Chase the reference", &on(-1), &mut store);
        follow_up("Book the workshop", &on(1), &mut store);
        let r = reminder_in(&store, today, crate::model::words::DocLanguage::En)
            .expect("reminder")
            .expect("one thing is due today");
        assert_eq!(r.count, 1);
        assert_eq!(r.title, "1 thing is due today");
        assert!(r.body.contains("Send the joint SOC offer"), "{}", r.body);
        assert!(
            !r.body.contains("Chase") && !r.body.contains("workshop"),
            "{}",
            r.body
        );
        follow_up("Confirm the NDA", &on(0), &mut store);
        let r = reminder_in(&store, today, crate::model::words::DocLanguage::En)
            .expect("reminder")
            .expect("two");
        assert_eq!(r.title, "2 things are due today");
        // On a German desktop, in German.
        let r = reminder_in(&store, today, crate::model::words::DocLanguage::De)
            .expect("reminder")
            .expect("two");
        assert_eq!(r.title, "Heute sind 2 Dinge fällig");
        assert!(r.body.contains("Wiedervorlage bei"), "{}", r.body);
        assert!(r.body.contains("Send the joint SOC offer"), "{}", r.body);
        // Nothing is ever due on a day far from the sample's.
        assert_eq!(
            super::reminder_in(
                &store,
                day("1990-01-01"),
                crate::model::words::DocLanguage::En
            )
            .expect("none"),
            None
        );
        let mut s = settings(&store).expect("settings");
        s.reminders = false;
        save_settings(&mut store, &s).expect("save");
        assert_eq!(
            super::reminder_in(&store, today, crate::model::words::DocLanguage::En).expect("off"),
            None
        );
    }

    #[test]
    fn choosing_a_book_refuses_what_opening_would_and_leaves_it_untouched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let current = dir.path().join("current.sqlite");
        drop(Store::open(&current).expect("open"));
        let letter = dir.path().join("letter.sqlite");
        std::fs::write(&letter, b"Dear partner, this is not a database.").expect("write");
        let err = choose_book(&letter, false, &current).expect_err("refused");
        assert_eq!(err.code(), "not_a_database");
        assert_eq!(
            std::fs::read(&letter).expect("read"),
            b"Dear partner, this is not a database."
        );
        let err =
            choose_book(&dir.path().join("nowhere.sqlite"), false, &current).expect_err("missing");
        assert_eq!(err.code(), "no_book");
        let err = choose_book(&current, false, &current).expect_err("same");
        assert_eq!(err.code(), "conflict");
        let err = choose_book(&current, true, &current).expect_err("exists");
        assert_eq!(err.code(), "conflict");
    }
}
