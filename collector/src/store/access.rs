//! Who may use the collector and what was done with it: the API tokens, the dashboard
//! sessions and the audit log, kept by the store's engine so the application does not care
//! which one it is.
//!
//! - The embedded engine keeps them in files beside sled (`tokens.json`, `sessions.json`,
//!   `audit.jsonl`; the code is in `crate::tokens`, `crate::sessions`, `crate::audit`): sled
//!   locks its directory for one process, and `token create` must work while the collector
//!   runs.
//! - PostgreSQL keeps them in tables (`migrations/V2__…`), shared by every collector of the
//!   database (`postgres::PgAccess`): a token created through one works on all, a session
//!   opened through one works through the others, and all changes land in one audit log.
//!
//! Each is a small trait, implemented by the files and by PostgreSQL.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::postgres::{PgAccess, PgSettings};
use super::{Engine, Store};
use crate::audit::{AuditLog, Event, Filter};
use crate::sessions::{Session, Sessions};
use crate::tokens::{TokenRecord, TokenStore};

/// A token asked for by what identifies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKey<'a> {
    /// The hex SHA-256 of the token.
    Hash(&'a str),
    /// `tok_…`.
    Id(&'a str),
}

/// Where API tokens are kept. `TokenStore` keeps the unrevoked ones in memory for
/// authentication and reads them again whenever `version` changes.
pub trait TokenBackend: Send + Sync {
    /// Every token, revoked ones included, oldest first.
    fn list(&self) -> anyhow::Result<Vec<TokenRecord>>;
    /// Stores a new token durably.
    fn add(&self, record: &TokenRecord) -> anyhow::Result<()>;
    /// Revokes the unrevoked tokens whose id or name is `which`; how many.
    fn revoke(&self, which: &str, now: DateTime<Utc>) -> anyhow::Result<usize>;
    /// Cheap to read, and different whenever the tokens may have changed (a file's stamp, a
    /// count of changes announced); `None` when that cannot be told: read them again.
    fn version(&self) -> Option<u64>;
    /// A token that is not among those read last: a store shared with other collectors may
    /// hold one they created a moment ago, not yet announced. Files are read whenever they
    /// change, so what was read is all there is.
    fn find(&self, _key: TokenKey<'_>) -> anyhow::Result<Option<TokenRecord>> {
        Ok(None)
    }
}

/// Where dashboard sessions are kept, by the SHA-256 of their id (`key`).
pub trait SessionBackend: Send + Sync {
    fn put(&self, key: &str, session: &Session) -> anyhow::Result<()>;
    fn get(&self, key: &str) -> anyhow::Result<Option<Session>>;
    fn remove(&self, key: &str) -> anyhow::Result<()>;
}

/// Where the audit log is kept. `append` returns once the event is durable: a change is
/// answered only after it is on record.
pub trait AuditBackend: Send + Sync {
    fn append(&self, event: &Event) -> anyhow::Result<()>;
    /// The events that match, newest first, at most `limit`.
    fn read(&self, filter: &Filter, limit: usize) -> anyhow::Result<Vec<Event>>;
}

/// The tokens, the sessions and the audit log of one collector.
pub struct Access {
    pub tokens: TokenStore,
    pub sessions: Sessions,
    pub audit: AuditLog,
}

/// Whether dashboard sessions are kept (a serving collector) or only held in memory (the
/// command line, which must never rewrite a dashboard's sessions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionsKept {
    Kept,
    InMemory,
}

impl Access {
    /// For the command line: the tokens and the audit log where the collector keeps them,
    /// without opening the inventory (a running collector holds sled's lock, and loading
    /// every device from PostgreSQL to create a token would be a waste).
    pub fn open(data_dir: &Path, store: Option<&PgSettings>) -> anyhow::Result<Access> {
        match store {
            None => Access::files(data_dir, SessionsKept::InMemory),
            Some(settings) => Access::postgres(PgAccess::open(settings.clone())?, SessionsKept::InMemory),
        }
    }

    /// The files in `data_dir`, beside the embedded store.
    fn files(data_dir: &Path, sessions: SessionsKept) -> anyhow::Result<Access> {
        Ok(Access {
            tokens: TokenStore::open(data_dir)?,
            sessions: match sessions {
                SessionsKept::Kept => Sessions::at(data_dir),
                SessionsKept::InMemory => Sessions::default(),
            },
            audit: AuditLog::at(data_dir),
        })
    }

    /// The tables of a PostgreSQL store.
    fn postgres(db: Arc<PgAccess>, sessions: SessionsKept) -> anyhow::Result<Access> {
        Ok(Access {
            tokens: TokenStore::kept_in(db.clone())?,
            sessions: match sessions {
                SessionsKept::Kept => Sessions::kept_in(db.clone()),
                SessionsKept::InMemory => Sessions::default(),
            },
            audit: AuditLog::kept_in(db),
        })
    }
}

impl Store {
    /// The tokens, sessions and audit log kept with this store: the files in `data_dir`
    /// beside sled, or the tables of PostgreSQL (followed as other collectors change them).
    pub fn access(&self, data_dir: &Path, sessions: SessionsKept) -> anyhow::Result<Access> {
        match &self.engine {
            Engine::Sled(_) => Access::files(data_dir, sessions),
            Engine::Postgres(engine) => Access::postgres(engine.access(), sessions),
        }
    }
}

#[cfg(test)]
mod tests;
