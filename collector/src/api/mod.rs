//! The HTTP API (v1): JSON, CSV and Prometheus over the application layer. Handlers are
//! thin: they read the request, call a use case in `app`, and render its answer.
//! Authorisation is a layer per route group, so every route states who may call it.

mod audit;
pub mod auth;
mod costs;
mod devices;
mod eol;
pub mod error;
mod extract;
pub mod format;
mod identity;
mod lifecycle;
mod metrics;
pub mod openapi;
mod registers;
mod reports;
mod store;
mod summary;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use auth::Access;

/// The API's routes, each group behind its role check, and `/api/v1/openapi.json`
/// describing them.
pub fn routes(state: AppState) -> Router<AppState> {
    let (router, doc) = described(state).split_for_parts();
    openapi::serve(&doc);
    router
}

/// The routes together with their description: a route cannot be added to one only.
pub fn described(state: AppState) -> OpenApiRouter<AppState> {
    let ingest = OpenApiRouter::new()
        .routes(routes!(reports::post))
        .layer(DefaultBodyLimit::max(arsring_protocol::MAX_REPORT_BYTES));
    let enrol = OpenApiRouter::new().routes(routes!(identity::enrol)).layer(DefaultBodyLimit::max(16 * 1024));
    let read = OpenApiRouter::new()
        .routes(routes!(devices::list))
        .routes(routes!(devices::get))
        .routes(routes!(devices::history))
        .routes(routes!(devices::links))
        .routes(routes!(summary::get))
        .routes(routes!(metrics::get))
        .routes(routes!(lifecycle::list))
        .routes(routes!(lifecycle::share))
        .routes(routes!(lifecycle::heatmap))
        .routes(routes!(lifecycle::cell))
        .routes(routes!(lifecycle::outdated))
        .routes(routes!(lifecycle::plan))
        .routes(routes!(registers::assets))
        .routes(routes!(registers::catalogue))
        .routes(routes!(eol::list))
        .merge(costs::read_routes())
        .layer(crate::server::offload::layer());
    let admin = OpenApiRouter::new()
        .routes(routes!(registers::import_assets))
        .routes(routes!(registers::import_catalogue))
        .routes(routes!(eol::import_products))
        .routes(routes!(eol::sync_products))
        .routes(routes!(identity::list))
        .routes(routes!(audit::list))
        .routes(routes!(store::snapshot))
        .routes(routes!(identity::revoke))
        .routes(routes!(identity::reset_identity))
        .merge(costs::admin_routes())
        .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
        .layer(crate::server::offload::layer());
    OpenApiRouter::with_openapi(openapi::head())
        .routes(routes!(health))
        .routes(routes!(openapi::get))
        .merge(guarded(ingest, Access::Ingest, &state))
        .merge(guarded(enrol, Access::Enrol, &state))
        .merge(guarded(read, Access::Read, &state))
        .merge(guarded(admin, Access::Admin, &state))
}

/// A route group behind its role check, its description saying so.
fn guarded(mut group: OpenApiRouter<AppState>, access: Access, state: &AppState) -> OpenApiRouter<AppState> {
    openapi::guard(group.get_openapi_mut(), access);
    group.route_layer(auth::Guard::new(access, state.clone()))
}

/// Liveness and readiness for a load balancer: 503 while the store cannot take writes.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "service",
    responses(
        (status = 200, description = "Ready: `ok`.", body = String, content_type = "text/plain"),
        (status = 503, description = "The store cannot take writes; the reason.", body = String, content_type = "text/plain"),
    ),
)]
async fn health(axum::extract::State(app): axum::extract::State<AppState>) -> axum::response::Response {
    use axum::response::IntoResponse;
    match app.healthy().await {
        Ok(()) => "ok\n".into_response(),
        Err(err) => (axum::http::StatusCode::SERVICE_UNAVAILABLE, format!("{err}\n")).into_response(),
    }
}

/// The answer to a path no route serves.
pub async fn not_found() -> error::ApiError {
    error::ApiError::not_found("route")
}

#[cfg(test)]
mod conformance;
#[cfg(test)]
mod tests;
