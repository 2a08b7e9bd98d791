//! `/performance`: the dashboard of an organisation's figures (or the whole partnership's) for
//! a period, beside the period before, with trends, targets and filters; and
//! `/performance/report`, the same as a committee report to download (HTML, CSV or PDF), for
//! staff or anonymised for residents.
use super::{Query, ask, period_choices, sees_cases_behind, sees_figures};
use crate::auth::Staff;
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use asbcase_domain::kpi::Definition;
use asbcase_domain::risk::RiskBand;
use asbcase_reports::document::{self, Document};
use asbcase_reports::present::Audience;
use askama::Template;
use axum::extract::{Query as Q, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

#[derive(Template)]
#[template(path = "performance/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    errors: Vec<(&'static str, String)>,
    doc: Document,
    q: Query,
    scope: String,
    scopes: Vec<(String, String)>,
    period: String,
    periods: Vec<(String, String)>,
    officers: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    risks: Vec<(&'static str, &'static str)>,
    drill: bool,
    query: String,
    definitions: Vec<(&'static str, &'static str, Definition)>,
    can_set_targets: bool,
}

pub async fn show(State(state): State<AppState>, staff: Staff, Q(q): Q<Query>) -> Result<Response, AppError> {
    sees_figures(&staff)?;
    let (ask, errors) = ask(&state, &staff, &q).await?;
    let performance = asbcase_reports::performance(state.store(), &ask).await?;
    let store = state.store();
    let tenant = staff.user.tenant;
    let (year_start, _) = store.reporting_settings(tenant).await?;
    let officers = store
        .users_of_organisation(tenant, staff.user.organisation)
        .await?
        .into_iter()
        .filter(|u| u.has(asbcase_domain::organisation::Role::CaseOfficer))
        .map(|u| (u.id.to_string(), u.name))
        .collect();
    let categories = store.categories(tenant).await?.into_iter().map(|c| (c.code, c.name)).collect();
    let mut scopes = vec![
        ("organisation".to_string(), staff.organisation_name.clone()),
        ("partnership".to_string(), "The whole partnership".to_string()),
    ];
    for o in store.organisations(tenant).await? {
        if o.id != staff.user.organisation {
            scopes.push((o.id.to_string(), o.name));
        }
    }
    let scope = match ask.organisation {
        None => "partnership".to_string(),
        Some(o) if o == staff.user.organisation => "organisation".to_string(),
        Some(o) => o.to_string(),
    };
    let mut layout = staff.layout("Performance", "/performance");
    layout.has_errors = !errors.is_empty();
    let q = Query { period: ask.period.code(), ..q };
    render(&DashboardPage {
        layout,
        errors,
        doc: document::document(&performance, Audience::Staff),
        scope,
        scopes,
        period: ask.period.code(),
        periods: period_choices(year_start, false),
        officers,
        categories,
        risks: RiskBand::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
        drill: sees_cases_behind(&staff),
        query: q.same(),
        q,
        definitions: asbcase_domain::kpi::Kpi::ALL.iter().map(|k| (k.key(), k.name(), k.definition())).collect(),
        can_set_targets: super::targets::may_set(&staff),
    })
}

/// The report to download: `format` html, csv or pdf; `anonymised=yes` for publishing.
pub async fn report(State(state): State<AppState>, staff: Staff, Q(q): Q<Query>) -> Result<Response, AppError> {
    sees_figures(&staff)?;
    let (ask, errors) = ask(&state, &staff, &q).await?;
    if let Some((_, message)) = errors.first() {
        return Err(AppError::BadRequest(message.clone()));
    }
    let performance = asbcase_reports::performance(state.store(), &ask).await?;
    let who = if q.anonymised == "yes" { Audience::Public } else { Audience::Staff };
    let doc = document::document(&performance, who);
    if q.format == "pdf" {
        // Typesetting takes milliseconds of CPU: off the async workers.
        let bytes = tokio::task::spawn_blocking(move || asbcase_reports::typeset::pdf(&doc).map(|b| (b, doc)))
            .await
            .map_err(|e| AppError::BadRequest(format!("the PDF could not be made: {e}")))?;
        let (bytes, doc) = bytes.map_err(|e| AppError::BadRequest(format!("the PDF could not be made: {e}")))?;
        return Ok(file(&doc, "application/pdf", "pdf", bytes));
    }
    download(&doc, &q.format)
}

fn file(doc: &Document, kind: &str, ext: &str, body: Vec<u8>) -> Response {
    let name = format!("attachment; filename=\"{}\"", doc.file_name(ext));
    ([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, name)], body).into_response()
}

/// A report as a file to save.
pub fn download(doc: &Document, format: &str) -> Result<Response, AppError> {
    match format {
        "csv" => {
            let body = document::csv(doc).map_err(|e| AppError::BadRequest(e.to_string()))?;
            Ok(file(doc, "text/csv; charset=utf-8", "csv", body))
        }
        "html" | "" => Ok(file(doc, "text/html; charset=utf-8", "html", document::html(doc)?.into_bytes())),
        other => Err(AppError::BadRequest(format!("'{other}' is not a report format: choose html, csv or pdf"))),
    }
}
