//! The store's single writer: commits waiting reports in order, flushes once for the group,
//! then acknowledges each. Callers wait for the acknowledgement, so a report is answered
//! only after it is on disk.

use std::sync::Arc;

use anyhow::Context;
use arsring_protocol::Report;
use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot};

use super::{Ingested, Tables};

/// Most reports committed before one flush; bounds the latency a group adds.
const MAX_GROUP: usize = 256;

struct Job {
    report: Report,
    now: DateTime<Utc>,
    done: oneshot::Sender<anyhow::Result<Ingested>>,
}

pub(super) struct Writer {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    pub(super) fn start(tables: Arc<Tables>) -> anyhow::Result<Writer> {
        let (jobs, queue) = mpsc::channel(MAX_GROUP * 4);
        let thread = std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || run(&tables, queue))
            .context("starting the store writer")?;
        Ok(Writer { jobs: Some(jobs), thread: Some(thread) })
    }

    pub(super) async fn ingest(&self, report: Report, now: DateTime<Utc>) -> anyhow::Result<Ingested> {
        let (done, acknowledged) = oneshot::channel();
        let jobs = self.jobs.as_ref().context("the store is closing")?;
        jobs.send(Job { report, now, done }).await.map_err(|_| anyhow::anyhow!("the store writer has stopped"))?;
        acknowledged.await.context("the store writer stopped before acknowledging")?
    }
}

impl Drop for Writer {
    /// Lets the writer finish what is queued, so that the store is closed (and its
    /// directory lock released) when the `Store` is gone.
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(tables: &Tables, mut queue: mpsc::Receiver<Job>) {
    while let Some(first) = queue.blocking_recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match queue.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let committed: Vec<_> = group.into_iter().map(|job| (tables.commit(job.report, job.now), job.done)).collect();
        let flushed = tables.db.flush();
        for (outcome, done) in committed {
            let outcome = match &flushed {
                Ok(_) => outcome,
                Err(err) => Err(anyhow::anyhow!("flushing the store: {err}")),
            };
            // The caller may have gone (client disconnected); the report is stored regardless.
            let _ = done.send(outcome);
        }
    }
}
