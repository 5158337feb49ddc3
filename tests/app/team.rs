//! Team books through the real executable: `allybook relay` on loopback, two books joined to
//! it, a conflict listed and resolved with `conflicts` and `resolve`, and the unlucky paths —
//! the relay gone mid-work, `sync` killed at random moments.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use allybook_core::{team, Store};
use rand::Rng;

fn allybook(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_allybook"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ALLYBOOK_DB")
        .env_remove("RUST_LOG")
        .output()
        .expect("run allybook")
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "allybook failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

struct Relay {
    child: Child,
    url: String,
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `allybook relay` on a free loopback port (or `port`), storing into `data`.
fn relay(data: &Path, port: u16) -> Relay {
    relay_with(data, port, &[])
}

fn relay_with(data: &Path, port: u16, extra: &[&str]) -> Relay {
    let mut child = Command::new(env!("CARGO_BIN_EXE_allybook"))
        .args(["relay", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(data)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the relay");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the relay says where it listens");
    let url = line
        .trim()
        .strip_prefix("relay listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    Relay { child, url }
}

fn port_of(url: &str) -> u16 {
    url.rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port")
}

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// An owner's demo book made a team book at `relay`, and a colleague's book joined to it.
fn team_of_two(dir: &Path, relay: &Relay) -> (PathBuf, PathBuf) {
    let owner = dir.join("owner.sqlite");
    let member = dir.join("member.sqlite");
    ok(allybook(&owner, &["demo"]));
    let invite_file = dir.join("invite.txt");
    let created = json(&ok(allybook(
        &owner,
        &[
            "team",
            "create",
            "--relay",
            &relay.url,
            "--member",
            "Anna Weber",
            "--invite-file",
            invite_file.to_str().expect("path"),
            "--json",
        ],
    )));
    let invite = created["invite"].as_str().expect("invite").to_string();
    assert_eq!(
        std::fs::read_to_string(&invite_file)
            .expect("invite file")
            .trim(),
        invite
    );
    let joined = json(&ok(allybook(
        &member,
        &["team", "join", &invite, "--member", "Ben Okafor", "--json"],
    )));
    assert!(joined["received"].as_u64().unwrap_or(0) > 100, "{joined}");
    (owner, member)
}

fn first_long_list(db: &Path) -> String {
    let list = json(&ok(allybook(
        db,
        &["prospects", "--json", "--limit", "500"],
    )));
    list.as_array()
        .expect("array")
        .iter()
        .find(|p| p["stage"] == "long_list")
        .and_then(|p| p["name"].as_str())
        .expect("a long-list prospect")
        .to_string()
}

#[test]
fn the_owner_makes_an_invite_per_colleague_and_revokes_one() {
    let dir = tempfile::tempdir().expect("tmp");
    let relay = relay(&dir.path().join("relay"), 0);
    let (owner, member) = team_of_two(dir.path(), &relay);
    let carls = json(&ok(allybook(
        &owner,
        &["team", "invite", "--for", "Carl Berg", "--json"],
    )));
    let carl = dir.path().join("carl.sqlite");
    ok(allybook(
        &carl,
        &[
            "team",
            "join",
            carls["invite"].as_str().expect("invite"),
            "--member",
            "Carl Berg",
        ],
    ));
    let list = json(&ok(allybook(&owner, &["team", "invites", "--json"])));
    let names: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert_eq!(names, ["first invite", "Carl Berg"], "{list}");
    assert_eq!(list[1]["id"], carls["id"]);

    // A colleague's laptop cannot make invites.
    let o = allybook(&member, &["team", "invite", "--for", "Eve"]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("only the team book's owner"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // Carl's invite revoked: his laptop is refused and told why; the others sync on.
    let id = carls["id"].as_str().expect("id");
    let out = ok(allybook(&owner, &["team", "revoke", id]));
    assert!(out.contains("revoked"), "{out}");
    let o = allybook(&carl, &["sync", "--once"]);
    assert!(!o.status.success(), "a revoked invite still syncs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("revoked") && err.contains("owner"), "{err}");
    ok(allybook(&member, &["sync", "--once"]));
    let list = json(&ok(allybook(&owner, &["team", "invites", "--json"])));
    assert!(list[1]["revoked_at"].is_string(), "{list}");
    assert!(list[0]["revoked_at"].is_null(), "{list}");
}

#[test]
fn a_relay_with_its_own_tls_certificate() {
    let dir = tempfile::tempdir().expect("tmp");
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
        .expect("a self-signed certificate");
    let cert_file = dir.path().join("relay.crt");
    let key_file = dir.path().join("relay.key");
    std::fs::write(&cert_file, cert.cert.pem()).expect("write");
    std::fs::write(&key_file, cert.signing_key.serialize_pem()).expect("write");

    // A key that does not go with the certificate: the relay says which files, and does not start.
    let other = rcgen::generate_simple_self_signed(vec!["elsewhere".into()]).expect("cert");
    let wrong_key = dir.path().join("wrong.key");
    std::fs::write(&wrong_key, other.signing_key.serialize_pem()).expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_allybook"))
        .args(["relay", "--listen", "127.0.0.1:0", "--data"])
        .arg(dir.path().join("relay"))
        .arg("--tls-cert")
        .arg(&cert_file)
        .arg("--tls-key")
        .arg(&wrong_key)
        .output()
        .expect("run");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("wrong.key") && err.contains("relay.crt"),
        "{err}"
    );

    let relay = relay_with(
        &dir.path().join("relay"),
        0,
        &[
            "--tls-cert",
            cert_file.to_str().expect("path"),
            "--tls-key",
            key_file.to_str().expect("path"),
        ],
    );
    assert!(relay.url.starts_with("wss://127.0.0.1:"), "{}", relay.url);
    let owner = dir.path().join("owner.sqlite");
    ok(allybook(&owner, &["demo"]));

    // A certificate this laptop does not trust: refused at once with what to do; nothing changed.
    let o = allybook(
        &owner,
        &["team", "create", "--relay", &relay.url, "--member", "Anna"],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cannot be trusted") && err.contains("SSL_CERT_FILE"),
        "{err}"
    );
    assert_eq!(
        ok(allybook(&owner, &["team", "show", "--json"])).trim(),
        "null"
    );

    // Trusted (the team's own authority in SSL_CERT_FILE): the book goes over TLS.
    let trusted = |db: &Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_allybook"))
            .arg("--db")
            .arg(db)
            .args(args)
            .env("SSL_CERT_FILE", &cert_file)
            .env_remove("RUST_LOG")
            .output()
            .expect("run allybook")
    };
    let created = json(&ok(trusted(
        &owner,
        &[
            "team", "create", "--relay", &relay.url, "--member", "Anna", "--json",
        ],
    )));
    let member = dir.path().join("member.sqlite");
    let joined = json(&ok(trusted(
        &member,
        &[
            "team",
            "join",
            created["invite"].as_str().expect("invite"),
            "--member",
            "Ben",
            "--json",
        ],
    )));
    assert!(joined["received"].as_u64().unwrap_or(0) > 100, "{joined}");
    let name = first_long_list(&member);
    ok(allybook(
        &member,
        &["move", &name, "paused", "--reason", "over TLS"],
    ));
    ok(trusted(&member, &["sync", "--once"]));
    ok(trusted(&owner, &["sync", "--once"]));
    let list = json(&ok(allybook(
        &owner,
        &["prospects", "--json", "--limit", "500"],
    )));
    let moved = list
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["name"] == name.as_str())
        .expect("the prospect");
    assert_eq!(moved["stage"], "paused", "{moved}");
}

#[test]
fn two_books_through_a_relay_list_a_conflict_and_resolve_it_everywhere() {
    let dir = tempfile::tempdir().expect("tmp");
    let relay = relay(&dir.path().join("relay"), 0);
    let (owner, member) = team_of_two(dir.path(), &relay);
    let name = first_long_list(&owner);

    // Both move the same partner offline, to different stages.
    ok(allybook(
        &owner,
        &["move", &name, "short_list", "--note", "Fits"],
    ));
    // A second later: the moves' dates differ too.
    std::thread::sleep(Duration::from_millis(1100));
    ok(allybook(
        &member,
        &["move", &name, "paused", "--reason", "Wait for Q2"],
    ));
    let r = json(&ok(allybook(&owner, &["sync", "--once", "--json"])));
    for field in ["sent", "received", "conflicts", "problems", "waiting"] {
        assert!(r.get(field).is_some(), "sync --json has {field}: {r}");
    }
    ok(allybook(&member, &["sync", "--once"]));
    ok(allybook(&owner, &["sync", "--once"]));

    // The contract of `conflicts --json`: [{"record", "field", "values": [{"value", "by", "at"}]}].
    let listed = json(&ok(allybook(&member, &["conflicts", "--json"])));
    assert_eq!(
        listed,
        json(&ok(allybook(&owner, &["conflicts", "--json"])))
    );
    let listed = listed.as_array().expect("array").clone();
    // The stage, its reason and its date, one field each — a move writes all three (`resolve`
    // keeps all of one move, below).
    let fields: Vec<&str> = listed.iter().filter_map(|c| c["field"].as_str()).collect();
    assert_eq!(
        fields,
        ["stage", "stage_reason", "stage_since"],
        "{listed:?}"
    );
    let c = &listed[0];
    assert_eq!(c["field"], "stage");
    assert_eq!(c["label"], name.as_str());
    let record = c["record"].as_str().expect("record").to_string();
    let mut values: Vec<(String, String)> = c["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| {
            assert!(v["at"].as_str().is_some_and(|a| a.len() == 20), "{v}");
            (
                v["value"].as_str().unwrap_or_default().to_string(),
                v["by"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    values.sort();
    assert_eq!(
        values,
        vec![
            ("paused".to_string(), "Ben Okafor".to_string()),
            ("short_list".to_string(), "Anna Weber".to_string())
        ]
    );
    let text = ok(allybook(&owner, &["conflicts"]));
    assert!(
        text.contains(&name) && text.contains("Ben Okafor"),
        "{text}"
    );

    // A value that is not one of them is refused, in one line.
    let bad = allybook(&owner, &["resolve", &record, "stage", "active"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not one of the values"));

    // The owner keeps the member's value; after a round each, nothing is left to review and
    // both books show it.
    let kept = ok(allybook(&owner, &["resolve", &record, "stage", "paused"]));
    assert!(
        kept.contains("stage_since")
            && kept.contains("stage_reason")
            && kept.contains("Ben Okafor"),
        "{kept}"
    );
    ok(allybook(&owner, &["sync", "--once"]));
    ok(allybook(&member, &["sync", "--once"]));
    for db in [&owner, &member] {
        assert_eq!(
            json(&ok(allybook(db, &["conflicts", "--json"]))),
            json("[]")
        );
        let list = json(&ok(allybook(
            db,
            &["prospects", "--json", "--limit", "500"],
        )));
        let stage = list
            .as_array()
            .expect("array")
            .iter()
            .find(|p| p["name"] == name.as_str())
            .map(|p| p["stage"].clone());
        assert_eq!(stage, Some(serde_json::Value::from("paused")));
    }
    let shown = ok(allybook(&member, &["team", "show"]));
    assert!(
        shown.contains("Ben Okafor (member)") && shown.contains("0 changes waiting"),
        "{shown}"
    );
}

#[test]
fn a_relay_gone_mid_work_costs_nothing_and_a_killed_sync_loses_no_change() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("relay");
    let mut relay_proc = relay(&data, 0);
    let port = port_of(&relay_proc.url);
    let (owner, member) = team_of_two(dir.path(), &relay_proc);

    // The relay goes away: a sync says the laptop is offline, in one line, and keeps the change.
    drop(relay_proc);
    let name = first_long_list(&owner);
    ok(allybook(&owner, &["move", &name, "short_list"]));
    let offline = allybook(&owner, &["sync", "--once"]);
    assert!(!offline.status.success());
    let err = String::from_utf8_lossy(&offline.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("not reachable"), "{err}");
    let shown = json(&ok(allybook(&owner, &["team", "show", "--json"])));
    assert!(shown["waiting"].as_i64().unwrap_or(0) > 0, "{shown}");

    // Back on the same port and data: the change goes through.
    relay_proc = relay(&data, port);
    ok(allybook(&owner, &["sync", "--once"]));
    ok(allybook(&member, &["sync", "--once"]));
    let list = json(&ok(allybook(
        &member,
        &["prospects", "--json", "--limit", "500"],
    )));
    assert!(
        list.as_array()
            .expect("array")
            .iter()
            .any(|p| p["name"] == name.as_str() && p["stage"] == "short_list"),
        "the member sees the move made while the relay was down"
    );

    // Many changes, and `sync` killed at random moments while sending them: the book stays
    // sound, and once a sync completes the other laptop has every one.
    let csv = dir.path().join("firms.csv");
    let mut text = String::from("Company name,Website,Country\n");
    for i in 0..1500 {
        text.push_str(&format!("Firma {i} GmbH,https://firma{i}.example,DE\n"));
    }
    std::fs::write(&csv, text).expect("csv");
    ok(allybook(
        &owner,
        &["import", "prospects", csv.to_str().expect("path")],
    ));
    let mut rng = rand::rng();
    for _ in 0..6 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_allybook"))
            .arg("--db")
            .arg(&owner)
            .args(["sync", "--once"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sync");
        std::thread::sleep(Duration::from_millis(rng.random_range(50..1500)));
        let _ = child.kill();
        let _ = child.wait();
        let check = ok(allybook(&owner, &["check"]));
        assert!(check.starts_with("ok:"), "{check}");
    }
    ok(allybook(&owner, &["sync", "--once"]));
    ok(allybook(&member, &["sync", "--once"]));
    let s = Store::open(&member).expect("member");
    let firms: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM prospect WHERE name LIKE 'Firma % GmbH'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(firms, 1500, "every imported firm reached the other laptop");
    assert!(team::problems(s.conn()).expect("problems").is_empty());
    drop(relay_proc);
}
