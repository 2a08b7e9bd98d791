//! `/cases/{reference}/risk`: an officer overrides the risk band, with the reason recorded.
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::render;
use crate::report::Errors;
use crate::{AppError, AppState};
use asbcase_domain::case::{Case, Status};
use asbcase_domain::event::Change;
use asbcase_domain::report::FieldError;
use asbcase_domain::risk::RiskBand;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "case_risk.html")]
struct RiskPage {
    layout: crate::page::Layout,
    csrf: String,
    errors: Errors,
    reference: String,
    current: &'static str,
    bands: Vec<(&'static str, &'static str, bool)>,
    reason: String,
}

fn view(
    staff: &Staff,
    csrf: String,
    case: &Case,
    chosen: &str,
    reason: String,
    errors: Errors,
) -> Result<Response, AppError> {
    let mut layout = staff.layout(&format!("Change the risk band of {}", case.reference), "/cases");
    layout.has_errors = errors.any();
    render(&RiskPage {
        layout,
        csrf,
        reference: case.reference.to_string(),
        current: case.risk_band.label(),
        bands: RiskBand::ALL.iter().map(|b| (b.as_str(), b.label(), b.as_str() == chosen)).collect(),
        reason,
        errors,
    })
}

pub async fn form(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(reference): Path<String>,
) -> Result<Response, AppError> {
    let case = super::form::workable(&state, &staff, &reference).await?;
    if case.status == Status::Closed {
        return Err(AppError::BadRequest("This case is closed: reopen it before changing its risk band.".into()));
    }
    view(&staff, csrf, &case, case.risk_band.as_str(), String::new(), Errors::default())
}

#[derive(Deserialize)]
pub struct RiskForm {
    #[serde(default)]
    band: String,
    #[serde(default)]
    reason: String,
}

pub async fn change(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(reference): Path<String>,
    VerifiedForm(f): VerifiedForm<RiskForm>,
) -> Result<Response, AppError> {
    let mut case = super::form::workable(&state, &staff, &reference).await?;
    let mut errors = vec![];
    let band = RiskBand::parse(&f.band);
    match band {
        None => errors.push(FieldError { field: "band".into(), message: "Select a risk band".into() }),
        Some(b) if b == case.risk_band => errors.push(FieldError {
            field: "band".into(),
            message: format!("The risk band is already {}: choose another", b.label().to_lowercase()),
        }),
        Some(_) => {}
    }
    let reason = f.reason.trim();
    if reason.is_empty() {
        errors.push(FieldError { field: "reason".into(), message: "Enter why the risk band is changing".into() });
    } else if reason.chars().count() > 1000 {
        errors.push(FieldError { field: "reason".into(), message: "Reason must be 1000 characters or fewer".into() });
    }
    if !errors.is_empty() {
        return view(&staff, csrf, &case, &f.band, f.reason.clone(), Errors(errors));
    }
    let book = super::form::rule_book(&state, &case).await?;
    let rules = book.rules();
    let change = Change::RiskBandChanged { band: band.unwrap_or(case.risk_band), reason: reason.to_string() };
    case.record(change, Some(staff.user.id), asbcase_domain::time::now(), &rules)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    state.store().save_case(&mut case).await?;
    Ok(Redirect::to(&format!("/cases/{}", case.reference)).into_response())
}
