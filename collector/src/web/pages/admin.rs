//! The registers page (administrators only): upload the model catalogue and the asset
//! register, with the same validation as the API, and see what is stored.

use arsring_dashboard::i18n::integer;
use arsring_dashboard::{Card, Field, Form, Lang, Nav, Section, Text};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub(crate) mod text;

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
    render(&viewer, Nav::Admin, text::TITLE.get(viewer.lang), sections(&app, &viewer, None))
}

fn sections(app: &AppState, viewer: &Viewer, outcome: Option<Section>) -> Vec<Section> {
    let lang = viewer.lang;
    let t = |text: Text| text.get(lang).to_string();
    let registers = app.registers.get(&app.store);
    let upload = |action: &str, label: Text, accept: &str| {
        Section::Form(Form {
            action: action.into(),
            fields: vec![Field::File { name: "file".into(), label: t(label), accept: accept.into() }],
            submit: t(text::IMPORT),
            csrf: viewer.session.csrf.clone(),
            multipart: true,
        })
    };
    let card = |label: Text, count: usize| Card { label: t(label), value: number(count, lang), note: None };
    let mut out: Vec<Section> = outcome.into_iter().collect();
    out.extend([
        Section::Cards(vec![
            card(text::CATALOGUE_ENTRIES, registers.catalogue.entries.len()),
            card(text::ASSET_ROWS, registers.assets.assets.len()),
            card(text::EOL_PRODUCTS, registers.eol.len()),
            card(text::COST_MODEL_VERSIONS, registers.costs.versions.len()),
        ]),
        Section::Links(vec![(t(text::AUDIT_LINK), "/admin/audit".into())]),
        Section::Heading(t(text::CATALOGUE)),
        Section::Note(t(text::CATALOGUE_NOTE)),
        upload("/admin/catalogue", text::CATALOGUE_FILE, ".csv,text/csv"),
        Section::Downloads(vec![(t(text::STORED_CATALOGUE), "/api/v1/lifecycle/catalogue?format=csv".into())]),
        Section::Heading(t(text::ASSETS)),
        Section::Note(t(text::ASSETS_NOTE)),
        upload("/admin/assets", text::ASSETS_FILE, ".csv,text/csv"),
        Section::Downloads(vec![(t(text::STORED_ASSETS), "/api/v1/assets?format=csv".into())]),
        Section::Note(t(text::COMMAND_LINE_NOTE)),
    ]);
    out
}

/// A count in the reader's notation: `1 234` / `1,234`.
fn number(n: usize, lang: Lang) -> String {
    integer(lang, i64::try_from(n).unwrap_or(i64::MAX))
}

/// The CSRF token and the file from an upload form.
async fn upload(mut form: Multipart, lang: Lang) -> Result<(String, Vec<u8>), PageError> {
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
    Ok((csrf, file.ok_or_else(|| PageError::bad_query("file", text::CHOOSE_FILE.get(lang)))?))
}

/// Checks the role and the form, imports with `store`, and shows the page with the outcome.
async fn import<F, Fut>(app: AppState, viewer: Viewer, form: Multipart, store: F) -> Response
where
    F: FnOnce(AppState, Vec<u8>, Lang) -> Fut,
    Fut: Future<Output = Result<String, PageError>>,
{
    if viewer.session.caller.role != Role::Admin {
        return forbidden(&viewer);
    }
    let lang = viewer.lang;
    let result = match upload(form, lang).await {
        Ok((csrf, _)) if !same(&csrf, &viewer.session.csrf) => {
            Err(PageError::new(StatusCode::FORBIDDEN, "csrf", text::STALE_FORM.get(lang)))
        }
        Ok((_, bytes)) => store(app.clone(), bytes, lang).await,
        Err(err) => Err(err),
    };
    let (status, outcome) = match result {
        Ok(done) => (StatusCode::OK, Section::Note(done)),
        Err(err) => {
            let body = vec![err.message, text::NOTHING_CHANGED.get(lang).into()];
            let title = text::REFUSED.get(lang).replace("{field}", &err.field);
            (err.status, Section::Alert { title, body })
        }
    };
    let page = sections(&app, &viewer, Some(outcome));
    (status, render(&viewer, Nav::Admin, text::TITLE.get(lang), page)).into_response()
}

pub async fn admin_catalogue(State(app): State<AppState>, viewer: Viewer, form: Multipart) -> Response {
    let who = viewer.session.caller.name.clone();
    import(app, viewer, form, |app, bytes, lang| async move {
        let parsed = catalogue::parse(&bytes).map_err(cell_error)?;
        let done = imports::import_catalogue(&app, parsed, false, &who).await?;
        let said = if done.unchanged { text::CATALOGUE_UNCHANGED } else { text::CATALOGUE_STORED };
        Ok(said.get(lang).replace("{entries}", &number(done.entries, lang)) + &read_as(&done.encoding, lang))
    })
    .await
}

pub async fn admin_assets(State(app): State<AppState>, viewer: Viewer, form: Multipart) -> Response {
    let who = viewer.session.caller.name.clone();
    import(app, viewer, form, |app, bytes, lang| async move {
        let parsed = assets::parse(&bytes).map_err(cell_error)?;
        let done = imports::import_assets(&app, parsed, false, &who).await?;
        let counts = [
            ("{rows}", done.rows),
            ("{added}", done.added),
            ("{changed}", done.changed),
            ("{unchanged}", done.unchanged),
            ("{matched}", done.matched),
        ];
        let said = counts
            .iter()
            .fold(text::ASSETS_STORED.get(lang).to_string(), |said, (key, n)| said.replace(key, &number(*n, lang)));
        Ok(said + &read_as(&done.encoding, lang))
    })
    .await
}

/// ` Read as windows-1252.` when a file was not UTF-8, so that one saved by Excel in an
/// older encoding can be checked; nothing for UTF-8.
fn read_as(encoding: &str, lang: Lang) -> String {
    match encoding {
        crate::table::UTF_8 => String::new(),
        other => format!(" {}", text::READ_AS.fill(lang, &[("encoding", other)])),
    }
}
