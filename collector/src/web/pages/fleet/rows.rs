//! The network devices' and servers' table rows: the key a column sorts by, and the cells
//! of a row shown. Kept apart because a table of thousands sorts by one column and shows
//! one page: keys are asked for one column, cells for the rows shown.

use arsring_dashboard::{Cell, Lang};
use chrono::NaiveDate;

use super::super::text::{UNKNOWN, category, status as status_name};
use super::{count, device_link, status_cell, text, years};
use crate::inventory::DeviceRow;
use crate::inventory::topology::Link;
use crate::lifecycle::model::Item;
use crate::lifecycle::status::{Basis, RuleMatch, Status};
use crate::lifecycle::{Assessed, age_years};
use crate::web::sorting::Key;

/// A network device as its row reads it.
pub(super) struct NetworkLine<'a> {
    pub assessed: &'a Assessed,
    /// Why the poller could not reach it, when it could not.
    pub unreachable: Option<&'a str>,
    pub links: &'a [Link],
}

fn firmware(item: &Item) -> Option<String> {
    item.software.as_ref().map(|sw| format!("{} {}", sw.family, sw.version))
}

fn day(date: chrono::DateTime<chrono::Utc>) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The key of column `col` (in `NETWORK_COLUMNS` order). Text keys stay the English words,
/// so the order is the same in both languages.
pub(super) fn network_key(line: &NetworkLine, col: usize, today: NaiveDate) -> Key {
    let (item, s) = (&line.assessed.item, &line.assessed.assessment);
    match col {
        0 => Key::text(Some(&item.device_name)),
        1 => Key::text(item.site.as_deref()),
        2 => Key::text(Some(item.category.as_str())),
        3 => Key::text(item.model.as_deref()),
        4 => Key::text(item.serial.as_deref()),
        5 => Key::text(firmware(item).as_deref()),
        6 => Key::num(age_years(item, today)),
        7 => Key::text(item.age_source()),
        8 => Key::Num(-(s.status as u8 as f64)),
        9 => Key::text(s.decided_by.as_ref().map(|r| r.rule.as_str())),
        10 => Key::text(s.replace_by.map(|d| d.to_string()).as_deref()),
        11 => Key::text(Some(&day(item.last_seen))),
        12 => Key::text(Some(&line.unreachable.map_or("yes".to_string(), |reason| format!("no: {reason}")))),
        _ => Key::Num(line.links.len() as f64),
    }
}

pub(super) fn network_cells(line: &NetworkLine, today: NaiveDate, lang: Lang) -> Vec<Cell> {
    let (item, s) = (&line.assessed.item, &line.assessed.assessment);
    let answering = match line.unreachable {
        Some(reason) => text::NOT_ANSWERING_BECAUSE.fill(lang, &[("reason", reason)]),
        None => text::YES.get(lang).to_string(),
    };
    vec![
        Cell::link(&item.device_name, format!("/device/{}", item.device_id)),
        Cell::text(item.site.clone().unwrap_or_default()),
        Cell::text(category(item.category, lang)),
        Cell::text(item.model.clone().unwrap_or_default()),
        Cell::text(item.serial.clone().unwrap_or_default()),
        Cell::text(firmware(item).unwrap_or_default()),
        Cell::num(years(age_years(item, today), lang)),
        Cell::text(text::age_source(item, lang).unwrap_or("")),
        status_cell(s.status, lang),
        Cell::text(s.decided_by.as_ref().map(|r| r.rule.clone()).unwrap_or_default()),
        Cell::text(s.replace_by.map(|d| d.to_string()).unwrap_or_default()),
        Cell::text(day(item.last_seen)),
        Cell::text(answering),
        Cell::text(connected(line.links, lang)),
    ]
}

/// The names at the other end of a device's links, the first few of them.
fn connected(links: &[Link], lang: Lang) -> String {
    const SHOWN: usize = 3;
    let mut names: Vec<&str> = links.iter().map(|l| l.name.as_str()).collect();
    names.dedup();
    let more = names.len().saturating_sub(SHOWN);
    names.truncate(SHOWN);
    let mut out = names.join(", ");
    if more > 0 {
        out.push_str(&text::MORE.fill(lang, &[("count", &count(more, lang))]));
    }
    out
}

/// A server as its row reads it: its inventory row and, when it has one, its assessment.
pub(super) struct ServerLine<'a> {
    pub row: &'a DeviceRow,
    pub assessed: Option<&'a Assessed>,
}

impl ServerLine<'_> {
    /// The endoflife.date rule that decided the OS's support, if one did.
    fn os_rule(&self) -> Option<&RuleMatch> {
        let a = self.assessed?;
        a.assessment.rules.iter().find(|rule| matches!(rule.basis, Some(Basis::Release { .. })))
    }

    /// Without a rule, the assessment's note ("no release cycle: …"), the engine's English
    /// as the API gives it.
    fn os_note(&self) -> String {
        self.assessed
            .and_then(|a| a.assessment.notes.iter().find(|n| n.starts_with("no release cycle")))
            .cloned()
            .unwrap_or_default()
    }

    fn age(&self, today: NaiveDate) -> Option<f64> {
        self.assessed.and_then(|a| age_years(&a.item, today))
    }

    fn status(&self) -> Status {
        self.assessed.map_or(Status::Unknown, |a| a.assessment.status)
    }
}

/// The key of column `col` (in `SERVER_COLUMNS` order), in English like the network's.
pub(super) fn server_key(line: &ServerLine, col: usize, today: NaiveDate) -> Key {
    let r = line.row;
    let yes_no = |v: Option<bool>| v.map_or("unknown", |b| if b { "yes" } else { "no" });
    match col {
        0 => Key::text(Some(&r.hostname)),
        1 => Key::text(r.department.as_deref()),
        2 => Key::text(r.site.as_deref()),
        3 => Key::text(r.platform.map(|p| p.as_str())),
        4 => Key::text(r.os.as_deref()),
        5 => Key::num(r.pending_updates.map(f64::from)),
        6 => Key::num(r.security_updates.map(f64::from)),
        7 => Key::text(r.last_patched.map(day).as_deref()),
        8 => Key::text(Some(yes_no(r.reboot_required))),
        9 => Key::text(Some(&match line.os_rule() {
            Some(rule) => format!("{} ({})", rule.status.as_str().replace('_', " "), rule.date),
            None => line.os_note(),
        })),
        10 => Key::num(line.age(today)),
        11 => Key::text(line.assessed.and_then(|a| a.item.age_source())),
        _ => Key::Num(-(line.status() as u8 as f64)),
    }
}

pub(super) fn server_cells(line: &ServerLine, today: NaiveDate, lang: Lang) -> Vec<Cell> {
    let r = line.row;
    let updates = |n: Option<u32>| n.map_or_else(|| UNKNOWN.get(lang).to_string(), |n| count(n, lang));
    let os_support = match line.os_rule() {
        Some(rule) => format!("{} ({})", status_name(rule.status, lang), rule.date),
        None => line.os_note(),
    };
    vec![
        device_link(r.device_id, &r.hostname),
        Cell::text(r.department.clone().unwrap_or_default()),
        Cell::text(r.site.clone().unwrap_or_default()),
        Cell::text(r.platform.map_or("", |p| text::platform(p, lang))),
        Cell::text(r.os.clone().unwrap_or_default()),
        Cell::num(updates(r.pending_updates)),
        Cell::num(updates(r.security_updates)),
        Cell::text(r.last_patched.map_or_else(|| UNKNOWN.get(lang).into(), day)),
        Cell::text(text::yes_no(r.reboot_required, lang)),
        Cell::text(&os_support),
        Cell::num(years(line.age(today), lang)),
        Cell::text(line.assessed.and_then(|a| text::age_source(&a.item, lang)).unwrap_or("")),
        status_cell(line.status(), lang),
    ]
}
