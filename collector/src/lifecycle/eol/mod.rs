//! Release cycles from endoflife.date: when each server OS and network firmware stops
//! getting security updates.
//!
//! - [`product`] (pure): the API v1 JSON of one product, validated into [`Product`] and its
//!   [`Cycle`]s. Errors name the JSON path.
//! - [`mapping`] (pure): which product and cycle a [`Software`](crate::lifecycle::model::Software)
//!   (os-release `ID`/`VERSION_ID`, or SNMP OS family and firmware version) belongs to, given
//!   the products held. Families endoflife.date does not cover are said to be so, rather
//!   than guessed.
//! - [`client`] (I/O shell): fetches the products a fleet needs with conditional GETs, honours
//!   429 `Retry-After` within a budget, and imports the same JSON from a directory for
//!   machines without internet.
//!
//! The caller stores the [`Product`]s (they are plain serde data) and passes them back to
//! [`sync`] next time, so an unchanged product costs a 304 and no parsing. Which products to
//! fetch follows from the fleet: [`products_needed`].

pub mod client;
pub mod mapping;
pub mod product;

pub use client::{RetryLimits, SyncResult, import_dir, retry_after, sync};
pub use mapping::{Mapping, product_for, products_needed, release_for};
pub use product::{Cycle, ParseError, Product, parse_api_product, valid_product_name};

/// The public endoflife.date API v1; product URLs are `{base}products/{name}`.
pub const DEFAULT_BASE_URL: &str = "https://endoflife.date/api/v1/";
