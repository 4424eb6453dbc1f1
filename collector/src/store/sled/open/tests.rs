use super::*;
use crate::store::Store;

fn damaged_db(dir: &Path, len: u64) {
    drop(Store::open(dir).unwrap());
    std::fs::OpenOptions::new().write(true).open(dir.join("store/db")).unwrap().set_len(len).unwrap();
}

/// sled 0.34 comes back empty from a log cut short at its start; stamping it as a new
/// store would have the collector carry on with nothing.
#[test]
fn a_store_that_reads_back_empty_is_refused_not_made_anew() {
    let dir = tempfile::tempdir().unwrap();
    damaged_db(dir.path(), 0);
    for _ in 0..2 {
        let err = Store::open(dir.path()).err().expect("refused").to_string();
        assert!(err.contains(&format!("the store in {} is damaged", dir.path().join("store").display())), "{err}");
        assert!(err.contains("reads nothing back"), "{err}");
        assert!(err.contains("store verify --data-dir"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
    }
}

#[test]
fn a_record_that_does_not_decode_names_its_tree_and_key() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let device = uuid::Uuid::from_u128(7);
    {
        let db = sled::open(dir.path().join("store")).unwrap();
        db.open_tree("devices").unwrap().insert(device.as_bytes(), b"not json".as_slice()).unwrap();
        db.open_tree("credentials").unwrap().insert("cred_x", b"{}".as_slice()).unwrap();
        db.flush().unwrap();
    }
    let err = Store::open(dir.path()).err().expect("refused").to_string();
    assert!(err.contains(&format!("devices record {device}")), "{err}");

    {
        let db = sled::open(dir.path().join("store")).unwrap();
        db.open_tree("devices").unwrap().remove(device.as_bytes()).unwrap();
        db.flush().unwrap();
    }
    let err = Store::open(dir.path()).err().expect("refused").to_string();
    assert!(err.contains("credentials record cred_x: does not decode"), "{err}");
}

#[test]
fn a_new_store_is_stamped() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    drop(Store::open(dir.path()).unwrap());
}

#[test]
fn a_panic_becomes_its_message() {
    let caught = catch_sled(|| -> u32 { panic!("tried to serialize Uninitialized") }).unwrap_err();
    assert!(caught.starts_with("tried to serialize Uninitialized, at "), "{caught}");
    assert!(caught.contains("open/tests.rs"), "{caught}");
    assert_eq!(catch_sled(|| 5), Ok(5));
    // Nested: the outer catch still catches after the inner one has returned.
    let outer = catch_sled(|| {
        let _ = catch_sled(|| panic!("inner"));
        panic!("outer")
    });
    assert!(outer.unwrap_err().starts_with("outer"));
}
