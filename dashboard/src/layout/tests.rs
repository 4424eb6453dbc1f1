use super::*;

fn user(is_admin: bool) -> User {
    User { name: "Anna <ops>".into(), role: "viewer".into(), is_admin, csrf: "c5rf".into() }
}

#[test]
fn viewers_get_no_registers_link_and_names_are_escaped() {
    let p = Page {
        lang: Lang::En,
        path: "/".into(),
        title: "Overview".into(),
        nav: Nav::Overview,
        user: user(false),
        sections: vec![],
    };
    let html = page(&p);
    assert!(!html.contains("href=\"/admin\""), "{html}");
    assert!(html.contains("Anna &lt;ops&gt;"), "{html}");
    assert!(html.contains("name=\"csrf\" value=\"c5rf\""), "the log-out form carries the token: {html}");
    let admin = page(&Page { user: user(true), ..p });
    assert!(admin.contains("href=\"/admin\""), "{admin}");
}

#[test]
fn the_login_page_keeps_where_to_go_and_shows_the_error() {
    let html = login(&LoginPage {
        lang: Lang::En,
        error: Some("Unknown token."),
        next: "/network?sort=1&dir=asc",
        directory: false,
    });
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(html.contains("value=\"/network?sort=1&amp;dir=asc\""), "{html}");
    assert!(!html.contains("name=\"password\""), "no directory, no password field: {html}");
}

#[test]
fn with_a_directory_the_login_page_asks_for_a_user_name_and_password_and_keeps_the_token() {
    let html = login(&LoginPage { lang: Lang::En, error: None, next: "/costs", directory: true });
    assert!(html.contains("id=\"directory-login\"") && html.contains("name=\"user\""), "{html}");
    assert!(html.contains("name=\"password\"") && html.contains("autocomplete=\"current-password\""), "{html}");
    assert!(html.contains("id=\"token-login\"") && html.contains("name=\"token\" autocomplete=\"off\""), "{html}");
    assert_eq!(html.matches("name=\"next\" value=\"/costs\"").count(), 2, "both forms return to the page: {html}");
}

#[test]
fn a_swedish_page_says_so_and_offers_english_back_to_the_same_page() {
    let p = Page {
        lang: Lang::Sv,
        path: "/network?site=dc norra&status=due".into(),
        title: "Nätverksenheter".into(),
        nav: Nav::Network,
        user: user(false),
        sections: vec![],
    };
    let html = page(&p);
    assert!(html.contains("<html lang=\"sv\">"), "{html}");
    assert!(html.contains(">Förnyelseplan</a>") && html.contains(">Logga ut</button>"), "{html}");
    assert!(html.contains("href=\"/lang?to=en&amp;next=/network%3Fsite%3Ddc%20norra%26status%3Ddue\""), "{html}");
    assert!(html.contains(">English</a>"), "{html}");
}

#[test]
fn every_frame_text_has_both_languages() {
    for (name, text) in crate::TEXTS {
        assert!(!text.en.is_empty() && !text.sv.is_empty(), "{name}");
        assert!(text.en != text.sv || ["TOKEN"].contains(name), "{name} is not translated: {:?}", text.en);
    }
}
