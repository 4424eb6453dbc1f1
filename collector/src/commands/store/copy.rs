//! `store backup`, `store restore` and `store migrate`: the store in its portable form
//! (`store::snapshot`), written, read back, and copied between engines.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use super::super::BadInput;
use crate::config::Config;
use crate::local;
use crate::store::migrate::{self, Migrated, Source};
use crate::store::postgres::PgSettings;
use crate::store::snapshot::{self, BadLine, Trailer};

/// Writes a snapshot of the collector's store to `file` (`-`: standard output), through the
/// running collector if there is one. The file appears only once it is whole and read back.
pub async fn backup(config: &Config, file: &Path) -> anyhow::Result<()> {
    if file == Path::new("-") {
        let mut out = BufWriter::new(std::io::stdout().lock());
        local::download(config, "/api/v1/store/snapshot", &mut out).await?.ok()?;
        return Ok(out.flush()?);
    }
    let partial = file.with_extension("partial");
    let written = async {
        let out = File::options().create(true).truncate(true).write(true).mode(0o600).open(&partial)?;
        let mut out = BufWriter::new(out);
        local::download(config, "/api/v1/store/snapshot", &mut out).await?.ok()?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        read_back(&partial)
    }
    .await;
    let trailer = match written {
        Ok(trailer) => trailer,
        Err(err) => {
            let _ = std::fs::remove_file(&partial);
            return Err(err.context(format!("writing {}", file.display())));
        }
    };
    std::fs::rename(&partial, file).with_context(|| format!("moving the snapshot to {}", file.display()))?;
    eprintln!("wrote {}", file.display());
    print_trailer(&trailer);
    Ok(())
}

/// Reads a snapshot whole, checking every line and the trailer.
fn read_back(path: &Path) -> anyhow::Result<Trailer> {
    snapshot::read(BufReader::new(File::open(path)?), |_| Ok(()))
}

/// Restores a snapshot: into PostgreSQL when the collector keeps its store there (a copy
/// that never overwrites), else into the data directory, which must hold no store yet.
pub async fn restore(config: &Config, file: &Path) -> anyhow::Result<()> {
    if !file.is_file() {
        return Err(BadInput(format!("{} is not a file", file.display())).into());
    }
    if let Some(settings) = &config.store {
        return copy(Source::File(file.to_path_buf()), settings).await.map_err(bad_file);
    }
    let store = config.data_dir.join("store");
    if store.exists() {
        let why = format!("{} already holds a store: restore into a data directory without one", store.display());
        return Err(BadInput(why).into());
    }
    let input = BufReader::new(File::open(file).with_context(|| format!("cannot read {}", file.display()))?);
    let (dir, file) = (config.data_dir.clone(), file.to_path_buf());
    let trailer = tokio::task::spawn_blocking(move || crate::store::sled::snapshot::restore(&dir, input))
        .await?
        .with_context(|| format!("restoring {}", file.display()))
        .map_err(bad_file)?;
    eprintln!("restored {} into {}", file.display(), config.data_dir.display());
    print_trailer(&trailer);
    Ok(())
}

/// Copies a stopped collector's embedded store (or a snapshot file) into PostgreSQL.
pub async fn migrate(from: &Path, to: &PgSettings) -> anyhow::Result<()> {
    let source = if from.is_dir() {
        Source::DataDir(from.to_path_buf())
    } else if from.is_file() {
        Source::File(from.to_path_buf())
    } else {
        return Err(BadInput(format!("{} is neither a data directory nor a snapshot file", from.display())).into());
    };
    copy(source, to).await.map_err(bad_file)
}

/// A snapshot file with a bad line is bad input (exit code 2), named by its line.
fn bad_file(err: anyhow::Error) -> anyhow::Error {
    if err.chain().any(|cause| cause.is::<BadLine>()) { BadInput(format!("{err:#}")).into() } else { err }
}

async fn copy(source: Source, to: &PgSettings) -> anyhow::Result<()> {
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template("{spinner} {msg}").unwrap_or_else(|_| ProgressStyle::default_spinner()));
    bar.set_message(format!("copying into {}", to.shown()));
    let migrated = migrate::migrate(source, to, &|rows| bar.set_message(format!("{rows} records copied"))).await;
    bar.finish_and_clear();
    let migrated = migrated?;
    print_comparison(&migrated);
    if !migrated.verified() {
        anyhow::bail!(
            "{} does not hold exactly what the source holds (see the tables marked DIFFERS): it held other \
             records before the copy, or lost some",
            to.shown()
        );
    }
    let new: u64 = migrated.copied.values().sum();
    println!("verified: every table has the source's rows and checksum ({new} records were new)");
    Ok(())
}

fn print_trailer(trailer: &Trailer) {
    eprintln!("{:<12} {:>10}  SHA-256 SUM", "TABLE", "ROWS");
    for (table, sum) in &trailer.end {
        eprintln!("{table:<12} {:>10}  {}", sum.rows, &sum.sha256[..16]);
    }
}

fn print_comparison(migrated: &Migrated) {
    println!("{:<12} {:>10} {:>10} {:>10}  CHECKSUM", "TABLE", "SOURCE", "DATABASE", "NEW");
    for (table, source) in &migrated.source.end {
        let target = migrated.target.end.get(table).cloned().unwrap_or_default();
        let new = migrated.copied.get(table.as_str()).copied().unwrap_or(0);
        let same = if &target == source { "same" } else { "DIFFERS" };
        println!("{table:<12} {:>10} {:>10} {new:>10}  {same}", source.rows, target.rows);
    }
}

/// The PostgreSQL store `store migrate --to` names: the URL given, with a password file and
/// CA when given, or else the configuration's `[store]`.
pub fn target(
    config: &Config,
    url: Option<String>,
    password_file: Option<PathBuf>,
    ca: Option<PathBuf>,
) -> anyhow::Result<PgSettings> {
    let mut settings = match (url, &config.store) {
        (Some(url), _) => PgSettings::from_url(&url),
        (None, Some(store)) => store.clone(),
        (None, None) => {
            return Err(BadInput("say where to copy to: --to postgres://…, or [store] in --config".into()).into());
        }
    };
    settings.password_file = password_file.or(settings.password_file);
    settings.ca = ca.or(settings.ca);
    settings.config().map_err(|e| BadInput(format!("--to: {e:#}")))?;
    Ok(settings)
}
