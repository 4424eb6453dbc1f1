//! The building blocks of a page. The collector fills them; they only render.

use crate::i18n::Lang;
use crate::layout::text;
use maud::{Markup, html};

use crate::svg::{self, Bar, Heatmap};

pub struct Card {
    pub label: String,
    pub value: String,
    pub note: Option<String>,
}

pub struct Header {
    pub label: String,
    /// Link that sorts by this column (the collector builds it with the current filters).
    pub sort_href: Option<String>,
    pub numeric: bool,
}

impl Header {
    pub fn new(label: &str) -> Header {
        Header { label: label.into(), sort_href: None, numeric: false }
    }

    pub fn num(label: &str) -> Header {
        Header { label: label.into(), sort_href: None, numeric: true }
    }
}

#[derive(Clone, Default)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    /// A CSS class, e.g. `status status-due`.
    pub class: Option<String>,
    pub numeric: bool,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), ..Cell::default() }
    }

    pub fn num(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), numeric: true, ..Cell::default() }
    }

    pub fn link(text: impl Into<String>, href: impl Into<String>) -> Cell {
        Cell { text: text.into(), href: Some(href.into()), ..Cell::default() }
    }

    pub fn status(status: &str) -> Cell {
        Cell::status_labelled(status, status.replace('_', " "))
    }

    /// A status cell whose class comes from the code and whose text is the reader's word.
    pub fn status_labelled(code: &str, label: impl Into<String>) -> Cell {
        Cell { text: label.into(), class: Some(format!("status status-{code}")), ..Cell::default() }
    }
}

pub struct Table {
    /// Element id (for the filter-as-you-type box and for tests).
    pub id: String,
    pub headers: Vec<Header>,
    pub rows: Vec<Vec<Cell>>,
    /// Adds a filter-as-you-type box above the table.
    pub filterable: bool,
    /// Shown when there are no rows.
    pub empty: String,
}

/// A GET form control (filters, the heat map's switches, the plan's inputs).
pub enum Control {
    Select { name: String, label: String, options: Vec<(String, String)>, selected: String },
    Input { name: String, label: String, value: String, kind: &'static str },
}

/// A form that changes something (admin only): posted with the session's CSRF token.
pub struct Form {
    pub action: String,
    pub fields: Vec<Field>,
    pub submit: String,
    pub csrf: String,
    pub multipart: bool,
}

pub enum Field {
    File { name: String, label: String, accept: String },
    Hidden { name: String, value: String },
}

pub enum Section {
    Heading(String),
    Note(String),
    /// An alert box (unassigned servers, errors).
    Alert {
        title: String,
        body: Vec<String>,
    },
    Cards(Vec<Card>),
    Table(Table),
    Filters {
        action: String,
        controls: Vec<Control>,
        submit: String,
    },
    Heatmap(Heatmap),
    Bars {
        title: String,
        unit: String,
        bars: Vec<Bar>,
        limit: Option<(f64, String)>,
    },
    Facts(Vec<(String, String)>),
    /// Files to download (CSV).
    Downloads(Vec<(String, String)>),
    /// Plain links (paging, related pages).
    Links(Vec<(String, String)>),
    Form(Form),
}

impl Section {
    pub fn render(&self, lang: Lang) -> Markup {
        match self {
            Section::Heading(text) => html! { h2 { (text) } },
            Section::Note(text) => html! { p.note { (text) } },
            Section::Alert { title, body } => html! {
                div.alert role="alert" { strong { (title) } @for line in body { div { (line) } } }
            },
            Section::Cards(cards) => html! {
                div.cards { @for c in cards {
                    div.card { div.big { (c.value) } div.label { (c.label) } @if let Some(n) = &c.note { div.note { (n) } } }
                } }
            },
            Section::Table(t) => table(t, lang),
            Section::Filters { action, controls, submit } => filters(action, controls, submit),
            Section::Heatmap(h) => svg::heatmap(h, lang),
            Section::Bars { title, unit, bars, limit } => svg::bars(title, unit, bars, limit.as_ref()),
            Section::Facts(facts) => html! { dl.facts { @for (k, v) in facts { dt { (k) } dd { (v) } } } },
            Section::Downloads(links) => html! {
                p.downloads { @for (label, href) in links { a href=(href) download { (label) } } }
            },
            Section::Links(links) => {
                html! { p.downloads { @for (label, href) in links { a href=(href) { (label) } } } }
            }
            Section::Form(f) => form(f),
        }
    }
}

fn table(t: &Table, lang: Lang) -> Markup {
    html! {
        @if t.filterable {
            p { input type="search" placeholder=(text::FILTER.get(lang)) data-filter-for=(t.id) aria-label=(text::FILTER_TABLE.get(lang));
                " " span id=(format!("{}-count", t.id)) { (t.rows.len()) } " " (text::ROWS.get(lang)) }
        }
        @if t.rows.is_empty() {
            p.note id=(t.id) { (t.empty) }
        } @else {
            div.scroll { table id=(t.id) {
                thead { tr { @for h in &t.headers {
                    th class=[h.numeric.then_some("num")] {
                        @match &h.sort_href { Some(href) => a href=(href) { (h.label) }, None => (h.label) }
                    }
                } } }
                tbody { @for row in &t.rows { tr { @for c in row {
                    td class=[cell_class(c)] {
                        @match &c.href { Some(href) => a href=(href) { (c.text) }, None => (c.text) }
                    }
                } } } }
            } }
        }
    }
}

fn cell_class(c: &Cell) -> Option<String> {
    match (&c.class, c.numeric) {
        (Some(class), true) => Some(format!("{class} num")),
        (Some(class), false) => Some(class.clone()),
        (None, true) => Some("num".into()),
        (None, false) => None,
    }
}

fn filters(action: &str, controls: &[Control], submit: &str) -> Markup {
    html! {
        form.filters method="get" action=(action) {
            @for c in controls { @match c {
                Control::Select { name, label, options, selected } => label { (label)
                    select name=(name) { @for (value, text) in options {
                        option value=(value) selected[value == selected] { (text) }
                    } }
                },
                Control::Input { name, label, value, kind } => label { (label)
                    input type=(kind) name=(name) value=(value);
                },
            } }
            button.primary type="submit" { (submit) }
        }
    }
}

fn form(f: &Form) -> Markup {
    html! {
        form method="post" action=(f.action) enctype=[f.multipart.then_some("multipart/form-data")] {
            input type="hidden" name="csrf" value=(f.csrf);
            @for field in &f.fields { @match field {
                Field::File { name, label, accept } => label { (label) " " input type="file" name=(name) accept=(accept) required; },
                Field::Hidden { name, value } => input type="hidden" name=(name) value=(value);,
            } }
            " " button.primary type="submit" { (f.submit) }
        }
    }
}
