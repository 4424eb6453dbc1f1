//! The overview's, the network devices' and the servers' texts. A text with `{name}` in it is
//! a template: the page fills it with `Text::fill`.

use arsring_dashboard::Lang;

use super::super::text::{self as shared, AGE_NONE_VM, STATUS_UNKNOWN, UNKNOWN};
pub use super::super::text::{CONTAINER, PHYSICAL, VIRTUAL, platform};
use crate::inventory::PatchStatus;
use crate::lifecycle::model::{Category, Item};

arsring_dashboard::texts! {
    // The overview.
    OVERVIEW = "Overview", "Översikt";
    SERVERS = "Servers", "Servrar";
    SERVERS_NOTE = "{physical} physical, {virtual} virtual, {container} container", "{physical} fysiska, {virtual} virtuella, {container} i container";
    NETWORK_DEVICES = "Network devices", "Nätverksenheter";
    NOT_ANSWERING_NOTE = "{count} not answering", "{count} svarar inte";
    PAST_END = "Components past end of life or security updates", "Komponenter förbi livslängden eller utan säkerhetsuppdateringar";
    PAST_END_NOTE = "{items_past} of {items} devices and parts; {devices_past} of {devices} devices", "{items_past} av {items} enheter och delar; {devices_past} av {devices} enheter";
    SECURITY_PENDING_CARD = "Servers with security updates pending", "Servrar med väntande säkerhetsuppdateringar";
    REBOOT_NOTE = "{count} need a reboot", "{count} behöver startas om";
    AGENTS_NOT_REPORTING = "Agents not reporting", "Agenter som inte rapporterar";
    SILENT_NOTE = "silent for over {days} days", "tysta i mer än {days} dagar";
    SERVERS_BY_DEPARTMENT = "Servers by department", "Servrar per verksamhet";
    SERVERS_BY_SITE = "Servers by site", "Servrar per plats";
    NETWORK_BY_SITE = "Network devices by site", "Nätverksenheter per plats";
    PATCH_STATUS = "Patch status", "Uppdateringsstatus";
    PHYSICAL_COLUMN = "Physical", "Fysiska";
    VIRTUAL_COLUMN = "Virtual", "Virtuella";
    DEVICES = "Devices", "Enheter";
    NOT_ANSWERING = "Not answering", "Svarar inte";
    NO_SITE = "(no site)", "(ingen plats)";
    UNASSIGNED_DEPARTMENT = "(unassigned)", "(ingen verksamhet)";
    UNASSIGNED_SITE = "(unassigned)", "(ingen plats)";
    NOTHING_REPORTED = "Nothing reported yet.", "Inget rapporterat ännu.";
    PATCH_SECURITY = "security", "säkerhetsuppdateringar väntar";
    PATCH_PENDING = "pending", "uppdateringar väntar";
    DAYS_SILENT = "Days silent", "Dagar utan rapport";
    ALL_REPORTED = "Every agent has reported within the threshold.", "Alla agenter har rapporterat inom tidsgränsen.";
    // Columns.
    DEVICE = "Device", "Enhet";
    SERVER = "Server", "Server";
    SITE = "Site", "Plats";
    DEPARTMENT = "Department", "Verksamhet";
    CATEGORY = "Category", "Kategori";
    MODEL = "Model", "Modell";
    SERIAL = "Serial", "Serienummer";
    FIRMWARE = "Firmware", "Firmwareversion";
    AGE = "Age (years)", "Ålder (år)";
    AGE_FROM = "Age from", "Ålder enligt";
    STATUS = "Status", "Status";
    DECIDED_BY = "Decided by", "Grund";
    REPLACE_BY = "Replace by", "Byts senast";
    LAST_SEEN = "Last seen", "Senast sedd";
    ANSWERING = "Answering", "Svarar";
    CONNECTED_TO = "Connected to", "Ansluten till";
    PLATFORM = "Platform", "Plattform";
    OS = "OS", "Operativsystem";
    PENDING = "Pending", "Väntande";
    SECURITY = "Security", "Varav säkerhet";
    LAST_PATCHED = "Last patched", "Senast uppdaterad";
    REBOOT = "Reboot", "Omstart";
    OS_SUPPORT = "OS support", "OS-stöd";
    HARDWARE_AGE = "Hardware age", "Hårdvarans ålder";
    LIFECYCLE = "Lifecycle", "Livscykel";
    // Cells.
    YES = "yes", "ja";
    NO = "no", "nej";
    NOT_ANSWERING_BECAUSE = "no: {reason}", "nej: {reason}";
    MORE = " +{count} more", " +{count} till";
    // Filters and downloads.
    ALL_SITES = "all sites", "alla platser";
    ANY_STATUS = "any status", "oavsett status";
    SEARCH = "Name, model, serial or neighbour", "Namn, modell, serienummer eller granne";
    NETWORK_CSV = "Network devices and their components (CSV)", "Nätverksenheter och deras komponenter (CSV)";
    OUTDATED_CSV = "Work list: outdated devices (CSV)", "Arbetslista: föråldrade enheter (CSV)";
    OUTDATED_EXCEL = "Work list: outdated devices (Excel)", "Arbetslista: föråldrade enheter (Excel)";
    NO_NETWORK_DEVICE = "No network device matches.", "Ingen nätverksenhet matchar urvalet.";
    ALL_DEPARTMENTS = "all departments", "alla verksamheter";
    ANY = "any", "alla";
    SECURITY_UPDATES_PENDING = "security updates pending", "säkerhetsuppdateringar väntar";
    UPDATES_PENDING = "updates pending", "uppdateringar väntar";
    UP_TO_DATE = "up to date", "uppdaterad";
    SERVERS_CSV = "Servers (CSV)", "Servrar (CSV)";
    NO_SERVER = "No server matches.", "Ingen server matchar urvalet.";
}

/// Texts of this module that read the same in both languages on purpose: words Swedish IT
/// staff use as they are. For the translation tests, beside `pages::text`'s own list.
#[cfg(test)]
pub const SAME_IN_BOTH: &[&str] = &["Server", "Status", "container"];

/// Where an item's age comes from, as `Item::age_source` says it in English.
pub fn age_source(item: &Item, lang: Lang) -> Option<&'static str> {
    match (item.in_service, item.category) {
        (Some(i), _) => Some(shared::age_source(i.source, lang)),
        (None, Category::VirtualMachine) => Some(AGE_NONE_VM.get(lang)),
        (None, _) => None,
    }
}

/// A patch status as the overview counts it (`PatchStatus::as_str`).
pub fn patch_status(code: &str, lang: Lang) -> String {
    let text = match code {
        c if c == PatchStatus::Security.as_str() => PATCH_SECURITY,
        c if c == PatchStatus::Pending.as_str() => PATCH_PENDING,
        c if c == PatchStatus::UpToDate.as_str() => UP_TO_DATE,
        c if c == PatchStatus::Unknown.as_str() => STATUS_UNKNOWN,
        other => return other.replace('_', " "),
    };
    text.get(lang).to_string()
}

/// Yes, no, or unknown (the count or date is neuter in Swedish: "okänt").
pub fn yes_no(value: Option<bool>, lang: Lang) -> &'static str {
    match value {
        Some(true) => YES.get(lang),
        Some(false) => NO.get(lang),
        None => UNKNOWN.get(lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English stays what the model says, so the pages read as before.
    #[test]
    fn english_names_are_the_codes() {
        for s in [PatchStatus::UpToDate, PatchStatus::Pending, PatchStatus::Security, PatchStatus::Unknown] {
            assert_eq!(patch_status(s.as_str(), Lang::En), s.as_str().replace('_', " "));
            assert_ne!(patch_status(s.as_str(), Lang::Sv), s.as_str().replace('_', " "));
        }
        assert_eq!(yes_no(None, Lang::En), "unknown");
    }

    #[test]
    fn templates_fill() {
        let note = REBOOT_NOTE.fill(Lang::Sv, &[("count", "3")]);
        assert_eq!(note, "3 behöver startas om");
        assert_eq!(MORE.fill(Lang::En, &[("count", "2")]), " +2 more");
    }
}
