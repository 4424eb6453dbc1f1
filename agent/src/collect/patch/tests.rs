use super::*;
use chrono::{FixedOffset, NaiveDate};

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_distribution_beats_tools_installed_from_other_families() {
    // This project's Debian build machine has dnf, zypper and rpm installed as well.
    let present = |p: &str| matches!(p, "apt-get" | "dnf" | "zypper");
    assert_eq!(choose_manager(&ids(&["debian"]), present), Some(PackageManager::Apt));
    let el7 = |p: &str| p == "yum";
    assert_eq!(choose_manager(&ids(&["centos", "rhel", "fedora"]), el7), Some(PackageManager::Yum));
    let suse = |p: &str| matches!(p, "zypper" | "dnf");
    assert_eq!(choose_manager(&ids(&["opensuse-leap", "suse", "opensuse"]), suse), Some(PackageManager::Zypper));
    assert_eq!(choose_manager(&[], |p: &str| p == "apk"), Some(PackageManager::Apk));
    assert_eq!(choose_manager(&ids(&["arch"]), |_: &str| false), None);
}

#[test]
fn local_log_times_become_utc() {
    let naive = NaiveDate::from_ymd_opt(2026, 9, 22).and_then(|d| d.and_hms_opt(4, 48, 20)).expect("valid");
    let cest = FixedOffset::east_opt(2 * 3600).expect("valid");
    let utc = local_to_utc(naive, &cest).expect("unambiguous");
    assert_eq!(utc.to_rfc3339(), "2026-09-22T02:48:20+00:00");
}

#[test]
fn known_updates_caps_the_list_but_counts_all() {
    let many: Vec<_> = (0..MAX_PENDING_PACKAGES + 7)
        .map(|i| PendingPackage {
            name: format!("p{i}").into(),
            installed: None,
            candidate: "1".into(),
            security: i % 2 == 0,
        })
        .collect();
    let Updates::Known { pending, security, packages, packages_truncated, .. } = known_updates(many, true, "x".into())
    else {
        panic!("known expected");
    };
    assert_eq!(pending as usize, MAX_PENDING_PACKAGES + 7);
    assert_eq!(security, Some(254));
    assert_eq!(packages.len(), MAX_PENDING_PACKAGES);
    assert!(packages_truncated);
}

#[test]
fn finish_makes_fields_valid_for_the_collector() {
    let now = Utc::now();
    let patch = Patch {
        manager: Some(PackageManager::Apt),
        updates: Updates::Unknown { reason: format!("bad\u{1b}[31m {}", "x".repeat(5000)).into() },
        last_installed: Some(Sourced { value: now + chrono::Duration::days(1), source: "log".into() }),
        reboot_required: RebootRequired { required: None, source: "\n".into() },
    };
    let done = finish(patch, now);
    let Updates::Unknown { reason } = &done.updates else { panic!("unknown expected") };
    assert!(reason.len() <= MAX_TEXT && !reason.chars().any(|c| c.is_control()));
    assert_eq!(done.last_installed, None);
    assert_eq!(done.reboot_required.source, "unknown");
}
