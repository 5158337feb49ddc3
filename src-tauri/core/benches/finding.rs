//! At 100,000 prospects: a ranked, filtered page of 50 and a search, in-process.
//! Run with `cargo bench -p allybook-core --bench finding` (needs tests/bench/gen_hubspot.py's
//! CSV at $ALLYBOOK_BENCH_CSV, or generates it with python3). See BENCHMARKS.md.

use std::path::PathBuf;
use std::process::Command;

use allybook_core::domain::{ProspectQuery, ProspectSort, Stage};
use allybook_core::import::{self, ImportOptions};
use allybook_core::{book, demo, search, Store};
use criterion::{criterion_group, criterion_main, Criterion};

fn csv_path() -> PathBuf {
    if let Some(p) = std::env::var_os("ALLYBOOK_BENCH_CSV") {
        return PathBuf::from(p);
    }
    let out = std::env::temp_dir().join("allybook-bench-100k.csv");
    if !out.exists() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let data = Command::new("python3")
            .arg(root.join("tests/bench/gen_hubspot.py"))
            .arg("100000")
            .output()
            .expect("python3 tests/bench/gen_hubspot.py");
        std::fs::write(&out, data.stdout).expect("write csv");
    }
    out
}

fn finding(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("bench.sqlite")).expect("open");
    // The sample book gives a profile to score against (and 30 prospects in every stage).
    demo::load(&mut store).expect("demo");
    let bytes = std::fs::read(csv_path()).expect("csv");
    let report =
        import::import(&mut store, &bytes, "bench.csv", &ImportOptions::default()).expect("import");
    assert_eq!(report.imported, 100_000);

    let page = ProspectQuery {
        stage: Some(Stage::LongList),
        min_score: Some(20),
        sort: ProspectSort::Score,
        offset: 0,
        limit: 50,
        ..ProspectQuery::default()
    };
    c.bench_function("ranked filtered page of 50 (100k prospects)", |b| {
        b.iter(|| book::list_prospects(store.conn(), &page).expect("page"))
    });
    // The deep page: the whole long-list ranked (no score filter), 50,000 rows down.
    let deep = ProspectQuery {
        min_score: None,
        offset: 50_000,
        ..page.clone()
    };
    assert_eq!(
        book::list_prospects(store.conn(), &deep)
            .expect("page")
            .items
            .len(),
        50,
        "the deep page is full"
    );
    c.bench_function("ranked page at offset 50,000 (100k prospects)", |b| {
        b.iter(|| book::list_prospects(store.conn(), &deep).expect("page"))
    });
    let board = || allybook_core::pipeline::board(store.conn(), 60).expect("board");
    assert_eq!(board()[0].cards.len(), 60);
    c.bench_function("board, 60 cards a column (100k prospects)", |b| {
        b.iter(board)
    });
    c.bench_function("search 'muller' (100k prospects)", |b| {
        b.iter(|| search::search(store.conn(), "muller", 20).expect("search"))
    });
    c.bench_function("search as typed 'net' (100k prospects)", |b| {
        b.iter(|| search::search(store.conn(), "net", 20).expect("search"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = finding
}
criterion_main!(benches);
