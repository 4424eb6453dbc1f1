//! What a connection may hold: at most so many open at once, no Nagle delay on small
//! answers, and deadlines for a client that is slow to speak (see [`Limits`]).

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum_server::accept::Accept;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The deadlines and caps of the HTTPS listener. A client that opens connections and then
/// sends nothing, or sends a request a byte a minute, would otherwise hold a task and a
/// file descriptor forever; with these it holds them for seconds.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Open connections at once; the next is closed as soon as it is accepted.
    pub max_connections: usize,
    /// From accepting to a complete TLS handshake.
    pub handshake: Duration,
    /// From the handshake to the first request's complete headers.
    pub first_request: Duration,
    /// To read a request's headers (HTTP/1).
    pub headers: Duration,
    /// To read a request's whole body.
    pub body: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 4096,
            handshake: Duration::from_secs(10),
            first_request: Duration::from_secs(20),
            headers: Duration::from_secs(15),
            body: Duration::from_secs(60),
        }
    }
}

/// Accepts a TCP connection only while fewer than the cap are open, and turns off Nagle's
/// algorithm (a JSON answer is one small write; waiting for an ACK costs 40 ms).
#[derive(Clone, Debug)]
pub struct Capped {
    permits: Arc<Semaphore>,
}

impl Capped {
    pub fn new(max_connections: usize) -> Self {
        Capped { permits: Arc::new(Semaphore::new(max_connections)) }
    }
}

impl<S: Send + 'static> Accept<TcpStream, S> for Capped {
    type Stream = Held;
    type Service = S;
    type Future = std::future::Ready<io::Result<(Held, S)>>;

    fn accept(&self, stream: TcpStream, service: S) -> Self::Future {
        std::future::ready(match self.permits.clone().try_acquire_owned() {
            Ok(permit) => stream.set_nodelay(true).map(|()| (Held { stream, _permit: permit }, service)),
            Err(_) => Err(io::Error::other("connection cap reached")),
        })
    }
}

/// A connection that gives its place back when it closes.
#[derive(Debug)]
pub struct Held {
    stream: TcpStream,
    _permit: OwnedSemaphorePermit,
}

impl AsyncRead for Held {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Held {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
