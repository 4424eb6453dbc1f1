use serde_json::json;

use super::*;

fn description() -> Description {
    Description::new(json!({
        "openapi": "3.1.0",
        "paths": {
            "/things/{id}": {"get": {"responses": {
                "200": {"description": "", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}},
                    "text/csv": {"schema": {"type": "string"}},
                }},
                "404": {"$ref": "#/components/responses/NotFound"},
            }}},
            "/things/all": {"get": {"responses": {"204": {"description": ""}}}},
        },
        "components": {
            "schemas": {
                "Thing": {"type": "object", "required": ["id", "made"], "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "made": {"type": ["string", "null"], "format": "date"},
                }},
                "Error": {"type": "object", "required": ["error"]},
            },
            "responses": {"NotFound": {"description": "", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}},
            }}},
        },
    }))
}

fn answer<'a>(method: &'a str, path: &'a str, status: u16, media: &'a str, body: &'a str) -> Received<'a> {
    Received { method, path, status, content_type: Some(media), body: body.as_bytes() }
}

const THING: &str = r#"{"id": "5d1f2c3b-8e7a-5b6c-9d0e-1f2a3b4c5d6e", "made": "2024-02-29"}"#;

#[test]
fn a_described_answer_passes() {
    let d = description();
    d.check(&answer("GET", "/things/5d1f?x=1", 200, "application/json", THING)).unwrap();
    d.check(&answer("GET", "/things/5d1f", 200, "text/csv; charset=utf-8", "id\n")).unwrap();
    d.check(&answer("GET", "/things/5d1f", 404, "application/json", r#"{"error": {}}"#)).unwrap();
    d.check(&Received { method: "GET", path: "/things/all", status: 204, content_type: None, body: b"" }).unwrap();
}

#[test]
fn what_the_description_does_not_say_is_refused() {
    let d = description();
    let refused = |a: Received| d.check(&a).unwrap_err();
    assert!(refused(answer("GET", "/others", 200, "application/json", "{}")).contains("no such path"));
    assert!(refused(answer("POST", "/things/1", 200, "application/json", THING)).contains("method"));
    assert!(refused(answer("GET", "/things/1", 500, "application/json", "{}")).contains("status 500"));
    assert!(refused(answer("GET", "/things/1", 200, "text/html", "<p>")).contains("media type"));
    assert!(refused(answer("GET", "/things/1", 200, "application/json", "{")).contains("not JSON"));
    assert!(refused(answer("GET", "/things/1", 200, "application/json", r#"{"id": "x"}"#)).contains("does not match"));
    let bad_date = r#"{"id": "5d1f2c3b-8e7a-5b6c-9d0e-1f2a3b4c5d6e", "made": "2023-02-29"}"#;
    assert!(refused(answer("GET", "/things/1", 200, "application/json", bad_date)).contains("does not match"));
    assert!(refused(answer("GET", "/things/all", 204, "application/json", "{}")).contains("a body where none"));
}

#[test]
fn a_literal_path_is_not_taken_for_a_template() {
    let d = description();
    // `/things/all` is its own path: a 200 with a Thing is not one of its answers.
    assert!(d.check(&answer("GET", "/things/all", 200, "application/json", THING)).is_err());
}
