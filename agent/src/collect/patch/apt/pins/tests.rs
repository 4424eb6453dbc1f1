use super::{Archive, archive_priority, glob, parse, version_pin};

fn archive(suite: &str, site: &str) -> Archive {
    Archive {
        origin: "Debian".into(),
        label: "Debian".into(),
        suite: suite.into(),
        codename: "bookworm".into(),
        version: "12.15".into(),
        component: "main".into(),
        architecture: "amd64".into(),
        site: site.into(),
        ..Archive::default()
    }
}

#[test]
fn default_priorities_follow_the_release_flags() {
    let mut backports = archive("bookworm-backports", "deb.debian.org");
    assert_eq!(archive_priority(&backports, &[]), 500);
    backports.not_automatic = true;
    assert_eq!(archive_priority(&backports, &[]), 1);
    backports.but_automatic_upgrades = true;
    assert_eq!(archive_priority(&backports, &[]), 100);
}

#[test]
fn general_pins_set_list_priorities_first_match_wins() {
    let pins = parse(
        "Explanation: keep testing low\nPackage: *\nPin: release a=testing\nPin-Priority: 90\n\n\
         Package: *\nPin: release o=Debian,n=bookworm\nPin-Priority: 700\n\n\
         Package: *\nPin: origin \"*.debian.org\"\nPin-Priority: 600\n",
    )
    .unwrap();
    assert_eq!(archive_priority(&archive("testing", "deb.debian.org"), &pins), 90);
    assert_eq!(archive_priority(&archive("stable", "deb.debian.org"), &pins), 700);
    let mut other = archive("stable", "security.debian.org");
    other.codename = "trixie".into();
    assert_eq!(archive_priority(&other, &pins), 600);
    other.site = "example.org".into();
    assert_eq!(archive_priority(&other, &pins), 500);
}

#[test]
fn package_pins_apply_to_versions() {
    // This machine's /etc/apt/preferences.d/nodejs, and a version pin.
    let pins = parse(
        "Package: nodejs\nPin: origin deb.nodesource.com\nPin-Priority: 600\n\n\
         Package: openssl libssl*\nPin: version 3.0.14*\nPin-Priority: 1001\n",
    )
    .unwrap();
    let nodesource = archive("nodistro", "deb.nodesource.com");
    let debian = archive("stable", "deb.debian.org");
    assert_eq!(version_pin("nodejs", "20.1", &[&nodesource], &pins), Some(600));
    assert_eq!(version_pin("nodejs", "18.0", &[&debian], &pins), None);
    assert_eq!(version_pin("libssl3", "3.0.14-1~deb12u2", &[&debian], &pins), Some(1001));
    assert_eq!(version_pin("libssl3", "3.0.15-1", &[&debian], &pins), None);
    assert_eq!(archive_priority(&nodesource, &pins), 500);
}

#[test]
fn forms_not_read_here_are_refused_with_the_reason() {
    for text in [
        "Package: /^foo/\nPin: release a=x\nPin-Priority: 1\n",
        "Package: *\nPin: release a=/stable/\nPin-Priority: 1\n",
        "Package: *\nPin: version 1.0\nPin-Priority: 1\n",
        "Package: x\nPin: release a=x\n",
        "Package: x\nPin: release a=x\nPin-Priority: high\n",
        "Package: x\nPin: release q=x\nPin-Priority: 1\n",
        "Package: src:x\nPin: release a=x\nPin-Priority: 1\n",
    ] {
        assert!(parse(text).is_err(), "{text}");
    }
}

#[test]
fn globs() {
    assert!(glob("*", ""));
    assert!(glob("libssl*", "libssl3"));
    assert!(glob("3.0.1?-*", "3.0.14-1"));
    assert!(!glob("3.0.1?-*", "3.0.1-1"));
    assert!(glob("a*b*c", "aXbYbZc"));
    assert!(!glob("a*b", "ab c"));
    assert!(glob("linux-image-[0-9]*", "linux-image-6.1.0-41-amd64"));
    assert!(!glob("linux-image-[0-9]*", "linux-image-amd64"));
}

#[test]
fn describe_is_apts_archive_text() {
    let mut security = archive("oldstable-security", "deb.debian.org");
    security.label = "Debian-Security".into();
    security.version = "12".into();
    assert_eq!(security.describe(), "Debian-Security:12/oldstable-security");
}

proptest::proptest! {
    #[test]
    fn parser_and_globs_never_panic(text in "\\PC{0,200}", pattern in "[a-z*?]{0,8}", name in "[a-z]{0,8}") {
        let _ = parse(&text);
        let _ = glob(&pattern, &name);
    }
}
