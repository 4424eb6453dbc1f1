use super::*;

#[test]
fn oldest_first_and_bounded_by_count() {
    let dir = tempfile::tempdir().unwrap();
    let spool = Spool::open(dir.path(), 3, u64::MAX).unwrap();
    for i in 0..5u128 {
        spool.push(Uuid::from_u128(i), format!("report {i}").as_bytes()).unwrap();
    }
    let bodies: Vec<String> =
        spool.entries().unwrap().iter().map(|e| String::from_utf8(spool.read(e).unwrap()).unwrap()).collect();
    assert_eq!(bodies, ["report 2", "report 3", "report 4"]);
}

#[test]
fn bounded_by_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let spool = Spool::open(dir.path(), 100, 25).unwrap();
    for i in 0..4u128 {
        spool.push(Uuid::from_u128(i), b"0123456789").unwrap();
    }
    let entries = spool.entries().unwrap();
    assert_eq!(entries.len(), 2);
    assert!(entries[0].name().ends_with(&format!("{}.json", Uuid::from_u128(2))));
}

#[test]
fn temporary_files_are_not_entries() {
    let dir = tempfile::tempdir().unwrap();
    let spool = Spool::open(dir.path(), 10, u64::MAX).unwrap();
    std::fs::write(dir.path().join(".x.json.123.tmp"), b"half").unwrap();
    spool.push(Uuid::from_u128(1), b"{}").unwrap();
    assert_eq!(spool.entries().unwrap().len(), 1);
}

#[test]
fn spooled_reports_are_for_the_agent_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let spool = Spool::open(dir.path().join("state/spool"), 10, 1 << 20).unwrap();
    spool.push(Uuid::from_u128(1), b"{}").unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir.path().join("state")), 0o700);
    assert_eq!(mode(spool.dir()), 0o700);
    assert_eq!(mode(&spool.entries().unwrap()[0].path), 0o600);
}
