use super::*;
use crate::sample;
use crate::store::Sender;

#[tokio::test]
async fn kept_facts_serve_until_the_fleet_or_the_registers_change() {
    let now = Utc::now();
    let reports = sample::fleet(5, 2, 8, now - chrono::Duration::hours(2));
    let (_dir, app) = crate::app::holding(&reports, now).await;
    let first = fleet(&app).unwrap();
    assert_eq!(first.len(), 5, "servers only");
    assert!(Arc::ptr_eq(&first, &fleet(&app).unwrap()), "nothing changed: the same facts");

    let mut moved = sample::again(&reports[0], now - chrono::Duration::minutes(1));
    let arsring_protocol::Device::Server(s) = &mut moved.device else { panic!("a server") };
    s.tags.department = Some("Kultur och fritid".into());
    app.store.ingest(moved, now, Sender::operator("test")).await.unwrap();
    let second = fleet(&app).unwrap();
    assert!(!Arc::ptr_eq(&first, &second));
    *app.charge_facts.0.lock().unwrap() = None;
    assert_eq!(*second, *fleet(&app).unwrap(), "the same as made afresh");
    let changed = second.iter().find(|f| f.device_id == reports[0].device_id()).unwrap();
    assert_eq!(changed.tag_timeline.last().and_then(|(_, d)| d.as_deref()), Some("Kultur och fritid"));

    let kept = fleet(&app).unwrap();
    app.registers.update(|r| r.assets = Default::default());
    assert!(!Arc::ptr_eq(&kept, &fleet(&app).unwrap()), "a new register snapshot makes them again");
}
