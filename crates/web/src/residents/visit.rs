//! Following a tracker link, and the visit it opens. The link's page asks the resident to
//! continue (a button) rather than opening the visit on sight: email security scanners follow
//! links, and would otherwise spend a one-time link before the resident got to it.
use super::links::{hash, well_formed};
use crate::csrf::{CsrfToken, VerifiedForm, cookie};
use crate::page::{Layout, render, render_with_status};
use crate::{AppError, AppState};
use asbcase_domain::TenantId;
use asbcase_domain::case::Case;
use asbcase_domain::party::Person;
use asbcase_domain::tracker::VISIT_TTL;
use asbcase_store::{LinkOutcome, Organisation};
use askama::Template;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

pub const COOKIE: &str = "asbcase_track";

#[derive(Template)]
#[template(path = "residents/link.html")]
struct LinkPage<'a> {
    layout: Layout,
    csrf: &'a str,
    token: &'a str,
}

#[derive(Template)]
#[template(path = "residents/link_problem.html")]
struct LinkProblem {
    layout: Layout,
}

/// The same page for an unknown, used or expired link: each gets a new one the same way.
fn problem() -> Response {
    render_with_status(StatusCode::GONE, &LinkProblem { layout: Layout::public("This link no longer works") })
}

/// The partnership whose public pages this address serves, if any: a link or visit of another
/// partnership does not work here.
pub async fn host_tenant(state: &AppState, headers: &HeaderMap) -> Option<TenantId> {
    crate::report::intake(state, headers).await.ok().map(|(t, _)| t.id)
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if !well_formed(&token) {
        return Ok(problem());
    }
    let now = asbcase_domain::time::now();
    let here = host_tenant(&state, &headers).await;
    match state.store().resident_link(&hash(&token)).await? {
        Some(l)
            if l.purpose == asbcase_domain::tracker::LinkPurpose::Tracker
                && l.used_at.is_none()
                && l.expires_at > now
                && Some(l.tenant) == here =>
        {
            render(&LinkPage { layout: Layout::public("Your case"), csrf: &csrf, token: &token })
        }
        _ => Ok(problem()),
    }
}

pub async fn follow(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    VerifiedForm(_): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    if !well_formed(&token) {
        return Ok(problem());
    }
    let here = host_tenant(&state, &headers).await;
    if state.store().resident_link(&hash(&token)).await?.is_none_or(|l| Some(l.tenant) != here) {
        return Ok(problem());
    }
    let now = asbcase_domain::time::now();
    let visit = hex::encode(rand::random::<[u8; 32]>());
    match state.store().follow_tracker_link(&hash(&token), &hash(&visit), now, now + VISIT_TTL).await? {
        LinkOutcome::Opened(_) => {
            let secure = if state.secure_cookies() { "; Secure" } else { "" };
            let c = format!(
                "{COOKIE}={visit}; Path=/track; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
                VISIT_TTL.as_secs()
            );
            let mut res = Redirect::to("/track/case").into_response();
            res.headers_mut()
                .append(SET_COOKIE, HeaderValue::from_str(&c).map_err(|e| AppError::BadRequest(e.to_string()))?);
            Ok(res)
        }
        LinkOutcome::Used | LinkOutcome::Expired | LinkOutcome::Unknown => Ok(problem()),
    }
}

/// A resident on a visit to their case: the case, who they are on it, and whose case it is.
pub struct Resident {
    pub visit_hash: String,
    pub case: Case,
    pub person: Person,
    pub organisation: Organisation,
}

impl FromRequestParts<AppState> for Resident {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = cookie(&parts.headers, COOKIE).ok_or(AppError::VisitEnded)?;
        let visit_hash = hash(&token);
        let store = state.store();
        let now = asbcase_domain::time::now();
        let visit = store.resident_visit(&visit_hash, now).await?.ok_or(AppError::VisitEnded)?;
        if host_tenant(state, &parts.headers).await != Some(visit.tenant) {
            return Err(AppError::VisitEnded);
        }
        let case = store.case(visit.tenant, visit.case).await?.ok_or(AppError::VisitEnded)?;
        let person = store
            .people(case.tenant, case.id)
            .await?
            .into_iter()
            .find(|p| p.id == visit.person)
            .ok_or(AppError::VisitEnded)?;
        let organisation = store.organisation(case.tenant, case.organisation).await?.ok_or(AppError::VisitEnded)?;
        Ok(Resident { visit_hash, case, person, organisation })
    }
}

pub async fn leave(
    State(state): State<AppState>,
    resident: Resident,
    VerifiedForm(_): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    state.store().end_resident_visit(&resident.visit_hash).await?;
    let mut res = Redirect::to("/track/left").into_response();
    let c = format!("{COOKIE}=; Path=/track; Max-Age=0; HttpOnly; SameSite=Lax");
    res.headers_mut().append(SET_COOKIE, HeaderValue::from_str(&c).map_err(|e| AppError::BadRequest(e.to_string()))?);
    Ok(res)
}

#[derive(Template)]
#[template(path = "residents/left.html")]
struct Left {
    layout: Layout,
}

pub async fn left() -> Result<Response, AppError> {
    render(&Left { layout: Layout::public("You have left your case") })
}
