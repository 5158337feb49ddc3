//! A relay on loopback and laptops (books in a temporary folder) syncing through it, as
//! `allybook relay`, `team create`, `team join` and `sync --once` do.

use std::path::Path;

use allybook_core::domain::ProspectInput;
use allybook_core::{book, demo, team, Store};
use allybook_sync::{relay, Invite};

fn start_relay(data: &Path) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    let data = data.to_path_buf();
    std::thread::spawn(move || {
        let _ = relay::run("127.0.0.1:0", data, None, |url| {
            let _ = tx.send(url);
        });
    });
    rx.recv().expect("the relay says where it listens")
}

fn dump(
    s: &mut Store,
) -> std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> {
    s.dry_run(team::canonical_dump).expect("dump")
}

/// The owner's laptop: the sample book in `dir/owner.sqlite`, its user Anna Weber.
fn owner_book(dir: &Path) -> Store {
    let mut owner = Store::open(&dir.join("owner.sqlite")).expect("owner");
    book::set_user_name(&mut owner, "Anna Weber").expect("name");
    demo::load(&mut owner).expect("demo");
    owner
}

/// The next step the book holds for the prospect `name`.
fn next_step_of(s: &Store, name: &str) -> String {
    s.conn()
        .query_row(
            "SELECT next_step FROM prospect WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .expect("next step")
}

/// The name of the book's first prospect, by name.
fn first_prospect(s: &Store) -> String {
    s.conn()
        .query_row("SELECT name FROM prospect ORDER BY name LIMIT 1", [], |r| {
            r.get(0)
        })
        .expect("a prospect")
}

fn set_next_step(s: &mut Store, name: &str, next: &str) {
    let id: i64 = s
        .conn()
        .query_row("SELECT id FROM prospect WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .expect("prospect");
    let mut input: ProspectInput = book::prospect_detail(s.conn(), id)
        .expect("detail")
        .prospect;
    input.id = Some(id);
    input.next_step = next.into();
    book::save_prospect(s, &input).expect("save");
}

#[test]
fn a_team_book_through_a_relay_on_loopback() {
    let dir = tempfile::tempdir().expect("tmp");
    let relay = start_relay(&dir.path().join("relay"));

    let mut owner = owner_book(dir.path());
    let invite = allybook_sync::create(&mut owner, &relay, None).expect("team create");
    let invite = Invite::decode(&invite.encode()).expect("the invite reads back");

    // A new laptop joins with the invite and receives the whole book.
    let mut member = Store::open(&dir.path().join("member.sqlite")).expect("member");
    let joined = allybook_sync::join(&mut member, &invite, Some("Ben Okafor")).expect("join");
    assert!(joined.received > 20, "{joined:?}");
    assert!(
        dump(&mut owner) == dump(&mut member),
        "the joined book is the owner's"
    );

    // An edit on one laptop reaches the other after a round on each.
    let name = first_prospect(&member);
    set_next_step(&mut member, &name, "Workshop on the 14th");
    let sent = allybook_sync::sync_once(&mut member).expect("sync member");
    assert_eq!(sent.sent, 1, "{sent:?}");
    assert_eq!(sent.waiting, 0);
    let got = allybook_sync::sync_once(&mut owner).expect("sync owner");
    assert!(got.received >= 1, "{got:?}");
    let next = next_step_of(&owner, &name);
    assert_eq!(next, "Workshop on the 14th");

    // Both edit the same field offline: after a round each (and one more for the first), both
    // list the same conflict with both values.
    set_next_step(&mut owner, &name, "Owner's plan");
    set_next_step(&mut member, &name, "Member's plan");
    // (The member's round writes its change again after receiving the owner's — its outbox is
    // kept until the relay confirms — and must not settle the conflict in its own favour.)
    allybook_sync::sync_once(&mut owner).expect("sync");
    let r = allybook_sync::sync_once(&mut member).expect("sync");
    assert_eq!((r.sent, r.received, r.conflicts), (1, 1, 1), "{r:?}");
    allybook_sync::sync_once(&mut owner).expect("sync");
    let a = team::conflicts(owner.conn()).expect("conflicts");
    let b = team::conflicts(member.conn()).expect("conflicts");
    assert_eq!(a, b);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].field, "next_step");
    let by: Vec<&str> = a[0].values.iter().map(|v| v.by.as_str()).collect();
    assert!(
        by.contains(&"Anna Weber") && by.contains(&"Ben Okafor"),
        "{by:?}"
    );
    assert!(
        dump(&mut owner) == dump(&mut member),
        "both books hold the same records"
    );

    // A wrong secret is refused by the relay, and says what to do.
    let mut stranger = Store::open(&dir.path().join("stranger.sqlite")).expect("stranger");
    let mut forged = invite.clone();
    forged.secret = "0".repeat(64);
    let err = allybook_sync::join(&mut stranger, &forged, Some("Eve")).expect_err("refused");
    assert!(err.to_string().contains("refused"), "{err}");
}

#[test]
fn an_unreachable_relay_is_an_offline_message_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let path = dir.path().join("owner.sqlite");
    let mut owner = owner_book(dir.path());
    let err = allybook_sync::create(&mut owner, &format!("ws://127.0.0.1:{port}"), None)
        .expect_err("offline");
    assert!(err.to_string().contains("not reachable"), "{err}");
    assert!(
        team::team(owner.conn()).expect("team").is_none(),
        "still a single-user book"
    );
    let ids: i64 = owner
        .conn()
        .query_row("SELECT count(*) FROM sync_gid", [], |r| r.get(0))
        .expect("count");
    assert_eq!(ids, 0, "no record was given a global id");
    assert!(
        !allybook_sync::documents_dir(&path).exists(),
        "no folder of documents left behind"
    );
}

#[test]
fn each_colleague_has_an_invite_and_a_revoked_one_is_shut_out() {
    use allybook_core::team::Exclusive;
    let dir = tempfile::tempdir().expect("tmp");
    let relay = start_relay(&dir.path().join("relay"));
    let mut owner = owner_book(dir.path());
    let first = allybook_sync::create(&mut owner, &relay, None).expect("team create");

    // Ben gets an invite of his own and joins with it.
    let for_ben = allybook_sync::invite_with(&Exclusive::new(&mut owner), "Ben Okafor")
        .expect("invite for Ben");
    assert_ne!(for_ben.secret, first.secret, "each invite has its own key");
    let owner_secret = team::team(owner.conn())
        .expect("team")
        .expect("a team")
        .secret;
    assert_ne!(
        for_ben.secret, owner_secret,
        "the owner's secret never leaves the laptop"
    );
    let mut ben = Store::open(&dir.path().join("ben.sqlite")).expect("ben");
    allybook_sync::join(&mut ben, &for_ben, Some("Ben Okafor")).expect("Ben joins");
    let list = allybook_sync::invites_with(&Exclusive::new(&mut owner)).expect("invites");
    let names: Vec<&str> = list.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, [allybook_sync::FIRST_INVITE, "Ben Okafor"]);
    let bens = list[1].clone();
    assert_eq!(bens.id, allybook_sync::invite_id(&for_ben));
    assert!(bens.last_seen.is_some(), "Ben's laptop used it: {bens:?}");
    assert!(list[0].last_seen.is_none() && list[0].revoked_at.is_none());

    // Only the owner makes and revokes invites; an empty name is asked for.
    let err = allybook_sync::invite_with(&Exclusive::new(&mut ben), "Eve").expect_err("member");
    assert!(
        err.to_string().contains("only the team book's owner"),
        "{err}"
    );
    let err = allybook_sync::invite_with(&Exclusive::new(&mut owner), "  ").expect_err("no name");
    assert!(err.to_string().contains("whom the invite is for"), "{err}");

    // Ben's laptop holds a connection open (as the window's would) when his invite is revoked:
    // the relay cuts it.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let url = allybook_sync::book_url(&relay, &for_ben.book).expect("url");
    let mut open = rt.block_on(async {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let mut req = url.as_str().into_client_request().expect("request");
        req.headers_mut().insert(
            "authorization",
            format!("Bearer {}", for_ben.secret)
                .parse()
                .expect("header"),
        );
        tokio_tungstenite::connect_async(req)
            .await
            .expect("Ben connects")
            .0
    });
    let after = allybook_sync::revoke_with(&Exclusive::new(&mut owner), &bens.id).expect("revoke");
    assert!(after[1].revoked_at.is_some(), "{after:?}");
    let cut = rt.block_on(async {
        use futures::StreamExt;
        tokio::time::timeout(std::time::Duration::from_secs(5), async {
            loop {
                match open.next().await {
                    None | Some(Err(_)) => return,
                    Some(Ok(m)) if m.is_close() => return,
                    Some(Ok(_)) => {}
                }
            }
        })
        .await
    });
    assert!(
        cut.is_ok(),
        "the revoked invite's open connection was not cut"
    );

    // From now on the relay refuses Ben's laptop and says what to do; his changes stay local.
    let name = first_prospect(&ben);
    let before = team::waiting(&ben).expect("waiting");
    set_next_step(&mut ben, &name, "Call Anna");
    let err = allybook_sync::sync_once(&mut ben).expect_err("revoked");
    assert!(err.to_string().contains("revoked"), "{err}");
    assert!(
        team::waiting(&ben).expect("waiting") > before,
        "Ben's change is kept"
    );
    let mut again = Store::open(&dir.path().join("again.sqlite")).expect("again");
    allybook_sync::join(&mut again, &for_ben, Some("Ben"))
        .expect_err("a revoked invite joins nothing");
    // The others are not affected.
    allybook_sync::sync_once(&mut owner).expect("the owner syncs");
    let mut carl = Store::open(&dir.path().join("carl.sqlite")).expect("carl");
    allybook_sync::join(&mut carl, &first, Some("Carl")).expect("the first invite still works");
    let err = allybook_sync::revoke_with(&Exclusive::new(&mut owner), "nosuchinvite")
        .expect_err("unknown");
    assert!(err.to_string().contains("no invite"), "{err}");
}

#[test]
fn a_connection_kept_open_brings_the_teams_edit_without_a_new_connection() {
    use allybook_core::team::{Exclusive, TeamLink};
    let dir = tempfile::tempdir().expect("tmp");
    let relay = start_relay(&dir.path().join("relay"));
    let mut owner = owner_book(dir.path());
    let invite = allybook_sync::create(&mut owner, &relay, None).expect("team create");
    let mut member = Store::open(&dir.path().join("member.sqlite")).expect("member");
    allybook_sync::join(&mut member, &invite, Some("Ben Okafor")).expect("join");

    // Each laptop's window: a link that keeps its connection open after the first round.
    let (a, b) = (
        allybook_sync::Link::default(),
        allybook_sync::Link::default(),
    );
    a.sync(&Exclusive::new(&mut owner))
        .expect("owner's first round");
    b.sync(&Exclusive::new(&mut member))
        .expect("member's first round");
    assert!(!b.pending(), "nothing new yet");

    let name = first_prospect(&owner);
    for (i, plan) in ["Call on Monday", "Workshop on the 14th"]
        .iter()
        .enumerate()
    {
        set_next_step(&mut owner, &name, plan);
        let sent = a.sync(&Exclusive::new(&mut owner)).expect("owner's round");
        assert_eq!((sent.sent, sent.waiting), (1, 0), "{sent:?}");
        // The relay passes it on to the open connection: the member's link says so...
        arrives(&b, &format!("edit {i}"));
        // ...and its next round writes it into the book.
        let got = b
            .sync(&Exclusive::new(&mut member))
            .expect("member's round");
        assert!(got.received >= 1, "{got:?}");
        assert_eq!(&next_step_of(&member, &name), plan);
        assert!(!b.pending());
    }

    // Both edit the same field while connected: a conflict on both, as offline. (A round ends
    // when this laptop has what the relay has announced; an edit the relay took a moment ago
    // may come with the next round, which `pending` asks for. The test waits for it.)
    set_next_step(&mut owner, &name, "Owner's plan");
    set_next_step(&mut member, &name, "Member's plan");
    a.sync(&Exclusive::new(&mut owner)).expect("round");
    arrives(&b, "the owner's plan");
    b.sync(&Exclusive::new(&mut member)).expect("round");
    arrives(&a, "the member's plan");
    a.sync(&Exclusive::new(&mut owner)).expect("round");
    let listed = team::conflicts(owner.conn()).expect("conflicts");
    assert_eq!(listed, team::conflicts(member.conn()).expect("conflicts"));
    assert_eq!(listed.len(), 1, "{listed:?}");

    // The owner's edit has arrived on the member's open connection, but not yet in the book,
    // when the member edits the same field: the member did not see it, so it is a conflict too
    // (not overwritten because the member's write came later).
    let choose_first = |s: &mut Store| {
        let c = team::conflicts(s.conn()).expect("conflicts");
        let v = c[0].values[0].value.clone();
        team::choose(s, &c[0].record, &c[0].field, &v).expect("choose");
    };
    choose_first(&mut owner);
    a.sync(&Exclusive::new(&mut owner)).expect("round");
    arrives(&b, "the owner's choice");
    b.sync(&Exclusive::new(&mut member)).expect("round");
    assert!(team::conflicts(member.conn())
        .expect("conflicts")
        .is_empty());
    set_next_step(&mut owner, &name, "Owner's second plan");
    a.sync(&Exclusive::new(&mut owner)).expect("round");
    arrives(&b, "the owner's second plan");
    set_next_step(&mut member, &name, "Member's second plan");
    b.sync(&Exclusive::new(&mut member)).expect("round");
    arrives(&a, "the member's second plan");
    a.sync(&Exclusive::new(&mut owner)).expect("round");
    let listed = team::conflicts(member.conn()).expect("conflicts");
    assert_eq!(listed, team::conflicts(owner.conn()).expect("conflicts"));
    let mut values: Vec<String> = listed
        .iter()
        .flat_map(|c| c.values.iter().map(|v| v.value.to_string()))
        .collect();
    values.sort();
    assert_eq!(
        values,
        ["\"Member's second plan\"", "\"Owner's second plan\""],
        "{listed:?}"
    );

    // While the window's link holds the member's copies, `sync --once` on the same book waits
    // for it, then says so instead of opening a second store over them.
    let mut beside = Store::open_existing(&dir.path().join("member.sqlite")).expect("open");
    let err = allybook_sync::sync_once(&mut beside).expect_err("the window holds the copies");
    assert!(err.to_string().contains("its window"), "{err}");

    // The member leaves the team: the link lets go of its connection (and of the copies).
    b.disconnect();
    assert!(!b.pending());
    allybook_sync::sync_once(&mut beside).expect("a round once the window let go");
}

/// Waits (10 s at most) until `link`'s open connection has brought the team's news: `what`.
fn arrives(link: &allybook_sync::Link, what: &str) {
    use allybook_core::team::TeamLink;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !link.pending() {
        assert!(
            std::time::Instant::now() < deadline,
            "{what} did not arrive on the open connection"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// A TCP proxy on loopback in front of the relay that can go silent: it then passes no byte
/// either way and keeps every socket open — a network gone without closing anything (a lid shut
/// and opened elsewhere, a Wi-Fi that dropped).
struct Proxy {
    url: String,
    silent: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

fn proxy_to(relay: &str) -> Proxy {
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicBool, Ordering};
    let target = relay.trim_start_matches("ws://").to_string();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("ws://{}", listener.local_addr().expect("addr"));
    let silent = std::sync::Arc::new(AtomicBool::new(false));
    let flag = silent.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = std::net::TcpStream::connect(&target) else {
                continue;
            };
            for (mut from, mut to) in [
                (
                    client.try_clone().expect("clone"),
                    server.try_clone().expect("clone"),
                ),
                (server, client),
            ] {
                let flag = flag.clone();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 16 * 1024];
                    while let Ok(n) = from.read(&mut buf) {
                        if n == 0 {
                            let _ = to.shutdown(std::net::Shutdown::Write);
                            break;
                        }
                        if !flag.load(Ordering::SeqCst) && to.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                });
            }
        }
    });
    Proxy { url, silent }
}

#[test]
fn a_relay_that_stops_answering_is_noticed_and_the_next_round_connects_again() {
    use allybook_core::team::{Exclusive, TeamLink};
    use std::sync::atomic::Ordering;
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().expect("tmp");
    let relay = start_relay(&dir.path().join("relay"));
    let mut owner = owner_book(dir.path());
    let mut invite = allybook_sync::create(&mut owner, &relay, None).expect("team create");
    // The colleague reaches the relay through a network that can go silent.
    let proxy = proxy_to(&relay);
    invite.relay = proxy.url.clone();
    let mut member = Store::open(&dir.path().join("member.sqlite")).expect("member");
    allybook_sync::join(&mut member, &invite, Some("Ben Okafor")).expect("join");
    let keep = allybook_sync::Keepalive {
        every: Duration::from_millis(200),
        idle: Duration::from_millis(1500),
    };
    let link = allybook_sync::Link::with_keepalive(keep);
    link.sync(&Exclusive::new(&mut member))
        .expect("first round");

    // A quiet connection stays: the relay answers the pings.
    std::thread::sleep(Duration::from_secs(3));
    assert!(!link.pending(), "a healthy quiet connection was given up");

    // The network goes silent: the link notices within the idle time (the window then runs a
    // round, which says "offline" if the relay is still out of reach).
    proxy.silent.store(true, Ordering::SeqCst);
    let silent_at = Instant::now();
    while !link.pending() {
        assert!(
            silent_at.elapsed() < Duration::from_secs(10),
            "a relay that stopped answering went unnoticed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let noticed = silent_at.elapsed();
    assert!(noticed >= Duration::from_millis(1000), "{noticed:?}");

    // The network is back: the next round connects again and brings the owner's edit.
    proxy.silent.store(false, Ordering::SeqCst);
    let name = first_prospect(&owner);
    set_next_step(&mut owner, &name, "Call them back");
    allybook_sync::sync_once(&mut owner).expect("owner's round");
    link.sync(&Exclusive::new(&mut member))
        .expect("a round after the network came back");
    let next = next_step_of(&member, &name);
    assert_eq!(next, "Call them back");
    link.disconnect();
}
