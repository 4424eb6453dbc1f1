//! The lifecycle's words in both languages: statuses, categories, where an age comes from,
//! why a plan replaces an item and which rule decided its status. The pages show them in the
//! reader's language and the workbooks in Swedish; the English reads as the engine's own
//! sentences (`plan::Why`, `RuleMatch::rule`; the tests hold them together).

use arsring_i18n::Lang;
use chrono::Datelike;

use super::model::{AgeSource, Category};
use super::plan::{Urgency, Why};
use super::policy::Scope;
use super::status::{Basis, Milestone, RuleMatch, Status};

arsring_i18n::texts! {
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
    WHY_CYCLE_ENDED = "the {lifetime}-year lifetime of its {installed} replacement ended {due}", "livslängden på {lifetime} år för ersättaren från {installed} tog slut {due}";
    WHY_CYCLE_ENDS = "the {lifetime}-year lifetime of its {installed} replacement ends {due}", "livslängden på {lifetime} år för ersättaren från {installed} tar slut {due}";
    WHY_NO_UPDATES_SINCE = "past end of security updates since {due}", "utan säkerhetsuppdateringar sedan {due}";
    WHY_NO_UPDATES = "past end of security updates (end of life {due})", "utan säkerhetsuppdateringar (livslängden tar slut {due})";
    WHY_PAST_SINCE = "past end of life since {due}", "förbi livslängden sedan {due}";
    WHY_PAST_RECORDED = "past end of life (recorded end of life {due})", "förbi livslängden (registrerat slutdatum {due})";
    WHY_REACHES = "reaches end of life on {due}", "livslängden tar slut {due}";
    RULE_FROM = "{rule} from {date} ({source})", "{rule} från {date} ({source})";
    RULE_LIFETIME = "lifecycle.toml: {category} lifetime {years} years", "lifecycle.toml: {category}, livslängd {years} år";
    RULE_LIFETIME_FOR = "lifecycle.toml: {category} {years} years for {scope}", "lifecycle.toml: {category} {years} år för {scope}";
    RULE_SITE = "site {site}", "plats {site}";
    RULE_DEPARTMENT = "department {department}", "verksamhet {department}";
    RULE_CATALOGUE = "catalogue line {line}: {model} {milestone}", "katalograd {line}: {model} – {milestone}";
    END_OF_SUPPORT = "end of support", "slut på support";
    END_OF_SECURITY_UPDATES = "end of security updates", "slut på säkerhetsuppdateringar";
    END_OF_SALE = "end of sale", "slut på försäljning";
    RULE_ENDOFLIFE = "endoflife.date {release}: security support ends", "endoflife.date {release}: säkerhetsstödet upphör";
    RULE_EXTENDED = "; extended support until {date}", "; utökat stöd till {date}";
}

/// A lifecycle status in words (`Status::as_str` is its code).
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

/// A category of equipment in words (`Category::as_str` is its code).
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

/// Why a plan entry is in its year: in English the sentence `Why` displays, in Swedish the
/// same facts.
pub fn why(why: &Why, lang: Lang) -> String {
    let Why { year, urgency, due, cycle, lifetime } = *why;
    let (reached, past) = (due.year() <= year, due.year() < year);
    let due_text = due.to_string();
    if cycle > 1 {
        let installed = (due.year() - lifetime as i32).to_string();
        let text = if past { WHY_CYCLE_ENDED } else { WHY_CYCLE_ENDS };
        let lifetime = lifetime.to_string();
        return text.fill(lang, &[("lifetime", &lifetime), ("installed", &installed), ("due", &due_text)]);
    }
    let text = match urgency {
        Urgency::PastEndOfSecurityUpdates if reached => WHY_NO_UPDATES_SINCE,
        Urgency::PastEndOfSecurityUpdates => WHY_NO_UPDATES,
        Urgency::PastEndOfLife if reached => WHY_PAST_SINCE,
        Urgency::PastEndOfLife => WHY_PAST_RECORDED,
        Urgency::Due | Urgency::Ok if past => WHY_PAST_SINCE,
        Urgency::Due | Urgency::Ok => WHY_REACHES,
    };
    text.fill(lang, &[("due", &due_text)])
}

/// A lifecycle rule as the reader reads it: the engine's English sentence in English, and
/// in Swedish the same facts (`RuleMatch::basis`) in Swedish words. A rule without them (read
/// back from JSON) is shown as the engine wrote it.
pub fn rule(rule: &RuleMatch, lang: Lang) -> String {
    match (&rule.basis, lang) {
        (Some(basis), Lang::Sv) => worded(basis, lang),
        _ => rule.rule.clone(),
    }
}

fn worded(basis: &Basis, lang: Lang) -> String {
    match basis {
        Basis::Lifetime { category, years, scope, since, source } => {
            let (category, years) = (category.as_str(), years.to_string());
            let life = if scope.is_empty() {
                RULE_LIFETIME.fill(lang, &[("category", category), ("years", &years)])
            } else {
                let scope: Vec<String> = scope
                    .iter()
                    .map(|part| match part {
                        Scope::Site(site) => RULE_SITE.fill(lang, &[("site", site)]),
                        Scope::Department(department) => RULE_DEPARTMENT.fill(lang, &[("department", department)]),
                    })
                    .collect();
                RULE_LIFETIME_FOR.fill(lang, &[("category", category), ("years", &years), ("scope", &scope.join(", "))])
            };
            let values = [("rule", life.as_str()), ("date", &since.to_string()), ("source", age_source(*source, lang))];
            RULE_FROM.fill(lang, &values)
        }
        Basis::Catalogue { line, model, milestone } => {
            let milestone = match milestone {
                Milestone::EndOfLife => END_OF_SUPPORT,
                Milestone::EndOfSecurityUpdates => END_OF_SECURITY_UPDATES,
                Milestone::EndOfSale => END_OF_SALE,
            };
            let line = line.to_string();
            RULE_CATALOGUE.fill(lang, &[("line", &line), ("model", model), ("milestone", milestone.get(lang))])
        }
        Basis::Release { product, cycle, extended_until } => {
            let extended = extended_until.map(|d| RULE_EXTENDED.fill(lang, &[("date", &d.to_string())]));
            RULE_ENDOFLIFE.fill(lang, &[("release", &format!("{product} {cycle}"))]) + &extended.unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests;
