//! Crash safety: `allybook stress` commits one transaction at a time and reports each commit on
//! stdout; we SIGKILL it at random moments and prove, after every kill, that the database passes
//! integrity_check and holds every transaction that was reported committed, each whole.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use allybook_core::{store, Store};
use rand::Rng;

const ROUNDS: usize = 25;

fn stress_rows(db: &std::path::Path) -> (i64, i64) {
    let s = Store::open(db).expect("reopen after kill");
    let c = s.conn();
    let prospects = c
        .query_row(
            "SELECT count(*) FROM prospect WHERE source = 'stress'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    let notes = c
        .query_row(
            "SELECT count(*) FROM activity a JOIN prospect p ON p.id = a.prospect_id
             WHERE p.source = 'stress'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    (prospects, notes)
}

#[test]
fn killing_the_writer_at_random_moments_loses_no_committed_transaction() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crash.sqlite");
    drop(Store::open(&db).expect("create"));
    let mut rng = rand::rng();
    let mut expected: i64 = 0;
    let mut reported_per_round = Vec::new();
    let mut in_flight_survived = 0;

    for round in 1..=ROUNDS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_allybook"))
            .args([
                "--db",
                db.to_str().expect("path"),
                "stress",
                "--count",
                "1000000",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start allybook stress");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            let mut last = 0i64;
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("committed ") {
                    last = n.parse().expect("a commit number");
                }
            }
            last
        });
        // Kill somewhere between start-up and a few hundred commits in.
        let delay = Duration::from_millis(rng.random_range(30..600));
        let started = Instant::now();
        std::thread::sleep(delay);
        child.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix
        let status = child.wait().expect("reap");
        assert!(!status.success(), "round {round}: the writer was killed");
        let reported = reader.join().expect("reader");

        let report = store::check(&db).expect("check after kill");
        assert_eq!(
            report.integrity,
            ["ok"],
            "round {round}: integrity after kill"
        );
        let (prospects, notes) = stress_rows(&db);
        assert_eq!(
            prospects, notes,
            "round {round}: every transaction whole (prospect + note)"
        );
        // Every reported commit is there; at most one more (committed, killed before printing).
        assert!(
            prospects >= expected + reported,
            "round {round}: {} committed transactions reported, only {} found",
            expected + reported,
            prospects
        );
        assert!(
            prospects <= expected + reported + 1,
            "round {round}: more rows than commits"
        );
        in_flight_survived += prospects - (expected + reported);
        expected = prospects;
        reported_per_round.push((reported, started.elapsed().as_millis()));
    }
    let total: i64 = reported_per_round.iter().map(|(n, _)| n).sum();
    eprintln!(
        "crash test: {ROUNDS} SIGKILLs, {total} reported commits all present, \
         {in_flight_survived} unreported-but-committed in flight, integrity ok every time; \
         per round (commits, ms before kill): {reported_per_round:?}"
    );
    assert!(
        reported_per_round.iter().filter(|(n, _)| *n > 0).count() >= ROUNDS / 2,
        "most rounds were killed mid-stream, not before the first commit"
    );
}

/// Whether this process may mount a small tmpfs in a private mount namespace (`unshare -rm`:
/// root, or unprivileged user namespaces); the mount vanishes with the namespace.
fn can_mount_privately() -> bool {
    Command::new("unshare")
        .args([
            "-rm",
            "sh",
            "-c",
            "d=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs \"$d\"",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_real_full_disk_fails_the_import_cleanly_and_the_book_opens_once_space_is_back() {
    if !can_mount_privately() {
        println!("note: cannot mount a private tmpfs here (unshare -rm); the real-disk-full test is skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let bin = env!("CARGO_BIN_EXE_allybook");
    let seed = dir.path().join("seed.sqlite");
    let o = Command::new(bin)
        .args(["--db", seed.to_str().expect("path"), "demo"])
        .output()
        .expect("demo");
    assert!(o.status.success());
    let mut csv = String::from("Company name,Website,Description\n");
    for i in 0..40_000 {
        csv.push_str(&format!(
            "Firm {i} GmbH,firm-{i}.example,Managed services, backup and identity for firm {i} in Bavaria\n"
        ));
    }
    let big = dir.path().join("big.csv");
    std::fs::write(&big, csv).expect("csv");
    let small = dir.path().join("small");
    std::fs::create_dir(&small).expect("mkdir");
    // Inside a private mount namespace: a 3 MB disk holding the book and a 1 MB filler. The
    // import fills it; the filler is removed ("free space"); the book must open, check sound
    // and back up, with every prospect it had.
    let script = r#"
        set -u
        mount -t tmpfs -o size=3m tmpfs "$SMALL" || exit 90
        cp "$SEED" "$SMALL/b.sqlite"
        head -c 1048576 /dev/zero > "$SMALL/filler"
        echo "== import"; "$BIN" --db "$SMALL/b.sqlite" import prospects "$BIG" 2>&1; echo "rc=$?"
        rm -f "$SMALL/filler"
        echo "== check"; "$BIN" --db "$SMALL/b.sqlite" check 2>&1; echo "rc=$?"
        echo "== prospects"; "$BIN" --db "$SMALL/b.sqlite" prospects --json 2>&1 | head -c 200; echo; echo "rc=$?"
        echo "== backup"; "$BIN" --db "$SMALL/b.sqlite" backup "$OUT/after.sqlite" 2>&1; echo "rc=$?"
    "#;
    let o = Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .env("SMALL", &small)
        .env("SEED", &seed)
        .env("BIG", &big)
        .env("BIN", bin)
        .env("OUT", dir.path())
        .output()
        .expect("unshare");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let section = |name: &str| {
        out.split(&format!("== {name}\n"))
            .nth(1)
            .and_then(|s| s.split("\n== ").next())
            .unwrap_or_default()
            .to_string()
    };
    let import = section("import");
    assert!(import.contains("rc=1"), "the import fails: {out}");
    assert!(
        import.contains("the disk is full") && import.contains("nothing was changed"),
        "says what and what next: {import}"
    );
    assert!(!import.contains("panicked"), "{import}");
    let check = section("check");
    assert!(
        check.contains("rc=0") && check.contains("is sound"),
        "opens once space is back: {out}"
    );
    assert!(section("prospects").contains("rc=0"), "{out}");
    assert!(section("backup").contains("rc=0"), "{out}");
    // The backup holds exactly the book before the failed import.
    let before = store::check(&seed).expect("seed").prospects;
    let after = store::check(&dir.path().join("after.sqlite"))
        .expect("after")
        .prospects;
    assert_eq!(after, before, "nothing was changed");
}
