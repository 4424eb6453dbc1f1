use super::*;

#[test]
fn the_builtin_policy_is_one_instance() {
    // The lifecycle assessment is reused while the policy is the same Arc; a fresh
    // default on every call made every page re-assess the whole fleet.
    let source = PolicySource::new(None).unwrap();
    assert!(Arc::ptr_eq(&source.get().unwrap(), &source.get().unwrap()));
}
