use super::*;
use crate::sample;
use crate::store::Sender;

fn department(report: &mut arsring_protocol::Report, to: &str) {
    let arsring_protocol::Device::Server(s) = &mut report.device else { panic!("a server") };
    s.tags.department = Some(to.into());
}

/// What reading every history afresh gives.
fn from_scratch(app: &AppState, records: &[&Arc<DeviceRecord>]) -> Vec<Timeline> {
    let ids: Vec<Uuid> = records.iter().map(|r| r.device_id).collect();
    app.store.histories_of(&ids).unwrap().iter().map(|h| department_timeline(h)).collect()
}

#[tokio::test]
async fn a_timeline_is_read_again_exactly_when_its_device_changed() {
    let now = chrono::Utc::now();
    let fleet = sample::fleet(6, 0, 3, now - chrono::Duration::hours(3));
    let (_dir, app) = crate::app::holding(&fleet, now - chrono::Duration::hours(2)).await;
    let records = app.store.devices();
    let read = timelines(&app, &records.iter().collect::<Vec<_>>()).unwrap();
    let first: std::collections::HashMap<Uuid, Arc<Timeline>> = records.iter().map(|r| r.device_id).zip(read).collect();

    // Server 0 moves to another department; server 1 sends a late report from before its
    // last one (it changes nothing stored as latest, and adds no history).
    let mut moved = sample::again(&fleet[0], now - chrono::Duration::minutes(5));
    department(&mut moved, "Kultur och fritid");
    let mut late = sample::again(&fleet[1], now - chrono::Duration::hours(5));
    department(&mut late, "Socialtjänst");
    app.store.ingest(moved, now, Sender::operator("test")).await.unwrap();
    app.store.ingest(late, now, Sender::operator("test")).await.unwrap();

    let records = app.store.devices();
    let records: Vec<&Arc<DeviceRecord>> = records.iter().collect();
    let second = timelines(&app, &records).unwrap();
    let fresh = from_scratch(&app, &records);
    assert_eq!(second.iter().map(|t| (**t).clone()).collect::<Vec<_>>(), fresh, "the same as reading every history");
    let at = |id: Uuid| records.iter().position(|r| r.device_id == id).unwrap();
    let moved = at(fleet[0].device_id());
    assert_eq!(second[moved].last().map(|(_, to)| to.as_deref()), Some(Some("Kultur och fritid")));
    for (i, record) in records.iter().enumerate() {
        let kept = Arc::ptr_eq(&first[&record.device_id], &second[i]);
        assert_eq!(kept, i != moved, "{}: read again only if it changed", record.device_id);
    }
}
