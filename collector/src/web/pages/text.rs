//! Texts every page uses: lifecycle statuses, categories of equipment, the error frames.
//! Each page module keeps its own texts beside it (`<page>/text.rs`); [`all`] lists every
//! one of them for the translation tests.

use arsring_dashboard::{Lang, Text};

use arsring_protocol::PlatformKind;

use crate::lifecycle::model::{AgeSource, Category};
use crate::lifecycle::status::Status;

arsring_dashboard::texts! {
    STATUS_UNKNOWN = "unknown", "okänd";
    STATUS_OK = "ok", "ok";
    STATUS_DUE = "due", "snart slut";
    STATUS_PAST_END_OF_LIFE = "past end of life", "förbi livslängden";
    STATUS_PAST_END_OF_SECURITY_UPDATES = "past end of security updates", "utan säkerhetsuppdateringar";
    CATEGORY_SERVER = "server", "server";
    CATEGORY_VIRTUAL_MACHINE = "virtual machine", "virtuell maskin";
    CATEGORY_HYPERVISOR_HOST = "hypervisor host", "virtualiseringsvärd";
    CATEGORY_STORAGE = "storage", "lagring";
    CATEGORY_SWITCH = "switch", "switch";
    CATEGORY_ROUTER = "router", "router";
    CATEGORY_FIREWALL = "firewall", "brandvägg";
    CATEGORY_WIRELESS_CONTROLLER = "wireless controller", "trådlös kontroller";
    CATEGORY_ACCESS_POINT = "access point", "accesspunkt";
    CATEGORY_LOAD_BALANCER = "load balancer", "lastbalanserare";
    CATEGORY_POWER_SUPPLY = "power supply", "nätaggregat";
    CATEGORY_FAN = "fan", "fläkt";
    CATEGORY_MODULE = "module", "modul";
    CATEGORY_TRANSCEIVER = "transceiver", "transceiver";
    CATEGORY_OTHER = "other", "annat";
    AGE_ASSET_REGISTER = "purchase date (asset register)", "inköpsdatum (inventarieregistret)";
    AGE_MANUFACTURING_DATE = "manufacturing date (ENTITY-MIB)", "tillverkningsdatum (ENTITY-MIB)";
    AGE_BIOS_DATE = "BIOS release date (estimate)", "BIOS-versionens datum (uppskattning)";
    AGE_FIRST_SEEN = "first seen by the collector (lower bound)", "först sedd av insamlaren (minst så gammal)";
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

pub fn status(status: Status, lang: Lang) -> &'static str {
    let text = match status {
        Status::Unknown => STATUS_UNKNOWN,
        Status::Ok => STATUS_OK,
        Status::Due => STATUS_DUE,
        Status::PastEndOfLife => STATUS_PAST_END_OF_LIFE,
        Status::PastEndOfSecurityUpdates => STATUS_PAST_END_OF_SECURITY_UPDATES,
    };
    text.get(lang)
}

pub fn category(category: Category, lang: Lang) -> &'static str {
    let text = match category {
        Category::Server => CATEGORY_SERVER,
        Category::VirtualMachine => CATEGORY_VIRTUAL_MACHINE,
        Category::HypervisorHost => CATEGORY_HYPERVISOR_HOST,
        Category::Storage => CATEGORY_STORAGE,
        Category::Switch => CATEGORY_SWITCH,
        Category::Router => CATEGORY_ROUTER,
        Category::Firewall => CATEGORY_FIREWALL,
        Category::WirelessController => CATEGORY_WIRELESS_CONTROLLER,
        Category::AccessPoint => CATEGORY_ACCESS_POINT,
        Category::LoadBalancer => CATEGORY_LOAD_BALANCER,
        Category::PowerSupply => CATEGORY_POWER_SUPPLY,
        Category::Fan => CATEGORY_FAN,
        Category::Module => CATEGORY_MODULE,
        Category::Transceiver => CATEGORY_TRANSCEIVER,
        Category::Other => CATEGORY_OTHER,
    };
    text.get(lang)
}

/// Where an in-service date comes from, as `AgeSource::describe` says it in English.
pub fn age_source(source: AgeSource, lang: Lang) -> &'static str {
    let text = match source {
        AgeSource::AssetRegister => AGE_ASSET_REGISTER,
        AgeSource::ManufacturingDate => AGE_MANUFACTURING_DATE,
        AgeSource::BiosDate => AGE_BIOS_DATE,
        AgeSource::FirstSeen => AGE_FIRST_SEEN,
    };
    text.get(lang)
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
