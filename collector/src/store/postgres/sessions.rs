//! Dashboard sessions in PostgreSQL, by the SHA-256 of their cookie: a session opened
//! through one collector works through every other (a load balancer needs no sticky
//! sessions). A session found is held in memory for a moment ([`FRESH`]), so the requests
//! of one page do not each ask the database; closing it tells the other collectors
//! (NOTIFY `session <hash>`), who drop it at once. A revoked token ends its sessions through
//! the tokens, which are checked on every use.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tokio_postgres::types::Json;

use super::access::{PgAccess, notify};
use crate::sessions::Session;
use crate::store::access::SessionBackend;

/// How long a session read from the database is used without asking again: the longest a
/// log-out can go unseen by a collector whose notifications were lost.
pub const FRESH: Duration = Duration::from_secs(10);

/// Sessions read lately, each with when it was read.
#[derive(Default)]
pub struct SessionCache {
    entries: HashMap<String, (Session, Instant)>,
    /// Bumped by each forgetting: a session read before a log-out and remembered after it
    /// would otherwise come back.
    epoch: u64,
}

impl SessionCache {
    /// The session under `key`, if it was read less than [`FRESH`] before `now`.
    pub fn fresh(&self, key: &str, now: Instant) -> Option<Session> {
        let (session, read) = self.entries.get(key)?;
        (now.saturating_duration_since(*read) < FRESH).then(|| session.clone())
    }

    /// The epoch to pass to [`SessionCache::remember`] for a read starting now.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Holds `session`, read at `now` in a read that started at `epoch`, unless something
    /// was forgotten since. Entries no longer fresh go.
    pub fn remember(&mut self, key: &str, session: Session, now: Instant, epoch: u64) {
        self.entries.retain(|_, (_, read)| now.saturating_duration_since(*read) < FRESH);
        if epoch == self.epoch {
            self.entries.insert(key.to_string(), (session, now));
        }
    }

    pub fn forget(&mut self, key: &str) {
        self.entries.remove(key);
        self.epoch += 1;
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.epoch += 1;
    }
}

impl SessionBackend for PgAccess {
    fn put(&self, key: &str, session: &Session) -> anyhow::Result<()> {
        let epoch = self.session_cache().epoch();
        let (id, stored) = (key.to_string(), session.clone());
        self.wait(|db| async move {
            let mut client = db.client().await?;
            let saved = async {
                let tx = client.transaction().await?;
                tx.execute("DELETE FROM sessions WHERE expires_at < now()", &[]).await?;
                tx.execute(
                    "INSERT INTO sessions (id, session, expires_at) VALUES ($1, $2, $3)",
                    &[&id, &Json(&stored), &stored.expires()],
                )
                .await?;
                tx.commit().await
            };
            saved.await.map_err(|e| db.unavailable(e))
        })?;
        self.session_cache().remember(key, session.clone(), Instant::now(), epoch);
        Ok(())
    }

    fn get(&self, key: &str) -> anyhow::Result<Option<Session>> {
        let now = Instant::now();
        let epoch = {
            let cache = self.session_cache();
            if let Some(session) = cache.fresh(key, now) {
                return Ok(Some(session));
            }
            cache.epoch()
        };
        let id = key.to_string();
        let found = self.wait(|db| async move {
            let client = db.client().await?;
            let sql = "SELECT session FROM sessions WHERE id = $1 AND expires_at > now()";
            let row = client.query_opt(sql, &[&id]).await.map_err(|e| db.unavailable(e))?;
            Ok(row.map(|row| row.get::<_, Json<Session>>(0).0))
        })?;
        if let Some(session) = &found {
            self.session_cache().remember(key, session.clone(), now, epoch);
        }
        Ok(found)
    }

    fn remove(&self, key: &str) -> anyhow::Result<()> {
        self.session_cache().forget(key);
        let id = key.to_string();
        self.wait(|db| async move {
            let mut client = db.client().await?;
            let removed = async {
                let tx = client.transaction().await?;
                tx.execute("DELETE FROM sessions WHERE id = $1", &[&id]).await?;
                notify(&tx, &db.instance, &format!("session {id}")).await?;
                tx.commit().await
            };
            removed.await.map_err(|e| db.unavailable(e))
        })
    }
}

#[cfg(test)]
mod tests;
