//! The direct reading against apt itself: each test builds a small system (sources, lists,
//! Release files, preferences, dpkg status) in a temporary root, asks real
//! `apt-get -s dist-upgrade` about it and compares.

use std::path::Path;

use arsring_protocol::PendingPackage;

use super::super::{parse_simulation, sources::uri_to_file_name};
use super::pending;

struct Root {
    dir: tempfile::TempDir,
}

impl Root {
    /// A system with nothing installed and no sources, or `None` without apt (then only
    /// when ARSRING_REQUIRE_PEERS is not set).
    fn new() -> Option<Root> {
        if super::command::find_program("apt-get").is_none() {
            assert!(std::env::var_os("ARSRING_REQUIRE_PEERS").is_none(), "apt-get is required");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        for sub in ["etc/apt/sources.list.d", "etc/apt/preferences.d", "var/lib/apt/lists/partial", "var/lib/dpkg"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("var/cache/apt/archives/partial")).unwrap();
        let root = Root { dir };
        root.write("etc/apt/sources.list", "");
        Some(root)
    }

    fn write(&self, path: &str, text: &str) {
        std::fs::write(self.dir.path().join(path), text).unwrap();
    }

    /// An archive `name` (suite `suite`, component main) with `release` fields and the
    /// `packages` stanzas (Filename and Size are added).
    fn archive(&self, name: &str, suite: &str, release: &str, packages: &[&str]) {
        let uri = format!("file:/srv/{name}");
        let mut list = std::fs::read_to_string(self.dir.path().join("etc/apt/sources.list")).unwrap();
        list.push_str(&format!("deb [trusted=yes] {uri} {suite} main\n"));
        self.write("etc/apt/sources.list", &list);
        let lists = self.dir.path().join("var/lib/apt/lists");
        let dists = format!("{uri}/dists/{suite}/");
        let release = format!("{release}Suite: {suite}\nArchitectures: {} all\nComponents: main\n", native());
        std::fs::write(lists.join(uri_to_file_name(&format!("{dists}Release")).unwrap()), release).unwrap();
        let stanzas: Vec<String> =
            packages.iter().map(|p| format!("{}Filename: pool/x.deb\nSize: 1\n", p.trim_start())).collect();
        let file = uri_to_file_name(&format!("{dists}main/binary-{}/Packages", native())).unwrap();
        std::fs::write(lists.join(file), stanzas.join("\n")).unwrap();
    }

    fn installed(&self, packages: &[&str]) {
        let stanzas: Vec<String> = packages
            .iter()
            .map(|p| {
                let p = p.trim_start();
                if p.contains("Status:") { p.to_string() } else { format!("{p}Status: install ok installed\n") }
            })
            .collect();
        self.write("var/lib/dpkg/status", &stanzas.join("\n"));
    }

    fn options(&self) -> Vec<String> {
        let root = self.dir.path().display();
        vec![
            format!("Dir={root}/"),
            format!("Dir::State::status={root}/var/lib/dpkg/status"),
            format!("APT::Architecture={}", native()),
            format!("APT::Architectures::={}", native()),
            "Debug::NoLocking=1".into(),
            // The host's own apt.conf.d is read too: the settings the answers depend on are fixed.
            "APT::Install-Recommends=1".into(),
            "APT::Install-Suggests=0".into(),
            "APT::Default-Release=".into(),
        ]
    }

    fn apt(&self) -> Vec<PendingPackage> {
        simulation(&self.options())
    }

    fn direct(&self) -> Result<Vec<PendingPackage>, String> {
        pending(&self.options())
    }
}

/// apt's own answer with `options` as `-o`, sorted by name.
fn simulation(options: &[String]) -> Vec<PendingPackage> {
    let mut args = vec!["-s".to_string()];
    args.extend(options.iter().flat_map(|o| ["-o".to_string(), o.clone()]));
    args.push("dist-upgrade".into());
    let out = std::process::Command::new("apt-get").args(&args).env("LC_ALL", "C").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let mut packages = parse_simulation(&stdout).unwrap();
    packages.sort_by(|a, b| a.name.cmp(&b.name));
    packages
}

fn native() -> String {
    let out = std::process::Command::new("dpkg").arg("--print-architecture").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn package(name: &str, version: &str, extra: &str) -> String {
    format!("Package: {name}\nVersion: {version}\nArchitecture: all\n{extra}")
}

const DEBIAN: &str = "Origin: Debian\nLabel: Debian\nCodename: bookworm\nVersion: 12.15\n";
const SECURITY: &str = "Origin: Debian\nLabel: Debian-Security\nCodename: bookworm-security\nVersion: 12\n";
const BACKPORTS: &str = "Origin: Debian Backports\nLabel: Debian Backports\nCodename: bookworm-backports\nNotAutomatic: yes\nButAutomaticUpgrades: yes\n";
const EXPERIMENTAL: &str = "Origin: Debian\nLabel: Debian\nCodename: rc-buggy\nNotAutomatic: yes\n";

fn names(packages: &[PendingPackage]) -> Vec<String> {
    packages
        .iter()
        .map(|p| {
            format!("{} {:?}->{}{}", p.name, p.installed, p.candidate, if p.security { " (security)" } else { "" })
        })
        .collect()
}

#[test]
fn upgrades_and_security_updates_are_the_ones_apt_lists() {
    let Some(root) = Root::new() else { return };
    root.archive(
        "debian",
        "stable",
        DEBIAN,
        &[
            &package("a", "1.1", ""),
            &package("b", "2.0", ""),
            &package("c", "1.0", ""),
            &package("e", "1.0", ""),
            &package("f", "2.0", "Depends: mail-transport-agent, libc (>= 2.36)\n"),
            &package("libc", "2.36-9+deb12u13", "Provides: libc-any (= 2.36)\n"),
        ],
    );
    root.archive(
        "security",
        "stable-security",
        SECURITY,
        &[&package("c", "1.0+deb12u1", ""), &package("libc", "2.36-9+deb12u13", "")],
    );
    root.archive(
        "backports",
        "stable-backports",
        BACKPORTS,
        &[&package("a", "1.5~bpo12", ""), &package("g", "3.0~bpo12", "")],
    );
    root.archive("experimental", "experimental", EXPERIMENTAL, &[&package("e", "9.0", "")]);
    root.installed(&[
        &package("a", "1.0", ""),
        &package("b", "2.0", ""),
        &package("c", "1.0", ""),
        &package("d", "0.1", ""),
        &package("e", "1.0", ""),
        &package("f", "1.0", "Depends: mail-transport-agent\n"),
        &package("g", "2.0~bpo12", ""),
        &package("exim", "4.96", "Provides: mail-transport-agent\n"),
        &package("libc", "2.36-9+deb12u9", ""),
        &package("gone", "1.0", "Status: deinstall ok config-files\n"),
    ]);
    let apt = root.apt();
    assert_eq!(names(&root.direct().unwrap()), names(&apt));
    // What apt says, spelled out: from backports only what was installed from there.
    assert_eq!(
        names(&apt),
        [
            "a Some(\"1.0\")->1.1",
            "c Some(\"1.0\")->1.0+deb12u1 (security)",
            "f Some(\"1.0\")->2.0",
            "g Some(\"2.0~bpo12\")->3.0~bpo12",
            "libc Some(\"2.36-9+deb12u9\")->2.36-9+deb12u13 (security)",
        ]
    );
}

#[test]
fn new_dependencies_and_recommendations_come_in_as_apt_brings_them() {
    let Some(root) = Root::new() else { return };
    root.archive(
        "debian",
        "stable",
        DEBIAN,
        &[
            &package("linux-image-amd64", "6.1.158-1", "Depends: linux-image-6.1.0-41-amd64 (= 6.1.158-1)\n"),
            &package(
                "linux-image-6.1.0-41-amd64",
                "6.1.158-1",
                "Depends: kmod, initramfs-tools | linux-initramfs-tool\nRecommends: firmware-linux-free\n",
            ),
            &package("linux-image-6.1.0-40-amd64", "6.1.153-1", "Depends: kmod\n"),
            &package("kmod", "30+20221128-1", ""),
            &package("initramfs-tools", "0.142", ""),
            &package("firmware-linux-free", "20200122-1", ""),
            &package("h", "2.0", "Recommends: newly-recommended\n"),
            &package("newly-recommended", "1.0", ""),
            &package("i", "2.0", "Recommends: never-installed\n"),
            &package("never-installed", "1.0", ""),
        ],
    );
    root.installed(&[
        &package("linux-image-amd64", "6.1.153-1", "Depends: linux-image-6.1.0-40-amd64 (= 6.1.153-1)\n"),
        &package("linux-image-6.1.0-40-amd64", "6.1.153-1", "Depends: kmod\n"),
        &package("kmod", "30+20221128-1", ""),
        &package("initramfs-tools", "0.142", ""),
        &package("h", "1.0", ""),
        &package("i", "1.0", "Recommends: never-installed\n"),
    ]);
    let apt = root.apt();
    assert_eq!(names(&root.direct().unwrap()), names(&apt));
    assert_eq!(
        names(&apt),
        [
            "firmware-linux-free None->20200122-1",
            "h Some(\"1.0\")->2.0",
            "i Some(\"1.0\")->2.0",
            "linux-image-6.1.0-41-amd64 None->6.1.158-1",
            "linux-image-amd64 Some(\"6.1.153-1\")->6.1.158-1",
            "newly-recommended None->1.0",
        ]
    );
}

#[test]
fn preferences_choose_the_candidates_as_apt_does() {
    let Some(root) = Root::new() else { return };
    root.archive("debian", "stable", DEBIAN, &[&package("j", "2.0", ""), &package("k", "2.0", "")]);
    root.archive(
        "other",
        "testing",
        "Origin: Other\nLabel: Other\n",
        &[&package("j", "1.5", ""), &package("k", "3.0", ""), &package("m", "5.0", "")],
    );
    root.write(
        "etc/apt/preferences.d/pins",
        "Package: j\nPin: version 1.5*\nPin-Priority: 600\n\nPackage: *\nPin: release o=Other\nPin-Priority: 50\n",
    );
    root.write("etc/apt/preferences.d/ignored.disabled", "Package: *\nPin: release o=Debian\nPin-Priority: -1\n");
    root.installed(&[&package("j", "1.0", ""), &package("k", "1.0", ""), &package("m", "4.0", "")]);
    let apt = root.apt();
    assert_eq!(names(&root.direct().unwrap()), names(&apt));
    assert_eq!(names(&apt), ["j Some(\"1.0\")->1.5", "k Some(\"1.0\")->2.0"]);
}

#[test]
fn what_apt_must_decide_is_left_to_apt() {
    let Some(root) = Root::new() else { return };
    root.archive(
        "debian",
        "stable",
        DEBIAN,
        &[
            &package("held", "2.0", ""),
            &package("breaker", "2.0", "Breaks: victim (<< 2)\n"),
            &package("victim", "1.0", ""),
        ],
    );
    root.installed(&[&package("held", "1.0", "Status: hold ok installed\n")]);
    let refused = root.direct().unwrap_err();
    assert!(refused.contains("held"), "{refused}");
    // apt keeps the held package back: the simulation is what answers here.
    assert!(root.apt().is_empty());

    root.installed(&[&package("breaker", "1.0", ""), &package("victim", "1.0", "")]);
    let refused = root.direct().unwrap_err();
    assert!(refused.contains("breaks or conflicts with victim"), "{refused}");

    root.installed(&[&package("victim", "1.0", "Status: install ok half-configured\n")]);
    assert!(root.direct().unwrap_err().contains("half-configured"));

    root.write("etc/apt/preferences", "Package: /^v/\nPin: release a=stable\nPin-Priority: 10\n");
    root.installed(&[&package("victim", "1.0", "")]);
    assert!(root.direct().unwrap_err().contains("preferences"));
}

#[test]
fn this_machine_agrees_with_apt_whenever_it_answers() {
    // On a Debian or Ubuntu machine with lists, the answer read directly is apt's, or the
    // reason it is not is given.
    if !Path::new("/var/lib/apt/lists").is_dir() || super::command::find_program("apt-get").is_none() {
        return;
    }
    let Ok(direct) = pending(&[]) else { return };
    assert_eq!(names(&direct), names(&simulation(&["Debug::NoLocking=1".into()])));
}
