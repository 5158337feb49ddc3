//! A team book (issue 16) through the window: a colleague joins the owner's book from the
//! welcome page with the invite; an opportunity added in the window reaches the owner's laptop
//! (its background rounds send it); a stage both changed before syncing shows as "needs
//! review" with both values and who set them, and keeping one resolves it on both laptops.
//!
//! The owner's laptop is the headless face on a second book (`team create`, `sync --once`,
//! `conflicts`); the relay is `allybook relay` on loopback. Both are the same executable the
//! window runs.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use allybook_e2e::{app_binary, cli, log_file, log_filter, App};

const PARTNER: &str = "Atlas Managed Print & Docs";

struct Relay(Child);

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn relay(data: &Path) -> (Relay, String) {
    relay_at(data, "127.0.0.1:0")
}

/// `allybook relay` on `listen` (a port of its choosing with `:0`), storing into `data`.
fn relay_at(data: &Path, listen: &str) -> (Relay, String) {
    let mut child = Command::new(app_binary())
        .args(["relay", "--listen", listen, "--data"])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(relay_log(data))
        .env("RUST_LOG", log_filter())
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
    (Relay(child), url)
}

/// The relay's log (appended to: a relay started again on the same data logs on), kept only
/// with `E2E_LOG_DIR`.
fn relay_log(data: &Path) -> Stdio {
    let path = log_file("relay", data.parent().unwrap_or(data));
    match std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        Ok(file) => file.into(),
        Err(e) => panic!("cannot write the relay's log {}: {e}", path.display()),
    }
}

/// Clicks `css` once the page holds still: a write by another program (the command line, a
/// sync round) reloads the page in the window, and an element found just before is gone.
async fn click_settled(app: &App, css: &str) {
    for _ in 0..20 {
        let found = app.client.find(fantoccini::Locator::Css(css)).await;
        if let Ok(el) = found {
            if el.click().await.is_ok() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("could not click {css:?}");
}

/// Clicks `css` until `shown` shows `text`: an answer given on the page (a field's error) is
/// lost when the window shows the page afresh just after the click (it noticed a write), so
/// the click is made again. Only for clicks that change nothing when repeated.
async fn click_until_shown(app: &App, css: &str, shown: &str, text: &str) {
    for _ in 0..5 {
        click_settled(app, css).await;
        for _ in 0..20 {
            if app.text_of(shown).await.is_some_and(|t| t.contains(text)) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    panic!("{shown:?} never showed {text:?} after clicking {css:?}");
}

/// "Sync now" until the window says it synced: a click made while the page is shown afresh (it
/// noticed the command line's write) is lost, and the window would only try again by itself a
/// few seconds later.
async fn sync_now(app: &App) {
    click_until_shown(app, "[data-action=sync-now]", "[data-sync-line]", "Synced").await;
}

/// *Keep this version* on the version of the review item whose stage is Paused.
async fn keep_paused(app: &App) {
    app.client
        .execute(
            "const v = [...document.querySelectorAll('[data-review] [data-version]')]
               .find((l) => l.querySelector('[data-field=stage]').textContent.trim() === 'Paused');
             v.querySelector('button[data-action=keep]').click();",
            vec![],
        )
        .await
        .expect("keep the version with Paused");
}

/// Runs `sync --once` on the owner's book until `check` holds for `what` (the window's
/// background round may not have sent yet).
fn owner_sees(
    owner: &Path,
    what: &[&str],
    check: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let started = Instant::now();
    loop {
        cli(owner, &["sync", "--once"]);
        let got: serde_json::Value =
            serde_json::from_str(&cli(owner, what)).expect("json from the owner's book");
        if check(&got) {
            return got;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the owner's laptop never saw it: {got}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_colleague_joins_from_the_window_and_their_edits_and_conflicts_meet_the_owners() {
    let work = tempfile::tempdir().expect("temp dir");
    let (relay_process, url) = relay(&work.path().join("relay"));
    let owner = work.path().join("owner.sqlite");
    cli(&owner, &["demo"]);
    let invite_file = work.path().join("invite.txt");
    cli(
        &owner,
        &[
            "team",
            "create",
            "--relay",
            &url,
            "--member",
            "Anna Weber",
            "--invite-file",
            invite_file.to_str().expect("utf-8 path"),
        ],
    );
    let invite = std::fs::read_to_string(&invite_file).expect("the invite file");

    // A new laptop: the welcome page offers to join; a wrong invite says what is wrong.
    let app = App::start().await;
    app.wait_for_text("h1", "Welcome to Allybook").await;
    app.click("[data-action=join-team-welcome]").await;
    app.click("[data-action=join-team]").await;
    app.wait_for_text("[data-team-join] .field-error", "Paste the invite")
        .await;
    let field = app.wait_for("#join-invite").await;
    field
        .send_keys("allybook-invite-1.garbage")
        .await
        .expect("type");
    app.wait_for("#join-member")
        .await
        .send_keys("Ben Okafor")
        .await
        .expect("type");
    app.click("[data-action=join-team]").await;
    app.wait_for_text("#join-invite-err", "not an Allybook invite")
        .await;
    field.clear().await.expect("clear");
    field
        .send_keys(invite.trim())
        .await
        .expect("type the invite");
    app.click("[data-action=join-team]").await;
    // The whole book arrives: the sample's 30 prospects, and the sidebar says it is a team book.
    app.wait_for_text(".page-head", "30 prospects").await;
    app.wait_for("[data-team-status]").await;
    app.screenshot("70-team-joined").await;

    // An opportunity added in the window reaches the owner's laptop.
    app.click("[data-nav=sell]").await;
    app.fill_new_opportunity(PARTNER, "Seilbahn Zugspitze", "12,500")
        .await;
    app.click("button[data-action=save-opportunity]").await;
    app.wait_for_text("[data-sell-notice]", "Seilbahn Zugspitze")
        .await;
    owner_sees(&owner, &["opportunities", "--json"], |list| {
        list.as_array()
            .is_some_and(|l| l.iter().any(|o| o["customer"] == "Seilbahn Zugspitze"))
    });

    // A change on the owner's laptop shows in the open window by itself (no "Sync now"): the
    // window's connection to the relay stays open and the relay passes the change on.
    click_settled(&app, "[data-nav=home]").await;
    app.wait_for_text(".page-head", "30 prospects").await;
    let one = work.path().join("one.csv");
    std::fs::write(
        &one,
        "Company name,Website\nNordlicht Systeme GmbH,nordlicht-systeme.de\n",
    )
    .expect("write");
    cli(
        &owner,
        &["import", "prospects", one.to_str().expect("utf-8 path")],
    );
    cli(&owner, &["sync", "--once"]);
    let sent = Instant::now();
    app.wait_for_text(".page-head", "31 prospects").await;
    println!(
        "e2e: the owner's new prospect showed in the window {} ms after the owner's round ended",
        sent.elapsed().as_millis()
    );

    // Both laptops move one partner before either has the other's move: a conflict.
    cli(
        &owner,
        &[
            "move",
            PARTNER,
            "paused",
            "--reason",
            "Waiting for their renewal",
        ],
    );
    cli(
        &app.db,
        &[
            "move",
            PARTNER,
            "ended",
            "--reason",
            "Went with a competitor",
        ],
    );
    cli(&owner, &["sync", "--once"]);
    click_settled(&app, "[data-nav=settings]").await;
    app.scroll_to("[data-team]").await;
    click_settled(&app, "[data-action=sync-now]").await;
    app.wait_for_text("[data-review-count]", "1").await;
    click_settled(&app, "[data-nav=review]").await;
    let card = app.wait_for_text("[data-review]", PARTNER).await;
    // One move set the stage, its reason and its date: one item, a version per laptop.
    for words in [
        "Stage",
        "Paused",
        "Ended",
        "Waiting for their renewal",
        "Anna Weber",
        "Ben Okafor",
    ] {
        assert!(card.contains(words), "{words:?} not in {card}");
    }
    app.screenshot("71-needs-review").await;

    // Keeping Anna's version resolves it here at once, and on her laptop after the rounds.
    keep_paused(&app).await;
    app.wait_for("[data-review-empty]").await;
    owner_sees(&owner, &["conflicts", "--json"], |list| {
        list.as_array().is_some_and(|l| l.is_empty())
    });
    let partners: serde_json::Value =
        serde_json::from_str(&cli(&owner, &["prospects", "--json", "--limit", "100"]))
            .expect("json");
    let stage = partners
        .as_array()
        .and_then(|l| l.iter().find(|p| p["name"] == PARTNER))
        .map(|p| p["stage"].clone());
    assert_eq!(stage, Some(serde_json::json!("paused")));
    let mine: serde_json::Value =
        serde_json::from_str(&cli(&app.db, &["conflicts", "--json"])).expect("json");
    assert_eq!(mine, serde_json::json!([]));

    // The relay goes away: a change waits, the window says since when it is offline, and
    // nothing is lost.
    drop(relay_process);
    cli(&app.db, &["move", PARTNER, "active"]);
    // The background round finds the relay gone (the window has reloaded for the change meanwhile).
    app.wait_for_text("[data-team-status=offline]", "Offline since")
        .await;
    click_settled(&app, "[data-nav=settings]").await;
    app.scroll_to("[data-team]").await;
    click_settled(&app, "[data-action=sync-now]").await;
    // Said in Settings too (the answer to "Sync now" itself may be lost to a reload when the
    // window notices the change above late; the state is not).
    app.wait_for_text("[data-sync-line]", "Offline since").await;
    let shown = cli(&app.db, &["team", "show", "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&shown).expect("json");
    assert!(shown["waiting"].as_i64().unwrap_or(0) > 0, "{shown}");
    app.screenshot("73-team-offline").await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_owner_makes_a_team_book_in_settings_and_a_colleague_joins_with_its_invite() {
    let work = tempfile::tempdir().expect("temp dir");
    let (_relay, url) = relay(&work.path().join("relay"));
    let app = App::start().await;
    app.click("[data-action=load-demo]").await;
    app.wait_for_text(".page-head", "30 prospects").await;
    app.click("[data-nav=settings]").await;
    app.scroll_to("[data-team]").await;
    // Both fields are needed; each says so next to itself.
    click_until_shown(
        &app,
        "[data-action=create-team]",
        "#team-relay-err",
        "relay",
    )
    .await;
    // A wrong address is an error that says how to write one; nothing changes.
    let relay_field = app.wait_for("#team-relay").await;
    relay_field
        .send_keys("https://relay.example")
        .await
        .expect("type");
    let member = app.wait_for("#team-member").await;
    member.clear().await.expect("clear");
    member.send_keys("Anna Weber").await.expect("type");
    click_until_shown(
        &app,
        "[data-action=create-team]",
        "#team-relay-err",
        "is not a relay address",
    )
    .await;
    let relay_field = app.wait_for("#team-relay").await;
    relay_field.clear().await.expect("clear");
    relay_field.send_keys(&url).await.expect("type the relay");
    app.click("[data-action=create-team]").await;
    app.wait_for_text("[data-team] [role=status]", "now a team book")
        .await;
    let invite = shown_invite(&app).await;
    assert!(invite.starts_with("allybook-invite-1."), "{invite}");
    app.wait_for_text("[data-team-is]", "You are Anna Weber (owner)")
        .await;
    app.screenshot("72-team-created").await;

    // A colleague joins with it and receives the whole book.
    let colleague = work.path().join("colleague.sqlite");
    cli(
        &colleague,
        &["team", "join", &invite, "--member", "Ben Okafor"],
    );
    let check: serde_json::Value =
        serde_json::from_str(&cli(&colleague, &["check", "--json"])).expect("json");
    assert_eq!(check["prospects"], 30, "{check}");

    // Each colleague gets an invite of their own; the list says who used theirs. A name is
    // asked for first.
    app.wait_for_text("[data-invites]", "first invite").await;
    app.click("[data-action=make-invite]").await;
    app.wait_for_text("#team-invite-for-err", "whom the invite is for")
        .await;
    let who = app.wait_for("#team-invite-for").await;
    who.send_keys("Carla Núñez").await.expect("type a name");
    app.click("[data-action=make-invite]").await;
    app.wait_for_text("[data-team] [role=status]", "Invite for Carla Núñez made")
        .await;
    app.wait_for_text("[data-invites]", "Carla Núñez").await;
    let carlas = shown_invite(&app).await;
    assert_ne!(carlas, invite, "a new invite of her own");
    let carla = work.path().join("carla.sqlite");
    cli(
        &carla,
        &["team", "join", &carlas, "--member", "Carla Núñez"],
    );

    // Revoking asks first; then her laptop is refused, Ben's is not.
    let row = "[data-invites] li:nth-child(2) [data-action=revoke-invite]";
    app.click(row).await;
    app.wait_for_text("[role=alertdialog]", "Revoke the invite for Carla Núñez?")
        .await;
    app.click("[data-action=revoke-cancel]").await;
    app.click(row).await;
    app.click("[data-action=revoke-confirm]").await;
    app.wait_for_text("[data-team] [role=status]", "is revoked")
        .await;
    app.wait_for_text("[data-invites]", "revoked").await;
    app.screenshot("74-team-invites").await;
    let refused = std::process::Command::new(allybook_e2e::app_binary())
        .arg("--db")
        .arg(&carla)
        .args(["sync", "--once"])
        .output()
        .expect("run allybook");
    assert!(!refused.status.success(), "a revoked invite still syncs");
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("revoked"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    cli(&colleague, &["sync", "--once"]);

    // Leaving asks first; afterwards the book is a single-user book again.
    app.click("[data-action=leave-team]").await;
    app.click("[data-action=leave-cancel]").await;
    app.wait_for_text("[data-team-is]", "Anna Weber").await;
    app.click("[data-action=leave-team]").await;
    app.click("[data-action=leave-confirm]").await;
    app.wait_for_text("[data-team] [role=status]", "left its team")
        .await;
    app.wait_for("[data-team-create]").await;
    let shown = cli(&app.db, &["team", "show", "--json"]);
    assert_eq!(shown.trim(), "null");
    app.stop().await;
}

/// The value of the invite the window shows.
async fn shown_invite(app: &App) -> String {
    app.client
        .execute(
            "return document.getElementById('team-invite').value",
            vec![],
        )
        .await
        .expect("the invite")
        .as_str()
        .expect("text")
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_windows_on_one_team_book_meet_through_the_relay() {
    let work = tempfile::tempdir().expect("temp dir");
    let data = work.path().join("relay");
    let (relay_process, url) = relay(&data);
    let anna = App::start().await;
    let ben = App::start().await;
    // Side by side on the screen, for the screenshots.
    let _ = anna.client.set_window_rect(0, 0, 950, 1060).await;
    let _ = ben.client.set_window_rect(965, 0, 950, 1060).await;

    // Anna's laptop: the sample book, made a team book in Settings; an invite for Ben.
    anna.click("[data-action=load-demo]").await;
    anna.wait_for_text(".page-head", "30 prospects").await;
    anna.click("[data-nav=settings]").await;
    anna.scroll_to("[data-team]").await;
    anna.wait_for("#team-relay")
        .await
        .send_keys(&url)
        .await
        .expect("type the relay");
    let name = anna.wait_for("#team-member").await;
    name.clear().await.expect("clear");
    name.send_keys("Anna Weber").await.expect("type");
    anna.click("[data-action=create-team]").await;
    anna.wait_for_text("[data-team] [role=status]", "now a team book")
        .await;
    anna.wait_for("#team-invite-for")
        .await
        .send_keys("Ben Okafor")
        .await
        .expect("type");
    anna.click("[data-action=make-invite]").await;
    anna.wait_for_text("[data-team] [role=status]", "Invite for Ben Okafor made")
        .await;
    let invite = shown_invite(&anna).await;

    // Ben's laptop: a new book joins from its welcome page and receives the whole book.
    ben.wait_for_text("h1", "Welcome to Allybook").await;
    ben.click("[data-action=join-team-welcome]").await;
    ben.wait_for("#join-invite")
        .await
        .send_keys(&invite)
        .await
        .expect("type the invite");
    ben.wait_for("#join-member")
        .await
        .send_keys("Ben Okafor")
        .await
        .expect("type");
    ben.click("[data-action=join-team]").await;
    ben.wait_for_text(".page-head", "30 prospects").await;

    // An opportunity Ben adds appears in Anna's window by itself.
    click_settled(&anna, "[data-nav=sell]").await;
    ben.click("[data-nav=sell]").await;
    ben.fill_new_opportunity(PARTNER, "Seilbahn Zugspitze", "12,500")
        .await;
    ben.click("button[data-action=save-opportunity]").await;
    ben.wait_for_text("[data-sell-notice]", "Seilbahn Zugspitze")
        .await;
    let saved = Instant::now();
    // (Where the time goes: in Anna's book first, then on her screen.)
    let in_book = loop {
        let list = cli(&anna.db, &["opportunities", "--json"]);
        if list.contains("Seilbahn Zugspitze") || saved.elapsed() > Duration::from_secs(30) {
            break saved.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    anna.wait_for_text("[data-opportunities]", "Seilbahn Zugspitze")
        .await;
    println!(
        "e2e: Ben's opportunity was in Anna's book {} ms and on her screen {} ms after Ben's window confirmed it",
        in_book.as_millis(),
        saved.elapsed().as_millis()
    );
    anna.screenshot("75-two-windows").await;

    // The relay goes away: both windows say so; both move the same partner, each not knowing
    // of the other's move.
    let port = url.rsplit(':').next().expect("port").to_string();
    drop(relay_process);
    anna.wait_for_text("[data-team-status=offline]", "Offline since")
        .await;
    ben.wait_for_text("[data-team-status=offline]", "Offline since")
        .await;
    anna.screenshot("76-two-windows-offline").await;
    cli(
        &anna.db,
        &[
            "move",
            PARTNER,
            "paused",
            "--reason",
            "Waiting for their renewal",
        ],
    );
    cli(
        &ben.db,
        &[
            "move",
            PARTNER,
            "ended",
            "--reason",
            "Went with a competitor",
        ],
    );
    // Back online (the same address): "Sync now" on each, and both windows list one item
    // needing review.
    let (_relay_again, _) = relay_at(&data, &format!("127.0.0.1:{port}"));
    for app in [&anna, &ben] {
        click_settled(app, "[data-nav=settings]").await;
        app.scroll_to("[data-team]").await;
        sync_now(app).await;
    }
    sync_now(&anna).await;
    anna.wait_for_text("[data-review-count]", "1").await;
    ben.wait_for_text("[data-review-count]", "1").await;

    // Ben keeps Anna's version in his window; Anna's window stops listing it by itself.
    click_settled(&ben, "[data-nav=review]").await;
    let card = ben.wait_for_text("[data-review]", PARTNER).await;
    assert!(
        card.contains("Anna Weber") && card.contains("Ben Okafor"),
        "{card}"
    );
    keep_paused(&ben).await;
    ben.wait_for("[data-review-empty]").await;
    anna.wait_for_text_gone("[data-review-count]", "1").await;
    for db in [&anna.db, &ben.db] {
        let partners: serde_json::Value =
            serde_json::from_str(&cli(db, &["prospects", "--json", "--limit", "100"]))
                .expect("json");
        let stage = partners
            .as_array()
            .and_then(|l| l.iter().find(|p| p["name"] == PARTNER))
            .map(|p| p["stage"].clone());
        assert_eq!(stage, Some(serde_json::json!("paused")), "{}", db.display());
    }
    anna.stop().await;
    ben.stop().await;
}
