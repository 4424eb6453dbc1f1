//! The registers page (administrators only): upload the model catalogue and the asset
//! register, with the same validation as the API, and see what is stored.

use arsring_dashboard::{Card, Field, Form, Nav, Section};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{forbidden, render};
use crate::app::AppState;
use crate::app::imports::{self, cell_error};
use crate::lifecycle::{assets, catalogue};
use crate::sessions::same;
use crate::tokens::Role;
use crate::web::Viewer;
use crate::web::error::PageError;

pub async fn admin(State(app): State<AppState>, viewer: Viewer) -> Response {
    if viewer.session.caller.role != Role::Admin {
        return forbidden(&viewer);
    }
    render(&viewer, Nav::Admin, "Registers", sections(&app, &viewer, None))
}

fn sections(app: &AppState, viewer: &Viewer, outcome: Option<Section>) -> Vec<Section> {
    let registers = app.registers.get(&app.store);
    let upload = |action: &str, label: &str, accept: &str| {
        Section::Form(Form {
            action: action.into(),
            fields: vec![Field::File { name: "file".into(), label: label.into(), accept: accept.into() }],
            submit: "Import".into(),
            csrf: viewer.session.csrf.clone(),
            multipart: true,
        })
    };
    let mut out: Vec<Section> = outcome.into_iter().collect();
    out.extend([
        Section::Cards(vec![
            Card { label: "Catalogue entries".into(), value: registers.catalogue.entries.len().to_string(), note: None },
            Card { label: "Asset register rows".into(), value: registers.assets.assets.len().to_string(), note: None },
            Card { label: "endoflife.date products".into(), value: registers.eol.len().to_string(), note: None },
            Card { label: "Cost model versions".into(), value: registers.costs.versions.len().to_string(), note: None },
        ]),
        Section::Links(vec![("Audit log: who changed what, and when".into(), "/admin/audit".into())]),
        Section::Heading("Model catalogue".into()),
        Section::Note("CSV with the columns vendor, model_pattern, end_of_sale, end_of_security_updates, end_of_support, replacement_cost_sek, replacement_model. A file with one bad line is refused whole and the stored catalogue stays as it was.".into()),
        upload("/admin/catalogue", "Catalogue file", ".csv,text/csv"),
        Section::Downloads(vec![("Stored catalogue (CSV)".into(), "/api/v1/lifecycle/catalogue?format=csv".into())]),
        Section::Heading("Asset register".into()),
        Section::Note("CSV from procurement: serial or hostname, purchase_date, purchase_cost_sek, warranty_end, department, site, category (other columns are kept). Rows are merged by serial or host name; nothing is deleted.".into()),
        upload("/admin/assets", "Asset register file", ".csv,text/csv"),
        Section::Downloads(vec![("Stored asset register (CSV)".into(), "/api/v1/assets?format=csv".into())]),
        Section::Note("Cost models and endoflife.date data are imported with the command line: arsring-collector costs import, arsring-collector eol sync.".into()),
    ]);
    out
}

/// The CSRF token and the file from an upload form.
async fn upload(mut form: Multipart) -> Result<(String, Vec<u8>), PageError> {
    let (mut csrf, mut file) = (String::new(), None);
    while let Some(field) = form.next_field().await.map_err(|e| PageError::bad_query("file", e.body_text()))? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|e| PageError::bad_query("csrf", e.body_text()))?,
            Some("file") => {
                file = Some(field.bytes().await.map_err(|e| PageError::bad_query("file", e.body_text()))?.to_vec())
            }
            _ => {}
        }
    }
    Ok((csrf, file.ok_or_else(|| PageError::bad_query("file", "choose a file to import"))?))
}

/// Checks the role and the form, imports with `store`, and shows the page with the outcome.
async fn import<F, Fut>(app: AppState, viewer: Viewer, form: Multipart, store: F) -> Response
where
    F: FnOnce(AppState, Vec<u8>) -> Fut,
    Fut: Future<Output = Result<String, PageError>>,
{
    if viewer.session.caller.role != Role::Admin {
        return forbidden(&viewer);
    }
    let result = match upload(form).await {
        Ok((csrf, _)) if !same(&csrf, &viewer.session.csrf) => {
            Err(PageError::new(StatusCode::FORBIDDEN, "csrf", "the form is stale; reload the page and try again"))
        }
        Ok((_, bytes)) => store(app.clone(), bytes).await,
        Err(err) => Err(err),
    };
    let (status, outcome) = match result {
        Ok(done) => (StatusCode::OK, Section::Note(done)),
        Err(err) => {
            let body = vec![err.message, "Nothing was changed.".into()];
            (err.status, Section::Alert { title: format!("Import refused ({})", err.field), body })
        }
    };
    (status, render(&viewer, Nav::Admin, "Registers", sections(&app, &viewer, Some(outcome)))).into_response()
}

pub async fn admin_catalogue(State(app): State<AppState>, viewer: Viewer, form: Multipart) -> Response {
    let who = viewer.session.caller.name.clone();
    import(app, viewer, form, |app, bytes| async move {
        let parsed = catalogue::parse(&bytes).map_err(cell_error)?;
        let done = imports::import_catalogue(&app, parsed, false, &who).await?;
        Ok(if done.unchanged {
            format!("The catalogue is unchanged ({} entries).", done.entries)
        } else {
            format!("Catalogue stored: {} entries.", done.entries)
        })
    })
    .await
}

pub async fn admin_assets(State(app): State<AppState>, viewer: Viewer, form: Multipart) -> Response {
    let who = viewer.session.caller.name.clone();
    import(app, viewer, form, |app, bytes| async move {
        let parsed = assets::parse(&bytes).map_err(cell_error)?;
        let done = imports::import_assets(&app, parsed, false, &who).await?;
        Ok(format!(
            "Asset register: {} rows, {} added, {} changed, {} unchanged; {} matched a device.",
            done.rows, done.added, done.changed, done.unchanged, done.matched
        ))
    })
    .await
}
