use super::*;

#[test]
fn role_matrix() {
    // Agent tokens enrol; reports come with the device's own key (checked apart).
    assert!(!Access::Ingest.allows(Role::Agent));
    assert!(Access::Enrol.allows(Role::Agent));
    assert!(!Access::Enrol.allows(Role::Viewer));
    assert!(!Access::Ingest.allows(Role::Viewer));
    assert!(Access::Ingest.allows(Role::Admin));
    assert!(!Access::Read.allows(Role::Agent));
    assert!(Access::Read.allows(Role::Viewer));
    assert!(Access::Read.allows(Role::Admin));
    assert!(!Access::Admin.allows(Role::Agent));
    assert!(!Access::Admin.allows(Role::Viewer));
    assert!(Access::Admin.allows(Role::Admin));
}
