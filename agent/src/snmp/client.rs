//! An SNMP v2c/v3 client on top of `snmp2`, adding what a poller needs: per-request
//! timeouts and retries, request counting, owned values, and errors that say why a device
//! could not be inventoried. Credentials never appear in `Debug` output or errors.

use std::collections::HashSet;
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use snmp2::v3::{Auth, AuthProtocol, Cipher, Security};
use snmp2::{AsyncSession, Pdu};

use super::value::{Oid, Value};

/// How to authenticate to a device.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    V2c {
        community: String,
    },
    V3 {
        user: String,
        auth: Option<(AuthProtocol, String)>,
        privacy: Option<(Cipher, String)>,
        /// SNMPv3 contextName (e.g. a VRF, or the recording to serve in a simulator).
        context: Option<String>,
    },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::V2c { .. } => f.write_str("v2c(community redacted)"),
            Credentials::V3 { user, auth, privacy, .. } => write!(
                f,
                "v3(user {user:?}, {}, {})",
                auth.as_ref().map_or("noAuth".to_string(), |(p, _)| format!("auth {p:?}")),
                privacy.as_ref().map_or("noPriv".to_string(), |(c, _)| format!("priv {c:?}")),
            ),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Options {
    pub timeout: Duration,
    pub retries: u32,
    /// GETBULK max-repetitions.
    pub max_repetitions: u32,
    /// Varbinds per GET request when fetching entity details.
    pub get_batch: usize,
    /// Rows per table at most, against agents that never end a walk.
    pub max_rows: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { timeout: Duration::from_secs(2), retries: 2, max_repetitions: 50, get_batch: 60, max_rows: 10_000 }
    }
}

/// Why a device could not be polled, in words for the technician.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PollError {
    #[error("no answer: timeout after {attempts} attempts of {timeout_ms} ms")]
    Timeout { attempts: u32, timeout_ms: u128 },
    #[error("authentication failure ({0})")]
    Auth(String),
    #[error("unknown user name")]
    UnknownUser,
    #[error("the device answered with an error: {0}")]
    Device(String),
    #[error("malformed answer: {0}")]
    Protocol(String),
    #[error("cannot reach {0}")]
    Network(String),
}

/// SNMP error-status 1: the answer would not fit in one message.
const TOO_BIG: u32 = 1;

pub struct Client {
    addr: SocketAddr,
    credentials: Credentials,
    options: Options,
    session: Option<Box<AsyncSession>>,
    next_request_id: i32,
    /// Requests sent, retries and v3 engine discovery included.
    pub requests: u32,
}

/// The rows of each column [`Client::columns`] walked, in the order of the columns asked.
#[derive(Debug, Default)]
pub struct Walked {
    pub rows: Vec<Vec<(Oid, Value)>>,
    /// Some column was cut at `max_rows`.
    pub cut: bool,
    /// The agent answered some column out of order (rows kept; a repeated row ends it).
    pub disorder: Option<String>,
}

/// One answer: the varbinds, or the device's error-status and error-index.
type Answer = Result<Vec<(Oid, Value)>, (u32, u32)>;

impl Client {
    pub fn new(addr: SocketAddr, credentials: Credentials, options: Options) -> Client {
        Client {
            addr,
            credentials,
            options,
            session: None,
            next_request_id: fastrand::i32(1..i32::MAX / 2),
            requests: 0,
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// GET of `oids`, halving the batch when the device says the answer is too big.
    pub async fn get(&mut self, oids: &[Oid]) -> Result<Vec<(Oid, Value)>, PollError> {
        let mut out = Vec::with_capacity(oids.len());
        let mut batch = self.options.get_batch.max(1);
        let mut rest = oids;
        while !rest.is_empty() {
            let take = batch.min(rest.len());
            match self.request(Request::Get(&rest[..take])).await? {
                Ok(varbinds) => {
                    out.extend(varbinds);
                    rest = &rest[take..];
                }
                Err((TOO_BIG, _)) if take > 1 => batch = take / 2,
                Err((status, index)) => return Err(device_error(status, index)),
            }
        }
        Ok(out)
    }

    /// One GETBULK: `non_repeaters` answered once (GETNEXT), then `repeaters` up to
    /// max-repetitions rows each.
    pub async fn bulk(&mut self, non_repeaters: &[Oid], repeaters: &[Oid]) -> Result<Vec<(Oid, Value)>, PollError> {
        let mut repetitions = self.options.max_repetitions.max(1);
        loop {
            match self.request(Request::Bulk { non_repeaters, repeaters, repetitions }).await? {
                Ok(varbinds) => return Ok(varbinds),
                Err((TOO_BIG, _)) if repetitions > 1 => repetitions /= 2,
                Err((status, index)) => return Err(device_error(status, index)),
            }
        }
    }

    /// Walks one column (or subtree) with GETBULK from after `start`, until the answers
    /// leave `base`, the agent signals the end, or `max_rows` rows. Returns the rows and
    /// whether the walk was cut at the cap. An agent that answers out of order (some LLDP
    /// tables do) is followed as long as it brings new rows, as `snmpbulkwalk -Cc` does.
    pub async fn walk(&mut self, base: &Oid, start: Option<Oid>) -> Result<(Vec<(Oid, Value)>, bool), PollError> {
        let walked = self.columns_from(std::slice::from_ref(base), vec![start]).await?;
        Ok((walked.rows.into_iter().next().unwrap_or_default(), walked.cut))
    }

    /// Walks several columns of one table side by side: each GETBULK carries the cursor of
    /// every column not yet finished. A column ends where its answers leave it, at the end
    /// of the MIB, at `max_rows`, or where the agent brings a row it already gave (a loop).
    /// Rows out of order are kept and said in [`Walked::disorder`].
    pub async fn columns(&mut self, columns: &[Oid]) -> Result<Walked, PollError> {
        self.columns_from(columns, vec![None; columns.len()]).await
    }

    async fn columns_from(&mut self, columns: &[Oid], starts: Vec<Option<Oid>>) -> Result<Walked, PollError> {
        let mut walked = Walked { rows: vec![Vec::new(); columns.len()], cut: false, disorder: None };
        let mut cursors: Vec<Option<Oid>> =
            columns.iter().zip(starts).map(|(column, start)| Some(start.unwrap_or_else(|| column.clone()))).collect();
        let mut seen: Vec<HashSet<Oid>> = vec![HashSet::new(); columns.len()];
        loop {
            let active: Vec<usize> = (0..columns.len()).filter(|i| cursors[*i].is_some()).collect();
            let oids: Vec<Oid> = active.iter().filter_map(|i| cursors[*i].clone()).collect();
            if oids.is_empty() {
                return Ok(walked);
            }
            let answer = self.bulk(&[], &oids).await?;
            if answer.is_empty() {
                return Ok(walked);
            }
            // GETBULK answers row by row: the k-th varbind continues the (k mod n)-th cursor.
            for (k, (oid, value)) in answer.into_iter().enumerate() {
                let i = active[k % active.len()];
                let Some(cursor) = &cursors[i] else { continue };
                if !oid.starts_with(&columns[i]) || value == Value::EndOfMibView || seen[i].contains(&oid) {
                    cursors[i] = None;
                    continue;
                }
                if oid <= *cursor && walked.disorder.is_none() {
                    walked.disorder = Some(format!("the agent answers out of order ({oid} after {cursor})"));
                }
                seen[i].insert(oid.clone());
                cursors[i] = Some(oid.clone());
                walked.rows[i].push((oid, value));
                if walked.rows[i].len() >= self.options.max_rows {
                    walked.cut = true;
                    cursors[i] = None;
                }
            }
        }
    }

    async fn request(&mut self, request: Request<'_>) -> Result<Answer, PollError> {
        match self.try_request(request).await {
            Err(PollError::Auth(detail)) => Err(self.explain_auth_failure(detail).await),
            other => other,
        }
    }

    /// Turns a v3 refusal into "unknown user" or "wrong password" by asking the agent
    /// without authentication (see `usm`).
    async fn explain_auth_failure(&mut self, detail: String) -> PollError {
        let Credentials::V3 { user, .. } = &self.credentials else { return PollError::Auth(detail) };
        self.requests += 2;
        match super::usm::diagnose(self.addr, user, self.options.timeout).await {
            Some(super::usm::Verdict::UnknownUser) => PollError::UnknownUser,
            Some(super::usm::Verdict::KnownUser) => {
                PollError::Auth("wrong authentication or privacy password, or wrong protocol".into())
            }
            None => PollError::Auth(detail),
        }
    }

    async fn try_request(&mut self, request: Request<'_>) -> Result<Answer, PollError> {
        let attempts = self.options.retries + 1;
        let mut last = PollError::Timeout { attempts, timeout_ms: self.options.timeout.as_millis() };
        for _ in 0..attempts {
            match self.attempt(&request).await {
                Ok(answer) => return Ok(answer),
                // A timed-out session may still receive the late answer; start afresh so it
                // cannot be mistaken for the next one.
                Err(Attempt::Timeout) => self.session = None,
                Err(Attempt::Retry(err)) => {
                    self.session = None;
                    last = err;
                }
                Err(Attempt::Fatal(err)) => return Err(err),
            }
        }
        Err(last)
    }

    async fn attempt(&mut self, request: &Request<'_>) -> Result<Answer, Attempt> {
        let timeout = self.options.timeout;
        if self.session.is_none() {
            let session = tokio::time::timeout(timeout, self.open()).await.map_err(|_| Attempt::Timeout)??;
            self.session = Some(session);
        }
        self.requests += 1;
        match request {
            Request::Get(oids) => tracing::debug!(addr = %self.addr, varbinds = oids.len(), "SNMP GET"),
            Request::Bulk { non_repeaters, repeaters, repetitions } => tracing::debug!(
                addr = %self.addr,
                non_repeaters = non_repeaters.len(),
                repeaters = repeaters.len(),
                repetitions,
                "SNMP GETBULK"
            ),
        }
        let session = self.session.as_mut().expect("opened above");
        let sent = async {
            let pdu = match request {
                Request::Get(oids) => {
                    let wire: Vec<snmp2::Oid<'static>> = oids.iter().map(to_wire).collect::<Result<_, _>>()?;
                    let refs: Vec<&snmp2::Oid> = wire.iter().collect();
                    session.get_many(&refs).await
                }
                Request::Bulk { non_repeaters, repeaters, repetitions } => {
                    let wire: Vec<snmp2::Oid<'static>> =
                        non_repeaters.iter().chain(repeaters.iter()).map(to_wire).collect::<Result<_, _>>()?;
                    let refs: Vec<&snmp2::Oid> = wire.iter().collect();
                    session.getbulk(&refs, non_repeaters.len() as u32, *repetitions).await
                }
            };
            pdu.map(|pdu| owned(&pdu))
        };
        match tokio::time::timeout(timeout, sent).await {
            Err(_) => Err(Attempt::Timeout),
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(err)) => Err(classify(err)),
        }
    }

    /// A new UDP session; for v3 this includes engine discovery (one request).
    async fn open(&mut self) -> Result<Box<AsyncSession>, Attempt> {
        let id = self.next_request_id;
        self.next_request_id = self.next_request_id.wrapping_add(1000);
        let network = |e: std::io::Error| Attempt::Fatal(PollError::Network(e.to_string()));
        let session = match &self.credentials {
            Credentials::V2c { community } => {
                AsyncSession::new_v2c(self.addr, community.as_bytes(), id).await.map_err(network)?
            }
            Credentials::V3 { user, auth, privacy, context } => {
                let mut security = security(user, auth.as_ref(), privacy.as_ref());
                if let Some(context) = context {
                    security = security.with_context_name(context);
                }
                let mut session = AsyncSession::new_v3(self.addr, id, security).await.map_err(network)?;
                self.requests += 1;
                session.init().await.map_err(classify)?;
                session
            }
        };
        Ok(Box::new(session))
    }
}

enum Request<'a> {
    Get(&'a [Oid]),
    Bulk { non_repeaters: &'a [Oid], repeaters: &'a [Oid], repetitions: u32 },
}

enum Attempt {
    Timeout,
    /// Worth another attempt on a fresh session.
    Retry(PollError),
    Fatal(PollError),
}

impl From<snmp2::Error> for Attempt {
    fn from(err: snmp2::Error) -> Self {
        classify(err)
    }
}

fn security(user: &str, auth: Option<&(AuthProtocol, String)>, privacy: Option<&(Cipher, String)>) -> Security {
    match (auth, privacy) {
        (None, _) => Security::new(user.as_bytes(), b"").with_auth(Auth::NoAuthNoPriv),
        (Some((protocol, password)), None) => Security::new(user.as_bytes(), password.as_bytes())
            .with_auth_protocol(*protocol)
            .with_auth(Auth::AuthNoPriv),
        (Some((protocol, password)), Some((cipher, privacy_password))) => {
            Security::new(user.as_bytes(), password.as_bytes())
                .with_auth_protocol(*protocol)
                .with_auth(Auth::AuthPriv { cipher: *cipher, privacy_password: privacy_password.as_bytes().to_vec() })
        }
    }
}

fn classify(err: snmp2::Error) -> Attempt {
    use snmp2::Error as E;
    match err {
        // On a connected UDP socket, a receive error is an ICMP port unreachable.
        E::Receive | E::Send => {
            Attempt::Retry(PollError::Network("nothing answers on that UDP port (ICMP port unreachable)".into()))
        }
        E::AuthUpdated | E::RequestIdMismatch => Attempt::Retry(PollError::Protocol(format!("{err:?}"))),
        E::AuthFailure(kind) => Attempt::Fatal(PollError::Auth(kind.to_string())),
        // A Report PDU instead of a Response: for v3 this is how agents refuse a user or a key.
        E::AsnWrongType => Attempt::Fatal(PollError::Auth("the device answered with a report, not a response".into())),
        other => Attempt::Fatal(PollError::Protocol(format!("{other:?}"))),
    }
}

fn device_error(status: u32, index: u32) -> PollError {
    let name = match status {
        1 => "tooBig",
        2 => "noSuchName",
        3 => "badValue",
        4 => "readOnly",
        5 => "genErr",
        6 => "noAccess",
        16 => "authorizationError",
        _ => "error",
    };
    PollError::Device(format!("{name} (error-status {status}, index {index})"))
}

fn to_wire(oid: &Oid) -> Result<snmp2::Oid<'static>, snmp2::Error> {
    let arcs: Vec<u64> = oid.0.iter().map(|a| u64::from(*a)).collect();
    snmp2::Oid::from(&arcs).map_err(|_| snmp2::Error::ValueOutOfRange)
}

fn owned(pdu: &Pdu<'_>) -> Answer {
    if pdu.error_status != 0 {
        return Err((pdu.error_status, pdu.error_index));
    }
    Ok(pdu
        .varbinds
        .clone()
        .filter_map(|(name, value)| {
            let arcs: Vec<u32> = name.iter()?.map(|a| u32::try_from(a).ok()).collect::<Option<_>>()?;
            Some((Oid(arcs), owned_value(&value)))
        })
        .collect())
}

fn owned_value(value: &snmp2::Value<'_>) -> Value {
    use snmp2::Value as V;
    match value {
        V::Integer(n) => Value::Integer(*n),
        V::OctetString(bytes) => Value::Bytes(bytes.to_vec()),
        V::ObjectIdentifier(oid) => oid
            .iter()
            .and_then(|arcs| arcs.map(|a| u32::try_from(a).ok()).collect::<Option<Vec<_>>>())
            .map_or(Value::Other, |arcs| Value::Oid(Oid(arcs))),
        V::Counter32(n) | V::Unsigned32(n) => Value::Counter(u64::from(*n)),
        V::Counter64(n) => Value::Counter(*n),
        V::Timeticks(n) => Value::Ticks(*n),
        V::IpAddress(ip) => Value::IpAddress(*ip),
        V::Null => Value::Null,
        V::NoSuchObject | V::NoSuchInstance => Value::Missing,
        V::EndOfMibView => Value::EndOfMibView,
        _ => Value::Other,
    }
}

#[cfg(test)]
mod tests;
