use super::*;

#[test]
fn role_matrix() {
    assert!(Access::Ingest.allows(Role::Agent));
    assert!(!Access::Ingest.allows(Role::Viewer));
    assert!(Access::Ingest.allows(Role::Admin));
    assert!(!Access::Read.allows(Role::Agent));
    assert!(Access::Read.allows(Role::Viewer));
    assert!(Access::Read.allows(Role::Admin));
    assert!(!Access::Admin.allows(Role::Agent));
    assert!(!Access::Admin.allows(Role::Viewer));
    assert!(Access::Admin.allows(Role::Admin));
}
