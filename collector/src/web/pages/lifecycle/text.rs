//! The heat map's, the cell page's and the renewal plan's texts. A text with `{name}` in it is
//! a template: the page fills it with `Text::fill`.

use arsring_dashboard::Lang;

use crate::lifecycle::heatmap::{Column, RowBy};
use crate::lifecycle::model::Category;
use crate::lifecycle::words;

arsring_dashboard::texts! {
    HEATMAP_TITLE = "End-of-life heat map", "Värmekarta över livslängd";
    PROJECT = "Project", "Projekt";
    BOTH_PROJECTS = "both projects", "båda projekten";
    PROJECT_DATACENTER = "datacenter", "datacenterprojektet";
    PROJECT_NETWORK = "network", "nätverksprojektet";
    ROWS_SITE = "site", "plats";
    ROWS_DEPARTMENT = "department", "verksamhet";
    ROWS_CATEGORY = "category", "kategori";
    ROWS_MODEL = "model", "modell";
    MEASURE_COUNT = "number of items", "antal objekt";
    MEASURE_COST = "replacement cost", "återanskaffningskostnad";
    YEARS_AHEAD = "Years ahead", "År framåt";
    HEATMAP_NOTE = "{total} items reach end of life (or end of security updates) by {year}; each column is the year they do. Click a cell for its devices. “no date”: items with no known end-of-life date, never guessed.", "{total} objekt når slutet av sin livslängd (eller av säkerhetsuppdateringarna) senast {year}; varje kolumn är året då det sker. Klicka på en ruta för att se dess enheter. ”inget datum”: objekt utan känt slutdatum, som aldrig gissas.";
    HEATMAP_CSV = "Heat map (CSV)", "Värmekarta (CSV)";
    OVERDUE = "overdue", "förfallna";
    NO_KEY = "(none)", "(saknas)";
    ITEMS = "items", "objekt";
    KKR = "kkr", "tkr";
    CELL_TITLE = "{count} items, replacement {amount}", "{count} objekt, återanskaffning {amount}";
    WITHOUT_PRICE = " ({count} without a price)", " ({count} utan pris)";
    CELL_NOTE = "{count} items. Most urgent first.", "{count} objekt. Mest brådskande först.";
    BACK = "← back to the heat map", "← tillbaka till värmekartan";
    CELL_CSV = "These items (CSV)", "Dessa objekt (CSV)";
    DEVICE = "Device", "Enhet";
    ITEM = "Item", "Objekt";
    CATEGORY = "Category", "Kategori";
    MODEL = "Model", "Modell";
    SERIAL = "Serial", "Serienummer";
    SITE = "Site", "Plats";
    DEPARTMENT = "Department", "Verksamhet";
    AGE = "Age (years)", "Ålder (år)";
    STATUS = "Status", "Status";
    DECIDED_BY = "Decided by", "Grund";
    REPLACE_BY = "Replace by", "Byts senast";
    COST = "Cost", "Kostnad";
    WHOLE_DEVICE = "device", "enhet";
    COMPONENT = "component {index}", "komponent {index}";
    NO_ITEMS_IN_CELL = "No items in this cell.", "Inga objekt i den här rutan.";
    BAD_ROWS = "site, department, category or model", "site, department, category eller model";
    BAD_PROJECT = "datacenter or network", "datacenter eller network";
    BAD_YEARS = "a whole number from 0 to 30", "ett heltal från 0 till 30";
    COLUMN_REQUIRED = "required: overdue or a year", "krävs: overdue eller ett årtal";
    BAD_COLUMN = "overdue or a year", "overdue eller ett årtal";
    PLAN_TITLE = "Renewal plan", "Förnyelseplan";
    YEARLY_BUDGET = "Yearly budget (SEK)", "Årsbudget (kr)";
    YEARS = "Years", "Antal år";
    MAX_UNITS = "At most units a year", "Högst antal enheter per år";
    PLAN = "Plan", "Planera";
    PLAN_INTRO = "Type a yearly budget and a number of years: the plan replaces what is most urgent first, within the budget, and lists what each year buys.", "Ange en årsbudget och ett antal år: planen byter ut det mest brådskande först, inom budgeten, och visar vad som köps in varje år.";
    CHECK = "Check `{field}`", "Kontrollera `{field}`";
    NOT_AN_AMOUNT = "{text} is not an amount in SEK (e.g. 125000 or 125 000,50)", "{text} är inget belopp i kronor (t.ex. 125000 eller 125 000,50)";
    WHOLE_YEARS = "a whole number of years", "ett helt antal år";
    WHOLE_UNITS = "a whole number of units", "ett helt antal enheter";
    YEAR_HEADING = "{year}: {units} units, {cost}", "{year}: {units} st, {cost}";
    STILL_OVERDUE = "{count} still overdue at the year's end ({cost}).", "{count} är fortfarande förfallna vid årets slut ({cost}).";
    FIRST_LISTED = " The first {count} are listed; the CSV has all.", " De första {count} visas; CSV-filen har alla.";
    CAME_DUE = "{due} came due, {carried} carried in. ", "{due} blev aktuella, {carried} fördes över från året innan. ";
    URGENCY = "Urgency", "Brådska";
    DUE = "Due", "Förfaller";
    WHY = "Why", "Motivering";
    NOTHING_REPLACED = "Nothing replaced this year.", "Inget byts ut det här året.";
    REPLACED = "Replaced in the plan", "Byts ut i planen";
    BACKLOG = "Backlog after the last year", "Eftersläpning efter sista året";
    NEVER_FITS = "Cost more than a year's budget", "Kostar mer än ett års budget";
    NOT_PLANNABLE = "Unknown date or price", "Okänt datum eller pris";
    NOT_PLANNED = "not planned; fill the registers", "planeras inte; komplettera registren";
    COST_PER_YEAR = "Cost per year", "Kostnad per år";
    SEK = "SEK", "kr";
    UNITS_PER_YEAR = "Units per year", "Enheter per år";
    UNITS = "units", "st";
    BUDGET = "budget {amount}", "årsbudget {amount}";
    AT_MOST = "at most {count}", "högst {count}";
    PLAN_CSV = "The whole plan (CSV)", "Hela planen (CSV)";
    PLAN_EXCEL = "The whole plan (Excel)", "Hela planen (Excel)";
}

/// Texts of this module that read the same in both languages on purpose, for the
/// translation tests beside `pages::text`'s own list.
#[cfg(test)]
pub const SAME_IN_BOTH: &[&str] = &["Status"];

/// The heat map's column as a heading: `overdue` in words, a year as the number.
pub fn column(column: Column, lang: Lang) -> String {
    match column {
        Column::Overdue => OVERDUE.get(lang).to_string(),
        Column::Year(year) => year.to_string(),
    }
}

/// A heat-map row's key as shown: categories in words, `(none)` for items without one.
pub fn row(by: RowBy, key: Option<&str>, lang: Lang) -> String {
    match key {
        None => NO_KEY.get(lang).to_string(),
        Some(key) => match Category::parse(key).filter(|_| by == RowBy::Category) {
            Some(category) => words::category(category, lang).to_string(),
            None => key.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_in_both_languages() {
        assert_eq!(CELL_NOTE.fill(Lang::En, &[("count", "12")]), "12 items. Most urgent first.");
        assert_eq!(CHECK.fill(Lang::Sv, &[("field", "budget_sek")]), "Kontrollera `budget_sek`");
    }

    #[test]
    fn rows_by_category_are_named() {
        assert_eq!(row(RowBy::Category, Some("access_point"), Lang::Sv), "accesspunkt");
        assert_eq!(row(RowBy::Site, Some("access_point"), Lang::Sv), "access_point");
        assert_eq!(row(RowBy::Site, None, Lang::En), "(none)");
        assert_eq!(column(Column::Overdue, Lang::Sv), "förfallna");
    }
}
