//! Issue 16, measured before it is built on: what Automerge (the engine `../shared/team-sync.md`
//! recommends, through samod) costs for a team book, by how records are grouped into documents:
//! one document per prospect (merges stay per record; 100,000 prospects are 100,000 documents)
//! against buckets of many prospects per document (a map keyed by the prospect's global id).
//!
//! For each grouping: building the documents for N prospects (≈15 fields and a few list items,
//! like an imported CRM row), their saved size against the same rows as JSON, a new laptop
//! receiving all of them through Automerge's sync protocol (in memory: the engine's cost without
//! the network), and one edit reaching a laptop that has everything. It also checks the
//! semantics the design relies on: two laptops setting the same field concurrently keep both
//! values (`get_all`), the same on both sides, and one new write resolves them.
//!
//! Usage: cargo run --release -p allybook-bench-sync-spike -- [N] [BUCKET]

use std::time::Instant;

use automerge::sync::{self, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, ObjType, ReadDoc, ScalarValue, ROOT};

const FIELDS: [&str; 12] = [
    "name",
    "domain",
    "country",
    "region",
    "city",
    "stage",
    "employees",
    "industry",
    "phone",
    "description",
    "source",
    "owner",
];

/// Text that varies like real records do (a fixed pseudo-random sequence per record and field),
/// so the saved documents are not flattered by repetition.
fn words(i: usize, f: &str, n: usize) -> String {
    let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (f.len() as u64 * 0x1234_5678);
    let mut out = Vec::new();
    for _ in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let len = 3 + (x % 7) as usize;
        out.push(
            (0..len)
                .map(|k| (b'a' + ((x >> (k * 5)) % 26) as u8) as char)
                .collect::<String>(),
        );
    }
    out.join(" ")
}

fn field_value(i: usize, f: &str) -> String {
    match f {
        "name" => format!("{} GmbH", words(i, f, 2)),
        "domain" => format!("{}.example", words(i, f, 1)),
        "country" => ["DE", "AT", "CH", "NL", "FR"][i % 5].into(),
        "stage" => "long_list".into(),
        "employees" => format!("{}", 10 + i % 400),
        "description" => format!(
            "Managed services: Microsoft 365, Azure. {}",
            words(i, f, 12)
        ),
        "phone" => format!("+49 89 {}", 1_000_000 + (i * 7919) % 9_000_000),
        _ => words(i, f, 1),
    }
}

fn put_prospect(doc: &mut AutoCommit, at: &automerge::ObjId, i: usize) {
    for f in FIELDS {
        doc.put(at, f, field_value(i, f)).expect("put");
    }
    doc.put(at, "created_at", ScalarValue::Str("2026-12-03".into()))
        .expect("put");
    let items = doc.put_object(at, "items", ObjType::Map).expect("items");
    for (k, v) in [
        ("offering:Microsoft 365", true),
        ("region:DACH", true),
        ("tag:hubspot", true),
    ] {
        doc.put(&items, k, v).expect("item");
    }
}

fn as_json(i: usize) -> String {
    let mut s = String::from("{");
    for f in FIELDS {
        s.push_str(&format!("\"{f}\":\"{}\",", field_value(i, f)));
    }
    s.push_str("\"items\":[\"offering:Microsoft 365\",\"region:DACH\",\"tag:hubspot\"]}");
    s
}

/// Syncs `from` into `to` until neither has anything to say; returns the bytes exchanged.
fn sync_pair(from: &mut AutoCommit, to: &mut AutoCommit) -> usize {
    sync_with(from, to, &mut (sync::State::new(), sync::State::new()))
}

/// The same, with the peers' sync states kept between rounds (as a connected session does).
fn sync_with(
    from: &mut AutoCommit,
    to: &mut AutoCommit,
    (a, b): &mut (sync::State, sync::State),
) -> usize {
    let mut bytes = 0;
    loop {
        let mut quiet = true;
        if let Some(m) = from.sync().generate_sync_message(a) {
            if std::env::var_os("SPIKE_DEBUG").is_some() {
                eprintln!(
                    "from→to: {} changes, {} heads",
                    m.changes.len(),
                    m.heads.len()
                );
            }
            let wire = m.encode();
            bytes += wire.len();
            let m = sync::Message::decode(&wire).expect("decode");
            to.sync().receive_sync_message(b, m).expect("receive");
            quiet = false;
        }
        if let Some(m) = to.sync().generate_sync_message(b) {
            let wire = m.encode();
            bytes += wire.len();
            let m = sync::Message::decode(&wire).expect("decode");
            from.sync().receive_sync_message(a, m).expect("receive");
            quiet = false;
        }
        if quiet {
            return bytes;
        }
    }
}

fn mib(b: usize) -> f64 {
    b as f64 / 1_048_576.0
}

fn measure(n: usize, per_doc: usize) {
    let docs_n = n.div_ceil(per_doc);
    let t = Instant::now();
    let mut docs: Vec<AutoCommit> = (0..docs_n)
        .map(|d| {
            let mut doc = AutoCommit::new().with_actor(ActorId::from(b"owner-laptop".as_slice()));
            let prospects = doc
                .put_object(ROOT, "prospects", ObjType::Map)
                .expect("map");
            for i in d * per_doc..((d + 1) * per_doc).min(n) {
                let p = doc
                    .put_object(&prospects, format!("gid-{i:08}"), ObjType::Map)
                    .expect("prospect");
                put_prospect(&mut doc, &p, i);
            }
            doc.commit();
            doc
        })
        .collect();
    let build = t.elapsed();
    let t = Instant::now();
    let saved: usize = docs.iter_mut().map(|d| d.save().len()).sum();
    let save = t.elapsed();
    let json: usize = (0..n).map(|i| as_json(i).len()).sum();

    // A new laptop receives everything.
    let t = Instant::now();
    let mut wire = 0;
    let mut copies: Vec<(AutoCommit, (sync::State, sync::State))> = docs
        .iter_mut()
        .map(|d| {
            let mut c = AutoCommit::new().with_actor(ActorId::from(b"new-laptop".as_slice()));
            let mut states = (sync::State::new(), sync::State::new());
            wire += sync_with(d, &mut c, &mut states);
            (c, states)
        })
        .collect();
    let receive = t.elapsed();

    // One edit on the owner's laptop reaches the other (its document only).
    let d = 0;
    {
        let (copy, states) = &mut copies[d];
        let idle = sync_with(&mut docs[d], copy, states);
        assert_eq!(idle, 0, "in sync: a round says nothing");
    }
    let t = Instant::now();
    let prospects = docs[d].get(ROOT, "prospects").expect("get").expect("map").1;
    let p = docs[d]
        .get(&prospects, "gid-00000000")
        .expect("get")
        .expect("p")
        .1;
    let before = docs[d].get_heads();
    docs[d].put(&p, "stage", "short_list").expect("edit");
    docs[d].commit();
    if std::env::var_os("SPIKE_DEBUG").is_some() {
        let after = docs[d].save_after(&before).len();
        let raw = docs[d].get_last_local_change().map(|c| c.raw_bytes().len());
        eprintln!("the edit: save_after {after} bytes, the change {raw:?} bytes");
    }
    let (copy, states) = &mut copies[d];
    let edit_wire = sync_with(&mut docs[d], copy, states);
    let edit = t.elapsed();
    let cp = copy.get(ROOT, "prospects").expect("get").expect("map").1;
    let cpp = copy.get(&cp, "gid-00000000").expect("get").expect("p").1;
    let seen = copy
        .get(&cpp, "stage")
        .expect("get")
        .expect("stage")
        .0
        .to_string();
    assert!(seen.contains("short_list"), "the edit arrived: {seen}");

    println!(
        "| {n} | {per_doc} | {docs_n} | {:.0} | {:.1} | {:.1} | {:.2} | {:.0} | {:.1} | {:.1} | {:.1} | {} |",
        build.as_secs_f64() * 1e3,
        mib(saved),
        mib(json),
        saved as f64 / json as f64,
        save.as_secs_f64() * 1e3,
        receive.as_secs_f64(),
        mib(wire),
        edit.as_secs_f64() * 1e3,
        edit_wire,
    );
}

/// Concurrent edits of one field on two laptops: both values kept, the same on both sides,
/// and a new write resolves them.
fn conflict_semantics() {
    let mut a = AutoCommit::new().with_actor(ActorId::from(b"anna".as_slice()));
    let p = a.put_object(ROOT, "gid-1", ObjType::Map).expect("p");
    a.put(&p, "stage", "vetting").expect("put");
    a.commit();
    let mut b = a.fork().with_actor(ActorId::from(b"ben".as_slice()));
    a.put(&p, "stage", "negotiating").expect("put");
    a.commit();
    b.put(&p, "stage", "paused").expect("put");
    b.commit();
    sync_pair(&mut a, &mut b);
    let values = |d: &AutoCommit| {
        let mut v: Vec<String> = d
            .get_all(&p, "stage")
            .expect("get_all")
            .into_iter()
            .map(|(v, _)| v.to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(values(&a), values(&b));
    assert_eq!(values(&a).len(), 2, "both values kept: {:?}", values(&a));
    assert_eq!(a.get_heads(), b.get_heads());
    let both = values(&a);
    a.put(&p, "stage", "negotiating").expect("resolve");
    a.commit();
    sync_pair(&mut a, &mut b);
    assert_eq!(values(&b).len(), 1, "resolved everywhere");
    println!(
        "conflicts: two concurrent values of one field kept on both laptops {both:?}; one new write resolves them"
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    conflict_semantics();
    println!(
        "| prospects | per document | documents | build ms | saved MiB | as JSON MiB | saved ÷ JSON | save ms | new laptop receives s | sync MiB | one edit ms | one edit bytes |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let buckets: Vec<usize> = match args.next().and_then(|a| a.parse().ok()) {
        Some(b) => vec![b],
        None => vec![1, 256, 4096],
    };
    for per_doc in buckets {
        measure(n, per_doc);
    }
}
