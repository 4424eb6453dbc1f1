use arsring_protocol::{RebootRequired, Updates};
use chrono::TimeZone;

use super::*;

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, hour, 0, 0).unwrap()
}

fn stamps(size: u64) -> Vec<Stamp> {
    vec![
        Stamp { path: "/var/lib/dpkg/status".into(), seen: Some(Seen { size, modified_ns: 1, inode: 7 }) },
        Stamp { path: "/run/reboot-required".into(), seen: None },
    ]
}

fn saved(updates: Updates) -> Saved {
    let patch = Patch {
        manager: Some(PackageManager::Apt),
        updates,
        last_installed: None,
        reboot_required: RebootRequired { required: Some(false), source: "test".into() },
    };
    Saved { manager: PackageManager::Apt, fingerprint: stamps(100), patch }
}

fn known(checked_at: Option<DateTime<Utc>>) -> Updates {
    Updates::Known {
        pending: 3,
        security: Some(1),
        packages: vec![],
        packages_truncated: true,
        source: "apt-get -s dist-upgrade".into(),
        checked_at,
    }
}

#[test]
fn an_answer_is_reused_while_nothing_changed_and_keeps_its_age() {
    let saved = saved(known(Some(at(2))));
    let reused = reusable(&saved, PackageManager::Apt, &stamps(100), at(9)).unwrap();
    assert_eq!(reused, saved.patch);
    let Updates::Known { checked_at, .. } = reused.updates else { unreachable!() };
    assert_eq!(checked_at, Some(at(2)), "the report says when apt was asked, not now");
}

#[test]
fn a_change_another_manager_age_or_an_unknown_answer_asks_again() {
    let saved_known = saved(known(Some(at(2))));
    assert!(reusable(&saved_known, PackageManager::Apt, &stamps(101), at(9)).is_none(), "dpkg status changed");
    assert!(reusable(&saved_known, PackageManager::Dnf, &stamps(100), at(9)).is_none());
    let next_day = at(2) + MAX_AGE;
    assert!(reusable(&saved_known, PackageManager::Apt, &stamps(100), next_day).is_none(), "too old");
    assert!(reusable(&saved_known, PackageManager::Apt, &stamps(100), at(1)).is_none(), "asked in the future");
    let no_time = saved(known(None));
    assert!(reusable(&no_time, PackageManager::Apt, &stamps(100), at(9)).is_none());
    let unknown = saved(Updates::Unknown { reason: "apt-get timed out".into() });
    assert!(reusable(&unknown, PackageManager::Apt, &stamps(100), at(9)).is_none(), "a failure is retried");
}

#[test]
fn the_fingerprint_sees_a_file_change_appear_and_go() {
    let dir = tempfile::tempdir().unwrap();
    let lists = dir.path().join("lists");
    std::fs::create_dir(&lists).unwrap();
    std::fs::write(lists.join("a_Packages"), "one").unwrap();
    let take = || {
        let mut out = Vec::new();
        stamp(&lists, DEPTH, &mut out).unwrap();
        stamp(&dir.path().join("flag"), DEPTH, &mut out).unwrap();
        out
    };
    let first = take();
    assert_eq!(first, take(), "nothing changed");
    std::fs::write(lists.join("a_Packages"), "one, longer").unwrap();
    let rewritten = take();
    assert_ne!(first, rewritten);
    std::fs::write(dir.path().join("flag"), "").unwrap();
    let flagged = take();
    assert_ne!(rewritten, flagged, "a reboot flag appearing");
    std::fs::write(lists.join("b_Packages"), "").unwrap();
    assert_ne!(flagged, take(), "a list added");
}
