//! The report ids the writer stored lately, so that a report looked up ahead on its caller's
//! thread need not be looked up again on the writer's.
//!
//! Every report's id is checked against the `reports` tree before it is stored (a re-sent
//! report is a duplicate). On the writer, one thread for every caller, that random read was
//! the largest part left of its work once reports were decided ahead (`commit`). So a caller
//! reads [`Recent::checked`] then looks its id up in the tree itself; if the id is absent, the
//! writer has only to ask whether a group stored after that check holds it, which this answers
//! from memory for the last [`KEEP`] groups, and otherwise says it does not know.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Groups remembered: a check older than this is done again on the tree (a caller that
/// waited that long for its turn is rare, and the look-up is still right, only slower).
const KEEP: usize = 256;

#[derive(Default)]
pub(super) struct Recent {
    /// The number of the last group whose inserts are all done (0: none yet).
    stored: AtomicU64,
    /// Written by the writer alone; a lock only to be shared through `Tables`.
    window: Mutex<Window>,
}

#[derive(Default)]
struct Window {
    /// Every id stored by a group numbered `since` or later is in `ids`.
    since: u64,
    ids: HashMap<[u8; 16], u64>,
    groups: VecDeque<(u64, Vec<[u8; 16]>)>,
}

impl Recent {
    /// For a caller about to look an id up in the tree: the groups stored so far, all of
    /// whose inserts that look-up will see.
    pub fn checked(&self) -> u64 {
        self.stored.load(Ordering::Acquire)
    }

    /// Whether `id`, absent from the tree when looked up after [`Recent::checked`] gave
    /// `checked`, has been stored since; `None` when that is no longer remembered.
    pub fn stored_since(&self, id: &[u8; 16], checked: u64) -> Option<bool> {
        let window = self.window.lock().ok()?;
        (checked + 1 >= window.since).then(|| window.ids.get(id).is_some_and(|group| *group > checked))
    }

    /// After a group's inserts: `ids` are in the tree, and later checks see them.
    pub fn stored(&self, ids: Vec<[u8; 16]>) {
        let Ok(mut window) = self.window.lock() else { return };
        let group = self.stored.load(Ordering::Relaxed) + 1;
        for id in &ids {
            window.ids.insert(*id, group);
        }
        window.groups.push_back((group, ids));
        while window.groups.len() > KEEP {
            let Some((oldest, ids)) = window.groups.pop_front() else { break };
            for id in ids {
                if window.ids.get(&id) == Some(&oldest) {
                    window.ids.remove(&id);
                }
            }
            window.since = oldest + 1;
        }
        self.stored.store(group, Ordering::Release);
    }

    /// After anything else that may have written the tree (a failed group, a change run by the
    /// writer): nothing checked before now is answered from memory.
    pub fn forget(&self) {
        let Ok(mut window) = self.window.lock() else { return };
        let group = self.stored.load(Ordering::Relaxed) + 1;
        *window = Window { since: group + 1, ..Window::default() };
        self.stored.store(group, Ordering::Release);
    }
}

#[cfg(test)]
mod tests;
