//! What each vCenter showed at its last poll, kept in the state directory, so that a host
//! or VM that is no longer there is reported gone (the collector keeps it, marked, with its
//! last inventory) and a vCenter that does not answer leaves the inventory as it was,
//! marked as not seen, instead of emptying it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use arsring_protocol::{Absence, Device};
use uuid::Uuid;

use super::Poll;
use crate::state::StateDir;

pub struct Known {
    path: PathBuf,
    devices: BTreeMap<Uuid, Device>,
}

/// A file name for a target's name: letters, digits and `.-_` kept, the rest `_`.
fn file_name(target: &str) -> String {
    let safe: String =
        target.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    format!("vsphere-{safe}.json")
}

impl Known {
    pub fn load(state: &StateDir, target: &str) -> Known {
        let path = state.path().join(file_name(target));
        let devices = std::fs::read(&path)
            .ok()
            .and_then(|bytes| match serde_json::from_slice(&bytes) {
                Ok(devices) => Some(devices),
                Err(err) => {
                    tracing::warn!(path = %path.display(), %err, "forgetting an unreadable vSphere state file");
                    None
                }
            })
            .unwrap_or_default();
        Known { path, devices }
    }

    pub fn len(&self) -> usize {
        self.devices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.devices.is_empty()
    }

    /// The devices known before and missing from `poll`, marked gone from vCenter.
    pub fn gone(&self, poll: &Poll, vcenter: &str) -> Vec<Device> {
        let seen: std::collections::HashSet<Uuid> =
            poll.hosts.iter().map(|h| h.device_id).chain(poll.vms.iter().map(|v| v.device_id)).collect();
        let reason = format!("no longer in vCenter {vcenter}");
        self.marked(|id| !seen.contains(id), &reason, true)
    }

    /// Every known device, marked as not seen because vCenter could not be polled.
    pub fn unseen(&self, why: &str) -> Vec<Device> {
        self.marked(|_| true, &format!("not polled: {why}"), false)
    }

    fn marked(&self, select: impl Fn(&Uuid) -> bool, reason: &str, gone: bool) -> Vec<Device> {
        let absence = Absence { reason: reason.chars().take(900).collect(), gone };
        self.devices
            .iter()
            .filter(|(id, _)| select(id))
            .map(|(_, device)| {
                let mut device = device.clone();
                match &mut device {
                    Device::Hypervisor(h) => h.absent = Some(absence.clone()),
                    Device::VirtualMachine(vm) => vm.absent = Some(absence.clone()),
                    _ => {}
                }
                device
            })
            .collect()
    }

    /// Keeps what `poll` saw as the new last state (devices gone are forgotten: the
    /// collector has them, marked).
    pub fn remember(&mut self, poll: &Poll) -> std::io::Result<()> {
        self.devices = poll
            .hosts
            .iter()
            .map(|h| (h.device_id, Device::Hypervisor(Box::new(h.clone()))))
            .chain(poll.vms.iter().map(|v| (v.device_id, Device::VirtualMachine(Box::new(v.clone())))))
            .collect();
        let bytes = serde_json::to_vec(&self.devices).map_err(std::io::Error::other)?;
        crate::state::write_atomic(&self.path, &bytes)
    }
}
