//! What changed between two reports of a device, for its history.
//!
//! Only configuration facts are compared (identity, hardware, OS, tags, when it was last
//! patched); utilisation and pending-update counts move with every report and would drown
//! the history in noise.

mod vsphere;

use std::collections::BTreeMap;
use std::fmt::Display;
use std::hash::Hasher;

use arsring_protocol::{Device, NetworkDevice, Report, Server};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Change {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Where a report's facts go as they are read: a map, to compare them field by field, or a
/// hasher, to tell whether anything changed at all (most reports change nothing, and then
/// no map is built).
trait Sink {
    /// One fact, `key` and `value` as text.
    fn fact(&mut self, key: impl Display, value: impl Display);

    /// A fact that may be unknown; unknown facts are left out.
    fn maybe(&mut self, key: impl Display, value: Option<impl Display>) {
        if let Some(value) = value {
            self.fact(key, value);
        }
    }
}

impl Sink for BTreeMap<String, String> {
    fn fact(&mut self, key: impl Display, value: impl Display) {
        self.insert(key.to_string(), value.to_string());
    }
}

/// A report's tracked facts as `field → value`; absent or unknown facts are left out.
pub fn facts(report: &Report) -> BTreeMap<String, String> {
    let mut facts = BTreeMap::new();
    read(report, &mut facts);
    facts
}

/// A fingerprint of a report's facts, in the order they are read: equal fingerprints mean
/// the same facts (but for a chance of about 2⁻¹²⁸: SipHash-1-3 with its 128-bit output);
/// different ones may still be the same facts listed in another order, which a comparison of
/// [`facts`] then finds unchanged. In memory only.
pub fn fingerprint(report: &Report) -> u128 {
    // Written out first, then hashed in one pass: SipHash takes many short pieces slowly.
    let mut facts = Fingerprint(Vec::with_capacity(2048));
    read(report, &mut facts);
    let mut hasher = siphasher::sip128::SipHasher13::new();
    hasher.write(&facts.0);
    siphasher::sip128::Hasher128::finish128(&hasher).as_u128()
}

/// Facts written one after another, each key and value ended by 0xFF, which never occurs in
/// UTF-8: no two lists of facts read alike.
struct Fingerprint(Vec<u8>);

impl Sink for Fingerprint {
    fn fact(&mut self, key: impl Display, value: impl Display) {
        use std::io::Write;
        // Writing to a `Vec` cannot fail.
        let _ = write!(self.0, "{key}");
        self.0.push(0xFF);
        let _ = write!(self.0, "{value}");
        self.0.push(0xFF);
    }
}

fn read(report: &Report, out: &mut impl Sink) {
    out.fact("agent.version", &report.agent.version);
    match &report.device {
        Device::Server(server) => server_facts(server, out),
        Device::Network(device) => network_facts(device, out),
        Device::Hypervisor(host) => vsphere::hypervisor_facts(host, out),
        Device::VirtualMachine(vm) => vsphere::vm_facts(vm, out),
    }
}

fn network_facts(d: &NetworkDevice, out: &mut impl Sink) {
    out.fact("address", &d.identity.address);
    if let Some(s) = &d.system {
        out.maybe("system.name", s.name.as_ref());
        out.maybe("system.object_id", s.object_id.as_ref());
        out.maybe("system.location", s.location.as_ref());
        out.maybe("system.contact", s.contact.as_ref());
    }
    fn v(s: &Option<arsring_protocol::Sourced<String>>) -> Option<&String> {
        s.as_ref().map(|s| &s.value)
    }
    out.maybe("vendor", v(&d.derived.vendor));
    out.maybe("model", v(&d.derived.model));
    out.maybe("category", v(&d.derived.category));
    out.maybe("os_family", v(&d.derived.os_family));
    out.maybe("os_version", v(&d.derived.os_version));
    out.maybe("serial", v(&d.derived.serial));
    out.fact("port_count", d.port_count);
    // The identity it gives its LLDP neighbours: a new chassis id is a swapped chassis.
    if let Some(local) = &d.lldp_local {
        out.maybe("lldp.chassis_id", local.chassis_id.as_ref());
        out.maybe("lldp.name", local.name.as_ref());
    }
    // Components are keyed by serial where they have one: a swapped power supply shows as one
    // removed and one added, even if the device renumbered its entities.
    for c in d.chassis.iter().chain(&d.components) {
        let description = Joined([c.model.as_deref(), c.description.as_deref(), c.software_rev.as_deref()]);
        match &c.serial {
            Some(serial) => out.fact(format_args!("{}.{serial}", c.class.as_str()), description),
            None => out.fact(format_args!("{}.index{}", c.class.as_str(), c.index), description),
        }
    }
    out.maybe("tags.department", d.tags.department.as_ref());
    out.maybe("tags.site", d.tags.site.as_ref());
    out.maybe("tags.owner", d.tags.owner.as_ref());
    for (key, value) in &d.tags.extra {
        out.fact(format_args!("tags.extra.{key}"), value);
    }
}

/// The known ones of a few texts, separated by commas.
struct Joined<'a, const N: usize>([Option<&'a str>; N]);

impl<const N: usize> Display for Joined<'_, N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, text) in self.0.iter().flatten().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(text)?;
        }
        Ok(())
    }
}

fn server_facts(s: &Server, out: &mut impl Sink) {
    let hw = &s.hardware;
    out.fact("hostname", &s.identity.hostname);
    out.maybe("fqdn", s.identity.fqdn.as_ref());
    out.maybe("hardware.vendor", hw.vendor.as_ref());
    out.maybe("hardware.model", hw.model.as_ref());
    out.maybe("hardware.serial", hw.serial.as_ref());
    out.maybe("hardware.chassis_type", hw.chassis_type.as_ref());
    out.maybe("hardware.product_uuid", hw.product_uuid);
    out.maybe("hardware.bios.vendor", hw.bios.vendor.as_ref());
    out.maybe("hardware.bios.version", hw.bios.version.as_ref());
    out.maybe("hardware.bios.release_date", hw.bios.release_date);
    out.maybe("hardware.cpu.model", hw.cpu.model.as_ref());
    out.maybe("hardware.cpu.sockets", hw.cpu.sockets);
    out.maybe("hardware.cpu.cores", hw.cpu.cores);
    out.fact("hardware.cpu.threads", hw.cpu.threads);
    out.maybe("hardware.memory_bytes", hw.memory_bytes);
    out.fact("hardware.platform", hw.platform.kind.as_str());
    out.maybe("hardware.platform.technology", hw.platform.technology.as_ref());
    for disk in &hw.disks {
        out.fact(
            format_args!("hardware.disks.{}", disk.name),
            format_args!(
                "{} bytes, model {}, serial {}",
                disk.size_bytes,
                disk.model.as_deref().unwrap_or("unknown"),
                disk.serial.as_deref().unwrap_or("unknown")
            ),
        );
    }
    out.maybe("os.id", s.os.id.as_ref());
    out.maybe("os.version_id", s.os.version_id.as_ref());
    out.maybe("os.pretty_name", s.os.pretty_name.as_ref());
    out.maybe("os.kernel", s.os.kernel.as_ref());
    out.maybe("os.arch", s.os.arch.as_ref());
    out.maybe("patch.manager", s.patch.manager.map(|m| m.as_str()));
    out.maybe("patch.last_installed", s.patch.last_installed.as_ref().map(|l| l.value.to_rfc3339()));
    out.maybe("tags.department", s.tags.department.as_ref());
    out.maybe("tags.site", s.tags.site.as_ref());
    out.maybe("tags.owner", s.tags.owner.as_ref());
    for (key, value) in &s.tags.extra {
        out.fact(format_args!("tags.extra.{key}"), value);
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
mod tests;
