//! What changed between two reports of a device, for its history.
//!
//! Only configuration facts are compared (identity, hardware, OS, tags, when it was last
//! patched); utilisation and pending-update counts move with every report and would drown
//! the history in noise.

use std::collections::BTreeMap;

use arsring_protocol::{Device, Report, Server};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A report's tracked facts as `field → value`; absent or unknown facts are left out.
pub fn facts(report: &Report) -> BTreeMap<String, String> {
    let mut facts = BTreeMap::new();
    facts.insert("agent.version".into(), report.agent.version.clone());
    match &report.device {
        Device::Server(server) => server_facts(server, &mut facts),
    }
    facts
}

fn server_facts(s: &Server, out: &mut BTreeMap<String, String>) {
    let mut put = |key: &str, value: Option<String>| {
        if let Some(v) = value {
            out.insert(key.to_string(), v);
        }
    };
    let hw = &s.hardware;
    put("hostname", Some(s.identity.hostname.clone()));
    put("fqdn", s.identity.fqdn.clone());
    put("hardware.vendor", hw.vendor.clone());
    put("hardware.model", hw.model.clone());
    put("hardware.serial", hw.serial.clone());
    put("hardware.chassis_type", hw.chassis_type.clone());
    put("hardware.bios.vendor", hw.bios.vendor.clone());
    put("hardware.bios.version", hw.bios.version.clone());
    put("hardware.bios.release_date", hw.bios.release_date.map(|d| d.to_string()));
    put("hardware.cpu.model", hw.cpu.model.clone());
    put("hardware.cpu.sockets", hw.cpu.sockets.map(|n| n.to_string()));
    put("hardware.cpu.cores", hw.cpu.cores.map(|n| n.to_string()));
    put("hardware.cpu.threads", Some(hw.cpu.threads.to_string()));
    put("hardware.memory_bytes", hw.memory_bytes.map(|n| n.to_string()));
    put("hardware.platform", Some(hw.platform.kind.as_str().to_string()));
    put("hardware.platform.technology", hw.platform.technology.clone());
    for disk in &hw.disks {
        let description = format!(
            "{} bytes, model {}, serial {}",
            disk.size_bytes,
            disk.model.as_deref().unwrap_or("unknown"),
            disk.serial.as_deref().unwrap_or("unknown")
        );
        put(&format!("hardware.disks.{}", disk.name), Some(description));
    }
    put("os.id", s.os.id.clone());
    put("os.version_id", s.os.version_id.clone());
    put("os.pretty_name", s.os.pretty_name.clone());
    put("os.kernel", s.os.kernel.clone());
    put("os.arch", s.os.arch.clone());
    put("patch.manager", s.patch.manager.map(|m| m.as_str().to_string()));
    put("patch.last_installed", s.patch.last_installed.as_ref().map(|l| l.value.to_rfc3339()));
    put("tags.department", s.tags.department.clone());
    put("tags.site", s.tags.site.clone());
    put("tags.owner", s.tags.owner.clone());
    for (key, value) in &s.tags.extra {
        put(&format!("tags.extra.{key}"), Some(value.clone()));
    }
}

/// Field-by-field differences, in field order.
pub fn diff(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Vec<Change> {
    let mut fields: Vec<&String> = old.keys().chain(new.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|f| old.get(*f) != new.get(*f))
        .map(|f| Change { field: f.clone(), from: old.get(f).cloned(), to: new.get(f).cloned() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use arsring_protocol::example_report;
    use chrono::Utc;
    use uuid::Uuid;

    #[test]
    fn kernel_upgrade_and_tag_change_are_recorded_utilisation_is_not() {
        let old = example_report(Uuid::from_u128(1), Uuid::from_u128(2), Utc::now());
        let mut new = old.clone();
        let Device::Server(s) = &mut new.device;
        s.os.kernel = Some("6.1.0-30-amd64".into());
        s.tags.site = None;
        s.utilisation.cpu_busy_ratio = Some(0.9);
        let changes = diff(&facts(&old), &facts(&new));
        assert_eq!(
            changes,
            vec![
                Change {
                    field: "os.kernel".into(),
                    from: Some("6.1.0-28-amd64".into()),
                    to: Some("6.1.0-30-amd64".into())
                },
                Change { field: "tags.site".into(), from: Some("dc-norra".into()), to: None },
            ]
        );
    }
}
