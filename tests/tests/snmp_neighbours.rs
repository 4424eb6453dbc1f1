//! Issue 14: what hangs off an outdated switch. An access switch sees its distribution switch
//! by LLDP; the distribution switch runs no LLDP. Both are polled through SNMP Simulator by
//! `arsring-agent run --once` and reported to a real collector, whose device page, device
//! API and outdated list must show the link from both ends.

use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;

use arsring_e2e::peers::{snmpsim, snmpsim_dirs, snmpsim_serving};
use arsring_e2e::*;
use serde_json::Value;

/// A recording in snmprec form, its lines sorted by OID as SNMP Simulator expects.
fn recording(lines: &[(&str, &str, &str)]) -> String {
    let mut sorted: Vec<&(&str, &str, &str)> = lines.iter().collect();
    let arcs = |oid: &str| oid.split('.').map(|a| a.parse::<u64>().unwrap()).collect::<Vec<_>>();
    sorted.sort_by_key(|(oid, _, _)| arcs(oid));
    sorted.iter().fold(String::new(), |mut out, (oid, tag, value)| {
        writeln!(out, "{oid}|{tag}|{value}").unwrap();
        out
    })
}

const SYSTEM: &str = "1.3.6.1.2.1.1";
const ENTITY: &str = "1.3.6.1.2.1.47.1.1.1.1";

/// A Catalyst 3560 named `name`, chassis serial `serial`, made on the DateAndTime `made`.
fn switch(name: &str, serial: &str, made: &str) -> Vec<(String, &'static str, String)> {
    vec![
        (
            format!("{SYSTEM}.1.0"),
            "4",
            "Cisco IOS Software, C3560 Software (C3560-IPBASE-M), Version 12.2(25)SEE2".into(),
        ),
        (format!("{SYSTEM}.2.0"), "6", "1.3.6.1.4.1.9.1.617".into()),
        (format!("{SYSTEM}.3.0"), "67", "123456".into()),
        (format!("{SYSTEM}.5.0"), "4", name.into()),
        (format!("{SYSTEM}.7.0"), "2", "6".into()),
        (format!("{ENTITY}.2.1"), "4", "c3560 chassis".into()),
        (format!("{ENTITY}.5.1"), "2", "3".into()),
        (format!("{ENTITY}.11.1"), "4", serial.into()),
        (format!("{ENTITY}.13.1"), "4", "WS-C3560G-48TS-E".into()),
        (format!("{ENTITY}.17.1"), "4x", made.into()),
    ]
}

fn write(dir: &std::path::Path, name: &str, lines: Vec<(String, &'static str, String)>) {
    let refs: Vec<(&str, &str, &str)> = lines.iter().map(|(o, t, v)| (o.as_str(), *t, v.as_str())).collect();
    let path = dir.join(format!("{name}.snmprec"));
    std::fs::write(&path, recording(&refs)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn an_outdated_distribution_switch_shows_the_access_switches_that_hang_off_it() {
    let dir = tempfile::tempdir().unwrap();
    let (data, cache) = snmpsim_dirs(dir.path());
    // Made 2008-01-01: past the eight years a switch is given.
    write(&data, "dist", switch("dist-1.kommun.example", "FOC1111D111", "07d8010100000000"));
    let rem = "1.0.8802.1.1.2.1.4.1.1";
    let loc = "1.0.8802.1.1.2.1.3.7.1";
    let mut access = switch("acc-1", "FOC2222A222", "07e4060100000000");
    access.extend([
        (format!("{rem}.4.0.52.1"), "2", "4".into()),
        (format!("{rem}.5.0.52.1"), "4x", "001122334455".into()),
        (format!("{rem}.6.0.52.1"), "2", "5".into()),
        (format!("{rem}.7.0.52.1"), "4", "Te1/1/1".into()),
        (format!("{rem}.8.0.52.1"), "4", "uplink".into()),
        (format!("{rem}.9.0.52.1"), "4", "dist-1.kommun.example".into()),
        (format!("{loc}.2.52"), "2", "5".into()),
        (format!("{loc}.3.52"), "4", "Gi1/0/52".into()),
        (format!("{loc}.4.52"), "4", "GigabitEthernet1/0/52".into()),
    ]);
    write(&data, "acc", access);
    let Some(sim) = snmpsim_serving(&data, Some(&cache), "acc") else { return };

    let collector = Collector::start(&dir.path().join("collector"));
    let token = collector.token("agent", "a");
    let viewer = collector.token("viewer", "v");
    let config = dir.path().join("agent.toml");
    std::fs::write(
        &config,
        collector.agent_config(&token, &dir.path().join("state"))
            + &format!(
                "[snmp]\ntimeout_ms = 2000\n\
                 [[snmp.targets]]\nhosts = [\"{addr}\"]\ncommunity = \"dist\"\n\
                 [[snmp.targets]]\nhosts = [\"{addr}\"]\ncommunity = \"acc\"\n",
                addr = sim.address(),
            ),
    )
    .unwrap();
    let out = agent(&["--config", config.to_str().unwrap(), "run", "--once"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let devices = collector.get_json("/api/v1/devices?kind=network", &viewer);
    let id_of = |name: &str| -> String {
        let rows = devices["devices"].as_array().unwrap();
        let row = rows.iter().find(|d| d["hostname"] == name).unwrap_or_else(|| panic!("{name} in {devices}"));
        row["device_id"].as_str().unwrap().to_string()
    };
    let (dist, acc) = (id_of("dist-1.kommun.example"), id_of("acc-1"));

    // The access switch's own LLDP table, matched to the known distribution switch.
    let acc_links = &collector.get_json(&format!("/api/v1/devices/{acc}"), &viewer)["links"];
    assert_eq!(acc_links[0]["device"], dist.as_str(), "{acc_links}");
    assert_eq!(acc_links[0]["local_port"], "Gi1/0/52");
    assert_eq!(acc_links[0]["seen_by_neighbour"], false);
    // The distribution switch, which runs no LLDP, shows it from the other end.
    let dist_links = &collector.get_json(&format!("/api/v1/devices/{dist}"), &viewer)["links"];
    assert_eq!(dist_links.as_array().unwrap().len(), 1, "{dist_links}");
    let link = &dist_links[0];
    assert_eq!((&link["name"], &link["device"]), (&Value::from("acc-1"), &Value::from(acc.as_str())));
    assert_eq!((&link["local_port"], &link["port"]), (&Value::from("Te1/1/1"), &Value::from("Gi1/0/52")));
    assert_eq!(link["seen_by_neighbour"], true);

    // The work list: the 2008 switch is on it, with what hangs off it; the 2020 one is not.
    let work = collector.get_json("/api/v1/lifecycle/outdated", &viewer);
    let rows = work["devices"].as_array().unwrap();
    let row = rows.iter().find(|d| d["device_id"] == dist.as_str()).unwrap_or_else(|| panic!("{work}"));
    assert_eq!(row["connections"], 1);
    assert_eq!(row["connected_to"], "acc-1 (Te1/1/1 ↔ Gi1/0/52)");
    assert!(!rows.iter().any(|d| d["device_id"] == acc.as_str()));
    let csv = collector.get("/api/v1/lifecycle/outdated?format=csv", &viewer).text().unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with("connections,connected_to"), "{header}");
    assert!(csv.contains("acc-1 (Te1/1/1 ↔ Gi1/0/52)"), "{csv}");

    // The device page, as a logged-in viewer sees it.
    let page = collector.page(&format!("/device/{dist}"), &viewer);
    assert!(page.contains("Neighbours (LLDP, CDP)"), "{page}");
    assert!(page.contains(&format!("href=\"/device/{acc}\"")), "the neighbour links to its page");
    assert!(page.contains("2008-01-01 (from ENTITY-MIB entPhysicalMfgDate of chassis 1)"), "{page}");
}

#[test]
fn a_switch_that_speaks_only_lldp_v2_shows_its_neighbours() {
    let dir = tempfile::tempdir().unwrap();
    let (data, cache) = snmpsim_dirs(dir.path());
    // IEEE 802.1AB-2009's LLDP-V2-MIB only: rows indexed by time mark, the local ifIndex,
    // the destination address (1: the nearest bridge) and the neighbour's index; the
    // port's name is in IF-MIB's ifName.
    let rem = "1.3.111.2.802.1.1.13.1.4.1.1";
    let mut access = switch("acc-2", "FOC3333A333", "07e4060100000000");
    access.extend([
        (format!("{rem}.5.0.10152.1.4"), "2", "4".into()),
        (format!("{rem}.6.0.10152.1.4"), "4x", "001122334466".into()),
        (format!("{rem}.7.0.10152.1.4"), "2", "5".into()),
        (format!("{rem}.8.0.10152.1.4"), "4", "Te1/1/2".into()),
        (format!("{rem}.9.0.10152.1.4"), "4", "to acc-2".into()),
        (format!("{rem}.10.0.10152.1.4"), "4", "dist-2.kommun.example".into()),
        ("1.3.6.1.2.1.31.1.1.1.1.10152".into(), "4", "Gi1/0/52".into()),
    ]);
    write(&data, "acc", access);
    let Some(sim) = snmpsim_serving(&data, Some(&cache), "acc") else { return };

    let (code, report) = snmp_poll_print(&sim.address(), &["--community", "acc"], "5000");
    assert_eq!(code, 0, "{report}");
    let neighbours = report["device"]["neighbours"].as_array().unwrap();
    assert_eq!(neighbours.len(), 1, "{report}");
    let n = &neighbours[0];
    assert_eq!(n["protocol"], "lldp");
    assert_eq!(n["name"], "dist-2.kommun.example");
    assert_eq!(n["local_port"], "Gi1/0/52");
    assert_eq!(n["port"], "Te1/1/2");
    assert_eq!(n["chassis_id"], "00:11:22:33:44:66");
}

/// Four Juniper MX960 core routers of one network, recorded by snmpsim-data with their
/// sysNames anonymised (`DUMSYS-17`…): their LLDP neighbours are known only by the names
/// the routers give themselves in LLDP (`re0-SNNU-YT-CORE-1`…) and by chassis MAC. Each
/// poll reads the router's own LLDP identity, and the collector links the routers by it.
#[test]
fn routers_whose_sysnames_say_nothing_are_linked_by_the_chassis_ids_they_give() {
    let Some(sim) = snmpsim() else { return };
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(&dir.path().join("collector"));
    let token = collector.token("agent", "a");
    let viewer = collector.token("viewer", "v");
    let routers = ["12-3r6-6", "13-3r9-13", "16-1r6-7-a", "16-1r6-7-b"];
    let mut config = collector.agent_config(&token, &dir.path().join("state")) + "[snmp]\ntimeout_ms = 5000\n";
    for router in routers {
        let community = format!("router/juniper-mx960-{router}");
        writeln!(config, "[[snmp.targets]]\nhosts = [\"{}\"]\ncommunity = \"{community}\"", sim.address()).unwrap();
    }
    let path = dir.path().join("agent.toml");
    std::fs::write(&path, config).unwrap();
    let out = agent(&["--config", path.to_str().unwrap(), "run", "--once"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let devices = collector.get_json("/api/v1/devices?kind=network", &viewer);
    let id_of = |sys_name: &str| -> String {
        let rows = devices["devices"].as_array().unwrap();
        let row = rows.iter().find(|d| d["hostname"] == sys_name).unwrap_or_else(|| panic!("{sys_name} in {devices}"));
        row["device_id"].as_str().unwrap().to_string()
    };
    // sysNames as recorded; in LLDP they call themselves YT-CORE-1, CA-CORE-1, CA-CORE-2, YT-CORE-2.
    let [yt1, ca1, ca2, yt2] = ["DUMSYS-17", "DUMSYS-19", "DUMSYS-20", "DUMSYS-18"].map(id_of);
    let linked = |id: &str| -> Vec<(String, String)> {
        let links = &collector.get_json(&format!("/api/v1/devices/{id}"), &viewer)["links"];
        let known = links.as_array().unwrap().iter().filter(|l| l["device"].is_string());
        known.map(|l| (l["device"].as_str().unwrap().to_string(), l["name"].as_str().unwrap().to_string())).collect()
    };
    let of_ca1 = linked(&ca1);
    // CA-CORE-1's own table names YT-CORE-1 (chassis a8:d0:e5:f6:17:c0) and CA-CORE-2
    // (a8:d0:e5:f7:f7:c0): both are the polled routers, shown by their sysNames.
    assert!(of_ca1.contains(&(yt1.clone(), "DUMSYS-17".into())), "{of_ca1:?}");
    assert!(of_ca1.contains(&(ca2.clone(), "DUMSYS-20".into())), "{of_ca1:?}");
    let of_yt1 = linked(&yt1);
    assert!(of_yt1.contains(&(ca1.clone(), "DUMSYS-19".into())), "{of_yt1:?}");
    assert!(of_yt1.contains(&(yt2.clone(), "DUMSYS-18".into())), "{of_yt1:?}");
    // The report carries the identity itself.
    let record = collector.get_json(&format!("/api/v1/devices/{ca1}"), &viewer);
    let local = &record["report"]["device"]["lldp_local"];
    assert_eq!(
        (local["chassis_id"].as_str(), local["name"].as_str()),
        (Some("a8:d0:e5:f5:af:c0"), Some("re0-SNNU-CA-CORE-1")),
        "{record}"
    );
    // The device page says it, and links the neighbour to its own page.
    let page = collector.page(&format!("/device/{ca1}"), &viewer);
    assert!(page.contains("a8:d0:e5:f5:af:c0 · re0-SNNU-CA-CORE-1"), "{page}");
    assert!(page.contains(&format!("href=\"/device/{yt1}\"")), "{page}");
}
