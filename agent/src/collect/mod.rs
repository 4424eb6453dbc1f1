//! Collecting a report about the server the agent runs on.
//!
//! Each submodule reads one area and turns raw text into protocol types with pure functions
//! (tested against captured real files); this module only wires them together.

pub mod dmi;
pub mod hardware;
pub mod host;
pub mod identity;
pub mod os_release;
pub mod patch;
pub mod platform;
pub mod utilisation;

use std::time::Duration;

use arsring_protocol::{
    AgentInfo, Bios, Device, DeviceIdSource, Hardware, Identity, Report, SCHEMA_VERSION, Server, Tags,
};
use chrono::Utc;
use uuid::Uuid;

use crate::state::StateDir;
use host::Host;
use utilisation::Counters;

/// What a collection needs besides the host itself.
#[derive(Clone, Debug)]
pub struct Options {
    pub tags: Tags,
    /// How long a package manager may take before patch level is reported unknown.
    pub package_timeout: Duration,
    /// How apt's pending updates are found.
    pub apt_pending: patch::apt::Pending,
}

/// A report and the state to save once it has been handed over (sent or spooled).
#[derive(Debug)]
pub struct Collected {
    pub report: Report,
    pub device_id: (Uuid, DeviceIdSource),
    pub counters: Option<Counters>,
    /// The package manager's answer to reuse next time, when it was asked this time.
    pub patch: Option<patch::reuse::Saved>,
}

impl Collected {
    /// Records that this report was handed over: the next report's utilisation window
    /// starts here, and the device id is pinned.
    pub fn commit(&self, state: &StateDir) -> std::io::Result<()> {
        state.save_device_id(self.device_id.0, self.device_id.1)?;
        if let Some(counters) = &self.counters {
            state.save_counters(counters)?;
        }
        if let Some(patch) = &self.patch {
            state.save_patch(patch)?;
        }
        Ok(())
    }
}

/// Collects a report about `host`. Reads `state` but does not write it: see [`Collected::commit`].
pub fn collect(host: &Host, options: &Options, state: &StateDir) -> Collected {
    let now = Utc::now();
    let (device_id, device_id_source) = identity::device_id(host, state.device_id());
    let hostname = identity::hostname(host);
    let cpuinfo = host.read("/proc/cpuinfo").unwrap_or_default();
    let dmi = dmi::read(host);
    let platform = platform::decide(&platform::evidence(host, &dmi, &cpuinfo));

    let memory_bytes = sysinfo::System::new().ok().map(|mut system| {
        system.refresh_memory();
        system.total_memory()
    });
    let logical_cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let hardware = Hardware {
        vendor: dmi.sys_vendor.as_deref().map(Into::into),
        model: dmi.product_name.as_deref().map(Into::into),
        serial: dmi.product_serial.as_deref().map(Into::into),
        chassis_type: dmi.chassis_type.as_deref().map(Into::into),
        product_uuid: dmi.product_uuid.as_deref().and_then(|u| Uuid::parse_str(u).ok()).filter(|u| !u.is_nil()),
        bios: Bios {
            vendor: dmi.bios_vendor.as_deref().map(Into::into),
            version: dmi.bios_version.as_deref().map(Into::into),
            release_date: dmi.bios_date,
        },
        cpu: hardware::cpu(&cpuinfo, logical_cpus),
        memory_bytes: memory_bytes.filter(|m| *m > 0),
        disks: hardware::disks(host),
        platform,
    };

    let counters = utilisation::read_counters(host, now);
    let uptime = host.read("/proc/uptime").and_then(|t| utilisation::uptime_secs(&t)).unwrap_or(0);
    let load = host.read("/proc/loadavg").and_then(|t| utilisation::load_average(&t)).unwrap_or([0.0; 3]);
    let previous = state.counters();
    let utilisation = match &counters {
        Some(c) => utilisation::utilisation(c, previous.as_ref(), uptime, load),
        None => utilisation::unavailable(now, uptime, load),
    };

    let (patch_level, keep) =
        patch::collect(&os_release::family(host), options.package_timeout, options.apt_pending, state.patch().as_ref());
    let server = Server {
        identity: Identity {
            device_id,
            device_id_source,
            fqdn: identity::fqdn(&hostname).map(Into::into),
            hostname: hostname.as_str().into(),
            addresses: identity::addresses(),
            mac_addresses: identity::mac_addresses(host).map(|v| v.into_iter().map(Into::into).collect()),
        },
        hardware,
        os: os_release::collect(host),
        patch: patch_level,
        utilisation,
        tags: options.tags.clone(),
    };
    let report = Report {
        schema_version: SCHEMA_VERSION,
        report_id: arsring_protocol::new_report_id(),
        collected_at: Utc::now(),
        agent: AgentInfo { version: crate::VERSION.to_string(), host: hostname },
        device: Device::Server(Box::new(server)),
    };
    Collected { report, device_id: (device_id, device_id_source), counters, patch: keep }
}
