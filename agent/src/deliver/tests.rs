use super::*;

#[test]
fn outcomes_by_status() {
    assert_eq!(classify(StatusCode::CREATED, ""), Outcome::Stored);
    assert_eq!(classify(StatusCode::OK, ""), Outcome::Duplicate);
    assert!(matches!(classify(StatusCode::SERVICE_UNAVAILABLE, ""), Outcome::Unavailable { .. }));
    assert!(matches!(classify(StatusCode::TOO_MANY_REQUESTS, ""), Outcome::Unavailable { .. }));
    // A refused credential is not a passing outage: the report is not spooled (exit 4).
    assert!(matches!(classify(StatusCode::UNAUTHORIZED, ""), Outcome::Refused { status: 401, .. }));
    assert!(matches!(classify(StatusCode::FORBIDDEN, ""), Outcome::Refused { status: 403, .. }));
    let body = r#"{"error":{"field":"device.hardware.memory_bytes","message":"must be between 1 and 2^50"}}"#;
    assert_eq!(
        classify(StatusCode::UNPROCESSABLE_ENTITY, body),
        Outcome::Rejected { status: 422, message: "device.hardware.memory_bytes: must be between 1 and 2^50".into() }
    );
}

#[test]
fn urls() {
    assert!(check_url("https://collector.example:8443").is_ok());
    assert!(check_url("http://[::1]:8080").is_ok());
    assert!(check_url("http://localhost:8080").is_ok());
    assert!(check_url("http://10.0.0.1:8080").is_err());
    assert!(check_url("ftp://x").is_err());
    assert!(check_url("not a url").is_err());
}
