//! The API's description, OpenAPI 3.1, served at `/api/v1/openapi.json` and kept in
//! `docs/openapi.json`. It is built with the router (`utoipa_axum`): a route is added to
//! both or to neither, so the description cannot leave one out. Each handler describes its
//! answers next to its code (`#[utoipa::path]`); what every route of a group shares (who
//! may call it, the refusals) is added here, by the same group that guards the routes.

use std::sync::OnceLock;

use arsring_protocol::ErrorBody;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr};

use super::auth::Access;
use super::format::{Dialect, Download, Format};

/// The document's head: what the API is, its tags, the shared answers and the ways to
/// authenticate. The paths come from the router.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Årsring collector API",
        description = "Inventory, lifecycle and cost data of the fleet. Every list also answers \
            `?format=csv`; every refusal is `{\"error\": {\"field\", \"message\"}}` naming the field at fault. \
            Amounts are integers in öre (1 SEK = 100 öre). A 2xx after a change means it is stored durably.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    tags(
        (name = "ingest", description = "Agents and pollers: enrolment and reports."),
        (name = "inventory", description = "Devices, their history and links."),
        (name = "lifecycle", description = "End of life, the heat map, outdated devices, the renewal plan."),
        (name = "registers", description = "The asset register, the model catalogue, endoflife.date products."),
        (name = "costs", description = "The cost model, per-department charges, possible savings."),
        (name = "admin", description = "Credentials, the audit log, store snapshots."),
        (name = "service", description = "Health, metrics and this description."),
    ),
    components(schemas(ErrorBody, Format, Download, Dialect)),
)]
struct Head;

/// A fresh document with the head, the shared refusals and the security schemes.
pub fn head() -> utoipa::openapi::OpenApi {
    let mut doc = Head::openapi();
    let components = doc.components.get_or_insert_with(Default::default);
    for (name, description) in REFUSALS {
        let error = Content::new(Some(Ref::from_schema_name("ErrorBody")));
        let response = ResponseBuilder::new().description(*description).content("application/json", error).build();
        components.responses.insert(name.to_string(), RefOr::T(response));
    }
    components.add_security_scheme(BEARER, SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    let cookie = ApiKeyValue::with_description(crate::sessions::COOKIE, "A dashboard session (GET only).");
    components.add_security_scheme(SESSION, SecurityScheme::ApiKey(ApiKey::Cookie(cookie)));
    doc
}

const BEARER: &str = "token";
const SESSION: &str = "session";

/// The refusals every guarded route can give, shared in `components.responses`.
const REFUSALS: &[(&str, &str)] = &[
    ("BadRequest", "A parameter or the body is not what this route takes; `field` names it. Nothing was stored."),
    ("Unauthorized", "No bearer token, or one that is unknown or revoked."),
    ("Forbidden", "The caller's role may not do this."),
    ("NotFound", "No such thing; `message` says what."),
    ("Unprocessable", "The body is well-formed but not valid; `field` names what is wrong. Nothing was stored."),
    ("Internal", "The collector failed; nothing was stored."),
    ("Unavailable", "The store cannot take requests now (e.g. PostgreSQL is down); try again."),
];

/// Adds to every operation of a route group who may call it and the refusals that follow:
/// 401 and 403 from the guard, 400 where the route takes parameters or a body, 500 and 503
/// from the store.
pub fn guard(doc: &mut utoipa::openapi::OpenApi, access: Access) {
    for item in doc.paths.paths.values_mut() {
        for operation in operations(item) {
            operation.security = Some(requirements(access));
            let mut shared =
                vec![("401", "Unauthorized"), ("403", "Forbidden"), ("500", "Internal"), ("503", "Unavailable")];
            if operation.parameters.as_ref().is_some_and(|p| !p.is_empty()) || operation.request_body.is_some() {
                shared.push(("400", "BadRequest"));
            }
            for (status, name) in shared {
                let reference = RefOr::Ref(Ref::new(format!("#/components/responses/{name}")));
                operation.responses.responses.entry(status.to_string()).or_insert(reference);
            }
        }
    }
}

/// Bearer tokens everywhere; the dashboard's session cookie too where the guard takes it
/// (GETs of the read and admin groups, the pages' downloads).
fn requirements(access: Access) -> Vec<SecurityRequirement> {
    let bearer = SecurityRequirement::new(BEARER, Vec::<String>::new());
    match access {
        Access::Read | Access::Admin => vec![bearer, SecurityRequirement::new(SESSION, Vec::<String>::new())],
        Access::Ingest | Access::Enrol => vec![bearer],
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch].into_iter().flatten()
}

/// The document as served, rendered once when the first router is built. The route is
/// described like any other, so it exists before the document it serves: it is filled in
/// after. One per process (the document follows from the code alone), so no layer carries it
/// to the route: a layer would wrap every other route too.
static SERVED: OnceLock<Vec<u8>> = OnceLock::new();

pub fn serve(doc: &utoipa::openapi::OpenApi) {
    SERVED.get_or_init(|| {
        let mut doc = serde_json::to_value(doc).expect("an OpenAPI document serialises");
        finish(&mut doc);
        serde_json::to_vec_pretty(&doc).expect("JSON serialises")
    });
}

/// What utoipa leaves for the end: operation ids unique across the API (it takes the
/// handler's name, and many are `list`), a summary of one sentence (it takes the whole first
/// paragraph; the rest becomes the description), and amounts named for what they are.
fn finish(doc: &mut Value) {
    if let Some(paths) = doc["paths"].as_object_mut() {
        for (path, item) in paths {
            for (method, operation) in item.as_object_mut().into_iter().flatten() {
                operation["operationId"] = Value::from(operation_id(method, path));
                let summary = operation.get("summary").and_then(Value::as_str).unwrap_or_default().replace('\n', " ");
                let (short, long) = sentence(&summary);
                if long {
                    let description = operation.get("description").and_then(Value::as_str);
                    let rest = description.map(|d| format!("\n\n{d}")).unwrap_or_default();
                    operation["description"] = Value::from(format!("{summary}{rest}"));
                }
                operation["summary"] = Value::from(short);
            }
        }
    }
    close_tagged_variants(doc);
    // `money::Ore` is an alias of i64, which utoipa describes as a component named `i64`.
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut()
        && schemas.remove("i64").is_some()
    {
        let ore = serde_json::json!({
            "type": "integer", "format": "int64",
            "description": "An amount in öre, exact: 100 öre = 1 SEK.",
        });
        schemas.insert("Ore".into(), ore);
        rename_refs(doc, "#/components/schemas/i64", "#/components/schemas/Ore");
    }
}

/// An internally tagged enum (`#[serde(tag = "kind")]`) is described as `allOf` the variant's
/// schema and an object holding the tag. A variant that refuses unknown fields
/// (`additionalProperties: false`) would then refuse its own tag: the refusal moves to the
/// `allOf`, as `unevaluatedProperties: false`, which sees the fields of both.
fn close_tagged_variants(doc: &mut Value) {
    let mut variants = Vec::new();
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        // `get_mut`, not `[]`: indexing a map mutably inserts the key.
        for schema in schemas.values_mut() {
            for branch in schema.get_mut("oneOf").and_then(Value::as_array_mut).into_iter().flatten() {
                let Some(parts) = branch.get("allOf").and_then(Value::as_array) else { continue };
                let variant = parts.iter().find_map(|p| p["$ref"].as_str()).map(str::to_string);
                let tagged = parts.iter().any(|p| p["properties"].as_object().is_some_and(|m| m.len() == 1));
                if let (Some(variant), true) = (variant, tagged) {
                    branch["unevaluatedProperties"] = Value::Bool(false);
                    variants.push(variant);
                }
            }
        }
    }
    for variant in variants {
        let pointer = variant.trim_start_matches('#');
        if let Some(Value::Object(schema)) = doc.pointer_mut(pointer) {
            schema.remove("additionalProperties");
        }
    }
}

/// `GET /api/v1/devices/{id}/history` → `get_devices_id_history`.
fn operation_id(method: &str, path: &str) -> String {
    let words = path.trim_start_matches("/api/v1").split(['/', '.', '-']).filter(|w| !w.is_empty());
    std::iter::once(method).chain(words.map(|w| w.trim_matches(['{', '}']))).collect::<Vec<_>>().join("_")
}

/// The first sentence of `text`, and whether there was more.
fn sentence(text: &str) -> (String, bool) {
    let end = [". ", ": ", "; "].iter().filter_map(|stop| text.find(stop)).min();
    match end {
        Some(end) => (text[..end].to_string(), true),
        None => (text.trim_end_matches('.').to_string(), false),
    }
}

fn rename_refs(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "$ref" && v == from {
                    *v = Value::from(to);
                } else {
                    rename_refs(v, from, to);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, from, to)),
        _ => {}
    }
}

/// This description. Public, like the repository's copy in `docs/openapi.json`.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "service",
    responses((status = 200, description = "The OpenAPI 3.1 document.", body = Object, content_type = "application/json")),
)]
pub async fn get() -> Response {
    let body = SERVED.get().cloned().unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Stand-ins for bodies that are not JSON, so a route's every format is described.
pub struct Csv;
pub struct Workbook;
pub struct Metrics;
pub struct Snapshot;
pub struct CsvUpload;
pub struct CostsToml;

arsring_protocol::text_schema!(
    Csv,
    "The same rows as the JSON: one header line, UTF-8, comma-separated (with `dialect=sv`: semicolons \
     and decimal commas, for Swedish Excel).",
    Some("text/csv")
);
arsring_protocol::text_schema!(
    Workbook,
    "An Excel workbook: a frozen header row, filters, amounts in SEK under a currency format.",
    Some(crate::export::xlsx::MEDIA_TYPE)
);
arsring_protocol::text_schema!(Metrics, "Prometheus / OpenMetrics text.", Some("application/openmetrics-text"));
arsring_protocol::text_schema!(
    Snapshot,
    "The whole store, one JSON row per line, a trailer last.",
    Some("application/x-ndjson")
);
arsring_protocol::text_schema!(
    CsvUpload,
    "The register as CSV, one header line (README, section End of life).",
    Some("text/csv")
);
arsring_protocol::text_schema!(
    CostsToml,
    "The cost model, costs.toml (README, section Costs).",
    Some("application/toml")
);

#[cfg(test)]
mod tests;
