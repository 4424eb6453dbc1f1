//! Directory log-in (LDAP) against a real OpenLDAP slapd (`tests/peers/slapd.sh`) and the real
//! collector: in headless Chromium over LDAPS with a CA file and search-then-bind (memberOf),
//! and over HTTP for StartTLS with a direct bind and a group search, a wrong CA and plain
//! LDAP on loopback. Screenshots go to `target/test-output/ldap/`.

use std::path::Path;
use std::time::{Duration, Instant};

use arsring_collector::sample;
use arsring_e2e::browser::{Browser, output_dir};
use arsring_e2e::peers::{self, SLAPD_SERVICE_DN, SLAPD_SERVICE_PASSWORD, SLAPD_SUFFIX, Slapd, slapd_password};
use arsring_e2e::*;

const TIMEOUT_SECS: u64 = 3;

/// `collector.toml` with an `[ldap]` section of `settings` and the roles every test uses:
/// one group by its DN, two by their CN (one in another case).
fn config(dir: &Path, settings: &str) -> String {
    let file = dir.join("collector.toml");
    let text = format!(
        "[ldap]\ntimeout_secs = {TIMEOUT_SECS}\n{settings}\n\
         [ldap.roles]\n\"cn=arsring-admin,ou=groups,{SLAPD_SUFFIX}\" = \"admin\"\n\
         \"arsring-ekonomi\" = \"finance\"\n\"ARSRING-LASARE\" = \"viewer\"\n"
    );
    std::fs::write(&file, text).unwrap();
    file.to_str().unwrap().to_string()
}

fn start(dir: &Path, name: &str, settings: &str) -> Collector {
    let sub = dir.join(name);
    std::fs::create_dir_all(&sub).unwrap();
    let config = config(&sub, settings);
    Collector::start_with(&sub.join("data"), &["--config", &config, "--listen", "127.0.0.1:0"])
}

/// LDAPS with the test CA; the service account finds people by uid; groups from memberOf.
fn search_then_bind(slapd: &Slapd, dir: &Path) -> String {
    let password_file = dir.join("ldap-bind-password");
    std::fs::write(&password_file, format!("{SLAPD_SERVICE_PASSWORD}\n")).unwrap();
    format!(
        "url = \"{}\"\nca = \"{}\"\nbind_dn = \"{SLAPD_SERVICE_DN}\"\nbind_password_file = \"{}\"\n\
         user_search_base = \"ou=people,{SLAPD_SUFFIX}\"\nuser_filter = \"(&(objectClass=inetOrgPerson)(uid={{user}}))\"",
        slapd.ldaps_url,
        slapd.ca.display(),
        password_file.display()
    )
}

/// A few servers and their registers, so the cost pages have charges to show. Posted with
/// an admin token: agents enrol for keys of their own, which is not what this test is about.
fn fill(collector: &Collector) {
    let agent = collector.token("admin", "sample-loader");
    let reports = sample::fleet(8, 4, 3, chrono::Utc::now() - chrono::Duration::hours(1));
    for r in &reports {
        assert_eq!(collector.post_report(serde_json::to_vec(r).unwrap(), Some(&agent)).status(), 201);
    }
    collector.import_sample_registers(&reports, 3);
}

/// Fills in the directory form and submits it; stays on the page when refused.
fn submit(b: &Browser, user: &str, password: &str) {
    b.type_into(&b.find("#user"), user);
    b.type_into(&b.find("#password"), password);
    b.click(&b.find("#directory-login button[type=submit]"));
}

fn log_in(b: &Browser, user: &str, then: &str) {
    b.goto(then);
    assert!(b.path().starts_with("/login?next="), "not logged in yet: {}", b.path());
    b.type_into(&b.find("#user"), user);
    b.type_into(&b.find("#password"), slapd_password(&user.to_lowercase()));
    b.follow(&b.find("#directory-login button[type=submit]"));
    assert_eq!(b.path(), then, "{user}: logging in returns to the page asked for");
}

fn log_out(b: &Browser) {
    b.follow(&b.find("header form button"));
    assert_eq!(b.path(), "/login");
}

/// The refusal shown after a submit on the log-in page.
fn refusal(b: &Browser) -> String {
    let text = b.text(&b.wait_for("p.error"));
    b.console_errors(); // Chromium logs the 401/403/429/503, as it should
    text
}

#[test]
fn directory_log_in_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let Some(slapd) = peers::slapd(&dir.path().join("slapd")) else { return };
    eprintln!("slapd started in {:.2} s", slapd.started_in.as_secs_f64());
    let collector = start(dir.path(), "c", &search_then_bind(&slapd, dir.path()));
    fill(&collector);
    let break_glass = collector.token("admin", "break-glass");
    let Some(b) = Browser::start(&collector.url) else { return };
    let shots = output_dir("ldap");

    // Anna (finance) sees the cost pages, and downloads the charges with her session.
    log_in(&b, "anna", "/costs");
    assert!(b.text(&b.find("h1")).starts_with("Costs"), "{}", b.text(&b.find("main")));
    assert!(b.text(&b.find("header .user")).contains("Anna Andersson (directory) (viewer)"));
    assert!(!b.find_all(".card .big").is_empty(), "the charges are shown");
    let links = b.find_all("p.downloads a[download]");
    assert!(!links.is_empty(), "the costs page offers downloads");
    for link in links {
        let href = b.attr(&link, "href").unwrap();
        assert_eq!(b.fetch(&href).0, 200, "{href} with a directory session");
    }
    assert!(b.find_all("nav a[href='/admin']").is_empty(), "finance changes nothing");
    b.screenshot(&shots.join("finance-costs.png"));
    assert_eq!(b.console_errors(), Vec::<String>::new());
    log_out(&b);

    // Bertil (viewer, group mapped by CN in another case) reads, and gets no admin actions.
    log_in(&b, "Bertil", "/");
    assert!(b.find_all("nav a[href='/admin']").is_empty(), "no admin link for a viewer");
    b.goto("/admin");
    assert_eq!(b.text(&b.find("h1")), "Not allowed");
    assert_eq!(b.fetch("/admin").0, 403);
    b.console_errors();
    log_out(&b);

    // Cecilia (admin, by the group's DN) gets the registers page.
    log_in(&b, "cecilia", "/admin");
    assert_eq!(b.find_all("nav a[href='/admin']").len(), 1);
    assert_ne!(b.text(&b.find("h1")), "Not allowed");
    log_out(&b);

    refusals(&b, &shots);
    rate_limit(&b);
    directory_down(&b, slapd, &break_glass, &shots);
}

/// David (in no mapped group) and a user name that is a wildcard are refused, clearly.
fn refusals(b: &Browser, shots: &Path) {
    b.goto("/login");
    submit(b, "david", slapd_password("david"));
    let message = refusal(b);
    assert!(message.contains("david is in no directory group that gives access to Årsring"), "{message}");
    b.screenshot(&shots.join("no-group.png"));
    b.goto("/");
    assert!(b.path().starts_with("/login"), "no session for david");

    // Escaped: "*" matches nobody, so anna's password opens nothing.
    b.goto("/login");
    submit(b, "*", slapd_password("anna"));
    assert_eq!(refusal(b), "Wrong user name or password.");
}

/// Five wrong passwords, then even the right one is refused for a while.
fn rate_limit(b: &Browser) {
    for attempt in 0..5 {
        b.goto("/login");
        submit(b, if attempt % 2 == 0 { "bertil" } else { "BERTIL" }, "not-the-password");
        assert_eq!(refusal(b), "Wrong user name or password.", "attempt {attempt}");
    }
    b.goto("/login");
    submit(b, "bertil", slapd_password("bertil"));
    assert_eq!(refusal(b), "Too many failed log-ins; try again in 5 minutes.");
    // Another user name is not locked out by bertil's failures.
    log_in(b, "anna", "/plan");
    log_out(b);
}

/// With slapd gone the page says so within the timeout, and a break-glass token still works.
fn directory_down(b: &Browser, slapd: Slapd, break_glass: &str, shots: &Path) {
    let url = slapd.ldaps_url.clone();
    slapd.peer.stop();
    b.goto("/login?next=/admin");
    let asked = Instant::now();
    submit(b, "cecilia", slapd_password("cecilia"));
    let message = refusal(b);
    assert!(asked.elapsed() < Duration::from_secs(TIMEOUT_SECS + 2), "answered in {:?}", asked.elapsed());
    assert_eq!(message, format!("The directory ({url}) did not answer; log in with a token if you have one."));
    b.screenshot(&shots.join("directory-down.png"));
    b.type_into(&b.find("#token"), break_glass);
    b.follow(&b.find("#token-login button[type=submit]"));
    assert_eq!(b.path(), "/admin");
    assert!(b.text(&b.find("header .user")).contains("break-glass (admin)"));
}

/// A form post to `/login`: status, the page's error (if any) and the session cookie.
fn post_login(collector: &Collector, user: &str, password: &str) -> (u16, String, Option<String>) {
    let client = https_client_builder(&collector.ca).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("user", user)
        .append_pair("password", password)
        .append_pair("next", "/")
        .finish();
    let response = client
        .post(format!("{}/login", collector.url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .unwrap();
    let status = response.status().as_u16();
    let cookie =
        response.headers().get("set-cookie").map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string());
    let page = response.text().unwrap();
    let error = page
        .split_once("role=\"alert\">")
        .map(|(_, rest)| rest.split('<').next().unwrap().to_string())
        .unwrap_or_default();
    (status, error, cookie)
}

fn get_with(collector: &Collector, path: &str, cookie: &str) -> u16 {
    let client = https_client_builder(&collector.ca).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    client.get(format!("{}{path}", collector.url)).header("cookie", cookie).send().unwrap().status().as_u16()
}

/// StartTLS with the CA file, a direct bind to uid={user},…, groups by a search for
/// `(member={dn})` (memberOf switched off); then a wrong CA and plain LDAP on loopback.
#[test]
fn starttls_direct_bind_group_search_wrong_ca_and_plain_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let Some(slapd) = peers::slapd(&dir.path().join("slapd")) else { return };
    let direct = format!(
        "user_dn_template = \"uid={{user}},ou=people,{SLAPD_SUFFIX}\"\nmember_of_attribute = \"\"\n\
         group_search_base = \"ou=groups,{SLAPD_SUFFIX}\"\ngroup_filter = \"(&(objectClass=groupOfNames)(member={{dn}}))\""
    );
    let starttls = format!("url = \"{}\"\nstarttls = true\nca = \"{}\"\n{direct}", slapd.ldap_url, slapd.ca.display());
    let collector = start(dir.path(), "starttls", &starttls);

    let (status, error, cookie) = post_login(&collector, "cecilia", slapd_password("cecilia"));
    assert_eq!((status, error.as_str()), (303, ""), "cecilia over StartTLS");
    let cookie = cookie.unwrap();
    assert_eq!(get_with(&collector, "/admin", &cookie), 200, "admin by the group's DN");
    assert_eq!(get_with(&collector, "/api/v1/devices", &cookie), 200, "a read route with the session");

    let (status, _, cookie) = post_login(&collector, "anna", slapd_password("anna"));
    assert_eq!(status, 303);
    assert_eq!(get_with(&collector, "/admin", &cookie.unwrap()), 403, "finance is no admin");

    let (status, error, cookie) = post_login(&collector, "david", slapd_password("david"));
    assert_eq!(status, 403);
    assert!(error.starts_with("david is in no directory group"), "{error}");
    assert!(cookie.is_none());
    // A DN-breaking user name is escaped into a DN that does not exist.
    let (status, error, _) = post_login(&collector, "anna,ou=people", slapd_password("anna"));
    assert_eq!((status, error.as_str()), (401, "Wrong user name or password."));
    collector.stop();

    // The system trust store does not know the test CA: refused, and the page says why.
    let untrusted = start(dir.path(), "untrusted", &format!("url = \"{}\"\n{direct}", slapd.ldaps_url));
    let (status, error, _) = post_login(&untrusted, "cecilia", slapd_password("cecilia"));
    assert_eq!(status, 503);
    assert!(error.contains("could not be reached securely"), "{error}");
    untrusted.stop();

    // Plain LDAP, allowed to a loopback address only when asked for.
    let plain = format!("url = \"{}\"\ninsecure_plaintext = true\n{direct}", slapd.ldap_url);
    let plain = start(dir.path(), "plain", &plain);
    let (status, error, _) = post_login(&plain, "bertil", slapd_password("bertil"));
    assert_eq!((status, error.as_str()), (303, ""));
}
