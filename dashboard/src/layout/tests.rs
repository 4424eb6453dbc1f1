use super::*;

fn user(is_admin: bool) -> User {
    User { name: "Anna <ops>".into(), role: "viewer".into(), is_admin, csrf: "c5rf".into() }
}

#[test]
fn viewers_get_no_registers_link_and_names_are_escaped() {
    let p = Page { title: "Overview".into(), nav: Nav::Overview, user: user(false), sections: vec![] };
    let html = page(&p);
    assert!(!html.contains("href=\"/admin\""), "{html}");
    assert!(html.contains("Anna &lt;ops&gt;"), "{html}");
    assert!(html.contains("name=\"csrf\" value=\"c5rf\""), "the log-out form carries the token: {html}");
    let admin = page(&Page { user: user(true), ..p });
    assert!(admin.contains("href=\"/admin\""), "{admin}");
}

#[test]
fn the_login_page_keeps_where_to_go_and_shows_the_error() {
    let html = login(&LoginPage { error: Some("Unknown token."), next: "/network?sort=1&dir=asc", directory: false });
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(html.contains("value=\"/network?sort=1&amp;dir=asc\""), "{html}");
    assert!(!html.contains("name=\"password\""), "no directory, no password field: {html}");
}

#[test]
fn with_a_directory_the_login_page_asks_for_a_user_name_and_password_and_keeps_the_token() {
    let html = login(&LoginPage { error: None, next: "/costs", directory: true });
    assert!(html.contains("id=\"directory-login\"") && html.contains("name=\"user\""), "{html}");
    assert!(html.contains("name=\"password\"") && html.contains("autocomplete=\"current-password\""), "{html}");
    assert!(html.contains("id=\"token-login\"") && html.contains("name=\"token\" autocomplete=\"off\""), "{html}");
    assert_eq!(html.matches("name=\"next\" value=\"/costs\"").count(), 2, "both forms return to the page: {html}");
}
