//! `/support`: the partnership's directory of support services, for residents (the services it
//! lists publicly) — who they help, where, and how to reach them.
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

#[derive(Template)]
#[template(path = "support.html")]
struct SupportPage {
    layout: Layout,
    partnership: String,
    services: Vec<asbcase_store::SupportService>,
}

pub async fn directory(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let (tenant, _) = crate::report::intake(&state, &headers).await?;
    let services = state.store().support_services(tenant.id, false).await?.into_iter().filter(|s| s.public).collect();
    render(&SupportPage { layout: Layout::public("Help and support"), partnership: tenant.name, services })
}
