//! The PostgreSQL store in the portable form (`store::snapshot`), and rows copied into it
//! (`store migrate`).
//!
//! A snapshot reads every table in one REPEATABLE READ, read-only transaction: the database
//! at one moment, while the collectors go on writing. Rows are fetched through a portal a
//! few thousand at a time, so a large table never sits in memory whole.
//!
//! A copy inserts what is missing and never overwrites (`ON CONFLICT DO NOTHING`; audit
//! events, which have no key of their own, when no equal event is there): running it again
//! changes nothing, and what the collectors wrote meanwhile stays.

use std::collections::BTreeMap;

use tokio_postgres::IsolationLevel;
use tokio_postgres::types::{Json, ToSql};

use super::audit::{COLUMNS as AUDIT_COLUMNS, event};
use crate::store::snapshot::{Row, TABLES};

/// Rows per round trip when reading.
const FETCH: i32 = 2_000;

/// Every table, at one moment, into `sink`.
pub async fn export(
    client: &mut tokio_postgres::Client,
    sink: &mut (dyn FnMut(Row) -> anyhow::Result<()> + Send),
) -> anyhow::Result<()> {
    let tx = client.build_transaction().isolation_level(IsolationLevel::RepeatableRead).read_only(true).start().await?;
    for table in TABLES {
        let sql = select(table);
        let portal = tx.bind(sql.as_str(), &[]).await?;
        loop {
            let rows = tx.query_portal(&portal, FETCH).await?;
            for row in &rows {
                sink(decode(table, row)?)?;
            }
            if rows.len() < FETCH as usize {
                break;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

fn select(table: &str) -> String {
    match table {
        "credential" => "SELECT record FROM credentials".into(),
        "binding" => "SELECT device_id, credential_id FROM bindings".into(),
        "token" => "SELECT record FROM tokens".into(),
        "register" => "SELECT name, document FROM registers".into(),
        "report" => "SELECT report_id, device_id, sent_by, received_at FROM reports".into(),
        "device" => "SELECT record FROM devices".into(),
        "history" => "SELECT device_id, entry FROM history".into(),
        "usage" => "SELECT device_id, sample FROM usage".into(),
        "session" => "SELECT id, session FROM sessions WHERE expires_at > now()".into(),
        "audit" => format!("SELECT {AUDIT_COLUMNS} FROM audit ORDER BY id"),
        other => unreachable!("no table {other}"),
    }
}

fn decode(table: &str, row: &tokio_postgres::Row) -> anyhow::Result<Row> {
    Ok(match table {
        "credential" => Row::Credential { record: row.try_get::<_, Json<_>>(0)?.0 },
        "binding" => Row::Binding { device_id: row.try_get(0)?, credential_id: row.try_get(1)? },
        "token" => Row::Token { record: row.try_get::<_, Json<_>>(0)?.0 },
        "register" => Row::register(row.try_get(0)?, row.try_get::<_, &[u8]>(1)?)?,
        "report" => Row::Report {
            report_id: row.try_get(0)?,
            device_id: row.try_get(1)?,
            sent_by: row.try_get(2)?,
            received_at: row.try_get(3)?,
        },
        "device" => Row::Device { record: row.try_get::<_, Json<_>>(0)?.0 },
        "history" => Row::History { device_id: row.try_get(0)?, entry: row.try_get::<_, Json<_>>(1)?.0 },
        "usage" => Row::Usage { device_id: row.try_get(0)?, sample: row.try_get::<_, Json<_>>(1)?.0 },
        "session" => Row::Session { key: row.try_get(0)?, session: row.try_get::<_, Json<_>>(1)?.0 },
        "audit" => Row::audit(event(row)),
        other => unreachable!("no table {other}"),
    })
}

/// Rows newly inserted, per table.
pub type Copied = BTreeMap<&'static str, u64>;

/// Inserts `row` unless it is there already; counts it in `copied` if it was not.
pub async fn insert(tx: &deadpool_postgres::Transaction<'_>, row: &Row, copied: &mut Copied) -> anyhow::Result<()> {
    let (sql, params): (&str, Vec<Box<dyn ToSql + Sync + Send>>) = match row {
        Row::Credential { record } => (
            "INSERT INTO credentials (id, hash, record) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            vec![Box::new(record.id.clone()), Box::new(record.hash.clone()), Box::new(Json(record.clone()))],
        ),
        Row::Binding { device_id, credential_id } => (
            "INSERT INTO bindings (device_id, credential_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            vec![Box::new(*device_id), Box::new(credential_id.clone())],
        ),
        Row::Token { record } => (
            "INSERT INTO tokens (id, hash, record) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            vec![Box::new(record.id.clone()), Box::new(record.hash.clone()), Box::new(Json(record.clone()))],
        ),
        Row::Register { name, document } => (
            "INSERT INTO registers (name, document) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            vec![Box::new(name.clone()), Box::new(serde_json::to_vec(document)?)],
        ),
        Row::Report { report_id, device_id, sent_by, received_at } => (
            "INSERT INTO reports (report_id, device_id, sent_by, received_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
            vec![Box::new(*report_id), Box::new(*device_id), Box::new(sent_by.clone()), Box::new(*received_at)],
        ),
        Row::Device { record } => (
            "INSERT INTO devices (device_id, record) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            vec![Box::new(record.device_id), Box::new(Json(record.clone()))],
        ),
        Row::History { device_id, entry } => (
            "INSERT INTO history (device_id, received_at, report_id, entry) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
            vec![
                Box::new(*device_id),
                Box::new(entry.received_at),
                Box::new(entry.report_id),
                Box::new(Json(entry.clone())),
            ],
        ),
        Row::Usage { device_id, sample } => (
            "INSERT INTO usage (device_id, collected_at, sample) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            vec![Box::new(*device_id), Box::new(sample.collected_at), Box::new(Json(sample.clone()))],
        ),
        Row::Session { key, session } => (
            "INSERT INTO sessions (id, session, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            vec![Box::new(key.clone()), Box::new(Json(session.clone())), Box::new(session.expires())],
        ),
        Row::Audit { event } => (
            "INSERT INTO audit (at, actor, action, device_id, credential, detail) \
             SELECT $1::timestamptz, $2::text, $3::text, $4::uuid, $5::text, $6::text WHERE NOT EXISTS (SELECT 1 FROM audit WHERE at = $1 AND actor = $2 \
             AND action = $3 AND device_id IS NOT DISTINCT FROM $4 AND credential IS NOT DISTINCT FROM $5 \
             AND detail = $6)",
            vec![
                Box::new(event.at),
                Box::new(event.actor.clone()),
                Box::new(event.action.clone()),
                Box::new(event.device_id),
                Box::new(event.credential.clone()),
                Box::new(event.detail.clone()),
            ],
        ),
    };
    let statement = tx.prepare_cached(sql).await?;
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref() as &(dyn ToSql + Sync)).collect();
    let inserted = tx.execute(&statement, &refs).await?;
    *copied.entry(row.table()).or_default() += inserted;
    Ok(())
}

/// One connection to the database `settings` names, its schema brought up to date, for a
/// copy or a snapshot from the command line.
pub async fn connect(settings: &super::PgSettings) -> anyhow::Result<deadpool_postgres::Client> {
    super::migrated(settings, &settings.pool()?).await
}
