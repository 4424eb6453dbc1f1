use super::*;
use crate::inventory::{Filter, row};
use crate::store::DeviceRecord;
use arsring_protocol::{Device, Report, Updates, example_report};

fn record(
    n: u128,
    department: Option<&str>,
    platform: PlatformKind,
    updates: Updates,
    last_seen: DateTime<Utc>,
) -> DeviceRecord {
    let mut report: Report = example_report(Uuid::from_u128(n), Uuid::from_u128(n), last_seen);
    let Device::Server(s) = &mut report.device else { unreachable!() };
    s.tags.department = department.map(Into::into);
    s.hardware.platform.kind = platform;
    s.patch.updates = updates;
    s.identity.hostname = format!("srv{n}").into();
    DeviceRecord {
        device_id: Uuid::from_u128(n),
        kind: DeviceKind::Server,
        first_seen: last_seen,
        last_seen,
        unreachable: None,
        report,
        linked: None,
        facts_fingerprint: None,
    }
}

fn known(pending: u32, security: Option<u32>) -> Updates {
    Updates::Known {
        pending,
        security,
        packages: vec![],
        packages_truncated: false,
        source: "test".into(),
        checked_at: None,
    }
}

#[test]
fn summary_counts_and_buckets() {
    let now = Utc::now();
    let records = [
        record(1, Some("A"), PlatformKind::Physical, known(0, Some(0)), now),
        record(2, Some("A"), PlatformKind::Virtual, known(3, Some(1)), now),
        record(3, Some("B"), PlatformKind::Virtual, known(2, None), now - Duration::days(10)),
        record(4, None, PlatformKind::Virtual, Updates::Unknown { reason: "apt timed out".into() }, now),
    ];
    let rows: Vec<DeviceRow> = records.iter().map(|r| row(r, now, Duration::days(7))).collect();
    let s = summary(&rows, now, 7);
    assert_eq!((s.servers.total, s.servers.physical, s.servers.r#virtual), (4, 1, 3));
    let a = s.by_department.iter().find(|g| g.key.as_deref() == Some("A")).unwrap();
    assert_eq!((a.counts.total, a.counts.physical), (2, 1));
    assert!(s.by_department.iter().any(|g| g.key.is_none() && g.counts.total == 1), "unassigned is kept");
    assert_eq!(s.patch_status["up_to_date"], 1);
    assert_eq!(s.patch_status["security"], 1);
    assert_eq!(s.patch_status["pending"], 1);
    assert_eq!(s.patch_status["unknown"], 1, "unknown is not counted as up to date");
    assert_eq!(s.stale_agents.len(), 1);
    assert_eq!(s.stale_agents[0].hostname, "srv3");
    assert!(rows[2].stale);
}

#[test]
fn filters() {
    let now = Utc::now();
    let r = row(
        &record(1, Some("Socialförvaltningen"), PlatformKind::Physical, known(0, None), now),
        now,
        Duration::days(7),
    );
    assert!(Filter { department: Some("SOCIALFÖRVALTNINGEN".into()), ..Filter::default() }.matches(&r));
    assert!(Filter { text: Some("POWEREDGE".into()), ..Filter::default() }.matches(&r));
    assert!(Filter { site: Some("dc-norra".into()), ..Filter::default() }.matches(&r));
    assert!(!Filter { site: Some("dc-södra".into()), ..Filter::default() }.matches(&r));
    assert!(!Filter { text: Some("cisco".into()), ..Filter::default() }.matches(&r));
}
