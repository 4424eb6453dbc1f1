//! `arsring-collector store verify`: whether a stopped collector's store reads back whole.
//! Unlike the other commands it opens the data directory itself (a copy of the store, see
//! `store::verify`): a damaged store is exactly what the API cannot serve.

use std::collections::BTreeMap;

use clap::{Subcommand, ValueEnum};

use super::{BadInput, CollectorArgs};
use crate::app::registers::{self, CostHistory};
use crate::audit::{AuditLog, Filter};
use crate::lifecycle::assets::Register;
use crate::lifecycle::catalogue::Catalogue;
use crate::lifecycle::eol::Product;
use crate::store::verify::{self, Checks, Expected, RegisterCheck, Report};

#[derive(Subcommand, Debug)]
pub enum StoreCommand {
    /// Check that the store reads back whole, with the collector stopped: every record of
    /// every tree decoded as the collector reads it; what must hold between the trees (each
    /// device's latest report stored and its history begun, each history entry's report
    /// stored, each binding's credential present); every blob file against its checksum;
    /// and every key enrolled and register imported, as the audit log records them, still
    /// there. Works on a copy, so it never changes the store. Prints each problem with its
    /// tree and key.
    ///
    /// sled recovers a damaged log by dropping every write from the damage on, silently,
    /// leaving the trees consistent but older: the audit log shows some such losses (a key
    /// or an import), not lost reports. After a disk fault, compare with your backups too.
    ///
    /// Exit codes: 0 sound, 1 problems found (or the store could not be read, or a collector
    /// is running on it), 2 bad usage or no store in the data directory.
    Verify {
        /// table: a summary and one line per problem; json: the same for machines.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        collector: CollectorArgs,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

pub fn run(cmd: StoreCommand) -> anyhow::Result<()> {
    let StoreCommand::Verify { format, collector } = cmd;
    let config = collector.config().map_err(|err| BadInput(format!("{err:#}")))?;
    if !config.data_dir.join("store/db").is_file() {
        return Err(BadInput(format!("there is no store in {} (no store/db)", config.data_dir.display())).into());
    }
    let expected = from_audit_log(&config.data_dir)?;
    let report = verify::verify(&config.data_dir, &Checks { registers: &REGISTERS, expected })?;
    match format {
        Format::Json => println!("{:#}", serde_json::json!({ "sound": report.is_sound(), "report": report })),
        Format::Table => print_table(&report),
    }
    if report.is_sound() {
        return Ok(());
    }
    anyhow::bail!(
        "{} problem(s) in {}: restore it from a backup, or start from the records that read back",
        report.problem_count(),
        report.store.display()
    )
}

/// The registers, by name, as the collector decodes them (`app::registers`).
const REGISTERS: [(&str, RegisterCheck); 4] = [
    (registers::ASSETS, |json| decode::<Register>(json)),
    (registers::CATALOGUE, |json| decode::<Catalogue>(json)),
    (registers::EOL, |json| decode::<BTreeMap<String, Product>>(json)),
    (registers::COSTS, |json| decode::<CostHistory>(json)),
];

fn decode<T: serde::de::DeserializeOwned>(json: &[u8]) -> anyhow::Result<()> {
    serde_json::from_slice::<T>(json).map(drop).map_err(|err| anyhow::anyhow!("does not decode: {err}"))
}

/// What the audit log says the store holds. Each change is on record only once it is
/// durable in the store, so a credential enrolled or a register imported that the store
/// lacks was lost after it was written (sled drops everything after a damaged record).
fn from_audit_log(data_dir: &std::path::Path) -> anyhow::Result<Vec<Expected>> {
    let events = AuditLog::at(data_dir).read(&Filter::default(), usize::MAX)?;
    let mut expected = Vec::new();
    let mut registers_seen = Vec::new();
    // Newest first: the latest import of each register is the one named.
    for event in &events {
        let because = |what: &str| format!("audit.jsonl records {what} at {}", event.at.to_rfc3339());
        let register = match event.action.as_str() {
            "enrol" => {
                if let Some(id) = &event.credential {
                    expected.push(Expected { tree: "credentials", key: id.clone(), because: because("its enrolment") });
                }
                continue;
            }
            "import.assets" => registers::ASSETS,
            "import.catalogue" => registers::CATALOGUE,
            "costs.model" => registers::COSTS,
            _ => continue,
        };
        if !registers_seen.contains(&register) {
            registers_seen.push(register);
            expected.push(Expected { tree: "registers", key: register.into(), because: because("its import") });
        }
    }
    Ok(expected)
}

fn print_table(report: &Report) {
    let records: usize = report.trees.iter().map(|t| t.records).sum();
    println!("store {}", report.store.display());
    println!("{:<14} {:>10}", "TREE", "RECORDS");
    for tree in &report.trees {
        println!("{:<14} {:>10}", tree.tree, tree.records);
    }
    println!("{:<14} {:>10}", "(blob files)", report.blobs);
    if report.is_sound() {
        println!("sound: {records} records in {} trees read back whole", report.trees.len());
        return;
    }
    println!("\n{} problem(s):", report.problem_count());
    for p in &report.problems {
        println!("  {} {}: {}", p.tree, p.key.as_deref().unwrap_or("-"), p.problem);
    }
    if report.unlisted_problems > 0 {
        println!("  … and {} more", report.unlisted_problems);
    }
}
