//! Issue 3 interop: the SNMP poller against SNMP Simulator serving recordings of real
//! devices, and against Net-SNMP's snmpd for SNMPv3. Every expected value below was read
//! out of the recording itself (see tests/fixtures/snmp/expected.json).

use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;

use arsring_e2e::peers::{self, snmpd, snmpsim, snmpsim_serving};
use arsring_e2e::*;
use serde_json::Value;

/// `arsring-agent snmp poll --print`: (exit code, report).
fn poll_print(address: &str, credentials: &[&str]) -> (i32, Value) {
    snmp_poll_print(address, credentials, "1000")
}

/// For the tests that count requests: a retry (retries are counted) would come from a
/// simulator slowed by a busy machine, not from the poller, so each request waits 10 s.
fn poll_print_patiently(address: &str, credentials: &[&str]) -> (i32, Value) {
    snmp_poll_print(address, credentials, "10000")
}

fn derived<'a>(report: &'a Value, fact: &str) -> Option<&'a str> {
    report["device"]["derived"][fact]["value"].as_str()
}

struct Expect {
    community: &'static str,
    sys_name: &'static str,
    vendor: &'static str,
    model: &'static str,
    serial: Option<&'static str>,
    os_family: &'static str,
    os_version: Option<&'static str>,
    category: &'static str,
    chassis: usize,
    components: usize,
    ports: u64,
}

const RECORDINGS: [Expect; 6] = [
    Expect {
        community: "switch/cisco-c3560",
        sys_name: "DUMSYS-04",
        vendor: "Cisco",
        model: "WS-C3560G-48TS-E",
        serial: Some("FOC1408Z61U"),
        os_family: "Cisco IOS",
        os_version: Some("12.2(55)SE3"),
        category: "switch",
        chassis: 1,
        components: 3, // power supply, fan, module
        ports: 52,
    },
    Expect {
        community: "switch/h3c-e528-1",
        sys_name: "DUMSYS-02",
        vendor: "H3C",
        model: "H3C Switch E528",
        serial: Some("210235A0GKC158000929"),
        os_family: "Comware",
        os_version: Some("5.20 Release 1513P62"),
        category: "switch",
        chassis: 1,
        components: 4, // power supply, fan, 2 modules (the stack entity is not hardware)
        ports: 28,
    },
    Expect {
        community: "switch/huawei-s12704",
        sys_name: "DUMSYS-78",
        vendor: "Huawei",
        model: "S12704", // entPhysicalModelName is empty; sysDescr is "S12704"
        serial: Some("2102114480P0J7000105"),
        os_family: "Huawei VRP",
        os_version: Some("V200R012C00SPC500"), // from "Version 5.170 V200R012C00SPC500"
        category: "switch",
        chassis: 1,
        components: 12, // 2 power supplies, 2 fans, 8 modules
        ports: 45,
    },
    Expect {
        community: "switch/dlink-des3200",
        sys_name: "des3200-18-kotel.ryl",
        vendor: "D-Link",
        model: "DES-3200-18",
        serial: None, // no ENTITY-MIB in this recording
        os_family: "D-Link",
        os_version: None,
        category: "switch",
        chassis: 0,
        components: 0,
        ports: 0,
    },
    Expect {
        community: "router/juniper-mx960-16-1r6-7-a",
        sys_name: "DUMSYS-20",
        vendor: "Juniper",
        model: "MX960", // entPhysicalModelName is the part number 710-030012
        serial: Some("JN11F7072AFA"),
        os_family: "Junos",
        os_version: Some("16.1R6.7"),
        category: "router",
        chassis: 1,
        components: 28, // 2 other, 3 backplanes, 4 power supplies, 2 fans, 17 modules
        ports: 37,
    },
    Expect {
        community: "wifi/aruba-7010",
        sys_name: "DUMSYS-58",
        vendor: "Aruba",
        model: "Aruba7010",
        serial: None,
        os_family: "ArubaOS",
        os_version: Some("8.3.0.0"),
        category: "wireless_controller",
        chassis: 0,
        components: 0,
        ports: 0,
    },
];

#[test]
fn inventories_recordings_of_real_devices() {
    let Some(sim) = snmpsim() else { return };
    let expected: Value =
        serde_json::from_str(include_str!("../fixtures/snmp/expected.json")).expect("expected.json parses");
    for e in &RECORDINGS {
        let (code, report) = poll_print(&sim.address(), &["--community", e.community]);
        assert_eq!(code, 0, "{}", e.community);
        let device = &report["device"];
        let recording = &expected["recordings"][e.community];
        assert_eq!(device["system"]["descr"], recording["system"]["sysDescr"], "{}", e.community);
        assert_eq!(device["system"]["object_id"], recording["system"]["sysObjectID"], "{}", e.community);
        assert_eq!(device["system"]["name"], e.sys_name, "{}", e.community);
        assert_eq!(derived(&report, "vendor"), Some(e.vendor), "{}", e.community);
        assert_eq!(derived(&report, "model"), Some(e.model), "{}", e.community);
        assert_eq!(derived(&report, "serial"), e.serial, "{}", e.community);
        assert_eq!(derived(&report, "os_family"), Some(e.os_family), "{}", e.community);
        assert_eq!(derived(&report, "os_version"), e.os_version, "{}", e.community);
        assert_eq!(derived(&report, "category"), Some(e.category), "{}", e.community);
        assert_eq!(device["chassis"].as_array().unwrap().len(), e.chassis, "{}", e.community);
        assert_eq!(device["components"].as_array().unwrap().len(), e.components, "{}", e.community);
        assert_eq!(device["port_count"], e.ports, "{}", e.community);
        // Every derived fact names its source.
        for fact in ["vendor", "model", "os_family"] {
            assert!(!device["derived"][fact]["source"].as_str().unwrap().is_empty(), "{} {fact}", e.community);
        }
        // The report is one the collector accepts.
        let body = serde_json::to_vec(&report).unwrap();
        arsring_protocol::decode_report(&body, chrono::Utc::now()).unwrap();
    }
}

#[test]
fn a_whole_device_with_its_neighbours_in_six_requests() {
    let Some(sim) = snmpsim() else { return };
    // Cisco C3560: 61 entities, 9 CDP neighbours. 1 GETBULK (system group + first 50
    // classes), 1 GETBULK (the rest of the class column), 1 GET for the 44 detail cells of
    // the 4 parts and Cisco's 5 chassis objects, 2 GETBULKs walking the LLDP and CDP tables
    // side by side (SNMP Simulator answers 6 rows of the 10 columns at a time), 1 GET naming the 4 ports
    // the neighbours are on.
    let (_, report) = poll_print_patiently(&sim.address(), &["--community", "switch/cisco-c3560"]);
    let requests = report["device"]["reachability"]["requests"].as_u64().unwrap();
    assert!(requests <= 6, "{requests} requests");
    assert_eq!(report["device"]["neighbours"].as_array().unwrap().len(), 9);
}

#[test]
fn a_table_without_classes_still_gives_its_parts() {
    let Some(sim) = snmpsim() else { return };
    // A Cisco 5508 wireless controller: 367 ENTITY-MIB rows (itself, the access points it
    // manages and their radios) with serials and models, and no entPhysicalClass column.
    let (code, report) = poll_print_patiently(&sim.address(), &["--community", "appliance/cisco-controller"]);
    assert_eq!(code, 0);
    let device = &report["device"];
    let components = device["components"].as_array().unwrap();
    assert_eq!(components.len(), 367);
    assert!(components.iter().all(|c| c["class"] == "unknown"), "no class is guessed");
    let ap = components.iter().find(|c| c["index"] == 16).unwrap();
    assert_eq!(ap["serial"], "FGL1738S2MJ");
    assert_eq!(ap["model"], "AIR-CAP1602I-C-K9");
    let radio = components.iter().find(|c| c["index"] == 25).unwrap();
    assert_eq!(radio["parent"], 24);
    // No row is taken for the chassis: the controller's own MIB still says what it is.
    assert!(device["chassis"].as_array().unwrap().is_empty());
    assert_eq!(derived(&report, "serial"), Some("FCW1430L0CZ"));
    assert_eq!(derived(&report, "model"), Some("AIR-CT5508-K9"));
    let notes = device["notes"].as_array().unwrap();
    assert!(notes.iter().any(|n| n.as_str().unwrap().contains("entPhysicalClass not answered: 367")), "{notes:?}");
    // The collector takes the report.
    arsring_protocol::decode_report(&serde_json::to_vec(&report).unwrap(), chrono::Utc::now()).unwrap();
}

#[test]
fn snmpv3_auth_priv_against_the_simulator() {
    let Some(sim) = snmpsim() else { return };
    let creds = [
        "--v3-user",
        "arsring",
        "--auth-protocol",
        "sha",
        "--auth-password",
        "authpass123",
        "--priv-protocol",
        "aes",
        "--priv-password",
        "privpass123",
        "--v3-context",
        "router/juniper-mx960-16-1r6-7-a",
    ];
    let (code, report) = poll_print(&sim.address(), &creds);
    assert_eq!(code, 0);
    assert_eq!(derived(&report, "serial"), Some("JN11F7072AFA"));
}

#[test]
fn snmpv3_with_net_snmp_and_the_ways_it_fails() {
    let work = tempfile::tempdir().unwrap();
    let Some(snmpd) = snmpd(work.path()) else { return };
    let v3 = |user: &'static str, auth: &'static str, auth_pw: &'static str, privacy: Option<&'static str>| {
        let mut args = vec!["--v3-user", user, "--auth-protocol", auth, "--auth-password", auth_pw];
        if let Some(p) = privacy {
            args.extend_from_slice(&["--priv-protocol", p, "--priv-password", "privpass123"]);
        }
        args
    };
    for (user, auth, privacy) in [
        ("arsring", "sha", Some("aes")),
        ("arsring-sha256", "sha256", Some("aes")),
        ("arsring-sha512", "sha512", Some("aes")),
        ("arsring-md5des", "md5", Some("des")),
        ("arsring-authonly", "sha", None),
    ] {
        let (code, report) = poll_print(&snmpd.address(), &v3(user, auth, "authpass123", privacy));
        assert_eq!(code, 0, "{user}: {}", report["device"]["reachability"]);
        assert!(report["device"]["system"]["descr"].as_str().unwrap().starts_with("Linux"), "{user}");
    }
    let (code, report) = poll_print(&snmpd.address(), &v3("arsring", "sha", "wrongpass99", Some("aes")));
    assert_eq!(code, 5);
    let reason = report["device"]["reachability"]["reason"].as_str().unwrap();
    assert!(reason.contains("wrong authentication"), "{reason}");
    let (code, report) = poll_print(&snmpd.address(), &v3("intruder", "sha", "authpass123", Some("aes")));
    assert_eq!(code, 5);
    assert_eq!(report["device"]["reachability"]["reason"], "unknown user name");
    let (code, report) = poll_print(&snmpd.address(), &["--community", "not-the-community"]);
    assert_eq!(code, 5);
    let reason = report["device"]["reachability"]["reason"].as_str().unwrap();
    assert!(reason.contains("timeout"), "{reason}");
    // v2c with the right community works too, and no secret reaches the report.
    let (code, report) = poll_print(&snmpd.address(), &["--community", "public-test"]);
    assert_eq!(code, 0);
    let text = report.to_string();
    assert!(!text.contains("public-test") && !text.contains("authpass123"));
}

#[test]
fn an_unreachable_switch_keeps_its_inventory_and_is_marked_stale() {
    let Some(sim) = snmpsim() else { return };
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(&dir.path().join("data"));
    let token = collector.token("agent", "poller");
    let viewer = collector.token("viewer", "tech");
    let state = dir.path().join("agent");
    let address = sim.address();
    let poll = |timeout: &str| {
        agent(&[
            "--collector",
            &collector.url,
            "--token",
            &token,
            "--ca",
            collector.ca.to_str().unwrap(),
            "--state-dir",
            state.to_str().unwrap(),
            "snmp",
            "poll",
            "--target",
            &address,
            "--community",
            "switch/cisco-c3560",
            "--timeout-ms",
            timeout,
            "--retries",
            "0",
        ])
    };
    assert_eq!(poll("1000").status.code(), Some(0));
    let list = collector.get_json("/api/v1/devices?kind=network", &viewer);
    assert_eq!(list["count"], 1);
    let row = list["devices"][0].clone();
    assert_eq!(row["serial"], "FOC1408Z61U");
    assert_eq!(row["model"], "WS-C3560G-48TS-E");
    assert_eq!(row["firmware"], "12.2(55)SE3");
    assert_eq!(row["stale"], false);

    sim.stop();
    let out = poll("300");
    assert_eq!(out.status.code(), Some(5), "{}", String::from_utf8_lossy(&out.stderr));
    let list = collector.get_json("/api/v1/devices?kind=network", &viewer);
    assert_eq!(list["count"], 1, "the switch did not vanish and was not duplicated");
    let row = &list["devices"][0];
    assert_eq!(row["serial"], "FOC1408Z61U", "last known inventory kept");
    assert_eq!(row["stale"], true);
    // On loopback a stopped agent's port answers with ICMP port unreachable; a switch that
    // is down times out. Either way the reason is stated.
    let reason = row["unreachable_reason"].as_str().unwrap();
    assert!(reason.contains("port unreachable") || reason.contains("timeout"), "{row}");
    let id = row["device_id"].as_str().unwrap();
    let history = collector.get_json(&format!("/api/v1/devices/{id}"), &viewer)["history"].clone();
    let last = history.as_array().unwrap().last().unwrap();
    assert_eq!(last["changes"][0]["field"], "reachability");
}

#[test]
fn scan_lists_what_answers() {
    let Some(sim) = snmpsim() else { return };
    let out = agent(&[
        "snmp",
        "scan",
        "--range",
        "127.0.0.1/32",
        "--port",
        &sim.port.to_string(),
        "--community",
        "switch/cisco-c3560",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("DUMSYS-04") && text.contains("Cisco"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 of 1 addresses answered"));
}

#[test]
fn the_agent_polls_its_configured_targets_on_run() {
    let Some(sim) = snmpsim() else { return };
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(&dir.path().join("data"));
    let token = collector.token("agent", "a");
    let viewer = collector.token("viewer", "v");
    let config = dir.path().join("agent.toml");
    std::fs::write(
        &config,
        collector.agent_config(&token, &dir.path().join("state"))
            + &format!(
                "[snmp]\nconcurrency = 4\ntimeout_ms = 1000\n\
             [[snmp.targets]]\nhosts = [\"{addr}\"]\ncommunity = \"switch/cisco-c3560\"\n[snmp.targets.tags]\nsite = \"stadshuset\"\n\
             [[snmp.targets]]\nhosts = [\"{addr}\"]\ncommunity = \"router/juniper-mx960-16-1r6-7-a\"\n\
             [[snmp.targets]]\nhosts = [\"127.0.0.2/31\"]\nport = {port}\ncommunity = \"nothing-here\"\n",
                addr = sim.address(),
                port = peers::free_udp_port(),
            ),
    )
    .unwrap();
    let out = agent(&["--config", config.to_str().unwrap(), "run", "--once"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list = collector.get_json("/api/v1/devices?kind=network", &viewer);
    assert_eq!(list["count"], 2, "two devices; silent range addresses are not devices: {list}");
    let tagged = collector.get_json("/api/v1/devices?kind=network&site=stadshuset", &viewer);
    assert_eq!(tagged["devices"][0]["model"], "WS-C3560G-48TS-E");
    assert_eq!(collector.get_json("/api/v1/devices?kind=server", &viewer)["count"], 1);
}

/// A recording no real device would send: a binary, non-UTF-8 sysDescr, an entity table
/// far longer than the row cap, wrong value types and absurd indices. The poller must stop
/// at the cap, skip what makes no sense, and still report the device.
#[test]
fn a_misbehaving_agent_is_bounded_and_survived() {
    let dir = tempfile::tempdir().unwrap();
    let (data, cache) = peers::snmpsim_dirs(dir.path());
    let mut rec = String::new();
    rec.push_str("1.3.6.1.2.1.1.1.0|4x|ff00fe4d7920537769746368c3\n");
    rec.push_str("1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.617\n");
    rec.push_str("1.3.6.1.2.1.1.5.0|4|weird\n");
    let entry = "1.3.6.1.2.1.47.1.1.1.1";
    writeln!(rec, "{entry}.2.1|4x|00ff00").unwrap();
    // Column 5 (class): 5000 ports, then a class given as a string, then a two-arc index.
    for i in 1..=5000u32 {
        writeln!(rec, "{entry}.5.{i}|2|10").unwrap();
    }
    writeln!(rec, "{entry}.5.4294967295|4|chassis").unwrap();
    writeln!(rec, "{entry}.5.4294967295.7|2|3").unwrap();
    writeln!(rec, "{entry}.13.1|4|MODEL-1").unwrap();
    std::fs::write(data.join("weird.snmprec"), rec).unwrap();
    std::fs::set_permissions(data.join("weird.snmprec"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let Some(sim) = snmpsim_serving(&data, Some(&cache), "weird") else { return };

    let (code, report) = poll_print_patiently(&sim.address(), &["--community", "weird", "--max-rows", "1000"]);
    assert_eq!(code, 0);
    let device = &report["device"];
    assert_eq!(device["entities_truncated"], true);
    assert_eq!(device["port_count"], 1000, "stopped at the cap");
    let requests = device["reachability"]["requests"].as_u64().unwrap();
    assert!(requests <= 25, "{requests} requests for 1000 rows");
    assert_eq!(device["system"]["name"], "weird");
    assert!(device["system"]["descr"].as_str().is_some(), "binary sysDescr shown as text");
    let body = serde_json::to_vec(&report).unwrap();
    arsring_protocol::decode_report(&body, chrono::Utc::now()).expect("the collector accepts it");

    // Without a cap short of the table, the wrong-typed and two-arc rows are skipped.
    let (code, report) = poll_print(&sim.address(), &["--community", "weird"]);
    assert_eq!(code, 0);
    assert_eq!(report["device"]["port_count"], 5000);
    assert_eq!(report["device"]["entities_truncated"], false);
    assert_eq!(report["device"]["chassis"].as_array().unwrap().len(), 0);
}
