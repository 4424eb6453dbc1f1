//! Reading what `apt-get -s dist-upgrade` would read, without running apt's resolver:
//! apt's configuration (from `apt-config`, which loads no package cache), the sources,
//! the lists `apt-get update` stored, the preferences and dpkg's status file. The
//! decisions are [`plan`](super::plan)'s; this module only finds and reads the files, and
//! refuses (so that apt is asked) wherever the files are not in a form read here.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use arsring_protocol::PendingPackage;

use super::control::{for_each_raw_stanza, for_each_stanza};
use super::pins::{self, Archive, Pin};
use super::plan::{Available, Fields, Installed, Refusal, Universe, plan};
use super::sources::{self, Entry, IndexFile};
use crate::collect::patch::command;

/// How the pending updates were found when apt's resolver was not run.
pub const SOURCE: &str = "dpkg status and apt's lists, read directly (as apt-get -s dist-upgrade would)";

const CONFIG_TIMEOUT: Duration = Duration::from_secs(10);

/// The updates `apt-get -s dist-upgrade` would list, with `options` (`Key=value`) given to
/// apt as `-o`. `Err` says why apt itself must be asked.
pub fn pending(options: &[String]) -> Result<Vec<PendingPackage>, String> {
    let config = Config::read(options)?;
    let architecture = config.architecture.clone();
    let mut universe = Universe {
        install_recommends: config.install_recommends,
        architecture,
        pins: preferences(&config)?,
        ..Universe::default()
    };
    // A source listed twice is one list to apt.
    let mut indexes = Vec::new();
    for entry in source_entries(&config)? {
        for index in sources::index_files(&entry, std::slice::from_ref(&config.architecture), &config.lists)? {
            if !indexes.iter().any(|i: &IndexFile| i.packages == index.packages) {
                indexes.push(index);
            }
        }
    }
    universe.installed = installed(&config.status, &config.architecture)?;
    universe.read = universe.installed.iter().map(|i| i.name.clone()).collect();
    // Each round reads the lists again for a package a dependency brings in: rare (a new
    // kernel package), and cheaper than keeping every package of the lists in memory.
    for _ in 0..MAX_ROUNDS {
        universe.archives.clear();
        universe.available.clear();
        for index in &indexes {
            read_index(index, &mut universe)?;
        }
        match plan(&universe) {
            Ok(pending) => return Ok(pending),
            Err(Refusal::AskApt(reason)) => return Err(reason),
            Err(Refusal::Read(name)) => {
                universe.read.insert(name);
            }
        }
    }
    Err(format!("more than {MAX_ROUNDS} rounds of new dependencies"))
}

/// Rounds of reading the lists before apt is asked instead.
const MAX_ROUNDS: usize = 4;

/// The settings and paths of apt's configuration that the answer depends on.
struct Config {
    lists: PathBuf,
    status: PathBuf,
    source_list: PathBuf,
    source_parts: PathBuf,
    preferences: PathBuf,
    preference_parts: PathBuf,
    architecture: String,
    install_recommends: bool,
}

impl Config {
    fn read(options: &[String]) -> Result<Config, String> {
        let shell = apt_config(
            options,
            &[
                "shell",
                "LISTS",
                "Dir::State::lists/d",
                "STATUS",
                "Dir::State::status/f",
                "LIST",
                "Dir::Etc::sourcelist/f",
                "PARTS",
                "Dir::Etc::sourceparts/d",
                "PREFS",
                "Dir::Etc::preferences/f",
                "PREFPARTS",
                "Dir::Etc::preferencesparts/d",
            ],
        )?;
        let paths = parse_shell(&shell);
        let path = |key: &str| paths.get(key).map(PathBuf::from).ok_or_else(|| format!("apt-config gave no {key}"));
        let dump = parse_dump(&apt_config(options, &["dump"])?);
        let one = |key: &str| dump.get(key).and_then(|v| v.first()).cloned().unwrap_or_default();
        let architecture = one("APT::Architecture");
        if architecture.is_empty() {
            return Err("apt-config gave no APT::Architecture".into());
        }
        if dump.get("APT::Architectures::").is_some_and(|archs| archs.iter().any(|a| *a != architecture)) {
            return Err("more than one architecture is configured".into());
        }
        for key in ["APT::Default-Release", "APT::Get::Always-Include-Phased-Updates"] {
            if !one(key).is_empty() {
                return Err(format!("{key} is set"));
            }
        }
        if !matches!(one("APT::Solver").as_str(), "" | "internal") {
            return Err("APT::Solver names another solver".into());
        }
        if truthy(&one("APT::Install-Suggests")) {
            return Err("APT::Install-Suggests is set".into());
        }
        if !matches!(one("pkgCacheGen::Essential").as_str(), "" | "all" | "native") {
            return Err("pkgCacheGen::Essential is set".into());
        }
        let recommends = one("APT::Install-Recommends");
        Ok(Config {
            lists: path("LISTS")?,
            status: path("STATUS")?,
            source_list: path("LIST")?,
            source_parts: path("PARTS")?,
            preferences: path("PREFS")?,
            preference_parts: path("PREFPARTS")?,
            architecture,
            install_recommends: recommends.is_empty() || truthy(&recommends),
        })
    }
}

/// `apt-config` with each of `options` as `-o`, then `args`.
fn apt_config(options: &[String], args: &[&str]) -> Result<String, String> {
    let args: Vec<&str> = options.iter().flat_map(|o| ["-o", o.as_str()]).chain(args.iter().copied()).collect();
    let out = command::run("apt-config", &args, CONFIG_TIMEOUT).and_then(|o| o.expect_codes(&[0]));
    out.map(|o| o.stdout).map_err(|e| e.to_string())
}

/// apt's booleans: `1`, `yes`, `true`, `with`, `on`, `enable`.
fn truthy(value: &str) -> bool {
    ["1", "yes", "true", "with", "on", "enable"].contains(&value.to_ascii_lowercase().as_str())
}

/// `NAME='value'` lines of `apt-config shell` (a quote inside is written `'\''`).
fn parse_shell(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let (name, value) = line.split_once('=')?;
            let value = value.strip_prefix('\'')?.strip_suffix('\'')?.replace("'\\''", "'");
            Some((name.to_string(), value))
        })
        .collect()
}

/// `Key "value";` lines of `apt-config dump`; list items repeat their key (`Key:: "v";`).
fn parse_dump(text: &str) -> HashMap<String, Vec<String>> {
    let mut values: HashMap<String, Vec<String>> = HashMap::new();
    for line in text.lines() {
        let Some((key, value)) = line.split_once(' ') else { continue };
        let value = value.trim().trim_end_matches(';').trim_matches('"');
        values.entry(key.to_string()).or_default().push(value.to_string());
    }
    values
}

/// The files of a `.d` directory apt reads: names of letters, digits, `_`, `-` and `.`,
/// with the given extension (or, for preferences, none), in order.
fn parts(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let ok_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
            let extension = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
            ok_chars && extensions.contains(&extension) && p.is_file()
        })
        .collect();
    files.sort();
    Ok(files)
}

fn read_text(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

fn source_entries(config: &Config) -> Result<Vec<Entry>, String> {
    read_all(&config.source_list, &config.source_parts, &["list", "sources"], |file, text| {
        let deb822 = file.extension().is_some_and(|e| e == "sources");
        if deb822 { sources::parse_deb822(text) } else { sources::parse_one_line(text) }
    })
}

fn preferences(config: &Config) -> Result<Vec<Pin>, String> {
    read_all(&config.preferences, &config.preference_parts, &["", "pref"], |_, text| pins::parse(text))
}

/// Parses `main` and the `extensions` files of `dir` (those that exist), naming the file
/// of the first problem.
fn read_all<T>(
    main: &Path,
    dir: &Path,
    extensions: &[&str],
    parse: impl Fn(&Path, &str) -> Result<Vec<T>, String>,
) -> Result<Vec<T>, String> {
    let mut all = Vec::new();
    for file in std::iter::once(main.to_path_buf()).chain(parts(dir, extensions)?) {
        let Some(text) = read_text(&file)? else { continue };
        all.extend(parse(&file, &text).map_err(|e| format!("{}: {e}", file.display()))?);
    }
    Ok(all)
}

/// Reads one list (if apt has it) into `universe`, with its archive's `Release` facts.
fn read_index(index: &IndexFile, universe: &mut Universe) -> Result<(), String> {
    let Some(packages) = stored(&index.packages)? else { return Ok(()) };
    let release = match read_text(&index.in_release)? {
        Some(text) => Some(text),
        None => read_text(&index.release)?,
    };
    let release = release.ok_or_else(|| format!("{} has no Release file", packages.display()))?;
    let mut archive = release_facts(&release);
    archive.component = index.component.clone();
    archive.architecture = index.architecture.clone();
    archive.site = index.site.clone();
    let id = universe.archives.len();
    universe.archives.push(archive);
    let wanted = with_relationships(&["Package", "Version", "Architecture", "Essential", "Phased-Update-Percentage"]);
    let arch = universe.architecture.clone();
    let Universe { available, read, essential, .. } = universe;
    let mut problem = None;
    let mut each = |f: &[Option<&str>]| {
        let (Some(name), Some(version)) = (f[0], f[1]) else {
            problem.get_or_insert_with(|| format!("{}: a stanza without Package or Version", packages.display()));
            return;
        };
        if !matches!(f[2], Some(a) if a == arch || a == "all") {
            return;
        }
        if f[3] == Some("yes") && !essential.contains(name) {
            essential.insert(name.to_string());
        }
        if !read.contains(name) {
            return;
        }
        let versions = match available.get_mut(name) {
            Some(versions) => versions,
            None => available.entry(name.to_string()).or_default(),
        };
        if let Some(known) = versions.iter_mut().find(|v| v.version == version) {
            known.archives.push(id);
            return;
        }
        versions.push(Available {
            version: version.to_string(),
            archives: vec![id],
            fields: fields(&f[5..]),
            essential: f[3] == Some("yes"),
            phased: f[4].is_some(),
        });
    };
    for_each_raw_stanza(open(&packages)?, |stanza| {
        // Most stanzas are packages this system does not have: passed over unread.
        let name = stanza.strip_prefix(b"Package:").and_then(|rest| rest.split(|&b| b == b'\n').next());
        let name = name.and_then(|n| std::str::from_utf8(n).ok()).map(str::trim);
        let essential = memchr::memmem::find(stanza, b"\nEssential:").is_some();
        if name.is_some_and(|n| !read.contains(n)) && !essential {
            return;
        }
        // A slice never fails to read.
        let _ = for_each_stanza(stanza, &wanted, &mut each);
    })
    .map_err(|e| format!("{}: {e}", packages.display()))?;
    problem.map_or(Ok(()), Err)
}

/// The fields [`fields`] reads, in its order, after those a reader wants first.
const RELATIONSHIPS: [&str; 7] =
    ["Pre-Depends", "Depends", "Recommends", "Breaks", "Conflicts", "Provides", "Multi-Arch"];

fn with_relationships(first: &[&'static str]) -> Vec<&'static str> {
    first.iter().copied().chain(RELATIONSHIPS).collect()
}

/// A version's relationships from the values of [`RELATIONSHIPS`], in order.
fn fields(f: &[Option<&str>]) -> Fields {
    let join = |a: Option<&str>, b: Option<&str>| {
        [a, b].into_iter().flatten().filter(|s| !s.trim().is_empty()).collect::<Vec<_>>().join(", ")
    };
    Fields {
        depends: join(f[0], f[1]),
        recommends: f[2].unwrap_or_default().to_string(),
        negative: join(f[3], f[4]),
        provides: f[5].unwrap_or_default().to_string(),
        multi_arch_allowed: f[6] == Some("allowed"),
    }
}

/// The list as stored: plain or with the compression apt keeps it in (`Acquire::GzipIndexes`).
fn stored(base: &Path) -> Result<Option<PathBuf>, String> {
    let mut found = None;
    for suffix in ["", ".lz4", ".gz", ".zst", ".xz", ".bz2", ".lzma"] {
        let path = PathBuf::from(format!("{}{suffix}", base.display()));
        if path.is_file() {
            if found.is_some() {
                return Err(format!("{} is stored more than once", base.display()));
            }
            found = Some(path);
        }
    }
    Ok(found)
}

fn open(path: &Path) -> Result<Box<dyn BufRead>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let reader: Box<dyn Read> = match path.extension().and_then(|e| e.to_str()) {
        Some("lz4") => Box::new(lz4_flex::frame::FrameDecoder::new(BufReader::new(file))),
        Some("gz") => Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file))),
        Some("zst") => Box::new(zstd::stream::read::Decoder::new(file).map_err(|e| e.to_string())?),
        Some("xz" | "bz2" | "lzma") => return Err(format!("{} is compressed in a form not read here", path.display())),
        _ => Box::new(file),
    };
    Ok(Box::new(BufReader::with_capacity(1 << 16, reader)))
}

/// The first stanza of an `InRelease` (inside its signature) or `Release` file.
fn release_facts(text: &str) -> Archive {
    let body = match text.strip_prefix("-----BEGIN PGP SIGNED MESSAGE-----") {
        Some(signed) => signed.split_once("\n\n").map_or("", |(_, body)| body),
        None => text,
    };
    let mut archive = Archive::default();
    let wanted = ["Origin", "Label", "Suite", "Codename", "Version", "NotAutomatic", "ButAutomaticUpgrades"];
    let mut first = true;
    let _ = for_each_stanza(body.as_bytes(), &wanted, |f| {
        if !std::mem::take(&mut first) {
            return;
        }
        let text = |i: usize| f[i].unwrap_or_default().to_string();
        archive = Archive {
            origin: text(0),
            label: text(1),
            suite: text(2),
            codename: text(3),
            version: text(4),
            not_automatic: text(5) == "yes",
            but_automatic_upgrades: text(6) == "yes",
            ..Archive::default()
        };
    });
    archive
}

/// dpkg's installed packages. States apt would treat specially (half-installed, selected
/// for removal, another architecture) make apt be asked.
fn installed(status: &Path, arch: &str) -> Result<Vec<Installed>, String> {
    let wanted = with_relationships(&["Package", "Status", "Version", "Architecture"]);
    let mut packages = Vec::new();
    let mut problem = None;
    for_each_stanza(open(status)?, &wanted, |f| {
        let name = f[0].unwrap_or_default().to_string();
        let state: Vec<&str> = f[1].unwrap_or_default().split_whitespace().collect();
        let hold = match state.as_slice() {
            [_, _, "not-installed" | "config-files"] => return,
            ["install", "ok", "installed" | "triggers-pending" | "triggers-awaited"] => false,
            ["hold", "ok", "installed" | "triggers-pending" | "triggers-awaited"] => true,
            _ => {
                problem.get_or_insert_with(|| format!("{name} is in dpkg state `{}`", state.join(" ")));
                return;
            }
        };
        if !matches!(f[3], Some(a) if a == arch || a == "all") {
            problem.get_or_insert_with(|| format!("{name} is installed for another architecture"));
            return;
        }
        let Some(version) = f[2].map(str::to_string) else {
            problem.get_or_insert_with(|| format!("{name} is installed without a version"));
            return;
        };
        packages.push(Installed { name, version, hold, fields: fields(&f[4..]) });
    })
    .map_err(|e| format!("{}: {e}", status.display()))?;
    problem.map_or(Ok(packages), Err)
}

#[cfg(test)]
mod tests;
