//! Per-device credentials and which credential each device is bound to.
//!
//! An agent enrols once with the shared enrolment secret and gets a key of its own, bound to
//! its device; a poller gets a key that binds each device it reports first. A report is
//! stored only if its key is the one its device is bound to; the binding is checked by the
//! writer that stores the report (sled's single writer thread, PostgreSQL's transaction), so
//! two senders cannot both win. Only the
//! SHA-256 of a key is kept.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Engine, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// An agent reporting the server it runs on: bound to that one device.
    Agent,
    /// An SNMP or vSphere poller: binds the network devices, hosts and VMs it reports first.
    Poller,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialRecord {
    /// `cred_…`, shown in lists and on every history entry it wrote.
    pub id: String,
    /// Hex SHA-256 of the key (256 random bits: a plain hash suffices).
    pub hash: String,
    pub kind: CredentialKind,
    /// The host that enrolled, as it named itself.
    pub name: String,
    /// An agent's device.
    pub device_id: Option<Uuid>,
    /// The enrolment secret (token id) or administrator it was enrolled with.
    pub enrolled_with: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The credentials in memory: by hash for authentication, and the bindings.
#[derive(Default)]
pub(super) struct Credentials {
    pub(super) all: BTreeMap<String, CredentialRecord>,
    by_hash: HashMap<String, String>,
    pub(super) bindings: HashMap<Uuid, String>,
}

impl Credentials {
    pub(super) fn put(&mut self, record: CredentialRecord) {
        self.by_hash.retain(|_, id| *id != record.id);
        if record.revoked_at.is_none() {
            self.by_hash.insert(record.hash.clone(), record.id.clone());
        }
        self.all.insert(record.id.clone(), record);
    }
}

/// What an enrolment did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Enrolment {
    Enrolled,
    /// The device is bound to another credential; only an administrator can reset it.
    AlreadyBound {
        credential: String,
    },
}

impl Store {
    /// The active credential whose key hashes to `hash`. With PostgreSQL, a key not known
    /// here is looked up in the database: another collector may have enrolled it a moment
    /// ago, before its notification arrived (an agent refused with 401 forgets its key).
    pub fn credential_by_hash(&self, hash: &str) -> Option<CredentialRecord> {
        let known = {
            let creds = self.cache.credentials.read().ok()?;
            creds.by_hash.get(hash).and_then(|id| creds.all.get(id)).cloned()
        };
        match (&self.engine, known) {
            (_, Some(record)) => Some(record),
            (Engine::Sled(_), None) => None,
            (Engine::Postgres(engine), None) => engine.credential_by_hash(hash).unwrap_or_else(|err| {
                tracing::warn!(error = %format!("{err:#}"), "looking up a device key in PostgreSQL");
                None
            }),
        }
    }

    pub fn credentials(&self) -> Vec<CredentialRecord> {
        self.cache.credentials.read().map(|c| c.all.values().cloned().collect()).unwrap_or_default()
    }

    /// How many devices are bound to a credential.
    pub fn bound_devices(&self, credential: &str) -> usize {
        self.cache.credentials.read().map(|c| c.bindings.values().filter(|b| *b == credential).count()).unwrap_or(0)
    }

    /// The credential a device is bound to.
    pub fn binding(&self, device: Uuid) -> Option<String> {
        self.cache.binding(device)
    }

    /// Stores a new credential; an agent's is bound to its device unless that device is
    /// bound already.
    pub async fn enrol(&self, record: CredentialRecord) -> anyhow::Result<Enrolment> {
        match &self.engine {
            Engine::Sled(engine) => engine.enrol(record).await,
            Engine::Postgres(engine) => engine.enrol(record).await,
        }
    }

    /// Revokes a credential at once; with `release`, the devices bound to it may be
    /// claimed by another. `None` when there is no such credential.
    pub async fn revoke_credential(
        &self,
        id: &str,
        release: bool,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<CredentialRecord>> {
        match &self.engine {
            Engine::Sled(engine) => engine.revoke(id, release, now).await,
            Engine::Postgres(engine) => engine.revoke(id, release, now).await,
        }
    }

    /// Unbinds a device and revokes the agent key it was bound to, so a reinstalled server
    /// can enrol again. The credential it was bound to, if any.
    pub async fn reset_identity(&self, device: Uuid, now: DateTime<Utc>) -> anyhow::Result<Option<String>> {
        match &self.engine {
            Engine::Sled(engine) => engine.reset(device, now).await,
            Engine::Postgres(engine) => engine.reset(device, now).await,
        }
    }
}

#[cfg(test)]
mod tests;
