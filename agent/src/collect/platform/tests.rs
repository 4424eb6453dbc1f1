use super::*;

fn vm(vendor: &str, product: &str, flag: bool) -> Platform {
    decide(&Evidence {
        sys_vendor: Some(vendor.into()),
        product_name: Some(product.into()),
        cpu_hypervisor_flag: flag,
        ..Evidence::default()
    })
}

#[test]
fn known_hypervisors_from_dmi() {
    let cases = [
        ("VMware, Inc.", "VMware Virtual Platform", "vmware"),
        ("VMware, Inc.", "VMware7,1", "vmware"),
        ("QEMU", "Standard PC (Q35 + ICH9, 2009)", "kvm"),
        ("Red Hat", "KVM", "kvm"),
        ("Microsoft Corporation", "Virtual Machine", "hyper-v"),
        ("innotek GmbH", "VirtualBox", "virtualbox"),
        ("Xen", "HVM domU", "xen"),
        ("Google", "Google Compute Engine", "gce"),
        ("OpenStack Foundation", "OpenStack Nova", "openstack"),
        ("Amazon EC2", "t3.medium", "amazon"),
        ("Nutanix", "AHV", "nutanix-ahv"),
    ];
    for (vendor, product, tech) in cases {
        let p = vm(vendor, product, true);
        assert_eq!(p.kind, PlatformKind::Virtual, "{vendor} {product}");
        assert_eq!(p.technology.as_deref(), Some(tech), "{vendor} {product}");
    }
}

#[test]
fn physical_servers() {
    let p = vm("Dell Inc.", "PowerEdge R640", false);
    assert_eq!(p.kind, PlatformKind::Physical);
    assert!(p.source.contains("Dell Inc."));
    assert_eq!(vm("Amazon EC2", "m5.metal", false).kind, PlatformKind::Physical);
    assert_eq!(vm("Microsoft Corporation", "Surface Pro 7", false).kind, PlatformKind::Physical);
}

#[test]
fn hypervisor_flag_without_dmi_is_virtual_of_unknown_technology() {
    // Firecracker and some clouds expose no DMI table at all.
    let p = decide(&Evidence { cpu_hypervisor_flag: true, ..Evidence::default() });
    assert_eq!(p.kind, PlatformKind::Virtual);
    assert_eq!(p.technology, None);
}

#[test]
fn container_wins_over_host_signals() {
    let p = decide(&Evidence {
        container: Some(("lxc".into(), "/run/systemd/container".into())),
        sys_vendor: Some("Dell Inc.".into()),
        ..Evidence::default()
    });
    assert_eq!(p.kind, PlatformKind::Container);
    assert_eq!(p.technology.as_deref(), Some("lxc"));
}

#[test]
fn nothing_known_is_unknown() {
    assert_eq!(decide(&Evidence::default()).kind, PlatformKind::Unknown);
}
