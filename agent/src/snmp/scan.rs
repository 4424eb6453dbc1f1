//! `arsring-agent snmp scan`: which addresses of a range answer SNMP, and what they are.

use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::client::{Client, Credentials, Options};
use super::value::{Oid, Value};
use super::{targets, vendor};

#[derive(Clone, Debug, Serialize)]
pub struct Answer {
    pub address: String,
    pub sys_name: Option<String>,
    pub vendor: Option<String>,
    pub sys_object_id: Option<String>,
    pub descr: Option<String>,
}

/// Probes every address with one GET of sysDescr, sysObjectID and sysName. The progress
/// bar goes to stderr and only when it is a terminal.
pub async fn scan(hosts: Vec<String>, credentials: Credentials, options: Options, concurrency: usize) -> Vec<Answer> {
    let bar = ProgressBar::new(hosts.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} probed, {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let permits = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut tasks = JoinSet::new();
    for host in hosts {
        let (permits, credentials, options) = (permits.clone(), credentials.clone(), options.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await.ok()?;
            probe(&host, credentials, options).await
        });
    }
    let mut found = Vec::new();
    while let Some(result) = tasks.join_next().await {
        bar.inc(1);
        if let Ok(Some(answer)) = result {
            found.push(answer);
            bar.set_message(format!("{} answered", found.len()));
        }
    }
    bar.finish_and_clear();
    found.sort_by(|a, b| a.address.cmp(&b.address));
    found
}

async fn probe(host: &str, credentials: Credentials, options: Options) -> Option<Answer> {
    let addr = targets::resolve(host).await.ok()?;
    let mut client = Client::new(addr, credentials, options);
    let oids: Vec<Oid> = [1u32, 2, 5].iter().map(|n| Oid(vec![1, 3, 6, 1, 2, 1, 1, *n, 0])).collect();
    let answers = client.get(&oids).await.ok()?;
    let value = |i: usize| answers.get(i).map(|(_, v)| v);
    let sys_object_id = value(1).and_then(|v| match v {
        Value::Oid(oid) => Some(oid.to_string()),
        _ => None,
    });
    Some(Answer {
        address: addr.to_string(),
        sys_name: value(2).and_then(Value::text),
        vendor: sys_object_id.as_deref().and_then(vendor::enterprise).and_then(vendor::vendor).map(str::to_string),
        descr: value(0).and_then(Value::text).and_then(|d| d.lines().next().map(str::to_string)),
        sys_object_id,
    })
}
