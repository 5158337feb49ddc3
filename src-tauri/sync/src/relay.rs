//! `allybook relay`: the team's server. One samod repository per team book, each storing that
//! book's documents under `DATA/BOOK-ID/` and passing changes between the laptops connected to
//! it; it never reads the records.
//!
//! Who may connect: a laptop connects to `/books/BOOK-ID` with a bearer token. The owner's
//! `team create` sets the book's owner secret (its first connection, marked as the owner's),
//! kept as a SHA-256 hash in `DATA/BOOK-ID/secret.sha256`. Each colleague gets an invite of their
//! own: the owner registers a key's hash and a name for it (`/books/BOOK-ID/invites`, owner
//! only), kept in `DATA/BOOK-ID/invites.json`; revoking an invite refuses its key from then on
//! and cuts the connections it has open.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use allybook_core::team::TeamInvite;
use allybook_core::{Error, Result};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures::{SinkExt, StreamExt};
use samod::{AcceptorHandle, Repo, Transport};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::{watch, Mutex};

/// The header an owner's laptop sends: only the owner's first connection makes a book.
pub const OWNER_HEADER: &str = "allybook-role";

/// One invite as the relay keeps it: never the key, only its hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Issued {
    id: String,
    name: String,
    key_sha256: String,
    issued_at: String,
    revoked_at: Option<String>,
    last_seen: Option<String>,
}

/// What an owner asks of `/books/BOOK-ID/invites` (one JSON text message per request).
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub(crate) enum AdminRequest {
    Issue { name: String, key_sha256: String },
    List,
    Revoke { id: String },
}

/// The relay's answer to an [`AdminRequest`].
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct AdminReply {
    pub ok: bool,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub invites: Vec<TeamInvite>,
}

/// Who a connection is.
#[derive(Debug, Clone, PartialEq)]
enum Who {
    Owner,
    Invite(String),
}

struct Book {
    dir: PathBuf,
    owner_hash: String,
    invites: std::sync::Mutex<Invites>,
    repo: Repo,
    acceptor: AcceptorHandle,
}

#[derive(Default)]
struct Invites {
    list: Vec<Issued>,
    /// Per invite: fires when it is revoked, ending the connections it has open.
    cut: HashMap<String, watch::Sender<bool>>,
    /// When `last_seen` was last written to disk.
    saved: Option<Instant>,
}

struct Relay {
    data: PathBuf,
    books: Mutex<HashMap<String, Arc<Book>>>,
}

pub(crate) fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn is_hex(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Writes `bytes` to `path` through a temporary file and a rename: a crash leaves the old file
/// or the new one.
fn replace(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("partial");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

impl From<&Issued> for TeamInvite {
    fn from(i: &Issued) -> Self {
        TeamInvite {
            id: i.id.clone(),
            name: i.name.clone(),
            issued_at: i.issued_at.clone(),
            revoked_at: i.revoked_at.clone(),
            last_seen: i.last_seen.clone(),
        }
    }
}

impl Book {
    /// Who `secret` is to this book, if anyone; a revoked invite is no one.
    fn admit(&self, secret: &str) -> Option<Who> {
        let h = hash(secret);
        if h == self.owner_hash {
            return Some(Who::Owner);
        }
        let mut invites = self.invites.lock().ok()?;
        let i = invites
            .list
            .iter_mut()
            .find(|i| i.key_sha256 == h && i.revoked_at.is_none())?;
        i.last_seen = Some(now());
        let id = i.id.clone();
        // Written now and then, not on every round of every laptop.
        if invites
            .saved
            .is_none_or(|t| t.elapsed() > Duration::from_secs(300))
        {
            if let Err(e) = self.save(&invites.list) {
                tracing::warn!(error = %e, "cannot write the invites");
            }
            invites.saved = Some(Instant::now());
        }
        Some(Who::Invite(id))
    }

    fn save(&self, list: &[Issued]) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(list).map_err(std::io::Error::other)?;
        replace(&self.dir.join("invites.json"), &json)
    }

    /// What fires when the connection's invite is revoked (never for the owner).
    fn cut_signal(&self, who: &Who) -> Option<watch::Receiver<bool>> {
        let Who::Invite(id) = who else { return None };
        let mut invites = self.invites.lock().ok()?;
        Some(
            invites
                .cut
                .entry(id.clone())
                .or_insert_with(|| watch::channel(false).0)
                .subscribe(),
        )
    }

    fn answer(&self, request: AdminRequest) -> AdminReply {
        let Ok(mut invites) = self.invites.lock() else {
            return refuse("the relay's list of invites is unusable; restart the relay");
        };
        match request {
            AdminRequest::List => {}
            AdminRequest::Issue { name, key_sha256 } => {
                let name = name.trim().to_string();
                if !is_hex(&key_sha256, 64) || name.is_empty() || name.chars().count() > 200 {
                    return refuse("an invite needs a name (up to 200 characters) and a key");
                }
                if invites.list.iter().any(|i| i.key_sha256 == key_sha256)
                    || key_sha256 == self.owner_hash
                {
                    return refuse("this key is already in use");
                }
                let id = key_sha256[..12].to_string();
                invites.list.push(Issued {
                    id,
                    name,
                    key_sha256,
                    issued_at: now(),
                    revoked_at: None,
                    last_seen: None,
                });
            }
            AdminRequest::Revoke { id } => {
                let Some(i) = invites.list.iter_mut().find(|i| i.id == id) else {
                    return refuse(&format!("there is no invite {id:?} for this book"));
                };
                if i.revoked_at.is_none() {
                    i.revoked_at = Some(now());
                }
                if let Some(cut) = invites.cut.get(&id) {
                    let _ = cut.send(true);
                }
            }
        }
        if let Err(e) = self.save(&invites.list) {
            tracing::error!(error = %e, "cannot write the invites");
            return refuse("the relay cannot store the invites (its disk?); nothing changed");
        }
        invites.saved = Some(Instant::now());
        AdminReply {
            ok: true,
            error: None,
            invites: invites.list.iter().map(TeamInvite::from).collect(),
        }
    }
}

fn refuse(why: &str) -> AdminReply {
    AdminReply {
        ok: false,
        error: Some(why.to_string()),
        invites: Vec::new(),
    }
}

impl Relay {
    /// The book's repository, opened on first use. A book the relay does not have is made only
    /// for its owner (`new_owner`: the secret of the owner's first connection); otherwise `None`.
    async fn book(&self, id: &str, new_owner: Option<&str>) -> std::io::Result<Option<Arc<Book>>> {
        let mut books = self.books.lock().await;
        if let Some(b) = books.get(id) {
            return Ok(Some(b.clone()));
        }
        let dir = self.data.join(id);
        let secret_file = dir.join("secret.sha256");
        let owner_hash = match tokio::fs::read_to_string(&secret_file).await {
            Ok(h) => h.trim().to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let Some(secret) = new_owner else {
                    return Ok(None);
                };
                tokio::fs::create_dir_all(&dir).await?;
                let h = hash(secret);
                let tmp = dir.join("secret.sha256.partial");
                tokio::fs::write(&tmp, &h).await?;
                tokio::fs::rename(&tmp, &secret_file).await?;
                tracing::info!(book = id, "a new team book");
                h
            }
            Err(e) => return Err(e),
        };
        let list: Vec<Issued> = match tokio::fs::read(dir.join("invites.json")).await {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(std::io::Error::other)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        let repo = Repo::build_tokio()
            .with_storage(samod::storage::TokioFilesystemStorage::new(
                dir.join("docs"),
            ))
            .load()
            .await;
        let url = url::Url::parse(&format!("allybook-relay://books/{id}"))
            .map_err(std::io::Error::other)?;
        let acceptor = repo
            .make_acceptor(url)
            .map_err(|_| std::io::Error::other("the document store stopped"))?;
        let book = Arc::new(Book {
            dir,
            owner_hash,
            invites: std::sync::Mutex::new(Invites {
                list,
                ..Invites::default()
            }),
            repo,
            acceptor,
        });
        books.insert(id.to_string(), book.clone());
        Ok(Some(book))
    }

    /// The book and who `headers` say is connecting, or the refusal to answer.
    async fn admit(
        &self,
        id: &str,
        headers: &HeaderMap,
    ) -> std::result::Result<(Arc<Book>, Who), Response> {
        if !is_hex(id, 32) {
            return Err((StatusCode::NOT_FOUND, "no such team book").into_response());
        }
        let secret = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default()
            .to_string();
        if !is_hex(&secret, 64) {
            return Err((StatusCode::UNAUTHORIZED, "the book's secret is missing").into_response());
        }
        let owner = headers
            .get(OWNER_HEADER)
            .is_some_and(|v| v.as_bytes() == b"owner");
        let book = match self.book(id, owner.then_some(secret.as_str())).await {
            Ok(Some(b)) => b,
            Ok(None) => return Err((StatusCode::NOT_FOUND, "no such team book").into_response()),
            Err(e) => {
                tracing::error!(book = %id, error = %e, "cannot open the book's store");
                return Err((
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the relay cannot store this book",
                )
                    .into_response());
            }
        };
        match book.admit(&secret) {
            Some(who) => Ok((book, who)),
            None => Err((
                StatusCode::FORBIDDEN,
                "wrong secret for this book, or its invite was revoked",
            )
                .into_response()),
        }
    }
}

/// samod's transport over an axum WebSocket that ends when `cut` fires (the invite revoked).
fn transport(socket: WebSocket, cut: Option<watch::Receiver<bool>>) -> Transport {
    let (sink, stream) = socket.split();
    let stream = stream
        .filter_map(|m| async move {
            match m {
                Ok(Message::Binary(b)) => Some(Ok(b.to_vec())),
                Ok(Message::Text(_)) => Some(Err(std::io::Error::other(
                    "unexpected text message on the sync connection",
                ))),
                Ok(_) => None,
                Err(e) => Some(Err(std::io::Error::other(e))),
            }
        })
        .take_until(async move {
            match cut {
                Some(mut rx) => {
                    let _ = rx.wait_for(|cut| *cut).await;
                }
                None => std::future::pending::<()>().await,
            }
        });
    let sink = sink
        .sink_map_err(std::io::Error::other)
        .with(|b: Vec<u8>| async move { Ok::<_, std::io::Error>(Message::Binary(b.into())) });
    Transport::new(Box::pin(stream), Box::pin(sink))
}

async fn connect(
    State(relay): State<Arc<Relay>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let (book, who) = match relay.admit(&id, &headers).await {
        Ok(ok) => ok,
        Err(refused) => return refused,
    };
    let cut = book.cut_signal(&who);
    // A first sync of a large book (100,000 prospects) arrives as single big messages, each one
    // WebSocket frame.
    ws.max_message_size(crate::MAX_MESSAGE)
        .max_frame_size(crate::MAX_MESSAGE)
        .on_upgrade(move |socket| async move {
            if book.acceptor.accept(transport(socket, cut)).is_err() {
                tracing::warn!("the book's store stopped; connection dropped");
            }
        })
}

/// `/books/BOOK-ID/invites`, the owner's only: one JSON request per text message, one reply each.
async fn invites(
    State(relay): State<Arc<Relay>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let (book, who) = match relay.admit(&id, &headers).await {
        Ok(ok) => ok,
        Err(refused) => return refused,
    };
    if who != Who::Owner {
        return (
            StatusCode::FORBIDDEN,
            "only the team book's owner manages its invites",
        )
            .into_response();
    }
    ws.max_message_size(64 * 1024)
        .on_upgrade(move |mut socket| async move {
            while let Some(Ok(message)) = socket.next().await {
                let reply = match message {
                    Message::Text(text) => match serde_json::from_str::<AdminRequest>(&text) {
                        Ok(request) => book.answer(request),
                        Err(e) => refuse(&format!("not a request the relay knows ({e})")),
                    },
                    Message::Close(_) => break,
                    _ => continue,
                };
                let json = serde_json::to_string(&reply).unwrap_or_default();
                if socket.send(Message::Text(json.into())).await.is_err() {
                    break;
                }
            }
        })
}

/// The relay's own TLS (`--tls-cert`, `--tls-key`): PEM files, the certificate chain and its key.
#[derive(Debug, Clone)]
pub struct Tls {
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl Tls {
    /// The server configuration, or what is wrong with the files.
    fn config(&self) -> Result<Arc<rustls::ServerConfig>> {
        use rustls_pki_types::pem::PemObject;
        use rustls_pki_types::{CertificateDer, PrivateKeyDer};
        let bad = |file: &std::path::Path, why: String| {
            Error::invalid("tls", format!("{}: {why}", file.display()))
        };
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&self.cert)
            .and_then(|certs| certs.collect::<std::result::Result<_, _>>())
            .map_err(|e| {
                bad(
                    &self.cert,
                    format!("cannot read a PEM certificate chain ({e})"),
                )
            })?;
        if certs.is_empty() {
            return Err(bad(
                &self.cert,
                "holds no certificate (PEM, BEGIN CERTIFICATE)".into(),
            ));
        }
        let key = PrivateKeyDer::from_pem_file(&self.key)
            .map_err(|e| bad(&self.key, format!("cannot read a PEM private key ({e})")))?;
        let config = rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .map_err(|e| {
                bad(
                    &self.key,
                    format!(
                        "does not go with the certificate {} ({e})",
                        self.cert.display()
                    ),
                )
            })?;
        Ok(Arc::new(config))
    }
}

/// A listener for axum that speaks TLS: each connection's handshake runs on its own task (a slow
/// or silent client holds up no one), and only finished handshakes are handed on.
struct TlsListener {
    ready: tokio::sync::mpsc::Receiver<(
        tokio_rustls::server::TlsStream<tokio::net::TcpStream>,
        SocketAddr,
    )>,
    addr: SocketAddr,
}

impl TlsListener {
    fn new(
        listener: tokio::net::TcpListener,
        config: Arc<rustls::ServerConfig>,
    ) -> std::io::Result<Self> {
        let addr = listener.local_addr()?;
        let (tx, ready) = tokio::sync::mpsc::channel(64);
        let acceptor = tokio_rustls::TlsAcceptor::from(config);
        tokio::spawn(async move {
            loop {
                let (tcp, peer) = match listener.accept().await {
                    Ok(ok) => ok,
                    Err(e) => {
                        // Out of file descriptors and the like: wait, then accept again.
                        tracing::warn!(error = %e, "cannot accept a connection");
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        continue;
                    }
                };
                if tx.is_closed() {
                    break;
                }
                let acceptor = acceptor.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    match tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await
                    {
                        Ok(Ok(tls)) => {
                            let _ = tx.send((tls, peer)).await;
                        }
                        Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(TlsListener { ready, addr })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(conn) => conn,
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.addr)
    }
}

/// Serves until the process is stopped.
pub async fn serve<L>(listener: L, data: PathBuf) -> Result<()>
where
    L: axum::serve::Listener,
    L::Addr: std::fmt::Debug,
{
    let relay = Arc::new(Relay {
        data,
        books: Mutex::new(HashMap::new()),
    });
    let app = Router::new()
        .route("/books/{id}", get(connect))
        .route("/books/{id}/invites", get(invites))
        .with_state(relay.clone());
    let result = axum::serve(listener, app).await;
    for book in relay.books.lock().await.values() {
        book.repo.stop().await;
    }
    result.map_err(|e| Error::io("the relay stopped", e))
}

/// `allybook relay --listen ADDR --data DIR [--tls-cert FILE --tls-key FILE]`: binds, says where
/// (`ws://…` or `wss://…`), serves.
pub fn run(
    listen: &str,
    data: PathBuf,
    tls: Option<&Tls>,
    ready: impl FnOnce(String),
) -> Result<()> {
    let config = tls.map(Tls::config).transpose()?;
    std::fs::create_dir_all(&data)
        .map_err(|e| Error::io(format!("cannot create {}", data.display()), e))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("cannot start the relay", e))?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| Error::io(format!("cannot listen on {listen}"), e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io("cannot read the address", e))?;
        match config {
            Some(config) => {
                ready(format!("wss://{addr}"));
                let listener = TlsListener::new(listener, config)
                    .map_err(|e| Error::io("cannot listen", e))?;
                serve(listener, data).await
            }
            None => {
                ready(format!("ws://{addr}"));
                serve(listener, data).await
            }
        }
    })
}
