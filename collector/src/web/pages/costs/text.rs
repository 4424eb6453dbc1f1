//! The costs page's texts. A text with `{name}` in it is a template, filled with `Text::fill`.
//!
//! The charge report words a few things itself (what a line is driven by, why a server is
//! unassigned or a pool not allocated): the same English goes to the CSV and the workbook.
//! The page shows them in Swedish by the functions below; anything they do not recognise is
//! shown as the report has it.

use arsring_dashboard::{Lang, Text};

use crate::costs::model::MethodKind;

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

/// What a line is driven by (`12 servers`, `weight 150 of 500`, `412 vCPU on 3 hosts`…), word
/// by word: the report's phrases keep the same order in Swedish. Decimals get a comma.
pub fn driver(driver: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return driver.to_string();
    }
    if driver == DRIVER_ALL_OF_IT.en {
        return DRIVER_ALL_OF_IT.get(lang).to_string();
    }
    let phrase = driver.replace(DRIVER_EQUAL_SHARES.en, DRIVER_EQUAL_SHARES.get(lang));
    let words = [
        DRIVER_SERVERS,
        DRIVER_SERVER_DAYS,
        DRIVER_VCPU_DAYS,
        DRIVER_RAM_DAYS,
        DRIVER_DISK_DAYS,
        DRIVER_PHYSICAL,
        DRIVER_VIRTUAL,
        DRIVER_WEIGHT,
        DRIVER_OF,
        DRIVER_ON,
        DRIVER_HOST,
        DRIVER_HOSTS,
        DRIVER_IDLE,
    ];
    let one = [
        ONE_SERVER_WORD,
        ONE_SERVER_DAY,
        ONE_VCPU_DAY,
        ONE_RAM_DAY,
        ONE_DISK_DAY,
        ONE_PHYSICAL,
        ONE_VIRTUAL,
        ONE_IDLE,
        ONE_HOST,
    ];
    // The words after a number agree with it.
    let mut singular = false;
    let mut out = Vec::new();
    for word in phrase.split(' ') {
        let number = !word.is_empty() && word.chars().all(|c| c.is_ascii_digit() || c == '.');
        let shown = if number {
            singular = word == "1";
            word.replace('.', ",")
        } else {
            let found = |list: &[Text]| list.iter().find(|t| t.en == word).map(|t| t.get(lang));
            let singular_form = if singular { found(&one) } else { None };
            singular_form.or_else(|| found(&words)).unwrap_or(word).to_string()
        };
        out.push(shown);
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drivers_read_in_swedish() {
        let sv = |d: &str| driver(d, Lang::Sv);
        assert_eq!(sv("12 servers"), "12 servrar");
        assert_eq!(sv("1 servers"), "1 server");
        assert_eq!(sv("1 physical servers"), "1 fysisk server");
        assert_eq!(sv("1 virtual server-days"), "1 virtuell serverdag");
        assert_eq!(sv("1 idle hosts"), "1 ledig värd");
        assert_eq!(sv("all of it"), "hela beloppet");
        assert_eq!(sv("1095 server-days"), "1095 serverdagar");
        assert_eq!(sv("3 physical servers"), "3 fysiska servrar");
        assert_eq!(sv("412 vCPU"), "412 vCPU");
        assert_eq!(sv("48 vCPU-days"), "48 vCPU-dagar");
        assert_eq!(sv("12.5 GB RAM-days"), "12,5 GB RAM-dagar");
        assert_eq!(sv("0.250 TB disk"), "0,250 TB disk");
        assert_eq!(sv("weight 150 of 500"), "vikt 150 av 500");
        assert_eq!(sv("1 of 4 equal shares"), "1 av 4 lika delar");
        assert_eq!(sv("412 vCPU on 3 hosts"), "412 vCPU på 3 värdar");
        assert_eq!(sv("8.0 GB RAM on 1 host"), "8,0 GB RAM på 1 värd");
        assert_eq!(sv("2 idle hosts"), "2 lediga värdar");
        assert_eq!(driver("1 of 4 equal shares", Lang::En), "1 of 4 equal shares");
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
