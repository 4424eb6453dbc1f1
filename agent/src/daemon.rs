//! The agent's loop: collect, deliver (or spool), and retry the spool with backoff.

use std::time::Duration;

use anyhow::Context;
use arsring_protocol::{AgentInfo, Device, NetworkDevice, Report, SCHEMA_VERSION};
use chrono::{DateTime, Utc};

use crate::collect::{self, host::Host};
use crate::config::Config;
use crate::deliver::{Client, Outcome};
use crate::enrol::{KeyKind, Keys};
use crate::spool::Spool;
use crate::state::StateDir;

/// How one `run --once` ended; the binary maps these to exit codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunResult {
    Delivered,
    /// The collector could not take it now; it waits in the spool.
    Spooled {
        reason: String,
    },
    /// The collector refused the report as invalid.
    Rejected {
        status: u16,
        message: String,
    },
}

pub struct Agent {
    config: Config,
    host: Host,
    state: StateDir,
    spool: Spool,
    keys: Keys,
}

const FIRST_BACKOFF: Duration = Duration::from_secs(30);
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

impl Agent {
    pub fn new(config: Config, host: Host) -> anyhow::Result<Agent> {
        let collector =
            config.collector.clone().context("no collector: set `collector` in agent.toml or pass --collector")?;
        let enroller = Client::new(&collector, config.token()?, config.ca.as_deref(), config.request_timeout())?;
        let state = StateDir::new(&config.state_dir);
        let spool = Spool::open(state.spool_dir(), config.spool_max_reports, config.spool_max_bytes)
            .with_context(|| format!("state_dir: cannot create {}", state.spool_dir().display()))?;
        let keys = Keys::new(enroller, state.clone(), collect::identity::hostname(&host));
        Ok(Agent { config, host, state, spool, keys })
    }

    /// Delivers what is spooled, then collects and delivers a new report.
    pub async fn run_once(&self) -> anyhow::Result<RunResult> {
        let flushed = self.flush_spool().await;
        let options = self.config.collect_options();
        let (host, state) = (self.host.clone(), self.state.clone());
        let collected = tokio::task::spawn_blocking(move || collect::collect(&host, &options, &state)).await?;
        let result = self.hand_over(&collected.report, flushed.err()).await?;
        if let Err(err) = collected.commit(&self.state) {
            tracing::warn!(%err, "cannot save agent state; the next utilisation window starts at boot");
        }
        if !self.config.snmp.targets.is_empty() {
            self.poll_network().await?;
        }
        for target in &self.config.vsphere {
            let target = target.target()?;
            if let Err(err) = self.poll_vsphere(&target).await {
                tracing::error!(vcenter = %target.name, "{err:#}");
            }
        }
        Ok(result)
    }

    /// Delivers what is spooled, then `report`; spools it if the collector cannot take it.
    pub async fn send(&self, report: &Report) -> anyhow::Result<RunResult> {
        let flushed = self.flush_spool().await;
        self.hand_over(report, flushed.err()).await
    }

    /// Sends a report with the right key, or spools it when the collector cannot take it
    /// now (or when `pending` says older reports are still waiting: order is kept). A
    /// refused key is not an outage: the report is not spooled.
    async fn hand_over(&self, report: &Report, pending: Option<Outcome>) -> anyhow::Result<RunResult> {
        let body = serde_json::to_vec(report)?;
        let report_id = report.report_id;
        let kind = KeyKind::of(report);
        let outcome = match pending {
            Some(outcome) => outcome,
            None => match self.keys.client(kind, report.device_id()).await {
                Ok(client) => client.send(body.clone()).await,
                Err(outcome) => outcome,
            },
        };
        Ok(match outcome {
            Outcome::Stored | Outcome::Duplicate => {
                tracing::info!(%report_id, "report delivered");
                RunResult::Delivered
            }
            Outcome::Unavailable { reason } => {
                self.spool.push(report_id, &body).context("spooling the report")?;
                tracing::warn!(%report_id, %reason, "collector unavailable; report spooled");
                RunResult::Spooled { reason }
            }
            Outcome::Rejected { status, message } => {
                tracing::error!(%report_id, status, %message, "collector rejected the report");
                RunResult::Rejected { status, message }
            }
            Outcome::Refused { status, message } => {
                if status == 401 {
                    self.keys.forget(kind).await;
                }
                tracing::error!(%report_id, status, %message, "collector refused the agent's credential");
                RunResult::Rejected { status, message }
            }
        })
    }

    /// Polls the configured SNMP targets and reports each device.
    pub async fn poll_network(&self) -> anyhow::Result<()> {
        let snmp = &self.config.snmp;
        let planned = snmp.plan()?;
        let mut known = self.state.snmp_ids();
        let mut devices = Vec::new();
        crate::snmp::poll_all(planned, snmp.options(), snmp.concurrency, &known, |host, device| {
            devices.push((host, device))
        })
        .await;
        let host = crate::collect::identity::hostname(&self.host);
        let mut unavailable: Option<Outcome> = None;
        for (address, device) in devices {
            if device.reachability.reachable {
                known.insert(address, device.identity.device_id);
            } else {
                tracing::warn!(%address, reason = device.reachability.reason.as_deref().unwrap_or(""), "network device did not answer");
            }
            let report = network_report(&host, device);
            if let RunResult::Spooled { reason } = self.hand_over(&report, unavailable.clone()).await? {
                unavailable = Some(Outcome::Unavailable { reason });
            }
        }
        self.state.save_snmp_ids(&known).context("saving known network devices")?;
        Ok(())
    }

    /// Polls one vCenter and reports its hosts and VMs; what left vCenter is reported gone.
    /// When vCenter cannot be polled, what it showed last time is reported as not seen, so
    /// the collector keeps it, marked, and the error is returned.
    pub async fn poll_vsphere(&self, target: &crate::vsphere::Target) -> anyhow::Result<crate::vsphere::Poll> {
        let mut known = crate::vsphere::known::Known::load(&self.state, &target.name);
        let host = crate::collect::identity::hostname(&self.host);
        let mut polled = crate::vsphere::poll(target).await;
        // An account whose read-only role did not reach the inventory sees an empty vCenter;
        // that must not report every known host and VM gone.
        if let Ok(poll) = &polled
            && poll.hosts.is_empty()
            && poll.vms.is_empty()
            && !known.is_empty()
        {
            let why = "vCenter showed no hosts and no VMs (check the account's permissions)";
            polled = Err(crate::vsphere::Error::Setup(why.into()));
        }
        let devices = match &polled {
            Ok(poll) => {
                let mut devices = known.gone(poll, &target.name);
                devices.extend(poll.hosts.iter().map(|h| Device::Hypervisor(Box::new(h.clone()))));
                devices.extend(poll.vms.iter().map(|v| Device::VirtualMachine(Box::new(v.clone()))));
                devices
            }
            Err(err) => known.unseen(&err.to_string()),
        };
        let mut unavailable: Option<Outcome> = None;
        for device in devices {
            let report = device_report(&host, device);
            if let RunResult::Spooled { reason } = self.hand_over(&report, unavailable.clone()).await? {
                unavailable = Some(Outcome::Unavailable { reason });
            }
        }
        let poll = polled?;
        known.remember(&poll).context("saving what vCenter showed")?;
        for warning in &poll.warnings {
            tracing::warn!(vcenter = %target.name, "{warning}");
        }
        Ok(poll)
    }

    /// Sends spooled reports oldest first; stops at the first the collector cannot take now
    /// (`Unavailable`) or refuses the key of (`Refused`: they stay spooled, for after an
    /// administrator has reset the device's identity and the agent has enrolled again).
    pub async fn flush_spool(&self) -> Result<(), Outcome> {
        let unavailable = |reason: String| Outcome::Unavailable { reason };
        let entries = self.spool.entries().map_err(|e| unavailable(format!("reading the spool: {e}")))?;
        for entry in entries {
            let body = match self.spool.read(&entry) {
                Ok(body) => body,
                Err(err) => {
                    tracing::warn!(report = %entry.name(), %err, "unreadable spooled report skipped");
                    continue;
                }
            };
            let kind = KeyKind::of_json(&body);
            let device = serde_json::from_slice::<Report>(&body).map(|r| r.device_id()).unwrap_or_default();
            let client = self.keys.client(kind, device).await?;
            match client.send(body).await {
                Outcome::Stored | Outcome::Duplicate => {
                    tracing::info!(report = %entry.name(), "spooled report delivered");
                }
                Outcome::Rejected { status, message } => {
                    tracing::error!(report = %entry.name(), status, %message, "collector rejected a spooled report; dropping it");
                }
                refused @ Outcome::Refused { .. } => return Err(refused),
                unavailable @ Outcome::Unavailable { .. } => return Err(unavailable),
            }
            self.spool
                .remove(&entry)
                .map_err(|e| unavailable(format!("removing a delivered report from the spool: {e}")))?;
        }
        Ok(())
    }

    pub fn spooled(&self) -> usize {
        self.spool.entries().map(|e| e.len()).unwrap_or(0)
    }

    /// Runs until `shutdown` resolves: a report at every scheduled time (plus jitter), and
    /// spool retries with exponential backoff in between.
    pub async fn run_forever(&self, shutdown: impl std::future::Future<Output = ()>) -> anyhow::Result<()> {
        tokio::pin!(shutdown);
        let schedule = self.config.schedule();
        let mut backoff = FIRST_BACKOFF;
        let mut next_report = next_time(&schedule, Utc::now(), self.config.jitter_secs);
        tracing::info!(next = %next_report, "agent started");
        loop {
            let retry = (self.spooled() > 0).then(|| Utc::now() + backoff);
            let wake = retry.map_or(next_report, |r| r.min(next_report));
            let sleep = (wake - Utc::now()).to_std().unwrap_or(Duration::ZERO);
            tokio::select! {
                _ = &mut shutdown => {
                    tracing::info!("shutting down");
                    return Ok(());
                }
                _ = tokio::time::sleep(sleep) => {}
            }
            if Utc::now() >= next_report {
                match self.run_once().await {
                    Ok(RunResult::Delivered) => backoff = FIRST_BACKOFF,
                    Ok(_) => {}
                    Err(err) => tracing::error!("{err:#}"),
                }
                next_report = next_time(&schedule, Utc::now(), self.config.jitter_secs);
                tracing::info!(next = %next_report, "next report scheduled");
            } else {
                match self.flush_spool().await {
                    Ok(()) => backoff = FIRST_BACKOFF,
                    Err(reason) => {
                        backoff = (backoff * 2).min(MAX_BACKOFF);
                        tracing::warn!(%reason, retry_in_secs = backoff.as_secs(), "spool not delivered");
                    }
                }
            }
        }
    }
}

/// A report of a device a poller found (a host or VM from vSphere), sent by this agent.
pub fn device_report(host: &str, device: Device) -> Report {
    Report {
        schema_version: SCHEMA_VERSION,
        report_id: arsring_protocol::new_report_id(),
        collected_at: Utc::now(),
        agent: AgentInfo { version: crate::VERSION.to_string(), host: host.to_string() },
        device,
    }
}

pub fn network_report(host: &str, device: NetworkDevice) -> Report {
    device_report(host, Device::Network(Box::new(device)))
}

/// The next scheduled time after `now`, plus a random delay of up to `jitter_secs`.
pub fn next_time(schedule: &cron::Schedule, now: DateTime<Utc>, jitter_secs: u64) -> DateTime<Utc> {
    let base = schedule.after(&now).next().unwrap_or(now + chrono::Duration::days(1));
    let jitter = if jitter_secs == 0 { 0 } else { fastrand::u64(0..=jitter_secs) };
    base + chrono::Duration::seconds(i64::try_from(jitter).unwrap_or(0))
}

#[cfg(test)]
mod tests;
