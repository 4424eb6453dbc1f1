use super::*;

fn config(url: &str) -> VsphereConfig {
    VsphereConfig {
        url: url.into(),
        user: "arsring-ro".into(),
        password: Some("hemligt".into()),
        password_file: None,
        ca: None,
        insecure: false,
        name: None,
        timeout_secs: 60,
        page_size: 250,
        tags: true,
    }
}

#[test]
fn only_https_unless_insecure_is_asked_for() {
    assert_eq!(config("https://vcenter.kommun.example/sdk").target().unwrap().name, "vcenter.kommun.example");
    let err = config("http://vcenter.kommun.example/sdk").target().unwrap_err().to_string();
    assert!(err.contains("not https"), "{err}");
    let insecure = VsphereConfig { insecure: true, ..config("http://127.0.0.1:8989/sdk") };
    assert!(insecure.target().is_ok());
    assert!(config("not a url").target().is_err());
    assert!(VsphereConfig { user: " ".into(), ..config("https://v/sdk") }.target().is_err());
}

#[test]
fn the_password_never_shows() {
    let c = config("https://vcenter.kommun.example/sdk");
    let t = c.target().unwrap();
    for text in [format!("{c:?}"), format!("{t:?}")] {
        assert!(!text.contains("hemligt"), "{text}");
    }
    assert_eq!(t.password().unwrap(), "hemligt");
}

#[test]
fn the_password_comes_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pw");
    std::fs::write(&file, "från fil\n").unwrap();
    let c = VsphereConfig { password: None, password_file: Some(file.clone()), ..config("https://v/sdk") };
    assert_eq!(c.target().unwrap().password().unwrap(), "från fil");
    let both = VsphereConfig { password_file: Some(file), ..config("https://v/sdk") };
    assert!(both.target().is_err(), "password and password_file together");
}

#[test]
fn agent_toml_takes_vsphere_targets() {
    let config = crate::config::Config::parse(
        "[[vsphere]]\nurl = \"https://vcenter.kommun.example/sdk\"\nuser = \"arsring-ro\"\npassword_file = \"/etc/arsring/vsphere.pw\"\nca = \"/etc/arsring/vmca.pem\"\n",
    )
    .unwrap();
    assert_eq!(config.vsphere.len(), 1);
    assert_eq!(config.vsphere[0].page_size, 250);
    assert!(config.vsphere[0].tags);
    let typo = crate::config::Config::parse("[[vsphere]]\nurl = \"https://v/sdk\"\nuser = \"u\"\npasword = \"x\"\n");
    assert!(typo.is_err(), "unknown keys are refused");
}
