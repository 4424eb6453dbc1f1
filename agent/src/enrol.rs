//! The agent's own keys. The token in `agent.toml` is an enrolment secret shared by many
//! servers: with it the agent enrols once and gets a key of its own, bound to its device,
//! and (when it polls switches or vCenter) a poller key. Keys are kept 0600 in the state
//! directory and used for every report from then on; the secret can be rotated without
//! re-enrolling anyone.

use std::collections::HashMap;

use arsring_protocol::Report;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::deliver::{Client, Outcome, classify, error_message};
use crate::state::StateDir;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// Reports the server the agent runs on.
    Agent,
    /// Reports the switches, hosts and VMs the agent polls.
    Poller,
}

impl KeyKind {
    /// Which key a report is sent with.
    pub fn of(report: &Report) -> KeyKind {
        match report.device {
            arsring_protocol::Device::Server(_) => KeyKind::Agent,
            _ => KeyKind::Poller,
        }
    }

    /// The same for a spooled report's JSON.
    pub fn of_json(body: &[u8]) -> KeyKind {
        #[derive(Deserialize)]
        struct Kind {
            device: DeviceKind,
        }
        #[derive(Deserialize)]
        struct DeviceKind {
            kind: String,
        }
        match serde_json::from_slice::<Kind>(body) {
            Ok(k) if k.device.kind != "server" => KeyKind::Poller,
            _ => KeyKind::Agent,
        }
    }

    fn file(self) -> &'static str {
        match self {
            KeyKind::Agent => "key-agent.json",
            KeyKind::Poller => "key-poller.json",
        }
    }
}

/// A key as the collector issued it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Key {
    pub credential_id: String,
    pub key: String,
}

pub struct Keys {
    enroller: Client,
    state: StateDir,
    /// The name the agent enrols under (its host name).
    name: String,
    clients: tokio::sync::Mutex<HashMap<KeyKind, Client>>,
}

impl Keys {
    pub fn new(enroller: Client, state: StateDir, name: String) -> Keys {
        Keys { enroller, state, name, clients: tokio::sync::Mutex::new(HashMap::new()) }
    }

    /// A client that reports with the key of `kind`, enrolling first when there is none.
    /// `device_id` is the agent's own device (for an agent key).
    pub async fn client(&self, kind: KeyKind, device_id: Uuid) -> Result<Client, Outcome> {
        let mut clients = self.clients.lock().await;
        if let Some(client) = clients.get(&kind) {
            return Ok(client.clone());
        }
        let key = match self.state.read_secret::<Key>(kind.file()) {
            Some(key) => key,
            None => self.enrol(kind, device_id).await?,
        };
        let client = self.enroller.with_bearer(key.key);
        clients.insert(kind, client.clone());
        Ok(client)
    }

    /// Forgets a key the collector no longer accepts, so the next run enrols again (which
    /// an administrator must allow for a device that is bound to the old key).
    pub async fn forget(&self, kind: KeyKind) {
        self.clients.lock().await.remove(&kind);
        if let Err(err) = self.state.remove(kind.file()) {
            tracing::warn!(%err, "cannot remove a refused key");
        }
    }

    async fn enrol(&self, kind: KeyKind, device_id: Uuid) -> Result<Key, Outcome> {
        let request = serde_json::json!({
            "kind": kind,
            "device_id": (kind == KeyKind::Agent).then_some(device_id),
            "name": self.name,
        });
        let (status, body) = self
            .enroller
            .post_json("api/v1/enrol", request.to_string().into_bytes())
            .await
            .map_err(|reason| Outcome::Unavailable { reason })?;
        match status.as_u16() {
            200 => {
                let key: Key = serde_json::from_str(&body).map_err(|e| Outcome::Unavailable {
                    reason: format!("the collector's enrolment answer is not understood: {e}"),
                })?;
                self.state.write_secret(kind.file(), &key).map_err(|e| Outcome::Unavailable {
                    reason: format!("cannot keep the key in the state directory: {e}"),
                })?;
                tracing::info!(credential = %key.credential_id, ?kind, "enrolled with the collector");
                Ok(key)
            }
            409 => Err(Outcome::Refused { status: 409, message: error_message(&body) }),
            _ => match classify(status, &body) {
                Outcome::Stored | Outcome::Duplicate => {
                    Err(Outcome::Unavailable { reason: format!("unexpected enrolment answer {status}") })
                }
                other => Err(other),
            },
        }
    }
}
