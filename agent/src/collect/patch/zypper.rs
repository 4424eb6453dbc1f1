//! SUSE and openSUSE: pending updates from `zypper list-updates`, security from the
//! needed security patches and the packages those patches update.

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use arsring_protocol::{PackageManager, Patch, PendingPackage, RebootRequired, Sourced, Updates};
use chrono::{DateTime, NaiveDateTime, Utc};

use super::command::{self, Output};
use super::rpm::parse_rpm_query;
use super::{known_updates, local_time_to_utc};

/// `--no-refresh`: read the cached metadata only, never download.
const BASE: &[&str] = &["--non-interactive", "--no-refresh"];
const HISTORY: &str = "/var/log/zypp/history";
/// libzypp creates it when an installed update asks for a reboot.
const REBOOT_FLAG: &str = "/run/reboot-needed";
/// Arguments per `zypper info` call stay bounded however many patches are needed.
const MAX_PATCHES_QUERIED: usize = 200;

pub fn collect(timeout: Duration) -> Patch {
    Patch {
        manager: Some(PackageManager::Zypper),
        updates: updates(timeout),
        last_installed: last_installed(timeout),
        reboot_required: if Path::new(REBOOT_FLAG).exists() {
            RebootRequired { required: Some(true), source: format!("{REBOOT_FLAG} exists").into() }
        } else {
            RebootRequired {
                required: Some(false),
                source: format!("{REBOOT_FLAG} absent (libzypp creates it when an installed update needs a reboot)")
                    .into(),
            }
        },
    }
}

fn zypper(args: &[&str], timeout: Duration) -> Result<Output, String> {
    let all: Vec<&str> = BASE.iter().chain(args).copied().collect();
    let out = command::run("zypper", &all, timeout).map_err(|e| e.to_string())?;
    // 106: some repositories were skipped, so the list is incomplete.
    if out.code == Some(106) {
        let line = out.stdout.lines().chain(out.stderr.lines()).find(|l| l.contains("Skipping repository"));
        return Err(format!(
            "{} skipped repositories (exit 106): {}",
            out.command,
            line.unwrap_or("see zypper's log").trim()
        ));
    }
    // 100/101: "updates/security updates needed", informational.
    let out = out.expect_codes(&[0, 100, 101]).map_err(|e| e.to_string())?;
    match no_repositories(&out.stdout).or_else(|| no_repositories(&out.stderr)) {
        Some(line) => Err(format!("{}: {line}", out.command)),
        None => Ok(out),
    }
}

/// zypper's warning that it has no repository at all: it then reports "No updates
/// found." and exits 0, which must not read as "up to date".
pub fn no_repositories(out: &str) -> Option<&str> {
    out.lines().map(str::trim).find(|l| l.contains("No repositories defined"))
}

fn updates(timeout: Duration) -> Updates {
    let list = match zypper(&["list-updates"], timeout) {
        Ok(out) => out,
        Err(reason) => return Updates::Unknown { reason: reason.into() },
    };
    let mut packages = match parse_list_updates(&list.stdout) {
        Some(packages) => packages,
        None => {
            return Updates::Unknown {
                reason: format!(
                    "could not parse output of {}: no update table and no \"No updates found.\"",
                    list.command
                )
                .into(),
            };
        }
    };
    let security = security_packages(timeout);
    let source = match &security {
        Ok((_, note)) => format!("{}; {note}", list.command),
        Err(reason) => format!("{}; security unknown: {reason}", list.command),
    };
    if let Ok((names, _)) = &security {
        for p in &mut packages {
            p.security = names.contains(p.name.as_str());
        }
    }
    known_updates(packages, security.is_ok(), source)
}

/// Names of the packages that needed security patches update, and the commands used.
fn security_packages(timeout: Duration) -> Result<(HashSet<String>, String), String> {
    let list = zypper(&["list-patches", "--category", "security"], timeout)?;
    let patches = parse_needed_patches(&list.stdout, Some("security"));
    if patches.is_empty() {
        return Ok((HashSet::new(), list.command));
    }
    let mut args = vec!["info", "-t", "patch"];
    args.extend(patches.iter().take(MAX_PATCHES_QUERIED).map(String::as_str));
    let info = zypper(&args, timeout)?;
    Ok((parse_patch_packages(&info.stdout), format!("{}; zypper info -t patch", list.command)))
}

/// Rows of a zypper table as cells keyed by the header row's column names. Tables are
/// recognised by their `---+---` rule, so the messages around them (and a second table,
/// as `list-patches` prints for package-manager patches) need no special handling.
fn table_rows(out: &str) -> Vec<Vec<(String, String)>> {
    let lines: Vec<&str> = out.lines().collect();
    let mut rows = Vec::new();
    let mut header: Option<Vec<String>> = None;
    for (i, line) in lines.iter().enumerate() {
        let is_rule = line.contains("-+-") && line.chars().all(|c| c == '-' || c == '+' || c == ' ');
        if is_rule {
            header =
                i.checked_sub(1).and_then(|h| lines.get(h)).map(|h| cells(h).into_iter().map(str::to_string).collect());
            continue;
        }
        if !line.contains('|') {
            header = None;
            continue;
        }
        if let Some(names) = &header {
            let values = cells(line);
            if values.len() == names.len() {
                rows.push(names.iter().cloned().zip(values.into_iter().map(str::to_string)).collect());
            }
        }
    }
    rows
}

fn cells(line: &str) -> Vec<&str> {
    line.split('|').map(str::trim).collect()
}

fn cell<'a>(row: &'a [(String, String)], name: &str) -> Option<&'a str> {
    row.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// `list-updates`: the pending packages, or `None` when the output is neither a table
/// nor zypper's "No updates found." (an empty list from unrecognised output is not zero).
pub fn parse_list_updates(out: &str) -> Option<Vec<PendingPackage>> {
    let rows = table_rows(out);
    if rows.is_empty() {
        return out.lines().any(|l| l.trim() == "No updates found.").then(Vec::new);
    }
    let packages: Vec<PendingPackage> = rows
        .iter()
        .filter_map(|row| {
            let name = cell(row, "Name")?;
            let candidate = cell(row, "Available Version")?;
            (!name.is_empty() && !candidate.is_empty()).then(|| PendingPackage {
                name: name.into(),
                installed: cell(row, "Current Version").filter(|v| !v.is_empty()).map(Into::into),
                candidate: candidate.into(),
                security: false,
            })
        })
        .collect();
    (!packages.is_empty()).then_some(packages)
}

/// Names of the needed patches in `list-patches` tables, optionally of one category.
pub fn parse_needed_patches(out: &str, category: Option<&str>) -> Vec<String> {
    table_rows(out)
        .iter()
        .filter(|row| cell(row, "Status").is_some_and(|s| s.eq_ignore_ascii_case("needed")))
        .filter(|row| category.is_none_or(|c| cell(row, "Category").is_none_or(|v| v.eq_ignore_ascii_case(c))))
        .filter_map(|row| cell(row, "Name").map(str::to_string))
        .collect()
}

/// Package names under the `Conflicts` of `zypper info -t patch`: a patch conflicts
/// with the versions of the packages it fixes (`curl < 7.76.1-29.el9_4`,
/// `libcurl4.x86_64 < ...`).
pub fn parse_patch_packages(out: &str) -> HashSet<String> {
    let mut names = HashSet::new();
    let mut in_conflicts = false;
    for line in out.lines() {
        if !line.starts_with(char::is_whitespace) {
            in_conflicts = line.split_once(':').is_some_and(|(k, _)| k.trim() == "Conflicts");
            continue;
        }
        let mut words = line.split_whitespace();
        if let (true, Some(name), Some(op)) = (in_conflicts, words.next(), words.next())
            && op.starts_with(['<', '=', '>'])
        {
            let base = match name.rsplit_once('.') {
                Some((base, arch))
                    if ["x86_64", "noarch", "i586", "i686", "aarch64", "ppc64le", "s390x", "src", "nosrc"]
                        .contains(&arch) =>
                {
                    base
                }
                _ => name,
            };
            names.insert(base.to_string());
        }
    }
    names
}

fn last_installed(timeout: Duration) -> Option<Sourced<DateTime<Utc>>> {
    let from_history =
        std::fs::read(HISTORY).ok().and_then(|bytes| last_history_install(&String::from_utf8_lossy(&bytes)));
    if let Some(value) = from_history.and_then(local_time_to_utc) {
        return Some(Sourced { value, source: HISTORY.into() });
    }
    // The history can be rotated away or disabled; the rpm database always has the times.
    let out =
        command::run("rpm", &["-qa", "--qf", "%{NAME}\t%{ARCH}\t%{VERSION}-%{RELEASE}\t%{INSTALLTIME}\n"], timeout)
            .ok()?;
    let value = DateTime::<Utc>::from_timestamp(parse_rpm_query(&out.stdout).last_install?, 0)?;
    Some(Sourced { value, source: format!("newest INSTALLTIME of {}", out.command) })
}

/// Newest `install` entry of `/var/log/zypp/history`
/// (`2026-11-25 02:19:46|install|curl|7.76.1-29.el9_4|noarch|...`, local time).
pub fn last_history_install(history: &str) -> Option<NaiveDateTime> {
    history
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut fields = l.split('|');
            let when = fields.next()?;
            (fields.next()?.trim() == "install").then_some(())?;
            NaiveDateTime::parse_from_str(when.trim(), "%Y-%m-%d %H:%M:%S").ok()
        })
        .max()
}

#[cfg(test)]
mod tests;
