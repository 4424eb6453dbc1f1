use super::*;

#[test]
fn login_only_sends_people_to_local_pages() {
    assert_eq!(safe_next(Some("/network?sort=1")), "/network?sort=1");
    for bad in ["https://evil.example/", "//evil.example/", "/\\evil.example", "network", ""] {
        assert_eq!(safe_next(Some(bad)), "/", "{bad}");
    }
    assert_eq!(safe_next(None), "/");
}

fn post(origin: Option<&str>, host: &str) -> axum::extract::Request {
    let mut builder = axum::http::Request::post("/login").header(header::HOST, host);
    if let Some(origin) = origin {
        builder = builder.header(header::ORIGIN, origin);
    }
    builder.body(axum::body::Body::empty()).unwrap()
}

#[test]
fn forms_from_other_sites_are_refused() {
    assert!(origin_matches(&post(Some("https://127.0.0.1:8443"), "127.0.0.1:8443")));
    assert!(origin_matches(&post(Some("https://Arsring.Kommun.se"), "arsring.kommun.se")));
    assert!(origin_matches(&post(None, "127.0.0.1:8443")), "clients that send no Origin (curl) are not browsers");
    assert!(!origin_matches(&post(Some("https://evil.example"), "127.0.0.1:8443")));
    assert!(!origin_matches(&post(Some("https://127.0.0.1:9999"), "127.0.0.1:8443")));
    assert!(!origin_matches(&post(Some("null"), "127.0.0.1:8443")), "sandboxed frames send null");
}

#[test]
fn urlencode_keeps_paths_and_escapes_the_rest() {
    assert_eq!(urlencode("/heatmap/cell?key=Södra&x=1"), "/heatmap/cell%3Fkey%3DS%C3%B6dra%26x%3D1");
}
