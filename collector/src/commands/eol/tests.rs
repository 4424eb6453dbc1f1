use super::*;

fn outcome(product: &str, result: SyncOutcome, reason: Option<&str>) -> ProductSync {
    ProductSync { product: product.into(), result, reason: reason.map(String::from) }
}

#[test]
fn a_sync_that_fetched_nothing_is_told_on_one_line() {
    let body = br#"{"error":{"field":"products","message":"none of the 2 products could be fetched from endoflife.date (debian, rhel); debian: connection refused"}}"#;
    assert_eq!(
        nothing_fetched(body),
        "eol sync failed: none of the 2 products could be fetched from endoflife.date (debian, rhel); \
         debian: connection refused; the stored copies are kept"
    );
    // A proxy's page instead of the collector's answer is shown, cut short and on one line.
    let page = format!("<html>{}</html>\n", "x".repeat(1000));
    let told = nothing_fetched(page.as_bytes());
    assert!(told.starts_with("eol sync failed: <html>xxx") && !told.contains('\n') && told.len() < 400, "{told}");
}

#[test]
fn products_that_failed_beside_others_are_named() {
    let products = [
        outcome("debian", SyncOutcome::Updated, None),
        outcome("rhel", SyncOutcome::NotModified, None),
        outcome("no-such", SyncOutcome::Failed, Some("HTTP 404")),
    ];
    assert_eq!(
        some_failed(&products).unwrap(),
        "1 of 3 products could not be fetched, their stored copies are kept: no-such (HTTP 404)"
    );
    assert_eq!(some_failed(&products[..2]), None);
}

#[test]
fn durations_read_as_an_operator_writes_them() {
    assert_eq!(parse_duration("12h"), Ok(12 * 3600));
    assert_eq!(parse_duration("90m"), Ok(5400));
    assert_eq!(parse_duration("1d"), Ok(86_400));
    assert_eq!(parse_duration("45"), Ok(45));
    for bad in ["", "h", "12 hours", "-1h", "1.5h", "99999999999999999999d"] {
        assert!(parse_duration(bad).is_err(), "{bad:?}");
    }
}
