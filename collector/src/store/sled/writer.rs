//! The store's single writer: commits waiting work in order as one group, flushes once for
//! it, then acknowledges each. Callers wait for the acknowledgement, so nothing is answered
//! before it is on disk.

use std::sync::Arc;

use anyhow::Context;
use tokio::sync::{mpsc, oneshot};

use super::Tables;
use super::commit::Arrival;
use crate::store::Ingested;

/// Most jobs committed before one flush; bounds the latency a group adds.
const MAX_GROUP: usize = 256;

/// A change to the store other than a report: it runs on the writer thread, in order.
type Change = Box<dyn FnOnce(&Tables) -> anyhow::Result<()> + Send>;

// A report's job is the large one and nearly every job is a report: boxing it would be one
// allocation a report more, to make the rare `Change` no smaller.
#[expect(clippy::large_enum_variant, reason = "nearly every job is a report")]
enum Job {
    Report { arrival: Arrival, done: oneshot::Sender<anyhow::Result<Ingested>> },
    Change { change: Change, done: oneshot::Sender<anyhow::Result<()>> },
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
            .spawn(move || run(tables, queue))
            .context("starting the store writer")?;
        Ok(Writer { jobs: Some(jobs), thread: Some(thread) })
    }

    pub(super) async fn ingest(&self, arrival: Arrival) -> anyhow::Result<Ingested> {
        let (done, acknowledged) = oneshot::channel();
        self.send(Job::Report { arrival, done }).await?;
        acknowledged.await.context("the store writer stopped before acknowledging")?
    }

    /// Runs `change` on the writer thread and returns once it is on disk.
    pub(super) async fn apply(&self, change: Change) -> anyhow::Result<()> {
        let (done, acknowledged) = oneshot::channel();
        self.send(Job::Change { change, done }).await?;
        acknowledged.await.context("the store writer stopped before acknowledging")?
    }

    async fn send(&self, job: Job) -> anyhow::Result<()> {
        let jobs = self.jobs.as_ref().context("the store is closing")?;
        jobs.send(job).await.map_err(|_| anyhow::anyhow!("the store writer has stopped"))
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

/// How a job is answered once its group is flushed.
enum Ack {
    Report(oneshot::Sender<anyhow::Result<Ingested>>, anyhow::Result<Ingested>),
    Change(oneshot::Sender<anyhow::Result<()>>, anyhow::Result<()>),
}

/// Takes what is waiting as one group, writes it, and what arrived while it was written,
/// flushes once for them all, answers, and takes the next.
///
/// A flusher thread beside the writer (it flushed group N while the writer wrote group N+1)
/// was dropped once the writes became plain inserts: on two busy cores its hand-offs (a
/// wake-up of the flusher per group) cost more than the overlap saved, and without it the
/// arrivals during a write join that write's flush: under ingest load 0.52–0.60 context
/// switches a report against 0.78–0.90, 16 reports a flush against 9–11
/// (`docs/benchmarks.md`, ingest, ninth look).
fn run(tables: Arc<Tables>, mut queue: mpsc::Receiver<Job>) {
    while let Some(first) = queue.blocking_recv() {
        // What arrived while a group was written is the next group of the same flush.
        let (mut acks, mut group) = (Vec::new(), vec![first]);
        loop {
            while acks.len() + group.len() < MAX_GROUP {
                match queue.try_recv() {
                    Ok(job) => group.push(job),
                    Err(_) => break,
                }
            }
            if group.is_empty() {
                break;
            }
            acks.extend(commit(&tables, std::mem::take(&mut group)));
        }
        let flushed = tables.db.flush().map_err(|err| format!("flushing the store: {err}"));
        // A caller that has gone (client disconnected) finds its work stored regardless.
        for ack in acks {
            match ack {
                Ack::Report(done, outcome) => {
                    let _ = done.send(flushed.clone().map_err(anyhow::Error::msg).and(outcome));
                }
                Ack::Change(done, outcome) => {
                    let _ = done.send(flushed.clone().map_err(anyhow::Error::msg).and(outcome));
                }
            }
        }
    }
}

/// Writes a group in order: each run of reports together (`commit`), each other change on
/// its own between them.
fn commit(tables: &Tables, group: Vec<Job>) -> Vec<Ack> {
    let mut acks = Vec::with_capacity(group.len());
    let mut reports = Vec::new();
    let mut jobs = group.into_iter().peekable();
    while let Some(job) = jobs.next() {
        match job {
            Job::Report { arrival, done } => {
                reports.push((arrival, done));
                if matches!(jobs.peek(), Some(Job::Report { .. })) {
                    continue;
                }
                let (work, waiting): (Vec<_>, Vec<_>) = reports.drain(..).unzip();
                let committed = tables.commit_group(work);
                acks.extend(waiting.into_iter().zip(committed).map(|(done, outcome)| Ack::Report(done, outcome)));
            }
            Job::Change { change, done } => {
                let outcome = change(tables);
                // A change may write report ids; none is then taken as checked ahead.
                tables.recent.forget();
                acks.push(Ack::Change(done, outcome));
            }
        }
    }
    acks
}

#[cfg(test)]
mod tests;
