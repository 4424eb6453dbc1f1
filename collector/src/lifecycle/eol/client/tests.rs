use super::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("test time").with_timezone(&Utc)
}

#[test]
fn retry_after_forms() {
    let now = at("2015-10-21T07:27:00Z");
    let cases = [
        ("1", Some(1)),
        (" 120 ", Some(120)),
        ("0", Some(0)),
        ("Wed, 21 Oct 2015 07:28:00 GMT", Some(60)),
        ("Wednesday, 21-Oct-15 07:28:00 GMT", Some(60)),
        ("Wed Oct 21 07:28:00 2015", Some(60)),
        ("Wed, 21 Oct 2015 07:00:00 GMT", Some(0)),
        ("", None),
        ("-1", None),
        ("1.5", None),
        ("soon", None),
    ];
    for (value, secs) in cases {
        assert_eq!(retry_after(value, now), secs.map(Duration::from_secs), "{value:?}");
    }
    assert_eq!(retry_after("99999999999999999999999", now), Some(Duration::MAX));
}

#[test]
fn headers_are_short_visible_text() {
    let mut headers = HeaderMap::new();
    headers.insert(header::ETAG, HeaderValue::from_static("\"abc\""));
    headers.insert(header::LAST_MODIFIED, HeaderValue::from_static("  "));
    assert_eq!(text(&headers, header::ETAG).as_deref(), Some("\"abc\""));
    assert_eq!(text(&headers, header::LAST_MODIFIED), None);
    assert_eq!(text(&headers, header::RETRY_AFTER), None);
}
