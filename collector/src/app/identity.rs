//! Who may report what: enrolment (the shared enrolment secret buys one key per device or
//! poller), the rule each report is checked against, revocation, and resetting a device's
//! identity. Keys are 256-bit random; only their SHA-256 is stored.

use arsring_protocol::{Device, DeviceKind, Report};
use chrono::Utc;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{AppState, Error, Result};
use crate::audit::Event;
use crate::store::Sender;
use crate::store::credentials::{CredentialKind, CredentialRecord, Enrolment};

/// How every device key begins. Tokens begin `ars_` (`tokens::looks_like_token`), so a
/// presented secret with this prefix is looked up among device keys alone.
pub const KEY_PREFIX: &str = "arsk_";

/// Who posts a report, as authentication found them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reporter {
    /// An enrolled agent: its own server only.
    Agent { credential: String, device_id: Uuid },
    /// An enrolled poller: network devices, ESXi hosts and VMs, each bound to the poller
    /// that reports it first.
    Poller { credential: String },
    /// An administrator (an admin token or the admin socket): any device, on record.
    Admin { name: String },
}

/// What a reporter may send, decided before anything is stored; the binding of a device to
/// a credential is then checked by the store, atomically with storing.
pub fn sender(reporter: &Reporter, report: &Report) -> Result<Sender> {
    let device_id = report.device_id();
    match reporter {
        Reporter::Admin { name } => Ok(Sender { by: format!("admin: {name}"), bind_to: None }),
        Reporter::Agent { credential, device_id: own } => {
            if !matches!(report.device, Device::Server(_)) {
                let kind = report.device.kind().as_str();
                return Err(Error::Forbidden(format!("an agent key reports its own server, not a {kind}")));
            }
            if device_id != *own {
                return Err(Error::Forbidden(format!(
                    "this key was enrolled for device {own}; it cannot report device {device_id}"
                )));
            }
            Ok(Sender { by: credential.clone(), bind_to: Some(credential.clone()) })
        }
        Reporter::Poller { credential } => match report.device.kind() {
            DeviceKind::Network | DeviceKind::Hypervisor | DeviceKind::VirtualMachine => {
                Ok(Sender { by: credential.clone(), bind_to: Some(credential.clone()) })
            }
            DeviceKind::Server => Err(Error::Forbidden(
                "a poller key cannot report a server: the agent on it is the source of its facts".into(),
            )),
        },
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolRequest {
    pub kind: CredentialKind,
    /// An agent's device id (the one its reports carry); none for a poller.
    #[serde(default)]
    pub device_id: Option<Uuid>,
    /// The enrolling host's name, for lists and logs.
    pub name: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Enrolled {
    pub credential_id: String,
    /// Shown once; only its hash is kept.
    pub key: String,
}

fn random_hex(bytes: usize) -> Result<String> {
    let mut buf = vec![0u8; bytes];
    SystemRandom::new().fill(&mut buf).map_err(|_| Error::internal(anyhow::anyhow!("no system randomness")))?;
    Ok(hex::encode(buf))
}

/// Issues a key for a device or poller; `enrolled_with` names the secret or administrator.
pub async fn enrol(app: &AppState, request: EnrolRequest, enrolled_with: &str) -> Result<Enrolled> {
    let name = request.name.trim();
    if name.is_empty() || name.len() > 255 || name.chars().any(char::is_control) {
        return Err(Error::bad_input("name", "1 to 255 printable characters"));
    }
    match (request.kind, request.device_id) {
        (CredentialKind::Agent, None) => return Err(Error::bad_input("device_id", "an agent enrols for its device")),
        (CredentialKind::Agent, Some(id)) if id.is_nil() => {
            return Err(Error::bad_input("device_id", "not the nil UUID"));
        }
        (CredentialKind::Poller, Some(_)) => {
            return Err(Error::bad_input("device_id", "a poller enrols for no device"));
        }
        _ => {}
    }
    let key = format!("{KEY_PREFIX}{}", random_hex(32)?);
    let record = CredentialRecord {
        id: format!("cred_{}", random_hex(6)?),
        hash: crate::tokens::hash(&key),
        kind: request.kind,
        name: name.to_string(),
        device_id: request.device_id,
        enrolled_with: enrolled_with.to_string(),
        created_at: Utc::now(),
        revoked_at: None,
    };
    let id = record.id.clone();
    let event = |action: &str, detail: String| {
        let e = Event::new(enrolled_with, action, detail).credential(id.clone());
        match request.device_id {
            Some(d) => e.device(d),
            None => e,
        }
    };
    match app.store.enrol(record).await.map_err(Error::Internal)? {
        Enrolment::Enrolled => {
            app.record(event("enrol", format!("{:?} key for {name}", request.kind).to_lowercase()))?;
            Ok(Enrolled { credential_id: id, key })
        }
        Enrolment::AlreadyBound { credential } => {
            app.record(event("enrol.refused", format!("{name}: the device is bound to {credential}")))?;
            Err(Error::Conflict(format!(
                "device {} is enrolled already (credential {credential}); an administrator must reset its identity: \
             arsring-collector devices reset-identity {}",
                request.device_id.unwrap_or_default(),
                request.device_id.unwrap_or_default()
            )))
        }
    }
}

/// A credential as listed: never its hash.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CredentialView {
    pub id: String,
    pub kind: CredentialKind,
    pub name: String,
    pub device_id: Option<Uuid>,
    pub enrolled_with: String,
    pub created_at: chrono::DateTime<Utc>,
    pub revoked_at: Option<chrono::DateTime<Utc>>,
    /// Devices bound to it now.
    pub devices: usize,
}

pub fn credentials(app: &AppState) -> Vec<CredentialView> {
    let bound = |id: &str| app.store.bound_devices(id);
    app.store
        .credentials()
        .into_iter()
        .map(|c| CredentialView {
            devices: bound(&c.id),
            id: c.id,
            kind: c.kind,
            name: c.name,
            device_id: c.device_id,
            enrolled_with: c.enrolled_with,
            created_at: c.created_at,
            revoked_at: c.revoked_at,
        })
        .collect()
}

/// Revokes a credential at once. With `release`, the devices bound to it may be claimed by
/// another credential (a poller replaced by a new one).
pub async fn revoke(app: &AppState, id: &str, release: bool, by: &str) -> Result<CredentialRecord> {
    let record = app
        .store
        .revoke_credential(id, release, Utc::now())
        .await
        .map_err(Error::Internal)?
        .ok_or_else(|| Error::NotFound(format!("no credential {id:?}")))?;
    let detail = if release { "revoked; its devices released" } else { "revoked" };
    app.record(Event::new(by, "credential.revoke", detail).credential(id))?;
    Ok(record)
}

/// Unbinds a device (and revokes its agent key): a reinstalled server may enrol again.
pub async fn reset_identity(app: &AppState, device: Uuid, by: &str) -> Result<String> {
    let bound = app
        .store
        .reset_identity(device, Utc::now())
        .await
        .map_err(Error::Internal)?
        .ok_or_else(|| Error::NotFound(format!("device {device} is bound to no credential")))?;
    let event = Event::new(by, "identity.reset", format!("unbound from {bound}")).device(device).credential(&bound);
    app.record(event)?;
    Ok(bound)
}
