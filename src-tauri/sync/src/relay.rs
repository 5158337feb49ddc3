//! `allybook relay`: the team's server. One samod repository per team book, each storing that
//! book's documents under `DATA/BOOK-ID/` and passing changes between the laptops connected to
//! it; it never reads the records. A laptop connects to `/books/BOOK-ID` with the book's secret
//! as a bearer token; the first connection for a book (its owner's `team create`) sets the
//! secret, kept as a SHA-256 hash in `DATA/BOOK-ID/secret.sha256`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use allybook_core::{Error, Result};
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use samod::{AcceptorHandle, Repo};
use sha2::{Digest, Sha256};
use tokio::sync::Mutex;

struct Book {
    secret_hash: String,
    repo: Repo,
    acceptor: AcceptorHandle,
}

struct Relay {
    data: PathBuf,
    books: Mutex<HashMap<String, Arc<Book>>>,
}

fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn is_hex(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Relay {
    /// The book's repository, opened on first use; `None` when the secret does not match.
    async fn book(&self, id: &str, secret: &str) -> std::io::Result<Option<Arc<Book>>> {
        let mut books = self.books.lock().await;
        if let Some(b) = books.get(id) {
            return Ok((b.secret_hash == hash(secret)).then(|| b.clone()));
        }
        let dir = self.data.join(id);
        let secret_file = dir.join("secret.sha256");
        let secret_hash = match tokio::fs::read_to_string(&secret_file).await {
            Ok(h) => h.trim().to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
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
        if secret_hash != hash(secret) {
            return Ok(None);
        }
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
            secret_hash,
            repo,
            acceptor,
        });
        books.insert(id.to_string(), book.clone());
        Ok(Some(book))
    }
}

async fn connect(
    State(relay): State<Arc<Relay>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if !is_hex(&id, 32) {
        return (StatusCode::NOT_FOUND, "no such team book").into_response();
    }
    let secret = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_string();
    if !is_hex(&secret, 64) {
        return (StatusCode::UNAUTHORIZED, "the book's secret is missing").into_response();
    }
    let book = match relay.book(&id, &secret).await {
        Ok(Some(b)) => b,
        Ok(None) => return (StatusCode::FORBIDDEN, "wrong secret for this book").into_response(),
        Err(e) => {
            tracing::error!(book = %id, error = %e, "cannot open the book's store");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the relay cannot store this book",
            )
                .into_response();
        }
    };
    // A first sync of a large book (100,000 prospects) arrives as single big messages, each one
    // WebSocket frame.
    ws.max_message_size(crate::MAX_MESSAGE)
        .max_frame_size(crate::MAX_MESSAGE)
        .on_upgrade(move |socket| async move {
            if book.acceptor.accept_axum(socket, None).is_err() {
                tracing::warn!("the book's store stopped; connection dropped");
            }
        })
}

/// Serves until the process is stopped.
pub async fn serve(listener: tokio::net::TcpListener, data: PathBuf) -> Result<()> {
    let relay = Arc::new(Relay {
        data,
        books: Mutex::new(HashMap::new()),
    });
    let app = Router::new()
        .route("/books/{id}", get(connect))
        .with_state(relay.clone());
    let result = axum::serve(listener, app).await;
    for book in relay.books.lock().await.values() {
        book.repo.stop().await;
    }
    result.map_err(|e| Error::io("the relay stopped", e))
}

/// `allybook relay --listen ADDR --data DIR`: binds, says where, serves.
pub fn run(listen: &str, data: PathBuf, ready: impl FnOnce(SocketAddr)) -> Result<()> {
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
        ready(addr);
        serve(listener, data).await
    })
}
