//! How busy the server has been since the previous report, from kernel counters.
//!
//! The kernel's counters are cumulative since boot, so the agent saves them with each report
//! and the next report covers the difference. After a reboot (new boot id, or counters that
//! went backwards) the window starts at boot instead.

use arsring_protocol::{Utilisation, WindowBasis};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::host::Host;

/// Cumulative counters at one moment; what the agent saves between reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Counters {
    pub at: DateTime<Utc>,
    pub boot_id: Option<String>,
    pub cpu_busy: u64,
    pub cpu_total: u64,
    pub net_rx: u64,
    pub net_tx: u64,
}

pub fn read_counters(host: &Host, now: DateTime<Utc>) -> Option<Counters> {
    let (cpu_busy, cpu_total) = cpu_jiffies(&host.read("/proc/stat")?)?;
    let (net_rx, net_tx) = net_bytes(&host.read("/proc/net/dev").unwrap_or_default());
    Some(Counters {
        at: now,
        boot_id: host.read_value("/proc/sys/kernel/random/boot_id"),
        cpu_busy,
        cpu_total,
        net_rx,
        net_tx,
    })
}

/// The utilisation since `previous` (if it is from this boot), else since boot.
pub fn utilisation(
    now: &Counters,
    previous: Option<&Counters>,
    uptime_secs: u64,
    load_average: [f64; 3],
) -> Utilisation {
    let same_boot = previous.filter(|p| {
        p.boot_id == now.boot_id
            && p.at < now.at
            && p.cpu_total <= now.cpu_total
            && p.cpu_busy <= now.cpu_busy
            && p.net_rx <= now.net_rx
            && p.net_tx <= now.net_tx
    });
    let (start, base, basis) = match same_boot {
        Some(p) => (p.at, p.clone(), WindowBasis::PreviousReport),
        None => {
            let boot = now.at - Duration::seconds(i64::try_from(uptime_secs).unwrap_or(0));
            let zero = Counters { at: boot, cpu_busy: 0, cpu_total: 0, net_rx: 0, net_tx: 0, ..now.clone() };
            (boot, zero, WindowBasis::Boot)
        }
    };
    let total = now.cpu_total - base.cpu_total;
    Utilisation {
        uptime_secs,
        load_average,
        window_start: start,
        window_basis: basis,
        cpu_busy_ratio: (total > 0).then(|| (now.cpu_busy - base.cpu_busy) as f64 / total as f64),
        net_rx_bytes: Some(now.net_rx - base.net_rx),
        net_tx_bytes: Some(now.net_tx - base.net_tx),
    }
}

/// When `/proc/stat` cannot be read: uptime and load only, the rest unknown.
pub fn unavailable(now: DateTime<Utc>, uptime_secs: u64, load_average: [f64; 3]) -> Utilisation {
    Utilisation {
        uptime_secs,
        load_average,
        window_start: now - Duration::seconds(i64::try_from(uptime_secs).unwrap_or(0)),
        window_basis: WindowBasis::Boot,
        cpu_busy_ratio: None,
        net_rx_bytes: None,
        net_tx_bytes: None,
    }
}

/// `(busy, total)` jiffies from the aggregate `cpu` line of `/proc/stat`. Idle and iowait
/// count as not busy; guest time is already included in user time, so it is not added again.
pub fn cpu_jiffies(stat: &str) -> Option<(u64, u64)> {
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let fields: Vec<u64> = line.split_whitespace().skip(1).map_while(|f| f.parse().ok()).collect();
    if fields.len() < 4 {
        return None;
    }
    let total: u64 = fields.iter().take(8).fold(0u64, |a, b| a.saturating_add(*b));
    let idle = fields[3].saturating_add(fields.get(4).copied().unwrap_or(0));
    Some((total.saturating_sub(idle), total))
}

/// Received and transmitted bytes over all interfaces but loopback, from `/proc/net/dev`.
pub fn net_bytes(dev: &str) -> (u64, u64) {
    dev.lines()
        .filter_map(|line| {
            let (name, counters) = line.split_once(':')?;
            if name.trim() == "lo" {
                return None;
            }
            let fields: Vec<u64> = counters.split_whitespace().map_while(|f| f.parse().ok()).collect();
            Some((*fields.first()?, *fields.get(8)?))
        })
        .fold((0, 0), |(rx, tx), (r, t)| (rx.saturating_add(r), tx.saturating_add(t)))
}

/// Seconds since boot from `/proc/uptime`.
pub fn uptime_secs(text: &str) -> Option<u64> {
    let secs: f64 = text.split_whitespace().next()?.parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then_some(secs as u64)
}

/// The three load averages from `/proc/loadavg`.
pub fn load_average(text: &str) -> Option<[f64; 3]> {
    let mut it = text.split_whitespace().map(|f| f.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0));
    Some([it.next()??, it.next()??, it.next()??])
}

#[cfg(test)]
mod tests;
