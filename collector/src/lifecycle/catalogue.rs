//! The vendor model catalogue the user keeps as CSV: for each model (a pattern), when it
//! stops being sold, when security updates end, when support ends, what a replacement
//! costs and what replaces it. Hardware end of life comes from here: endoflife.date has no
//! switch hardware.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::Ore;
use crate::table::{self, CellError, Parsed, Table};

pub const COLUMNS: [&str; 7] = [
    "vendor",
    "model_pattern",
    "end_of_sale",
    "end_of_security_updates",
    "end_of_support",
    "replacement_cost_sek",
    "replacement_model",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Entry {
    /// Line in the imported file, so a decision can be traced to its row.
    pub line: usize,
    pub vendor: String,
    /// `*` matches any run of characters, `?` one; case is ignored. `WS-C3560*`.
    pub model_pattern: String,
    pub end_of_sale: Option<NaiveDate>,
    pub end_of_security_updates: Option<NaiveDate>,
    pub end_of_support: Option<NaiveDate>,
    pub replacement_cost: Option<Ore>,
    pub replacement_model: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub entries: Vec<Entry>,
}

/// Parses and validates the whole file; one bad line rejects it all (nothing is half-imported).
pub fn parse(bytes: &[u8]) -> Result<Parsed<Catalogue>, CellError> {
    let table = Table::read(bytes)?;
    table.only(&COLUMNS)?;
    table.require(&["vendor", "model_pattern"])?;
    let mut entries = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let required = |column: &str| {
            table.get(row, column).map(str::to_string).ok_or_else(|| CellError::new(row.line, Some(column), "is empty"))
        };
        let entry = Entry {
            line: row.line,
            vendor: required("vendor")?,
            model_pattern: required("model_pattern")?,
            end_of_sale: table::date(&table, row, "end_of_sale")?,
            end_of_security_updates: table::date(&table, row, "end_of_security_updates")?,
            end_of_support: table::date(&table, row, "end_of_support")?,
            replacement_cost: table::sek(&table, row, "replacement_cost_sek")?,
            replacement_model: table.get(row, "replacement_model").map(str::to_string),
        };
        if entry.replacement_cost.is_some_and(|c| c < 0) {
            return Err(CellError::new(row.line, Some("replacement_cost_sek"), "must not be negative"));
        }
        if let (Some(sale), Some(support)) = (entry.end_of_sale, entry.end_of_support)
            && sale > support
        {
            return Err(CellError::new(row.line, Some("end_of_sale"), "is after end_of_support"));
        }
        entries.push(entry);
    }
    Ok(Parsed { rows: Catalogue { entries }, encoding: table.encoding })
}

impl Catalogue {
    /// The entry for a device: the vendor must match (ignoring case, or be contained in the
    /// device's vendor string, so `Cisco` matches `Cisco Systems`), and of the patterns
    /// that match the model the most specific (most literal characters) wins; equal
    /// specificity goes to the earlier line.
    pub fn find(&self, vendor: Option<&str>, model: Option<&str>) -> Option<&Entry> {
        let (vendor, model) = (vendor?.to_lowercase(), model?);
        self.entries
            .iter()
            .filter(|e| vendor.contains(&e.vendor.to_lowercase()))
            .filter(|e| glob(&e.model_pattern, model))
            .max_by(|a, b| specificity(&a.model_pattern).cmp(&specificity(&b.model_pattern)).then(b.line.cmp(&a.line)))
    }
}

fn specificity(pattern: &str) -> usize {
    pattern.chars().filter(|c| !matches!(c, '*' | '?')).count()
}

/// Case-insensitive glob with `*` and `?`.
pub fn glob(pattern: &str, text: &str) -> bool {
    // Host names and model names are ASCII nearly always: match their bytes without
    // allocating, since cost reports run this for every server, pool and rule.
    if pattern.is_ascii() && text.is_ascii() {
        return glob_in(pattern.as_bytes(), text.as_bytes(), |a, b| a.eq_ignore_ascii_case(b), b'*', b'?');
    }
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    glob_in(&p, &t, |a, b| a == b, '*', '?')
}

/// Iterative matcher with one backtrack point: linear in practice, no recursion to blow up.
fn glob_in<T: Copy + PartialEq>(p: &[T], t: &[T], same: impl Fn(&T, &T) -> bool, any: T, one: T) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == one || same(&p[pi], &t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == any {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == any)
}

#[cfg(test)]
mod tests;
