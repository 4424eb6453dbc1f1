use chrono::Utc;

use super::*;
use crate::store::{Ingested, Sender};

fn record(id: &str, kind: CredentialKind, device: Option<Uuid>) -> CredentialRecord {
    CredentialRecord {
        id: id.into(),
        hash: crate::tokens::hash(&format!("key-of-{id}")),
        kind,
        name: format!("host-{id}"),
        device_id: device,
        enrolled_with: "tok_test".into(),
        created_at: Utc::now(),
        revoked_at: None,
    }
}

fn server(device: u128) -> arsring_protocol::Report {
    arsring_protocol::example_report(Uuid::new_v4(), Uuid::from_u128(device), Utc::now())
}

fn sent_by(id: &str) -> Sender {
    Sender { by: id.into(), bind_to: Some(id.into()) }
}

#[tokio::test]
async fn an_agent_key_is_bound_to_its_device_and_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let device = Uuid::from_u128(7);
    {
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(
            store.enrol(record("cred_a", CredentialKind::Agent, Some(device))).await.unwrap(),
            Enrolment::Enrolled
        );
        let again = store.enrol(record("cred_b", CredentialKind::Agent, Some(device))).await.unwrap();
        assert_eq!(again, Enrolment::AlreadyBound { credential: "cred_a".into() }, "never silently re-bound");
        assert!(store.credential_by_hash(&crate::tokens::hash("key-of-cred_b")).is_none());
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.binding(device).as_deref(), Some("cred_a"));
    let found = store.credential_by_hash(&crate::tokens::hash("key-of-cred_a")).unwrap();
    assert_eq!(found.device_id, Some(device));
}

#[tokio::test]
async fn a_device_is_reported_only_by_the_credential_it_is_bound_to() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let now = Utc::now();
    // A poller binds the device it reports first.
    let first = store.ingest(server(9), now, sent_by("cred_p1")).await.unwrap();
    assert!(matches!(first, Ingested::Stored { .. }));
    assert_eq!(store.binding(Uuid::from_u128(9)).as_deref(), Some("cred_p1"));
    let other = store.ingest(server(9), now, sent_by("cred_p2")).await.unwrap();
    assert_eq!(other, Ingested::Refused { device_id: Uuid::from_u128(9), bound_to: "cred_p1".into() });
    assert_eq!(store.report_count(), 1, "the refused report is not stored");
    // An operator may report any device; it is on record.
    let operator = store.ingest(server(9), now, Sender::operator("anna")).await.unwrap();
    assert!(matches!(operator, Ingested::Stored { .. }));
    let history = store.history(Uuid::from_u128(9)).unwrap();
    let by: Vec<Option<&str>> = history.iter().map(|h| h.by.as_deref()).collect();
    assert!(by.contains(&Some("cred_p1")) && by.contains(&Some("admin: anna")), "{by:?}");
}

#[tokio::test]
async fn revoking_and_resetting() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let device = Uuid::from_u128(3);
    store.enrol(record("cred_a", CredentialKind::Agent, Some(device))).await.unwrap();
    store.enrol(record("cred_p", CredentialKind::Poller, None)).await.unwrap();
    store.ingest(server(4), Utc::now(), sent_by("cred_p")).await.unwrap();

    let revoked = store.revoke_credential("cred_p", false, Utc::now()).await.unwrap().unwrap();
    assert!(revoked.revoked_at.is_some());
    assert!(store.credential_by_hash(&crate::tokens::hash("key-of-cred_p")).is_none(), "at once");
    assert_eq!(store.binding(Uuid::from_u128(4)).as_deref(), Some("cred_p"), "kept without release");
    store.revoke_credential("cred_p", true, Utc::now()).await.unwrap();
    assert_eq!(store.binding(Uuid::from_u128(4)), None, "released for another poller");
    assert_eq!(store.revoke_credential("cred_nope", false, Utc::now()).await.unwrap(), None);

    assert_eq!(store.reset_identity(device, Utc::now()).await.unwrap().as_deref(), Some("cred_a"));
    assert!(store.credential_by_hash(&crate::tokens::hash("key-of-cred_a")).is_none(), "the old key is revoked");
    let fresh = store.enrol(record("cred_c", CredentialKind::Agent, Some(device))).await.unwrap();
    assert_eq!(fresh, Enrolment::Enrolled, "a reinstalled server enrols again");
    assert_eq!(store.reset_identity(Uuid::from_u128(99), Utc::now()).await.unwrap(), None);
}
