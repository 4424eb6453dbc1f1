//! Placeholder until the patch-level collector lands.
use arsring_protocol::{Patch, RebootRequired, Updates};
pub fn collect(_timeout: std::time::Duration) -> Patch {
    Patch {
        manager: None,
        updates: Updates::Unknown {
            reason: "not implemented".into(),
        },
        last_installed: None,
        reboot_required: RebootRequired {
            required: None,
            source: "not implemented".into(),
        },
    }
}
