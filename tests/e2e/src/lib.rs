//! Harness for end-to-end scenarios through the real app: starts `tauri-driver` (which drives
//! WebKitWebDriver), opens a WebDriver session on the built `allybook` binary with a fresh
//! temporary database, and tears everything down in order. Needs a display: `make test` runs
//! these under `xvfb-run`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use tokio::process::{Child, Command};

pub use fantoccini;

pub struct App {
    pub client: Client,
    driver: Child,
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where a process of a scenario logs: `E2E_LOG_DIR/NAME.log` when that is set (to keep the
/// logs of a run, e.g. to see why a round was slow), else a file in the scenario's `temp`
/// folder, gone with it.
pub fn log_file(name: &str, temp: &Path) -> PathBuf {
    match std::env::var_os("E2E_LOG_DIR") {
        Some(dir) => PathBuf::from(dir).join(format!("{name}.log")),
        None => temp.join(format!("{name}.log")),
    }
}

/// What the app and the relay log: `E2E_RUST_LOG` if set (e.g. `info,allybook=debug,
/// allybook_sync=debug,samod=debug`), else what they log by default.
pub fn log_filter() -> String {
    std::env::var("E2E_RUST_LOG").unwrap_or_else(|_| "info".into())
}

/// The app under test: `ALLYBOOK_BIN`, or the workspace's debug build.
pub fn app_binary() -> PathBuf {
    std::env::var_os("ALLYBOOK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/debug/allybook"))
}

fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let home_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|c| c.join("bin/tauri-driver"));
    match home_bin {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// Runs the headless face (`allybook --db DB ARGS…`, the same executable the window runs);
/// panics with its output when it fails; answers what it printed.
pub fn cli(db: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(app_binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run allybook");
    assert!(
        out.status.success(),
        "allybook {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

impl App {
    /// Starts the app on a new, empty database.
    pub async fn start() -> App {
        App::start_with(|_| {}).await
    }

    /// Starts the app on `e2e.sqlite` in a fresh folder, after `prepare` has had the folder
    /// (to put a file there first: a damaged book, a backup).
    pub async fn start_with(prepare: impl FnOnce(&Path)) -> App {
        // English words and US formats, whatever the machine's own locale: the scenarios read
        // the window's text.
        Self::start_with_env(
            prepare,
            &[("LANG", "en_US.UTF-8"), ("LANGUAGE", ""), ("LC_ALL", "")],
        )
        .await
    }

    /// Starts the app as a user whose desktop session is in `lang` (e.g. "de_DE.UTF-8"): the
    /// webview reports that locale, so the window speaks its language and formats.
    pub async fn start_in(lang: &str) -> App {
        Self::start_with_env(|_| {}, &[("LANG", lang), ("LANGUAGE", ""), ("LC_ALL", "")]).await
    }

    /// Starts the app with extra environment variables for it (through tauri-driver).
    pub async fn start_with_env(prepare: impl FnOnce(&Path), env: &[(&str, &str)]) -> App {
        let bin = app_binary();
        assert!(
            bin.exists(),
            "{} is missing: build the app first (make build)",
            bin.display()
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("e2e.sqlite");
        prepare(dir.path());
        let port = free_port();
        let native_port = free_port();
        let log =
            std::fs::File::create(log_file(&format!("app-{port}"), dir.path())).expect("log file");
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(log)
            // "Print draft" writes the PDF but opens no viewer under test.
            .env("ALLYBOOK_NO_VIEWER", "1")
            .env("RUST_LOG", log_filter())
            // Its own config and cache folders: the remembered window size of one scenario
            // (or of the user's own Allybook) never leaks into another.
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            // The webview's storage (the UI's language choice) is the scenario's own too.
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .envs(env.iter().copied())
            // Its own process group, so WebKitWebDriver (its child) is stopped with it.
            .process_group(0)
            .spawn()
            .expect("start tauri-driver (cargo install tauri-driver --locked)");

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({
                "application": bin.canonicalize().expect("binary path"),
                "args": ["--db", db],
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut last_err = None;
        for _ in 0..100 {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return App {
                        client,
                        driver,
                        dir,
                        db,
                    }
                }
                Err(e) => {
                    last_err = Some(e);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
        panic!("no WebDriver session after 20 s: {last_err:?}");
    }

    /// Waits up to 15 s for an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css:?} within 15 s: {e}"))
    }

    /// The `textContent` of the first element matching `css` (WebDriver's rendered text skips
    /// cells clipped with an ellipsis, which the user can still read in full on hover).
    /// Runs `script` (which returns a string) until it returns `want`, for up to 5 s; returns
    /// what it returned last, for the assertion to show.
    pub async fn eval_until(&self, script: &str, want: &str) -> String {
        let mut last = String::new();
        for _ in 0..50 {
            last = self
                .client
                .execute(script, vec![])
                .await
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            if last == want {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        last
    }

    pub async fn text_of(&self, css: &str) -> Option<String> {
        self.client
            .execute(
                "const el = document.querySelector(arguments[0]); return el ? el.textContent : null;",
                vec![css.into()],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(String::from))
    }

    /// Waits until the element matching `css` contains `text`; returns its full text.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> String {
        let mut last = String::new();
        for _ in 0..150 {
            if let Some(now) = self.text_of(css).await {
                last = now;
                if last.contains(text) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css:?} never showed {text:?}; last text: {last:?}");
    }

    /// Waits until the element matching `css` no longer contains `text`; returns its text.
    pub async fn wait_for_text_gone(&self, css: &str, text: &str) -> String {
        let mut last = String::new();
        for _ in 0..150 {
            last = self.text_of(css).await.unwrap_or_default();
            if !last.contains(text) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css:?} still shows {text:?}: {last:?}");
    }

    /// Scrolls the first element matching `css` into view (for a screenshot of it).
    pub async fn scroll_to(&self, css: &str) {
        self.client
            .execute(
                "document.querySelector(arguments[0])?.scrollIntoView()",
                vec![css.into()],
            )
            .await
            .unwrap_or_else(|e| panic!("scroll to {css:?}: {e}"));
    }

    /// Chooses the option with `value` in the `<select>` matching `css`.
    pub async fn choose(&self, css: &str, value: &str) {
        self.wait_for(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value:?} in {css:?}: {e}"));
    }

    /// Chooses the first option whose text contains `text` in the `<select>` matching `css`, as
    /// a user picking it would (a `change` event follows).
    pub async fn choose_text(&self, css: &str, text: &str) {
        self.client
            .execute(
                "const s = document.querySelector(arguments[0]);
                 const o = [...s.options].find((o) => o.textContent.includes(arguments[1]));
                 s.selectedIndex = o.index; s.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![css.into(), text.into()],
            )
            .await
            .unwrap_or_else(|e| panic!("choose {text:?} in {css}: {e}"));
    }

    /// On Sell together: opens a new opportunity with `partner`, for `customer`, worth `value`
    /// as the user types it (the form stays open, not yet saved).
    pub async fn fill_new_opportunity(&self, partner: &str, customer: &str, value: &str) {
        self.click("button[data-action=new-opportunity]").await;
        self.choose_text("#opp-prospect_id", partner).await;
        self.wait_for("#opp-customer")
            .await
            .send_keys(customer)
            .await
            .expect("customer");
        self.wait_for("#opp-value_minor")
            .await
            .send_keys(value)
            .await
            .expect("value");
    }

    pub async fn click(&self, css: &str) {
        self.wait_for(css).await;
        self.wait_until_still(css).await;
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css:?}: {e}"));
    }

    /// Waits (up to 3 s) until the first element matching `css` has stayed where it is for
    /// 150 ms. WebDriver clicks at the point where it found the element: a page still filling
    /// in (a card above it arriving) moves it in between, and the click lands on whatever is
    /// there now — as a hurried person's would.
    async fn wait_until_still(&self, css: &str) {
        const WHERE: &str = "const e = document.querySelector(arguments[0]); \
            if (!e) return null; const r = e.getBoundingClientRect(); \
            return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height].join(' ');";
        let mut last: Option<String> = None;
        for _ in 0..20 {
            let now = self
                .client
                .execute(WHERE, vec![css.into()])
                .await
                .ok()
                .and_then(|v| v.as_str().map(String::from));
            if now.is_some() && now == last {
                return;
            }
            last = now;
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Opens the import dialog on the file at `file` and previews it.
    pub async fn preview_import(&self, file: &std::path::Path) {
        self.click("button[data-action=import]").await;
        let path = self.wait_for("#import-path").await;
        path.send_keys(file.to_str().expect("utf-8 path"))
            .await
            .expect("type path");
        self.click("button[data-action=preview]").await;
    }

    /// Native file dialogs cannot be driven through WebDriver: from now on, the book's open and
    /// save dialogs (`ui/src/lib/dialogs.ts`) answer `path` at once.
    pub async fn answer_dialogs_with(&self, path: &Path) {
        self.client
            .execute(
                "window.__allybookDialogAnswer = arguments[0];",
                vec![path.to_str().expect("utf-8 path").into()],
            )
            .await
            .expect("answer the page's file dialogs");
    }

    /// Saves a screenshot of the display under target/e2e/NAME.png for a human to look at.
    /// WebKitWebDriver's own screenshot command hangs under Xvfb, so this grabs the X display
    /// with ImageMagick's `import`; it never fails a scenario.
    pub async fn screenshot(&self, name: &str) {
        // Let the frame after the last DOM change paint first.
        tokio::time::sleep(Duration::from_millis(400)).await;
        let dir = repo_root().join("target/e2e");
        let _ = std::fs::create_dir_all(&dir);
        let _ = tokio::time::timeout(
            Duration::from_secs(10),
            Command::new("import")
                .args(["-window", "root"])
                .arg(dir.join(format!("{name}.png")))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status(),
        )
        .await;
    }

    /// Resizes the window to `width`×`height` and saves a screenshot of the window alone under
    /// target/e2e/NAME.png (the display is larger than the window: the rest is cropped away).
    pub async fn screenshot_sized(&self, name: &str, width: u32, height: u32) {
        let _ = self.client.set_window_rect(0, 0, width, height).await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        let (x, y, w, h) = self.client.get_window_rect().await.unwrap_or((
            0,
            0,
            u64::from(width),
            u64::from(height),
        ));
        let dir = repo_root().join("target/e2e");
        let _ = std::fs::create_dir_all(&dir);
        let _ = tokio::time::timeout(
            Duration::from_secs(10),
            Command::new("import")
                .args(["-window", "root", "-crop", &format!("{w}x{h}+{x}+{y}")])
                .arg(dir.join(format!("{name}.png")))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status(),
        )
        .await;
    }

    /// Photographs the window at the minimum size (860×560) and a large one (1920×1080) as
    /// target/e2e/NAME-min.png and NAME-large.png, fails on text that overflows at either, and
    /// gives the window back its usual size.
    pub async fn photograph_at_both_sizes(&self, name: &str) {
        for (size, w, h) in [("min", 860, 560), ("large", 1920, 1080)] {
            self.screenshot_sized(&format!("{name}-{size}"), w, h).await;
            let over = self.overflowing_text().await;
            assert!(
                over.is_empty(),
                "{name} at {w}×{h}: text overflows: {over:?}"
            );
        }
        let _ = self.client.set_window_rect(0, 0, 1200, 780).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    /// The window's size as the page sees it, and whether anything on it is wider than the
    /// page: text that overflows its box without an ellipsis and a tooltip, listed by its text.
    pub async fn overflowing_text(&self) -> Vec<String> {
        let found = self
            .client
            .execute(
                r#"
                const out = [];
                const ctx = document.createElement("canvas").getContext("2d");
                for (const el of document.querySelectorAll("main *, nav *")) {
                  if (!el.offsetParent) continue;
                  const style = getComputedStyle(el);
                  if (el.tagName === "SELECT") {
                    // A closed select shows its chosen option: it must fit (the arrow takes ~2em).
                    const opt = el.options[el.selectedIndex];
                    if (!opt || el.title) continue;
                    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                    const need = ctx.measureText(opt.text).width + 2 * parseFloat(style.fontSize);
                    if (need > el.clientWidth + 1) out.push(`select “${opt.text}”`);
                    continue;
                  }
                  if (style.display === "inline" || ["TEXTAREA", "INPUT", "svg", "IMG"].includes(el.tagName)) continue;
                  // Text for screen readers only is clipped to nothing on purpose.
                  if (el.closest(".sr-only")) continue;
                  // Scroll areas (the board, a wide preview) are meant to scroll.
                  if (style.overflowX === "auto" || style.overflowX === "scroll") continue;
                  if (el.scrollWidth <= el.clientWidth + 1) continue;
                  // An ellipsis with the full text as a tooltip is how a clipped cell is meant to read.
                  if (style.textOverflow === "ellipsis" && el.closest("[title]")) continue;
                  const text = (el.textContent || "").trim().replace(/\s+/g, " ");
                  if (text) out.push(text.slice(0, 60));
                }
                if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push("the page scrolls sideways");
                return out;
                "#,
                vec![],
            )
            .await
            .expect("measure overflow");
        found
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Ends the session, then stops tauri-driver with SIGTERM (never SIGKILL: that would orphan
    /// WebKitWebDriver) and waits for it.
    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        terminate_group(self.driver.id());
        let _ = tokio::time::timeout(Duration::from_secs(10), self.driver.wait()).await;
    }
}

impl Drop for App {
    /// A failed scenario panics before `stop`: still end tauri-driver and WebKitWebDriver, so no
    /// process outlives the test.
    fn drop(&mut self) {
        terminate_group(self.driver.id());
    }
}

/// SIGTERM to the process group led by `pid` (tauri-driver and the WebKitWebDriver it started).
fn terminate_group(pid: Option<u32>) {
    if let Some(pid) = pid {
        // SAFETY: signalling the process group of our own child.
        unsafe {
            libc::kill(-(pid as libc::pid_t), libc::SIGTERM);
        }
    }
}
