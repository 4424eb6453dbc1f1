use arsring_protocol::{Device, example_report};
use chrono::{Duration, Utc};
use uuid::Uuid;

use super::effect_of;
use crate::store::{DeviceRecord, Sender};

fn sender() -> Sender {
    Sender { by: "cred_0123456789ab".into(), bind_to: None }
}

/// The changes a report makes after `previous`, once with the fingerprint the record was
/// stored with and once as a record read back from disk (no fingerprint): always the same.
fn changes(previous: &DeviceRecord, report: &arsring_protocol::Report) -> Vec<String> {
    let now = report.collected_at + Duration::seconds(1);
    let mut read_back = previous.clone();
    read_back.facts_fingerprint = None;
    let [kept, listed] = [previous, &read_back].map(|p| {
        let effect = effect_of(Some(p), report.clone(), now, &sender());
        effect.history.map(|h| h.changes.into_iter().map(|c| c.field).collect::<Vec<_>>()).unwrap_or_default()
    });
    assert_eq!(kept, listed, "the fingerprint decides as listing the facts does");
    kept
}

#[test]
fn a_device_whose_facts_did_not_change_gets_no_history_with_or_without_a_fingerprint() {
    let at = Utc::now() - Duration::hours(2);
    let first = example_report(Uuid::from_u128(1), Uuid::from_u128(2), at);
    let stored = effect_of(None, first.clone(), at, &sender()).record;
    assert!(stored.facts_fingerprint.is_some(), "a new record carries its facts' fingerprint");

    let mut same = first.clone();
    same.report_id = Uuid::from_u128(3);
    same.collected_at = at + Duration::hours(1);
    let Device::Server(s) = &mut same.device else { unreachable!() };
    s.utilisation.cpu_busy_ratio = Some(0.9);
    assert_eq!(changes(&stored, &same), Vec::<String>::new());

    let mut upgraded = same.clone();
    let Device::Server(s) = &mut upgraded.device else { unreachable!() };
    s.os.kernel = Some("6.1.0-30-amd64".into());
    s.tags.extra.insert("service".into(), "e-tjänster".into());
    assert_eq!(changes(&stored, &upgraded), ["os.kernel", "tags.extra.service"]);
}

#[test]
fn facts_listed_in_another_order_bring_no_history() {
    let at = Utc::now() - Duration::hours(2);
    let mut first = example_report(Uuid::from_u128(1), Uuid::from_u128(2), at);
    let Device::Server(s) = &mut first.device else { unreachable!() };
    let mut second = s.hardware.disks[0].clone();
    second.name = "sdb".into();
    s.hardware.disks.push(second);
    let stored = effect_of(None, first.clone(), at, &sender()).record;

    let mut reordered = first.clone();
    reordered.report_id = Uuid::from_u128(3);
    reordered.collected_at = at + Duration::hours(1);
    let Device::Server(s) = &mut reordered.device else { unreachable!() };
    s.hardware.disks.reverse();
    assert_eq!(changes(&stored, &reordered), Vec::<String>::new());
}
