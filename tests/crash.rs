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
