//! vSphere end to end: the real agent polls VMware's own vCenter simulator over HTTPS, the
//! real collector stores the hosts and VMs, and the API, the lifecycle, the counts and the
//! charges show them. A VM whose guest also runs the agent is one device, never two; clones
//! that share a BIOS UUID are never merged. A wrong password and a vCenter that stops
//! answering each give their exit code, and the inventory stays.

use std::path::Path;
use std::process::{Command, Output};

use arsring_e2e::peers::{VCSIM_PASSWORD, VCSIM_USER, Vcsim, vcsim};
use arsring_e2e::{Collector, bin, collector_cli_ok};
use serde_json::Value;

fn poll(c: &Collector, sim: &Vcsim, token: &str, state: &Path, password: &str) -> Output {
    Command::new(bin("arsring-agent"))
        .args(["--collector", &c.url, "--token", token, "--ca", c.ca.to_str().unwrap()])
        .arg("--state-dir")
        .arg(state)
        .args(["vsphere", "poll", "--url", &sim.url, "--user", VCSIM_USER, "--vcenter-ca", sim.ca.to_str().unwrap()])
        .env("ARSRING_VSPHERE_PASSWORD", password)
        .env("ARSRING_LOG", "warn")
        .output()
        .expect("run arsring-agent")
}

fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "agent failed ({:?}): {stderr}", out.status.code());
    stderr
}

/// The truth file's VMs that are machines (templates are not reported).
fn machines(truth: &Value) -> Vec<&Value> {
    truth["vms"].as_array().unwrap().iter().filter(|v| v["template"] != true).collect()
}

fn devices(c: &Collector, token: &str, kind: &str) -> Vec<Value> {
    c.get_json(&format!("/api/v1/devices?kind={kind}"), token)["devices"].as_array().unwrap().clone()
}

fn named<'a>(rows: &'a [Value], name: &str) -> &'a Value {
    rows.iter().find(|r| r["hostname"] == name).unwrap_or_else(|| panic!("no device {name:?}"))
}

struct Setup {
    sim: Vcsim,
    c: Collector,
    agent: String,
    viewer: String,
    _dir: tempfile::TempDir,
}

fn setup(vms: &str) -> Option<Setup> {
    let dir = tempfile::tempdir().unwrap();
    let sim = vcsim(dir.path(), &["-hosts", "6", "-vms", vms])?;
    let c = Collector::start(&dir.path().join("data"));
    let (agent, viewer) = (c.token("agent", "vsphere-poller"), c.token("viewer", "finance"));
    Some(Setup { sim, c, agent, viewer, _dir: dir })
}

#[test]
fn hosts_and_vms_are_inventoried_assessed_and_counted() {
    let Some(s) = setup("40") else { return };
    let state = s._dir.path().join("agent");
    let stderr = ok(&poll(&s.c, &s.sim, &s.agent, &state, VCSIM_PASSWORD));
    let (hosts, vms) = (s.sim.truth["hosts"].as_array().unwrap(), machines(&s.sim.truth));
    assert!(stderr.contains(&format!("{} hosts, {} VMs", hosts.len(), vms.len())), "{stderr}");

    let rows = devices(&s.c, &s.viewer, "hypervisor");
    assert_eq!(rows.len(), hosts.len());
    for h in hosts {
        let row = named(&rows, h["name"].as_str().unwrap());
        assert_eq!((&row["serial"], &row["vendor"], &row["model"]), (&h["serial"], &h["vendor"], &h["model"]));
        assert_eq!((&row["site"], &row["platform"]), (&h["datacenter"], &Value::from("physical")));
        assert_eq!(row["os_version_id"], h["esxiVersion"]);
    }
    let rows = devices(&s.c, &s.viewer, "virtual_machine");
    assert_eq!(rows.len(), vms.len(), "every VM once, templates left out");
    for v in &vms {
        let row = named(&rows, v["name"].as_str().unwrap());
        let power = v["powerState"].as_str().unwrap().replace("powered", "powered_").to_lowercase();
        assert_eq!(row["power_state"], power, "{}", v["name"]);
        assert_eq!((&row["site"], &row["cpu_threads"]), (&v["datacenter"], &v["numCPU"]));
        assert_eq!(row["source"], "vsphere");
    }
    assert!(!rows.iter().any(|r| r["hostname"] == "TPL-WS2022-STD"));

    // One VM whole: Tools say 2019 although it was created as "2016 or later".
    let eko = named(&rows, "SRV-EKO-APP01");
    let detail = s.c.get_json(&format!("/api/v1/devices/{}", eko["device_id"].as_str().unwrap()), &s.viewer);
    let vm = &detail["report"]["device"];
    assert_eq!(vm["guest"]["os"]["value"], serde_json::json!({"family": "windows-server", "version": "2019"}));
    let truth = vms.iter().find(|v| v["name"] == "SRV-EKO-APP01").unwrap();
    assert_eq!(vm["folder"], truth["folder"]);
    let mut tags: Vec<Value> = vm["tags"].as_array().unwrap().clone();
    tags.sort_by_key(|t| t.to_string());
    let mut want: Vec<Value> = truth["tags"].as_array().unwrap().clone();
    want.sort_by_key(|t| t.to_string());
    assert_eq!(tags, want);
    assert_eq!(vm["custom_attributes"], truth["customValues"]);

    // Every server counts: the hosts are physical servers, the VMs virtual ones.
    let summary = s.c.get_json("/api/v1/summary", &s.viewer);
    assert_eq!(summary["servers"]["total"], hosts.len() + vms.len());
    assert_eq!(
        (&summary["servers"]["physical"], &summary["servers"]["virtual"]),
        (&hosts.len().into(), &vms.len().into())
    );

    // Lifecycle: hosts age by their BIOS and retire with their ESXi release; Windows VMs
    // by Windows Server's release cycle.
    collector_cli_ok(&s.c.data_dir, &["eol", "import", arsring_collector::sample::EOL_SNAPSHOT]);
    let items = s.c.get_json("/api/v1/lifecycle/items?project=datacenter", &s.viewer);
    let items = items["items"].as_array().unwrap();
    let host_items: Vec<&Value> = items.iter().filter(|i| i["category"] == "hypervisor_host").collect();
    assert_eq!(host_items.len(), hosts.len());
    assert!(host_items.iter().all(|i| i["in_service"]["source"] == "bios_date"), "{host_items:?}");
    let esxi: Vec<&str> = host_items.iter().filter_map(|i| i["decided_by"]["rule"].as_str()).collect();
    assert!(esxi.iter().any(|r| r.contains("esxi")), "{esxi:?}");
    let eko_item = items.iter().find(|i| i["device_name"] == "SRV-EKO-APP01").unwrap();
    assert_eq!(eko_item["category"], "virtual_machine");
    assert!(eko_item["decided_by"]["rule"].as_str().unwrap().contains("windows-server 2019"), "{eko_item}");
    let no_tools = items.iter().find(|i| i["device_name"] == "NET-LB01").unwrap();
    assert_eq!(no_tools["status"], "unknown", "unknown stays unknown: {no_tools}");
    let map = s.c.get_json("/api/v1/lifecycle/heatmap?project=datacenter&rows=category", &s.viewer);
    let rows = map["heatmap"]["rows"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["key"] == "hypervisor_host"), "the datacenter heat map shows the hosts");
}

/// An agent's report of a guest, as the agent inside it would send it.
fn guest_report(device: u128, hostname: &str, product_uuid: Option<uuid::Uuid>, macs: Vec<String>) -> Vec<u8> {
    let now = chrono::Utc::now();
    let mut report = arsring_protocol::example_report(uuid::Uuid::new_v4(), uuid::Uuid::from_u128(device), now);
    let arsring_protocol::Device::Server(server) = &mut report.device else { unreachable!() };
    server.identity.hostname = hostname.into();
    server.identity.mac_addresses = Some(macs.into_iter().map(Into::into).collect());
    server.hardware.product_uuid = product_uuid;
    server.hardware.platform.kind = arsring_protocol::PlatformKind::Virtual;
    server.tags.department = Some("socialforvaltningen".into());
    serde_json::to_vec(&report).unwrap()
}

#[test]
fn a_vm_running_the_agent_is_one_device_and_clones_are_never_merged() {
    let Some(s) = setup("20") else { return };
    let state = s._dir.path().join("agent");
    ok(&poll(&s.c, &s.sim, &s.agent, &state, VCSIM_PASSWORD));
    let vms = machines(&s.sim.truth);
    let total = |c: &Collector| c.get_json("/api/v1/summary", &s.viewer)["servers"]["total"].as_u64().unwrap();
    let before = total(&s.c);

    // VMs with a BIOS UUID of their own (the clone pair shares one).
    let own: Vec<&&Value> = vms.iter().filter(|v| vms.iter().filter(|o| o["uuid"] == v["uuid"]).count() == 1).collect();
    // A guest on old virtual hardware: its kernel shows the BIOS UUID with the first three
    // fields byte-swapped.
    let web = own[0];
    let web_name = web["name"].as_str().unwrap();
    let bios: uuid::Uuid = web["uuid"].as_str().unwrap().parse().unwrap();
    let swapped = arsring_collector::inventory::link::swapped(bios);
    let key = |n: u128| s.c.enrol(&s.agent, uuid::Uuid::from_u128(n));
    let answer = s.c.post_report(guest_report(1, &web_name.to_lowercase(), Some(swapped), vec![]), Some(&key(1)));
    assert_eq!(answer.status().as_u16(), 201);
    assert_eq!(total(&s.c), before, "counted once, not twice");
    let links = s.c.get_json("/api/v1/inventory/links", &s.viewer);
    let web_row = named(&devices(&s.c, &s.viewer, "server"), &web_name.to_lowercase()).clone();
    assert_eq!(web_row["source"], "agent + vsphere");
    assert_eq!(web_row["cpu_threads"], web["numCPU"], "vSphere speaks for the allocation");
    assert!(links["links"].as_array().unwrap().iter().any(|l| l["by"] == "bios_uuid"), "{links}");
    assert!(!devices(&s.c, &s.viewer, "virtual_machine").iter().any(|r| r["hostname"] == web_name));

    // A guest matched by MAC only (no root: no product UUID).
    let other = own.iter().find(|v| !v["macs"].as_array().unwrap().is_empty() && v["name"] != web["name"]).unwrap();
    let macs: Vec<String> =
        other["macs"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_lowercase()).collect();
    s.c.post_report(guest_report(2, "a-guest-without-root", None, macs), Some(&key(2)));
    assert_eq!(total(&s.c), before, "still counted once");

    // Clones share SRV-SOC-APP01's BIOS UUID: a guest with that UUID merges with neither.
    let app = vms.iter().find(|v| v["name"] == "SRV-SOC-APP01").unwrap();
    let shared: uuid::Uuid = app["uuid"].as_str().unwrap().parse().unwrap();
    s.c.post_report(guest_report(3, "srv-soc-app01", Some(shared), vec![]), Some(&key(3)));
    assert_eq!(total(&s.c), before + 1, "an unmatched guest is its own server");
    let links = s.c.get_json("/api/v1/inventory/links", &s.viewer);
    let conflict = links["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reason"].as_str().unwrap().contains("share the BIOS UUID"));
    assert!(conflict.is_some_and(|c| c["devices"].as_array().unwrap().len() == 2), "{links}");
    assert_eq!(
        devices(&s.c, &s.viewer, "virtual_machine")
            .iter()
            .filter(|r| r["hostname"].as_str().unwrap().starts_with("SRV-SOC-APP01"))
            .count(),
        2
    );

    // Charges count what the summary counts: the merged VM once.
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let costs = s._dir.path().join("costs.toml");
    std::fs::write(&costs, arsring_collector::sample::costs_toml(year)).unwrap();
    collector_cli_ok(&s.c.data_dir, &["costs", "import", costs.to_str().unwrap()]);
    let report = s.c.get_json("/api/v1/costs/report", &s.viewer);
    let platform =
        report["report"]["pools"].as_array().unwrap().iter().find(|p| p["id"] == "platform").unwrap().clone();
    assert_eq!(platform["quantity"], before + 1, "{platform}");
    let charged = s.c.get_json("/api/v1/costs/servers", &s.viewer);
    let web_lines: Vec<&Value> = charged["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["pool"] == "platform" && r["hostname"].as_str().unwrap().eq_ignore_ascii_case(web_name))
        .collect();
    assert_eq!(web_lines.len(), 1, "charged once: {web_lines:?}");
    assert_eq!(web_lines[0]["department"], "socialforvaltningen", "placed by the agent's tag");
}

#[test]
fn a_wrong_password_or_a_silent_vcenter_gives_its_exit_code_and_keeps_the_inventory() {
    let Some(s) = setup("12") else { return };
    let state = s._dir.path().join("agent");
    let wrong = poll(&s.c, &s.sim, &s.agent, &state, "fel lösenord");
    assert_eq!(wrong.status.code(), Some(6), "{}", String::from_utf8_lossy(&wrong.stderr));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("refused the log-in"));
    assert!(!String::from_utf8_lossy(&wrong.stderr).contains("fel lösenord"), "the password is never printed");
    assert!(devices(&s.c, &s.viewer, "virtual_machine").is_empty());

    ok(&poll(&s.c, &s.sim, &s.agent, &state, VCSIM_PASSWORD));
    let seen = devices(&s.c, &s.viewer, "virtual_machine").len();
    assert_eq!(seen, machines(&s.sim.truth).len());

    let old: Vec<String> = devices(&s.c, &s.viewer, "virtual_machine")
        .iter()
        .map(|r| r["device_id"].as_str().unwrap().to_string())
        .collect();
    let Setup { sim, c, agent, viewer, _dir } = s;
    let (url, ca) = (sim.url.clone(), sim.ca.clone());
    sim.peer.stop();
    let silent = Command::new(bin("arsring-agent"))
        .args(["--collector", &c.url, "--token", &agent, "--ca", c.ca.to_str().unwrap()])
        .arg("--state-dir")
        .arg(&state)
        .args(["vsphere", "poll", "--url", &url, "--user", VCSIM_USER, "--vcenter-ca", ca.to_str().unwrap()])
        .env("ARSRING_VSPHERE_PASSWORD", VCSIM_PASSWORD)
        .output()
        .unwrap();
    assert_eq!(silent.status.code(), Some(5), "{}", String::from_utf8_lossy(&silent.stderr));
    assert!(String::from_utf8_lossy(&silent.stderr).contains("did not answer"));
    let detail = |id: &str| c.get_json(&format!("/api/v1/devices/{id}"), &viewer)["device"].clone();
    for id in &old {
        let row = detail(id);
        let reason = row["unreachable_reason"].as_str().unwrap_or_default();
        assert!(reason.starts_with("not polled: vCenter did not answer"), "{id}: {row}");
        assert_eq!(row["stale"], true);
    }
    assert_eq!(devices(&c, &viewer, "virtual_machine").len(), old.len(), "nothing emptied");

    // Another inventory behind the same vCenter: what was there and is not any more is gone,
    // kept with its last inventory and the reason.
    let next = vcsim(_dir.path(), &["-hosts", "6", "-vms", "12", "-seed", "2"]).unwrap();
    ok(&poll(&c, &next, &agent, &state, VCSIM_PASSWORD));
    for id in &old {
        let reason = detail(id)["unreachable_reason"].as_str().unwrap_or_default().to_string();
        assert!(reason.starts_with("no longer in vCenter"), "{id}: {reason}");
    }
    let now = devices(&c, &viewer, "virtual_machine");
    assert_eq!(now.iter().filter(|r| r["unreachable_reason"].is_null()).count(), machines(&next.truth).len());
}

/// A cost model that places VMs by their vSphere folder and custom attribute, skips
/// powered-off VMs in one pool and splits the hosts' cost over the VMs on them.
fn vsphere_costs(year: i32) -> String {
    format!(
        r#"
[[entity]]
id = "kommunen"
name = "Kommunen"
[[department]]
id = "social"
name = "Socialtjänst"
entity = "kommunen"
[[department]]
id = "ekonomi"
name = "Ekonomi"
entity = "kommunen"
[[department]]
id = "it"
name = "IT"
entity = "kommunen"

[[rule]]
department = "social"
folder = "Socialtjänst/*"
[[rule]]
department = "ekonomi"
attribute = {{ name = "Verksamhet", value = "Ekonomi" }}
[[rule]]
department = "it"
hostname = "esx-*"

[[year]]
year = {year}
  [[year.pool]]
  id = "running"
  name = "Körande servrar"
  method = "per_server"
  amount_sek = "100 000"
  powered_off = "skip"
  [[year.pool]]
  id = "hosts"
  name = "VMware-värdar"
  method = "host_split"
  amount_sek = "1 000 000,01"
  by = "vcpu"
"#
    )
}

#[test]
fn charges_follow_folders_attributes_power_and_the_hosts_vms() {
    let Some(s) = setup("40") else { return };
    let state = s._dir.path().join("agent");
    ok(&poll(&s.c, &s.sim, &s.agent, &state, VCSIM_PASSWORD));
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let file = s._dir.path().join("costs.toml");
    std::fs::write(&file, vsphere_costs(year)).unwrap();
    collector_cli_ok(&s.c.data_dir, &["costs", "import", file.to_str().unwrap()]);

    let vms = machines(&s.sim.truth);
    let report = s.c.get_json("/api/v1/costs/report", &s.viewer)["report"].clone();
    let pool = |id: &str| report["pools"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap().clone();
    let lines = |id: &str| -> Vec<Value> {
        report["lines"].as_array().unwrap().iter().filter(|l| l["pool"] == id).cloned().collect()
    };
    // Every split adds up to its pool, to the öre.
    for (id, amount) in [("running", 10_000_000i64), ("hosts", 100_000_001)] {
        let sum: i64 = lines(id).iter().map(|l| l["amount"].as_i64().unwrap()).sum();
        assert_eq!(sum, amount, "{id}");
    }
    // Powered-off VMs are not counted by the skip pool; hosts and running VMs are.
    let off = vms.iter().filter(|v| v["powerState"] == "poweredOff").count();
    let hosts = s.sim.truth["hosts"].as_array().unwrap().len();
    assert!(off > 0, "the simulated vCenter has powered-off VMs");
    assert_eq!(pool("running")["quantity"], hosts + vms.len() - off);

    // Placement: the folder rule and the attribute rule, as the truth file says.
    let charged = s.c.get_json("/api/v1/costs/servers?department=social", &s.viewer);
    let social: std::collections::BTreeSet<&str> =
        charged["servers"].as_array().unwrap().iter().map(|r| r["hostname"].as_str().unwrap()).collect();
    let in_folder: std::collections::BTreeSet<&str> = vms
        .iter()
        .filter(|v| v["folder"].as_str().unwrap().starts_with("Socialtjänst/"))
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(social, in_folder);
    let placed = s.c.get_json("/api/v1/costs/servers?department=ekonomi", &s.viewer);
    let ekonomi = placed["servers"].as_array().unwrap();
    let economists = vms
        .iter()
        .filter(|v| {
            v["customValues"]["Verksamhet"] == "Ekonomi" && !v["folder"].as_str().unwrap().starts_with("Socialtjänst/")
        })
        .count();
    let named: std::collections::BTreeSet<&str> = ekonomi.iter().map(|r| r["hostname"].as_str().unwrap()).collect();
    assert_eq!(named.len(), economists, "{named:?}");
    assert!(ekonomi.iter().any(|r| r["placed_by"].as_str().unwrap().starts_with("costs.toml rule at line")));

    // The hosts' cost went to the departments of the VMs on them, by vCPU.
    let host_lines = lines("hosts");
    assert!(
        host_lines.iter().any(|l| l["department"] == "social" && l["amount"].as_i64().unwrap() > 0),
        "{host_lines:?}"
    );
}

#[test]
fn the_servers_page_shows_hosts_and_vms() {
    let Some(s) = setup("12") else { return };
    ok(&poll(&s.c, &s.sim, &s.agent, &s._dir.path().join("agent"), VCSIM_PASSWORD));
    let page = s.c.page("/servers", &s.viewer);
    let host = s.sim.truth["hosts"][0]["name"].as_str().unwrap();
    let vm = machines(&s.sim.truth)[0]["name"].as_str().unwrap();
    assert!(page.contains(host) && page.contains(vm), "the servers page lists {host} and {vm}");
}

/// Another shape of inventory: the simulator's own model (`-stock`), with standalone hosts
/// beside a cluster, a datacenter inside a folder, and VMs in vApps, which have no folder of
/// their own in vSphere and whose resource pool is the vApp. Every host and VM is reported
/// once, placed where vCenter has it.
#[test]
fn the_simulators_own_inventory_with_vapps_and_standalone_hosts_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let Some(sim) = vcsim(dir.path(), &["-stock"]) else { return };
    let c = Collector::start(&dir.path().join("data"));
    let (agent, viewer) = (c.token("agent", "vsphere-poller"), c.token("viewer", "v"));
    let stderr = ok(&poll(&c, &sim, &agent, &dir.path().join("agent"), VCSIM_PASSWORD));
    let counts = &sim.truth["counts"];
    let (hosts, vms) = (counts["hosts"].as_u64().unwrap(), counts["vms"].as_u64().unwrap());
    assert_eq!((hosts, vms, counts["vapps"].as_u64().unwrap()), (6, 12, 2), "the model as documented");
    assert!(stderr.contains(&format!("{hosts} hosts, {vms} VMs")), "{stderr}");
    assert_eq!(devices(&c, &viewer, "hypervisor").len() as u64, hosts);
    let rows = devices(&c, &viewer, "virtual_machine");
    assert_eq!(rows.len() as u64, vms);
    let placed = |name: &str| {
        let id = named(&rows, name)["device_id"].as_str().unwrap().to_string();
        let vm = c.get_json(&format!("/api/v1/devices/{id}"), &viewer)["report"]["device"].clone();
        let text = |v: &Value| v.as_str().map(str::to_string);
        (text(&vm["folder"]), text(&vm["resource_pool"]), text(&vm["placement"]["cluster"]), text(&vm["host"]))
    };
    // In the vApp: its pool is the vApp, on a host of the cluster.
    let (folder, pool, cluster, host) = placed("DC0_C0_APP0_VM0");
    assert_eq!((folder, pool.as_deref(), cluster.as_deref()), (None, Some("DC0_C0_APP0"), Some("DC0_C0")));
    assert!(host.unwrap().starts_with("DC0_C0_H"));
    // The second datacenter sits in folder F0, and so do its VMs' folders.
    let (folder, pool, ..) = placed("DC1_C0_APP0_VM1");
    assert_eq!((folder.as_deref(), pool.as_deref()), (Some("F0"), Some("DC1_C0_APP0")));
    // On the standalone host: no cluster, no pool below its root.
    assert_eq!(placed("DC1_H0_VM0"), (Some("F0".into()), None, None, Some("DC1_H0".into())));
    // In the cluster's root pool.
    assert_eq!(placed("DC0_C0_RP0_VM1").1, None);
}

/// A small site without vCenter: the poller asks the ESXi host itself (`apiType`
/// `HostAgent`, no instance UUID), and its host and VMs are known by the host's hardware
/// UUID, the same ids on every poll.
#[test]
fn an_esxi_host_without_vcenter_is_polled_directly() {
    let dir = tempfile::tempdir().unwrap();
    let Some(sim) = vcsim(dir.path(), &["-esx"]) else { return };
    assert_eq!(sim.truth["about"]["ApiType"], "HostAgent");
    let c = Collector::start(&dir.path().join("data"));
    let (agent, viewer) = (c.token("agent", "vsphere-poller"), c.token("viewer", "v"));
    let state = dir.path().join("agent");
    let stderr = ok(&poll(&c, &sim, &agent, &state, VCSIM_PASSWORD));
    assert!(stderr.contains("1 hosts, 2 VMs"), "{stderr}");
    let ids = |kind: &str| -> Vec<String> {
        let mut ids: Vec<String> =
            devices(&c, &viewer, kind).iter().map(|d| d["device_id"].as_str().unwrap().to_string()).collect();
        ids.sort();
        ids
    };
    let (hosts, vms) = (ids("hypervisor"), ids("virtual_machine"));
    assert_eq!((hosts.len(), vms.len()), (1, 2));
    let host = c.get_json(&format!("/api/v1/devices/{}", hosts[0]), &viewer)["report"]["device"].clone();
    assert_eq!(host["placement"]["vcenter"], host["hardware_uuid"], "the host stands for its vSphere");
    ok(&poll(&c, &sim, &agent, &state, VCSIM_PASSWORD));
    assert_eq!((ids("hypervisor"), ids("virtual_machine")), (hosts, vms), "the same devices again");
}
