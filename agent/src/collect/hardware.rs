//! CPU, memory and disks.

use std::collections::HashSet;

use arsring_protocol::{Cpu, Disk};

use super::host::Host;

/// CPU model and topology from `/proc/cpuinfo`. Sockets and cores stay unknown where the
/// kernel does not expose `physical id` / `core id` (common in VMs and on ARM).
pub fn cpu(cpuinfo: &str, logical_cpus: usize) -> Cpu {
    let mut model = None;
    let mut sockets = HashSet::new();
    let mut cores = HashSet::new();
    let mut processors = 0u32;
    let mut socket = None;
    for line in cpuinfo.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "processor" => processors += 1,
            // x86 says "model name"; some ARM kernels only "Hardware" or "CPU part".
            "model name" | "Processor" if model.is_none() && !value.is_empty() => model = Some(value.to_string()),
            "physical id" => {
                socket = Some(value.to_string());
                sockets.insert(value.to_string());
            }
            "core id" => {
                cores.insert((socket.clone(), value.to_string()));
            }
            _ => {}
        }
    }
    let threads = u32::try_from(logical_cpus).unwrap_or(u32::MAX).max(processors).max(1);
    Cpu {
        model: model.map(Into::into),
        sockets: (!sockets.is_empty()).then_some(sockets.len() as u32),
        cores: (!cores.is_empty()).then_some(cores.len() as u32),
        threads,
    }
}

/// Whole disks: block devices backed by a device (not loop, ram, zram, dm or md).
pub fn disks(host: &Host) -> Vec<Disk> {
    host.list("/sys/block")
        .into_iter()
        .filter(|name| host.exists(&format!("/sys/block/{name}/device")))
        .filter_map(|name| disk(host, &name))
        .collect()
}

fn disk(host: &Host, name: &str) -> Option<Disk> {
    let base = format!("/sys/block/{name}");
    let sectors: u64 = host.read_value(&format!("{base}/size"))?.parse().ok()?;
    if sectors == 0 {
        return None; // an empty CD drive or card reader
    }
    // udev's database is world-readable and has the serial that sysfs hides from non-root.
    let udev = host
        .read_value(&format!("{base}/dev"))
        .and_then(|dev| host.read(&format!("/run/udev/data/b{dev}")))
        .unwrap_or_default();
    let serial = host
        .read_value(&format!("{base}/serial"))
        .or_else(|| host.read_value(&format!("{base}/device/serial")))
        .or_else(|| udev_property(&udev, "ID_SERIAL_SHORT"));
    let model = host.read_value(&format!("{base}/device/model")).or_else(|| udev_property(&udev, "ID_MODEL"));
    let rotational = match host.read_value(&format!("{base}/queue/rotational")).as_deref() {
        Some("1") => Some(true),
        Some("0") => Some(false),
        _ => None,
    };
    Some(Disk {
        name: name.into(),
        // The kernel counts `size` in 512-byte sectors whatever the device's block size.
        size_bytes: sectors.saturating_mul(512),
        model: model.map(Into::into),
        serial: serial.map(Into::into),
        rotational,
    })
}

/// A property (`E:KEY=value` line) from a udev database entry.
pub fn udev_property(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (k, v) = line.strip_prefix("E:")?.split_once('=')?;
        (k == key && !v.trim().is_empty()).then(|| v.trim().to_string())
    })
}

#[cfg(test)]
mod tests;
