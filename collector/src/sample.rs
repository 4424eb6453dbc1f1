//! A deterministic sample fleet of a municipal IT centre: servers and network devices as
//! agents would report them, plus the asset register and model catalogue that go with
//! them. Tests, benchmarks and the dashboard's browser tests fill a real collector with it
//! through the real API; nothing here is used in production paths.
//!
//! Models and vendors are real; serials, dates and prices are made up but plausible.

use std::fmt::Write as _;

use arsring_protocol::*;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

/// A small deterministic generator (64-bit LCG): the same seed gives the same fleet.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn date(&mut self, from_year: i32, to_year: i32) -> NaiveDate {
        let start = NaiveDate::from_ymd_opt(from_year, 1, 1).unwrap_or_default();
        let days = (NaiveDate::from_ymd_opt(to_year, 12, 31).unwrap_or_default() - start).num_days();
        start + Duration::days(self.below(days.max(1) as u64) as i64)
    }
}

pub const DEPARTMENTS: [&str; 6] = [
    "kommunstyrelsen",
    "socialforvaltningen",
    "utbildningsforvaltningen",
    "samhallsbyggnad",
    "kultur-fritid",
    "it-drift",
];
pub const SITES: [&str; 4] = ["dc-norra", "dc-sodra", "stadshuset", "gymnasiet"];

const SERVER_MODELS: [(&str, &str); 5] = [
    ("Dell Inc.", "PowerEdge R640"),
    ("Dell Inc.", "PowerEdge R730"),
    ("HPE", "ProLiant DL380 Gen10"),
    ("HPE", "ProLiant DL360 Gen9"),
    ("Lenovo", "ThinkSystem SR650"),
];
const OSES: [(&str, &str, &str); 5] = [
    ("debian", "12", "Debian GNU/Linux 12 (bookworm)"),
    ("debian", "11", "Debian GNU/Linux 11 (bullseye)"),
    ("ubuntu", "22.04", "Ubuntu 22.04.4 LTS"),
    ("rhel", "8.10", "Red Hat Enterprise Linux 8.10 (Ootpa)"),
    ("rhel", "9.4", "Red Hat Enterprise Linux 9.4 (Plow)"),
];
/// (vendor, enterprise, model, category, OS family, versions)
type NetworkModel = (&'static str, u32, &'static str, &'static str, &'static str, &'static [&'static str]);

const NETWORK_MODELS: [NetworkModel; 7] = [
    ("Cisco", 9, "WS-C3560G-48TS-E", "switch", "Cisco IOS", &["12.2(55)SE3", "12.2(55)SE12"]),
    ("Cisco", 9, "WS-C2960X-48FPD-L", "switch", "Cisco IOS", &["15.2(7)E4", "15.2(7)E8"]),
    ("Cisco", 9, "C9300-48P", "switch", "Cisco IOS-XE", &["16.9.4", "17.9.4"]),
    ("Aruba", 11, "2930F-48G", "switch", "ArubaOS-Switch", &["WC.16.10.0012"]),
    ("Juniper", 2636, "EX2300-48P", "switch", "Junos", &["18.4R2-S3", "21.4R3-S5"]),
    ("Cisco", 9, "ISR4331/K9", "router", "Cisco IOS-XE", &["16.9.4", "17.6.5"]),
    ("Fortinet", 12356, "FortiGate-100F", "firewall", "FortiOS", &["6.4.9", "7.2.5"]),
];

/// `servers` server reports and `network` network-device reports, collected at `at`.
pub fn fleet(servers: usize, network: usize, seed: u64, at: DateTime<Utc>) -> Vec<Report> {
    let mut rng = Lcg(seed);
    let mut reports = Vec::with_capacity(servers + network);
    for n in 0..servers {
        reports.push(server(&mut rng, n, at));
    }
    for n in 0..network {
        reports.push(network_device(&mut rng, n, at));
    }
    reports
}

fn id(kind: u128, n: usize) -> Uuid {
    Uuid::from_u128((kind << 64) | n as u128)
}

fn report_id(kind: u128, n: usize, at: DateTime<Utc>) -> Uuid {
    Uuid::from_u128((kind << 96) | (n as u128) << 32 | (at.timestamp() as u128 & 0xffff_ffff))
}

fn report(kind: u128, n: usize, at: DateTime<Utc>, device: Device) -> Report {
    Report {
        schema_version: SCHEMA_VERSION,
        report_id: report_id(kind, n, at),
        collected_at: at,
        agent: AgentInfo { version: crate_version(), host: "sample".into() },
        device,
    }
}

fn crate_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn server(rng: &mut Lcg, n: usize, at: DateTime<Utc>) -> Report {
    let mut r = example_report(report_id(1, n, at), id(1, n), at);
    let department = *rng.pick(&DEPARTMENTS);
    let site = *rng.pick(&SITES[..2]);
    let (vendor, model) = *rng.pick(&SERVER_MODELS);
    let (os_id, version_id, pretty) = *rng.pick(&OSES);
    let virtual_ = rng.below(3) > 0;
    let Device::Server(s) = &mut r.device else { unreachable!("example_report is a server") };
    s.identity.hostname = format!("srv-{}-{n:04}", &department[..4]).into();
    s.identity.fqdn = Some(format!("{}.kommun.example", s.identity.hostname).into());
    // Each datacenter has its own server network: 10.10.0.0/16 in the north, 10.20.0.0/16 in the south.
    let net = if site == "dc-norra" { 10 } else { 20 };
    let address = [10, net, (n / 250 % 256) as u8, (n % 250 + 1) as u8].into();
    s.identity.addresses = Some(vec![InterfaceAddress { interface: "ens192".into(), address, prefix: 16 }]);
    s.hardware.vendor = Some(if virtual_ { "VMware, Inc.".into() } else { vendor.into() });
    s.hardware.model = Some(if virtual_ { "VMware Virtual Platform".into() } else { model.into() });
    // Serials carry the device number, so they are unique however large the fleet.
    s.hardware.serial = (!virtual_).then(|| format!("SRV{n:06}{:02}", rng.below(100)).into());
    s.hardware.bios.release_date = Some(rng.date(2013, 2025));
    s.hardware.platform = Platform {
        kind: if virtual_ { PlatformKind::Virtual } else { PlatformKind::Physical },
        technology: virtual_.then(|| "vmware".into()),
        source: "sample".into(),
    };
    s.os.id = Some(os_id.into());
    s.os.version_id = Some(version_id.into());
    s.os.pretty_name = Some(pretty.into());
    let pending = rng.below(40) as u32;
    s.patch.updates = Updates::Known {
        pending,
        security: Some(pending.min(rng.below(10) as u32)),
        packages: vec![],
        packages_truncated: pending > 0,
        source: "sample".into(),
        checked_at: None,
    };
    s.utilisation.cpu_busy_ratio = Some(rng.below(1000) as f64 / 1000.0);
    s.tags =
        Tags { department: Some(department.into()), site: Some(site.into()), owner: None, extra: Default::default() };
    r
}

fn network_device(rng: &mut Lcg, n: usize, at: DateTime<Utc>) -> Report {
    let (vendor, enterprise, model, category, family, versions) = *rng.pick(&NETWORK_MODELS);
    let version = *rng.pick(versions);
    let site = *rng.pick(&SITES);
    let serial = format!("{}{n:06}{:02}", &vendor[..3].to_uppercase(), rng.below(100));
    let made = rng.date(2009, 2024);
    let manufactured = (rng.below(2) == 0).then_some(made);
    let chassis = Component {
        index: 1,
        class: EntityClass::Chassis,
        description: Some(format!("{vendor} {model}")),
        name: Some("1".into()),
        model: Some(model.into()),
        hardware_rev: Some("V01".into()),
        firmware_rev: None,
        software_rev: Some(version.into()),
        serial: Some(serial.clone()),
        manufacturer: Some(vendor.into()),
        manufactured,
        fru: Some(false),
        parent: None,
        source: None,
    };
    let part = |index: u32, class: EntityClass, what: &str, rng: &mut Lcg| Component {
        index,
        class,
        description: Some(what.into()),
        name: Some(what.into()),
        model: None,
        hardware_rev: None,
        firmware_rev: None,
        software_rev: None,
        serial: Some(format!("P{n:06}{index}{:03}", rng.below(1000))),
        manufacturer: Some(vendor.into()),
        manufactured: None,
        fru: Some(true),
        parent: Some(1),
        source: None,
    };
    let mut components =
        vec![part(2, EntityClass::PowerSupply, "Power Supply 1", rng), part(3, EntityClass::Fan, "Fan 1", rng)];
    if category == "switch" && rng.below(2) == 0 {
        components.push(part(4, EntityClass::Module, "1000BaseSX SFP", rng));
    }
    let sourced = |v: &str, s: &str| Some(Sourced { value: v.to_string(), source: s.to_string() });
    let device = NetworkDevice {
        identity: NetworkIdentity {
            device_id: id(2, n),
            device_id_source: NetworkIdSource::ChassisSerial,
            address: format!("{}:161", network_host(n)),
        },
        reachability: Reachability { reachable: true, reason: None, requests: 3, elapsed_ms: 40 },
        system: Some(SystemGroup {
            descr: Some(format!("{family} Software, Version {version}")),
            object_id: Some(format!("1.3.6.1.4.1.{enterprise}.1.{}", 100 + n % 50)),
            uptime_secs: Some(rng.below(40_000_000)),
            name: Some(format!("{}-{}-{n:04}", &category[..2], site)),
            location: Some(site.into()),
            contact: Some("natverk@kommun.example".into()),
        }),
        derived: Derived {
            vendor: sourced(vendor, "sysObjectID enterprise number"),
            model: sourced(model, "ENTITY-MIB entPhysicalModelName of chassis 1"),
            category: sourced(category, "sample"),
            os_family: sourced(family, "sysDescr"),
            os_version: sourced(version, "sysDescr"),
            serial: sourced(&serial, "ENTITY-MIB entPhysicalSerialNum of chassis 1"),
            manufactured: manufactured
                .map(|date| Sourced { value: date, source: "ENTITY-MIB entPhysicalMfgDate of chassis 1".into() }),
        },
        chassis: vec![chassis],
        components,
        port_count: 48,
        entities_truncated: false,
        neighbours: uplink(n),
        lldp_local: Some(LldpLocal {
            chassis_id: Some(format!("00:1b:0d:{:02x}:{:02x}:00", (n >> 8) & 0xff, n & 0xff)),
            name: Some(format!("{}-{}-{n:04}", &category[..2], site)),
        }),
        notes: vec![],
        tags: Tags { site: Some(site.into()), ..Tags::default() },
    };
    report(2, n, at, Device::Network(Box::new(device)))
}

/// Every tenth network device is a distribution point; the nine after it hang off it by
/// CDP, which names it by its management address, as access switches hang off a
/// distribution switch.
fn uplink(n: usize) -> Vec<Neighbour> {
    let head = n - n % 10;
    if n == head {
        return vec![];
    }
    vec![Neighbour {
        protocol: NeighbourProtocol::Cdp,
        local_port: Some("Gi1/0/52".into()),
        name: None,
        port: Some(format!("Te1/1/{}", n % 10)),
        chassis_id: None,
        platform: None,
        address: Some(network_host(head)),
    }]
}

fn network_host(n: usize) -> String {
    format!("10.{}.{}.{}", 20 + n / 65536 % 200, n / 256 % 256, n % 256)
}

/// An asset register (CSV, Swedish Excel flavour) for about two in three physical devices.
pub fn asset_register(reports: &[Report], seed: u64) -> String {
    let mut rng = Lcg(seed ^ 0x5eed);
    let mut out =
        String::from("serial;hostname;purchase_date;purchase_cost_sek;warranty_end;department;site;invoice\n");
    for r in reports {
        if rng.below(3) == 0 {
            continue;
        }
        let (serial, cost) = match &r.device {
            Device::Server(s) if s.hardware.serial.is_some() => {
                (s.hardware.serial.as_deref().map(String::from), 60_000 + rng.below(80_000))
            }
            Device::Network(n) => (n.derived.serial.as_ref().map(|s| s.value.clone()), 8_000 + rng.below(60_000)),
            _ => continue,
        };
        let bought = rng.date(2010, 2024);
        let warranty = crate::lifecycle::status::add_years(bought, 3);
        let department = rng.pick(&DEPARTMENTS);
        let _ = writeln!(
            out,
            "{};;{bought};{} {:03},00;{warranty};{department};;F-{}",
            serial.unwrap_or_default(),
            cost / 1000,
            cost % 1000,
            rng.below(100_000)
        );
    }
    out
}

/// A model catalogue for the sample's network models (dates made up, but in the right order).
pub const CATALOGUE: &str = "vendor,model_pattern,end_of_sale,end_of_security_updates,end_of_support,replacement_cost_sek,replacement_model\n\
Cisco,WS-C3560G*,2012-08-05,2016-08-05,2017-07-31,32 000,C9200L-48T-4G\n\
Cisco,WS-C2960X*,2022-10-30,2026-10-31,2027-10-31,28 000,C9200L-48P-4G\n\
Cisco,C9300-48P,,,,85 000,\n\
Aruba,2930F*,2025-06-30,2029-06-30,2030-06-30,35 000,CX 6100\n\
Juniper,EX2300*,2024-05-31,2028-05-31,2029-05-31,30 000,EX2400-48P\n\
Cisco,ISR4331*,2023-11-07,2027-11-30,2028-11-30,65 000,C8300-1N1S-4T2X\n\
Fortinet,FortiGate-100F,,,,95 000,\n";

/// The day the sample fleet is assessed on in golden tests.
/// The endoflife.date snapshot the tests use (`eol import` reads it), beside the
/// collector's sources: present in a source checkout, not in an installed binary.
pub const EOL_SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/eol");

/// `reports` as the store would hold them, first seen at `first_seen` and last seen when
/// collected: for lifecycle tests and benchmarks that work without a store.
pub fn records(reports: &[Report], first_seen: DateTime<Utc>) -> Vec<std::sync::Arc<crate::store::DeviceRecord>> {
    reports
        .iter()
        .map(|r| {
            std::sync::Arc::new(crate::store::DeviceRecord {
                device_id: r.device_id(),
                kind: r.device.kind(),
                first_seen,
                last_seen: r.collected_at,
                unreachable: None,
                report: r.clone(),
                linked: None,
                facts_fingerprint: None,
            })
        })
        .collect()
}

/// The sample registers for `reports`: their asset register, the model catalogue and the
/// endoflife.date snapshot. Panics on bad sample data, which is a bug in this module.
pub fn registers(reports: &[Report], seed: u64) -> crate::app::registers::Registers {
    use crate::lifecycle::{assets, catalogue, eol};
    let register = assets::parse(asset_register(reports, seed).as_bytes()).expect("the sample register parses").rows;
    crate::app::registers::Registers {
        assets: assets::merge(&Default::default(), register).register,
        catalogue: catalogue::parse(CATALOGUE.as_bytes()).expect("the sample catalogue parses").rows,
        eol: eol::import_dir(std::path::Path::new(EOL_SNAPSHOT))
            .expect("the endoflife.date snapshot loads")
            .into_iter()
            .map(|p| (p.name.clone(), p))
            .collect(),
        costs: Default::default(),
    }
}

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default()
}

/// The same device reporting again: a new report id, collected at `at`.
pub fn again(report: &Report, at: DateTime<Utc>) -> Report {
    Report { report_id: arsring_protocol::new_report_id(), collected_at: at, ..report.clone() }
}

/// When the sample reports were collected.
pub fn collected_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).single().unwrap_or_default()
}

// Long on purpose: one literal costs.toml, read top to bottom.
/// A cost model for the sample's departments: one year with every allocation method.
pub fn costs_toml(year: i32) -> String {
    format!(
        r#"
[[entity]]
id = "kommunen"
name = "Kommunen"
[[entity]]
id = "bolaget"
name = "Bostadsbolaget"

[[department]]
id = "kommunstyrelsen"
name = "Kommunstyrelsen"
entity = "kommunen"
[[department]]
id = "socialforvaltningen"
name = "Socialförvaltningen"
entity = "kommunen"
[[department]]
id = "utbildningsforvaltningen"
name = "Utbildningsförvaltningen"
entity = "kommunen"
[[department]]
id = "samhallsbyggnad"
name = "Samhällsbyggnad"
entity = "kommunen"
[[department]]
id = "kultur-fritid"
name = "Kultur och fritid"
entity = "bolaget"
[[department]]
id = "it-drift"
name = "IT-drift"
entity = "kommunen"

[[year]]
year = {year}

  [[year.key]]
  id = "members"
  name = "Anställda + elever"
  weights = {{ kommunen = 450, bolaget = 50 }}

  [[year.pool]]
  id = "platform"
  name = "Serverplattform"
  method = "per_server"
  amount_sek = "1 000 000"

  [[year.pool]]
  id = "price"
  name = "Serverpris"
  method = "unit_price"
  unit_price_sek = {{ physical = 24000, virtual = 9000, unknown = 9000 }}

  [[year.pool]]
  id = "shared"
  name = "Gemensamma tjänster"
  method = "key"
  key = "members"
  amount_sek = 600000

  [[year.pool]]
  id = "cpu"
  name = "Beräkningskapacitet"
  method = "consumption"
  measure = "vcpu"
  amount_sek = "200 000,01"

  [[year.pool]]
  id = "licence"
  name = "Licenser"
  method = "equal"
  between = ["kommunen", "bolaget"]
  amount_sek = 30000

  [[year.pool]]
  id = "backup"
  name = "Backup"
  method = "direct"
  to = "it-drift"
  amount_sek = 50000

  [year.settlement]
  outcome_sek = -120000
  key = "members"
"#
    )
}
