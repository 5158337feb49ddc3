//! Team books (issue 16), without the network: laptops are books with their own copies of the
//! team's documents, and "the relay" merges those copies (what samod's sync does between them).

use allybook_core::domain::ProspectInput;
use allybook_core::store::sync::Docs;
use allybook_core::team;
use allybook_core::{book, demo, Store};
use automerge::Automerge;

use crate::support;

struct Laptop {
    _dir: tempfile::TempDir,
    store: Store,
    docs: Vec<Automerge>,
}

impl Laptop {
    /// A round whose outbox is kept (the relay has not confirmed yet): the next round writes
    /// the same rows again, after whatever arrived meanwhile.
    fn step_unconfirmed(&mut self) -> team::Step {
        team::step(&mut self.store, &mut self.docs).expect("sync step")
    }

    fn step(&mut self) -> team::Step {
        let s = team::step(&mut self.store, &mut self.docs).expect("sync step");
        team::ack(&mut self.store, s.flushed.upto).expect("ack");
        s
    }

    fn dump(
        &mut self,
    ) -> std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> {
        self.store.dry_run(team::canonical_dump).expect("dump")
    }

    /// The first `n` prospects' names, alphabetically.
    fn first_names(&self, n: i64) -> Vec<String> {
        self.store
            .conn()
            .prepare("SELECT name FROM prospect ORDER BY name LIMIT ?1")
            .expect("q")
            .query_map([n], |r| r.get(0))
            .expect("q")
            .collect::<Result<_, _>>()
            .expect("names")
    }

    fn prospect_named(&self, name: &str) -> i64 {
        self.store
            .conn()
            .query_row("SELECT id FROM prospect WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .expect("prospect by name")
    }

    fn next_step(&self, id: i64) -> String {
        self.store
            .conn()
            .query_row("SELECT next_step FROM prospect WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .expect("next step")
    }

    fn edit_next_step(&mut self, name: &str, next: &str) {
        let id = self.prospect_named(name);
        let mut input: ProspectInput = book::prospect_detail(self.store.conn(), id)
            .expect("detail")
            .prospect;
        input.id = Some(id);
        input.next_step = next.into();
        book::save_prospect(&mut self.store, &input).expect("save prospect");
    }
}

/// Exchanges every document between the laptops, as a relay would once all are online.
fn relay(laptops: &mut [&mut Laptop]) {
    for b in 0..team::BUCKETS as usize {
        let mut hub = laptops[0].docs[b].fork();
        for l in laptops.iter_mut() {
            hub.merge(&mut l.docs[b]).expect("merge into the relay");
        }
        for l in laptops.iter_mut() {
            l.docs[b].merge(&mut hub).expect("merge from the relay");
        }
    }
}

/// Two laptops come online, one after the other, then again: each has the other's changes.
fn meet(a: &mut Laptop, b: &mut Laptop) {
    a.step();
    b.step();
    relay(&mut [a, b]);
    a.step();
    b.step();
}

fn owner_with_demo() -> Laptop {
    let (dir, mut store) = support::store();
    support::with_user(&mut store);
    demo::load(&mut store).expect("demo");
    let t = team::new_team(&store, "ws://127.0.0.1:9/", None).expect("team");
    let mut docs = team::new_documents(&t.actor, &t.member).expect("documents");
    let ids: Vec<String> = (0..team::BUCKETS).map(|b| format!("doc-{b}")).collect();
    team::create(&mut store, &t, &ids, &mut docs).expect("create team");
    Laptop {
        _dir: dir,
        store,
        docs,
    }
}

fn join(owner: &Laptop, name: &str) -> Laptop {
    let (dir, mut store) = support::store();
    let mut t = team::team(owner.store.conn())
        .expect("team")
        .expect("a team book");
    t.actor = team::new_actor();
    t.member = name.into();
    t.role = "member".into();
    // What the relay hands a new laptop: the documents as they are now.
    let mut docs: Vec<Automerge> = owner
        .docs
        .iter()
        .map(|d| Automerge::load(&d.save()).expect("load"))
        .collect();
    let ids: Vec<String> = (0..team::BUCKETS).map(|b| format!("doc-{b}")).collect();
    team::join(&mut store, &t, &ids, &mut docs).expect("join");
    Laptop {
        _dir: dir,
        store,
        docs,
    }
}

#[test]
fn a_laptop_that_joins_receives_the_whole_book() {
    let mut owner = owner_with_demo();
    let mut member = join(&owner, "Ben Okafor");
    let (a, b) = (owner.dump(), member.dump());
    for (table, rows) in &a {
        assert_eq!(
            rows.len(),
            b[table].len(),
            "{table}: the joined book has every row"
        );
    }
    assert_eq!(a, b, "the joined book is the owner's, record for record");
    assert!(a["prospect"].len() >= 5, "the demo's partners came along");
    assert!(!a["contract_version"].is_empty(), "and its contracts");
    // Derived data is recomputed on the joined laptop: the ranking is the same.
    let ranking = |s: &Store| -> Vec<(String, Option<i64>)> {
        s.conn()
            .prepare("SELECT name, fit_score FROM prospect ORDER BY name")
            .expect("q")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("q")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    assert_eq!(ranking(&owner.store), ranking(&member.store));
    // Search finds the received partners.
    let name: String = member
        .store
        .conn()
        .query_row("SELECT name FROM prospect ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .expect("a prospect");
    let hits: i64 = member
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM search_index WHERE kind = 'prospect' AND title = ?1",
            [&name],
            |r| r.get(0),
        )
        .expect("search");
    assert_eq!(
        hits, 1,
        "the received prospect {name} is in the search index"
    );
    // Nothing to send back: the received records are not echoed into the outbox.
    assert_eq!(team::waiting(&member.store).expect("waiting"), 0);
    let s = member.step();
    assert_eq!(s.flushed.puts, 0);
}

#[test]
fn edits_on_two_laptops_converge_and_one_field_set_twice_is_a_conflict_until_chosen() {
    let mut owner = owner_with_demo();
    let mut member = join(&owner, "Ben Okafor");
    let names = owner.first_names(2);
    // Offline: both edit the same field of the first partner, each a different field of the
    // second, and each adds a partner of their own.
    owner.edit_next_step(&names[0], "Call Lena on Monday");
    member.edit_next_step(&names[0], "Send the NDA first");
    owner.edit_next_step(&names[1], "Owner's step");
    support::partner(&mut owner.store, "Nordlicht IT");
    support::partner(&mut member.store, "Alpenwerk Security");
    meet(&mut owner, &mut member);
    assert_eq!(
        owner.dump(),
        member.dump(),
        "both books hold the same records"
    );
    for l in [&owner, &member] {
        l.prospect_named("Nordlicht IT");
        l.prospect_named("Alpenwerk Security");
        assert_eq!(l.next_step(l.prospect_named(&names[1])), "Owner's step");
    }
    let listed = team::conflicts(owner.store.conn()).expect("conflicts");
    assert_eq!(
        listed,
        team::conflicts(member.store.conn()).expect("conflicts")
    );
    assert_eq!(listed.len(), 1, "one field in conflict: {listed:?}");
    let c = &listed[0];
    assert!(c.record.starts_with("prospect/"));
    assert_eq!(c.field, "next_step");
    let mut values: Vec<(String, String)> = c
        .values
        .iter()
        .map(|v| {
            (
                v.value.as_str().unwrap_or_default().to_string(),
                v.by.clone(),
            )
        })
        .collect();
    values.sort();
    assert_eq!(
        values,
        vec![
            ("Call Lena on Monday".to_string(), "Anna Weber".to_string()),
            ("Send the NDA first".to_string(), "Ben Okafor".to_string()),
        ],
        "each value with who set it"
    );
    assert!(
        c.values.iter().all(|v| v.at.len() == 20),
        "and when: {:?}",
        c.values
    );
    // Both books show the same (deterministic) winner meanwhile.
    let first = owner.prospect_named(&names[0]);
    let shown = owner.next_step(first);
    assert_eq!(member.next_step(member.prospect_named(&names[0])), shown);

    // The member chooses the value that is not the winner; it becomes everyone's.
    let other = if shown == "Call Lena on Monday" {
        "Send the NDA first"
    } else {
        "Call Lena on Monday"
    };
    team::choose(
        &mut member.store,
        &c.record,
        "next_step",
        &serde_json::Value::String(other.into()),
    )
    .expect("choose");
    member.step();
    relay(&mut [&mut owner, &mut member]);
    owner.step();
    member.step();
    assert!(team::conflicts(owner.store.conn()).expect("c").is_empty());
    assert!(team::conflicts(member.store.conn()).expect("c").is_empty());
    assert_eq!(owner.next_step(first), other);
    assert_eq!(owner.dump(), member.dump());
}

#[test]
fn a_deletion_reaches_the_other_laptop_and_a_bad_record_is_listed_not_applied() {
    let mut owner = owner_with_demo();
    let mut member = join(&owner, "Ben Okafor");
    let id = support::partner(&mut member.store, "Short-lived GmbH");
    member.step();
    relay(&mut [&mut owner, &mut member]);
    owner.step();
    owner.prospect_named("Short-lived GmbH");
    member
        .store
        .write(|tx| Ok(tx.execute("DELETE FROM prospect WHERE id = ?1", [id])?))
        .expect("delete");
    member.step();
    relay(&mut [&mut owner, &mut member]);
    owner.step();
    let left: i64 = owner
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM prospect WHERE name = 'Short-lived GmbH'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(left, 0, "deleted on the member, gone on the owner");

    // A document value the table's rules refuse (a stage that does not exist) is listed as a
    // problem on the laptop that cannot take it; the rest of the round is applied.
    let victim = owner.prospect_named(&{
        owner
            .store
            .conn()
            .query_row("SELECT name FROM prospect ORDER BY name LIMIT 1", [], |r| {
                r.get::<_, String>(0)
            })
            .expect("name")
    });
    let gid: String = owner
        .store
        .conn()
        .query_row(
            "SELECT gid FROM sync_gid WHERE tbl = 'prospect' AND local_id = ?1",
            [victim],
            |r| r.get(0),
        )
        .expect("gid");
    let bucket = allybook_core::store::sync::bucket_of(&gid);
    member
        .docs
        .with_doc(bucket, |doc| {
            use automerge::transaction::Transactable;
            use automerge::ReadDoc;
            let table = match doc.get(automerge::ROOT, "prospect").expect("get") {
                Some((_, id)) => id,
                None => panic!("no prospect map"),
            };
            let rec = match doc.get(&table, gid.as_str()).expect("get") {
                Some((_, id)) => id,
                None => panic!("no record"),
            };
            let mut tx = doc.transaction();
            tx.put(&rec, "stage", "bogus").expect("put");
            tx.put(&rec, "next_step", "hostile").expect("put");
            tx.commit();
        })
        .expect("doc");
    relay(&mut [&mut owner, &mut member]);
    let s = owner.step();
    assert_eq!(s.projected.problems, 1);
    let problems = team::problems(owner.store.conn()).expect("problems");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].record, format!("prospect/{gid}"));
    let (stage, next): (String, String) = owner
        .store
        .conn()
        .query_row(
            "SELECT stage, next_step FROM prospect WHERE id = ?1",
            [victim],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert_ne!(stage, "bogus");
    assert_ne!(next, "hostile", "the refused record is not half-applied");
}

#[test]
fn two_sales_leads_registering_one_customer_offline_see_a_lead_conflict_after_sync() {
    let mut owner = owner_with_demo();
    let mut member = join(&owner, "Ben Okafor");
    // Two partners with an agreement in force (the demo signs some).
    let partners: Vec<String> = owner
        .store
        .conn()
        .prepare(
            "SELECT DISTINCT p.name FROM prospect p JOIN contract c ON c.prospect_id = p.id
             JOIN contract_version v ON v.contract_id = c.id
             WHERE v.status IN ('signed', 'active') ORDER BY p.name",
        )
        .expect("q")
        .query_map([], |r| r.get(0))
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("partners");
    assert!(
        partners.len() >= 2,
        "the demo has two partners under agreement: {partners:?}"
    );
    let today = chrono::Local::now().date_naive();
    let register = |l: &mut Laptop, partner: &str| {
        let prospect_id = l.prospect_named(partner);
        allybook_core::selling::register_lead(
            &mut l.store,
            &allybook_core::selling::LeadInput {
                prospect_id,
                customer: "Hofbräu Logistik GmbH".into(),
                customer_domain: "hofbraeu-logistik.example".into(),
                registered_by: None,
                registered_on: String::new(),
                notes: String::new(),
            },
            today,
        )
        .expect("register")
    };
    let a = register(&mut owner, &partners[0]);
    let b = register(&mut member, &partners[1]);
    assert!(
        a.conflict_with.is_none() && b.conflict_with.is_none(),
        "offline, neither knows"
    );
    for _ in 0..2 {
        owner.step();
        member.step();
        relay(&mut [&mut owner, &mut member]);
    }
    owner.step();
    member.step();
    assert_eq!(owner.dump(), member.dump());
    for l in [&owner, &member] {
        let flagged: i64 = l
            .store
            .conn()
            .query_row(
                "SELECT count(*) FROM lead_registration
                 WHERE customer_norm = (SELECT customer_norm FROM lead_registration WHERE customer = 'Hofbräu Logistik GmbH' LIMIT 1)
                   AND conflict_with IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(
            flagged, 1,
            "exactly one of the two registrations is flagged, on both laptops"
        );
    }
    assert!(
        team::conflicts(owner.store.conn()).expect("c").is_empty(),
        "both laptops flagged the same registration: no field conflict on top"
    );
}

/// A small deterministic generator (xorshift64*), so a failing seed replays exactly.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

fn names(s: &Store) -> Vec<(i64, String)> {
    s.conn()
        .prepare("SELECT id, name FROM prospect ORDER BY name")
        .expect("q")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("names")
}

/// One random edit of the kinds a team makes; what it wrote, for the final checks.
fn random_edit(rng: &mut Rng, l: &mut Laptop, who: usize, n: usize, added: &mut Vec<String>) {
    use allybook_core::pipeline::{self, ActivityInput, MoveRequest};
    let list = names(&l.store);
    let Some((id, name)) = list.get(rng.below(list.len())).cloned() else {
        return;
    };
    let today = chrono::Local::now().date_naive();
    match rng.below(6) {
        0 => {
            let name = format!("Partner {who}-{n}");
            support::partner(&mut l.store, &name);
            added.push(name);
        }
        1 | 2 => l.edit_next_step(&name, &format!("step {who}-{n}")),
        3 => {
            pipeline::add_activity(
                &mut l.store,
                &ActivityInput {
                    prospect_id: id,
                    kind: None,
                    occurred_on: String::new(),
                    subject: format!("note {who}-{n}"),
                    body: "Said yes to a call".into(),
                    contact_id: None,
                    follow_up_on: String::new(),
                },
                today,
            )
            .expect("activity");
        }
        4 => {
            // A stage move may be refused by its gate; a refusal writes nothing.
            let to = [
                allybook_core::domain::Stage::ShortList,
                allybook_core::domain::Stage::Vetting,
            ][rng.below(2)];
            let _ = pipeline::move_prospect(
                &mut l.store,
                &MoveRequest {
                    prospect_id: id,
                    to,
                    note: format!("move {who}-{n}"),
                    reason: String::new(),
                    confirm_skip: true,
                },
            );
        }
        _ => {
            let archived = rng.below(2) == 0;
            book::set_archived(&mut l.store, id, archived).expect("archive");
        }
    }
}

/// Reopens a laptop's book and documents from disk, as after a restart (the documents as
/// samod stored them: saved and loaded).
fn restart(l: &mut Laptop) {
    let path = l.store.path().to_path_buf();
    let (_dir, placeholder) = support::store();
    drop(std::mem::replace(&mut l.store, placeholder));
    l.store = Store::open(&path).expect("reopen");
    l.docs = l
        .docs
        .iter()
        .map(|d| Automerge::load(&d.save()).expect("reload"))
        .collect();
}

fn converge_seed(seed: u64) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let (dir, mut store) = support::store();
    support::with_user(&mut store);
    for n in [
        "Bastion Security",
        "Cloudreich",
        "Netzwerk Nord",
        "Alpen Voice",
    ] {
        support::partner(&mut store, n);
    }
    let t = team::new_team(&store, "ws://127.0.0.1:9/", None).expect("team");
    let mut docs = team::new_documents(&t.actor, &t.member).expect("documents");
    let ids: Vec<String> = (0..team::BUCKETS).map(|b| format!("doc-{b}")).collect();
    team::create(&mut store, &t, &ids, &mut docs).expect("create");
    let mut owner = Laptop {
        _dir: dir,
        store,
        docs,
    };
    owner.step();
    let b = join(&owner, "Ben");
    let c = join(&owner, "Chiara");
    let mut laptops = [owner, b, c];
    // The relay's own copy of the documents.
    let mut relay_docs: Vec<Automerge> = laptops[0].docs.iter().map(|d| d.fork()).collect();
    let mut added = Vec::new();
    for n in 0..40 {
        let who = rng.below(3);
        random_edit(&mut rng, &mut laptops[who], who, n, &mut added);
        match rng.below(5) {
            0 => restart(&mut laptops[rng.below(3)]),
            1 | 2 => {
                // A random laptop is online for a round: it sends and receives through the relay.
                let l = &mut laptops[rng.below(3)];
                l.step_unconfirmed();
                for (mine, theirs) in l.docs.iter_mut().zip(relay_docs.iter_mut()) {
                    theirs.merge(mine).expect("to relay");
                    mine.merge(theirs).expect("from relay");
                }
                l.step();
            }
            _ => {}
        }
    }
    // Everyone comes online until nothing moves.
    for _ in 0..3 {
        for l in laptops.iter_mut() {
            l.step();
            for (mine, theirs) in l.docs.iter_mut().zip(relay_docs.iter_mut()) {
                theirs.merge(mine).expect("to relay");
                mine.merge(theirs).expect("from relay");
            }
            l.step();
        }
    }
    for l in &laptops {
        assert!(
            team::problems(l.store.conn()).expect("problems").is_empty(),
            "seed {seed}: {:?}",
            team::problems(l.store.conn())
        );
    }
    let dumps: Vec<_> = laptops.iter_mut().map(|l| l.dump()).collect();
    for other in 1..3 {
        let mut differ = Vec::new();
        for (table, rows) in &dumps[0] {
            for (k, v) in rows {
                if dumps[other][table].get(k) != Some(v) {
                    differ.push(format!(
                        "{table}/{k}: {v} | {:?}",
                        dumps[other][table].get(k)
                    ));
                }
            }
            for k in dumps[other][table].keys() {
                if !rows.contains_key(k) {
                    differ.push(format!("{table}/{k}: only on laptop {other}"));
                }
            }
        }
        if !differ.is_empty() && std::env::var("TEAM_DEBUG").is_ok() {
            for (i, l) in laptops.iter().enumerate() {
                eprintln!(
                    "laptop {i} conflicts: {:#?}",
                    team::conflicts(l.store.conn())
                );
                eprintln!("laptop {i} problems: {:#?}", team::problems(l.store.conn()));
                for gid in differ
                    .iter()
                    .filter_map(|d| d.strip_prefix("prospect/"))
                    .filter_map(|d| d.split(':').next())
                    .map(str::to_string)
                {
                    use automerge::ReadDoc;
                    let b = allybook_core::store::sync::bucket_of(&gid) as usize;
                    let d = &l.docs[b];
                    if let Ok(Some((_, t))) = d.get(automerge::ROOT, "prospect") {
                        if let Ok(Some((_, o))) = d.get(&t, gid.as_str()) {
                            eprintln!("laptop {i} doc stage: {:?}", d.get_all(&o, "stage"));
                            eprintln!("laptop {i} doc win: {:?}", d.get(&o, "stage"));
                            eprintln!("laptop {i} heads: {:?}", d.get_heads());
                        }
                    }
                }
            }
        }
        assert!(
            differ.is_empty(),
            "seed {seed}: laptops 0 and {other} differ: {differ:#?}"
        );
    }
    // What each book lists after rounds of incremental projection is what a projection of the
    // whole documents from scratch gives.
    {
        let l = &mut laptops[0];
        let before = (team::conflicts(l.store.conn()).expect("c"), l.dump());
        l.store
            .write(|tx| Ok(tx.execute("UPDATE sync_doc SET projected_heads = '[]'", [])?))
            .expect("reset");
        l.step();
        let after = (team::conflicts(l.store.conn()).expect("c"), l.dump());
        assert!(
            before == after,
            "seed {seed}: a full projection differs from the incremental one"
        );
    }
    let listed: Vec<_> = laptops
        .iter()
        .map(|l| team::conflicts(l.store.conn()).expect("conflicts"))
        .collect();
    assert_eq!(listed[0], listed[1], "seed {seed}: conflict lists differ");
    assert_eq!(listed[0], listed[2], "seed {seed}: conflict lists differ");
    for l in &laptops {
        for name in &added {
            l.prospect_named(name);
        }
        assert_eq!(team::waiting(&l.store).expect("waiting"), 0, "seed {seed}");
    }
    // A field in conflict shows the value the book holds among its values.
    for c in &listed[0] {
        if c.field == "next_step" {
            let gid = c.record.trim_start_matches("prospect/");
            let held: String = laptops[0]
                .store
                .conn()
                .query_row(
                    "SELECT p.next_step FROM prospect p JOIN sync_gid g
                     ON g.tbl = 'prospect' AND g.local_id = p.id WHERE g.gid = ?1",
                    [gid],
                    |r| r.get(0),
                )
                .expect("held");
            assert!(
                c.values
                    .iter()
                    .any(|v| v.value == serde_json::Value::String(held.clone())),
                "seed {seed}: {held:?} not among {:?}",
                c.values
            );
        }
    }
}

/// Three laptops, random edits, random laptops online, restarts: every book ends identical,
/// with the same conflicts listed. `TEAM_SEEDS` sets how many seeds (20 by default);
/// `TEAM_SEED_FROM` the first one (to run again a seed that failed); `TEAM_DEBUG=1` prints, when
/// books differ, each laptop's conflicts, problems and the documents' values of the records.
#[test]
fn three_laptops_with_random_edits_and_partitions_converge() {
    let var = |name: &str, default: u64| -> u64 {
        std::env::var(name)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let seeds = var("TEAM_SEEDS", 20);
    for seed in var("TEAM_SEED_FROM", 1)..=seeds {
        converge_seed(seed);
    }
}

/// The outbox triggers (written out in migration 0008) list exactly the columns that sync: a
/// column added to a table later must be added to its trigger, or its edits would never leave
/// the laptop.
#[test]
fn every_synced_column_has_its_outbox_trigger() {
    use allybook_core::store::sync::{synced_column_names, TABLES};
    let (_dir, mut store) = support::store();
    store
        .dry_run(|tx| {
            for spec in TABLES {
                let sql: String = tx.query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                    [format!("sync_{}_au", spec.name)],
                    |r| r.get(0),
                )?;
                let listed = sql
                    .split_once("UPDATE OF ")
                    .and_then(|(_, rest)| rest.split_once(" ON "))
                    .map(|(cols, _)| cols.split(", ").map(str::to_string).collect::<Vec<_>>())
                    .unwrap_or_default();
                assert_eq!(
                    listed,
                    synced_column_names(tx, spec)?,
                    "sync_{}_au lists the synced columns",
                    spec.name
                );
                for kind in ["ai", "ad"] {
                    let n: i64 = tx.query_row(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                        [format!("sync_{}_{kind}", spec.name)],
                        |r| r.get(0),
                    )?;
                    assert_eq!(n, 1, "sync_{}_{kind} exists", spec.name);
                }
            }
            Ok(())
        })
        .expect("schema");
}

/// A laptop whose book and documents come back from an older backup (or are copied to a second
/// machine) keeps syncing: its new changes cannot be numbered like ones the relay already has.
#[test]
fn a_laptop_restored_from_an_older_backup_still_syncs_with_the_team() {
    let mut owner = owner_with_demo();
    let mut member = join(&owner, "Ben Okafor");
    member.step();
    let backup = member._dir.path().join("old.sqlite");
    member.store.backup_to(&backup).expect("backup");
    let old_docs: Vec<Vec<u8>> = member.docs.iter().map(|d| d.save()).collect();
    let names = owner.first_names(2);
    member.edit_next_step(&names[0], "Before the restore");
    member.step();
    relay(&mut [&mut owner, &mut member]);
    owner.step();
    assert_eq!(
        owner.next_step(owner.prospect_named(&names[0])),
        "Before the restore",
        "the member's edit reached the owner"
    );

    // The member's laptop goes back to the backup, book and documents both.
    let path = member.store.path().to_path_buf();
    let (_d, placeholder) = support::store();
    drop(std::mem::replace(&mut member.store, placeholder));
    std::fs::copy(&backup, &path).expect("restore");
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    member.store = Store::open(&path).expect("reopen");
    member.docs = old_docs
        .iter()
        .map(|b| Automerge::load(b).expect("load"))
        .collect();
    member.edit_next_step(&names[1], "After the restore");
    member.step();
    relay(&mut [&mut owner, &mut member]);
    owner.step();
    member.step();
    assert!(owner.dump() == member.dump(), "both books converge");
    assert_eq!(
        owner.next_step(owner.prospect_named(&names[1])),
        "After the restore"
    );
    assert_eq!(
        member.next_step(member.prospect_named(&names[0])),
        "Before the restore",
        "the change the backup predates comes back from the team"
    );
}

#[test]
fn a_stage_moved_on_two_laptops_is_one_item_to_review_and_keeping_a_version_keeps_all_of_it() {
    use allybook_core::domain::Stage;
    use allybook_core::pipeline::{self, MoveRequest};
    let mut owner = owner_with_demo();
    let mut member = join(&owner, "Ben Okafor");
    let name = owner.first_names(1).remove(0);
    let move_to = |l: &mut Laptop, to: Stage, reason: &str| {
        let id = l.prospect_named(&name);
        pipeline::move_prospect(
            &mut l.store,
            &MoveRequest {
                prospect_id: id,
                to,
                note: String::new(),
                reason: reason.into(),
                confirm_skip: true,
            },
        )
        .expect("move");
    };
    move_to(&mut owner, Stage::Paused, "Waiting for their renewal");
    move_to(&mut member, Stage::Ended, "Went with a competitor");
    meet(&mut owner, &mut member);

    // Every field the two moves set differently is a conflict; they are one item, with a
    // version per laptop, each holding that laptop's stage and reason.
    let items = team::review(&member.store).expect("review");
    assert_eq!(items.len(), 1, "{items:#?}");
    let item = &items[0];
    assert_eq!(item.label, name);
    assert!(
        item.fields.contains(&"stage".to_string()),
        "{:?}",
        item.fields
    );
    assert!(
        item.fields.contains(&"stage_reason".to_string()),
        "{:?}",
        item.fields
    );
    assert_eq!(item.versions.len(), 2);
    let anna = item
        .versions
        .iter()
        .find(|v| v.by != "Ben Okafor")
        .expect("the owner's version");
    let value = |field: &str| {
        anna.values
            .iter()
            .find(|v| v.field == field)
            .map(|v| v.shown.clone())
    };
    assert_eq!(value("stage").as_deref(), Some("paused"));
    assert_eq!(
        value("stage_reason").as_deref(),
        Some("Waiting for their renewal")
    );
    assert!(!anna.at.is_empty(), "when it was set");
    assert_eq!(
        team::review(&owner.store).expect("review").len(),
        1,
        "the same on the owner's"
    );

    // The member keeps the owner's version: every field of it, at once.
    let choices: Vec<team::ReviewChoice> = anna
        .values
        .iter()
        .map(|v| team::ReviewChoice {
            field: v.field.clone(),
            value: v.value.clone(),
        })
        .collect();
    let left = team::resolve(&mut member.store, &item.record, &choices).expect("resolve");
    assert!(left.is_empty(), "{left:#?}");
    // A value that was not one of them is refused, naming it.
    let wrong = [team::ReviewChoice {
        field: "stage".into(),
        value: "\"vetting\"".into(),
    }];
    assert!(team::resolve(&mut member.store, &item.record, &wrong).is_err());

    member.step();
    relay(&mut [&mut owner, &mut member]);
    owner.step();
    member.step();
    assert!(team::review(&owner.store).expect("review").is_empty());
    assert_eq!(owner.dump(), member.dump());
    let stage: String = owner
        .store
        .conn()
        .query_row(
            "SELECT stage || ' / ' || stage_reason FROM prospect WHERE name = ?1",
            [&name],
            |r| r.get(0),
        )
        .expect("stage");
    assert_eq!(stage, "paused / Waiting for their renewal");
}

#[test]
fn an_archive_on_one_laptop_and_an_edit_on_another_need_review_and_either_can_be_kept() {
    let mut owner = owner_with_demo();
    let mut member = join(&owner, "Ben Okafor");
    let name = owner.first_names(1).remove(0);
    let id = owner.prospect_named(&name);
    // Offline: the owner archives the partner, the colleague plans the next step with them.
    book::set_archived(&mut owner.store, id, true).expect("archive");
    member.edit_next_step(&name, "Meet them at the trade fair");
    meet(&mut owner, &mut member);
    for l in [&mut owner, &mut member] {
        let listed = team::conflicts(l.store.conn()).expect("conflicts");
        let archived: Vec<_> = listed.iter().filter(|c| c.field == "archived_at").collect();
        assert_eq!(archived.len(), 1, "{listed:#?}");
        let values = &archived[0].values;
        assert_eq!(values.len(), 2);
        assert!(values
            .iter()
            .any(|v| v.value.is_string() && v.by != "Ben Okafor"));
        assert!(values
            .iter()
            .any(|v| v.value.is_null() && v.by == "Ben Okafor"));
    }
    assert_eq!(
        team::conflicts(owner.store.conn()).expect("c"),
        team::conflicts(member.store.conn()).expect("c")
    );

    // The owner keeps it in use: it is back on both laptops, with the colleague's next step.
    let record = team::conflicts(owner.store.conn()).expect("c")[0]
        .record
        .clone();
    team::choose(
        &mut owner.store,
        &record,
        "archived_at",
        &serde_json::Value::Null,
    )
    .expect("keep it in use");
    owner.step();
    relay(&mut [&mut owner, &mut member]);
    member.step();
    owner.step();
    for l in [&mut owner, &mut member] {
        assert!(team::conflicts(l.store.conn()).expect("c").is_empty());
        let id = l.prospect_named(&name);
        let archived: Option<String> = l
            .store
            .conn()
            .query_row(
                "SELECT archived_at FROM prospect WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .expect("archived_at");
        assert_eq!(archived, None);
        assert_eq!(l.next_step(id), "Meet them at the trade fair");
    }

    // An edit made after the archive arrived is no conflict: that laptop knew of it.
    book::set_archived(&mut owner.store, id, true).expect("archive again");
    owner.step();
    relay(&mut [&mut owner, &mut member]);
    member.step();
    member.edit_next_step(&name, "Archived, but note this");
    member.step();
    relay(&mut [&mut owner, &mut member]);
    owner.step();
    assert!(team::conflicts(owner.store.conn()).expect("c").is_empty());
}

#[test]
fn two_laptops_choosing_different_values_of_one_conflict_is_a_conflict_again() {
    let mut owner = owner_with_demo();
    let mut member = join(&owner, "Ben Okafor");
    let name = owner.first_names(1).remove(0);
    owner.edit_next_step(&name, "Owner's plan");
    member.edit_next_step(&name, "Member's plan");
    meet(&mut owner, &mut member);
    let listed = team::conflicts(owner.store.conn()).expect("c");
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed, team::conflicts(member.store.conn()).expect("c"));
    // Each keeps a different value, neither knowing of the other's choice: one of the two
    // keeps the value that wins in the documents (Automerge makes no change for a put of the
    // winning value; found by the relay property test).
    let record = listed[0].record.clone();
    let pick = |who: &str| {
        listed[0]
            .values
            .iter()
            .find(|v| v.by == who)
            .expect("value")
            .value
            .clone()
    };
    team::choose(&mut owner.store, &record, "next_step", &pick("Ben Okafor")).expect("choose");
    team::choose(&mut member.store, &record, "next_step", &pick("Anna Weber")).expect("choose");
    meet(&mut owner, &mut member);
    let again = team::conflicts(owner.store.conn()).expect("c");
    assert_eq!(again, team::conflicts(member.store.conn()).expect("c"));
    assert_eq!(
        again.len(),
        1,
        "two different choices made apart: {again:?}"
    );
    let mut by: Vec<&str> = again[0].values.iter().map(|v| v.by.as_str()).collect();
    by.sort_unstable();
    assert_eq!(by, ["Anna Weber", "Ben Okafor"]);
    assert_eq!(owner.dump(), member.dump());

    // Both keep the same value apart: settled, nothing left to review.
    let v = again[0].values[0].value.clone();
    team::choose(&mut owner.store, &record, "next_step", &v).expect("choose");
    team::choose(&mut member.store, &record, "next_step", &v).expect("choose");
    meet(&mut owner, &mut member);
    for l in [&owner, &member] {
        assert!(team::conflicts(l.store.conn()).expect("c").is_empty());
        assert_eq!(
            serde_json::Value::String(l.next_step(l.prospect_named(&name))),
            v
        );
    }
}

#[test]
fn a_stage_moved_away_and_back_offline_meets_a_colleagues_move_as_a_conflict() {
    use allybook_core::domain::Stage;
    use allybook_core::pipeline::{self, MoveRequest};
    let mut owner = owner_with_demo();
    support::partner(&mut owner.store, "Kestrel Networks");
    owner.step();
    let mut member = join(&owner, "Ben Okafor");
    let move_to = |l: &mut Laptop, to: Stage| {
        let prospect_id = l.prospect_named("Kestrel Networks");
        pipeline::move_prospect(
            &mut l.store,
            &MoveRequest {
                prospect_id,
                to,
                note: String::new(),
                reason: String::new(),
                confirm_skip: true,
            },
        )
        .expect("move");
    };
    let stage = |l: &Laptop| -> String {
        l.store
            .conn()
            .query_row(
                "SELECT stage FROM prospect WHERE name = 'Kestrel Networks'",
                [],
                |r| r.get(0),
            )
            .expect("stage")
    };
    assert_eq!(stage(&owner), "long_list");
    // Offline: the owner moves it on and back again; the colleague moves it to vetting.
    move_to(&mut owner, Stage::ShortList);
    move_to(&mut owner, Stage::LongList);
    move_to(&mut member, Stage::ShortList);
    move_to(&mut member, Stage::Vetting);
    meet(&mut owner, &mut member);
    assert_eq!(owner.dump(), member.dump());
    let listed = team::conflicts(owner.store.conn()).expect("c");
    let on_stage: Vec<_> = listed.iter().filter(|c| c.field == "stage").collect();
    assert_eq!(
        on_stage.len(),
        1,
        "the two moves are in review: {listed:#?}"
    );
    let mut values: Vec<String> = on_stage[0]
        .values
        .iter()
        .map(|v| v.value.to_string())
        .collect();
    values.sort();
    assert_eq!(values, ["\"long_list\"", "\"vetting\""]);
}

#[test]
fn two_laptops_saving_a_new_version_of_one_contract_apart_keep_both_versions() {
    use allybook_core::agreement::ClauseSelection;
    use allybook_core::contract;
    let mut owner = owner_with_demo();
    let mut member = join(&owner, "Ben Okafor");
    let contract_id = |l: &Laptop| -> i64 {
        l.store
            .conn()
            .query_row(
                "SELECT c.id FROM contract c JOIN sync_gid g ON g.tbl = 'contract' AND g.local_id = c.id
                 ORDER BY g.gid LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("a contract")
    };
    let before = contract::versions(owner.store.conn(), contract_id(&owner))
        .expect("versions")
        .len();
    for (l, territory) in [(&mut owner, "Bavaria"), (&mut member, "Tyrol")] {
        let id = contract_id(l);
        let mut terms = contract::version(l.store.conn(), id, None)
            .expect("latest")
            .terms;
        terms.territory = territory.into();
        contract::save(&mut l.store, id, &terms, &ClauseSelection::default()).expect("a new draft");
    }
    meet(&mut owner, &mut member);
    for l in [&owner, &member] {
        assert!(
            team::problems(l.store.conn()).expect("problems").is_empty(),
            "{:?}",
            team::problems(l.store.conn())
        );
    }
    assert_eq!(owner.dump(), member.dump());
    let versions = contract::versions(owner.store.conn(), contract_id(&owner)).expect("versions");
    assert_eq!(versions.len(), before + 2, "{versions:?}");
    let mut numbers: Vec<i64> = versions.iter().map(|v| v.version).collect();
    numbers.dedup();
    assert_eq!(
        numbers.len(),
        versions.len(),
        "each version its own number: {versions:?}"
    );
    // The same numbers on both laptops.
    let numbered = |l: &Laptop| -> Vec<(i64, String)> {
        let id = contract_id(l);
        let mut all: Vec<(i64, String)> = contract::versions(l.store.conn(), id)
            .expect("versions")
            .iter()
            .map(|v| {
                let terms = contract::version(l.store.conn(), id, Some(v.version))
                    .expect("version")
                    .terms;
                (v.version, terms.territory)
            })
            .collect();
        all.sort();
        all
    };
    let shown = numbered(&owner);
    assert_eq!(shown, numbered(&member));
    let place = |t: &str| shown.iter().position(|(_, x)| x == t).expect("there");
    // Consecutive (in the order made; made in the same second here, so by global id).
    assert_eq!(place("Tyrol").abs_diff(place("Bavaria")), 1, "{shown:?}");

    // The version whose number moved is sent, and a third version is made: numbers hold, and
    // nothing is refused.
    let tyrol = shown[place("Tyrol")].0;
    let id = contract_id(&member);
    contract::change_status(
        &mut member.store,
        id,
        tyrol,
        &contract::StatusChange {
            status: contract::VersionStatus::Sent,
            on: None,
            reason: String::new(),
            our_signatory: Default::default(),
            partner_signatory: Default::default(),
        },
        chrono::Local::now().date_naive(),
    )
    .expect("sent");
    let id = contract_id(&owner);
    let mut terms = contract::version(owner.store.conn(), id, None)
        .expect("latest")
        .terms;
    terms.territory = "DACH".into();
    contract::save(&mut owner.store, id, &terms, &ClauseSelection::default()).expect("third");
    meet(&mut owner, &mut member);
    for l in [&owner, &member] {
        assert!(team::problems(l.store.conn()).expect("problems").is_empty());
    }
    assert_eq!(owner.dump(), member.dump());
    let after = numbered(&member);
    assert_eq!(after[..shown.len()], shown[..], "numbers hold");
    assert_eq!(after.last().map(|(_, t)| t.as_str()), Some("DACH"));
    assert_eq!(after.len(), shown.len() + 1);
}

#[test]
fn two_laptops_ticking_one_checklist_item_apart_keep_it_ticked_and_an_untick_reaches_both() {
    use allybook_core::pipeline;
    let today = chrono::Local::now().date_naive();
    let mut owner = owner_with_demo();
    let mut member = join(&owner, "Ben Okafor");
    let name = owner.first_names(1).remove(0);
    let open = pipeline::checklist(owner.store.conn(), owner.prospect_named(&name))
        .expect("checklist")
        .into_iter()
        .find(|i| i.done_on.is_none())
        .expect("an open item")
        .label;
    let set = |l: &mut Laptop, done: bool| {
        let p = l.prospect_named(&name);
        let item = pipeline::checklist(l.store.conn(), p)
            .expect("checklist")
            .into_iter()
            .find(|i| i.label == open)
            .expect("the item")
            .id;
        pipeline::set_checklist_item(&mut l.store, p, item, done, today).expect("tick");
    };
    let ticks = |l: &Laptop| -> i64 {
        l.store
            .conn()
            .query_row(
                "SELECT count(*) FROM checklist_item WHERE prospect_id = ?1 AND label = ?2",
                rusqlite::params![l.prospect_named(&name), open],
                |r| r.get(0),
            )
            .expect("ticks")
    };
    let sound = |l: &Laptop| {
        let problems = team::problems(l.store.conn()).expect("problems");
        assert!(problems.is_empty(), "{problems:?}");
    };
    set(&mut owner, true);
    set(&mut member, true);
    meet(&mut owner, &mut member);
    meet(&mut owner, &mut member);
    for l in [&owner, &member] {
        sound(l);
        assert_eq!(ticks(l), 1, "ticked once");
        assert_eq!(team::waiting(&l.store).expect("waiting"), 0);
    }
    assert_eq!(owner.dump(), member.dump());
    // A colleague joining now receives one tick.
    let third = join(&owner, "Chloé Martin");
    sound(&third);
    assert_eq!(ticks(&third), 1);

    // Unticked on one laptop: unticked on both.
    set(&mut member, false);
    meet(&mut owner, &mut member);
    for l in [&owner, &member] {
        sound(l);
        assert_eq!(ticks(l), 0, "unticked");
    }
    assert_eq!(owner.dump(), member.dump());
    let fourth = join(&owner, "Dai Chen");
    assert_eq!(ticks(&fourth), 0);
}

#[test]
fn two_laptops_saving_their_own_clause_wording_apart_keep_both_and_agree_on_the_current_one() {
    use allybook_core::agreement;
    let mut owner = owner_with_demo();
    let mut member = join(&owner, "Ben Okafor");
    agreement::save_wording(
        &mut owner.store,
        "liability",
        "Each party's liability is limited to the fees of the last twelve months.",
    )
    .expect("owner's wording");
    agreement::save_wording(
        &mut member.store,
        "liability",
        "Neither party is liable for indirect loss.",
    )
    .expect("member's wording");
    meet(&mut owner, &mut member);
    for l in [&owner, &member] {
        let problems = team::problems(l.store.conn()).expect("problems");
        assert!(problems.is_empty(), "{problems:?}");
    }
    assert_eq!(owner.dump(), member.dump());
    let own: i64 = owner
        .store
        .conn()
        .query_row("SELECT count(*) FROM clause_template", [], |r| r.get(0))
        .expect("templates");
    assert_eq!(own, 2, "both wordings are kept");
    assert_eq!(
        agreement::current_template(owner.store.conn()).expect("current"),
        agreement::current_template(member.store.conn()).expect("current"),
        "new versions are written with the same wording on both laptops"
    );
}

#[test]
fn two_laptops_scoring_one_partner_apart_show_the_same_latest_scorecard() {
    use allybook_core::pipeline;
    let mut owner = owner_with_demo();
    let mut member = join(&owner, "Ben Okafor");
    let name: String = owner
        .store
        .conn()
        .query_row(
            "SELECT name FROM prospect p WHERE NOT EXISTS
               (SELECT 1 FROM scorecard s WHERE s.prospect_id = p.id) ORDER BY name LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a prospect not scored yet");
    for (l, score) in [(&mut owner, 2), (&mut member, 5)] {
        let p = l.prospect_named(&name);
        let mut lines = pipeline::scorecard(l.store.conn(), p).expect("card").lines;
        lines[0].score = Some(score);
        lines[0].evidence = format!("scored {score}");
        pipeline::save_scores(&mut l.store, p, &lines).expect("scores");
    }
    meet(&mut owner, &mut member);
    for l in [&owner, &member] {
        let problems = team::problems(l.store.conn()).expect("problems");
        assert!(problems.is_empty(), "{problems:?}");
    }
    assert_eq!(owner.dump(), member.dump());
    let shown = |l: &Laptop| {
        let card = pipeline::scorecard(l.store.conn(), l.prospect_named(&name)).expect("card");
        (
            card.round,
            card.lines[0].score,
            card.lines[0].evidence.clone(),
        )
    };
    assert_eq!(
        shown(&owner),
        shown(&member),
        "both laptops show the same round"
    );
    assert_eq!(shown(&owner).0, 2, "two rounds were started apart");
}
