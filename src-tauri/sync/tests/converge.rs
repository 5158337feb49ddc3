//! Issue 16's randomized property test, over the network: three laptops (three books on disk)
//! and a relay on loopback (`relay::serve`, as `allybook relay` runs it, stopped and started
//! again on the same port and data). Random edits of the kinds a team makes, random laptops
//! online (some as the window — a connection kept open — some as `sync --once`), laptops
//! restarted, the relay down for a while. At the end every book holds the same records and lists
//! the same conflicts, and a model of who knew what says which conflicts there must be:
//! an edit is superseded only by an edit made on a laptop that had received it; every field
//! whose last edits (those nobody superseded) set different values is a listed conflict with
//! exactly those values, and every other edited field holds its one last value.
//!
//! `TEAM_SEEDS` sets how many seeds (20 by default, as in `make test`), `TEAM_SEED_FROM` the
//! first; a failing seed is printed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use allybook_core::agreement::ClauseSelection;
use allybook_core::domain::{ProspectInput, Stage};
use allybook_core::pipeline::{self, ActivityInput, MoveRequest};
use allybook_core::selling::{self, LeadInput, OpportunityInput};
use allybook_core::team::{self, Exclusive, TeamLink};
use allybook_core::{book, contract, demo, Store};
use allybook_sync::relay;

/// The relay, in its own runtime: stopping it drops every connection and the listener.
struct Relay {
    data: PathBuf,
    port: u16,
    rt: Option<tokio::runtime::Runtime>,
}

impl Relay {
    fn start(data: &Path) -> Relay {
        let mut r = Relay {
            data: data.to_path_buf(),
            port: 0,
            rt: None,
        };
        r.up();
        r
    }

    fn up(&mut self) {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let listener = rt
            .block_on(tokio::net::TcpListener::bind(("127.0.0.1", self.port)))
            .expect("the relay's port is free again");
        self.port = listener.local_addr().expect("addr").port();
        rt.spawn(relay::serve(listener, self.data.clone()));
        self.rt = Some(rt);
    }

    fn down(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_timeout(Duration::from_secs(2));
        }
    }

    fn is_up(&self) -> bool {
        self.rt.is_some()
    }

    fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }
}

/// One laptop: its book, how it syncs (a window's kept connection, or `sync --once`), and the
/// edits it has seen (its own and those its book took in).
struct Laptop {
    path: PathBuf,
    store: Store,
    window: Option<allybook_sync::Link>,
    knows: BTreeSet<usize>,
}

impl Laptop {
    fn round(&mut self) -> allybook_core::Result<team::Synced> {
        match &self.window {
            Some(link) => link.sync(&Exclusive::new(&mut self.store)),
            None => allybook_sync::sync_once(&mut self.store),
        }
    }

    /// Closed and opened again: the window's connection goes, the book is reopened from disk.
    fn restart(&mut self, as_window: bool) {
        if let Some(link) = self.window.take() {
            link.disconnect();
        }
        let placeholder_dir = tempfile::tempdir().expect("tmp");
        let placeholder = Store::open(&placeholder_dir.path().join("x.sqlite")).expect("open");
        drop(std::mem::replace(&mut self.store, placeholder));
        self.store = Store::open_existing(&self.path).expect("reopen");
        self.window = as_window.then(allybook_sync::Link::default);
    }

    fn id_of(&self, name: &str) -> i64 {
        self.store
            .conn()
            .query_row("SELECT id FROM prospect WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .expect("prospect by name")
    }

    fn text(&self, sql: &str, id: i64) -> String {
        self.store
            .conn()
            .query_row(sql, [id], |r| r.get(0))
            .expect("value")
    }

    fn names(&self) -> Vec<String> {
        self.store
            .conn()
            .prepare("SELECT name FROM prospect ORDER BY name")
            .expect("q")
            .query_map([], |r| r.get(0))
            .expect("q")
            .collect::<Result<_, _>>()
            .expect("names")
    }

    fn dump(&mut self) -> BTreeMap<String, BTreeMap<String, String>> {
        self.store.dry_run(team::canonical_dump).expect("dump")
    }
}

/// An edit of one field of a record, and what its laptop knew when it was made.
struct FieldEdit {
    /// `prospect` (named by its name) or `opportunity` (named by its customer).
    table: &'static str,
    /// The record's name, as the review lists it (its label).
    record: String,
    field: &'static str,
    value: String,
    knew: BTreeSet<usize>,
}

/// What the laptops did, for the checks at the end.
#[derive(Default)]
struct Log {
    field_edits: BTreeMap<usize, FieldEdit>,
    next: usize,
    prospects_added: Vec<String>,
    opportunities_added: Vec<String>,
    activities: Vec<String>,
    /// The territory each new agreement version was saved with.
    versions: Vec<String>,
    /// (customer, partner) of each registration made.
    leads: Vec<(String, String)>,
}

impl Log {
    fn field_edit(&mut self, l: &mut Laptop, prospect: &str, field: &'static str, value: String) {
        self.edit_of(l, "prospect", prospect, field, value);
    }

    fn edit_of(
        &mut self,
        l: &mut Laptop,
        table: &'static str,
        record: &str,
        field: &'static str,
        value: String,
    ) {
        let id = self.next;
        trace(format_args!(
            "edit {id}: {table} {record} {field} = {value}, knowing {:?}",
            l.knows
        ));
        self.next += 1;
        self.field_edits.insert(
            id,
            FieldEdit {
                table,
                record: record.into(),
                field,
                value,
                knew: l.knows.clone(),
            },
        );
        l.knows.insert(id);
    }
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

/// How the review names a deal: its customer, then this.
const DEAL: &str = " (opportunity)";

const CUSTOMERS: [&str; 3] = [
    "Hofbräu Logistik GmbH",
    "Stadtwerke Rosenheim",
    "Alpenmilch AG",
];

/// The sample book's partners under a signed or active agreement (a lead needs one).
fn partners_under_agreement(s: &Store) -> Vec<String> {
    s.conn()
        .prepare(
            "SELECT DISTINCT p.name FROM prospect p JOIN contract c ON c.prospect_id = p.id
             JOIN contract_version v ON v.contract_id = c.id
             WHERE v.status IN ('signed', 'active') ORDER BY p.name",
        )
        .expect("q")
        .query_map([], |r| r.get(0))
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("partners")
}

/// `TEAM_DEBUG=1` prints what each step did.
fn trace(what: std::fmt::Arguments<'_>) {
    if std::env::var_os("TEAM_DEBUG").is_some() {
        eprintln!("{what}");
    }
}

fn random_edit(rng: &mut Rng, l: &mut Laptop, who: usize, n: usize, log: &mut Log) {
    let names = l.names();
    // Most edits go to three prospects the whole team is working on: that is where edits meet.
    let hot = if rng.below(10) < 7 { 3 } else { names.len() };
    let name = names[rng.below(hot.min(names.len()))].clone();
    let id = l.id_of(&name);
    let today = chrono::Local::now().date_naive();
    match rng.below(11) {
        0 => {
            let new = format!("Partner {who}-{n}");
            book::save_prospect(
                &mut l.store,
                &ProspectInput {
                    name: new.clone(),
                    ..ProspectInput::default()
                },
            )
            .expect("add a prospect");
            log.prospects_added.push(new);
        }
        1 | 2 => {
            let value = format!("step {who}-{n}");
            let mut input = book::prospect_detail(l.store.conn(), id)
                .expect("detail")
                .prospect;
            input.id = Some(id);
            input.next_step = value.clone();
            book::save_prospect(&mut l.store, &input).expect("save the next step");
            log.field_edit(l, &name, "next_step", value);
        }
        3 => {
            let subject = format!("note {who}-{n}");
            pipeline::add_activity(
                &mut l.store,
                &ActivityInput {
                    prospect_id: id,
                    kind: None,
                    occurred_on: String::new(),
                    subject: subject.clone(),
                    body: "Said yes to a call".into(),
                    contact_id: None,
                    follow_up_on: String::new(),
                },
                today,
            )
            .expect("activity");
            log.activities.push(subject);
        }
        4 => {
            let before = l.text("SELECT stage FROM prospect WHERE id = ?1", id);
            let to = [Stage::ShortList, Stage::Vetting, Stage::LongList][rng.below(3)];
            // A move its gate refuses writes nothing.
            let moved = pipeline::move_prospect(
                &mut l.store,
                &MoveRequest {
                    prospect_id: id,
                    to,
                    note: format!("move {who}-{n}"),
                    reason: String::new(),
                    confirm_skip: true,
                },
            );
            let after = l.text("SELECT stage FROM prospect WHERE id = ?1", id);
            if moved.is_ok() && after != before {
                log.field_edit(l, &name, "stage", after);
            }
        }
        5 => {
            let archived = rng.below(2) == 0;
            book::set_archived(&mut l.store, id, archived).expect("archive");
        }
        6 => {
            let partners = partners_under_agreement(&l.store);
            let partner = partners[rng.below(partners.len())].clone();
            let customer = CUSTOMERS[rng.below(CUSTOMERS.len())];
            let prospect_id = l.id_of(&partner);
            let registered = selling::register_lead(
                &mut l.store,
                &LeadInput {
                    prospect_id,
                    customer: customer.into(),
                    customer_domain: String::new(),
                    registered_by: None,
                    registered_on: String::new(),
                    notes: format!("lead {who}-{n}"),
                },
                today,
            );
            if registered.is_ok() {
                log.leads.push((customer.into(), partner));
            }
        }
        7 => {
            // A new version of an agreement (most often the first one): versions are only ever
            // added, and two laptops may number theirs alike.
            let contracts: Vec<i64> = l
                .store
                .conn()
                .prepare("SELECT id FROM contract ORDER BY title, id")
                .expect("q")
                .query_map([], |r| r.get(0))
                .expect("q")
                .collect::<Result<_, _>>()
                .expect("contracts");
            let hot = if rng.below(10) < 7 {
                1
            } else {
                contracts.len()
            };
            if let Some(&c) = contracts.get(rng.below(hot.min(contracts.len()))) {
                let mut terms = contract::version(l.store.conn(), c, None)
                    .expect("latest")
                    .terms;
                let territory = format!("Territory {who}-{n}");
                terms.territory = territory.clone();
                contract::save(&mut l.store, c, &terms, &ClauseSelection::default())
                    .expect("a new version");
                log.versions.push(territory);
            }
        }
        8 => {
            // A joint deal with a partner under agreement.
            let partners = partners_under_agreement(&l.store);
            let partner = partners[rng.below(partners.len())].clone();
            let customer = format!("Deal {who}-{n}");
            let prospect_id = l.id_of(&partner);
            selling::save_opportunity(
                &mut l.store,
                &OpportunityInput {
                    prospect_id,
                    customer: customer.clone(),
                    value_minor: 1_250_000,
                    currency: "EUR".into(),
                    ..OpportunityInput::default()
                },
                today,
            )
            .expect("add an opportunity");
            log.opportunities_added.push(customer);
        }
        9 => {
            // The next step of a deal, most often the first one.
            let deals = selling::opportunities(l.store.conn(), None, today)
                .expect("opportunities")
                .items;
            let hot = if rng.below(10) < 7 { 1 } else { deals.len() };
            if let Some(o) = deals.get(rng.below(hot.min(deals.len()))).cloned() {
                let value = format!("deal step {who}-{n}");
                selling::save_opportunity(
                    &mut l.store,
                    &OpportunityInput {
                        id: Some(o.id),
                        prospect_id: o.prospect_id,
                        customer: o.customer.clone(),
                        customer_domain: o.customer_domain,
                        description: o.description,
                        value_minor: o.value_minor,
                        currency: o.currency,
                        stage: Some(o.stage),
                        lost_reason: o.lost_reason,
                        expected_close_on: o.expected_close_on.unwrap_or_default(),
                        closed_on: o.closed_on.unwrap_or_default(),
                        led_by: Some(o.led_by),
                        next_step: value.clone(),
                        next_step_on: o.next_step_on.unwrap_or_default(),
                    },
                    today,
                )
                .expect("save a deal's next step");
                log.edit_of(l, "opportunity", &o.customer, "next_step", value);
            }
        }
        10 => {
            // A checklist item ticked or unticked (the same few items on every laptop: two
            // ticks of one item made apart must end as one).
            let items = pipeline::checklist(l.store.conn(), id).expect("checklist");
            if let Some(item) = items.get(rng.below(3.min(items.len()))) {
                let done = item.done_on.is_none() || rng.below(3) == 0;
                pipeline::set_checklist_item(&mut l.store, id, item.id, done, today).expect("tick");
            }
        }
        _ => {
            // The user settles a next step in review by keeping one of its values.
            let listed = team::conflicts(l.store.conn()).expect("conflicts");
            let open: Vec<_> = listed.iter().filter(|c| c.field == "next_step").collect();
            if let Some(c) = open.get(rng.below(open.len())) {
                let chosen = c.values[rng.below(c.values.len())].value.clone();
                team::choose(&mut l.store, &c.record, &c.field, &chosen).expect("choose");
                let value = chosen.as_str().unwrap_or_default().to_string();
                match c.label.strip_suffix(DEAL) {
                    Some(customer) => log.edit_of(l, "opportunity", customer, "next_step", value),
                    None => log.edit_of(l, "prospect", &c.label, "next_step", value),
                }
            }
        }
    }
}

/// A round that reached the relay: the laptop sent all it had and received all the relay had.
fn synced(l: &mut Laptop, relay_knows: &mut BTreeSet<usize>) {
    relay_knows.extend(l.knows.iter().copied());
    l.knows.extend(relay_knows.iter().copied());
}

fn converge(seed: u64) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let dir = tempfile::tempdir().expect("tmp");
    let mut relay = Relay::start(&dir.path().join("relay"));

    let owner_path = dir.path().join("owner.sqlite");
    let mut owner = Store::open(&owner_path).expect("owner");
    book::set_user_name(&mut owner, "Anna Weber").expect("name");
    demo::load(&mut owner).expect("demo");
    let invite = allybook_sync::create(&mut owner, &relay.url(), None).expect("team create");
    let mut laptops = vec![Laptop {
        path: owner_path,
        store: owner,
        window: None,
        knows: BTreeSet::new(),
    }];
    for member in ["Ben Okafor", "Chiara Rossi"] {
        let path = dir.path().join(format!("{member}.sqlite"));
        let mut store = Store::open(&path).expect("member");
        allybook_sync::join(&mut store, &invite, Some(member)).expect("join");
        laptops.push(Laptop {
            path,
            store,
            window: None,
            knows: BTreeSet::new(),
        });
    }
    for (i, l) in laptops.iter_mut().enumerate() {
        let as_window = (seed as usize + i).is_multiple_of(2);
        l.restart(as_window);
    }

    let mut log = Log::default();
    let mut relay_knows = BTreeSet::new();
    // Some seeds take the relay down for a few steps (every laptop is offline meanwhile).
    let outage = seed.is_multiple_of(3).then(|| 10 + rng.below(15));
    for n in 0..40 {
        if outage == Some(n) {
            relay.down();
        }
        if outage.is_some_and(|at| n == at + 4) {
            relay.up();
        }
        let who = rng.below(3);
        trace(format_args!("{n}: laptop {who} edits"));
        random_edit(&mut rng, &mut laptops[who], who, n, &mut log);
        match rng.below(6) {
            0 => {
                let which = rng.below(3);
                let as_window = rng.below(2) == 0;
                laptops[which].restart(as_window);
                trace(format_args!(
                    "{n}: laptop {which} restarts, window {as_window}"
                ));
            }
            1..=3 => {
                // A laptop online for a round — unless the relay is down.
                let which = rng.below(3);
                let l = &mut laptops[which];
                trace(format_args!(
                    "{n}: laptop {which} round, relay up {}",
                    relay.is_up()
                ));
                if relay.is_up() {
                    l.round()
                        .unwrap_or_else(|e| panic!("seed {seed}: round at step {n}: {e}"));
                    synced(l, &mut relay_knows);
                } else if n == outage.unwrap_or(usize::MAX) + 1 {
                    let waiting = team::waiting(&l.store).expect("waiting");
                    let err = l.round().expect_err("the relay is down");
                    assert!(
                        err.to_string().contains("not reachable"),
                        "seed {seed}: {err}"
                    );
                    // Kept, and perhaps more: the round's first step takes in what the copies
                    // received after the last one, and what that brings can make changes of
                    // this laptop's own (a customer registered twice marked as a lead conflict,
                    // a tick made twice apart withdrawn), which wait too.
                    let after = team::waiting(&l.store).expect("waiting");
                    assert!(
                        after >= waiting,
                        "seed {seed}: a failed round keeps the changes waiting ({waiting} before, {after} after)"
                    );
                }
            }
            _ => {}
        }
    }
    if !relay.is_up() {
        relay.up();
    }
    // Everyone comes online, a few times over, until nothing moves.
    for _ in 0..3 {
        for l in laptops.iter_mut() {
            l.round()
                .unwrap_or_else(|e| panic!("seed {seed}: final round: {e}"));
            synced(l, &mut relay_knows);
        }
    }

    let concurrent = check(seed, &mut laptops, &log);
    eprintln!(
        "seed {seed}: {} field edits, {concurrent} fields set concurrently, {} prospects, {} deals and {} activities added, {} leads registered{}",
        log.field_edits.len(),
        log.prospects_added.len(),
        log.opportunities_added.len(),
        log.activities.len(),
        log.leads.len(),
        if outage.is_some() { ", relay down for 4 steps" } else { "" }
    );
    for l in &laptops {
        if let Some(link) = &l.window {
            link.disconnect();
        }
    }
    relay.down();
}

/// The checks at the end; how many fields were set concurrently (each a listed conflict).
fn check(seed: u64, laptops: &mut [Laptop], log: &Log) -> usize {
    for l in laptops.iter() {
        assert!(
            team::problems(l.store.conn()).expect("problems").is_empty(),
            "seed {seed}: {:?}",
            team::problems(l.store.conn())
        );
        assert_eq!(team::waiting(&l.store).expect("waiting"), 0, "seed {seed}");
    }
    let dumps: Vec<_> = laptops.iter_mut().map(|l| l.dump()).collect();
    for other in 1..dumps.len() {
        if dumps[0] != dumps[other] {
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
            }
            panic!("seed {seed}: laptops 0 and {other} differ: {differ:#?}");
        }
    }
    let listed = team::conflicts(laptops[0].store.conn()).expect("conflicts");
    for l in laptops.iter().skip(1) {
        assert_eq!(
            listed,
            team::conflicts(l.store.conn()).expect("conflicts"),
            "seed {seed}: conflict lists differ"
        );
    }

    // Every edit is there or in review: per field, the edits nobody superseded.
    let mut by_field: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
    for (id, e) in &log.field_edits {
        by_field
            .entry((e.table, e.record.as_str(), e.field))
            .or_default()
            .push(*id);
    }
    let l = &laptops[0];
    let mut concurrent = 0;
    for ((table, prospect, field), edits) in &by_field {
        let last: BTreeSet<&str> = edits
            .iter()
            .filter(|e| {
                !edits
                    .iter()
                    .any(|later| later != *e && log.field_edits[later].knew.contains(e))
            })
            .map(|e| log.field_edits[e].value.as_str())
            .collect();
        let in_review: Vec<_> = listed
            .iter()
            .filter(|c| {
                c.field == *field
                    && match *table {
                        "opportunity" => c.label.strip_suffix(DEAL) == Some(*prospect),
                        _ => c.label == *prospect,
                    }
            })
            .collect();
        let held = match *table {
            "opportunity" => l
                .store
                .conn()
                .query_row(
                    &format!("SELECT {field} FROM opportunity WHERE customer = ?1"),
                    [prospect],
                    |r| r.get(0),
                )
                .expect("the deal's value"),
            _ => l.text(
                &format!("SELECT {field} FROM prospect WHERE id = ?1"),
                l.id_of(prospect),
            ),
        };
        if last.len() > 1 {
            concurrent += 1;
            assert_eq!(
                in_review.len(),
                1,
                "seed {seed}: {prospect} {field} was set to {last:?} concurrently: one item to review, listed {listed:#?}"
            );
            let values: BTreeSet<&str> = in_review[0]
                .values
                .iter()
                .filter_map(|v| v.value.as_str())
                .collect();
            assert_eq!(
                values, last,
                "seed {seed}: {prospect} {field}: the review shows the concurrent values"
            );
            assert!(
                last.contains(held.as_str()),
                "seed {seed}: {prospect} {field} holds {held:?}, not one of {last:?}"
            );
        } else {
            assert!(
                in_review.is_empty(),
                "seed {seed}: {prospect} {field}: nothing concurrent, yet in review: {in_review:#?}"
            );
            assert_eq!(
                last.iter().next().copied(),
                Some(held.as_str()),
                "seed {seed}: {prospect} {field} holds the last edit"
            );
        }
    }

    // What is only ever added is all there.
    for name in &log.prospects_added {
        l.id_of(name);
    }
    let count = |sql: &str, value: &str| -> i64 {
        l.store
            .conn()
            .query_row(sql, [value], |r| r.get(0))
            .expect("count")
    };
    for customer in &log.opportunities_added {
        let n = count(
            "SELECT count(*) FROM opportunity WHERE customer = ?1",
            customer,
        );
        assert_eq!(n, 1, "seed {seed}: deal {customer:?}");
    }
    for territory in &log.versions {
        let n = count(
            "SELECT count(*) FROM contract_version WHERE terms_json LIKE '%' || ?1 || '\"%'",
            territory,
        );
        assert_eq!(n, 1, "seed {seed}: the version with {territory:?}");
    }
    for subject in &log.activities {
        let n = count("SELECT count(*) FROM activity WHERE subject = ?1", subject);
        assert_eq!(n, 1, "seed {seed}: activity {subject:?}");
    }
    // Two partners registering one customer: a lead conflict, whoever registered first.
    let customers: BTreeSet<&str> = log.leads.iter().map(|(c, _)| c.as_str()).collect();
    for customer in customers {
        let partners: BTreeSet<&str> = log
            .leads
            .iter()
            .filter(|(c, _)| c == customer)
            .map(|(_, p)| p.as_str())
            .collect();
        let flagged: i64 = l
            .store
            .conn()
            .query_row(
                "SELECT count(*) FROM lead_registration
                 WHERE customer = ?1 AND conflict_with IS NOT NULL",
                [customer],
                |r| r.get(0),
            )
            .expect("leads");
        if partners.len() > 1 {
            assert!(
                flagged >= 1,
                "seed {seed}: {customer} registered for {partners:?}, no lead conflict"
            );
        }
    }
    concurrent
}

#[test]
fn three_laptops_through_a_relay_converge_and_list_every_concurrent_edit() {
    let var = |name: &str, default: u64| -> u64 {
        std::env::var(name)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let from = var("TEAM_SEED_FROM", 1);
    let seeds = var("TEAM_SEEDS", 20);
    for seed in from..from + seeds {
        let started = std::time::Instant::now();
        converge(seed);
        eprintln!("seed {seed}: {:.1} s", started.elapsed().as_secs_f64());
    }
}
