use super::*;
use crate::sample;
use crate::store::Sender;

#[tokio::test]
async fn kept_rows_equal_rows_made_afresh_at_any_time() {
    let (_dir, app) = crate::app::temporary();
    let now = Utc::now();
    // Received over five days, so the rows turn stale one after another.
    for (n, r) in sample::fleet(5, 5, 9, now - Duration::days(6)).into_iter().enumerate() {
        let received = now - Duration::days(6) + Duration::hours(12 * n as i64);
        app.store.ingest(r, received, Sender::operator("test")).await.unwrap();
    }
    let fleet = fleet(&app);
    let stale_after = Duration::days(1);
    let afresh =
        |at: DateTime<Utc>| -> Vec<DeviceRow> { fleet.records.iter().map(|r| row(r, at, stale_after)).collect() };
    let mut stale_counts = Vec::new();
    // Forward in steps of an hour, then back in time (a clock set back), then another threshold.
    let times: Vec<DateTime<Utc>> =
        (0..150).map(|h| now - Duration::days(6) + Duration::hours(h)).chain([now - Duration::days(5), now]).collect();
    for at in times {
        let kept = fleet.rows(at, stale_after);
        assert_eq!(*kept, afresh(at), "at {at}");
        stale_counts.push(kept.iter().filter(|r| r.stale).count());
    }
    assert!(stale_counts.windows(2).any(|w| w[0] != w[1]), "the walk crossed rows turning stale: {stale_counts:?}");
    let other = fleet.rows(now, Duration::days(30));
    assert_eq!(*other, fleet.records.iter().map(|r| row(r, now, Duration::days(30))).collect::<Vec<_>>());
    assert!(Arc::ptr_eq(&fleet.rows(now, Duration::days(30)), &other), "kept while nothing changes");
}

#[tokio::test]
async fn the_topology_is_kept_while_no_network_device_nor_server_name_changes() {
    let now = Utc::now();
    let reports = sample::fleet(3, 8, 2, now - Duration::hours(2));
    let (_dir, app) = crate::app::holding(&reports, now).await;
    let before = fleet(&app);
    let again = |r: &arsring_protocol::Report| sample::again(r, now - Duration::minutes(1));
    app.store.ingest(again(&reports[0]), now, Sender::operator("test")).await.unwrap();
    let after_server = fleet(&app);
    assert!(!Arc::ptr_eq(&before, &after_server), "a new fleet for the new record");
    assert!(Arc::ptr_eq(&before.topology, &after_server.topology), "a server's report leaves the links as they were");

    let mut switch = again(&reports[5]);
    let arsring_protocol::Device::Network(n) = &mut switch.device else { panic!("a network device") };
    n.neighbours.truncate(1);
    app.store.ingest(switch, now, Sender::operator("test")).await.unwrap();
    let after_switch = fleet(&app);
    assert!(!Arc::ptr_eq(&after_server.topology, &after_switch.topology), "a switch's report makes them again");
    let afresh = crate::inventory::topology::topology(&after_switch.records);
    for r in &after_switch.records {
        assert_eq!(after_switch.topology.of(r.device_id), afresh.of(r.device_id), "{}", r.device_id);
    }

    // A server renamed may now be a switch's neighbour: the links are made again.
    let mut renamed = again(&reports[1]);
    let arsring_protocol::Device::Server(s) = &mut renamed.device else { panic!("a server") };
    s.identity.hostname = "renamed-01".into();
    app.store.ingest(renamed, now, Sender::operator("test")).await.unwrap();
    let after_rename = fleet(&app);
    assert!(!Arc::ptr_eq(&after_switch.topology, &after_rename.topology), "a server's new name makes them again");
}

#[tokio::test]
async fn rows_kept_from_an_earlier_fleet_equal_rows_made_afresh() {
    let now = Utc::now();
    let reports = sample::fleet(4, 4, 6, now - Duration::hours(3));
    let (_dir, app) = crate::app::holding(&reports, now - Duration::hours(2)).await;
    let stale_after = Duration::days(1);
    let first = fleet(&app);
    first.rows(now, stale_after);
    // Two reports in a row, the second fleet's rows never asked for: the third still starts
    // from the first's rows, and takes the changed records' rows afresh.
    for (n, i) in [0usize, 5].into_iter().enumerate() {
        let r = sample::again(&reports[i], now - Duration::minutes(10 - n as i64));
        app.store.ingest(r, now, Sender::operator("test")).await.unwrap();
        fleet(&app);
    }
    let third = fleet(&app);
    assert!(!Arc::ptr_eq(&first, &third));
    let afresh: Vec<DeviceRow> = third.records.iter().map(|r| row(r, now, stale_after)).collect();
    assert_eq!(*third.rows(now, stale_after), afresh);
    let later = now + Duration::days(2);
    let afresh_later: Vec<DeviceRow> = third.records.iter().map(|r| row(r, later, stale_after)).collect();
    assert_eq!(*third.rows(later, stale_after), afresh_later, "rows past their time are made again");
}
