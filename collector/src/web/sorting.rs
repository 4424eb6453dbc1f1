//! Sorting and paging of dashboard tables by query parameters (`sort`, `dir`, `page`), so
//! tables of thousands of devices stay light and work without a script.

use std::cmp::Ordering;

use arsring_dashboard::Header;

#[derive(Clone, Debug, PartialEq, PartialOrd)]
pub enum Key {
    Text(String),
    Num(f64),
    /// Sorts after everything (unknown values go last either way).
    Missing,
}

impl Key {
    pub fn text(value: Option<&str>) -> Key {
        value.map_or(Key::Missing, |v| Key::Text(v.to_lowercase()))
    }

    pub fn num(value: Option<f64>) -> Key {
        value.map_or(Key::Missing, Key::Num)
    }
}

fn compare(a: &Key, b: &Key) -> Ordering {
    match (a, b) {
        (Key::Missing, Key::Missing) => Ordering::Equal,
        (Key::Missing, _) => Ordering::Greater,
        (_, Key::Missing) => Ordering::Less,
        (Key::Num(x), Key::Num(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Key::Text(x), Key::Text(y)) => x.cmp(y),
        (Key::Num(_), Key::Text(_)) => Ordering::Less,
        (Key::Text(_), Key::Num(_)) => Ordering::Greater,
    }
}

pub const PAGE: usize = 500;

/// Sorts `items` by column `sort` (`desc` reverses, unknowns stay last), keeps one page, and
/// gives the headers their sort links built on `base` (the page URL with its filters).
/// `key(item, column)` is asked only for the sorted column, once per item, so a page makes
/// the cells of the rows it shows and nothing more. Returns where the page starts and how
/// many items there were.
pub fn arrange<T>(
    items: &mut Vec<T>,
    headers: &mut [Header],
    base: &str,
    sort: Option<usize>,
    desc: bool,
    page: usize,
    key: impl Fn(&T, usize) -> Key,
) -> (usize, usize) {
    if let Some(col) = sort.filter(|c| *c < headers.len()) {
        let mut keyed: Vec<(Key, T)> = items.drain(..).map(|item| (key(&item, col), item)).collect();
        keyed.sort_by(|(ka, _), (kb, _)| match (ka, kb) {
            (Key::Missing, _) | (_, Key::Missing) => compare(ka, kb),
            _ if desc => compare(kb, ka),
            _ => compare(ka, kb),
        });
        items.extend(keyed.into_iter().map(|(_, item)| item));
    }
    let sep = if base.contains('?') { '&' } else { '?' };
    for (i, h) in headers.iter_mut().enumerate() {
        let flip = sort == Some(i) && !desc;
        h.sort_href = Some(format!("{base}{sep}sort={i}&dir={}", if flip { "desc" } else { "asc" }));
    }
    let total = items.len();
    let shown = page_range(page, total);
    items.truncate(shown.end);
    items.drain(..shown.start);
    (shown.start, total)
}

/// Which of `total` rows page `page` shows (empty past the end).
pub fn page_range(page: usize, total: usize) -> std::ops::Range<usize> {
    let start = page.saturating_mul(PAGE).min(total);
    start..(start + PAGE).min(total)
}

#[cfg(test)]
mod tests;
