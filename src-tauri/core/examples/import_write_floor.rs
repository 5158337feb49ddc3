//! The write an import cannot avoid, alone: the rows a first import just made, put back into
//! `prospect` with one `INSERT … SELECT` from memory — no file read, no validation, no scoring,
//! no history, no commit — as the import does it (the bulk flag set, the triggers and the four
//! ranking and de-duplication indexes in place), then without the indexes, then without the
//! triggers too. `tests/bench/import.sh` runs it on the book its first import made and compares
//! the medians with the `sqlite3 .import` floor of the same run (BENCHMARKS.md, issue 10).
//!
//! Usage: `cargo run --release -p allybook-core --example import_write_floor -- BOOK [RUNS]`.
//! BOOK is copied first; the copy's rows are moved to a temporary table, and every timed write
//! is rolled back.

use std::time::Instant;

use rusqlite::Connection;

const INDEXES: [&str; 4] = [
    "prospect_domain",
    "prospect_name_norm",
    "prospect_fit",
    "prospect_stage_fit",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let book = args.next().ok_or("usage: import_write_floor BOOK [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(5);
    let dir = tempfile::tempdir()?;
    let copy = dir.path().join("book.sqlite");
    {
        // A consistent copy, WAL included.
        let source = Connection::open(&book)?;
        source.backup(rusqlite::MAIN_DB, &copy, rusqlite::backup::NO_PROGRESS)?;
    }
    let conn = Connection::open(&copy)?;
    // The pragmas of `store::configure` that bear on writing.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;",
    )?;
    // Move the rows aside (a scratch copy: foreign keys off while it is emptied; the search
    // index first, so its delete trigger finds nothing to scan).
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         CREATE TEMP TABLE stage AS SELECT * FROM prospect;
         BEGIN;
         DELETE FROM search_index; DELETE FROM search_pending; DELETE FROM stage_move;
         DELETE FROM prospect_item; DELETE FROM prospect;
         COMMIT;
         PRAGMA foreign_keys = ON;",
    )?;
    let rows: i64 = conn.query_row("SELECT count(*) FROM temp.stage", [], |r| r.get(0))?;
    let insert = "INSERT INTO prospect SELECT * FROM temp.stage ORDER BY id;";
    let no_indexes: String = INDEXES.iter().map(|i| format!("DROP INDEX {i};")).collect();
    let cases = [
        (
            "as the import does it",
            format!("INSERT INTO settings (key, value) VALUES ('bulk_import', '1'); {insert}"),
        ),
        (
            "without the four indexes",
            format!(
                "INSERT INTO settings (key, value) VALUES ('bulk_import', '1'); {no_indexes} {insert}"
            ),
        ),
        (
            "without the indexes and triggers",
            format!("DROP TRIGGER search_prospect_ai; DROP TRIGGER sync_prospect_ai; {no_indexes} {insert}"),
        ),
    ];
    let mut times = vec![Vec::new(); cases.len()];
    for _ in 0..runs {
        for (i, (_, sql)) in cases.iter().enumerate() {
            conn.execute_batch("BEGIN IMMEDIATE")?;
            // The DDL before the insert is not timed.
            let (setup, timed) = sql.rsplit_once("INSERT INTO prospect").ok_or("no insert")?;
            conn.execute_batch(setup)?;
            let started = Instant::now();
            conn.execute_batch(&format!("INSERT INTO prospect{timed}"))?;
            times[i].push(started.elapsed().as_secs_f64() * 1e3);
            conn.execute_batch("ROLLBACK")?;
        }
    }
    println!("rows: {rows}");
    for ((name, _), mut t) in cases.iter().zip(times) {
        t.sort_by(f64::total_cmp);
        let runs: Vec<String> = t.iter().map(|ms| format!("{ms:.0}")).collect();
        println!("{name}: {:.0} ms [{}]", t[t.len() / 2], runs.join(" "));
    }
    Ok(())
}
