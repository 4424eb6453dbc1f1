use std::os::unix::fs::PermissionsExt;

use super::*;

#[test]
fn events_are_appended_read_back_newest_first_and_filtered() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::at(dir.path());
    let device = Uuid::from_u128(5);
    log.record(&Event::new("anna", "import.assets", "3 rows")).unwrap();
    log.record(&Event::new("cred_1", "report.refused", "bound to cred_2").device(device).credential("cred_1")).unwrap();
    log.record(&Event::new("bertil", "token.create", "viewer token")).unwrap();
    let all = log.read(&Filter::default(), 100).unwrap();
    assert_eq!(
        all.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["token.create", "report.refused", "import.assets"]
    );
    let by_device = log.read(&Filter { device_id: Some(device), ..Filter::default() }, 100).unwrap();
    assert_eq!(by_device.len(), 1);
    assert_eq!(log.read(&Filter { action: Some("import".into()), ..Filter::default() }, 100).unwrap().len(), 1);
    assert_eq!(log.read(&Filter { actor: Some("ANNA".into()), ..Filter::default() }, 100).unwrap().len(), 1);
    assert_eq!(log.read(&Filter::default(), 2).unwrap().len(), 2);
    let mode = std::fs::metadata(dir.path().join(FILE)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn a_torn_last_line_is_skipped_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::at(dir.path());
    log.record(&Event::new("anna", "import.assets", "3 rows")).unwrap();
    std::fs::OpenOptions::new().append(true).open(dir.path().join(FILE)).unwrap().write_all(b"{\"at\":\"2026").unwrap();
    assert_eq!(log.read(&Filter::default(), 10).unwrap().len(), 1);
    assert!(AuditLog::at(&dir.path().join("none")).read(&Filter::default(), 10).unwrap().is_empty());
}
