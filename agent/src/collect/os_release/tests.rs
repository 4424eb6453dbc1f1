use super::*;

const DEBIAN_12: &str = include_str!("../fixtures/os-release/debian-12");
const UBUNTU_2204: &str = include_str!("../fixtures/os-release/ubuntu-22.04");
const RHEL_9: &str = include_str!("../fixtures/os-release/rhel-9.4");
const ALPINE: &str = include_str!("../fixtures/os-release/alpine-3.20");

#[test]
fn debian() {
    let os = os_from_fields(parse(DEBIAN_12), Some("6.1.0-28-amd64".into()));
    assert_eq!(os.id.as_deref(), Some("debian"));
    assert_eq!(os.version_id.as_deref(), Some("12"));
    assert_eq!(os.version.as_deref(), Some("12 (bookworm)"));
    assert_eq!(os.pretty_name.as_deref(), Some("Debian GNU/Linux 12 (bookworm)"));
    assert_eq!(os.kernel.as_deref(), Some("6.1.0-28-amd64"));
}

#[test]
fn ubuntu() {
    let os = os_from_fields(parse(UBUNTU_2204), None);
    assert_eq!(os.id.as_deref(), Some("ubuntu"));
    assert_eq!(os.version_id.as_deref(), Some("22.04"));
    assert_eq!(os.version.as_deref(), Some("22.04.4 LTS (Jammy Jellyfish)"));
}

#[test]
fn rhel() {
    let os = os_from_fields(parse(RHEL_9), None);
    assert_eq!(os.id.as_deref(), Some("rhel"));
    assert_eq!(os.version_id.as_deref(), Some("9.4"));
    assert_eq!(os.name.as_deref(), Some("Red Hat Enterprise Linux"));
}

#[test]
fn alpine_has_no_version_field() {
    let os = os_from_fields(parse(ALPINE), None);
    assert_eq!(os.id.as_deref(), Some("alpine"));
    assert_eq!(os.version_id.as_deref(), Some("3.20.3"));
    assert_eq!(os.version, None, "absent stays absent");
}

#[test]
fn family_includes_id_like() {
    let text = "NAME=\"Rocky Linux\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"\n";
    assert_eq!(family_of(&parse(text)), ["rocky", "rhel", "centos", "fedora"]);
    assert!(family_of(&parse("garbage\n=\n==x")).is_empty());
    assert_eq!(family_of(&parse(DEBIAN_12)), ["debian"]);
}

#[test]
fn quoting() {
    let fields = parse("A=\"x \\\"y\\\" \\$z\"\nB='it''\nC=plain\nD=\"open\n=nokey\nbad key=1\n");
    assert_eq!(fields["A"], "x \"y\" $z");
    assert_eq!(fields.get("B"), None, "unbalanced single quote is skipped");
    assert_eq!(fields["C"], "plain");
    assert_eq!(fields.get("D"), None);
    assert_eq!(fields.len(), 2);
}

proptest::proptest! {
    #[test]
    fn never_panics(text in "\\PC*") {
        let _ = parse(&text);
    }
}
