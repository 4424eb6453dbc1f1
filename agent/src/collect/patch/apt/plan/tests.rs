//! The plan's refusals and rounds on small universes; the agreement with apt itself is
//! tested on real apt in `direct/tests.rs`.

use super::{Available, Fields, Installed, Refusal, Universe, plan};
use crate::collect::patch::apt::pins::Archive;

fn universe(installed: &[(&str, &str, &str)], available: &[(&str, &str, &str)]) -> Universe {
    let mut u = Universe { architecture: "amd64".into(), install_recommends: true, ..Universe::default() };
    u.archives.push(Archive { label: "Debian".into(), suite: "stable".into(), ..Archive::default() });
    for (name, version, depends) in installed {
        let fields = Fields { depends: depends.to_string(), ..Fields::default() };
        u.installed.push(Installed { name: name.to_string(), version: version.to_string(), hold: false, fields });
        u.read.insert(name.to_string());
    }
    for (name, version, depends) in available {
        u.available.entry(name.to_string()).or_default().push(Available {
            version: version.to_string(),
            archives: vec![0],
            fields: Fields { depends: depends.to_string(), ..Fields::default() },
            essential: false,
            phased: false,
        });
    }
    u
}

#[test]
fn a_dependency_on_a_package_not_read_asks_for_it_then_brings_it_in() {
    let mut u = universe(&[("meta", "1", "kernel-1")], &[("meta", "2", "kernel-2"), ("kernel-2", "2", "")]);
    u.available.remove("kernel-2");
    assert_eq!(plan(&u), Err(Refusal::Read("kernel-2".into())));
    let mut u = universe(
        &[("meta", "1", "kernel-1"), ("kernel-1", "1", "")],
        &[("meta", "2", "kernel-2"), ("kernel-2", "2", "")],
    );
    u.read.insert("kernel-2".into());
    let pending = plan(&u).unwrap();
    assert_eq!(
        pending.iter().map(|p| (p.name.as_str(), p.installed.is_some())).collect::<Vec<_>>(),
        [("kernel-2", false), ("meta", true)]
    );
}

#[test]
fn choices_apt_makes_are_refused() {
    // Only a virtual package, or a second alternative, would satisfy the new dependency.
    let mut u = universe(&[("a", "1", "")], &[("a", "2", "virtual-only")]);
    u.read.insert("virtual-only".into());
    assert!(matches!(plan(&u), Err(Refusal::AskApt(r)) if r.contains("virtual-only")));
    // A phased update, a missing essential package, a pin that downgrades.
    let mut u = universe(&[("a", "1", "")], &[("a", "2", "")]);
    u.available.get_mut("a").unwrap()[0].phased = true;
    assert!(matches!(plan(&u), Err(Refusal::AskApt(r)) if r.contains("phased")));
    let mut u = universe(&[("a", "1", "")], &[]);
    u.essential.insert("base-files".into());
    assert!(matches!(plan(&u), Err(Refusal::AskApt(r)) if r.contains("essential")));
    let mut u = universe(&[("a", "2", "")], &[("a", "1", "")]);
    u.pins = crate::collect::patch::apt::pins::parse("Package: a\nPin: version 1\nPin-Priority: 1001\n").unwrap();
    assert!(matches!(plan(&u), Err(Refusal::AskApt(r)) if r.contains("1001")));
    // An installed package whose dependency is already broken.
    let u = universe(&[("a", "1", "missing")], &[]);
    assert!(matches!(plan(&u), Err(Refusal::AskApt(r)) if r.contains("not met")));
}

#[test]
fn nothing_newer_is_nothing_pending() {
    let u = universe(&[("a", "1", ""), ("local", "0.1", "")], &[("a", "1", ""), ("a", "0.9", "")]);
    assert_eq!(plan(&u), Ok(vec![]));
}
