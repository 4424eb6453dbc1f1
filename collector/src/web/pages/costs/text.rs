//! The costs page's texts. A text with `{name}` in it is a template, filled with `Text::fill`.
//!
//! The charge report words a few things itself (what a line is driven by, why a server is
//! unassigned or a pool not allocated): the same English goes to the CSV and the workbook.
//! A line's driver comes with its quantities, which the page words in Swedish; the reasons
//! are translated when they are among the report's own sentences, and shown as the report
//! has them otherwise.

use arsring_dashboard::{Lang, Text};

use crate::costs::driver::{Driver, gigabytes, terabytes};
use crate::costs::engine::Line;
use crate::costs::model::{MethodKind, ServerClass, VmWeight};

arsring_dashboard::texts! {
    TITLE = "Costs", "Kostnader";
    TITLE_YEAR = "Costs {year}", "Kostnader {year}";
    NO_MODEL = "No cost model has been imported yet: arsring-collector costs import costs.toml (see deploy/costs.toml).", "Ingen kostnadsmodell har importerats ännu: arsring-collector costs import costs.toml (se deploy/costs.toml).";
    YEAR = "Year", "År";
    BAD_YEAR = "a year, e.g. 2026", "ett årtal, t.ex. 2026";
    IMPORTED = "Cost model imported {at} by {by}. Amounts are exact to the öre; every split sums to its pool.", "Kostnadsmodellen importerades {at} av {by}. Beloppen är exakta på öret; varje fördelning summerar till sin kostnadspool.";
    NOT_ALLOCATED_TITLE = "Pools not allocated this year", "Kostnadspooler som inte fördelas det här året";
    WORKBOOK = "Charges: Excel workbook (debiteringsunderlag)", "Debiteringsunderlag (Excel-arbetsbok)";
    CHARGES_CSV = "Charges (CSV)", "Debiteringar (CSV)";
    CHARGES_CSV_SV = "Charges (CSV for Swedish Excel)", "Debiteringar (CSV för svenskt Excel)";
    SERVERS_CSV = "Servers and who pays (CSV)", "Servrar och vem som betalar (CSV)";
    SERVERS_CSV_SV = "Servers and who pays (CSV for Swedish Excel)", "Servrar och vem som betalar (CSV för svenskt Excel)";
    PER_DEPARTMENT = "Per department", "Per verksamhet";
    PER_ENTITY = "Per billed entity", "Per medlem";
    POOLS_HEADING = "Pools and the cost of one server", "Kostnadspooler och kostnaden för en server";
    LINES_HEADING = "Charge lines", "Debiteringsrader";
    DEPARTMENT = "Department", "Verksamhet";
    ENTITY = "Entity", "Medlem";
    NAME = "Name", "Namn";
    AMOUNT = "Amount", "Belopp";
    NO_CHARGES = "No charges this year.", "Inga debiteringar det här året.";
    UNASSIGNED_TITLE = "{count} servers belong to no department", "{count} servrar hör inte till någon verksamhet";
    UNASSIGNED_BODY = "They carry {amount} that is billed to nobody until an ownership rule, the asset register or a department tag places them.", "Deras andel, {amount}, debiteras ingen förrän en ägarregel, inventarieregistret eller en verksamhetstagg knyter dem till en verksamhet.";
    MORE_IN_CSV = "… and {count} more in the servers CSV.", "… och {count} till i CSV-filen med servrar.";
    POOLS_COUNT = "{count} pools", "{count} kostnadspooler";
    SETTLEMENT = ", settlement {amount}", ", avräkning {amount}";
    BILLED_TO_NOBODY = "; {amount} billed to nobody yet", "; {amount} debiteras ingen ännu";
    ALL_LINES = "All charge lines", "Alla debiteringsrader";
    ONE_SERVER = "One server, {pool}", "En server, {pool}";
    SERVERS_COUNTED = "{count} servers counted", "{count} servrar medräknade";
    UNASSIGNED_SERVERS = "Unassigned servers", "Servrar utan verksamhet";
    POOL = "Pool", "Kostnadspool";
    METHOD = "Method", "Metod";
    QUANTITY = "Quantity", "Antal";
    PER_SERVER = "Per server", "Styckkostnad";
    UNASSIGNED = "Unassigned", "Utan verksamhet";
    UNASSIGNED_AMOUNT = "Unassigned amount", "Belopp utan verksamhet";
    NOT_ALLOCATED = "Not allocated", "Ej fördelat";
    NO_POOLS = "The year has no pools.", "Året har inga kostnadspooler.";
    DRIVER = "Driver", "Fördelningsgrund";
    UNIT_PRICE = "Unit price", "Styckpris";
    NO_ENTITY = "(unassigned)", "(ingen verksamhet)";
    NO_LINES = "No charge lines.", "Inga debiteringsrader.";
    METHOD_UNIT_PRICE = "unit price", "styckpris";
    METHOD_PER_SERVER = "per server", "per server";
    METHOD_CONSUMPTION = "consumption", "förbrukning";
    METHOD_KEY = "key", "fördelningsnyckel";
    METHOD_EQUAL = "equal", "lika delar";
    METHOD_DIRECT = "direct", "direkt";
    METHOD_HOST_SPLIT = "host split", "per värd och VM";
    SETTLEMENT_POOL = "Year-end settlement {year}", "Årsavräkning {year}";
    NO_PLACEMENT = "no rule, register entry or agent tag", "ingen ägarregel, registerpost eller agenttagg";
    NOT_A_DEPARTMENT = "{source} names {value}, which is not a department in costs.toml", "{source} anger {value}, som inte är någon verksamhet i costs.toml";
    SOURCE_ASSET_REGISTER = "asset register", "inventarieregistret";
    SOURCE_AGENT_TAG = "agent tag", "agenttaggen";
    NO_SERVERS_COUNTED = "no servers are counted this year, so there is nothing to divide the amount by", "inga servrar räknas det här året, så beloppet kan inte fördelas";
    NOTHING_MEASURED = "the servers counted this year measure nothing, so there is nothing to divide the amount by", "de servrar som räknas det här året har inga mätvärden, så beloppet kan inte fördelas";
    NO_HOSTS = "no ESXi hosts are counted, so there is nothing to divide the amount by", "inga ESXi-värdar räknas, så beloppet kan inte fördelas";
    DRIVER_SERVERS = "servers", "servrar";
    DRIVER_SERVER_DAYS = "server-days", "serverdagar";
    DRIVER_VCPU_DAYS = "vCPU-days", "vCPU-dagar";
    DRIVER_RAM_DAYS = "RAM-days", "RAM-dagar";
    DRIVER_DISK_DAYS = "disk-days", "diskdagar";
    DRIVER_PHYSICAL = "physical", "fysiska";
    DRIVER_VIRTUAL = "virtual", "virtuella";
    DRIVER_WEIGHT = "weight", "vikt";
    DRIVER_OF = "of", "av";
    DRIVER_EQUAL_SHARES = "equal shares", "lika delar";
    DRIVER_ON = "on", "på";
    DRIVER_HOST = "host", "värd";
    DRIVER_HOSTS = "hosts", "värdar";
    DRIVER_IDLE = "idle", "lediga";
    DRIVER_ALL_OF_IT = "all of it", "hela beloppet";
    // After a 1: `1 physical servers` is `1 fysisk server`.
    ONE_SERVER_WORD = "servers", "server";
    ONE_SERVER_DAY = "server-days", "serverdag";
    ONE_VCPU_DAY = "vCPU-days", "vCPU-dag";
    ONE_RAM_DAY = "RAM-days", "RAM-dag";
    ONE_DISK_DAY = "disk-days", "diskdag";
    ONE_PHYSICAL = "physical", "fysisk";
    ONE_VIRTUAL = "virtual", "virtuell";
    ONE_IDLE = "idle", "ledig";
    ONE_HOST = "hosts", "värd";
}

/// Texts of this module that read the same in both languages on purpose, for the
/// translation tests beside `pages::text`'s own list.
#[cfg(test)]
pub const SAME_IN_BOTH: &[&str] = &["per server"];

/// A pool's method in words (the report and `costs.toml` write `per_server`, `key`…).
pub fn method(kind: MethodKind, lang: Lang) -> &'static str {
    let text = match kind {
        MethodKind::UnitPrice => METHOD_UNIT_PRICE,
        MethodKind::PerServer => METHOD_PER_SERVER,
        MethodKind::Consumption => METHOD_CONSUMPTION,
        MethodKind::Key => METHOD_KEY,
        MethodKind::Equal => METHOD_EQUAL,
        MethodKind::Direct => METHOD_DIRECT,
        MethodKind::HostSplit => METHOD_HOST_SPLIT,
    };
    text.get(lang)
}

/// The report's English, as the page shows it: itself in English, translated in Swedish
/// when it is one of `known` (exact), else as it is.
fn translated(report: &str, lang: Lang, known: &[Text]) -> String {
    match known.iter().find(|t| lang != Lang::En && t.en == report) {
        Some(t) => t.get(lang).to_string(),
        None => report.to_string(),
    }
}

/// A pool's name: the settlement pool the report names itself is translated.
pub fn pool_name(name: &str, year: i32, lang: Lang) -> String {
    let year = year.to_string();
    if lang != Lang::En && name == SETTLEMENT_POOL.fill(Lang::En, &[("year", &year)]) {
        SETTLEMENT_POOL.fill(lang, &[("year", &year)])
    } else {
        name.to_string()
    }
}

/// Why a pool is not allocated this year.
pub fn not_allocated_reason(reason: &str, lang: Lang) -> String {
    translated(reason, lang, &[NO_SERVERS_COUNTED, NOTHING_MEASURED, NO_HOSTS])
}

/// Why a server belongs to no department.
pub fn unassigned_reason(reason: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return reason.to_string();
    }
    let sources = [SOURCE_ASSET_REGISTER, SOURCE_AGENT_TAG];
    let not_a_department = sources.iter().find_map(|source| {
        let rest = reason.strip_prefix(source.en)?.strip_prefix(" names ")?;
        let value = rest.strip_suffix(", which is not a department in costs.toml")?;
        Some(NOT_A_DEPARTMENT.fill(lang, &[("source", source.get(lang)), ("value", value)]))
    });
    not_a_department.unwrap_or_else(|| translated(reason, lang, &[NO_PLACEMENT]))
}

/// What a line is driven by: the report's English in English; in Swedish the same quantities
/// (`Line::driven_by`) in Swedish words, the word after a number agreeing with it and
/// decimals with a comma. A line without them (read back from JSON) is shown as it is.
pub fn driver(line: &Line, lang: Lang) -> String {
    match (&line.driven_by, lang) {
        (Some(driven_by), Lang::Sv) => worded(driven_by, lang),
        _ => line.driver.clone(),
    }
}

fn worded(driver: &Driver, lang: Lang) -> String {
    let pick = |one: bool, singular: Text, plural: Text| if one { singular.get(lang) } else { plural.get(lang) };
    let decimal = |number: String| number.replace('.', ",");
    match driver {
        Driver::Servers { count, class, days } => {
            let one = *count == 1;
            let class = match class {
                Some(ServerClass::Physical) => format!("{} ", pick(one, ONE_PHYSICAL, DRIVER_PHYSICAL)),
                Some(ServerClass::Virtual) => format!("{} ", pick(one, ONE_VIRTUAL, DRIVER_VIRTUAL)),
                None => String::new(),
            };
            let unit = match days {
                true => pick(one, ONE_SERVER_DAY, DRIVER_SERVER_DAYS),
                false => pick(one, ONE_SERVER_WORD, DRIVER_SERVERS),
            };
            format!("{count} {class}{unit}")
        }
        Driver::Vcpu { units, days: true } => format!("{units} {}", pick(*units == 1, ONE_VCPU_DAY, DRIVER_VCPU_DAYS)),
        Driver::Vcpu { units, days: false } => format!("{units} vCPU"),
        Driver::Ram { bytes, days } => {
            let unit = if *days { DRIVER_RAM_DAYS.get(lang) } else { "RAM" };
            format!("{} GB {unit}", decimal(gigabytes(*bytes)))
        }
        Driver::Disk { bytes, days } => {
            let unit = if *days { DRIVER_DISK_DAYS.get(lang) } else { "disk" };
            format!("{} TB {unit}", decimal(terabytes(*bytes)))
        }
        Driver::Weight { weight, total } => {
            format!("{} {weight} {} {total}", DRIVER_WEIGHT.get(lang), DRIVER_OF.get(lang))
        }
        Driver::EqualShare { of } => format!("1 {} {of} {}", DRIVER_OF.get(lang), DRIVER_EQUAL_SHARES.get(lang)),
        Driver::AllOfIt => DRIVER_ALL_OF_IT.get(lang).to_string(),
        Driver::OnHosts { units, by, hosts } => {
            let allocated = match by {
                VmWeight::Vcpu => format!("{units} vCPU"),
                // Memory is weighed in MiB.
                VmWeight::Memory => format!("{} GB RAM", decimal(gigabytes(units * 1024 * 1024))),
            };
            format!("{allocated} {} {hosts} {}", DRIVER_ON.get(lang), pick(*hosts == 1, ONE_HOST, DRIVER_HOSTS))
        }
        Driver::IdleHosts { hosts } => {
            let one = *hosts == 1;
            format!("{hosts} {} {}", pick(one, ONE_IDLE, DRIVER_IDLE), pick(one, ONE_HOST, DRIVER_HOSTS))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drivers_read_in_swedish() {
        use ServerClass::{Physical, Virtual};
        let sv = |d: Driver| worded(&d, Lang::Sv);
        let servers = |count, class, days| Driver::Servers { count, class, days };
        assert_eq!(sv(servers(12, None, false)), "12 servrar");
        assert_eq!(sv(servers(1, None, false)), "1 server");
        assert_eq!(sv(servers(1, Some(Physical), false)), "1 fysisk server");
        assert_eq!(sv(servers(1, Some(Virtual), true)), "1 virtuell serverdag");
        assert_eq!(sv(servers(1095, None, true)), "1095 serverdagar");
        assert_eq!(sv(servers(3, Some(Physical), false)), "3 fysiska servrar");
        assert_eq!(sv(Driver::IdleHosts { hosts: 1 }), "1 ledig värd");
        assert_eq!(sv(Driver::IdleHosts { hosts: 2 }), "2 lediga värdar");
        assert_eq!(sv(Driver::AllOfIt), "hela beloppet");
        assert_eq!(sv(Driver::Vcpu { units: 412, days: false }), "412 vCPU");
        assert_eq!(sv(Driver::Vcpu { units: 48, days: true }), "48 vCPU-dagar");
        assert_eq!(sv(Driver::Ram { bytes: 12 * (1 << 30) + (1 << 29), days: true }), "12,5 GB RAM-dagar");
        assert_eq!(sv(Driver::Disk { bytes: 250_000_000_000, days: false }), "0,250 TB disk");
        assert_eq!(sv(Driver::Weight { weight: 150, total: 500 }), "vikt 150 av 500");
        assert_eq!(sv(Driver::EqualShare { of: 4 }), "1 av 4 lika delar");
        assert_eq!(sv(Driver::OnHosts { units: 412, by: VmWeight::Vcpu, hosts: 3 }), "412 vCPU på 3 värdar");
        assert_eq!(sv(Driver::OnHosts { units: 8192, by: VmWeight::Memory, hosts: 1 }), "8,0 GB RAM på 1 värd");
    }

    /// In English the page shows the report's own sentence; a line read back from JSON,
    /// without its quantities, shows it in Swedish too.
    #[test]
    fn a_line_shows_the_report_sentence_where_it_has_no_quantities() {
        let line = |driven_by| Line {
            pool: "drift".into(),
            pool_name: "Drift".into(),
            method: MethodKind::Equal,
            department: None,
            entity: Some("bun".into()),
            driver: "1 of 4 equal shares".into(),
            driven_by,
            quantity: 1,
            unit_price: None,
            amount: 100,
        };
        assert_eq!(driver(&line(Some(Driver::EqualShare { of: 4 })), Lang::En), "1 of 4 equal shares");
        assert_eq!(driver(&line(Some(Driver::EqualShare { of: 4 })), Lang::Sv), "1 av 4 lika delar");
        assert_eq!(driver(&line(None), Lang::Sv), "1 of 4 equal shares");
    }

    #[test]
    fn reasons_read_in_swedish() {
        let reason = "asset register names \"ekonomi\", which is not a department in costs.toml";
        assert_eq!(
            unassigned_reason(reason, Lang::Sv),
            "inventarieregistret anger \"ekonomi\", som inte är någon verksamhet i costs.toml"
        );
        assert_eq!(unassigned_reason(reason, Lang::En), reason);
        assert_eq!(unassigned_reason(NO_PLACEMENT.en, Lang::Sv), NO_PLACEMENT.sv);
        assert_eq!(unassigned_reason("something new", Lang::Sv), "something new");
        assert_eq!(not_allocated_reason(NO_HOSTS.en, Lang::Sv), NO_HOSTS.sv);
        assert_eq!(
            not_allocated_reason(&crate::costs::hosts::HostSplitError::NoHosts.to_string(), Lang::En),
            NO_HOSTS.en
        );
        assert_eq!(pool_name("Year-end settlement 2026", 2026, Lang::Sv), "Årsavräkning 2026");
        assert_eq!(pool_name("Drift", 2026, Lang::Sv), "Drift");
    }

    #[test]
    fn every_method_has_words() {
        assert_eq!(method(MethodKind::PerServer, Lang::En), "per server");
        assert_eq!(method(MethodKind::Key, Lang::Sv), "fördelningsnyckel");
    }
}
