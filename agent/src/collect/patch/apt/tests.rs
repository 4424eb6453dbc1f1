use super::super::fixture;
use super::*;
use proptest::prelude::*;

const DEBIAN_ROOT: &str = include_str!("../fixtures/apt-debian12-root.txt");
const DEBIAN_NONROOT: &str = include_str!("../fixtures/apt-debian12-nonroot.txt");
const DEBIAN_NEW: &str = include_str!("../fixtures/apt-debian12-install-new.txt");
const DEBIAN_NO_LISTS: &str = include_str!("../fixtures/apt-debian12-nolists.txt");
const DEBIAN_ERROR: &str = include_str!("../fixtures/apt-debian12-error.stderr.txt");
const UBUNTU: &str = include_str!("../fixtures/apt-ubuntu2204-salt.txt");
const HISTORY_LOG: &str = include_str!("../fixtures/apt-history.log");
const DPKG: &str = include_str!("../fixtures/dpkg.log");

fn find<'a>(packages: &'a [PendingPackage], name: &str) -> &'a PendingPackage {
    packages.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{name} missing"))
}

#[test]
fn debian_simulation_counts_every_inst_line_and_debian_security() {
    let packages = parse_simulation(fixture(DEBIAN_ROOT)).expect("parses");
    assert_eq!(packages.len(), 132);
    assert_eq!(packages.iter().filter(|p| p.security).count(), 81);
    let gcrypt = find(&packages, "libgcrypt20");
    assert_eq!(gcrypt.installed.as_deref(), Some("1.10.1-3"));
    assert_eq!(gcrypt.candidate, "1.10.1-3+deb12u1");
    assert!(gcrypt.security, "listed in Debian:12.15/oldstable and Debian-Security");
    let bash = find(&packages, "bash");
    assert!(!bash.security);
    assert_eq!(find(&packages, "libcap2").installed.as_deref(), Some("1:2.66-4+deb12u2+b2"));
}

#[test]
fn the_non_root_banner_and_conf_lines_change_nothing() {
    let root = parse_simulation(fixture(DEBIAN_ROOT)).expect("parses");
    let nonroot = parse_simulation(fixture(DEBIAN_NONROOT)).expect("parses");
    assert!(fixture(DEBIAN_NONROOT).starts_with("NOTE: This is only a simulation!"));
    assert_eq!(root, nonroot);
}

#[test]
fn ubuntu_security_pocket_and_new_packages() {
    let packages = parse_simulation(fixture(UBUNTU)).expect("parses");
    assert_eq!(packages.len(), 11, "4 upgraded + 7 newly installed");
    assert!(packages.iter().all(|p| p.security), "all from jammy-security");
    let image = find(&packages, "linux-image-5.15.0-86-generic");
    assert_eq!(image.installed, None);
    assert_eq!(image.candidate, "5.15.0-86.96");
    assert_eq!(find(&packages, "linux-generic").installed.as_deref(), Some("5.15.0.69.67"));
}

#[test]
fn newly_installed_packages_have_no_installed_version() {
    let packages = parse_simulation(fixture(DEBIAN_NEW)).expect("parses");
    assert_eq!(packages.len(), 2);
    assert!(packages.iter().all(|p| p.installed.is_none() && p.security));
    // Nothing pending is an empty list, not an error.
    assert_eq!(parse_simulation(fixture(DEBIAN_NO_LISTS)), Ok(vec![]));
}

#[test]
fn output_without_a_summary_is_not_zero_and_failures_name_their_first_line() {
    assert!(parse_simulation("").is_err());
    assert!(parse_simulation(fixture(DEBIAN_ERROR)).is_err());
    assert!(parse_simulation("Inst foo\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n").is_err());
    let detail = command::failure_detail(Some(100), fixture(DEBIAN_ERROR), "");
    assert_eq!(
        detail,
        "exited with status 100: W: Unable to read /nonexistent.conf - open (2: No such file or directory)"
    );
}

#[test]
fn history_takes_the_last_install_or_upgrade_not_a_later_purge() {
    let last = last_history_install(fixture(HISTORY_LOG)).expect("found");
    assert_eq!(last.to_string(), "2026-09-22 04:48:24");
    assert_eq!(last_history_install("Start-Date: 2026-01-01  00:00:00\nPurge: x\n"), None);
    assert_eq!(last_history_install(""), None);
}

#[test]
fn dpkg_log_takes_the_last_status_installed_line() {
    assert_eq!(last_dpkg_install(fixture(DPKG)).map(|t| t.to_string()).as_deref(), Some("2026-11-25 02:16:49"));
}

#[test]
fn reboot_flag_names_the_packages_behind_it() {
    let r = reboot_flag_present("/run/reboot-required", "linux-image-5.15.0-86-generic\nlibc6\nlibc6\n");
    assert_eq!(r.required, Some(true));
    assert_eq!(r.source, "/run/reboot-required exists (requested by libc6, linux-image-5.15.0-86-generic)");
}

#[test]
fn kernels_come_from_installed_versioned_linux_image_packages() {
    // Stanzas cut to the fields read; shape as in /var/lib/dpkg/status.
    let status = "Package: linux-image-6.1.0-26-amd64\nStatus: install ok installed\n\n\
                      Package: linux-image-amd64\nStatus: install ok installed\n\n\
                      Package: linux-image-6.1.0-21-amd64\nStatus: deinstall ok config-files\n\n\
                      Package: linux-image-6.1.0-28-amd64\nStatus: install ok installed\n";
    assert_eq!(installed_kernels(status), vec!["6.1.0-26-amd64", "6.1.0-28-amd64"]);
}

proptest! {
    #[test]
    fn parsers_never_panic(text in "\\PC*") {
        let _ = parse_simulation(&text);
        let _ = last_history_install(&text);
        let _ = last_dpkg_install(&text);
        let _ = installed_kernels(&text);
    }

    #[test]
    fn inst_like_lines_never_panic(rest in "[ -~]{0,60}") {
        let text = format!("Inst {rest}\n1 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
        let _ = parse_simulation(&text);
    }
}
