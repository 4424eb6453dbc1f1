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
                mac_addresses: Some(vec!["14:18:77:3a:5c:01".into()]),
            },
            hardware: Hardware {
                vendor: Some("Dell Inc.".into()),
                model: Some("PowerEdge R640".into()),
                serial: Some("4XK2M53".into()),
                chassis_type: Some("Rack Mount Chassis".into()),
                product_uuid: Some(Uuid::from_u128(0x4c4c4544_0058_4b10_8032_b4c04f4d3533)),
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
                    checked_at: Some(at - chrono::Duration::hours(3)),
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

fn placement(moref: &str, cluster: Option<&str>) -> Placement {
    Placement {
        vcenter: "6ffdfc07-8d4e-4b4a-9a59-2f4c0ddc7f10".into(),
        vcenter_name: "vcenter01.kommun.example".into(),
        moref: moref.into(),
        datacenter: Some("DC-Stadshuset".into()),
        cluster: cluster.map(str::to_string),
    }
}

/// A Windows Server VM as the vSphere poller reports it (its guest runs no agent).
pub fn example_vm_report(report_id: Uuid, device_id: Uuid, at: DateTime<Utc>) -> Report {
    Report {
        schema_version: SCHEMA_VERSION,
        report_id,
        collected_at: at,
        agent: AgentInfo { version: "0.1.0".into(), host: "poller01".into() },
        device: Device::VirtualMachine(Box::new(VirtualMachine {
            device_id,
            name: "SRV-EKO-APP01".into(),
            placement: placement("vm-1043", Some("Kluster-Prod01")),
            absent: None,
            instance_uuid: Some(Uuid::from_u128(0x5012_3c4d_5e6f_4a1b_8c2d_3e4f_5a6b_7c8d)),
            bios_uuid: Some(Uuid::from_u128(0x4211_2233_4455_6677_8899_aabb_ccdd_eeff)),
            host: Some("esx-sh-01.kommun.example".into()),
            folder: Some("Ekonomi".into()),
            resource_pool: Some("Produktion".into()),
            power_state: PowerState::PoweredOn,
            guest: Guest {
                configured_id: Some("windows9Server64Guest".into()),
                configured_name: Some("Microsoft Windows Server 2016 or later (64-bit)".into()),
                tools_id: Some("windows2019srv_64Guest".into()),
                tools_name: Some("Microsoft Windows Server 2019 (64-bit)".into()),
                tools_running: Some("guestToolsRunning".into()),
                hostname: Some("srv-eko-app01.ad.kommun.example".into()),
                addresses: vec![[10, 20, 30, 41].into()],
                os: Some(Sourced {
                    value: GuestOs { family: "windows-server".into(), version: Some("2019".into()) },
                    source: "VMware Tools guestFullName \"Microsoft Windows Server 2019 (64-bit)\"".into(),
                }),
            },
            allocation: Allocation {
                vcpu: Some(4),
                memory_bytes: Some(16 << 30),
                disk_provisioned_bytes: Some(200_000_000_000),
                disk_used_bytes: Some(87_000_000_000),
            },
            mac_addresses: vec!["00:50:56:ab:00:01".into()],
            annotation: Some("Ekonomisystem, applikationsserver".into()),
            custom_attributes: [("Verksamhet".to_string(), "Ekonomi".to_string())].into(),
            tags: Some(vec!["Backup/Guld".into(), "Miljö/Produktion".into()]),
        })),
    }
}

/// An ESXi host as the vSphere poller reports it.
pub fn example_host_report(report_id: Uuid, device_id: Uuid, at: DateTime<Utc>) -> Report {
    Report {
        schema_version: SCHEMA_VERSION,
        report_id,
        collected_at: at,
        agent: AgentInfo { version: "0.1.0".into(), host: "poller01".into() },
        device: Device::Hypervisor(Box::new(Hypervisor {
            device_id,
            name: "esx-sh-01.kommun.example".into(),
            placement: placement("host-71", Some("Kluster-Prod01")),
            absent: None,
            hardware_uuid: Some(Uuid::from_u128(0x4c4c_4544_0032_4d10_8046_b7c0_4f4b_5933)),
            vendor: Some("Dell Inc.".into()),
            model: Some("PowerEdge R750".into()),
            serial: Some(Sourced { value: "72MF4Y3".into(), source: "ServiceTag".into() }),
            asset_tag: Some("KOM-IT-20417".into()),
            bios: Bios {
                vendor: Some("Dell Inc.".into()),
                version: Some("1.10.2".into()),
                release_date: NaiveDate::from_ymd_opt(2023, 4, 11),
            },
            cpu: Cpu {
                model: Some("Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz".into()),
                sockets: Some(2),
                cores: Some(64),
                threads: 128,
            },
            memory_bytes: Some(1 << 39),
            product: Some(HostProduct {
                name: "VMware ESXi".into(),
                version: "8.0.2".into(),
                build: Some("22380479".into()),
                full_name: Some("VMware ESXi 8.0.2 build-22380479".into()),
            }),
            power_state: PowerState::PoweredOn,
            connection_state: Some("connected".into()),
            addresses: vec![[10, 10, 1, 11].into()],
            custom_attributes: [("Placering".to_string(), "Rack A3 U12".to_string())].into(),
            vm_count: 38,
        })),
    }
}
