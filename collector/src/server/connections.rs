//! What a connection may hold: at most so many open at once, and from one address, no
//! Nagle delay on small answers, and deadlines for a client that is slow to speak (see
//! [`Limits`]).

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
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
    /// Open connections from one address: one client cannot take every place. High enough
    /// for a poller or a NAT of many agents (which keep one connection each at most).
    pub per_address: usize,
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
            per_address: 256,
            handshake: Duration::from_secs(10),
            first_request: Duration::from_secs(20),
            headers: Duration::from_secs(15),
            body: Duration::from_secs(60),
        }
    }
}

/// Accepts a TCP connection only while fewer than the caps are open, and turns off Nagle's
/// algorithm (a JSON answer is one small write; waiting for an ACK costs 40 ms).
#[derive(Clone, Debug)]
pub struct Capped {
    permits: Arc<Semaphore>,
    per_address: usize,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Capped {
    pub fn new(limits: &Limits) -> Self {
        Capped {
            permits: Arc::new(Semaphore::new(limits.max_connections)),
            per_address: limits.per_address,
            open: Arc::default(),
        }
    }

    fn admit(&self, stream: TcpStream) -> io::Result<Held> {
        let address = stream.peer_addr()?.ip();
        let permit =
            self.permits.clone().try_acquire_owned().map_err(|_| io::Error::other("connection cap reached"))?;
        {
            let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
            let count = open.entry(address).or_default();
            if *count >= self.per_address {
                return Err(io::Error::other(format!("{address} has {count} connections open")));
            }
            *count += 1;
        }
        let place = Place { address, open: self.open.clone(), _permit: permit };
        stream.set_nodelay(true)?;
        Ok(Held { stream, _place: place })
    }
}

impl<S: Send + 'static> Accept<TcpStream, S> for Capped {
    type Stream = Held;
    type Service = S;
    type Future = std::future::Ready<io::Result<(Held, S)>>;

    fn accept(&self, stream: TcpStream, service: S) -> Self::Future {
        std::future::ready(self.admit(stream).map(|held| (held, service)))
    }
}

/// A connection's place under both caps, given back when it is dropped.
#[derive(Debug)]
struct Place {
    address: IpAddr,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

/// A connection that gives its place back when it closes.
#[derive(Debug)]
pub struct Held {
    stream: TcpStream,
    _place: Place,
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
