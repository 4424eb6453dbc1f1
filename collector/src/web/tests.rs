use super::*;

#[test]
fn login_only_sends_people_to_local_pages() {
    assert_eq!(safe_next(Some("/network?sort=1")), "/network?sort=1");
    assert_eq!(safe_next(Some("/devices?q=Växel")), "/devices?q=Växel");
    let bad = ["https://evil.example/", "//evil.example/", "/\\evil.example", "network", "", "/\t/evil.example"];
    let more = ["/\n/evil.example", "/\r\n/evil.example", "/ /evil.example", "/\u{0}/evil.example"];
    for bad in bad.into_iter().chain(more) {
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

#[test]
fn directory_refusals_answer_with_a_status_that_says_whose_problem_it_is() {
    let status = |err: LoginError| directory_status(&err);
    assert_eq!(status(LoginError::BadCredentials), StatusCode::UNAUTHORIZED);
    assert_eq!(status(LoginError::NoMappedGroup { user: "david".into() }), StatusCode::FORBIDDEN);
    assert_eq!(status(LoginError::RateLimited { wait: "5 minutes".into() }), StatusCode::TOO_MANY_REQUESTS);
    let down = LoginError::Unavailable { url: "ldaps://dc1".into(), reason: "refused".into() };
    assert_eq!(status(down), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn log_ins_are_on_record_and_tokens_refused_are_not() {
    use tower::ServiceExt;
    let dir = tempfile::tempdir().unwrap();
    let (viewer, _) = crate::tokens::create(dir.path(), Role::Viewer, "Ekonomi").unwrap();
    let (agent, _) = crate::tokens::create(dir.path(), Role::Agent, "enrolment").unwrap();
    let config = crate::config::Config { data_dir: dir.path().to_path_buf(), ..Default::default() };
    let app = crate::app::open(dir.path(), crate::app::AppConfig::from_config(&config)).unwrap();
    let router = crate::server::router(app.clone());
    let log_in = |token: &str| {
        let body = format!("token={token}&next=%2Fcosts");
        axum::http::Request::post("/login")
            .header(header::HOST, "127.0.0.1:8443")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let ok = router.clone().oneshot(log_in(&viewer)).await.unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(ok.headers()[header::LOCATION], "/costs");
    assert!(ok.headers()[header::SET_COOKIE].to_str().unwrap().contains("HttpOnly"));
    assert_eq!(router.clone().oneshot(log_in("ars_unknown")).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(router.clone().oneshot(log_in(&agent)).await.unwrap().status(), StatusCode::UNAUTHORIZED);

    let events = app.audit.read(&crate::audit::Filter::default(), 10).unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!((events[0].actor.as_str(), events[0].action.as_str()), ("Ekonomi", "login"));
    assert!(events[0].detail.contains("with a token as viewer"), "{}", events[0].detail);
    assert!(events[0].credential.as_deref().is_some_and(|c| c.starts_with("tok_")));
}
