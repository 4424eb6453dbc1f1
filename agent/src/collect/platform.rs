//! Physical, virtual or container, and which technology, with the evidence.
//!
//! The same signals systemd-detect-virt uses: container markers first (a container shares
//! the host's DMI and CPU flags, so those would describe the host, not the container),
//! then DMI vendor and product strings, then the CPU's hypervisor flag.

use arsring_protocol::{Platform, PlatformKind};

use super::dmi::Dmi;
use super::host::Host;

/// What the decision is made from; gathered by [`evidence`], decided by [`decide`].
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// `(technology, source)` when a container marker was found.
    pub container: Option<(String, String)>,
    pub sys_vendor: Option<String>,
    pub product_name: Option<String>,
    pub bios_vendor: Option<String>,
    /// The `hypervisor` flag in `/proc/cpuinfo`: set by the CPU under any hypervisor.
    pub cpu_hypervisor_flag: bool,
    /// `/sys/hypervisor/type`, present under Xen.
    pub hypervisor_type: Option<String>,
}

pub fn evidence(host: &Host, dmi: &Dmi, cpuinfo: &str) -> Evidence {
    Evidence {
        container: container_marker(host),
        sys_vendor: dmi.sys_vendor.clone(),
        product_name: dmi.product_name.clone(),
        bios_vendor: dmi.bios_vendor.clone(),
        cpu_hypervisor_flag: cpuinfo
            .lines()
            .filter(|l| l.starts_with("flags"))
            .any(|l| l.split_whitespace().any(|f| f == "hypervisor")),
        hypervisor_type: host.read_value("/sys/hypervisor/type"),
    }
}

fn container_marker(host: &Host) -> Option<(String, String)> {
    if let Some(name) = host.read_value("/run/systemd/container") {
        return Some((name, "/run/systemd/container".into()));
    }
    if host.exists("/.dockerenv") {
        return Some(("docker".into(), "/.dockerenv present".into()));
    }
    if host.exists("/run/.containerenv") {
        return Some(("podman".into(), "/run/.containerenv present".into()));
    }
    // PID 1's environment is root-only; it names the manager for LXC and nspawn.
    let environ = host.read("/proc/1/environ")?;
    let name = environ.split('\0').find_map(|kv| kv.strip_prefix("container="))?;
    (!name.is_empty()).then(|| (name.to_string(), "container= in PID 1's environment".into()))
}

/// DMI strings of virtual machines: (field, case-insensitive substring, technology).
const VM_SIGNATURES: &[(Field, &str, &str)] = &[
    (Field::Vendor, "vmware", "vmware"),
    (Field::Product, "vmware", "vmware"),
    (Field::Vendor, "qemu", "kvm"),
    (Field::Product, "kvm", "kvm"),
    (Field::Vendor, "red hat", "kvm"),
    (Field::Product, "rhev hypervisor", "kvm"),
    (Field::Product, "ovirt", "kvm"),
    (Field::Vendor, "nutanix", "nutanix-ahv"),
    (Field::Vendor, "innotek", "virtualbox"),
    (Field::Product, "virtualbox", "virtualbox"),
    (Field::Vendor, "xen", "xen"),
    (Field::Vendor, "parallels", "parallels"),
    (Field::Product, "google compute engine", "gce"),
    (Field::Vendor, "openstack", "openstack"),
    (Field::Product, "openstack", "openstack"),
    (Field::Bios, "bhyve", "bhyve"),
    (Field::Vendor, "amazon ec2", "amazon"),
];

#[derive(Clone, Copy)]
enum Field {
    Vendor,
    Product,
    Bios,
}

pub fn decide(e: &Evidence) -> Platform {
    if let Some((tech, source)) = &e.container {
        let source = if e.cpu_hypervisor_flag {
            format!("{source}; the host itself is virtual (cpu hypervisor flag)")
        } else {
            source.clone()
        };
        return platform(PlatformKind::Container, Some(tech.clone()), source);
    }
    if let Some((tech, source)) = dmi_vm(e) {
        return platform(PlatformKind::Virtual, Some(tech), source);
    }
    if let Some(kind) = &e.hypervisor_type {
        return platform(PlatformKind::Virtual, Some(kind.clone()), "/sys/hypervisor/type".into());
    }
    if e.cpu_hypervisor_flag {
        return platform(PlatformKind::Virtual, None, "cpu hypervisor flag, no DMI signature".into());
    }
    match &e.sys_vendor {
        Some(vendor) => {
            platform(PlatformKind::Physical, None, format!("dmi sys_vendor {vendor:?}, no hypervisor cpu flag"))
        }
        None => platform(PlatformKind::Unknown, None, "no DMI and no hypervisor cpu flag".into()),
    }
}

fn dmi_vm(e: &Evidence) -> Option<(String, String)> {
    // Hyper-V and Azure: Microsoft's vendor string alone also covers Surface laptops.
    if e.sys_vendor.as_deref() == Some("Microsoft Corporation") && e.product_name.as_deref() == Some("Virtual Machine")
    {
        return Some(("hyper-v".into(), "dmi product_name \"Virtual Machine\"".into()));
    }
    // EC2 bare-metal instances carry Amazon's vendor string on real hardware.
    if e.product_name.as_deref().is_some_and(|p| p.ends_with(".metal")) {
        return None;
    }
    VM_SIGNATURES.iter().find_map(|(field, needle, tech)| {
        let (name, value) = match field {
            Field::Vendor => ("sys_vendor", e.sys_vendor.as_deref()?),
            Field::Product => ("product_name", e.product_name.as_deref()?),
            Field::Bios => ("bios_vendor", e.bios_vendor.as_deref()?),
        };
        value.to_ascii_lowercase().contains(needle).then(|| (tech.to_string(), format!("dmi {name} {value:?}")))
    })
}

fn platform(kind: PlatformKind, technology: Option<String>, source: String) -> Platform {
    Platform { kind, technology: technology.map(Into::into), source: source.into() }
}

#[cfg(test)]
mod tests;
