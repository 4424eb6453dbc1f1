use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Utc;

use super::Writer;
use crate::sample;
use crate::store::sled::commit::Arrival;
use crate::store::{Ingested, Sender};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_report_is_answered_once_stored_and_a_change_keeps_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let tables = Arc::new(super::super::open::tables(dir.path()).unwrap());
    let writer = Writer::start(tables.clone()).unwrap();
    let now = Utc::now();
    let fleet = sample::fleet(60, 20, 7, now - chrono::Duration::hours(1));
    let seen_by_change = Arc::new(AtomicUsize::new(usize::MAX));
    let (before, after) = fleet.split_at(50);
    let send = |reports: &[arsring_protocol::Report]| {
        let arrival = |r: &arsring_protocol::Report| Arrival::new(r.clone(), now, Sender::operator("test")).unwrap();
        reports.iter().map(|r| writer.ingest(arrival(r))).collect::<Vec<_>>()
    };
    // Queued in this order (join! and join_all poll in order, and each send queues at its
    // first poll): the change must see exactly the 50 reports before it, whatever the
    // groups the writer made of them.
    let seen = seen_by_change.clone();
    let change = writer.apply(Box::new(move |tables| {
        seen.store(tables.devices.len(), Ordering::SeqCst);
        Ok(())
    }));
    let (first, changed, second) =
        tokio::join!(futures::future::join_all(send(before)), change, futures::future::join_all(send(after)));
    changed.unwrap();
    assert_eq!(seen_by_change.load(Ordering::SeqCst), 50);
    for outcome in first.into_iter().chain(second) {
        assert!(matches!(outcome.unwrap(), Ingested::Stored { .. }));
    }
    assert_eq!(tables.devices.len(), 80);
    assert_eq!(tables.reports.len(), 80);
}
