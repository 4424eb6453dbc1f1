//! Checks an HTTP answer against an OpenAPI 3.1 description: the route (method and path
//! template) is described, the status is one of its answers, the media type is one that
//! answer has, and a JSON body validates against its schema (JSON Schema 2020-12, with the
//! document's `components` to resolve `$ref`s).
//!
//! The collector's in-process tests and the end-to-end tests pass every answer they receive
//! through [`Description::check`], so the description in `docs/openapi.json` cannot say
//! less, or other, than the API does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

/// An OpenAPI document, with the validators built so far.
pub struct Description {
    doc: Value,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

/// One answer as received.
pub struct Received<'a> {
    pub method: &'a str,
    /// The request's path; a query string is ignored.
    pub path: &'a str,
    pub status: u16,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

impl Description {
    pub fn new(doc: Value) -> Description {
        Description { doc, validators: Mutex::default() }
    }

    pub fn parse(text: &str) -> Result<Description, String> {
        serde_json::from_str(text).map(Description::new).map_err(|e| format!("not an OpenAPI document: {e}"))
    }

    pub fn document(&self) -> &Value {
        &self.doc
    }

    /// Compiles the schema of every JSON answer described, so that a schema no validator
    /// accepts is found before an answer needs it. Answers how many there are.
    pub fn compile_all(&self) -> Result<usize, String> {
        let mut pointers = Vec::new();
        for (path, item) in self.doc["paths"].as_object().into_iter().flatten() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                for (code, response) in operation["responses"].as_object().into_iter().flatten() {
                    if response.pointer("/content/application~1json/schema").is_some() {
                        let path = escape(path);
                        pointers
                            .push(format!("/paths/{path}/{method}/responses/{code}/content/application~1json/schema"));
                    }
                }
            }
        }
        for pointer in &pointers {
            self.validator(pointer)?;
        }
        Ok(pointers.len())
    }

    /// Whether the description allows this answer; the error says what it does not allow.
    pub fn check(&self, answer: &Received) -> Result<(), String> {
        let (method, path, status) = (answer.method.to_ascii_lowercase(), answer.path, answer.status);
        let path = path.split('?').next().unwrap_or(path);
        let template = self.template(path).ok_or_else(|| format!("{method} {path}: no such path is described"))?;
        let operation = &self.doc["paths"][&template][&method];
        if !operation.is_object() {
            return Err(format!("{method} {template}: the path is described, this method is not"));
        }
        let (code, response) = self.response(operation, status).ok_or_else(|| {
            let described: Vec<&String> =
                operation["responses"].as_object().map(|r| r.keys().collect()).unwrap_or_default();
            format!("{method} {template}: status {status} is not described (only {described:?})")
        })?;
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            return match answer.body.is_empty() {
                true => Ok(()),
                false => Err(format!("{method} {template} {code}: a body where none is described")),
            };
        };
        let media = answer.content_type.unwrap_or_default().split(';').next().unwrap_or_default().trim();
        if !content.contains_key(media) {
            let described: Vec<&String> = content.keys().collect();
            return Err(format!(
                "{method} {template} {code}: media type {media:?} is not described (only {described:?})"
            ));
        }
        if media != "application/json" {
            return Ok(());
        }
        let body: Value = serde_json::from_slice(answer.body)
            .map_err(|e| format!("{method} {template} {code}: the body is not JSON: {e}"))?;
        let pointer =
            format!("/paths/{}/{method}/responses/{code}/content/application~1json/schema", escape(&template));
        let validator = self.validator(&pointer)?;
        let errors: Vec<String> =
            validator.iter_errors(&body).take(5).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        match errors.is_empty() {
            true => Ok(()),
            false => Err(format!(
                "{method} {template} {code}: the body does not match the description:\n  {}",
                errors.join("\n  ")
            )),
        }
    }

    /// [`Description::check`] for a test: fails it, saying why and showing the start of the
    /// body, when the answer is not one the description allows.
    pub fn assert_allows(&self, answer: &Received) {
        if let Err(why) = self.check(answer) {
            panic!("{why}\n{}", String::from_utf8_lossy(&answer.body[..answer.body.len().min(2000)]));
        }
    }

    /// The described path `path` is an instance of: literal segments first, so that
    /// `/a/b` is not taken for `/a/{id}`.
    fn template(&self, path: &str) -> Option<String> {
        let wanted: Vec<&str> = path.split('/').collect();
        let paths = self.doc["paths"].as_object()?;
        let matches = |template: &str| {
            let segments: Vec<&str> = template.split('/').collect();
            segments.len() == wanted.len()
                && segments.iter().zip(&wanted).all(|(t, w)| t == w || (t.starts_with('{') && !w.is_empty()))
        };
        paths.keys().filter(|t| matches(t)).min_by_key(|t| t.matches('{').count()).cloned()
    }

    /// The response for `status`: its own, else its class (`4XX`), else `default`.
    fn response<'d>(&'d self, operation: &'d Value, status: u16) -> Option<(String, &'d Value)> {
        let responses = operation["responses"].as_object()?;
        let class = format!("{}XX", status / 100);
        let code =
            [status.to_string(), class, "default".to_string()].into_iter().find(|c| responses.contains_key(c))?;
        let mut response = &responses[&code];
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            response = self.doc.pointer(reference.strip_prefix('#')?)?;
        }
        Some((code, response))
    }

    fn validator(&self, pointer: &str) -> Result<Arc<jsonschema::Validator>, String> {
        let mut validators = self.validators.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(validator) = validators.get(pointer) {
            return Ok(validator.clone());
        }
        // The answer's schema at the root, beside the components its `$ref`s point into.
        let mut schema = self.doc.pointer(pointer).cloned().unwrap_or(Value::Bool(true));
        if let Value::Object(root) = &mut schema {
            root.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
            root.insert("components".into(), self.doc["components"].clone());
        }
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| format!("the description's schema at {pointer} does not compile: {e}"))?;
        let validator = Arc::new(validator);
        validators.insert(pointer.to_string(), validator.clone());
        Ok(validator)
    }
}

/// A path as one JSON Pointer token (RFC 6901).
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests;
