use super::*;
use arsring_protocol::example_report;
use chrono::Utc;
use uuid::Uuid;

#[test]
fn kernel_upgrade_and_tag_change_are_recorded_utilisation_is_not() {
    let old = example_report(Uuid::from_u128(1), Uuid::from_u128(2), Utc::now());
    let mut new = old.clone();
    let Device::Server(s) = &mut new.device else { unreachable!() };
    s.os.kernel = Some("6.1.0-30-amd64".into());
    s.tags.site = None;
    s.utilisation.cpu_busy_ratio = Some(0.9);
    let changes = diff(&facts(&old), &facts(&new));
    assert_eq!(
        changes,
        vec![
            Change {
                field: "os.kernel".into(),
                from: Some("6.1.0-28-amd64".into()),
                to: Some("6.1.0-30-amd64".into())
            },
            Change { field: "tags.site".into(), from: Some("dc-norra".into()), to: None },
        ]
    );
}

#[test]
fn the_fingerprint_follows_every_fact_and_only_facts() {
    let at = Utc::now();
    let (r, d) = (Uuid::from_u128(1), Uuid::from_u128(2));
    for report in [
        example_report(r, d, at),
        arsring_protocol::example_vm_report(r, d, at),
        arsring_protocol::example_host_report(r, d, at),
    ] {
        let mut later = report.clone();
        later.report_id = Uuid::from_u128(3);
        later.collected_at = at + chrono::Duration::hours(1);
        assert_eq!(fingerprint(&later), fingerprint(&report), "only the facts count");
        let mut upgraded = report.clone();
        upgraded.agent.version.push_str("-1");
        assert_ne!(fingerprint(&upgraded), fingerprint(&report));
    }
}

#[test]
fn where_one_fact_ends_and_the_next_begins_is_part_of_the_fingerprint() {
    let report = example_report(Uuid::from_u128(1), Uuid::from_u128(2), Utc::now());
    let with_tag = |key: &str, value: &str| {
        let mut r = report.clone();
        let Device::Server(s) = &mut r.device else { unreachable!() };
        s.tags.extra.insert(key.into(), value.into());
        r
    };
    let (a, b) = (with_tag("ab", "c"), with_tag("a", "bc"));
    assert_ne!(facts(&a), facts(&b));
    assert_ne!(fingerprint(&a), fingerprint(&b));
}

#[test]
fn disks_listed_in_another_order_are_the_same_facts() {
    let report = example_report(Uuid::from_u128(1), Uuid::from_u128(2), Utc::now());
    let mut two = report.clone();
    let Device::Server(s) = &mut two.device else { unreachable!() };
    let mut second = s.hardware.disks[0].clone();
    second.name = "sdb".into();
    s.hardware.disks.push(second);
    let mut swapped = two.clone();
    let Device::Server(s) = &mut swapped.device else { unreachable!() };
    s.hardware.disks.reverse();
    assert_eq!(diff(&facts(&two), &facts(&swapped)), vec![]);
    assert_ne!(fingerprint(&two), fingerprint(&report));
}

#[test]
fn a_network_devices_new_lldp_chassis_id_is_a_change() {
    let old = crate::sample::fleet(0, 1, 3, Utc::now()).remove(0);
    let mut new = old.clone();
    let Device::Network(n) = &mut new.device else { unreachable!() };
    let local = n.lldp_local.as_mut().expect("the sample switch gives its LLDP identity");
    let before = local.chassis_id.replace("00:1b:54:aa:bb:cc".into());
    let changes = diff(&facts(&old), &facts(&new));
    let want = Change { field: "lldp.chassis_id".into(), from: before, to: Some("00:1b:54:aa:bb:cc".into()) };
    assert_eq!(changes, vec![want]);
    assert_ne!(fingerprint(&old), fingerprint(&new));
}
