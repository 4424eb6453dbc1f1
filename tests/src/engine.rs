//! Which store engine the end-to-end suite runs against: the embedded one by default, and
//! PostgreSQL with `ARSRING_TEST_STORE=postgres` (`tests/run.sh` runs the suite both ways).
//!
//! With PostgreSQL, each data directory a test uses gets a throwaway cluster of its own,
//! kept for the test's thread: a collector restarted on the same data directory (after a
//! kill -9, say) finds the same database, and the cluster goes when the test ends.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::peers::{self, Postgres};

/// The engine in use: `"sled"` or `"postgres"`.
pub fn name() -> &'static str {
    match std::env::var("ARSRING_TEST_STORE").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sled",
    }
}

/// Whether the suite runs on the embedded store: tests of sled's own files check this.
pub fn embedded() -> bool {
    name() == "sled"
}

thread_local! {
    static CLUSTERS: RefCell<HashMap<PathBuf, Postgres>> = RefCell::new(HashMap::new());
}

/// The PostgreSQL URL for `data_dir` (plain TCP on loopback: the TLS path has tests of its
/// own), or `None` on the embedded store.
pub fn store_url(data_dir: &Path) -> Option<String> {
    if embedded() {
        return None;
    }
    let key = data_dir.to_path_buf();
    CLUSTERS.with(|clusters| {
        let mut clusters = clusters.borrow_mut();
        if !clusters.contains_key(&key) {
            let pg = peers::postgres().expect("ARSRING_TEST_STORE=postgres needs PostgreSQL (tests/peers/install.sh)");
            clusters.insert(key.clone(), pg);
        }
        Some(clusters[&key].url_plain())
    })
}
