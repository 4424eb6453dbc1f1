//! The audit log in PostgreSQL: one row per event, committed before `append` returns (so
//! before the change is answered), one log for every collector of the database. Reads are
//! one query whose conditions follow the filter (`select`, pure), newest first.

use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

use super::access::PgAccess;
use crate::audit::{Event, Filter};
use crate::store::access::AuditBackend;

pub(super) const COLUMNS: &str = "at, actor, action, device_id, credential, detail";

impl AuditBackend for PgAccess {
    fn append(&self, event: &Event) -> anyhow::Result<()> {
        let e = event.clone();
        self.wait(|db| async move {
            let client = db.client().await?;
            let sql = format!("INSERT INTO audit ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)");
            client
                .execute(&sql, &[&e.at, &e.actor, &e.action, &e.device_id, &e.credential, &e.detail])
                .await
                .map_err(|err| db.unavailable(err))?;
            Ok(())
        })
    }

    fn read(&self, filter: &Filter, limit: usize) -> anyhow::Result<Vec<Event>> {
        let query = select(filter, limit);
        self.wait(|db| async move {
            let client = db.client().await?;
            let params: Vec<&(dyn ToSql + Sync)> = query.params.iter().map(|p| p.as_ref() as _).collect();
            let rows = client.query(&query.sql, &params).await.map_err(|e| db.unavailable(e))?;
            Ok(rows.iter().map(event).collect())
        })
    }
}

pub(super) fn event(row: &Row) -> Event {
    Event {
        at: row.get(0),
        actor: row.get(1),
        action: row.get(2),
        device_id: row.get(3),
        credential: row.get(4),
        detail: row.get(5),
    }
}

/// A query and its parameters.
pub struct Select {
    pub sql: String,
    pub params: Vec<Box<dyn ToSql + Sync + Send>>,
}

/// The events `filter` selects, newest first, at most `limit`: the same as the file's
/// `Filter::matches` (an actor matched in any case, an action by its prefix).
pub fn select(filter: &Filter, limit: usize) -> Select {
    let mut conditions = Vec::new();
    let mut params: Vec<Box<dyn ToSql + Sync + Send>> = Vec::new();
    let mut bind = |condition: &str, value: Box<dyn ToSql + Sync + Send>| {
        params.push(value);
        conditions.push(condition.replace('?', &format!("${}", params.len())));
    };
    if let Some(device) = filter.device_id {
        bind("device_id = ?", Box::new(device));
    }
    if let Some(credential) = &filter.credential {
        bind("credential = ?", Box::new(credential.clone()));
    }
    if let Some(actor) = &filter.actor {
        bind("strpos(lower(actor), lower(?)) > 0", Box::new(actor.clone()));
    }
    if let Some(action) = &filter.action {
        bind("action LIKE ?", Box::new(like_prefix(action)));
    }
    let wanted = if conditions.is_empty() { String::new() } else { format!(" WHERE {}", conditions.join(" AND ")) };
    params.push(Box::new(i64::try_from(limit).unwrap_or(i64::MAX)));
    let sql = format!("SELECT {COLUMNS} FROM audit{wanted} ORDER BY at DESC, id DESC LIMIT ${}", params.len());
    Select { sql, params }
}

/// A LIKE pattern matching what starts with `prefix`, taken literally (`\` is LIKE's escape).
pub fn like_prefix(prefix: &str) -> String {
    let mut pattern = String::with_capacity(prefix.len() + 1);
    for c in prefix.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests;
