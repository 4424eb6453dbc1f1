//! The facts vSphere gives of a host or a VM, for the device page.

use arsring_protocol::{Hypervisor, Placement, VirtualMachine};

use super::{Facts, or_unknown};

fn bytes(value: Option<u64>, unit: f64, suffix: &str) -> String {
    value.map_or("unknown".into(), |v| format!("{:.1} {suffix}", v as f64 / unit))
}

fn placement(p: &Placement) -> Facts {
    vec![
        ("vCenter".into(), format!("{} ({})", p.vcenter_name, p.moref)),
        ("Datacenter".into(), or_unknown(p.datacenter.clone())),
        ("Cluster".into(), p.cluster.clone().unwrap_or_else(|| "none (standalone host)".into())),
    ]
}

fn attributes(facts: &mut Facts, map: &std::collections::BTreeMap<String, String>) {
    facts.extend(map.iter().map(|(k, v)| (format!("Attribute {k}"), v.clone())));
}

pub(super) fn hypervisor_facts(h: &Hypervisor) -> Facts {
    let mut facts = placement(&h.placement);
    let product = h.product.as_ref().map(|p| {
        let build = p.build.as_deref().map(|b| format!(" build {b}")).unwrap_or_default();
        format!("{} {}{build}", p.name, p.version)
    });
    facts.extend([
        ("ESXi".into(), or_unknown(product)),
        ("Serial".into(), h.serial.as_ref().map_or("unknown".into(), |s| format!("{} (from {})", s.value, s.source))),
        ("Asset tag".into(), or_unknown(h.asset_tag.clone())),
        (
            "BIOS".into(),
            [&h.bios.vendor, &h.bios.version, &h.bios.release_date.map(|d| d.to_string())]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        (
            "CPU".into(),
            format!(
                "{}: {} sockets, {} cores, {} threads",
                or_unknown(h.cpu.model.clone()),
                h.cpu.sockets.map_or("?".into(), |n| n.to_string()),
                h.cpu.cores.map_or("?".into(), |n| n.to_string()),
                h.cpu.threads
            ),
        ),
        ("Memory".into(), bytes(h.memory_bytes, f64::from(1u32 << 30), "GiB")),
        ("Power".into(), h.power_state.as_str().replace('_', " ")),
        ("Connection".into(), or_unknown(h.connection_state.clone())),
        ("Virtual machines".into(), h.vm_count.to_string()),
    ]);
    attributes(&mut facts, &h.custom_attributes);
    facts
}

pub(super) fn vm_facts(vm: &VirtualMachine) -> Facts {
    let g = &vm.guest;
    let a = &vm.allocation;
    let mut facts = placement(&vm.placement);
    facts.extend([
        ("VM name".into(), vm.name.clone()),
        ("Host".into(), or_unknown(vm.host.clone())),
        ("Folder".into(), or_unknown(vm.folder.clone())),
        ("Resource pool".into(), or_unknown(vm.resource_pool.clone())),
        ("Power".into(), vm.power_state.as_str().replace('_', " ")),
        ("Instance UUID".into(), or_unknown(vm.instance_uuid.map(|u| u.to_string()))),
        ("BIOS UUID".into(), or_unknown(vm.bios_uuid.map(|u| u.to_string()))),
        ("Guest OS (configured)".into(), or_unknown(g.configured_name.clone())),
        (
            "Guest OS (VMware Tools)".into(),
            g.tools_name.clone().unwrap_or_else(|| "not reported (no Tools running)".into()),
        ),
        (
            "OS release".into(),
            g.os.as_ref().map_or("unknown".into(), |o| {
                format!("{} {} (from {})", o.value.family, o.value.version.as_deref().unwrap_or("?"), o.source)
            }),
        ),
        ("Guest hostname".into(), or_unknown(g.hostname.clone())),
        ("Addresses".into(), g.addresses.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
        ("MAC addresses".into(), vm.mac_addresses.join(", ")),
        ("vCPU".into(), or_unknown(a.vcpu.map(|n| n.to_string()))),
        ("Memory".into(), bytes(a.memory_bytes, f64::from(1u32 << 30), "GiB")),
        ("Disk provisioned".into(), bytes(a.disk_provisioned_bytes, 1e9, "GB")),
        ("Disk used".into(), bytes(a.disk_used_bytes, 1e9, "GB")),
        ("Tags".into(), vm.tags.as_ref().map_or("not read".into(), |t| t.join(", "))),
        ("Annotation".into(), vm.annotation.clone().unwrap_or_default()),
    ]);
    attributes(&mut facts, &vm.custom_attributes);
    facts
}
