//! The vSphere facts charges read: placement and power for hosts, VMs and guests that run
//! the agent.

use std::sync::Arc;

use arsring_protocol::{DeviceKind, PowerState, Report, example_host_report, example_report, example_vm_report};
use chrono::{TimeZone, Utc};
use uuid::Uuid;

use super::*;
use crate::costs::servers::{VsphereFacts, VsphereRole};
use crate::lifecycle::assets::Register;

fn record(kind: DeviceKind, report: fn(Uuid, Uuid, chrono::DateTime<Utc>) -> Report) -> DeviceRecord {
    let at = Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap();
    DeviceRecord {
        device_id: Uuid::from_u128(7),
        kind,
        first_seen: at,
        last_seen: at,
        unreachable: None,
        report: report(Uuid::from_u128(1), Uuid::from_u128(7), at),
        linked: None,
        facts_fingerprint: None,
    }
}

fn facts(record: &DeviceRecord) -> ServerFacts {
    server_facts(record, &[], &Register::default().index()).unwrap()
}

const VCENTER: &str = "6ffdfc07-8d4e-4b4a-9a59-2f4c0ddc7f10";

fn vm_facts() -> VsphereFacts {
    VsphereFacts {
        vcenter: VCENTER.into(),
        role: VsphereRole::Vm { host: Some("esx-sh-01.kommun.example".into()) },
        folder: Some("Ekonomi".into()),
        tags: Some(vec!["Backup/Guld".into(), "Miljö/Produktion".into()]),
        attributes: [("Verksamhet".to_string(), "Ekonomi".to_string())].into(),
        power: PowerState::PoweredOn,
    }
}

#[test]
fn a_vm_has_its_folder_tags_attributes_power_and_host() {
    let vm = facts(&record(DeviceKind::VirtualMachine, example_vm_report));
    assert_eq!(vm.vsphere, Some(vm_facts()));
    assert_eq!((vm.hostname.as_str(), vm.vcpu, vm.ram_bytes), ("SRV-EKO-APP01", 4, 16 << 30));
}

#[test]
fn a_host_is_named_as_its_vms_name_it_and_has_its_attributes() {
    let host = facts(&record(DeviceKind::Hypervisor, example_host_report));
    let expected = VsphereFacts {
        vcenter: VCENTER.into(),
        role: VsphereRole::Host,
        folder: None,
        tags: None,
        attributes: [("Placering".to_string(), "Rack A3 U12".to_string())].into(),
        power: PowerState::PoweredOn,
    };
    assert_eq!((host.hostname.as_str(), host.vsphere), ("esx-sh-01.kommun.example", Some(expected)));
}

#[test]
fn a_guest_running_the_agent_takes_its_vms_placement() {
    let agent = facts(&record(DeviceKind::Server, example_report));
    assert_eq!(agent.vsphere, None, "only an agent reports it");
    let linked = DeviceRecord {
        linked: Some(Arc::new(record(DeviceKind::VirtualMachine, example_vm_report))),
        facts_fingerprint: None,
        ..record(DeviceKind::Server, example_report)
    };
    let guest = facts(&linked);
    assert_eq!(guest.vsphere, Some(vm_facts()));
    assert_eq!((guest.hostname.as_str(), guest.vcpu), ("web01", 4), "the agent's name, vSphere's allocation");
}
