//! Texts every page uses: the error frames, paging, platforms; lifecycle statuses, categories
//! of equipment and age sources are the lifecycle's own words (`lifecycle::words`, which the
//! workbooks use too). Each page module keeps its own texts beside it (`<page>/text.rs`);
//! [`all`] lists every one of them for the translation tests.

use arsring_dashboard::{Lang, Text};

use arsring_protocol::PlatformKind;

pub use crate::lifecycle::words::{STATUS_UNKNOWN, age_source, category, status};

arsring_dashboard::texts! {
    AGE_NONE_VM = "none (virtual machine)", "inget (virtuell maskin)";
    PHYSICAL = "physical", "fysisk";
    VIRTUAL = "virtual", "virtuell";
    CONTAINER = "container", "container";
    CANNOT_SHOW = "This page cannot be shown", "Sidan kan inte visas";
    ERROR = "Error", "Fel";
    ADMINS_ONLY = "Administrators only", "Endast administratörer";
    VIEWER_ROLE = "Your token has the viewer role.", "Din token har läsrollen.";
    NOT_ALLOWED = "Not allowed", "Inte tillåtet";
    UNKNOWN = "unknown", "okänt";
    SHOW = "Show", "Visa";
    PREVIOUS = "← previous", "← föregående";
    NEXT = "next →", "nästa →";
    ROWS = "Rows", "Rader";
    OF = "of", "av";
}

/// Physical, virtual or container, as `PlatformKind::as_str` says it in English.
pub fn platform(kind: PlatformKind, lang: Lang) -> &'static str {
    let text = match kind {
        PlatformKind::Physical => PHYSICAL,
        PlatformKind::Virtual => VIRTUAL,
        PlatformKind::Container => CONTAINER,
        PlatformKind::Unknown => STATUS_UNKNOWN,
    };
    text.get(lang)
}

/// Every text of the pages and of the dashboard frame.
pub fn all() -> Vec<(&'static str, Text)> {
    let modules: &[&[(&str, Text)]] = &[
        ALL,
        arsring_dashboard::TEXTS,
        crate::lifecycle::words::ALL,
        super::fleet::text::ALL,
        super::lifecycle::text::ALL,
        super::costs::text::ALL,
        super::device::text::ALL,
        super::admin::text::ALL,
        super::audit::text::ALL,
    ];
    modules.iter().flat_map(|m| m.iter().copied()).collect()
}

#[cfg(test)]
mod tests;
