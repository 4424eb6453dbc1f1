//! The inventory as people read it: one flat row per device, filters, pages, and the summary.
//! Pure functions over store records; the API and CSV render what these return.

pub mod link;
mod page;
mod row;
mod summary;
pub mod topology;

pub use page::{Cursor, DEFAULT_LIMIT, Limit, MAX_LIMIT, Page, page};
pub use row::{DeviceRow, Filter, PatchStatus, row, stale_from};
pub use summary::{Count, Group, NetworkCounts, NetworkGroup, PlatformCounts, StaleAgent, Summary, summary};
