//! Alpine: pending updates from `apk version -l '<'` against the cached indexes. Alpine's
//! indexes carry no advisory data, so security updates cannot be told apart.

use std::path::Path;
use std::time::{Duration, SystemTime};

use arsring_protocol::{PackageManager, Patch, PendingPackage, RebootRequired, Sourced, Updates};
use chrono::{DateTime, Utc};

use super::{command, kernel_reboot, known_updates, running_kernel};

const INSTALLED_DB: &str = "/lib/apk/db/installed";

pub fn collect(timeout: Duration) -> Patch {
    let db = std::fs::read(INSTALLED_DB).map(|b| String::from_utf8_lossy(&b).into_owned());
    let reboot_required = match &db {
        Ok(text) => {
            let mut answer =
                kernel_reboot(running_kernel().as_deref(), &installed_kernels(text), "linux-<flavor> packages");
            answer.source.push_str(&format!(" ({INSTALLED_DB})"));
            answer
        }
        Err(e) => RebootRequired { required: None, source: format!("{INSTALLED_DB} unreadable: {e}").into() },
    };
    Patch {
        manager: Some(PackageManager::Apk),
        updates: updates(timeout),
        last_installed: modified(Path::new(INSTALLED_DB)),
        reboot_required,
    }
}

fn updates(timeout: Duration) -> Updates {
    let out = match command::run("apk", &["version", "-l", "<"], timeout).and_then(|o| o.expect_codes(&[0])) {
        Ok(out) => out,
        Err(e) => {
            return Updates::Unknown { reason: e.to_string().into() };
        }
    };
    // Without an index apk compares against nothing and lists no updates.
    if let Some(line) = missing_index(&out.stderr) {
        return Updates::Unknown {
            reason: format!("{}: {line} (no package index cached; apk update has not run)", out.command).into(),
        };
    }
    match parse_version_list(&out.stdout) {
        Some(packages) => known_updates(packages, false, out.command),
        None => Updates::Unknown {
            reason: format!("could not parse output of {}: no \"Installed: Available:\" header", out.command).into(),
        },
    }
}

/// apk's warning that it skipped a repository index it could not open.
pub fn missing_index(stderr: &str) -> Option<&str> {
    stderr.lines().map(str::trim).find(|l| l.starts_with("WARNING: Ignoring") || l.starts_with("WARNING: opening"))
}

/// `busybox-1.36.1-r7   < 1.37.0-r14` rows under the `Installed: Available:` header;
/// `None` when the header is missing.
pub fn parse_version_list(out: &str) -> Option<Vec<PendingPackage>> {
    let mut lines = out.lines().skip_while(|l| l.trim().is_empty());
    let header = lines.next()?;
    if !header.trim_start().starts_with("Installed:") {
        return None;
    }
    Some(
        lines
            .filter_map(|line| {
                let words: Vec<&str> = line.split_whitespace().collect();
                let [installed, "<", candidate] = words.as_slice() else {
                    return None;
                };
                let (name, version) = split_name_version(installed)?;
                Some(PendingPackage {
                    name: name.into(),
                    installed: Some((*version).into()),
                    candidate: (*candidate).into(),
                    security: false,
                })
            })
            .collect(),
    )
}

/// `libcrypto1.0-1.0.1q-r0` → `("libcrypto1.0", "1.0.1q-r0")`: Alpine versions end in
/// `-r<N>`, and names may contain dashes and digits, so the split is counted from the end.
pub fn split_name_version(word: &str) -> Option<(&str, &str)> {
    let mut parts = word.rsplitn(3, '-');
    let (rel, ver, name) = (parts.next()?, parts.next()?, parts.next()?);
    let rel_ok = rel.strip_prefix('r').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let ver_ok = ver.starts_with(|c: char| c.is_ascii_digit());
    (rel_ok && ver_ok && !name.is_empty()).then(|| (name, &word[name.len() + 1..]))
}

/// Installed kernels from `/lib/apk/db/installed`, as `uname -r` prints them on Alpine:
/// package `linux-lts` version `6.6.31-r0` boots as `6.6.31-0-lts`. A kernel package is
/// one that installs `boot/vmlinuz-<flavor>`, which skips linux-firmware and friends.
pub fn installed_kernels(db: &str) -> Vec<String> {
    db.split("\n\n")
        .filter_map(|record| {
            let field = |key: &str| record.lines().find_map(|l| l.strip_prefix(key));
            let flavor = field("P:")?.strip_prefix("linux-")?;
            let mut dir = "";
            let boots = record.lines().any(|l| {
                if let Some(d) = l.strip_prefix("F:") {
                    dir = d;
                }
                dir == "boot" && l.strip_prefix("R:vmlinuz-") == Some(flavor)
            });
            let (ver, rel) = field("V:")?.rsplit_once("-r")?;
            boots.then(|| format!("{ver}-{rel}-{flavor}"))
        })
        .collect()
}

/// apk rewrites its database on every install or removal; there is no install log.
fn modified(path: &Path) -> Option<Sourced<DateTime<Utc>>> {
    let mtime: SystemTime = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(Sourced { value: DateTime::<Utc>::from(mtime), source: format!("modification time of {}", path.display()) })
}

#[cfg(test)]
mod tests;
