//! What one report does to the store, decided as a pure function of the device's previous
//! record and the report, so every engine (sled, PostgreSQL) stores exactly the same thing.

use arsring_protocol::{Device, Report};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Change, DeviceRecord, HistoryEntry, Ingested, Sender, Unreachable, UsageSample, history};

/// What one report does to the store; decided without touching it.
pub(super) struct Effect {
    pub report_id: Uuid,
    pub record: DeviceRecord,
    pub replaces_latest: bool,
    pub history: Option<HistoryEntry>,
    pub outcome: Ingested,
    /// A server's utilisation over the report's window.
    pub usage: Option<UsageSample>,
}

/// `sender` is recorded on the history entry.
pub(super) fn effect_of(
    previous: Option<&DeviceRecord>,
    report: Report,
    now: DateTime<Utc>,
    sender: &Sender,
) -> Effect {
    let mut effect = decide(previous, report, now);
    if let Some(entry) = effect.history.as_mut() {
        entry.by = Some(sender.by.clone());
    }
    effect
}

fn decide(previous: Option<&DeviceRecord>, report: Report, now: DateTime<Utc>) -> Effect {
    let device_id = report.device_id();
    let usage = usage_sample(&report);
    let report_id = report.report_id;
    let collected_at = report.collected_at;
    let unanswered = unanswered_poll(&report);
    match previous {
        Some(prev) if report.collected_at < prev.report.collected_at => Effect {
            report_id,
            record: prev.clone(),
            replaces_latest: false,
            history: None,
            outcome: Ingested::StoredLate { device_id },
            usage,
        },
        // A known device that did not answer keeps its inventory; only the outage is noted.
        Some(prev) if unanswered.is_some() => {
            let reason = unanswered.unwrap_or_default();
            let since = prev.unreachable.as_ref().map_or(now, |u| u.since);
            let changes = match &prev.unreachable {
                Some(u) if u.reason == reason => vec![],
                _ => vec![Change {
                    field: "reachability".into(),
                    from: Some(prev.unreachable.as_ref().map_or("reachable".into(), |u| u.reason.clone())),
                    to: Some(reason.clone()),
                }],
            };
            let mut record = prev.clone();
            record.unreachable = Some(Unreachable { since, last_attempt: now, reason });
            Effect {
                report_id,
                history: entry(now, collected_at, report_id, false, changes),
                outcome: Ingested::Stored { device_id, first: false, changes: 0 },
                record,
                replaces_latest: true,
                usage,
            }
        }
        _ => {
            let fingerprint = history::fingerprint(&report);
            let mut changes = match previous {
                Some(p) if p.facts_fingerprint == Some(fingerprint) => vec![],
                Some(p) => history::diff(&history::facts(&p.report), &history::facts(&report)),
                None => history::diff(&Default::default(), &history::facts(&report)),
            };
            if let Some(u) = previous.and_then(|p| p.unreachable.as_ref()) {
                changes.push(Change {
                    field: "reachability".into(),
                    from: Some(u.reason.clone()),
                    to: Some("reachable".into()),
                });
            }
            let first = previous.is_none();
            let outcome = Ingested::Stored { device_id, first, changes: changes.len() };
            let history = entry(now, collected_at, report_id, first, changes);
            let record = DeviceRecord {
                device_id,
                kind: report.device.kind(),
                first_seen: previous.map_or(now, |p| p.first_seen),
                last_seen: if unanswered.is_some() { previous.map_or(now, |p| p.last_seen) } else { now },
                unreachable: unanswered.map(|reason| Unreachable { since: now, last_attempt: now, reason }),
                report,
                linked: None,
                facts_fingerprint: Some(fingerprint),
            };
            Effect { report_id, record, replaces_latest: true, history, outcome, usage }
        }
    }
}

/// The reason, when the report says its poller could not see the device: a network device
/// that did not answer, a host or VM gone from vCenter or behind a vCenter that did not answer.
fn unanswered_poll(report: &Report) -> Option<String> {
    match &report.device {
        Device::Network(n) if !n.reachability.reachable => {
            Some(n.reachability.reason.clone().unwrap_or_else(|| "unreachable".into()))
        }
        Device::Hypervisor(h) => h.absent.as_ref().map(|a| a.reason.clone()),
        Device::VirtualMachine(vm) => vm.absent.as_ref().map(|a| a.reason.clone()),
        _ => None,
    }
}

/// A history entry, when there is something to record.
fn entry(
    at: DateTime<Utc>,
    collected_at: DateTime<Utc>,
    report_id: Uuid,
    first: bool,
    changes: Vec<Change>,
) -> Option<HistoryEntry> {
    (first || !changes.is_empty()).then_some(HistoryEntry {
        received_at: at,
        collected_at,
        report_id,
        first,
        changes,
        by: None,
    })
}

fn usage_sample(report: &Report) -> Option<UsageSample> {
    let Device::Server(s) = &report.device else { return None };
    let u = &s.utilisation;
    Some(UsageSample {
        collected_at: report.collected_at,
        window_secs: (report.collected_at - u.window_start).num_seconds().max(0),
        cpu_busy_ratio: u.cpu_busy_ratio,
        net_bytes: u.net_rx_bytes.zip(u.net_tx_bytes).map(|(rx, tx)| rx.saturating_add(tx)),
    })
}

#[cfg(test)]
mod tests;
