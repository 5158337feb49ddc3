//! The window as a desktop app: it notices another program writing its book, keeps its size
//! between runs, and a second launch on the same book goes to the window already open.
//!
//! The first is seen through WebDriver. The other two are not visible to WebDriver (tauri-driver
//! starts one app per session and cannot launch a second copy, and a session's end kills the
//! app rather than closing it), so those scenarios start the executable themselves on the X
//! display `make test` provides, look at its windows with `xdotool`, and give it a D-Bus
//! session bus of their own (the single-instance hand-over goes through D-Bus, as on a desktop).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use allybook_e2e::{app_binary, cli, App};

fn write_csv(dir: &Path, name: &str, company: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "Company name,Website,Country\n{company},{}.example,Germany\n",
            name.replace(".csv", "")
        ),
    )
    .expect("write csv");
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_from_the_command_line_shows_in_the_open_window() {
    let app = App::start().await;
    app.wait_for_text("h1", "Welcome to Allybook").await;
    app.click("[data-action=load-demo]").await;
    app.wait_for_text(".page-head", "30 prospects").await;
    app.click("[data-nav=find]").await;
    app.wait_for_text(".pager", "of 30").await;

    // The page's fonts come from the executable (one copy in the installed app), same origin:
    // each of the page's faces loads (a face whose file is missing ends "error").
    let faces = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const faces = [...document.fonts];
             Promise.allSettled(faces.map((f) => f.load()))
               .then(() => done(faces.map((f) => f.family + ' ' + f.weight + ' ' + f.status)));",
            vec![],
        )
        .await
        .expect("load the page's faces");
    let faces: Vec<String> = faces
        .as_array()
        .unwrap_or_else(|| panic!("faces: {faces}"))
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    assert_eq!(faces.len(), 3, "{faces:?}");
    assert!(faces.iter().all(|f| f.ends_with(" loaded")), "{faces:?}");

    // The command line imports a firm while the window shows the list: the list follows.
    let csv = write_csv(app.dir.path(), "first.csv", "Zugspitze Cloud Partner GmbH");
    cli(
        &app.db,
        &["import", "prospects", csv.to_str().expect("utf-8")],
    );
    app.wait_for_text(".pager", "of 31").await;
    app.wait_for_text("table.list", "Zugspitze Cloud Partner GmbH")
        .await;
    app.screenshot("desktop-01-refreshed").await;

    // While the user types, the page is not pulled from under them: a notice offers the change.
    let search = app.wait_for("#search").await;
    search.click().await.expect("focus search");
    search.send_keys("Müll").await.expect("type");
    let csv = write_csv(app.dir.path(), "second.csv", "Karwendel Secure IT KG");
    cli(
        &app.db,
        &["import", "prospects", csv.to_str().expect("utf-8")],
    );
    app.wait_for_text("[role=status].stale", "Another program changed this book")
        .await;
    let typed = app
        .client
        .execute("return document.querySelector('#search').value", vec![])
        .await
        .expect("read the search box");
    assert_eq!(typed.as_str(), Some("Müll"), "what the user typed stays");
    app.screenshot("desktop-02-stale-notice").await;
    app.click("[data-action=show-changes]").await;
    app.wait_for_text(".pager", "of 32").await;
    app.stop().await;
}

/// A D-Bus session bus of the test's own, stopped when dropped.
struct Bus {
    daemon: Child,
    address: String,
}

impl Bus {
    fn start() -> Option<Bus> {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut line = String::new();
        let stdout = daemon.stdout.take()?;
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).ok()?;
        Some(Bus {
            daemon,
            address: line.trim().to_string(),
        })
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// The window opened on `db`, with its own config folder and (when given) session bus.
fn launch(db: &Path, config: &Path, bus: Option<&Bus>) -> Child {
    let mut cmd = Command::new(app_binary());
    cmd.arg("--db")
        .arg(db)
        .env("XDG_CONFIG_HOME", config)
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match bus {
        Some(bus) => cmd.env("DBUS_SESSION_BUS_ADDRESS", &bus.address),
        None => cmd.env_remove("DBUS_SESSION_BUS_ADDRESS"),
    };
    cmd.spawn().expect("start allybook")
}

/// Allybook's mapped windows on the display (`xdotool search`), by id.
fn windows_of(pid: u32) -> Vec<String> {
    let out = Command::new("xdotool")
        .args([
            "search",
            "--all",
            "--onlyvisible",
            "--pid",
            &pid.to_string(),
            "--name",
            "^Allybook$",
        ])
        .output()
        .expect("xdotool (apt install xdotool)");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn wait_for_window(pid: u32) -> String {
    let start = Instant::now();
    loop {
        if let Some(id) = windows_of(pid).into_iter().next() {
            return id;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no Allybook window for process {pid} within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn geometry(window: &str) -> String {
    let out = Command::new("xdotool")
        .args(["getwindowgeometry", window])
        .output()
        .expect("xdotool");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .find_map(|l| l.trim().strip_prefix("Geometry: ").map(str::to_string))
        .unwrap_or_else(|| panic!("no geometry in {text:?}"))
}

/// SIGTERM, as a logout sends; the window closes as if its close button were pressed.
fn close(child: &mut Child) -> std::process::ExitStatus {
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if start.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            panic!("allybook did not close within 15 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn wait_exit(child: &mut Child, within: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < within {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn the_window_opens_at_the_size_it_was_left_at() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("book.sqlite");
    let config = dir.path().join("config");
    cli(&db, &["demo"]);

    let mut first = launch(&db, &config, None);
    let window = wait_for_window(first.id());
    assert_eq!(
        geometry(&window),
        "1200x780",
        "the first start uses the default size"
    );
    let resized = Command::new("xdotool")
        .args(["windowsize", &window, "1000", "640"])
        .status()
        .expect("xdotool");
    assert!(resized.success());
    std::thread::sleep(Duration::from_millis(500));
    let status = close(&mut first);
    assert!(
        status.success(),
        "closing on SIGTERM exits cleanly: {status}"
    );

    let state = config.join("app.allybook.desktop/.window-state.json");
    let saved = std::fs::read_to_string(&state)
        .unwrap_or_else(|e| panic!("{} was not written: {e}", state.display()));
    let saved: serde_json::Value = serde_json::from_str(&saved).expect("the state is JSON");
    assert_eq!(
        (
            saved["main"]["width"].as_i64(),
            saved["main"]["height"].as_i64()
        ),
        (Some(1000), Some(640)),
        "{saved}"
    );

    let mut second = launch(&db, &config, None);
    let window = wait_for_window(second.id());
    // Allow the restore a moment after mapping.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(geometry(&window), "1000x640", "the size it was left at");
    close(&mut second);
}

#[test]
fn a_second_launch_on_the_same_book_goes_to_the_open_window() {
    let Some(bus) = Bus::start() else {
        eprintln!("skipped: no dbus-daemon here (apt install dbus)");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("book.sqlite");
    let other = dir.path().join("other.sqlite");
    let config = dir.path().join("config");
    cli(&book, &["demo"]);
    cli(&other, &["demo"]);

    let mut first = launch(&book, &config, Some(&bus));
    wait_for_window(first.id());

    // The same book again: hands over to the first window and ends, opening nothing.
    let mut again = launch(&book, &config, Some(&bus));
    let status = wait_exit(&mut again, Duration::from_secs(20)).unwrap_or_else(|| {
        let _ = again.kill();
        panic!("a second launch on the same book kept running")
    });
    assert!(status.success(), "the second launch ends cleanly: {status}");
    assert!(windows_of(again.id()).is_empty());
    assert!(
        first.try_wait().expect("wait").is_none(),
        "the first window is still open"
    );
    assert_eq!(windows_of(first.id()).len(), 1);

    // Another book is another window.
    let mut second_book = launch(&other, &config, Some(&bus));
    wait_for_window(second_book.id());
    assert!(second_book.try_wait().expect("wait").is_none());

    close(&mut second_book);
    close(&mut first);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_book_is_backed_up_and_restored_from_settings_and_backs_itself_up_daily() {
    let app = App::start().await;
    app.wait_for_text("h1", "Welcome to Allybook").await;
    app.click("[data-action=load-demo]").await;
    app.wait_for_text(".page-head", "30 prospects").await;

    // The first start of the day made the day's backup beside the book.
    let today = chrono_today();
    let daily = app
        .dir
        .path()
        .join(format!("e2e-backups/e2e-daily-{today}.sqlite"));
    assert!(daily.is_file(), "{} is missing", daily.display());

    app.click("[data-nav=settings]").await;
    let backup = app.dir.path().join("before-the-import.sqlite");
    app.answer_dialogs_with(&backup).await;
    app.click("[data-action=backup-now]").await;
    app.wait_for_text("[data-book-actions] [role=status]", "Backed up to")
        .await;
    assert!(backup.is_file());

    // The book changes (the command line imports a firm; Home shows it once the window has
    // noticed), then the backup comes back.
    app.click("[data-nav=home]").await;
    let csv = write_csv(app.dir.path(), "later.csv", "Nachher Systemhaus GmbH");
    cli(
        &app.db,
        &["import", "prospects", csv.to_str().expect("utf-8")],
    );
    app.wait_for_text(".page-head", "31 prospects").await;
    app.click("[data-nav=settings]").await;
    app.click("[data-action=restore]").await;
    app.wait_for_text("[role=alertdialog]", "Replace this book with the backup?")
        .await;
    let focused = app
        .client
        .execute(
            "return document.activeElement?.dataset.action ?? null",
            vec![],
        )
        .await
        .expect("focus");
    assert_eq!(
        focused.as_str(),
        Some("restore-cancel"),
        "focus starts on Go back"
    );
    app.screenshot("desktop-03-restore-confirm").await;
    app.click("[data-action=restore-confirm]").await;
    // The page is drawn afresh for the restored book; what the restore did is said at its top,
    // and stays past the watch's next look (the window's own restore is not another
    // program's write).
    let said = app
        .wait_for_text("[data-book-notice]", "Restored from")
        .await;
    assert!(said.contains("is kept at"), "{said}");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let still = app
        .wait_for_text("[data-book-notice]", "Restored from")
        .await;
    assert_eq!(still, said);
    app.screenshot("desktop-04-restored").await;

    // The book is the backup again; the one it replaced (with the import) is kept as said.
    let prospects = |path: &Path| {
        let store = allybook_core::Store::open(path).expect("open");
        allybook_core::book::overview(&store)
            .expect("overview")
            .prospects
    };
    assert_eq!(prospects(&app.db), 30);
    let kept = said
        .split("is kept at ")
        .nth(1)
        .map(|s| PathBuf::from(s.trim().trim_end_matches('.')))
        .expect("the kept copy is named");
    assert_eq!(prospects(&kept), 31, "{}", kept.display());
    app.stop().await;
}

fn chrono_today() -> String {
    let out = Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .expect("date");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_book_that_cannot_open_offers_a_way_out_and_is_left_untouched() {
    let good = tempfile::tempdir().expect("temp dir");
    let backup = good.path().join("good.sqlite");
    cli(&backup, &["demo"]);
    let app = App::start_with(|dir| {
        std::fs::write(dir.join("e2e.sqlite"), b"A letter, not a database.").expect("write");
    })
    .await;
    app.wait_for_text("h1", "cannot open").await;
    app.wait_for("[data-book-actions] [data-action=restore]")
        .await;
    app.wait_for("[data-book-actions] [data-action=open-book]")
        .await;
    app.wait_for_text(
        "[data-book-actions] [data-action=new-book]",
        "Start a new book",
    )
    .await;
    app.screenshot("desktop-05-cannot-open").await;
    assert_eq!(
        std::fs::read(&app.db).expect("read"),
        b"A letter, not a database.",
        "the damaged file is left as it was"
    );

    // Restoring a sound backup over it recovers the window at once.
    app.answer_dialogs_with(&backup).await;
    app.click("[data-action=restore]").await;
    app.click("[data-action=restore-confirm]").await;
    app.wait_for_text(".page-head", "30 prospects").await;
    app.wait_for_text("[data-book-notice]", "Restored from")
        .await;
    app.stop().await;
}

/// A follow-up due today on the book at `db` (through the core, as the window would record it).
fn follow_up_due_today(db: &Path, subject: &str) {
    let mut store = allybook_core::Store::open(db).expect("open");
    let today = chrono_today();
    allybook_core::pipeline::add_activity(
        &mut store,
        &allybook_core::pipeline::ActivityInput {
            prospect_id: 1,
            kind: None,
            occurred_on: String::new(),
            subject: subject.into(),
            body: String::new(),
            contact_id: None,
            follow_up_on: today.clone(),
        },
        allybook_core::pipeline::parse_day("today", &today).expect("today"),
    )
    .expect("add the follow-up");
}

/// The desktop notification goes to the session's notification service over D-Bus; there is
/// none under Xvfb, and WebDriver cannot see one anyway, so this watches the bus itself
/// (`dbus-monitor`) for the `Notify` call the window makes at start.
#[test]
fn what_is_due_today_raises_one_notification_unless_switched_off() {
    let Some(bus) = Bus::start() else {
        eprintln!("skipped: no dbus-daemon here (apt install dbus)");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("book.sqlite");
    let config = dir.path().join("config");
    cli(&db, &["demo"]);
    follow_up_due_today(&db, "Call back about the joint SOC offer");

    let watch = |seconds: u64| -> String {
        let mut monitor = Command::new("dbus-monitor")
            .args([
                "--address",
                &bus.address,
                "interface='org.freedesktop.Notifications'",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor (apt install dbus)");
        std::thread::sleep(Duration::from_millis(300));
        let mut app = launch(&db, &config, Some(&bus));
        wait_for_window(app.id());
        std::thread::sleep(Duration::from_secs(seconds));
        close(&mut app);
        let _ = monitor.kill();
        let out = monitor.wait_with_output().expect("monitor output");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };

    let seen = watch(4);
    let calls = seen.matches("member=Notify").count();
    assert_eq!(calls, 1, "one notification at start:\n{seen}");
    assert!(seen.contains("1 thing is due today"), "{seen}");
    assert!(
        seen.contains("Call back about the joint SOC offer"),
        "{seen}"
    );

    // Switched off in the book's settings: nothing.
    {
        let mut store = allybook_core::Store::open(&db).expect("open");
        let mut settings = allybook_core::desktop::settings(&store).expect("settings");
        settings.reminders = false;
        allybook_core::desktop::save_settings(&mut store, &settings).expect("save");
    }
    let seen = watch(4);
    assert_eq!(seen.matches("member=Notify").count(), 0, "{seen}");
}
