use super::*;

fn release(
    configured_id: &str,
    configured_name: &str,
    tools_id: &str,
    tools_name: &str,
) -> Option<(String, Option<String>)> {
    fn opt(s: &str) -> Option<&str> {
        (!s.is_empty()).then_some(s)
    }
    guest_os(opt(configured_id), opt(configured_name), opt(tools_id), opt(tools_name))
        .map(|s| (s.value.family, s.value.version))
}

fn os(family: &str, version: Option<&str>) -> Option<(String, Option<String>)> {
    Some((family.into(), version.map(str::to_string)))
}

#[test]
fn tools_tell_what_runs_and_the_configuration_what_was_chosen() {
    // Created as "2016 or later", running 2019: Tools win.
    assert_eq!(
        release(
            "windows9Server64Guest",
            "Microsoft Windows Server 2016 or later (64-bit)",
            "windows2019srv_64Guest",
            "Microsoft Windows Server 2019 (64-bit)"
        ),
        os("windows-server", Some("2019"))
    );
    // No Tools: the configured id, which for windows9Server names no release.
    assert_eq!(
        release("windows9Server64Guest", "Microsoft Windows Server 2016 or later (64-bit)", "", ""),
        os("windows-server", None)
    );
    assert_eq!(release("windows2019srvNext_64Guest", "", "", ""), os("windows-server", Some("2022")));
    assert_eq!(release("", "", "", "Microsoft Windows Server 2012 R2 (64-bit)"), os("windows-server", Some("2012 R2")));
    assert_eq!(release("other3xLinux64Guest", "Other 3.x Linux (64-bit)", "", ""), None, "unknown stays unknown");
    let sourced = guest_os(Some("rhel8_64Guest"), None, None, None).unwrap();
    assert_eq!(sourced.source, "configured guestId \"rhel8_64Guest\"");
}

#[test]
fn linux_ids_and_names() {
    for (id, want) in [
        ("rhel8_64Guest", os("rhel", Some("8"))),
        ("rhel7_64Guest", os("rhel", Some("7"))),
        ("debian11_64Guest", os("debian", Some("11"))),
        ("sles15_64Guest", os("sles", Some("15"))),
        ("oracleLinux8_64Guest", os("oracle-linux", Some("8"))),
        ("centos64Guest", os("centos", None)),
        ("ubuntu64Guest", os("ubuntu", None)),
        ("rockylinux_64Guest", os("rocky-linux", None)),
        ("freebsd13_64Guest", None),
    ] {
        assert_eq!(from_id(id).map(|o| (o.family, o.version)), want, "{id}");
    }
    for (name, want) in [
        ("Red Hat Enterprise Linux 8 (64-bit)", os("rhel", Some("8"))),
        ("Debian GNU/Linux 12 (64-bit)", os("debian", Some("12"))),
        ("Ubuntu Linux (64-bit)", os("ubuntu", None)),
        ("Ubuntu 22.04.3 LTS", os("ubuntu", Some("22.04.3"))),
        ("SUSE Linux Enterprise 15 (64-bit)", os("sles", Some("15"))),
        ("Microsoft Windows 10 (64-bit)", None),
    ] {
        assert_eq!(from_name(name).map(|o| (o.family, o.version)), want, "{name}");
    }
}

proptest::proptest! {
    #[test]
    fn never_panics(a in ".{0,40}", b in ".{0,40}") {
        let _ = guest_os(Some(&a), Some(&b), Some(&b), Some(&a));
    }
}
