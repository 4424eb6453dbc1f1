//! Debian and Ubuntu: pending updates from apt's lists read directly or, where apt's
//! resolver has to decide, from an `apt-get` simulation; last install from
//! apt's history (or dpkg's log), reboot from `/run/reboot-required`.

use std::path::Path;
use std::time::Duration;

use arsring_protocol::{PackageManager, Patch, PendingPackage, RebootRequired, Sourced, Updates};
use chrono::NaiveDateTime;

use super::{command, kernel_reboot, known_updates, local_time_to_utc, running_kernel};

pub mod control;
pub mod direct;
pub mod pins;
pub mod plan;
pub mod sources;
pub mod version;

/// `Debug::NoLocking` lets the simulation run without root and without waiting on (or
/// blocking) a running apt; `-s` never changes anything.
const SIMULATE: &[&str] = &["-s", "-o", "Debug::NoLocking=1", "dist-upgrade"];
const LISTS_DIR: &str = "/var/lib/apt/lists";
const HISTORY: &[&str] = &["/var/log/apt/history.log", "/var/log/apt/history.log.1"];
const DPKG_LOG: &[&str] = &["/var/log/dpkg.log", "/var/log/dpkg.log.1"];
const REBOOT_FLAGS: &[&str] = &["/run/reboot-required", "/var/run/reboot-required"];
/// Ubuntu's update-notifier-common creates the flag; without it nothing does, and an
/// absent flag proves nothing.
const REBOOT_NOTIFIER: &str = "/usr/share/update-notifier/notify-reboot-required";

/// How apt's pending updates are found (`apt_pending` in agent.toml).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pending {
    /// apt's lists read directly where apt's resolver has no choice to make, apt's
    /// simulation otherwise.
    #[default]
    Lists,
    /// Always apt's simulation, `apt-get -s dist-upgrade`: seconds and tens of MiB per run.
    Simulate,
}

pub fn collect(timeout: Duration, pending: Pending) -> Patch {
    Patch {
        manager: Some(PackageManager::Apt),
        updates: updates(timeout, pending),
        last_installed: last_installed(),
        reboot_required: reboot_required(),
    }
}

fn updates(timeout: Duration, pending: Pending) -> Updates {
    // Without package lists apt sees no candidates and prints a clean "0 upgraded".
    if !has_package_lists(Path::new(LISTS_DIR)) {
        return Updates::Unknown {
            reason: format!("no package lists in {LISTS_DIR} (apt-get update has not run or the lists were removed)")
                .into(),
        };
    }
    // apt's simulation takes seconds and tens of MiB (its cache, its resolver and its
    // install ordering); reading the same files directly takes a tenth of a second where the
    // answer is certain without the resolver.
    let refusal = match pending {
        Pending::Simulate => "apt_pending = \"simulate\" in agent.toml".to_string(),
        Pending::Lists => match direct::pending(&[]) {
            Ok(packages) => return known_updates(packages, true, direct::SOURCE.to_string()),
            Err(reason) => reason,
        },
    };
    tracing::debug!(%refusal, "asking apt for pending updates");
    match command::run("apt-get", SIMULATE, timeout).and_then(|out| out.expect_codes(&[0])) {
        Err(e) => Updates::Unknown { reason: e.to_string().into() },
        Ok(out) => match parse_simulation(&out.stdout) {
            Ok(packages) => known_updates(packages, true, format!("{} ({refusal})", out.command)),
            Err(e) => Updates::Unknown { reason: format!("could not parse output of {}: {e}", out.command).into() },
        },
    }
}

fn has_package_lists(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .is_ok_and(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().contains("_Packages")))
}

/// The packages an `apt-get -s dist-upgrade` would install or upgrade, from its `Inst`
/// lines. The output must contain apt's summary line, so that an empty list means "none
/// pending" and not "apt printed something else".
pub fn parse_simulation(out: &str) -> Result<Vec<PendingPackage>, String> {
    let mut packages = Vec::new();
    let mut summary = false;
    for line in out.lines() {
        let trimmed = line.trim();
        // apt < 2.9: "3 upgraded, 1 newly installed, 0 to remove and 0 not upgraded."
        // apt >= 2.9 prints a "Summary:" block with "Upgrading: 3, Installing: 1, ...".
        if (trimmed.contains(" upgraded, ") && trimmed.contains(" newly installed"))
            || trimmed.starts_with("Upgrading: ")
        {
            summary = true;
        }
        if let Some(rest) = line.strip_prefix("Inst ") {
            packages.push(parse_inst(rest).ok_or_else(|| format!("unexpected line `{}`", line.trim_end()))?);
        }
    }
    if summary { Ok(packages) } else { Err("no summary line (\"N upgraded, N newly installed, ...\")".into()) }
}

/// `openssl [3.0.14-1~deb12u2] (3.0.15-1~deb12u1 Debian-Security:12/stable-security [amd64]) []`;
/// the `[installed]` part is missing for new packages.
fn parse_inst(rest: &str) -> Option<PendingPackage> {
    let rest = rest.trim_start();
    let name_end = rest.find(char::is_whitespace)?;
    let (name, mut rest) = (&rest[..name_end], rest[name_end..].trim_start());
    let mut installed = None;
    if let Some(after) = rest.strip_prefix('[') {
        let end = after.find(']')?;
        installed = Some(after[..end].trim().to_string());
        rest = after[end + 1..].trim_start();
    }
    let inner = rest.strip_prefix('(')?;
    let inner = &inner[..inner.find(')')?];
    let mut words = inner.split_whitespace();
    let candidate = words.next()?.to_string();
    // The origins ("Debian:12.15/oldstable, Debian-Security:12/oldstable-security") end
    // with the architecture in brackets.
    let origins = words.collect::<Vec<_>>().join(" ").to_ascii_lowercase();
    Some(PendingPackage {
        name: name.into(),
        installed: installed.filter(|v| !v.is_empty()).map(Into::into),
        candidate: candidate.into(),
        security: origins.contains("security"),
    })
}

fn last_installed() -> Option<Sourced<chrono::DateTime<chrono::Utc>>> {
    newest_in(HISTORY, last_history_install).or_else(|| newest_in(DPKG_LOG, last_dpkg_install))
}

/// The newest timestamp `parse` finds over `files` (rotated `.gz` logs are skipped: they
/// are older than the plain ones by construction).
fn newest_in(
    files: &[&str],
    parse: fn(&str) -> Option<NaiveDateTime>,
) -> Option<Sourced<chrono::DateTime<chrono::Utc>>> {
    files
        .iter()
        .filter_map(|file| {
            let text = std::fs::read(file).ok()?;
            let naive = parse(&String::from_utf8_lossy(&text))?;
            Some((naive, *file))
        })
        .max_by_key(|(naive, _)| *naive)
        .and_then(|(naive, file)| Some(Sourced { value: local_time_to_utc(naive)?, source: file.to_string() }))
}

/// End of the newest apt transaction that installed or upgraded something (a removal
/// alone is not "installing updates"). apt writes local time.
pub fn last_history_install(history: &str) -> Option<NaiveDateTime> {
    history
        .split("\n\n")
        .filter(|block| {
            block.lines().any(|l| ["Install:", "Upgrade:", "Reinstall:", "Downgrade:"].iter().any(|k| l.starts_with(k)))
        })
        .filter_map(|block| {
            let field = |key: &str| block.lines().find_map(|l| l.strip_prefix(key)).and_then(parse_datetime);
            // An interrupted run has no End-Date; its start is the best we know.
            field("End-Date:").or_else(|| field("Start-Date:"))
        })
        .max()
}

/// Newest `status installed` line of dpkg's log (local time).
pub fn last_dpkg_install(log: &str) -> Option<NaiveDateTime> {
    log.lines()
        .filter_map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                [date, time, "status", "installed", ..] => parse_datetime(&format!("{date} {time}")),
                _ => None,
            }
        })
        .max()
}

/// `2026-09-22  04:48:41` (apt pads with two spaces) or `2026-09-22 04:48:41`.
fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    let mut words = text.split_whitespace();
    let (date, time) = (words.next()?, words.next()?);
    NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M:%S").ok()
}

fn reboot_required() -> RebootRequired {
    if let Some(flag) = REBOOT_FLAGS.iter().find(|f| Path::new(f).exists()) {
        let pkgs = std::fs::read_to_string(format!("{flag}.pkgs")).unwrap_or_default();
        return reboot_flag_present(flag, &pkgs);
    }
    if Path::new(REBOOT_NOTIFIER).exists() {
        return RebootRequired {
            required: Some(false),
            source: "/run/reboot-required absent (update-notifier-common creates it when an update needs a reboot)"
                .into(),
        };
    }
    let status = std::fs::read_to_string("/var/lib/dpkg/status").unwrap_or_default();
    let mut answer = kernel_reboot(running_kernel().as_deref(), &installed_kernels(&status), "linux-image packages");
    answer.source.push_str("; no /run/reboot-required mechanism (update-notifier-common not installed)");
    answer
}

/// The flag exists; name the packages that asked for it (`reboot-required.pkgs`).
pub fn reboot_flag_present(flag: &str, pkgs: &str) -> RebootRequired {
    let mut names: Vec<&str> = pkgs.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    names.sort_unstable();
    names.dedup();
    let source = match names.len() {
        0 => format!("{flag} exists"),
        n if n <= 5 => format!("{flag} exists (requested by {})", names.join(", ")),
        n => format!("{flag} exists (requested by {} and {} more)", names[..5].join(", "), n - 5),
    };
    RebootRequired { required: Some(true), source: source.into() }
}

/// Releases of the installed `linux-image-<release>` packages in dpkg's status file (the
/// versioned ones; `linux-image-amd64` is a metapackage).
pub fn installed_kernels(dpkg_status: &str) -> Vec<String> {
    let mut kernels = Vec::new();
    // Reading a string cannot fail.
    let _ = control::for_each_stanza(dpkg_status.as_bytes(), &["Package", "Status"], |f| {
        if f[1] == Some("install ok installed")
            && let Some(release) = f[0].and_then(|p| p.strip_prefix("linux-image-"))
            && release.starts_with(|c: char| c.is_ascii_digit())
        {
            kernels.push(release.trim_end_matches("-unsigned").to_string());
        }
    });
    kernels
}

#[cfg(test)]
mod tests;
