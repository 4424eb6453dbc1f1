//! The costs page's texts. A text with `{name}` in it is a template, filled with `Text::fill`.
//!
//! The charge report words a few things itself (what a line is driven by, why a server is
//! unassigned or a pool not allocated): in English for the API and the CSV, and from the
//! same facts in Swedish (`costs::swedish`), as the workbook has them. A report read back
//! from JSON has only the English, and shows it.

use arsring_dashboard::Lang;

use crate::costs::engine::{Line, PoolSummary, Unassigned};
use crate::costs::model::MethodKind;
use crate::costs::swedish;

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

/// A pool's name: the settlement pool the report names itself is translated.
pub fn pool_name(name: &str, year: i32, lang: Lang) -> String {
    let year = year.to_string();
    if lang != Lang::En && name == SETTLEMENT_POOL.fill(Lang::En, &[("year", &year)]) {
        SETTLEMENT_POOL.fill(lang, &[("year", &year)])
    } else {
        name.to_string()
    }
}

/// Why a pool is not allocated this year, if it is not.
pub fn not_allocated_reason(pool: &PoolSummary, lang: Lang) -> Option<String> {
    match (pool.not_allocated_why, lang) {
        (Some(why), Lang::Sv) => Some(swedish::not_allocated(why).to_string()),
        _ => pool.not_allocated_reason.clone(),
    }
}

/// Why a server belongs to no department.
pub fn unassigned_reason(server: &Unassigned, lang: Lang) -> String {
    match (&server.why, lang) {
        (Some(why), Lang::Sv) => swedish::unplaced(why),
        _ => server.reason.clone(),
    }
}

/// What a line is driven by.
pub fn driver(line: &Line, lang: Lang) -> String {
    match (&line.driven_by, lang) {
        (Some(driven_by), Lang::Sv) => swedish::driver(driven_by),
        _ => line.driver.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::costs::driver::Driver;
    use crate::costs::reason::{NamedBy, NotAllocated, Unplaced};

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
    fn reasons_are_worded_from_their_facts() {
        let why = Unplaced::NotADepartment { named_by: NamedBy::AssetRegister, value: "ekonomi".into() };
        let server = |why| Unassigned { hostname: "db01".into(), reason: "as the report says".into(), why };
        assert_eq!(
            unassigned_reason(&server(Some(why.clone())), Lang::Sv),
            "inventarieregistret anger \"ekonomi\", som inte är någon verksamhet i costs.toml"
        );
        assert_eq!(unassigned_reason(&server(Some(why)), Lang::En), "as the report says");
        assert_eq!(unassigned_reason(&server(None), Lang::Sv), "as the report says");
        let pool = PoolSummary {
            id: "vmware".into(),
            name: "VMware".into(),
            method: MethodKind::HostSplit,
            amount: 0,
            quantity: 0,
            unit_cost: None,
            unassigned_quantity: 0,
            unassigned_amount: 0,
            not_allocated_amount: 100,
            not_allocated_reason: Some(NotAllocated::NoHosts.to_string()),
            not_allocated_why: Some(NotAllocated::NoHosts),
        };
        assert_eq!(
            not_allocated_reason(&pool, Lang::Sv).as_deref(),
            Some("inga ESXi-värdar räknas, så beloppet kan inte fördelas")
        );
        assert_eq!(not_allocated_reason(&pool, Lang::En), pool.not_allocated_reason);
        assert_eq!(pool_name("Year-end settlement 2026", 2026, Lang::Sv), "Årsavräkning 2026");
        assert_eq!(pool_name("Drift", 2026, Lang::Sv), "Drift");
    }

    #[test]
    fn every_method_has_words() {
        assert_eq!(method(MethodKind::PerServer, Lang::En), "per server");
        assert_eq!(method(MethodKind::Key, Lang::Sv), "fördelningsnyckel");
    }
}
