//! The facts vSphere gives of a host or a VM, for the device page.

use arsring_dashboard::i18n::integer;
use arsring_dashboard::{Lang, Text};
use arsring_protocol::{Hypervisor, Placement, VirtualMachine};

use super::text;
use super::{Facts, bios, bytes, or_unknown, sourced};
use crate::web::pages::text::UNKNOWN;

fn placement(p: &Placement, lang: Lang) -> Facts {
    let t = |text: Text| text.get(lang).to_string();
    vec![
        (t(text::VCENTER), format!("{} ({})", p.vcenter_name, p.moref)),
        (t(text::DATACENTER), or_unknown(p.datacenter.clone(), lang)),
        (t(text::CLUSTER), p.cluster.clone().unwrap_or_else(|| t(text::STANDALONE))),
    ]
}

fn attributes(facts: &mut Facts, map: &std::collections::BTreeMap<String, String>, lang: Lang) {
    facts.extend(map.iter().map(|(k, v)| (text::ATTRIBUTE.fill(lang, &[("name", k)]), v.clone())));
}

pub(super) fn hypervisor_facts(h: &Hypervisor, lang: Lang) -> Facts {
    let t = |text: Text| text.get(lang).to_string();
    let count = |n: Option<u32>| n.map_or("?".into(), |n| integer(lang, n.into()));
    let mut facts = placement(&h.placement, lang);
    let product = h.product.as_ref().map(|p| {
        let build = p.build.as_deref().map(|b| format!(" build {b}")).unwrap_or_default();
        format!("{} {}{build}", p.name, p.version)
    });
    facts.extend([
        (t(text::ESXI), or_unknown(product, lang)),
        (t(text::SERIAL), h.serial.as_ref().map_or(t(UNKNOWN), |s| sourced(&s.value, &s.source, lang))),
        (t(text::ASSET_TAG), or_unknown(h.asset_tag.clone(), lang)),
        (t(text::BIOS), bios(&h.bios)),
        (
            t(text::CPU),
            text::HOST_CPU.fill(
                lang,
                &[
                    ("model", &or_unknown(h.cpu.model.as_deref().map(Into::into), lang)),
                    ("sockets", &count(h.cpu.sockets)),
                    ("cores", &count(h.cpu.cores)),
                    ("threads", &integer(lang, h.cpu.threads.into())),
                ],
            ),
        ),
        (t(text::MEMORY), bytes(h.memory_bytes, f64::from(1u32 << 30), "GiB", lang)),
        (t(text::POWER), text::power(h.power_state, lang).into()),
        // As vCenter says it: `connected`, `disconnected`, `notResponding`.
        (t(text::CONNECTION), or_unknown(h.connection_state.clone(), lang)),
        (t(text::VIRTUAL_MACHINES), integer(lang, h.vm_count.into())),
    ]);
    attributes(&mut facts, &h.custom_attributes, lang);
    facts
}

pub(super) fn vm_facts(vm: &VirtualMachine, lang: Lang) -> Facts {
    let t = |text: Text| text.get(lang).to_string();
    let g = &vm.guest;
    let a = &vm.allocation;
    let mut facts = placement(&vm.placement, lang);
    facts.extend([
        (t(text::VM_NAME), vm.name.clone()),
        (t(text::HOST), or_unknown(vm.host.clone(), lang)),
        (t(text::FOLDER), or_unknown(vm.folder.clone(), lang)),
        (t(text::RESOURCE_POOL), or_unknown(vm.resource_pool.clone(), lang)),
        (t(text::POWER), text::power(vm.power_state, lang).into()),
        (t(text::INSTANCE_UUID), or_unknown(vm.instance_uuid.map(|u| u.to_string()), lang)),
        (t(text::BIOS_UUID), or_unknown(vm.bios_uuid.map(|u| u.to_string()), lang)),
        (t(text::GUEST_OS_CONFIGURED), or_unknown(g.configured_name.clone(), lang)),
        (t(text::GUEST_OS_TOOLS), g.tools_name.clone().unwrap_or_else(|| t(text::NO_TOOLS))),
        (
            t(text::OS_RELEASE),
            g.os.as_ref().map_or(t(UNKNOWN), |o| {
                let release = format!("{} {}", o.value.family, o.value.version.as_deref().unwrap_or("?"));
                sourced(&release, &o.source, lang)
            }),
        ),
        (t(text::GUEST_HOSTNAME), or_unknown(g.hostname.clone(), lang)),
        (t(text::ADDRESSES), g.addresses.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
        (t(text::MAC_ADDRESSES), vm.mac_addresses.join(", ")),
        (t(text::VCPU), or_unknown(a.vcpu.map(|n| integer(lang, n.into())), lang)),
        (t(text::MEMORY), bytes(a.memory_bytes, f64::from(1u32 << 30), "GiB", lang)),
        (t(text::DISK_PROVISIONED), bytes(a.disk_provisioned_bytes, 1e9, "GB", lang)),
        (t(text::DISK_USED), bytes(a.disk_used_bytes, 1e9, "GB", lang)),
        (t(text::TAGS), vm.tags.as_ref().map_or(t(text::NOT_READ), |t| t.join(", "))),
        (t(text::ANNOTATION), vm.annotation.clone().unwrap_or_default()),
    ]);
    attributes(&mut facts, &vm.custom_attributes, lang);
    facts
}
