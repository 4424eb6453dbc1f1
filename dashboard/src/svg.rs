//! Charts as inline SVG, drawn on the server: the heat map and bar charts. Colours come from
//! the viridis scale, which stays ordered for colour-blind readers and in greyscale, and every
//! cell and bar also carries its number.

use crate::i18n::Lang;
use crate::layout::text;
use maud::{Markup, html};

pub struct HeatCell {
    /// What the colour encodes (a count or an amount).
    pub value: f64,
    /// What the cell says, e.g. `12` or `340 kkr`.
    pub label: String,
    /// Tooltip.
    pub title: String,
    /// The cell's list of items.
    pub href: String,
}

pub struct HeatRow {
    pub label: String,
    pub cells: Vec<HeatCell>,
    /// Items without an end-of-life date.
    pub unknown: u32,
}

pub struct Heatmap {
    pub columns: Vec<String>,
    pub rows: Vec<HeatRow>,
    /// What the numbers are, for the legend: `devices` or `SEK`.
    pub measure: String,
}

/// Viridis, light to dark (low to high).
const SCALE: [&str; 7] = ["#fde725", "#a0da39", "#4ac16d", "#1fa187", "#277f8e", "#365c8d", "#46327e"];

fn colour(value: f64, max: f64) -> (&'static str, &'static str) {
    if value <= 0.0 || max <= 0.0 {
        return ("#eef0f2", "#5b6573");
    }
    let step = ((value / max) * (SCALE.len() as f64 - 1.0)).round() as usize;
    let fill = SCALE[step.min(SCALE.len() - 1)];
    (fill, if step >= 3 { "#ffffff" } else { "#1d2430" })
}

const LABEL_W: f64 = 200.0;
const CELL_W: f64 = 104.0;
const CELL_H: f64 = 34.0;
const HEAD_H: f64 = 26.0;

pub fn heatmap(h: &Heatmap, lang: Lang) -> Markup {
    let max = h.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.value)).fold(0.0, f64::max);
    let width = LABEL_W + CELL_W * (h.columns.len() as f64 + 1.0);
    let height = HEAD_H + CELL_H * h.rows.len() as f64 + 4.0;
    html! {
        div.scroll {
            svg id="heatmap" role="img" aria-label=(text::HEATMAP.get(lang)) width=(width) height=(height)
                viewBox=(format!("0 0 {width} {height}")) xmlns="http://www.w3.org/2000/svg" {
                @for (i, col) in h.columns.iter().enumerate() {
                    text x=(LABEL_W + CELL_W * i as f64 + CELL_W / 2.0) y="18" text-anchor="middle" font-weight="600" { (col) }
                }
                text x=(LABEL_W + CELL_W * h.columns.len() as f64 + CELL_W / 2.0) y="18" text-anchor="middle" fill="#5b6573" { (text::NO_DATE.get(lang)) }
                @for (r, row) in h.rows.iter().enumerate() {
                    @let y = HEAD_H + CELL_H * r as f64;
                    text x="4" y=(y + CELL_H / 2.0 + 5.0) { (truncate(&row.label, 26)) }
                    @for (i, cell) in row.cells.iter().enumerate() {
                        @let (fill, ink) = colour(cell.value, max);
                        @let x = LABEL_W + CELL_W * i as f64;
                        a href=(cell.href) class="heat-cell" data-row=(row.label) data-column=(h.columns[i]) data-value=(cell.label) {
                            rect x=(x + 1.0) y=(y + 1.0) width=(CELL_W - 2.0) height=(CELL_H - 2.0) rx="3" fill=(fill) {
                                title { (cell.title) }
                            }
                            text x=(x + CELL_W / 2.0) y=(y + CELL_H / 2.0 + 5.0) text-anchor="middle" fill=(ink) { (cell.label) }
                        }
                    }
                    text x=(LABEL_W + CELL_W * row.cells.len() as f64 + CELL_W / 2.0) y=(y + CELL_H / 2.0 + 5.0) text-anchor="middle" fill="#5b6573" {
                        (row.unknown)
                    }
                }
            }
        }
        (legend(max, &h.measure, lang))
    }
}

fn legend(max: f64, measure: &str, lang: Lang) -> Markup {
    html! {
        svg id="heatmap-legend" role="img" aria-label=(text::LEGEND.get(lang)) width="420" height="40" xmlns="http://www.w3.org/2000/svg" {
            text x="0" y="24" { "0" }
            @for (i, fill) in SCALE.iter().enumerate() {
                rect x=(20 + i * 40) y="8" width="40" height="22" fill=(*fill) {}
            }
            text x=(30 + SCALE.len() * 40) y="24" { (format_number(max, lang)) " " (measure) }
        }
    }
}

pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Printed above the bar.
    pub text: String,
}

pub fn bars(title: &str, unit: &str, bars: &[Bar], limit: Option<&(f64, String)>) -> Markup {
    let max = bars.iter().map(|b| b.value).fold(limit.map_or(0.0, |l| l.0), f64::max).max(1.0);
    let (bar_w, plot_h, top) = (64.0, 180.0, 24.0);
    let width = 50.0 + bar_w * bars.len() as f64;
    let height = top + plot_h + 40.0;
    let y_of = |v: f64| top + plot_h - plot_h * v / max;
    html! {
        figure {
            figcaption { strong { (title) } " (" (unit) ")" }
            svg class="bars" role="img" aria-label=(title) width=(width) height=(height) xmlns="http://www.w3.org/2000/svg" {
                @for (i, b) in bars.iter().enumerate() {
                    @let x = 40.0 + bar_w * i as f64;
                    rect x=(x + 8.0) y=(y_of(b.value)) width=(bar_w - 16.0) height=(plot_h - (y_of(b.value) - top)) fill="#365c8d" {
                        title { (b.label) ": " (b.text) }
                    }
                    text x=(x + bar_w / 2.0) y=(y_of(b.value) - 4.0) text-anchor="middle" font-size="12" { (b.text) }
                    text x=(x + bar_w / 2.0) y=(top + plot_h + 18.0) text-anchor="middle" { (b.label) }
                }
                @if let Some((value, label)) = limit {
                    line x1="36" x2=(width) y1=(y_of(*value)) y2=(y_of(*value)) stroke="#9b1c1c" stroke-dasharray="5 4" {}
                    text x="38" y=(y_of(*value) - 4.0) fill="#9b1c1c" font-size="12" { (label) }
                }
            }
        }
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

fn format_number(v: f64, lang: Lang) -> String {
    if v.fract() == 0.0 { crate::i18n::integer(lang, v as i64) } else { crate::i18n::decimal(lang, v, 1) }
}

#[cfg(test)]
mod tests;
