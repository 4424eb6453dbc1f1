//! Fedora, RHEL and derivatives (dnf, or yum on EL7): pending updates from the metadata
//! cache, security flags from updateinfo, installed versions and install times from rpm.

use std::collections::HashMap;
use std::time::Duration;

use arsring_protocol::{PackageManager, Patch, PendingPackage, RebootRequired, Sourced, Updates};
use chrono::{DateTime, Utc};

use super::command::{self, CommandError, Output};
use super::dnf::{parse_check_update, parse_security_packages, skipped_repositories};
use super::{kernel_reboot, known_updates, running_kernel};

/// One query gives installed versions (check-update only prints candidates), the last
/// install time and the installed kernels.
const RPM_QUERY: &[&str] =
    &["-qa", "--qf", "%{NAME}\t%{ARCH}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\t%{INSTALLTIME}\n"];
const KERNEL_PACKAGES: &[&str] = &["kernel", "kernel-core"];

pub fn collect(manager: PackageManager, timeout: Duration) -> Patch {
    let tool = manager.as_str();
    let rpmdb = command::run("rpm", RPM_QUERY, timeout).and_then(|o| o.expect_codes(&[0])).map(|o| {
        let db = parse_rpm_query(&o.stdout);
        (db, o.command)
    });
    let last_installed = rpmdb.as_ref().ok().and_then(|(db, cmd)| {
        let value = DateTime::<Utc>::from_timestamp(db.last_install?, 0)?;
        Some(Sourced { value, source: format!("newest INSTALLTIME of {cmd}") })
    });
    Patch {
        manager: Some(manager),
        updates: updates(tool, timeout, rpmdb.as_ref().map(|(db, _)| db)),
        last_installed,
        reboot_required: reboot_required(tool, timeout, rpmdb.as_ref().ok().map(|(db, _)| db)),
    }
}

fn updates(tool: &str, timeout: Duration, rpmdb: Result<&RpmDb, &CommandError>) -> Updates {
    // Not -q: with -q, dnf 4 hides "Cache-only enabled but no cache" and exits 0 with
    // empty output, which would read as "no updates".
    let check = match query(tool, &["-C", "check-update"], &[0, 100], timeout) {
        Ok(out) => out,
        Err(reason) => return Updates::Unknown { reason: reason.into() },
    };
    let candidates = if check.code == Some(100) { parse_check_update(&check.stdout) } else { Vec::new() };
    if check.code == Some(100) && candidates.is_empty() {
        return Updates::Unknown {
            reason: format!("{} reported updates (exit 100) but no package line could be parsed", check.command).into(),
        };
    }
    let db = match rpmdb {
        Ok(db) => db,
        Err(e) => {
            return Updates::Unknown { reason: format!("installed versions unknown: {e}").into() };
        }
    };
    let security_args: &[&str] = if tool == "yum" {
        &["-C", "updateinfo", "list", "security"]
    } else {
        &["-C", "updateinfo", "list", "--security"]
    };
    let (security, note) = match query(tool, security_args, &[0], timeout) {
        Ok(out) => (Some(parse_security_packages(&out.stdout)), format!("; {}", out.command)),
        Err(reason) => (None, format!("; security unknown: {reason}")),
    };
    let packages = candidates
        .into_iter()
        .map(|c| PendingPackage {
            installed: db.installed.get(&(c.name.clone(), c.arch.clone())).map(|(evr, _)| evr.as_str().into()),
            security: security.as_ref().is_some_and(|s| s.contains(&(c.name.clone(), c.arch.clone()))),
            name: c.name.into(),
            candidate: c.version.into(),
        })
        .collect();
    known_updates(packages, security.is_some(), format!("{}{note}", check.command))
}

/// Runs a cache-only query; a repository skipped for lack of cache makes the answer
/// incomplete, so it counts as a failure even though dnf exits 0.
fn query(tool: &str, args: &[&str], ok: &[i32], timeout: Duration) -> Result<Output, String> {
    let out = command::run(tool, args, timeout).and_then(|o| o.expect_codes(ok)).map_err(|e| e.to_string())?;
    match skipped_repositories(&out.stderr) {
        Some(line) => Err(format!("{}: {line}", out.command)),
        None => Ok(out),
    }
}

/// What `rpm -qa` with [`RPM_QUERY`] says about the installed packages.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RpmDb {
    /// `(name, arch)` → (`[epoch:]version-release`, install time); for packages installed
    /// in several versions (kernels), the most recently installed one.
    pub installed: HashMap<(String, String), (String, i64)>,
    pub last_install: Option<i64>,
    /// Installed kernels as `uname -r` prints them: `version-release.arch`.
    pub kernels: Vec<String>,
}

pub fn parse_rpm_query(out: &str) -> RpmDb {
    let mut db = RpmDb::default();
    for line in out.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, arch, evr, time] = fields.as_slice() else {
            continue;
        };
        let Ok(time) = time.trim().parse::<i64>() else {
            continue;
        };
        if name.is_empty() || evr.is_empty() {
            continue;
        }
        db.last_install = db.last_install.max(Some(time));
        if KERNEL_PACKAGES.contains(name) {
            let vr = evr.split_once(':').map_or(*evr, |(_, vr)| vr);
            db.kernels.push(format!("{vr}.{arch}"));
        }
        let key = ((*name).to_string(), (*arch).to_string());
        if db.installed.get(&key).is_none_or(|(_, t)| *t <= time) {
            db.installed.insert(key, ((*evr).to_string(), time));
        }
    }
    db
}

fn reboot_required(tool: &str, timeout: Duration, rpmdb: Option<&RpmDb>) -> RebootRequired {
    // dnf's plugin loads repositories, so it gets -C like every other dnf query here.
    let run = if tool == "yum" {
        command::run("needs-restarting", &["-r"], timeout)
    } else {
        command::run(tool, &["-C", "needs-restarting", "-r"], timeout)
    };
    let fallback_note = match &run {
        Ok(out) => match parse_needs_restarting(&out.stdout, out.code) {
            Some(required) => {
                return RebootRequired { required: Some(required), source: out.command.as_str().into() };
            }
            None => format!(
                "{} gave no answer ({})",
                out.command,
                command::failure_detail(out.code, &out.stderr, &out.stdout)
            ),
        },
        Err(e) => e.to_string(),
    };
    let mut answer = match rpmdb {
        Some(db) => kernel_reboot(running_kernel().as_deref(), &db.kernels, "kernel packages"),
        None => RebootRequired { required: None, source: "rpm database unreadable".into() },
    };
    answer.source = format!("{}; {fallback_note}", answer.source).into();
    answer
}

/// The answer of `needs-restarting -r`, from its text first: dnf exits 1 both for
/// "reboot required" and for "No such command" when the plugin is missing.
pub fn parse_needs_restarting(stdout: &str, code: Option<i32>) -> Option<bool> {
    const NOT_NEEDED: &[&str] = &[
        "Reboot should not be necessary",
        "Reboot is probably not necessary",
        "No core libraries or services have been updated",
    ];
    if stdout.contains("Reboot is required") {
        return Some(true);
    }
    // Exit 0 means "no reboot" too, but only when the tool printed its answer at all.
    let not_needed = NOT_NEEDED.iter().any(|t| stdout.contains(t)) || (code == Some(0) && !stdout.trim().is_empty());
    not_needed.then_some(false)
}

#[cfg(test)]
mod tests;
