//! A complete, valid report: the one `docs/protocol.md` shows, and a starting point for tests
//! and load generators that need a realistic body.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::*;

// Long on purpose: one literal value, the documented example, read top to bottom.
/// An example server report collected at `at`, with the given ids.
pub fn example_report(report_id: Uuid, device_id: Uuid, at: DateTime<Utc>) -> Report {
    Report {
        schema_version: SCHEMA_VERSION,
        report_id,
        collected_at: at,
        agent: AgentInfo { version: "0.1.0".into(), host: "web01".into() },
        device: Device::Server(Box::new(Server {
            identity: Identity {
                device_id,
                device_id_source: DeviceIdSource::MachineId,
                hostname: "web01".into(),
                fqdn: Some("web01.kommun.example".into()),
                addresses: Some(vec![
                    InterfaceAddress { interface: "eno1".into(), address: [10, 20, 4, 17].into(), prefix: 24 },
                    InterfaceAddress {
                        interface: "eno1".into(),
                        address: "2001:db8:20:4::17".parse().unwrap(),
                        prefix: 64,
                    },
                ]),
            },
            hardware: Hardware {
                vendor: Some("Dell Inc.".into()),
                model: Some("PowerEdge R640".into()),
                serial: Some("4XK2M53".into()),
                chassis_type: Some("Rack Mount Chassis".into()),
                bios: Bios {
                    vendor: Some("Dell Inc.".into()),
                    version: Some("2.19.1".into()),
                    release_date: NaiveDate::from_ymd_opt(2023, 6, 14),
                },
                cpu: Cpu {
                    model: Some("Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz".into()),
                    sockets: Some(2),
                    cores: Some(32),
                    threads: 64,
                },
                memory_bytes: Some(256 * 1024 * 1024 * 1024),
                disks: vec![Disk {
                    name: "sda".into(),
                    size_bytes: 960_197_124_096,
                    model: Some("MZ7KH960HAJR0D3".into()),
                    serial: Some("S47NNA0M900123".into()),
                    rotational: Some(false),
                }],
                platform: Platform {
                    kind: PlatformKind::Physical,
                    technology: None,
                    source: "dmi sys_vendor \"Dell Inc.\", no hypervisor cpu flag".into(),
                },
            },
            os: Os {
                id: Some("debian".into()),
                name: Some("Debian GNU/Linux".into()),
                version: Some("12 (bookworm)".into()),
                version_id: Some("12".into()),
                pretty_name: Some("Debian GNU/Linux 12 (bookworm)".into()),
                kernel: Some("6.1.0-28-amd64".into()),
                arch: Some("x86_64".into()),
            },
            patch: Patch {
                manager: Some(PackageManager::Apt),
                updates: Updates::Known {
                    pending: 2,
                    security: Some(1),
                    packages: vec![
                        PendingPackage {
                            name: "openssl".into(),
                            installed: Some("3.0.14-1~deb12u2".into()),
                            candidate: "3.0.15-1~deb12u1".into(),
                            security: true,
                        },
                        PendingPackage {
                            name: "tzdata".into(),
                            installed: Some("2024a-0+deb12u1".into()),
                            candidate: "2024b-0+deb12u1".into(),
                            security: false,
                        },
                    ],
                    packages_truncated: false,
                    source: "apt-get -s dist-upgrade".into(),
                },
                last_installed: Some(Sourced {
                    value: at - chrono::Duration::days(12),
                    source: "/var/log/apt/history.log".into(),
                }),
                reboot_required: RebootRequired { required: Some(false), source: "/run/reboot-required absent".into() },
            },
            utilisation: Utilisation {
                uptime_secs: 1_209_600,
                load_average: [0.12, 0.08, 0.05],
                window_start: at - chrono::Duration::hours(4),
                window_basis: WindowBasis::PreviousReport,
                cpu_busy_ratio: Some(0.031),
                net_rx_bytes: Some(18_734_112),
                net_tx_bytes: Some(9_112_003),
            },
            tags: Tags {
                department: Some("socialforvaltningen".into()),
                site: Some("dc-norra".into()),
                owner: Some("it-drift".into()),
                extra: [("service".to_string(), "intranet".to_string())].into(),
            },
        })),
    }
}
