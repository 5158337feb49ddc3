//! Team books over the network (issue 16): the relay a team runs (`allybook relay`) and the
//! rounds a laptop runs against it (`team create`, `team join`, `sync --once`).
//!
//! Both sides are samod (the Rust automerge-repo): the relay is a samod repository per team
//! book that stores the book's documents and passes changes between laptops without reading
//! them; a laptop keeps its own copies in a samod store beside the book (`BOOK.team/`) and
//! hands them to `allybook_core::team` for the book's side (outbox, projection, conflicts).
//! The wire is samod's protocol over a WebSocket at `RELAY/books/BOOK-ID`; the relay admits a
//! connection only with the book's secret (`Authorization: Bearer …`).

pub mod invite;
mod keepalive;
pub mod relay;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use allybook_core::store::sync::{Docs, Team};
use allybook_core::team::{BookAccess, TeamLink};
use allybook_core::{team, Error, Result, Store};
use futures::future::BoxFuture;
use futures::{SinkExt, StreamExt};
use samod::{BackoffConfig, DialError, Dialer, DocHandle, DocumentId, Repo, Transport};
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest};

pub use invite::Invite;

/// The largest sync message either side takes (WebSocket message and frame): a first sync of a
/// large book is one message per document, far beyond the libraries' 16 MiB frame default.
pub const MAX_MESSAGE: usize = 1 << 30;

/// How long a round waits for the relay before it says the laptop is offline.
pub const TIMEOUT: Duration = Duration::from_secs(20);

fn net(what: impl Into<String>, detail: impl std::fmt::Display) -> Error {
    Error::io(what.into(), std::io::Error::other(detail.to_string()))
}

/// The folder beside the book where this laptop keeps its copies of the team's documents.
pub fn documents_dir(book: &Path) -> PathBuf {
    let mut name = book
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".team");
    book.with_file_name(name)
}

/// The relay's address for one team book, from the address the user gave (`ws://host:port`,
/// with or without a path).
pub fn book_url(relay: &str, book_id: &str) -> Result<url::Url> {
    let mut url = url::Url::parse(relay.trim()).map_err(|e| {
        Error::invalid(
            "relay",
            format!("{relay:?} is not a relay address ({e}): write it as wss://HOST:PORT (or ws:// on a private network)"),
        )
    })?;
    match url.scheme() {
        "ws" | "wss" => {}
        other => {
            return Err(Error::invalid(
                "relay",
                format!("{other}:// is not a relay address: write it as wss://HOST:PORT (or ws:// on a private network)"),
            ))
        }
    }
    let path = format!("{}/books/{book_id}", url.path().trim_end_matches('/'));
    url.set_path(&path);
    Ok(url)
}

/// Dials the relay with the book's secret (the owner's, or this laptop's invite key).
struct RelayDialer {
    url: url::Url,
    secret: String,
    /// The owner's laptop says so: only its first connection makes the book at the relay.
    owner: bool,
    keep: Keepalive,
}

/// How a laptop notices a relay that stopped answering (see [`keepalive`]): a ping every
/// `every`, the connection given up after `idle` without a byte from the relay.
#[derive(Debug, Clone, Copy)]
pub struct Keepalive {
    pub every: Duration,
    pub idle: Duration,
}

impl Default for Keepalive {
    fn default() -> Self {
        Keepalive {
            every: keepalive::PING,
            idle: keepalive::IDLE,
        }
    }
}

/// The WebSocket request to `url` with this laptop's credentials.
fn request(
    url: &url::Url,
    secret: &str,
    owner: bool,
) -> Result<tungstenite::handshake::client::Request> {
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| net("relay", e))?;
    let bearer = format!("Bearer {secret}")
        .parse()
        .map_err(|e| net("relay", e))?;
    request.headers_mut().insert("authorization", bearer);
    if owner {
        request.headers_mut().insert(
            relay::OWNER_HEADER,
            tungstenite::http::HeaderValue::from_static("owner"),
        );
    }
    Ok(request)
}

/// Why the relay cannot be used, whatever the retries: it said no, or its TLS cannot be trusted.
#[derive(Debug)]
enum Refused {
    Status(u16),
    Tls(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Status(404) => write!(f, "the relay does not have this team book (was it reset?): the team's owner syncs once to refill it, then try again"),
            Refused::Status(code) => write!(f, "the relay refused this laptop ({code}): its invite was revoked or is wrong; ask the team's owner for a new one"),
            Refused::Tls(why) => write!(f, "its TLS connection cannot be trusted ({why}): check the address; a relay with a certificate of its own authority needs that authority's certificate in SSL_CERT_FILE (see the README)"),
        }
    }
}

/// A connection error that retrying will not fix, as a [`Refused`].
fn refusal(e: &tungstenite::Error) -> Option<Refused> {
    match e {
        tungstenite::Error::Http(response)
            if matches!(response.status().as_u16(), 401 | 403 | 404) =>
        {
            Some(Refused::Status(response.status().as_u16()))
        }
        tungstenite::Error::Tls(e) => Some(Refused::Tls(e.to_string())),
        tungstenite::Error::Io(e)
            if e.get_ref().is_some_and(|inner| inner.is::<rustls::Error>()) =>
        {
            Some(Refused::Tls(e.to_string()))
        }
        _ => None,
    }
}

impl std::error::Error for Refused {}

impl Dialer for RelayDialer {
    type Error = Refused;

    fn url(&self) -> url::Url {
        self.url.clone()
    }

    fn connect(&self) -> BoxFuture<'static, std::result::Result<Transport, DialError<Refused>>> {
        let request = request(&self.url, &self.secret, self.owner);
        let url = self.url.clone();
        let keep = self.keep;
        Box::pin(async move {
            let request = request.map_err(DialError::transient)?;
            let config = tungstenite::protocol::WebSocketConfig::default()
                .max_message_size(Some(MAX_MESSAGE))
                .max_frame_size(Some(MAX_MESSAGE));
            let socket = keepalive::dial_tcp(&url)
                .await
                .map_err(DialError::transient)?;
            let last = keepalive::LastHeard::new();
            let connected = tokio_tungstenite::client_async_tls_with_config(
                request,
                keepalive::Watched::new(socket, last.clone()),
                Some(config),
                None,
            )
            .await;
            let (ws, _) = match connected {
                Ok(ok) => ok,
                Err(e) => {
                    return Err(match refusal(&e) {
                        Some(refused) => DialError::PermanentFailure(refused),
                        None => DialError::transient(e),
                    })
                }
            };
            Ok(keepalive::transport(ws, last, keep.every, keep.idle))
        })
    }
}

/// This laptop's copies of one team book's documents, connected to the relay or not yet.
struct Session {
    repo: Repo,
    dialer: Option<samod::DialerHandle<Refused>>,
    /// The relay's address, as the user gave it (for messages).
    relay: String,
    keep: Keepalive,
    /// Held while the session lives: one process at a time uses the book's copies (see
    /// [`lock_copies`]).
    _lock: std::fs::File,
}

/// Locks the book's copies of the documents for this process (`BOOK.team.lock`, an advisory
/// lock the OS drops with the process): two samod stores over one folder — a window that keeps
/// its connection open and a `sync --once` beside it — would each compact away what the other
/// wrote. A short round elsewhere is waited for; a window holding the book is said.
async fn lock_copies(book: &Path) -> Result<std::fs::File> {
    let mut name = documents_dir(book).into_os_string();
    name.push(".lock");
    let path = PathBuf::from(name);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::Conflict(
                    "another Allybook is syncing this team book — most likely its window, which keeps it in sync by itself; close that window to sync from the command line".into(),
                ))
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::io(format!("cannot lock {}", path.display()), e))
            }
        }
    }
}

impl Session {
    /// The local copies only: what a laptop writes its offline changes into before it connects,
    /// so they meet the others' as the concurrent changes they are.
    async fn local(book: &Path) -> Result<Session> {
        let dir = documents_dir(book);
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        let lock = lock_copies(book).await?;
        let repo = Repo::build_tokio()
            .with_storage(samod::storage::TokioFilesystemStorage::new(&dir))
            .load()
            .await;
        Ok(Session {
            repo,
            dialer: None,
            relay: String::new(),
            keep: Keepalive::default(),
            _lock: lock,
        })
    }

    async fn open(book: &Path, team: &Team) -> Result<Session> {
        let mut s = Session::local(book).await?;
        s.connect(team).await?;
        Ok(s)
    }

    async fn connect(&mut self, team: &Team) -> Result<()> {
        self.relay = team.relay.clone();
        let dialer = self
            .repo
            .dial(
                BackoffConfig {
                    initial_delay: Duration::from_millis(200),
                    max_delay: Duration::from_secs(2),
                    max_retries: Some(4),
                },
                Arc::new(RelayDialer {
                    url: book_url(&team.relay, &team.book_id)?,
                    secret: team.secret.clone(),
                    owner: team.role == "owner",
                    keep: self.keep,
                }),
            )
            .map_err(|_| net("sync", "the document store stopped"))?;
        let established = tokio::time::timeout(TIMEOUT, dialer.established()).await;
        self.dialer = Some(dialer);
        match established {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(samod::DialerFailed::PermanentFailure(e))) => Err(net("relay", e)),
            Ok(Err(_)) | Err(_) => Err(net(
                format!("relay {}", team.relay),
                "not reachable: this laptop is offline or the relay is down; your changes are kept and wait for the next sync",
            )),
        }
    }

    fn connection(&self) -> Result<samod::ConnectionId> {
        self.dialer
            .as_ref()
            .and_then(|d| d.connection_id())
            .ok_or_else(|| net("relay", "the connection dropped"))
    }

    async fn create(&self, docs: Vec<automerge::Automerge>) -> Result<Vec<DocHandle>> {
        let mut out = Vec::new();
        for d in docs {
            out.push(
                self.repo
                    .create(d)
                    .await
                    .map_err(|_| net("sync", "the document store stopped"))?,
            );
        }
        Ok(out)
    }

    async fn find(&self, ids: &[String]) -> Result<Vec<DocHandle>> {
        let mut out = Vec::new();
        for id in ids {
            let doc_id: DocumentId = id
                .parse()
                .map_err(|_| Error::invalid("team", format!("{id:?} is not a document id")))?;
            let found = tokio::time::timeout(TIMEOUT, self.repo.find(doc_id))
                .await
                .map_err(|_| net("relay", "timed out fetching the team's documents"))?
                .map_err(|_| net("sync", "the document store stopped"))?;
            out.push(found.ok_or_else(|| {
                net(
                    "relay",
                    format!("has no document {id}: the team book was removed from the relay"),
                )
            })?);
        }
        Ok(out)
    }

    /// Waits until the relay has everything these documents hold, and this laptop everything
    /// the relay has.
    async fn settle(&self, handles: &[DocHandle]) -> Result<()> {
        let conn = self.connection()?;
        // A relay that goes away mid-round is said at once, not after the timeout: the window
        // shows "offline" and its "Sync now" answers within a second or two.
        let dropped = async {
            loop {
                tokio::time::sleep(Duration::from_millis(200)).await;
                if self.dialer.as_ref().and_then(|d| d.connection_id()) != Some(conn) {
                    break;
                }
            }
        };
        let exchanged = async {
            for h in handles {
                h.we_have_their_changes(conn).await;
                h.they_have_our_changes(conn).await;
            }
        };
        tokio::select! {
            _ = exchanged => Ok(()),
            _ = dropped => Err(net(
                format!("relay {}", self.relay),
                "not reachable: the connection dropped mid-sync; nothing was lost, your changes wait for the next sync",
            )),
            _ = tokio::time::sleep(TIMEOUT) => Err(net(
                "relay",
                "timed out exchanging changes; nothing was lost, sync again",
            )),
        }
    }

    async fn close(self) {
        if let Some(d) = &self.dialer {
            d.close();
        }
        self.repo.stop().await;
    }
}

/// samod's handles as the book's side sees them: one document per bucket.
struct Handles<'a>(&'a [DocHandle]);

impl Docs for Handles<'_> {
    fn with_doc<R>(
        &mut self,
        bucket: u32,
        f: impl FnOnce(&mut automerge::Automerge) -> R,
    ) -> Result<R> {
        let h = self
            .0
            .get(bucket as usize)
            .ok_or_else(|| Error::invalid("team", format!("no document {bucket}")))?;
        Ok(h.with_document(f))
    }
}

pub use allybook_core::team::Synced;

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("cannot start the network", e))
}

/// One sync round of a team book: its documents fetched from the relay, its changes written and
/// sent, the others' changes written into the book.
pub fn sync_once(store: &mut Store) -> Result<Synced> {
    sync_with(&team::Exclusive::new(store))
}

/// The team a book belongs to, its documents and its path.
fn team_and_docs(book: &dyn BookAccess) -> Result<(Team, Vec<String>, PathBuf)> {
    team::on_book(book, |s| {
        let team = team::team(s.conn())?.ok_or_else(|| {
            Error::Conflict(
                "this book is not a team book: `allybook team create --relay URL` makes it one"
                    .into(),
            )
        })?;
        let ids = allybook_core::store::sync::documents(s.conn())?;
        Ok((team, ids, s.path().to_path_buf()))
    })
}

/// One step with the book lent: its changes into the documents, theirs into the book.
fn step_on(book: &dyn BookAccess, handles: &[DocHandle]) -> Result<team::Step> {
    team::on_book(book, |s| team::step(s, &mut Handles(handles)))
}

/// The start of a round on a new connection: this laptop's copies opened, its changes written
/// into them, then connected. Its changes go in first: they meet the others' as the concurrent
/// changes they are (a field both set is a conflict, not overwritten).
async fn begin(
    book: &dyn BookAccess,
    team: &Team,
    ids: &[String],
    path: &Path,
    keep: Keepalive,
) -> Result<(Session, Vec<DocHandle>, team::Step)> {
    let mut session = Session::local(path).await?;
    session.keep = keep;
    let handles = match session.find(ids).await {
        Ok(handles) => handles,
        Err(missing) => {
            // A document this laptop's copies lack (a kill while samod was storing it): fetched
            // from the relay first. The flush then writes as of what the book last projected, so
            // this round's changes still meet the others' as concurrent ones.
            tracing::warn!(error = %missing, "a local copy is missing; fetching it from the relay");
            if let Err(e) = session.connect(team).await {
                session.close().await;
                return Err(e);
            }
            match session.find(ids).await {
                Ok(handles) => handles,
                Err(e) => {
                    session.close().await;
                    return Err(e);
                }
            }
        }
    };
    let sent = match step_on(book, &handles) {
        Ok(sent) => sent,
        Err(e) => {
            session.close().await;
            return Err(e);
        }
    };
    if session.dialer.is_none() {
        if let Err(e) = session.connect(team).await {
            session.close().await;
            return Err(e);
        }
    }
    Ok((session, handles, sent))
}

/// The rest of a round on a connection: this laptop's changes sent, the team's received and
/// written into the book, the outbox acknowledged once the relay has it all.
async fn finish(
    book: &dyn BookAccess,
    session: &Session,
    handles: &[DocHandle],
    first: Option<team::Step>,
) -> Result<Synced> {
    let sent = match first {
        Some(step) => step,
        None => step_on(book, handles)?,
    };
    let started = std::time::Instant::now();
    session.settle(handles).await?;
    let settled = started.elapsed();
    let got = step_on(book, handles)?;
    session.settle(handles).await?;
    tracing::debug!(
        first_settle_ms = settled.as_millis() as u64,
        round_ms = started.elapsed().as_millis() as u64,
        sent = sent.flushed.records + got.flushed.records,
        received = sent.projected.records + got.projected.records,
        "round exchanged"
    );
    let upto = sent.flushed.upto.max(got.flushed.upto);
    let waiting = team::on_book(book, |s| {
        team::ack(s, upto)?;
        team::waiting(s)
    })?;
    Ok(Synced {
        sent: sent.flushed.records + got.flushed.records,
        received: sent.projected.records + got.projected.records,
        conflicts: got.projected.conflicts,
        problems: got.projected.problems,
        waiting,
    })
}

/// One sync round with the book lent step by step (`book`): the window's commands are
/// answered while the round waits for the relay. Connects, and closes the connection after.
pub fn sync_with(book: &dyn BookAccess) -> Result<Synced> {
    let (team, ids, path) = team_and_docs(book)?;
    runtime()?.block_on(async {
        let (session, handles, sent) =
            begin(book, &team, &ids, &path, Keepalive::default()).await?;
        let result = finish(book, &session, &handles, Some(sent)).await;
        session.close().await;
        result
    })
}

/// The window's connection to the relay, kept open between rounds: the team's changes arrive
/// as they are made, and a round needs no new connection and no loading of the documents.
struct Live {
    rt: tokio::runtime::Runtime,
    session: Session,
    handles: Vec<DocHandle>,
    /// The book, the team and the credentials it serves.
    key: (PathBuf, String, String),
    /// The documents' heads as the book last took them in: anything beyond is the team's news.
    heads: Vec<Vec<automerge::ChangeHash>>,
}

impl Live {
    fn connected(&self) -> bool {
        self.session
            .dialer
            .as_ref()
            .is_some_and(|d| d.connection_id().is_some())
    }

    fn close(self) {
        let Live { rt, session, .. } = self;
        rt.block_on(session.close());
    }

    fn heads(handles: &[DocHandle]) -> Vec<Vec<automerge::ChangeHash>> {
        handles
            .iter()
            .map(|h| h.with_document(|d| d.get_heads()))
            .collect()
    }
}

/// The network side the `allybook` executable lends the window (see `allybook_core::api`). It
/// keeps one connection to the relay open between rounds (see [`Live`]).
#[derive(Default)]
pub struct Link {
    live: std::sync::Mutex<Option<Live>>,
    keep: Keepalive,
}

impl Link {
    /// A link that pings and gives up on a silent relay at other intervals than the window's
    /// (tests of a relay that stops answering).
    pub fn with_keepalive(keep: Keepalive) -> Link {
        Link {
            live: std::sync::Mutex::new(None),
            keep,
        }
    }

    fn live_round(&self, book: &dyn BookAccess) -> Result<Synced> {
        let (team, ids, path) = team_and_docs(book)?;
        let key = (path.clone(), team.book_id.clone(), team.secret.clone());
        let mut live = self
            .live
            .lock()
            .map_err(|_| Error::Conflict("an earlier sync failed; restart Allybook".into()))?;
        // A kept connection that turns out to have dropped mid-round (the relay restarted, the
        // network came back) is made anew once at once: the user sees no "offline" for it.
        let mut retried = false;
        loop {
            // Another book's or team's connection, or one that dropped, is closed and made anew.
            if live
                .as_ref()
                .is_some_and(|l| l.key != key || !l.connected())
            {
                if let Some(old) = live.take() {
                    old.close();
                }
            }
            let first = match live.as_ref() {
                Some(_) => None,
                None => {
                    let rt = runtime()?;
                    let (session, handles, sent) =
                        rt.block_on(begin(book, &team, &ids, &path, self.keep))?;
                    *live = Some(Live {
                        rt,
                        session,
                        handles,
                        key: key.clone(),
                        heads: Vec::new(),
                    });
                    Some(sent)
                }
            };
            let kept = first.is_none();
            let Some(l) = live.as_mut() else {
                return Err(net("sync", "the connection to the relay was lost"));
            };
            let done = l
                .rt
                .block_on(finish(book, &l.session, &l.handles, first))
                .and_then(|done| {
                    // What the book took in, not what the documents hold now: a change that
                    // arrived after the round's last look is news for the next one.
                    let seen =
                        team::on_book(book, |s| allybook_core::store::sync::seen_heads(s.conn()))?;
                    Ok((done, seen))
                });
            match done {
                Ok((done, seen)) => {
                    l.heads = seen;
                    return Ok(done);
                }
                Err(e) => {
                    if let Some(old) = live.take() {
                        old.close();
                    }
                    if kept && !retried && matches!(e, Error::Io { .. }) {
                        tracing::info!(error = %e, "the kept connection failed; connecting anew");
                        retried = true;
                        continue;
                    }
                    return Err(e);
                }
            }
        }
    }
}

impl TeamLink for Link {
    fn sync(&self, book: &dyn BookAccess) -> Result<Synced> {
        self.live_round(book)
    }

    fn pending(&self) -> bool {
        // A round holds the connection: it takes what arrives meanwhile itself.
        let Ok(live) = self.live.try_lock() else {
            return false;
        };
        // News, or a connection that dropped (the next round says whether the relay is gone,
        // so the window shows "offline" at once rather than at the next routine round).
        live.as_ref().is_some_and(|l| {
            !l.connected()
                || (l.heads.len() == l.handles.len() && Live::heads(&l.handles) != l.heads)
        })
    }

    fn disconnect(&self) {
        if let Ok(mut live) = self.live.lock() {
            if let Some(old) = live.take() {
                old.close();
            }
        }
    }

    fn create(&self, book: &dyn BookAccess, relay: &str, member: Option<&str>) -> Result<String> {
        team::on_book(book, |s| create(s, relay, member)).map(|i| i.encode())
    }

    fn join(&self, book: &dyn BookAccess, invite: &str, member: Option<&str>) -> Result<Synced> {
        let invite = Invite::decode(invite)?;
        team::on_book(book, |s| join(s, &invite, member))
    }

    fn invite(&self, book: &dyn BookAccess, name: &str) -> Result<String> {
        invite_with(book, name).map(|i| i.encode())
    }

    fn invites(&self, book: &dyn BookAccess) -> Result<Vec<team::TeamInvite>> {
        invites_with(book)
    }

    fn revoke(&self, book: &dyn BookAccess, id: &str) -> Result<Vec<team::TeamInvite>> {
        revoke_with(book, id)
    }

    fn save_invite(&self, invite: &str, path: &Path) -> Result<()> {
        Invite::decode(invite)?.write_file(path)
    }
}

/// The folder for a book's documents, which must not exist yet (it would hold another team's).
fn fresh_documents_dir(book: &Path) -> Result<PathBuf> {
    let dir = documents_dir(book);
    if dir.exists() {
        return Err(Error::Conflict(format!(
            "{} exists: it holds a team's documents; move it away, or use a new book file",
            dir.display()
        )));
    }
    Ok(dir)
}

/// When making or joining a team failed before the book became a team book, the documents
/// fetched so far go too: nothing is left half-done, and trying again starts clean.
fn clean_up_if_not_joined<T>(store: &Store, dir: &Path, result: Result<T>) -> Result<T> {
    if result.is_err() && matches!(team::team(store.conn()), Ok(None)) {
        let _ = std::fs::remove_dir_all(dir);
        let mut lock = dir.as_os_str().to_owned();
        lock.push(".lock");
        let _ = std::fs::remove_file(PathBuf::from(lock));
    }
    result
}

/// Makes the book a team book at `relay`: its documents created there, every record sent.
/// Nothing in the book changes unless the relay is reachable.
pub fn create(store: &mut Store, relay: &str, member: Option<&str>) -> Result<Invite> {
    let team = team::new_team(store, relay, member)?;
    book_url(relay, &team.book_id)?;
    let dir = fresh_documents_dir(store.path())?;
    let path = store.path().to_path_buf();
    let result = runtime()?.block_on(async {
        let session = Session::open(&path, &team).await?;
        let handles = session
            .create(team::new_documents(&team.actor, &team.member)?)
            .await?;
        let ids: Vec<String> = handles
            .iter()
            .map(|h| h.document_id().to_string())
            .collect();
        let step = team::create(store, &team, &ids, &mut Handles(&handles))?;
        session.settle(&handles).await?;
        team::ack(store, step.flushed.upto)?;
        session.close().await;
        // The first invite, to hand on at once (each colleague may get their own later).
        let key = allybook_core::store::sync::random_hex(store.conn(), 32)?;
        issue(&team, &ids, FIRST_INVITE, key).await.map_err(|e| {
            Error::Conflict(format!(
                "the book is now a team book, but its first invite could not be made ({e}); make one with `allybook team invite --for NAME` or in Settings"
            ))
        })
    });
    clean_up_if_not_joined(store, &dir, result)
}

/// Joins the team an invite names into this (new, empty) book: the whole book received.
pub fn join(store: &mut Store, invite: &Invite, member: Option<&str>) -> Result<Synced> {
    let mut team = team::new_team(store, &invite.relay, member)?;
    team.book_id = invite.book.clone();
    team.secret = invite.secret.clone();
    team.role = "member".into();
    team::check_joinable(store)?;
    let dir = fresh_documents_dir(store.path())?;
    let path = store.path().to_path_buf();
    let result = runtime()?.block_on(async {
        let session = Session::open(&path, &team).await?;
        let handles = session.find(&invite.docs).await?;
        session.settle(&handles).await?;
        let step = team::join(store, &team, &invite.docs, &mut Handles(&handles))?;
        session.settle(&handles).await?;
        team::ack(store, step.flushed.upto)?;
        session.close().await;
        Ok(Synced {
            sent: step.flushed.records,
            received: step.projected.records,
            conflicts: step.projected.conflicts,
            problems: step.projected.problems,
            waiting: team::waiting(store)?,
        })
    });
    clean_up_if_not_joined(store, &dir, result)
}

/// The name of the invite `team create` makes.
pub const FIRST_INVITE: &str = "first invite";

/// One request to the relay's list of this book's invites (the owner's connection only).
async fn admin(team: &Team, ask: serde_json::Value) -> Result<Vec<team::TeamInvite>> {
    if team.role != "owner" {
        return Err(Error::Conflict(
            "only the team book's owner (the laptop that made it) makes and revokes invites; ask them"
                .into(),
        ));
    }
    let mut url = book_url(&team.relay, &team.book_id)?;
    url.set_path(&format!("{}/invites", url.path()));
    let offline = || {
        net(
            format!("relay {}", team.relay),
            "not reachable: invites are made and revoked at the relay; try again when this laptop is online",
        )
    };
    let req = request(&url, &team.secret, true)?;
    let (mut ws, _) =
        match tokio::time::timeout(TIMEOUT, tokio_tungstenite::connect_async(req)).await {
            Ok(Ok(ok)) => ok,
            Ok(Err(e)) => match refusal(&e) {
                Some(refused) => return Err(net("relay", refused)),
                None => return Err(offline()),
            },
            Err(_) => return Err(offline()),
        };
    ws.send(tungstenite::Message::Text(ask.to_string().into()))
        .await
        .map_err(|_| offline())?;
    let reply = tokio::time::timeout(TIMEOUT, async {
        while let Some(message) = ws.next().await {
            if let Ok(tungstenite::Message::Text(text)) = message {
                return Some(text);
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
    .ok_or_else(offline)?;
    let _ = ws.close(None).await;
    let reply: relay::AdminReply = serde_json::from_str(&reply).map_err(|e| {
        net(
            "relay",
            format!("answered what this laptop cannot read ({e})"),
        )
    })?;
    if !reply.ok {
        return Err(Error::Conflict(format!(
            "the relay refused: {}",
            reply.error.unwrap_or_default()
        )));
    }
    Ok(reply.invites)
}

/// Registers `key` at the relay as the invite for `name` and makes that invite.
async fn issue(team: &Team, docs: &[String], name: &str, key: String) -> Result<Invite> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "name",
            "say whom the invite is for (their name), so it can be revoked later",
        ));
    }
    admin(
        team,
        serde_json::json!({"op": "issue", "name": name, "key_sha256": relay::hash(&key)}),
    )
    .await?;
    Ok(Invite {
        relay: team.relay.clone(),
        book: team.book_id.clone(),
        secret: key,
        docs: docs.to_vec(),
    })
}

/// The id the relay lists an invite under (see `team invites`, `team revoke`).
pub fn invite_id(invite: &Invite) -> String {
    relay::hash(&invite.secret)[..12].to_string()
}

/// The team of the book lent, its documents and a fresh key.
fn team_of(book: &dyn BookAccess) -> Result<(Team, Vec<String>, String)> {
    team::on_book(book, |s| {
        let team = team::team(s.conn())?.ok_or_else(|| {
            Error::Conflict("this book is not a team book: there are no invites".into())
        })?;
        let docs = allybook_core::store::sync::documents(s.conn())?;
        let key = allybook_core::store::sync::random_hex(s.conn(), 32)?;
        Ok((team, docs, key))
    })
}

/// A new invite for one colleague (`name`: whom it is for), registered at the relay: each
/// colleague's own, so that one can be revoked without the others.
pub fn invite_with(book: &dyn BookAccess, name: &str) -> Result<Invite> {
    let (team, docs, key) = team_of(book)?;
    runtime()?.block_on(issue(&team, &docs, name, key))
}

/// The book's invites as the relay keeps them, oldest first.
pub fn invites_with(book: &dyn BookAccess) -> Result<Vec<team::TeamInvite>> {
    let (team, _, _) = team_of(book)?;
    runtime()?.block_on(admin(&team, serde_json::json!({"op": "list"})))
}

/// Revokes invite `id`: the relay refuses its key from now on and cuts its open connections.
/// Answers the invites after.
pub fn revoke_with(book: &dyn BookAccess, id: &str) -> Result<Vec<team::TeamInvite>> {
    let (team, _, _) = team_of(book)?;
    runtime()?.block_on(admin(
        &team,
        serde_json::json!({"op": "revoke", "id": id.trim()}),
    ))
}
