//! Credentials in the sled engine: the `credentials` tree (id → record) and `bindings`
//! (device id → credential id), changed on the writer thread like everything else.

use anyhow::Context;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{SledEngine, Tables};
use crate::store::credentials::{CredentialKind, CredentialRecord, Credentials, Enrolment};

/// The credentials and bindings as stored.
pub(super) fn load(creds: &sled::Tree, bindings: &sled::Tree) -> anyhow::Result<Credentials> {
    let mut out = Credentials::default();
    for item in creds.iter() {
        let (_, value) = item?;
        let record: CredentialRecord = serde_json::from_slice(&value).context("corrupt credential")?;
        out.put(record);
    }
    for item in bindings.iter() {
        let (key, value) = item?;
        let device = Uuid::from_slice(&key).context("corrupt binding key")?;
        out.bindings.insert(device, String::from_utf8(value.to_vec()).context("corrupt binding")?);
    }
    Ok(out)
}

impl SledEngine {
    pub(in crate::store) async fn enrol(&self, record: CredentialRecord) -> anyhow::Result<Enrolment> {
        let (tx, rx) = std::sync::mpsc::channel();
        self.writer
            .apply(Box::new(move |tables: &Tables| {
                let _ = tx.send(tables.enrol(record)?);
                Ok(())
            }))
            .await?;
        rx.recv().context("enrolment outcome lost")
    }

    pub(in crate::store) async fn revoke(
        &self,
        id: &str,
        release: bool,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<CredentialRecord>> {
        let (tx, rx) = std::sync::mpsc::channel();
        let id = id.to_string();
        self.writer
            .apply(Box::new(move |tables: &Tables| {
                let _ = tx.send(tables.revoke(&id, release, now)?);
                Ok(())
            }))
            .await?;
        rx.recv().context("revocation outcome lost")
    }

    pub(in crate::store) async fn reset(&self, device: Uuid, now: DateTime<Utc>) -> anyhow::Result<Option<String>> {
        let (tx, rx) = std::sync::mpsc::channel();
        self.writer
            .apply(Box::new(move |tables: &Tables| {
                let _ = tx.send(tables.reset(device, now)?);
                Ok(())
            }))
            .await?;
        rx.recv().context("reset outcome lost")
    }
}

impl Tables {
    fn save(&self, record: &CredentialRecord) -> anyhow::Result<()> {
        self.credentials_tree.insert(record.id.as_bytes(), serde_json::to_vec(record)?)?;
        Ok(())
    }

    fn enrol(&self, record: CredentialRecord) -> anyhow::Result<Enrolment> {
        let mut creds = self.cache.credentials.write().map_err(|_| anyhow::anyhow!("credentials poisoned"))?;
        if let Some(device) = record.device_id {
            if let Some(bound) = creds.bindings.get(&device) {
                return Ok(Enrolment::AlreadyBound { credential: bound.clone() });
            }
            self.bindings.insert(device.as_bytes(), record.id.as_bytes())?;
            creds.bindings.insert(device, record.id.clone());
        }
        self.save(&record)?;
        creds.put(record);
        Ok(Enrolment::Enrolled)
    }

    fn revoke(&self, id: &str, release: bool, now: DateTime<Utc>) -> anyhow::Result<Option<CredentialRecord>> {
        let mut creds = self.cache.credentials.write().map_err(|_| anyhow::anyhow!("credentials poisoned"))?;
        let Some(mut record) = creds.all.get(id).cloned() else { return Ok(None) };
        record.revoked_at.get_or_insert(now);
        self.save(&record)?;
        if release {
            let released: Vec<Uuid> = creds.bindings.iter().filter(|(_, c)| *c == id).map(|(d, _)| *d).collect();
            for device in released {
                self.bindings.remove(device.as_bytes())?;
                creds.bindings.remove(&device);
            }
        }
        creds.put(record.clone());
        Ok(Some(record))
    }

    fn reset(&self, device: Uuid, now: DateTime<Utc>) -> anyhow::Result<Option<String>> {
        let mut creds = self.cache.credentials.write().map_err(|_| anyhow::anyhow!("credentials poisoned"))?;
        let Some(bound) = creds.bindings.remove(&device) else { return Ok(None) };
        self.bindings.remove(device.as_bytes())?;
        if let Some(record) = creds.all.get(&bound).cloned()
            && record.kind == CredentialKind::Agent
        {
            let revoked = CredentialRecord { revoked_at: Some(record.revoked_at.unwrap_or(now)), ..record };
            self.save(&revoked)?;
            creds.put(revoked);
        }
        Ok(Some(bound))
    }
}
