//! Patch level of a Linux server: which package manager it has, how many updates (and
//! security updates) are pending, when packages were last installed, and whether a reboot
//! is needed to finish earlier updates.
//!
//! Everything here only *reads*: apt's lists and dpkg's status (read directly, see
//! [`apt::plan`]), simulations (`apt-get -s`), cache-only queries (`dnf -C`,
//! `zypper --no-refresh`), local databases and logs. The agent runs as root on machines it
//! does not own; refreshing metadata or taking a package-manager lock could collide with
//! the administrator's own upgrade, reach the network from a host that must stay offline,
//! or change what the next `apt upgrade` does. So the figures describe the metadata the
//! server already has, and a missing or unusable cache is reported as unknown with the
//! reason, never as zero pending updates.
//!
//! Each manager has a module with pure parsers (tested on captured real output under
//! `fixtures/`) and a thin `collect` that runs the commands through [`command::run`].

pub mod apk;
pub mod apt;
pub mod command;
pub mod dnf;
pub mod kernel;
pub mod reuse;
pub mod rpm;
pub mod zypper;

pub use kernel::{kernel_reboot, running_kernel};

use std::time::Duration;

use arsring_protocol::{MAX_PENDING_PACKAGES, PackageManager, Patch, PendingPackage, RebootRequired, Sourced, Updates};
use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};

/// The protocol's limit on text fields; longer reasons are cut to fit.
const MAX_TEXT: usize = 1024;

/// Collects the patch level, giving each command `timeout` before it is killed. `family`
/// is the distribution's `ID` and `ID_LIKE` (see `os_release::family`). The answer `kept`
/// from an earlier run is reused while nothing it depends on changed (see [`reuse`]); the
/// second value is the answer to keep for the next run, when one was asked now.
pub fn collect(
    family: &[String],
    timeout: Duration,
    apt: apt::Pending,
    kept: Option<&reuse::Saved>,
) -> (Patch, Option<reuse::Saved>) {
    let Some(manager) = choose_manager(family, |name| command::find_program(name).is_some()) else {
        let patch = Patch {
            manager: None,
            updates: Updates::Unknown {
                reason: "no known package manager (apt-get, dnf, yum, zypper, apk) found".into(),
            },
            last_installed: None,
            reboot_required: RebootRequired { required: None, source: "no known package manager".into() },
        };
        return (finish(patch, Utc::now()), None);
    };
    // Stamped before asking: a change while the manager runs makes the next run ask again.
    let fingerprint = reuse::fingerprint(manager);
    if let (Some(kept), Some(fingerprint)) = (kept, &fingerprint)
        && let Some(patch) = reuse::reusable(kept, manager, fingerprint, Utc::now())
    {
        return (patch, None);
    }
    let patch = finish(ask(manager, timeout, apt), Utc::now());
    let keep = fingerprint.filter(|_| matches!(patch.updates, Updates::Known { .. })).map(|fingerprint| reuse::Saved {
        manager,
        fingerprint,
        patch: patch.clone(),
    });
    (patch, keep)
}

fn ask(manager: PackageManager, timeout: Duration, apt: apt::Pending) -> Patch {
    match manager {
        PackageManager::Apt => apt::collect(timeout, apt),
        m @ (PackageManager::Dnf | PackageManager::Yum) => rpm::collect(m, timeout),
        PackageManager::Zypper => zypper::collect(timeout),
        PackageManager::Apk => apk::collect(timeout),
    }
}

/// Picks the manager that owns the system. The distribution decides first, because tools
/// from other families can be installed side by side (Debian packages dnf and zypper);
/// presence alone is the fallback for distributions we do not know by name.
pub fn choose_manager(family: &[String], present: impl Fn(&str) -> bool) -> Option<PackageManager> {
    let is = |names: &[&str]| family.iter().any(|id| names.contains(&id.as_str()));
    let preferred: &[PackageManager] = if is(&["debian", "ubuntu"]) {
        &[PackageManager::Apt]
    } else if is(&["suse", "opensuse", "sles", "sled"]) {
        &[PackageManager::Zypper]
    } else if is(&["fedora", "rhel", "centos", "amzn", "ol", "rocky", "almalinux"]) {
        &[PackageManager::Dnf, PackageManager::Yum]
    } else if is(&["alpine"]) {
        &[PackageManager::Apk]
    } else {
        &[]
    };
    let all =
        [PackageManager::Apt, PackageManager::Dnf, PackageManager::Yum, PackageManager::Zypper, PackageManager::Apk];
    preferred.iter().chain(all.iter()).copied().find(|m| present(program_of(*m)))
}

fn program_of(manager: PackageManager) -> &'static str {
    match manager {
        PackageManager::Apt => "apt-get",
        other => other.as_str(),
    }
}

/// `Updates::Known` from the full list: counts everything, lists at most the protocol cap.
pub fn known_updates(mut packages: Vec<PendingPackage>, security_known: bool, source: String) -> Updates {
    let pending = u32::try_from(packages.len()).unwrap_or(u32::MAX);
    let flagged = packages.iter().filter(|p| p.security).count();
    let security = security_known.then(|| u32::try_from(flagged).unwrap_or(u32::MAX));
    let packages_truncated = packages.len() > MAX_PENDING_PACKAGES;
    packages.truncate(MAX_PENDING_PACKAGES);
    Updates::Known {
        pending,
        security,
        packages,
        packages_truncated,
        source: source.into(),
        checked_at: Some(Utc::now()),
    }
}

/// A log timestamp written in the server's local time, as UTC. In the hour a DST change
/// repeats, the earlier reading is taken; a time that never existed locally is dropped.
pub fn local_to_utc<Tz: TimeZone>(naive: NaiveDateTime, zone: &Tz) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc))
}

pub fn local_time_to_utc(naive: NaiveDateTime) -> Option<DateTime<Utc>> {
    local_to_utc(naive, &Local)
}

/// Makes the result acceptable to the collector whatever the parsers produced: a report
/// rejected for one bad field would lose every other fact in it.
pub fn finish(mut patch: Patch, now: DateTime<Utc>) -> Patch {
    match &mut patch.updates {
        Updates::Unknown { reason } => *reason = clean_text(reason, "no reason given").into(),
        Updates::Known { packages, source, pending, security, .. } => {
            packages.retain_mut(|p| {
                p.name = clean_text(&p.name, "").into();
                p.candidate = clean_text(&p.candidate, "?").into();
                p.installed = p.installed.as_deref().map(|v| clean_text(v, "?").into());
                !p.name.is_empty()
            });
            *source = clean_text(source, "unknown").into();
            *pending = (*pending).max(u32::try_from(packages.len()).unwrap_or(u32::MAX));
            *security = security.map(|s| s.min(*pending));
        }
    }
    patch.reboot_required.source = clean_text(&patch.reboot_required.source, "unknown").into();
    // Log clocks can be wrong; a time in the future or before 2000 says nothing reliable.
    patch.last_installed = patch
        .last_installed
        .filter(|t| t.value <= now && t.value.timestamp() >= 946_684_800)
        .map(|t| Sourced { value: t.value, source: clean_text(&t.source, "unknown") });
    patch
}

/// One line without control characters, at most [`MAX_TEXT`] bytes, never blank.
pub fn clean_text(text: &str, fallback: &str) -> String {
    let mut out: String = text.trim().chars().map(|c| if c.is_control() && c != '\t' { ' ' } else { c }).collect();
    if out.len() > MAX_TEXT {
        let mut end = MAX_TEXT - 3;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out.push_str("...");
    }
    if out.trim().is_empty() { fallback.to_string() } else { out }
}

/// What a fixture file holds after its `## ...` provenance header.
#[cfg(test)]
pub(crate) fn fixture(text: &str) -> &str {
    const END: &str = "## end of provenance\n";
    text.find(END).map_or(text, |i| &text[i + END.len()..])
}

#[cfg(test)]
mod tests;
