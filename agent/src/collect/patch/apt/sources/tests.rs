use std::path::Path;

use super::{Entry, index_files, parse_deb822, parse_one_line, uri_to_file_name};

#[test]
fn file_names_are_apts() {
    // Names as apt-get update stores them (this machine's /var/lib/apt/lists and apt's own tests).
    assert_eq!(
        uri_to_file_name("http://deb.debian.org/debian/dists/bookworm/main/binary-amd64/Packages").unwrap(),
        "deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages"
    );
    assert_eq!(
        uri_to_file_name("https://user:secret@apt.example:8443/a_b/dists/x~y/InRelease").unwrap(),
        "apt.example:8443_a%5fb_dists_x%7ey_InRelease"
    );
    assert_eq!(uri_to_file_name("file:/srv/repo/dists/stable/Release").unwrap(), "_srv_repo_dists_stable_Release");
    assert_eq!(uri_to_file_name("file:///srv/repo/Packages").unwrap(), "_srv_repo_Packages");
}

#[test]
fn one_line_sources_with_options_and_comments() {
    let text = "# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://a.example/debian bookworm main contrib # x\n\
                deb-src http://a.example/debian bookworm main\n\ndeb file:/srv/repo ./\n";
    let entries = parse_one_line(text).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].components, ["main", "contrib"]);
    assert_eq!(entries[0].architectures.as_deref(), Some(&["amd64".to_string()][..]));
    assert_eq!(entries[1].suite, "./");
    assert!(parse_one_line("rpm http://x y z").unwrap_err().contains("line 1"));
    assert!(parse_one_line("deb [arch+=i386] http://x y z").is_err());
}

#[test]
fn deb822_sources_multiply_uris_and_suites() {
    let text = "Types: deb deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\n\
                Components: main\n\nTypes: deb\nURIs: http://x.example\nSuites: s\nComponents: c\nEnabled: no\n";
    let entries = parse_deb822(text).unwrap();
    assert_eq!(entries.iter().map(|e| e.suite.as_str()).collect::<Vec<_>>(), ["bookworm", "bookworm-updates"]);
    assert!(parse_deb822("Types: deb\nURIs: http://x\n").is_err());
}

#[test]
fn index_files_per_component_and_architecture() {
    let entry = Entry {
        uri: "http://deb.debian.org/debian-security".into(),
        suite: "bookworm-security".into(),
        components: vec!["main".into()],
        architectures: None,
    };
    let files = index_files(&entry, &["amd64".into()], Path::new("/l")).unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(
        files[0].packages,
        Path::new("/l/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages")
    );
    assert_eq!(files[0].in_release, Path::new("/l/deb.debian.org_debian-security_dists_bookworm-security_InRelease"));
    assert_eq!(files[1].architecture, "all");
    assert_eq!(files[0].site, "deb.debian.org");
    let flat = Entry { uri: "file:/srv/r".into(), suite: "./".into(), components: vec![], architectures: None };
    let files = index_files(&flat, &["amd64".into()], Path::new("/l")).unwrap();
    assert_eq!(files[0].packages, Path::new("/l/_srv_r_Packages"));
    assert_eq!(files.len(), 1);
    let mirror = Entry { uri: "mirror+file:/m.txt".into(), ..flat };
    assert!(index_files(&mirror, &["amd64".into()], Path::new("/l")).is_err());
}

proptest::proptest! {
    #[test]
    fn parsers_never_panic(text in "\\PC{0,200}", uri in "[a-z+]{0,6}:[ -~]{0,40}") {
        let _ = parse_one_line(&text);
        let _ = parse_deb822(&text);
        let _ = uri_to_file_name(&uri);
        let entry = Entry { uri, suite: text.chars().take(10).collect(), components: vec!["main".into()], architectures: None };
        let _ = index_files(&entry, &["amd64".into()], Path::new("/l"));
    }
}

#[test]
fn ubuntu_deb822_with_an_inline_key_and_a_debian_dvd_line() {
    // Ubuntu 24.04's ubuntu.sources, the second stanza with its key written inline.
    let text = "Types: deb\nURIs: http://archive.ubuntu.com/ubuntu/\nSuites: noble noble-updates noble-backports\n\
                Components: main restricted universe multiverse\n\
                Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n\n\
                Types: deb\nURIs: http://security.ubuntu.com/ubuntu/\nSuites: noble-security\n\
                Components: main restricted universe multiverse\nSigned-By:\n -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n \
                mQINBFufwdoBEADv/Gxytx/LcSXYuM0MwKojbBye81s0G1nEx+lz6VAUpIUZnbkq\n -----END PGP PUBLIC KEY BLOCK-----\n";
    let entries = parse_deb822(text).unwrap();
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[3].suite, "noble-security");
    assert_eq!(entries[3].components.len(), 4);
    let files = index_files(&entries[3], &["amd64".into()], Path::new("/var/lib/apt/lists")).unwrap();
    assert_eq!(
        files[0].packages,
        Path::new("/var/lib/apt/lists/security.ubuntu.com_ubuntu_dists_noble-security_main_binary-amd64_Packages")
    );
    // The installer's DVD line: apt names its lists after the disc, so apt is asked.
    let dvd =
        "deb cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_ - Official amd64 DVD Binary-1 20240210-11:28]/ bookworm main";
    let entries = parse_one_line(dvd).unwrap();
    let refused = index_files(&entries[0], &["amd64".into()], Path::new("/l")).unwrap_err();
    assert!(refused.contains("cdrom"), "{refused}");
}
