//! The Årsring web dashboard: server-rendered HTML with maud, one small script and one
//! stylesheet embedded in the binary, nothing loaded from the internet.
//!
//! The collector decides what a page shows and describes it as a list of [`Section`]s
//! (cards, tables, the heat map, bars, forms…); this crate only renders them. Pages are
//! therefore plain data, easy to test, and the rendering is the same everywhere.

mod layout;
mod svg;
mod widgets;

pub use arsring_i18n::{Lang, Text, texts};

/// The languages (`arsring-i18n`), and the cookie the dashboard's switch keeps one in.
pub mod i18n {
    pub use arsring_i18n::*;

    /// The cookie the language switch sets: `sv` or `en`, for the browser session.
    pub const COOKIE: &str = "arsring_lang";
}
pub use layout::{LoginPage, Nav, Page, User, login, page};
pub use svg::{Bar, HeatCell, HeatRow, Heatmap};
pub use widgets::{Card, Cell, Control, Field, Form, Header, Section, Table};

/// The frame's and the widgets' texts, for the tests that check translations.
pub const TEXTS: &[(&str, Text)] = layout::text::ALL;

/// The stylesheet, served at `/static/app.css`.
pub const CSS: &str = include_str!("../assets/app.css");
/// The script, served at `/static/app.js`.
pub const JS: &str = include_str!("../assets/app.js");
/// The icon (tree rings), served at `/static/favicon.svg`.
pub const FAVICON: &str = include_str!("../assets/favicon.svg");
