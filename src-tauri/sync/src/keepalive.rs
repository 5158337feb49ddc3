//! A laptop's connection to the relay that notices when the relay stops answering.
//!
//! A connection whose other end vanished without closing it (a laptop's lid shut and opened on
//! another network, a Wi-Fi that dropped, a relay host that lost power) stays "open" for the
//! operating system for many minutes: the window would say "synced" while nothing arrives. The
//! laptop therefore pings the relay every [`PING`] and ends the connection when no byte at all has
//! come back for [`IDLE`] — counted on the socket, so a large message still arriving keeps it
//! alive. The pings also keep reverse proxies (nginx closes a quiet WebSocket after 60 s) and
//! NAT mappings from dropping a quiet connection. The relay answers pings by itself (tungstenite
//! replies to every ping it reads).

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use samod::Transport;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How often a laptop pings the relay.
pub const PING: Duration = Duration::from_secs(10);

/// How long without a byte from the relay before the connection counts as gone.
pub const IDLE: Duration = Duration::from_secs(30);

/// When a byte last came in, as milliseconds since the connection was made.
#[derive(Clone)]
pub(crate) struct LastHeard {
    start: Instant,
    at: Arc<AtomicU64>,
}

impl LastHeard {
    pub(crate) fn new() -> LastHeard {
        LastHeard {
            start: Instant::now(),
            at: Arc::new(AtomicU64::new(0)),
        }
    }

    fn heard(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.at.store(ms, Ordering::Relaxed);
    }

    fn silent_for(&self) -> Duration {
        self.start
            .elapsed()
            .saturating_sub(Duration::from_millis(self.at.load(Ordering::Relaxed)))
    }
}

/// A socket that records when it last read anything.
pub(crate) struct Watched<S> {
    inner: S,
    last: LastHeard,
}

impl<S> Watched<S> {
    pub(crate) fn new(inner: S, last: LastHeard) -> Watched<S> {
        Watched { inner, last }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.last.heard();
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The connection as samod's transport: its binary messages in and out, pings every `every`,
/// and an end when nothing was heard for `idle` (samod then dials again, and the window says
/// "offline" if that fails).
pub(crate) fn transport<S>(
    ws: WebSocketStream<MaybeTlsStream<Watched<S>>>,
    last: LastHeard,
    every: Duration,
    idle: Duration,
) -> Transport
where
    S: AsyncRead + AsyncWrite + Send + Unpin + 'static,
{
    let (mut sink, stream) = ws.split();
    // One writer for samod's messages and the pings. When samod lets go of the connection (its
    // sender dropped), the writer closes the WebSocket properly; when the relay went silent, it
    // ends the stream samod reads.
    let (out, mut queue) = futures::channel::mpsc::channel::<Message>(64);
    let (gone_tx, gone_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                message = queue.next() => match message {
                    Some(message) => {
                        if sink.send(message).await.is_err() {
                            break;
                        }
                    }
                    None => {
                        let _ = sink.close().await;
                        break;
                    }
                },
                _ = tick.tick() => {
                    if last.silent_for() >= idle {
                        tracing::info!(
                            silent_s = last.silent_for().as_secs(),
                            "the relay stopped answering; the connection is given up"
                        );
                        let _ = gone_tx.send(());
                        break;
                    }
                    if sink.send(Message::Ping(Vec::new().into())).await.is_err() {
                        break;
                    }
                }
            }
        }
    });
    let stream = stream
        .take_until(gone_rx)
        .filter_map(|m| async move {
            match m {
                Ok(Message::Binary(b)) => Some(Ok(b.to_vec())),
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            }
        })
        .boxed();
    let sink = out.with(|b: Vec<u8>| async move {
        Ok::<_, futures::channel::mpsc::SendError>(Message::Binary(b.into()))
    });
    Transport::new(stream, Box::pin(sink))
}

/// The TCP connection to the relay's host, as `tokio_tungstenite::connect_async` makes it.
pub(crate) async fn dial_tcp(url: &url::Url) -> Result<tokio::net::TcpStream, tungstenite::Error> {
    let host = match url.host() {
        Some(url::Host::Domain(d)) => d.to_string(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        None => {
            return Err(tungstenite::Error::Url(
                tungstenite::error::UrlError::NoHostName,
            ))
        }
    };
    let port = url.port_or_known_default().ok_or(tungstenite::Error::Url(
        tungstenite::error::UrlError::UnsupportedUrlScheme,
    ))?;
    let socket = tokio::net::TcpStream::connect((host.as_str(), port))
        .await
        .map_err(tungstenite::Error::Io)?;
    socket.set_nodelay(true).map_err(tungstenite::Error::Io)?;
    Ok(socket)
}
