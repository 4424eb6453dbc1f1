//! Money: integer öre, parsed from and written as SEK without ever touching a float.

/// Öre: 1/100 SEK.
pub type Ore = i64;

/// Parses an SEK amount as people write it: `1000000`, `1 000 000,50`, `1000000.50`,
/// `1\u{a0}000,5`, `-250`. A comma or a point is the decimal separator when followed by at
/// most two digits; spaces (also non-breaking) group thousands. More than two decimals is
/// an error, not a rounding.
pub fn parse_sek(text: &str) -> Result<Ore, String> {
    let cleaned: String = text.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '_')).collect();
    let cleaned = cleaned.strip_suffix("kr").or_else(|| cleaned.strip_suffix("SEK")).unwrap_or(&cleaned).trim();
    let (negative, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned),
    };
    let (whole, fraction) = match digits.rfind([',', '.']) {
        Some(pos) => (&digits[..pos], &digits[pos + 1..]),
        None => (digits, ""),
    };
    let valid = !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.len() <= 2
        && fraction.chars().all(|c| c.is_ascii_digit());
    if !valid {
        return Err(format!("{text:?} is not an amount in SEK (e.g. 125000 or 125 000,50)"));
    }
    let kronor: i64 = whole.parse().map_err(|_| format!("{text:?} is too large"))?;
    let ore: i64 = format!("{fraction:0<2}").parse().unwrap_or(0);
    let total =
        kronor.checked_mul(100).and_then(|k| k.checked_add(ore)).ok_or_else(|| format!("{text:?} is too large"))?;
    Ok(if negative { -total } else { total })
}

/// `1234567` öre → `12345.67` (for machines: CSV, JSON).
pub fn format_sek(ore: Ore) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// `1234567` öre → `12 345,67` (for Swedish readers and Excel).
pub fn format_sek_sv(ore: Ore) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    let kronor = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in kronor.chars().enumerate() {
        if i > 0 && (kronor.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{:02}", abs % 100)
}

#[cfg(test)]
mod tests;
