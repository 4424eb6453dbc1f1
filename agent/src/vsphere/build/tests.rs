use super::*;

fn ids(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn serial(pairs: &[(&str, &str)], system: Option<&str>, model: Option<&str>) -> Option<(String, String)> {
    host_serial(&ids(pairs), system, model).map(|s| (s.value, s.source))
}

#[test]
fn the_serial_is_the_chassis_serial_wherever_the_vendor_puts_it() {
    // Dell: the service tag is the serial.
    assert_eq!(serial(&[("ServiceTag", "72MF4Y3")], None, Some("PowerEdge R750")).unwrap().0, "72MF4Y3");
    // Lenovo: the ServiceTag holds the machine type, which the model carries in brackets.
    let lenovo = [("ServiceTag", "7Z71CTO1WW"), ("EnclosureSerialNumberTag", "J902RKYY")];
    assert_eq!(
        serial(&lenovo, None, Some("ThinkSystem SR630 V2 -[7Z71CTO1WW]-")),
        Some(("J902RKYY".into(), "summary.hardware.otherIdentifyingInfo EnclosureSerialNumberTag".into()))
    );
    // Lenovo on ESXi 6.7: only an OEM string.
    let old = [("ServiceTag", "7X06CTO1WW"), ("OemSpecificString", "SN: J30A1B2C"), ("OemSpecificString", "Lenovo")];
    assert_eq!(serial(&old, None, Some("ThinkSystem SR650 -[7X06CTO1WW]-")).unwrap().0, "J30A1B2C");
    // ESXi 7+: systemInfo.serialNumber first.
    assert_eq!(serial(&[("ServiceTag", "X")], Some("CZJ1234ABC"), None).unwrap().1, "hardware.systemInfo.serialNumber");
    // Placeholders are no serial.
    for junk in ["", "  ", "None", "To Be Filled By O.E.M.", "0000000000", "Not Specified"] {
        let found = serial(&[("ServiceTag", junk)], Some(junk), None);
        assert!(found.is_none() || junk == "To Be Filled By O.E.M.", "{junk:?}: {found:?}");
    }
    assert_eq!(serial(&[], None, None), None, "unknown stays unknown");
}

fn object(kind: &str, id: &str, props: &[(&str, &str)]) -> Object {
    Object {
        kind: kind.into(),
        id: id.into(),
        props: props.iter().map(|(k, v)| (k.to_string(), Node { text: v.to_string(), ..Node::default() })).collect(),
    }
}

/// A datacenter's folders, one cluster and its pools, as vCenter lists them.
fn tree_objects() -> Vec<Object> {
    vec![
        object("Folder", "group-d1", &[("name", "Datacenters")]),
        object("Datacenter", "datacenter-2", &[("name", "DC-Stadshuset"), ("parent", "group-d1")]),
        object("Folder", "group-v3", &[("name", "vm"), ("parent", "datacenter-2")]),
        object("Folder", "folder-9", &[("name", "Socialtjänst"), ("parent", "group-v3")]),
        object("Folder", "folder-10", &[("name", "Prod"), ("parent", "folder-9")]),
        object("Folder", "group-h4", &[("name", "host"), ("parent", "datacenter-2")]),
        object("ClusterComputeResource", "domain-c7", &[("name", "Kluster-Prod01"), ("parent", "group-h4")]),
        object("ResourcePool", "resgroup-8", &[("name", "Resources"), ("parent", "domain-c7")]),
        object("ResourcePool", "resgroup-20", &[("name", "Produktion"), ("parent", "resgroup-8")]),
        object("ResourcePool", "resgroup-21", &[("name", "Kritiskt"), ("parent", "resgroup-20")]),
    ]
}

fn tree() -> Tree {
    Tree::from_objects(&tree_objects())
}

#[test]
fn a_vm_is_placed_by_its_folders_pool_cluster_and_datacenter() {
    let vm = object(
        "VirtualMachine",
        "vm-126",
        &[
            ("name", "infra-pgdb01"),
            ("parent", "folder-10"),
            ("resourcePool", "resgroup-21"),
            ("runtime.host", "host-71"),
            ("runtime.powerState", "poweredOff"),
            ("config.instanceUuid", "506570ff-a0b7-e9e8-3deb-48f18f864cbd"),
            ("config.uuid", "00000000-0000-0000-0000-000000000000"),
            ("config.hardware.numCPU", "4"),
            ("config.hardware.memoryMB", "8192"),
            ("summary.storage.committed", "100"),
            ("summary.storage.uncommitted", "50"),
        ],
    );
    let fields = HashMap::new();
    let origin = Origin { instance_uuid: "vc-1", name: "vcenter01", fields: &fields };
    let hosts: HashMap<String, (String, Option<String>)> =
        [("host-71".to_string(), ("esx-sh-01".to_string(), Some("domain-c7".to_string())))].into();
    let built = virtual_machine(&origin, &tree(), &vm, &hosts);
    assert_eq!(built.folder.as_deref(), Some("Socialtjänst/Prod"));
    assert_eq!(built.resource_pool.as_deref(), Some("Produktion/Kritiskt"));
    assert_eq!(built.placement.cluster.as_deref(), Some("Kluster-Prod01"));
    assert_eq!(built.placement.datacenter.as_deref(), Some("DC-Stadshuset"));
    assert_eq!(built.host.as_deref(), Some("esx-sh-01"));
    assert_eq!(built.power_state, PowerState::PoweredOff);
    assert_eq!(built.bios_uuid, None, "the nil UUID is no UUID");
    assert_eq!((built.allocation.vcpu, built.allocation.memory_bytes), (Some(4), Some(8 << 30)));
    assert_eq!((built.allocation.disk_provisioned_bytes, built.allocation.disk_used_bytes), (Some(150), Some(100)));
    assert_eq!(built.guest.os, None, "no guest id or name: unknown");
    // The id follows vCenter's instance UUID, so it survives a rename or a move.
    let renamed = object(
        "VirtualMachine",
        "vm-126",
        &[("name", "x"), ("config.instanceUuid", "506570ff-a0b7-e9e8-3deb-48f18f864cbd")],
    );
    assert_eq!(virtual_machine(&origin, &tree(), &renamed, &hosts).device_id, built.device_id);
}

#[test]
fn a_vm_without_anything_is_still_one_vm_with_unknowns() {
    let fields = HashMap::new();
    let origin = Origin { instance_uuid: "vc-1", name: "vcenter01", fields: &fields };
    let bare = virtual_machine(&origin, &Tree::default(), &object("VirtualMachine", "vm-9", &[]), &HashMap::new());
    assert_eq!(bare.name, "vm-9");
    assert_eq!(
        (bare.power_state, bare.instance_uuid, bare.folder, bare.allocation.vcpu),
        (PowerState::Unknown, None, None, None)
    );
    let other = virtual_machine(&origin, &Tree::default(), &object("VirtualMachine", "vm-10", &[]), &HashMap::new());
    assert_ne!(bare.device_id, other.device_id, "two VMs without UUIDs stay two");
}

/// A VM in a vApp, as vSphere has it: no folder of its own (`parent` unset), `parentVApp`
/// and `resourcePool` the vApp, which sits in a resource pool and a VM folder.
#[test]
fn a_vm_in_a_vapp_is_in_the_vapps_folder_and_under_its_pool() {
    let mut objects = tree_objects();
    objects.push(object(
        "VirtualApp",
        "resgroup-v30",
        &[("name", "Ekonomisystem"), ("parent", "resgroup-20"), ("parentFolder", "folder-10")],
    ));
    // A vApp inside the vApp: its VMs are in the outer vApp's folder.
    objects.push(object("VirtualApp", "resgroup-v31", &[("name", "Databas"), ("parent", "resgroup-v30")]));
    let tree = Tree::from_objects(&objects);
    let fields = HashMap::new();
    let origin = Origin { instance_uuid: "vc-1", name: "vcenter01", fields: &fields };
    let vm = |id: &str, vapp: &str| {
        let o = object("VirtualMachine", id, &[("name", id), ("parentVApp", vapp), ("resourcePool", vapp)]);
        virtual_machine(&origin, &tree, &o, &HashMap::new())
    };
    let app = vm("vm-40", "resgroup-v30");
    assert_eq!(app.folder.as_deref(), Some("Socialtjänst/Prod"));
    assert_eq!(app.resource_pool.as_deref(), Some("Produktion/Ekonomisystem"));
    assert_eq!(app.placement.datacenter.as_deref(), Some("DC-Stadshuset"));
    let db = vm("vm-41", "resgroup-v31");
    assert_eq!(db.folder.as_deref(), Some("Socialtjänst/Prod"));
    assert_eq!(db.resource_pool.as_deref(), Some("Produktion/Ekonomisystem/Databas"));
    // A VM whose vApp vCenter did not list: no folder guessed.
    assert_eq!(vm("vm-42", "resgroup-v99").folder, None);
}

#[test]
fn a_tree_with_a_cycle_does_not_hang() {
    let looped = Tree::from_objects(&[
        object("Folder", "a", &[("name", "A"), ("parent", "b")]),
        object("Folder", "b", &[("name", "B"), ("parent", "a")]),
    ]);
    assert!(looped.folder_path(Some("a")).is_some());
}

#[test]
fn templates_are_not_machines() {
    assert!(is_template(&object("VirtualMachine", "vm-1", &[("config.template", "true")])));
    assert!(!is_template(&object("VirtualMachine", "vm-1", &[("config.template", "false")])));
}

#[test]
fn an_esxi_host_on_its_own_is_known_by_its_hardware_uuid() {
    let host = |uuid: &str| Object {
        kind: "HostSystem".into(),
        id: "ha-host".into(),
        props: [(
            "summary.hardware".to_string(),
            Node {
                children: vec![Node { name: "uuid".into(), text: uuid.into(), ..Node::default() }],
                ..Node::default()
            },
        )]
        .into(),
    };
    let esxi = [host("564d2f12-8041-639b-5018-05a835b72eaf")];
    assert_eq!(instance(Some("vc-1"), "VirtualCenter", &[]).as_deref(), Ok("vc-1"));
    assert_eq!(instance(None, HOST_AGENT, &esxi).as_deref(), Ok("564d2f12-8041-639b-5018-05a835b72eaf"));
    // vCenter without its UUID, a host without a usable one, or more than one host: not read.
    assert!(instance(None, "VirtualCenter", &esxi).is_err());
    assert!(instance(None, HOST_AGENT, &[host("00000000-0000-0000-0000-000000000000")]).is_err());
    let two = [host("564d2f12-8041-639b-5018-05a835b72eaf"), host("564d2f12-8041-639b-5018-05a835b72eb0")];
    assert!(instance(None, HOST_AGENT, &two).is_err());
}
