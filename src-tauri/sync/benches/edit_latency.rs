//! How long one edit takes to reach another laptop's book (issue 16: ≤ 1 s), on loopback with
//! the sample book: the window's way (a connection kept open between rounds, `Link`) against
//! the way `sync --once` works (each round connects and loads the documents anew), alternating
//! in one run. `cargo bench -p allybook-sync --bench edit_latency [-- RUNS]`.
//!
//! Measured from the edit being saved on laptop A to laptop B's book holding it: A's round,
//! the relay passing the change on, B noticing it (polled every millisecond here; the window
//! polls every 100 ms) and B's round. The window adds up to 100 ms on each side for its
//! background tick and up to 250 ms for the page to notice the book changed.

use std::time::{Duration, Instant};

use allybook_core::domain::ProspectInput;
use allybook_core::team::{Exclusive, TeamLink};
use allybook_core::{book, demo, Store};

fn set_next_step(s: &mut Store, id: i64, next: &str) {
    let mut input: ProspectInput = book::prospect_detail(s.conn(), id)
        .expect("detail")
        .prospect;
    input.id = Some(id);
    input.next_step = next.into();
    book::save_prospect(s, &input).expect("save");
}

fn next_step(s: &Store, name: &str) -> String {
    s.conn()
        .query_row(
            "SELECT next_step FROM prospect WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .expect("next step")
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(15);
    let dir = tempfile::tempdir().expect("tmp");
    let (tx, rx) = std::sync::mpsc::channel();
    let data = dir.path().join("relay");
    std::thread::spawn(move || {
        let _ = allybook_sync::relay::run("127.0.0.1:0", data, None, |url| {
            let _ = tx.send(url);
        });
    });
    let relay = rx.recv().expect("relay");
    let mut a = Store::open(&dir.path().join("a.sqlite")).expect("a");
    book::set_user_name(&mut a, "Anna").expect("name");
    demo::load(&mut a).expect("demo");
    let invite = allybook_sync::create(&mut a, &relay, None).expect("create");
    let mut b = Store::open(&dir.path().join("b.sqlite")).expect("b");
    allybook_sync::join(&mut b, &invite, Some("Ben")).expect("join");
    let (id, name): (i64, String) = a
        .conn()
        .query_row(
            "SELECT id, name FROM prospect ORDER BY name LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a prospect");

    let (la, lb) = (
        allybook_sync::Link::default(),
        allybook_sync::Link::default(),
    );
    la.sync(&Exclusive::new(&mut a)).expect("first round");
    lb.sync(&Exclusive::new(&mut b)).expect("first round");

    let (mut kept, mut anew) = (Vec::new(), Vec::new());
    for run in 0..runs {
        // Kept open (the window).
        let plan = format!("kept {run}");
        let start = Instant::now();
        set_next_step(&mut a, id, &plan);
        la.sync(&Exclusive::new(&mut a)).expect("round");
        while !lb.pending() {
            assert!(start.elapsed() < Duration::from_secs(30), "never arrived");
            std::thread::sleep(Duration::from_millis(1));
        }
        lb.sync(&Exclusive::new(&mut b)).expect("round");
        assert_eq!(next_step(&b, &name), plan);
        kept.push(start.elapsed().as_secs_f64() * 1000.0);

        // Anew each round (`sync --once` on each laptop).
        let plan = format!("anew {run}");
        let start = Instant::now();
        set_next_step(&mut a, id, &plan);
        allybook_sync::sync_once(&mut a).expect("round");
        allybook_sync::sync_once(&mut b).expect("round");
        assert_eq!(next_step(&b, &name), plan);
        anew.push(start.elapsed().as_secs_f64() * 1000.0);
        // The kept connections take what the rounds above sent before the next run.
        la.sync(&Exclusive::new(&mut a)).expect("round");
        lb.sync(&Exclusive::new(&mut b)).expect("round");
    }
    let (k, n) = (median(kept.clone()), median(anew.clone()));
    let show = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.0}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!("one edit, sample book, loopback, {runs} runs each, alternating");
    println!(
        "connection kept open (window): median {k:.0} ms  [{}]",
        show(&kept)
    );
    println!(
        "connect anew each round (sync --once): median {n:.0} ms  [{}]",
        show(&anew)
    );
    println!("ratio kept / anew: {:.2}", k / n);
}
