//! The store's promises: how it opens, migrates, refuses bad files (leaving them byte-identical),
//! backs up and restores.

use std::fs;
use std::path::{Path, PathBuf};

use allybook_core::store::{self, APPLICATION_ID, SCHEMA_VERSION};
use allybook_core::{book, demo, Error, Store};
use chrono::NaiveDate;
use tempfile::TempDir;

const M1: &str = include_str!("../../src/store/migrations/0001_initial.sql");

fn tmp() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn demo_db(dir: &Path) -> PathBuf {
    let path = dir.join("book.sqlite");
    let mut s = Store::open(&path).expect("open");
    demo::load_as_of(&mut s, NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")).expect("demo");
    drop(s); // the last connection checkpoints the WAL into the main file
    path
}

fn prospect_names(path: &Path) -> Vec<String> {
    let s = Store::open(path).expect("open");
    let mut stmt = s
        .conn()
        .prepare("SELECT name FROM prospect ORDER BY id")
        .expect("prepare");
    let names = stmt
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<Vec<String>, _>>()
        .expect("rows");
    names
}

fn siblings(dir: &Path, containing: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().contains(containing))
        .filter(|p| p.extension().is_some_and(|e| e == "sqlite"))
        .collect();
    found.sort();
    found
}

/// Asserts that opening `path` fails with `code` and leaves the file byte-identical.
fn assert_refused(path: &Path, code: &str) -> Error {
    let before = fs::read(path).expect("read before");
    let err = Store::open(path).map(|_| ()).expect_err("must be refused");
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(
        fs::read(path).expect("read after"),
        before,
        "refused file was modified"
    );
    assert!(
        siblings(path.parent().expect("dir"), "migration").is_empty(),
        "no backup of a refused file"
    );
    err
}

#[test]
fn a_new_database_is_wal_with_foreign_keys_full_sync_and_the_latest_schema() {
    let dir = tmp();
    let path = dir.path().join("nested/dir/new.sqlite");
    let s = Store::open(&path).expect("open");
    let c = s.conn();
    let q = |sql: &str| -> String {
        c.query_row(sql, [], |r| r.get::<_, rusqlite_value::Value>(0))
            .map(|v| v.to_string())
            .expect(sql)
    };
    assert_eq!(q("PRAGMA journal_mode"), "wal");
    assert_eq!(q("PRAGMA foreign_keys"), "1");
    assert_eq!(q("PRAGMA synchronous"), "2", "FULL");
    assert_eq!(q("PRAGMA busy_timeout"), "5000");
    assert_eq!(q("PRAGMA user_version"), SCHEMA_VERSION.to_string());
    assert_eq!(q("PRAGMA application_id"), APPLICATION_ID.to_string());
    assert!(
        siblings(dir.path().join("nested/dir").as_path(), "migration").is_empty(),
        "a brand-new database has nothing to back up"
    );
    // FTS5 is compiled in (search builds on it).
    c.execute_batch("CREATE VIRTUAL TABLE temp.t USING fts5(x)")
        .expect("fts5 available");
}

/// Reads any SQLite value as text for the pragma checks above.
mod rusqlite_value {
    use allybook_core::rusqlite::types::{FromSql, FromSqlResult, ValueRef};
    pub struct Value(String);
    impl FromSql for Value {
        fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
            Ok(Value(match v {
                ValueRef::Integer(i) => i.to_string(),
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                other => format!("{other:?}"),
            }))
        }
    }
    impl std::fmt::Display for Value {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }
}

#[test]
fn an_older_schema_is_backed_up_then_migrated_one_transaction_per_migration() {
    let dir = tmp();
    let path = dir.path().join("book.sqlite");
    {
        let mut s = Store::open_with_migrations(&path, &[("0001", M1)]).expect("v1");
        s.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('user_name', 'Anna')",
                [],
            )?;
            Ok(())
        })
        .expect("write");
    }
    let v2 = (
        "0002",
        "ALTER TABLE prospect ADD COLUMN linkedin TEXT NOT NULL DEFAULT '';",
    );
    let s = Store::open_with_migrations(&path, &[("0001", M1), v2]).expect("migrate to v2");
    assert_eq!(store::schema_version(s.conn()).expect("version"), 2);
    s.conn()
        .execute("UPDATE prospect SET linkedin = ''", [])
        .expect("new column exists");
    drop(s);

    let backups = siblings(dir.path(), "before-v2-migration-v1");
    assert_eq!(backups.len(), 1, "one backup before migrating: {backups:?}");
    let b = Store::open_with_migrations(&backups[0], &[("0001", M1)]).expect("backup opens as v1");
    assert_eq!(store::schema_version(b.conn()).expect("v"), 1);
    assert_eq!(
        book::setting(b.conn(), "user_name").expect("setting"),
        Some("Anna".into())
    );

    // A failing migration stops at the last good version, with nothing half-applied.
    let bad = (
        "0003",
        "ALTER TABLE prospect ADD COLUMN x TEXT; SELECT no_such_function();",
    );
    let err = Store::open_with_migrations(&path, &[("0001", M1), v2, bad])
        .map(|_| ())
        .expect_err("bad migration fails");
    assert!(err.to_string().contains("migration 0003 failed"), "{err}");
    let s = Store::open_with_migrations(&path, &[("0001", M1), v2]).expect("still v2");
    assert_eq!(store::schema_version(s.conn()).expect("v"), 2);
    let has_x: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM pragma_table_info('prospect') WHERE name = 'x'",
            [],
            |r| r.get(0),
        )
        .expect("q");
    assert_eq!(has_x, 0, "the failed migration was rolled back whole");
}

#[test]
fn a_database_from_a_newer_allybook_is_refused_naming_both_versions() {
    let dir = tmp();
    let path = demo_db(dir.path());
    {
        let c = allybook_core::rusqlite::Connection::open(&path).expect("raw");
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 41)
            .expect("bump");
        c.pragma_update(None, "journal_mode", "DELETE")
            .expect("no wal");
    }
    let err = assert_refused(&path, "database_too_new");
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("schema version {}", SCHEMA_VERSION + 41)),
        "{msg}"
    );
    assert!(
        msg.contains(&format!("up to version {SCHEMA_VERSION}")),
        "{msg}"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = tmp();
    let path = dir.path().join("partners.sqlite");
    fs::write(
        &path,
        "Company name,Website\nMüller GmbH,mueller.example\n".repeat(200),
    )
    .expect("write");
    let err = assert_refused(&path, "not_a_database");
    assert!(err.to_string().contains("not a SQLite file"), "{err}");

    let short = dir.path().join("short.sqlite");
    fs::write(&short, b"SQLite format 3\0").expect("write");
    assert_refused(&short, "not_a_database");
}

/// The page size a database file's header gives (bytes 16–17, big-endian).
fn page_size(bytes: &[u8]) -> usize {
    usize::from(u16::from_be_bytes([bytes[16], bytes[17]]))
}

#[test]
fn a_new_book_uses_8_kib_pages() {
    let dir = tmp();
    let path = demo_db(dir.path());
    assert_eq!(page_size(&fs::read(&path).expect("read")), 8192);
}

#[test]
fn a_book_made_with_4_kib_pages_keeps_them_and_opens() {
    let dir = tmp();
    let path = demo_db(dir.path());
    let before = prospect_names(&path);
    {
        // What books written before 8 KiB pages look like.
        let c = allybook_core::rusqlite::Connection::open(&path).expect("raw");
        c.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM;")
            .expect("to 4 KiB");
    }
    assert_eq!(page_size(&fs::read(&path).expect("read")), 4096);
    let mut s = Store::open(&path).expect("opens");
    s.write(|tx| {
        tx.execute("UPDATE profile SET name = 'Still 4 KiB'", [])?;
        Ok(())
    })
    .expect("write");
    drop(s);
    assert_eq!(page_size(&fs::read(&path).expect("read")), 4096);
    assert_eq!(prospect_names(&path), before);
}

#[test]
fn a_truncated_database_is_refused_untouched() {
    let dir = tmp();
    let path = demo_db(dir.path());
    let bytes = fs::read(&path).expect("read");
    let page = page_size(&bytes);
    assert!(bytes.len() >= 8 * page, "demo db is big enough to truncate");
    // Cut at a page boundary (only the header notices) and mid-page.
    for cut in [bytes.len() / 2 / page * page, bytes.len() / 2 + 100] {
        fs::write(&path, &bytes[..cut]).expect("truncate");
        let err = assert_refused(&path, "corrupt_database");
        assert!(err.to_string().contains("truncated"), "{err}");
    }
}

#[test]
fn a_database_with_damaged_pages_is_refused_untouched() {
    let dir = tmp();
    let path = demo_db(dir.path());
    let mut bytes = fs::read(&path).expect("read");
    let page = page_size(&bytes);
    // Overwrite the middle of page 3 onwards (b-tree pages) with garbage, keep the header.
    for b in &mut bytes[2 * page + 8..4 * page] {
        *b = 0xA5;
    }
    fs::write(&path, &bytes).expect("write");
    assert_refused(&path, "corrupt_database");
    let report = store::check(&path).expect("check reports, does not fail");
    assert!(!report.sound);
    assert_ne!(report.integrity, ["ok"]);
}

#[test]
fn another_programs_sqlite_database_is_refused_untouched() {
    let dir = tmp();
    let path = dir.path().join("other.sqlite");
    {
        let c = allybook_core::rusqlite::Connection::open(&path).expect("raw");
        c.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');")
            .expect("other app");
    }
    assert_refused(&path, "foreign_database");
}

#[test]
fn backup_then_restore_brings_back_exactly_the_backed_up_book() {
    let dir = tmp();
    let path = demo_db(dir.path());
    let original = prospect_names(&path);
    assert_eq!(original.len(), 30);

    let copy = dir.path().join("copy.sqlite");
    Store::open(&path)
        .expect("open")
        .backup_to(&copy)
        .expect("backup");
    let again = Store::open(&path).expect("open").backup_to(&copy);
    assert_eq!(
        again.map(|_| ()).expect_err("no overwrite").code(),
        "conflict"
    );

    // Change the live book after the backup.
    {
        let mut s = Store::open(&path).expect("open");
        s.write(|tx| {
            tx.execute("UPDATE prospect SET name = 'Renamed' WHERE id = 1", [])?;
            Ok(())
        })
        .expect("write");
    }
    assert_eq!(prospect_names(&path)[0], "Renamed");

    let restored = store::restore(&path, &copy).expect("restore");
    assert_eq!(prospect_names(&path), original);
    assert_eq!(restored.schema_version, SCHEMA_VERSION);
    let previous = restored.previous.expect("the replaced book is kept");
    assert_eq!(prospect_names(&previous)[0], "Renamed");
    assert_eq!(store::check(&path).expect("check").integrity, ["ok"]);
}

#[test]
fn restore_refuses_a_bad_backup_and_keeps_the_current_book() {
    let dir = tmp();
    let path = demo_db(dir.path());
    let before = prospect_names(&path);
    let garbage = dir.path().join("garbage.sqlite");
    fs::write(&garbage, vec![0u8; 8192]).expect("write");
    let err = store::restore(&path, &garbage)
        .map(|_| ())
        .expect_err("refused");
    assert_eq!(err.code(), "not_a_database");
    assert_eq!(prospect_names(&path), before);
    assert!(siblings(dir.path(), "before-restore").is_empty());

    let missing = store::restore(&path, &dir.path().join("nope.sqlite"));
    assert_eq!(
        missing.map(|_| ()).expect_err("missing").code(),
        "not_found"
    );
    let itself = store::restore(&path, &path);
    assert_eq!(itself.map(|_| ()).expect_err("self").code(), "conflict");
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let dir = tmp();
    let mut s = Store::open(&dir.path().join("b.sqlite")).expect("open");
    let result: Result<(), Error> = s.write(|tx| {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('user_name', 'half')",
            [],
        )?;
        Err(Error::invalid("test", "abort after the first statement"))
    });
    assert!(result.is_err());
    assert_eq!(book::setting(s.conn(), "user_name").expect("q"), None);
}

#[test]
fn the_sample_book_covers_the_pipeline_scripts_contracts_and_deals() {
    let dir = tmp();
    let path = demo_db(dir.path());
    let mut s = Store::open(&path).expect("open");
    let names = prospect_names(&path);
    assert!(names.iter().any(|n| n == "Müller Netzwerktechnik GmbH"));
    assert!(names.iter().any(|n| n == "Σύμβουλοι Δικτύων Α.Ε."));
    assert!(names.iter().any(|n| n == "東京ネットワーク株式会社"));

    let overview = book::overview(&s).expect("overview");
    assert!(!overview.first_run);
    assert_eq!(overview.prospects, 30);
    assert!(
        overview.stages.iter().all(|c| c.count > 0),
        "every stage has someone: {:?}",
        overview.stages
    );
    let c = s.conn();
    let q = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).expect(sql) };
    assert!(q("SELECT count(*) FROM contract") >= 1);
    assert!(
        q("SELECT max(n) FROM (SELECT count(*) n FROM contract_version GROUP BY contract_id)") >= 2
    );
    assert!(q("SELECT count(*) FROM opportunity") >= 3);
    assert!(q("SELECT count(*) FROM contact") >= 30);
    assert!(q("SELECT count(*) FROM activity WHERE follow_up_on IS NOT NULL") > 0);
    assert!(q("SELECT count(*) FROM lead_registration WHERE conflict_with IS NOT NULL") == 1);
    assert_eq!(
        q("SELECT count(*) FROM pragma_foreign_key_check"),
        0,
        "no dangling references"
    );

    let again = demo::load(&mut s)
        .map(|_| ())
        .expect_err("only into an empty book");
    assert_eq!(again.code(), "conflict");
    assert!(again.to_string().contains("30 prospects"), "{again}");
}

#[test]
fn a_signed_contract_version_is_frozen_by_the_schema() {
    let dir = tmp();
    let path = demo_db(dir.path());
    let mut s = Store::open(&path).expect("open");
    let err = s
        .write(|tx| {
            tx.execute(
                "UPDATE contract_version SET share_bp = 5000 WHERE status = 'signed'",
                [],
            )?;
            Ok(())
        })
        .map(|_| ())
        .expect_err("frozen");
    assert!(err.to_string().contains("frozen"), "{err}");
}

#[test]
fn profile_saves_validated_and_round_trips() {
    let dir = tmp();
    let mut s = Store::open(&dir.path().join("p.sqlite")).expect("open");
    assert!(book::overview(&s).expect("o").first_run);
    let mut p = book::profile(s.conn()).expect("default profile");
    p.name = "Keystone <b>IT</b>'; DROP TABLE prospect; --".into();
    p.currency = "EUR".into();
    p.gaps = vec!["Cisco networking".into(), " ".into(), "OT security".into()];
    let saved = book::save_profile(&mut s, &p).expect("save");
    assert_eq!(saved.name, p.name, "stored verbatim");
    assert_eq!(saved.gaps, ["Cisco networking", "OT security"]);
    assert!(saved.updated_at.is_some());
    assert!(!book::overview(&s).expect("o").first_run);

    p.currency = "euro".into();
    let err = book::save_profile(&mut s, &p)
        .map(|_| ())
        .expect_err("invalid");
    match err {
        Error::Fields(f) => assert_eq!(f[0].field, "currency"),
        other => panic!("expected field errors, got {other}"),
    }
    assert_eq!(
        book::profile(s.conn()).expect("p").currency,
        "EUR",
        "nothing written"
    );
}

#[test]
fn prospects_page_through_the_store_by_stage() {
    let dir = tmp();
    let path = demo_db(dir.path());
    let s = Store::open(&path).expect("open");
    let page = |stage, offset, limit| {
        book::list_prospects(
            s.conn(),
            &allybook_core::domain::ProspectQuery {
                stage,
                offset,
                limit,
                ..Default::default()
            },
        )
        .expect("page")
    };
    let first = page(None, 0, 10);
    assert_eq!(first.total, 30);
    assert_eq!(first.items.len(), 10);
    let rest = page(None, 10, 50);
    assert_eq!(rest.items.len(), 20);
    assert!(first
        .items
        .iter()
        .all(|a| rest.items.iter().all(|b| a.id != b.id)));
    let vetting = page(Some(allybook_core::domain::Stage::Vetting), 0, 50);
    assert!(vetting.total > 0);
    assert!(vetting
        .items
        .iter()
        .all(|p| p.stage == allybook_core::domain::Stage::Vetting));
    let huge = page(None, 0, 1_000_000);
    assert_eq!(huge.items.len(), 30, "limit is clamped, not refused");
}

#[test]
fn every_combination_of_list_filters_matches_the_prospects_it_names() {
    use allybook_core::domain::{ProspectQuery, Stage};
    use std::collections::BTreeSet;
    let dir = tmp();
    let path = demo_db(dir.path());
    let mut s = Store::open(&path).expect("open");
    // The sample book has no free tags: give every third prospect one.
    s.write(|tx| {
        tx.execute(
            "INSERT INTO prospect_item (prospect_id, kind, value)
             SELECT id, 'tag', 'shortlist-2027' FROM prospect WHERE id % 3 = 0",
            [],
        )?;
        Ok(())
    })
    .expect("tags");
    let ids = |sql: &str, arg: &str| -> BTreeSet<i64> {
        let mut stmt = s.conn().prepare(sql).expect("sql");
        let rows = stmt.query_map([arg], |r| r.get(0)).expect("rows");
        rows.map(|r| r.expect("id")).collect()
    };
    let live = ids(
        "SELECT id FROM prospect WHERE archived_at IS NULL AND merged_into IS NULL AND ?1 = ?1",
        "",
    );
    // One value of each filter that the sample book holds, and the prospects it names.
    let pick = |sql: &str| -> String {
        s.conn()
            .query_row(sql, [], |r| r.get(0))
            .expect("a value to filter by")
    };
    // The region filter takes in what lies inside the region: written out by hand for the sample
    // book's places in DACH.
    let region = "DACH".to_string();
    let vertical = pick("SELECT value FROM prospect_item WHERE kind = 'vertical' GROUP BY value ORDER BY count(*) DESC");
    let tag = pick(
        "SELECT value FROM prospect_item WHERE kind = 'tag' GROUP BY value ORDER BY count(*) DESC",
    );
    let cert = pick("SELECT vendor FROM certification WHERE prospect_id IS NOT NULL GROUP BY vendor ORDER BY count(*) DESC");
    let item = "SELECT prospect_id FROM prospect_item WHERE kind = ?1 AND value = ?2";
    let by_item = |kind: &str, value: &str| -> BTreeSet<i64> {
        let mut stmt = s.conn().prepare(item).expect("sql");
        let rows = stmt.query_map([kind, value], |r| r.get(0)).expect("rows");
        rows.map(|r| r.expect("id")).collect()
    };
    let stage_ids = ids("SELECT id FROM prospect WHERE stage = ?1", "vetting");
    let region_ids = ids(
        "SELECT id FROM prospect WHERE country IN ('Germany', 'Austria', 'Switzerland')
         OR id IN (SELECT prospect_id FROM prospect_item WHERE kind = 'region' AND value IN
                   ('DACH', 'Germany', 'Austria', 'Switzerland', 'Bavaria', 'Baden-Württemberg'))
         OR ?1 = ''",
        "x",
    );
    let vertical_ids = by_item("vertical", &vertical);
    let tag_ids = by_item("tag", &tag);
    let cert_ids = ids(
        "SELECT prospect_id FROM certification WHERE name = ?1 OR vendor = ?1",
        &cert,
    );
    let min_ids = ids(
        "SELECT id FROM prospect WHERE fit_score >= 40 AND ?1 = ?1",
        "",
    );
    let max_ids = ids(
        "SELECT id FROM prospect WHERE fit_score <= 70 AND ?1 = ?1",
        "",
    );
    let mut non_empty = 0;
    for mask in 0u32..128 {
        let on = |bit: u32| mask & (1 << bit) != 0;
        let q = ProspectQuery {
            stage: on(0).then_some(Stage::Vetting),
            region: on(1).then(|| region.clone()),
            vertical: on(2).then(|| vertical.clone()),
            tag: on(3).then(|| tag.clone()),
            certification: on(4).then(|| cert.clone()),
            min_score: on(5).then_some(40),
            max_score: on(6).then_some(70),
            limit: 200,
            ..ProspectQuery::default()
        };
        let mut expected = live.clone();
        for (bit, set) in [
            (0, &stage_ids),
            (1, &region_ids),
            (2, &vertical_ids),
            (3, &tag_ids),
            (4, &cert_ids),
            (5, &min_ids),
            (6, &max_ids),
        ] {
            if on(bit) {
                expected = expected.intersection(set).copied().collect();
            }
        }
        let page = book::list_prospects(s.conn(), &q).expect("page");
        let got: BTreeSet<i64> = page.items.iter().map(|p| p.id).collect();
        assert_eq!(got, expected, "filters {mask:07b}: {q:?}");
        assert_eq!(page.total, expected.len() as i64, "total for {mask:07b}");
        non_empty += usize::from(!expected.is_empty());
    }
    assert!(
        non_empty > 20,
        "the sample book exercises the filters ({non_empty} non-empty)"
    );
}

#[test]
fn partial_copies_of_a_killed_backup_are_removed_at_the_next_start() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("book.sqlite");
    drop(Store::open(&db).expect("create"));
    // A backup killed mid-copy (its PID is gone), and one still running (this process).
    let dead = dir.path().join("book.copy.partial-4194305");
    let dead_journal = dir.path().join("book.copy.partial-4194305-journal");
    let live = dir
        .path()
        .join(format!("book.copy.partial-{}", std::process::id()));
    let other = dir.path().join("notes.partial-4194305");
    for f in [&dead, &dead_journal, &live, &other] {
        fs::write(f, b"partial").expect("write");
    }
    drop(Store::open(&db).expect("reopen"));
    assert!(
        !dead.exists() && !dead_journal.exists(),
        "stale partial removed"
    );
    assert!(live.exists(), "a running backup's file is kept");
    assert!(
        other.exists(),
        "only the book's own partial copies are touched"
    );
}

#[test]
fn a_write_while_another_holds_the_book_names_it_and_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("book.sqlite");
    let a = Store::open(&db).expect("a");
    let mut b = Store::open(&db).expect("b");
    a.conn().execute_batch("BEGIN IMMEDIATE").expect("a writes");
    let e = b
        .write(|tx| {
            tx.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')", [])?;
            Ok(())
        })
        .map(|_| ())
        .expect_err("busy");
    assert_eq!(e.code(), "busy");
    let msg = e.to_string();
    assert!(
        msg.contains("another Allybook is writing") && msg.contains("book.sqlite"),
        "{msg}"
    );
    assert!(msg.contains("try again"), "{msg}");
    a.conn().execute_batch("ROLLBACK").expect("a done");
    b.write(|tx| {
        tx.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')", [])?;
        Ok(())
    })
    .expect("then it works");
}

#[test]
fn a_book_with_schema_objects_allybook_did_not_create_is_refused_untouched() {
    let hostile = [
        (
            "evil_trigger",
            "CREATE TRIGGER evil_trigger AFTER INSERT ON prospect BEGIN DELETE FROM contact; END",
        ),
        (
            "contract",
            "ALTER TABLE contract RENAME TO contract_real;
             CREATE VIEW contract AS SELECT id, 'Spoofed GmbH' AS title FROM contract_real",
        ),
        (
            "shadow_trigger",
            "CREATE TRIGGER shadow_trigger AFTER INSERT ON activity BEGIN
                 DELETE FROM search_index_data; END",
        ),
        (
            "prospect_fit",
            "DROP INDEX prospect_fit; CREATE INDEX prospect_fit ON prospect(fit_score)",
        ),
    ];
    for (object, sql) in hostile {
        let dir = tmp();
        let path = demo_db(dir.path());
        {
            let c = rusqlite::Connection::open(&path).expect("raw");
            c.execute_batch("PRAGMA legacy_alter_table = ON")
                .expect("legacy");
            c.execute_batch(sql).expect(object);
            c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .expect("checkpoint");
        }
        let err = assert_refused(&path, "corrupt_database");
        assert!(err.to_string().contains(object), "{object}: {err}");
        assert!(err.to_string().contains("schema"), "{err}");
        let report = store::check(&path).expect("check");
        assert!(!report.sound, "{object}: check says unsound");

        // Nor can it come in as a backup.
        let book = dir.path().join("mine.sqlite");
        drop(Store::open(&book).expect("mine"));
        let mine = fs::read(&book).expect("read");
        let e = store::restore(&book, &path)
            .map(|_| ())
            .expect_err("restore refused");
        assert!(e.to_string().contains(object), "{object}: {e}");
        assert_eq!(
            fs::read(&book).expect("read"),
            mine,
            "the current book is kept as it was"
        );
    }
}

#[test]
fn a_backup_with_another_page_size_restores() {
    let dir = tmp();
    let backup_dir = dir.path().join("old");
    fs::create_dir(&backup_dir).expect("mkdir");
    let old = demo_db(&backup_dir);
    {
        // A backup from before 8 KiB pages, with a change of its own.
        let c = allybook_core::rusqlite::Connection::open(&old).expect("raw");
        c.execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM;
             UPDATE profile SET name = 'From the old backup';",
        )
        .expect("to 4 KiB");
    }
    let want = prospect_names(&old);
    let book = dir.path().join("book.sqlite");
    {
        let mut s = Store::open(&book).expect("new book, 8 KiB pages");
        demo::load(&mut s).expect("demo");
    }
    assert_eq!(page_size(&fs::read(&book).expect("read")), 8192);
    let r = store::restore(&book, &old).expect("restores across page sizes");
    assert!(
        r.previous.as_ref().is_some_and(|p| p.exists()),
        "the book before is kept"
    );
    let s = Store::open(&book).expect("opens");
    let name: String = s
        .conn()
        .query_row("SELECT name FROM profile", [], |r| r.get(0))
        .expect("profile");
    assert_eq!(name, "From the old backup");
    assert_eq!(s.integrity().expect("check"), vec!["ok"]);
    let mode: String = s
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    drop(s);
    assert_eq!(prospect_names(&book), want);
    let stray: Vec<_> = fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

/// The text encoding a database file's header gives (bytes 56–59: 1 UTF-8, 2 UTF-16le, 3 UTF-16be).
fn text_encoding(path: &Path) -> u32 {
    let bytes = fs::read(path).expect("read");
    u32::from_be_bytes([bytes[56], bytes[57], bytes[58], bytes[59]])
}

#[test]
fn a_backup_in_another_text_encoding_restores() {
    let dir = tmp();
    // A book written by a SQLite set to UTF-16 (another tool made the empty file), with names
    // in scripts that take two UTF-16 units.
    let old = dir.path().join("utf16.sqlite");
    {
        let c = allybook_core::rusqlite::Connection::open(&old).expect("raw");
        c.execute_batch("PRAGMA encoding = 'UTF-16le'; CREATE TABLE t(x); DROP TABLE t; VACUUM;")
            .expect("utf-16 file");
    }
    {
        let mut s = Store::open(&old).expect("an empty file is ours to initialise");
        demo::load(&mut s).expect("demo");
        s.write(|tx| {
            tx.execute("UPDATE profile SET name = 'مؤسسة الشبكات 𝔸𝕃𝕃𝕐 ไทย'", [])?;
            Ok(())
        })
        .expect("write");
    }
    assert_eq!(text_encoding(&old), 2, "the backup is UTF-16le");
    let want = prospect_names(&old);

    let book = dir.path().join("book.sqlite");
    {
        let mut s = Store::open(&book).expect("a UTF-8 book");
        demo::load(&mut s).expect("demo");
    }
    assert_eq!(text_encoding(&book), 1);
    store::restore(&book, &old).expect("restores across encodings");
    let s = Store::open(&book).expect("opens");
    let name: String = s
        .conn()
        .query_row("SELECT name FROM profile", [], |r| r.get(0))
        .expect("profile");
    assert_eq!(name, "مؤسسة الشبكات 𝔸𝕃𝕃𝕐 ไทย");
    assert_eq!(s.integrity().expect("check"), vec!["ok"]);
    // The search index came across too.
    let hits = allybook_core::search::search(s.conn(), "Fjord", 10).expect("search");
    assert!(
        !hits.is_empty(),
        "search finds the demo's Fjord Identity AS"
    );
    drop(s);
    assert_eq!(prospect_names(&book), want);
    let stray: Vec<_> = fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}
