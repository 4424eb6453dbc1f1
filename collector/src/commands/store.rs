//! `arsring-collector store …`: `verify` whether a stopped collector's store reads back
//! whole (it opens a copy of the data directory itself, see `store::verify`: a damaged store
//! is exactly what the API cannot serve); `backup`, `restore` and `migrate` (`copy`).

mod copy;

use std::collections::BTreeMap;
use std::path::PathBuf;

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
    /// Write the whole store to FILE at one moment: devices, history, reports seen, usage,
    /// registers, credentials, tokens, dashboard sessions and the audit log, in Årsring's
    /// portable format (JSON Lines with a checksum per table; docs/store-format.md). Works
    /// while the collector runs (through its admin socket; the embedded store holds its
    /// writes while the snapshot is taken) and on either engine. FILE appears only once it
    /// is whole and read back; `-` writes to standard output.
    ///
    /// Exit codes: 0 written, 1 failed (nothing left at FILE), 2 bad usage.
    Backup {
        /// Where to write the snapshot, or `-`.
        file: PathBuf,
        #[command(flatten)]
        collector: CollectorArgs,
    },
    /// Restore a snapshot written by `store backup`. Into the embedded store: the data
    /// directory must hold no store yet (move the old one away first); nothing is written
    /// unless every line reads and every table's checksum matches. Into PostgreSQL (with
    /// --store or [store]): records that are missing are added, none is overwritten, then
    /// both sides are compared table by table.
    ///
    /// Exit codes: 0 restored, 1 failed or differs, 2 bad usage or a bad file.
    Restore {
        /// The snapshot file.
        file: PathBuf,
        #[command(flatten)]
        collector: CollectorArgs,
    },
    /// Copy a stopped collector's embedded store (its data directory), or a snapshot file,
    /// into PostgreSQL: everything `store backup` holds, in one transaction, then counted and
    /// checksummed table by table on both sides. Records already in the database are kept,
    /// never overwritten, so running it again changes nothing. Collectors already running on
    /// the database read everything again.
    ///
    /// Exit codes: 0 copied and verified, 1 failed or the database differs, 2 bad usage.
    Migrate {
        /// The stopped collector's data directory, or a snapshot file.
        #[arg(long, value_name = "DIR|FILE")]
        from: PathBuf,
        /// The PostgreSQL store (postgres://user@host/db) [default: [store] in --config].
        #[arg(long, value_name = "URL")]
        to: Option<String>,
        /// A file holding the database password (its first line).
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        /// The CA that signed the database server's certificate.
        #[arg(long, value_name = "FILE")]
        ca: Option<PathBuf>,
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
    let runtime = || tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build();
    let config_of = |collector: &CollectorArgs| collector.config().map_err(|err| BadInput(format!("{err:#}")));
    match cmd {
        StoreCommand::Verify { format, collector } => verify(format, &collector),
        StoreCommand::Backup { file, collector } => runtime()?.block_on(copy::backup(&config_of(&collector)?, &file)),
        StoreCommand::Restore { file, collector } => runtime()?.block_on(copy::restore(&config_of(&collector)?, &file)),
        StoreCommand::Migrate { from, to, password_file, ca, collector } => {
            let target = copy::target(&config_of(&collector)?, to, password_file, ca)?;
            runtime()?.block_on(copy::migrate(&from, &target))
        }
    }
}

fn verify(format: Format, collector: &CollectorArgs) -> anyhow::Result<()> {
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
