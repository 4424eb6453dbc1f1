//! Årsring's two languages, Swedish and English. Every text a reader sees, on a page or in a
//! workbook, is a [`Text`] with both, so a missing translation does not compile; [`texts!`]
//! declares a module's texts and lists them for the tests that check no Swedish page shows
//! an English one. Numbers and kronor are written in the reader's notation.
//!
//! A page's language is Swedish when the browser ranks Swedish above English
//! (`Accept-Language`, [`Lang::negotiate`]), English otherwise, unless the reader chose one
//! with the dashboard's switch. The workbooks finance and the renewal projects are handed are
//! Swedish.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Sv,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sv => "sv",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "sv" => Some(Lang::Sv),
            _ => None,
        }
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Sv,
            Lang::Sv => Lang::En,
        }
    }

    /// The language's own name, as the switch offers it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Sv => "Svenska",
        }
    }

    /// Swedish if the header ranks any Swedish (`sv`, `sv-SE`, `sv-FI`) above every English,
    /// by quality then order (RFC 9110 §12.5.4); English otherwise.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut best: Option<(u16, usize, Lang)> = None;
        for (position, range) in accept_language.split(',').enumerate() {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let lang = match primary {
                "sv" => Lang::Sv,
                "en" => Lang::En,
                _ => continue,
            };
            let q = (quality.clamp(0.0, 1.0) * 1000.0) as u16;
            if q == 0 {
                continue;
            }
            if best.is_none_or(|(bq, bp, _)| q > bq || (q == bq && position < bp)) {
                best = Some((q, position, lang));
            }
        }
        best.map_or(Lang::En, |(_, _, lang)| lang)
    }
}

/// One text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub sv: &'static str,
}

impl Text {
    pub const fn new(en: &'static str, sv: &'static str) -> Text {
        Text { en, sv }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Sv => self.sv,
        }
    }

    /// The template in `lang` with each `{key}` replaced by its value (see [`fill`]).
    pub fn fill(self, lang: Lang, values: &[(&str, &str)]) -> String {
        fill(self.get(lang), values)
    }
}

/// `template` with each `{key}` replaced by its value, in one pass: a value holding braces
/// is shown as it is, and an unknown `{key}` stays. Texts with a value inside are whole
/// templates, so each language places the value where it reads naturally.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .find('}')
            .and_then(|close| values.iter().find(|(key, _)| *key == &after[..close]).map(|(_, value)| (close, value)));
        match value {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Declares texts as constants and lists them in `ALL` for the translation tests:
///
/// ```
/// arsring_i18n::texts! {
///     TITLE = "Network devices", "Nätverksenheter";
/// }
/// assert_eq!(TITLE.get(arsring_i18n::Lang::Sv), "Nätverksenheter");
/// assert_eq!(ALL.len(), 1);
/// ```
#[macro_export]
macro_rules! texts {
    ($($name:ident = $en:literal, $sv:literal;)*) => {
        $(pub const $name: $crate::Text = $crate::Text::new($en, $sv);)*
        /// Every text of this module, by name, for the translation tests.
        pub const ALL: &[(&str, $crate::Text)] = &[$((stringify!($name), $name)),*];
    };
}

/// Öre as kronor to the öre, in the reader's notation: `1 234 567,89 kr` in Swedish (with
/// no-break spaces), `1,234,567.89 kr` in English.
pub fn kronor(lang: Lang, ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    let (group, decimal) = match lang {
        Lang::Sv => ('\u{a0}', ','),
        Lang::En => (',', '.'),
    };
    format!("{sign}{}{decimal}{:02} kr", grouped(abs / 100, group), abs % 100)
}

/// A whole number with thousands grouped: `12 345` / `12,345`.
pub fn integer(lang: Lang, n: i64) -> String {
    let group = if lang == Lang::Sv { '\u{a0}' } else { ',' };
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(n.unsigned_abs(), group))
}

/// A number with `decimals` places: `7,5` / `7.5`.
pub fn decimal(lang: Lang, value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if lang == Lang::Sv { text.replace('.', ",") } else { text }
}

fn grouped(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
