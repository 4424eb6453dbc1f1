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
