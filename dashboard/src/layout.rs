//! The frame of every page: navigation, who is logged in, the log-out form.

use maud::{DOCTYPE, Markup, html};

use crate::widgets::Section;

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
    pub title: String,
    pub nav: Nav,
    pub user: User,
    pub sections: Vec<Section>,
}

const LINKS: [(Nav, &str, &str); 6] = [
    (Nav::Overview, "/", "Overview"),
    (Nav::Heatmap, "/heatmap", "Heat map"),
    (Nav::Network, "/network", "Network devices"),
    (Nav::Servers, "/servers", "Servers"),
    (Nav::Plan, "/plan", "Renewal plan"),
    (Nav::Costs, "/costs", "Costs"),
];

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
        html lang="en" {
            (head(&p.title))
            body {
                header {
                    span.brand { "Årsring" }
                    nav {
                        @for (nav, href, label) in LINKS {
                            a href=(href) class=[(nav == p.nav).then_some("active")] { (label) }
                        }
                        @if p.user.is_admin {
                            a href="/admin" class=[(p.nav == Nav::Admin).then_some("active")] { "Registers" }
                        }
                    }
                    span.user {
                        (p.user.name) " (" (p.user.role) ") "
                        form method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(p.user.csrf);
                            button type="submit" { "Log out" }
                        }
                    }
                }
                main {
                    h1 { (p.title) }
                    @for section in &p.sections { (section.render()) }
                }
            }
        }
    };
    markup.into_string()
}

pub struct LoginPage<'a> {
    pub error: Option<&'a str>,
    /// Where to go after logging in.
    pub next: &'a str,
    /// Offer a directory (LDAP) account's user name and password besides the token.
    pub directory: bool,
}

pub fn login(p: &LoginPage) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head("Log in"))
            body {
                div.login {
                    h1 { "Årsring" }
                    @if let Some(error) = p.error { p.error role="alert" { (error) } }
                    @if p.directory {
                        p { "Log in with your directory account." }
                        form #directory-login method="post" action="/login" {
                            input type="hidden" name="next" value=(p.next);
                            label for="user" { "User name" }
                            input id="user" name="user" autocomplete="username" autocapitalize="none" spellcheck="false" required;
                            label for="password" { "Password" }
                            input id="password" type="password" name="password" autocomplete="current-password" required;
                            button.primary type="submit" { "Log in" }
                        }
                        p.alt { "Or, for scripts and when the directory is down, a viewer or admin token:" }
                    } @else {
                        p { "Log in with a viewer or admin token (" code { "arsring-collector token create" } ")." }
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
            label for="token" { "Token" }
            input id="token" type="password" name="token" autocomplete=(autocomplete) required;
            @if p.directory {
                button type="submit" { "Log in with the token" }
            } @else {
                button.primary type="submit" { "Log in" }
            }
        }
    }
}

#[cfg(test)]
mod tests;
