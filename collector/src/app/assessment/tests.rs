use super::*;
use crate::sample;

fn sorted(value: &[Assessed]) -> Vec<String> {
    let mut rows: Vec<String> = value.iter().map(|a| format!("{a:?}")).collect();
    rows.sort();
    rows
}

/// What a cold collector would compute for the same store.
fn from_scratch(app: &AppState, today: NaiveDate) -> Vec<String> {
    *app.assessments.lock().unwrap() = None;
    sorted(&assessed(app, today).unwrap())
}

#[tokio::test]
async fn patched_in_place_equals_assessed_from_scratch() {
    let (_dir, app) = crate::app::temporary();
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let fleet = sample::fleet(30, 30, 5, now - chrono::Duration::hours(2));
    for r in &fleet {
        app.store.ingest(r.clone(), now, crate::store::Sender::operator("test")).await.unwrap();
    }
    let first = assessed(&app, today).unwrap();

    // New reports from a server and a switch: a new OS, a firmware upgrade.
    let mut server = sample::again(&fleet[0], now - chrono::Duration::minutes(5));
    let mut switch = sample::again(&fleet[45], now - chrono::Duration::minutes(5));
    let arsring_protocol::Device::Server(s) = &mut server.device else { panic!("a server") };
    s.os.id = Some("debian".into());
    s.os.version_id = Some("10".into());
    let arsring_protocol::Device::Network(n) = &mut switch.device else { panic!("a network device") };
    n.derived.serial = None;
    app.store.ingest(server, now, crate::store::Sender::operator("test")).await.unwrap();
    app.store.ingest(switch, now, crate::store::Sender::operator("test")).await.unwrap();

    let before = sorted(&first);
    let patched = {
        let mut cache = app.assessments.lock().unwrap();
        let c = cache.as_mut().unwrap();
        assert!(c.refresh(&app.store.devices()), "two changed devices are patched, not reassessed whole");
        c.value.clone()
    };
    assert_eq!(sorted(&first), before, "a reader's snapshot never changes under it");
    assert_ne!(sorted(&patched), before, "the changes show");
    assert_eq!(sorted(&patched), from_scratch(&app, today));
}

#[tokio::test]
async fn a_new_device_takes_a_full_assessment() {
    let (_dir, app) = crate::app::temporary();
    let now = chrono::Utc::now();
    let fleet = sample::fleet(5, 5, 5, now - chrono::Duration::hours(2));
    for r in &fleet[..9] {
        app.store.ingest(r.clone(), now, crate::store::Sender::operator("test")).await.unwrap();
    }
    let before = assessed(&app, now.date_naive()).unwrap().len();
    app.store.ingest(fleet[9].clone(), now, crate::store::Sender::operator("test")).await.unwrap();
    let after = assessed(&app, now.date_naive()).unwrap();
    assert!(after.len() > before);
    assert_eq!(sorted(&after), from_scratch(&app, now.date_naive()));
}
