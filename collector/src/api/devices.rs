//! `GET /api/v1/devices` (filtered list, paged), `GET /api/v1/devices/{id}` (one device
//! with its history) and `GET /api/v1/devices/{id}/history` (the changes as rows).

use crate::inventory::topology::Link;
use arsring_protocol::Report;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::ApiError;
use super::extract::Query;
use super::format::{Format, FormatQuery, csv_response};
use super::openapi::Csv;
use crate::app::{self, AppState};
use crate::inventory::{Cursor, DEFAULT_LIMIT, DeviceRow, Filter, Limit};
use crate::store::HistoryEntry;
use arsring_protocol::ErrorBody;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `server`, `network`, `hypervisor` or `virtual_machine`.
    #[param(value_type = Option<arsring_protocol::DeviceKind>)]
    kind: Option<String>,
    site: Option<String>,
    department: Option<String>,
    /// Free text: hostname, model, serial, address, neighbour…
    q: Option<String>,
    /// The cursor of the page before (its `next`).
    after: Option<String>,
    /// Rows per page. Strings, not numbers, so that a bad value is refused naming its
    /// parameter.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 5000)]
    limit: Option<String>,
    /// `json` (the default) or `csv`.
    #[serde(default)]
    format: Format,
}

#[derive(Serialize, utoipa::ToSchema)]
struct DeviceList {
    /// Every device the filters select, not only this page's.
    count: usize,
    /// `?after=` for the following page; `null` on the last.
    next: Option<String>,
    devices: Vec<DeviceRow>,
}

/// The devices the filters select, in device-id order, a page at a time: `limit` rows
/// (1 to 5 000, default 500) after the cursor `after`. The answer's `next`, and a
/// `Link: <…>; rel="next"` header, ask for the following page. `?format=csv` is every
/// row, for a spreadsheet, unless `limit` is given; then it pages the same way, by `Link`.
#[utoipa::path(
    get,
    path = "/api/v1/devices",
    tag = "inventory",
    params(ListQuery),
    responses((
        status = 200,
        description = "A page of devices; `Link: <…>; rel=\"next\"` asks for the next one.",
        headers(("link" = String, description = "The next page, when there is one.")),
        content((DeviceList = "application/json"), (Csv = "text/csv")),
    )),
)]
pub async fn list(State(app): State<AppState>, uri: Uri, Query(query): Query<ListQuery>) -> Result<Response, ApiError> {
    let kind = query.kind.as_deref().map(str::parse).transpose().map_err(|e: String| ApiError::bad_query("kind", e))?;
    let filter = Filter { kind, site: query.site, department: query.department, text: query.q };
    let default = match query.format {
        Format::Csv => Limit::All,
        Format::Json => Limit::Rows(DEFAULT_LIMIT),
    };
    let page = app::inventory::devices(&app, &filter, query.after.as_deref(), query.limit.as_deref(), default)?;
    let next = page.next.map(Cursor::encode);
    // Only a full page has a next one, so its length is the limit asked for.
    let link = next.as_deref().map(|next| next_link(&uri, next, page.rows.len()));
    let mut response = match query.format {
        Format::Csv => csv_response(&page.rows, "devices"),
        Format::Json => Json(DeviceList { count: page.total, next, devices: page.rows }).into_response(),
    };
    if let Some(link) = link.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LINK, link);
    }
    Ok(response)
}

/// The `Link` to the next page: this request with its other parameters kept (filters,
/// format), `after` and `limit` replaced.
fn next_link(uri: &Uri, next: &str, limit: usize) -> String {
    let kept = url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .filter(|(name, _)| name != "after" && name != "limit");
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .append_pair("after", next)
        .append_pair("limit", &limit.to_string())
        .finish();
    format!("<{}?{query}>; rel=\"next\"", uri.path())
}

#[derive(Serialize, utoipa::ToSchema)]
struct DeviceAnswer<'a> {
    device: DeviceRow,
    report: &'a Report,
    history: Vec<HistoryEntry>,
    /// LLDP/CDP links of a network device, from either end.
    links: Vec<Link>,
}

/// One device: its row, the latest report, its history of changes and its links.
#[utoipa::path(
    get,
    path = "/api/v1/devices/{id}",
    tag = "inventory",
    params(("id" = uuid::Uuid, Path, description = "The device id.")),
    responses(
        (status = 200, description = "The device.", body = DeviceAnswer),
        (status = 404, description = "No such device.", body = ErrorBody),
    ),
)]
pub async fn get(State(app): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let detail = app::inventory::device(&app, parse_id(&id)?)?;
    let answer = DeviceAnswer {
        device: detail.row,
        report: &detail.record.report,
        history: detail.history,
        links: detail.links,
    };
    Ok(Json(answer).into_response())
}

/// One changed field of one report.
#[derive(Serialize, utoipa::ToSchema)]
struct ChangeRow {
    received_at: DateTime<Utc>,
    report_id: Uuid,
    field: String,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct ChangeList {
    count: usize,
    changes: Vec<ChangeRow>,
}

/// The history as rows: one per changed field.
#[utoipa::path(
    get,
    path = "/api/v1/devices/{id}/history",
    tag = "inventory",
    params(("id" = uuid::Uuid, Path, description = "The device id."), FormatQuery),
    responses(
        (status = 200, description = "The changes, oldest first.", content((ChangeList = "application/json"), (Csv = "text/csv"))),
        (status = 404, description = "No such device.", body = ErrorBody),
    ),
)]
pub async fn history(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<FormatQuery>,
) -> Result<Response, ApiError> {
    let detail = app::inventory::device(&app, parse_id(&id)?)?;
    let changes: Vec<ChangeRow> = detail
        .history
        .into_iter()
        .flat_map(|e| {
            e.changes.into_iter().map(move |c| ChangeRow {
                received_at: e.received_at,
                report_id: e.report_id,
                field: c.field,
                from: c.from,
                to: c.to,
            })
        })
        .collect();
    Ok(match query.format {
        Format::Csv => csv_response(&changes, "history"),
        Format::Json => Json(ChangeList { count: changes.len(), changes }).into_response(),
    })
}

/// Which agent records and VM records are one machine, and the conflicts to resolve.
#[utoipa::path(
    get,
    path = "/api/v1/inventory/links",
    tag = "inventory",
    params(FormatQuery),
    responses((status = 200, description = "Links and conflicts.", content((crate::inventory::link::Links = "application/json"), (Csv = "text/csv")))),
)]
pub async fn links(State(app): State<AppState>, Query(query): Query<FormatQuery>) -> Result<Response, ApiError> {
    let fleet = app::fleet(&app);
    Ok(match query.format {
        Format::Json => Json(&fleet.links).into_response(),
        Format::Csv => {
            #[derive(Serialize)]
            struct Row<'a> {
                kind: &'static str,
                devices: String,
                detail: &'a str,
            }
            let links = fleet.links.links.iter().map(|l| Row {
                kind: "link",
                devices: format!("{} {}", l.agent, l.vm),
                detail: match l.by {
                    crate::inventory::link::LinkedBy::BiosUuid => "bios_uuid",
                    crate::inventory::link::LinkedBy::MacAddress => "mac_address",
                },
            });
            let conflicts = fleet.links.conflicts.iter().map(|c| Row {
                kind: "conflict",
                devices: c.devices.iter().map(Uuid::to_string).collect::<Vec<_>>().join(" "),
                detail: &c.reason,
            });
            csv_response(&links.chain(conflicts).collect::<Vec<_>>(), "links")
        }
    })
}

fn parse_id(id: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id).map_err(|_| ApiError::bad_query("id", format!("{id:?} is not a device id (UUID)")))
}
