//! Telling an unknown SNMPv3 user from a wrong password.
//!
//! An agent answers both with an unauthenticated Report PDU, which `snmp2` turns into the
//! same error. To tell the technician which it is, we ask again without authentication.
//! An agent without the user says so in a Report (RFC 3414 `usmStatsUnknownUserNames`);
//! for a user it knows, it answers with a Response (an access error, since the user needs
//! authentication) or a Report such as `usmStatsUnsupportedSecLevels`. Either way the user
//! exists, so the password or protocol must be wrong. The messages are tiny, so a
//! minimal BER encoder and decoder live here; the decoder is property-tested against
//! arbitrary input.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::UdpSocket;

/// What the agent's Report said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    UnknownUser,
    /// The user exists; it refused the (missing) authentication.
    KnownUser,
}

const USM_STATS: [u32; 9] = [1, 3, 6, 1, 6, 3, 15, 1, 1];

/// Runs engine discovery and one unauthenticated request for `user`. `None` when the agent
/// does not answer in kind.
pub async fn diagnose(addr: SocketAddr, user: &str, timeout: Duration) -> Option<Verdict> {
    let bind: SocketAddr = if addr.is_ipv4() { ([0, 0, 0, 0], 0).into() } else { ([0u16; 8], 0).into() };
    let socket = UdpSocket::bind(bind).await.ok()?;
    socket.connect(addr).await.ok()?;
    let discovery = exchange(&socket, &message(1, b"", 0, 0, b""), timeout).await?;
    let (engine_id, boots, time) = report_engine(&discovery)?;
    let answer = exchange(&socket, &message(2, &engine_id, boots, time, user.as_bytes()), timeout).await?;
    match answer_pdu(&answer)? {
        Pdu::Response => Some(Verdict::KnownUser),
        Pdu::Report(oid) => match oid.as_slice() {
            [prefix @ .., 3, 0] if prefix == USM_STATS => Some(Verdict::UnknownUser),
            [prefix @ .., 1 | 2 | 5, 0] if prefix == USM_STATS => Some(Verdict::KnownUser),
            _ => None,
        },
    }
}

async fn exchange(socket: &UdpSocket, request: &[u8], timeout: Duration) -> Option<Vec<u8>> {
    socket.send(request).await.ok()?;
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(timeout, socket.recv(&mut buf)).await.ok()?.ok()?;
    buf.truncate(n);
    Some(buf)
}

/// A noAuthNoPriv, reportable SNMPv3 GET of sysName.0.
fn message(id: i64, engine_id: &[u8], boots: i64, time: i64, user: &[u8]) -> Vec<u8> {
    let global = seq(&[int(id), int(65_507), tlv(0x04, &[0x04]), int(3)]);
    let usm = seq(&[tlv(0x04, engine_id), int(boots), int(time), tlv(0x04, user), tlv(0x04, b""), tlv(0x04, b"")]);
    let sys_name = tlv(0x06, &[0x2b, 6, 1, 2, 1, 1, 5, 0]);
    let varbinds = seq(&[seq(&[sys_name, tlv(0x05, &[])])]);
    let pdu = tlv(0xa0, &[int(id), int(0), int(0), varbinds].concat());
    let scoped = seq(&[tlv(0x04, engine_id), tlv(0x04, b""), pdu]);
    seq(&[int(3), global, tlv(0x04, &usm), scoped])
}

fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = body.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(body);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn int(n: i64) -> Vec<u8> {
    let bytes = n.to_be_bytes();
    // Minimal two's-complement encoding: drop leading bytes that only repeat the sign.
    let mut start = 0;
    while start < 7
        && ((bytes[start] == 0 && bytes[start + 1] & 0x80 == 0)
            || (bytes[start] == 0xff && bytes[start + 1] & 0x80 != 0))
    {
        start += 1;
    }
    tlv(0x02, &bytes[start..])
}

/// A read cursor over BER; every accessor fails softly on malformed input.
struct Ber<'a>(&'a [u8]);

impl<'a> Ber<'a> {
    fn next(&mut self) -> Option<(u8, &'a [u8])> {
        let (&tag, rest) = self.0.split_first()?;
        let (&first, rest) = rest.split_first()?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 || rest.len() < n {
                return None;
            }
            let len = rest[..n].iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            (len, &rest[n..])
        };
        if rest.len() < len {
            return None;
        }
        let (body, rest) = rest.split_at(len);
        self.0 = rest;
        Some((tag, body))
    }

    fn expect(&mut self, tag: u8) -> Option<&'a [u8]> {
        let (t, body) = self.next()?;
        (t == tag).then_some(body)
    }

    fn integer(&mut self) -> Option<i64> {
        let body = self.expect(0x02)?;
        if body.is_empty() || body.len() > 8 {
            return None;
        }
        let sign = if body[0] & 0x80 != 0 { -1i64 } else { 0 };
        Some(body.iter().fold(sign, |acc, b| (acc << 8) | i64::from(*b)))
    }
}

/// The parts of a v3 message: (security parameters, scoped PDU).
fn split_message(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut outer = Ber(Ber(bytes).expect(0x30)?);
    if outer.integer()? != 3 {
        return None;
    }
    outer.expect(0x30)?; // msgGlobalData
    let security = outer.expect(0x04)?;
    let scoped = outer.expect(0x30)?;
    Some((security, scoped))
}

/// Engine id, boots and time from the security parameters of a discovery Report.
fn report_engine(bytes: &[u8]) -> Option<(Vec<u8>, i64, i64)> {
    let (security, _) = split_message(bytes)?;
    let mut usm = Ber(Ber(security).expect(0x30)?);
    let engine_id = usm.expect(0x04)?.to_vec();
    let boots = usm.integer()?;
    let time = usm.integer()?;
    (!engine_id.is_empty()).then_some((engine_id, boots, time))
}

#[derive(Debug, PartialEq)]
enum Pdu {
    Response,
    /// A Report and the OID of its first varbind.
    Report(Vec<u32>),
}

fn answer_pdu(bytes: &[u8]) -> Option<Pdu> {
    let (_, scoped) = split_message(bytes)?;
    let mut scoped = Ber(scoped);
    scoped.expect(0x04)?; // contextEngineID
    scoped.expect(0x04)?; // contextName
    match scoped.next()? {
        (0xa2, _) => Some(Pdu::Response),
        (0xa8, body) => report_oid(body).map(Pdu::Report),
        _ => None,
    }
}

/// The OID of the first varbind of a Report PDU's body, as arcs.
fn report_oid(body: &[u8]) -> Option<Vec<u32>> {
    let mut pdu = Ber(body);
    pdu.integer()?;
    pdu.integer()?;
    pdu.integer()?;
    let mut varbinds = Ber(pdu.expect(0x30)?);
    let mut varbind = Ber(varbinds.expect(0x30)?);
    decode_oid(varbind.expect(0x06)?)
}

fn decode_oid(body: &[u8]) -> Option<Vec<u32>> {
    let (&first, rest) = body.split_first()?;
    let mut arcs = vec![u32::from(first / 40), u32::from(first % 40)];
    let mut value: u32 = 0;
    for &b in rest {
        value = value.checked_mul(128)?.checked_add(u32::from(b & 0x7f))?;
        if b & 0x80 == 0 {
            arcs.push(value);
            value = 0;
        }
    }
    Some(arcs)
}

#[cfg(test)]
mod tests;
