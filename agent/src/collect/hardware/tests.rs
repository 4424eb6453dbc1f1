use super::*;

#[test]
fn two_socket_xeon_with_hyper_threading() {
    let info = include_str!("../fixtures/cpuinfo/xeon-e5-2630-2s");
    let cpu = cpu(info, 24);
    assert_eq!(cpu.model.as_deref(), Some("Intel(R) Xeon(R) CPU E5-2630 0 @ 2.30GHz"));
    assert_eq!(cpu.sockets, Some(2));
    assert_eq!(cpu.cores, Some(12));
    assert_eq!(cpu.threads, 24);
}

#[test]
fn firecracker_vm() {
    let info = include_str!("../fixtures/cpuinfo/firecracker-epyc-2vcpu");
    let cpu = cpu(info, 2);
    assert_eq!(cpu.model.as_deref(), Some("AMD EPYC"));
    assert_eq!((cpu.sockets, cpu.cores, cpu.threads), (Some(1), Some(2), 2));
}

#[test]
fn vm_without_topology() {
    let info = "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu hypervisor\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n";
    let cpu = cpu(info, 2);
    assert_eq!(cpu.sockets, None);
    assert_eq!(cpu.cores, None);
    assert_eq!(cpu.threads, 2);
}

#[test]
fn udev_database_entry() {
    let entry = include_str!("../fixtures/udev/b8-0");
    assert_eq!(udev_property(entry, "ID_SERIAL_SHORT").as_deref(), Some("S3Z9NB0K123456A"));
    assert_eq!(udev_property(entry, "ID_MODEL").as_deref(), Some("Samsung_SSD_860_EVO_500GB"));
    assert_eq!(udev_property(entry, "ID_NOPE"), None);
}

#[test]
fn disks_from_a_sysfs_tree() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("sys/block/sda/size", "976773168\n");
    write("sys/block/sda/dev", "8:0\n");
    write("sys/block/sda/queue/rotational", "0\n");
    write("sys/block/sda/device/model", "Samsung SSD 860\n");
    write("run/udev/data/b8:0", include_str!("../fixtures/udev/b8-0"));
    write("sys/block/loop0/size", "1024\n"); // no device/: not a disk
    write("sys/block/sr0/size", "0\n");
    write("sys/block/sr0/device/model", "DVD-ROM\n");
    let disks = disks(&Host::at(root));
    assert_eq!(disks.len(), 1, "{disks:?}");
    assert_eq!(disks[0].size_bytes, 976_773_168 * 512);
    assert_eq!(disks[0].serial.as_deref(), Some("S3Z9NB0K123456A"));
    assert_eq!(disks[0].model.as_deref(), Some("Samsung SSD 860"));
    assert_eq!(disks[0].rotational, Some(false));
}

proptest::proptest! {
    #[test]
    fn never_panics(text in "\\PC*") {
        let _ = cpu(&text, 0);
        let _ = udev_property(&text, "ID_SERIAL");
    }
}
