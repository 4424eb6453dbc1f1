use super::*;
use arsring_protocol::EntityClass;

fn system(descr: Option<&str>, object_id: &str) -> SystemGroup {
    SystemGroup {
        descr: descr.map(str::to_owned),
        object_id: Some(object_id.to_owned()),
        uptime_secs: None,
        name: None,
        location: None,
        contact: None,
    }
}

fn chassis(index: u32, description: &str) -> Component {
    Component {
        index,
        class: EntityClass::Chassis,
        description: Some(description.to_owned()),
        name: None,
        model: None,
        hardware_rev: None,
        firmware_rev: None,
        software_rev: None,
        serial: Some("J508A316".to_owned()),
        manufacturer: None,
        manufactured: None,
        fru: None,
        parent: None,
        source: None,
    }
}

fn evidence<'a>(system: &'a SystemGroup, chassis: &'a [Component], vendor: &'a VendorFacts) -> Evidence<'a> {
    Evidence { system, sys_services: None, chassis, vendor, completed: &[], category: None }
}

fn value(fact: &Option<Sourced<String>>) -> Option<(&str, &str)> {
    fact.as_ref().map(|f| (f.value.as_str(), f.source.as_str()))
}

/// LibreNMS fortiswitch.snmprec: no sysDescr, the product OID under FortiSwitch's arc, and
/// fsSysVersion leading with the model. FortiSwitchOS, not FortiOS.
#[test]
fn a_fortiswitch_runs_fortiswitch_os_and_names_its_model_in_its_version() {
    let sys = system(None, "1.3.6.1.4.1.12356.106.1.2482");
    let facts = VendorFacts {
        firmware: Some(Sourced {
            value: "FortiSwitch-248D-FPOE v3.3.3,build4047,160219 (GA)".to_owned(),
            source: "FORTINET-FORTISWITCH-MIB fsSysVersion".to_owned(),
        }),
        ..VendorFacts::default()
    };
    let d = derive(evidence(&sys, &[], &facts));
    assert_eq!(value(&d.vendor).map(|v| v.0), Some("Fortinet"));
    assert_eq!(value(&d.os_family), Some((firmware::FORTISWITCH_OS, "sysObjectID 1.3.6.1.4.1.12356.106.1.2482")));
    assert_eq!(value(&d.os_version), Some(("3.3.3", "FORTINET-FORTISWITCH-MIB fsSysVersion")));
    assert_eq!(value(&d.model), Some(("FortiSwitch-248D-FPOE", "FORTINET-FORTISWITCH-MIB fsSysVersion")));
    assert_eq!(value(&d.category).map(|c| c.0), Some("switch"));
}

/// A chassis without entPhysicalModelName names the product in its description (LibreNMS
/// routeros.snmprec, aos_ls.snmprec); a description that names none gives no model.
#[test]
fn a_chassis_without_a_model_name_gives_the_model_its_description_names() {
    let facts = VendorFacts::default();
    let cases = [
        ("1.3.6.1.4.1.14988.1", "router", "RouterOS 6.40.5 (stable) on RB952Ui-5ac2nD", Some("RB952Ui-5ac2nD")),
        ("1.3.6.1.4.1.6486.800.1.1.2.2.4.1.7", "OmniStack LS 6200", "OmniStack LS 6212P", Some("OmniStack LS 6212P")),
        ("1.3.6.1.4.1.6486.800.1.1.2.2.4.1.7", "router", "Chassis", None),
        // snmpsim-data router/huawei-unknown-001: Huawei calls a chassis a frame.
        ("1.3.6.1.4.1.2011.2.89.5", "router", "ME60-X8 frame", Some("ME60-X8")),
        ("1.3.6.1.4.1.6486.800.1.1.2.2.4.1.7", "router", "Cisco Systems Catalyst 6500 9-slot Chassis System", None),
    ];
    for (oid, descr, entity_descr, want) in cases {
        let sys = system(Some(descr), oid);
        let c = [chassis(67108992, entity_descr)];
        let d = derive(evidence(&sys, &c, &facts));
        let want = want.map(|m| (m, "ENTITY-MIB entPhysicalDescr of chassis 67108992"));
        assert_eq!(value(&d.model), want, "{entity_descr}");
    }
}

/// The members of an EX Virtual Chassis from JUNIPER-VIRTUALCHASSIS-MIB (LibreNMS
/// junos.snmprec): the lowest member speaks for the device, and its model and serial name
/// the table row they came from, not ENTITY-MIB.
#[test]
fn virtual_chassis_members_name_their_table_row() {
    let sys = system(
        Some("Juniper Networks, Inc. ex4200-24t Ethernet Switch, kernel JUNOS 12.3R11.2, Build date: 2016-08-05"),
        "1.3.6.1.4.1.2636.1.1.1.2.31",
    );
    let member = |index: u32, serial: &str| Component {
        model: Some("ex4200-24t".to_owned()),
        serial: Some(serial.to_owned()),
        description: None,
        source: Some(format!("JUNIPER-VIRTUALCHASSIS-MIB jnxVirtualChassisMemberTable {index}")),
        ..chassis(index, "")
    };
    let members = [member(1, "BM0209337513"), member(0, "BM0215390011")];
    let d = derive(evidence(&sys, &members, &VendorFacts::default()));
    let row = "JUNIPER-VIRTUALCHASSIS-MIB jnxVirtualChassisMemberTable 0";
    assert_eq!(value(&d.serial), Some(("BM0215390011", row)));
    assert_eq!(value(&d.model), Some(("ex4200-24t", row)));
    assert_eq!(value(&d.os_version), Some(("12.3R11.2", "sysDescr")));
}

/// Ubiquiti's EdgeSwitch answers with Broadcom's enterprise number (LibreNMS
/// edgeswitch.snmprec); its sysDescr names the maker. A plain EFOS box stays Broadcom's.
#[test]
fn an_edgeswitch_is_ubiquitis_though_it_answers_broadcoms_number() {
    let facts = VendorFacts::default();
    let edge = system(Some("EdgeSwitch 24-Port 250W, 1.0.1.4720839, Linux 3.6.5-f4a26ed5"), "1.3.6.1.4.1.4413");
    let d = derive(evidence(&edge, &[], &facts));
    assert_eq!(value(&d.vendor), Some(("Ubiquiti", "sysDescr names EdgeSwitch, Ubiquiti's (enterprise number 4413)")));
    assert_eq!(value(&d.category).map(|c| c.0), Some("switch"));
    let efos = system(Some("EFOS, 3.4.3.2, Linux 3.6.5"), "1.3.6.1.4.1.4413");
    assert_eq!(value(&derive(evidence(&efos, &[], &facts)).vendor).map(|v| v.0), Some("Broadcom"));
}
