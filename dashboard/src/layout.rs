//! The frame of every page: navigation, who is logged in, the log-out form.

use maud::{DOCTYPE, Markup, html};

use crate::i18n::{Lang, Text};
use crate::widgets::Section;

pub(crate) mod text;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    Overview,
    Heatmap,
    Network,
    Servers,
    Plan,
    Costs,
    Device,
    Admin,
}

#[derive(Clone, Debug)]
pub struct User {
    pub name: String,
    pub role: String,
    pub is_admin: bool,
    /// The session's CSRF token, put in every form that changes something.
    pub csrf: String,
}

pub struct Page {
    pub lang: Lang,
    /// The page's own path and query, for the language switch to come back to.
    pub path: String,
    pub title: String,
    pub nav: Nav,
    pub user: User,
    pub sections: Vec<Section>,
}

const LINKS: [(Nav, &str, Text); 6] = [
    (Nav::Overview, "/", text::OVERVIEW),
    (Nav::Heatmap, "/heatmap", text::HEAT_MAP),
    (Nav::Network, "/network", text::NETWORK),
    (Nav::Servers, "/servers", text::SERVERS),
    (Nav::Plan, "/plan", text::PLAN),
    (Nav::Costs, "/costs", text::COSTS),
];

/// `/lang?to=sv&next=/network?site=x`: the switch to the other language, back to this page.
fn switch_href(lang: Lang, path: &str) -> String {
    let next: String = path
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("/lang?to={}&next={next}", lang.other().code())
}

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · Årsring" }
            link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
            link rel="stylesheet" href="/static/app.css";
            script src="/static/app.js" defer {}
        }
    }
}

pub fn page(p: &Page) -> String {
    let markup = html! {
        (DOCTYPE)
        html lang=(p.lang.code()) {
            (head(&p.title))
            body {
                header {
                    span.brand { "Årsring" }
                    nav {
                        @for (nav, href, label) in LINKS {
                            a href=(href) class=[(nav == p.nav).then_some("active")] { (label.get(p.lang)) }
                        }
                        @if p.user.is_admin {
                            a href="/admin" class=[(p.nav == Nav::Admin).then_some("active")] { (text::REGISTERS.get(p.lang)) }
                        }
                    }
                    span.user {
                        a #language href=(switch_href(p.lang, &p.path)) lang=(p.lang.other().code())
                            title=(text::LANGUAGE.get(p.lang)) { (p.lang.other().name()) }
                        " " (p.user.name) " (" (p.user.role) ") "
                        form method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(p.user.csrf);
                            button type="submit" { (text::LOG_OUT.get(p.lang)) }
                        }
                    }
                }
                main {
                    h1 { (p.title) }
                    @for section in &p.sections { (section.render(p.lang)) }
                }
            }
        }
    };
    markup.into_string()
}

pub struct LoginPage<'a> {
    pub lang: Lang,
    pub error: Option<&'a str>,
    /// Where to go after logging in.
    pub next: &'a str,
    /// Offer a directory (LDAP) account's user name and password besides the token.
    pub directory: bool,
}

pub fn login(p: &LoginPage) -> String {
    let t = |text: Text| text.get(p.lang);
    html! {
        (DOCTYPE)
        html lang=(p.lang.code()) {
            (head(t(text::LOG_IN)))
            body {
                div.login {
                    h1 { "Årsring" }
                    @if let Some(error) = p.error { p.error role="alert" { (error) } }
                    @if p.directory {
                        p { (t(text::DIRECTORY_INTRO)) }
                        form #directory-login method="post" action="/login" {
                            input type="hidden" name="next" value=(p.next);
                            label for="user" { (t(text::USER_NAME)) }
                            input id="user" name="user" autocomplete="username" autocapitalize="none" spellcheck="false" required;
                            label for="password" { (t(text::PASSWORD)) }
                            input id="password" type="password" name="password" autocomplete="current-password" required;
                            button.primary type="submit" { (t(text::LOG_IN)) }
                        }
                        p.alt { (t(text::TOKEN_TOO)) }
                    } @else {
                        p { (t(text::TOKEN_INTRO)) " (" code { "arsring-collector token create" } ")." }
                    }
                    (token_form(p))
                }
            }
        }
    }
    .into_string()
}

/// The token form. Beside a directory log-in it is no password for a browser to remember.
fn token_form(p: &LoginPage) -> Markup {
    let autocomplete = if p.directory { "off" } else { "current-password" };
    html! {
        form #token-login method="post" action="/login" {
            input type="hidden" name="next" value=(p.next);
            label for="token" { (text::TOKEN.get(p.lang)) }
            input id="token" type="password" name="token" autocomplete=(autocomplete) required;
            @if p.directory {
                button type="submit" { (text::WITH_TOKEN.get(p.lang)) }
            } @else {
                button.primary type="submit" { (text::LOG_IN.get(p.lang)) }
            }
        }
    }
}

#[cfg(test)]
mod tests;
