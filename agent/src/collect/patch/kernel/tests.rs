use super::*;

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn versions_compare_like_rpm() {
    assert_eq!(compare_versions("5.14.0-427.18.1.el9_4.x86_64", "5.14.0-427.13.1.el9_4.x86_64"), Ordering::Greater);
    assert_eq!(compare_versions("6.1.0-9-amd64", "6.1.0-10-amd64"), Ordering::Less);
    assert_eq!(compare_versions("1.0~rc1", "1.0"), Ordering::Less);
    assert_eq!(compare_versions("1.0a", "1.0.1"), Ordering::Less);
    assert_eq!(compare_versions("007", "7"), Ordering::Equal);
}

#[test]
fn kernel_comparison_explains_itself() {
    let installed = ids(&["5.14.0-427.13.1.el9_4.x86_64", "5.14.0-427.18.1.el9_4.x86_64"]);
    let old = kernel_reboot(Some("5.14.0-427.13.1.el9_4.x86_64\n"), &installed, "kernel-core packages");
    assert_eq!(old.required, Some(true));
    assert!(old.source.contains("older than installed 5.14.0-427.18.1.el9_4.x86_64"), "{}", old.source);
    assert_eq!(kernel_reboot(Some("5.14.0-427.18.1.el9_4.x86_64"), &installed, "k").required, Some(false));
    // In a container the host's kernel is running: no answer rather than a wrong one.
    assert_eq!(kernel_reboot(Some("6.18.44-fc-v669"), &installed, "k").required, None);
    assert_eq!(kernel_reboot(Some("6.1.0"), &[], "k").required, None);
    assert_eq!(kernel_reboot(None, &installed, "k").required, None);
}
