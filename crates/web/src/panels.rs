//! `/panels`: multi-agency case panels. Staff of any organisation of the partnership see the
//! panels and the cases put forward to each; an organisation puts forward its own cases (an
//! event on the case) and records, on each, what the panel decided and any action for its plan.
use crate::auth::Staff;
use crate::cases::form::{self, Field, Kind, error, required_text};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::casework::Action;
use asbcase_domain::event::Change;
use asbcase_domain::organisation::Role;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::time::human_date;
use asbcase_store::Panel;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

fn sees(staff: &Staff) -> Result<(), AppError> {
    if staff.sees_cases() { Ok(()) } else { Err(AppError::Forbidden) }
}

fn works(staff: &Staff) -> bool {
    staff.has(Role::CaseOfficer) || staff.has(Role::TeamManager)
}

struct PanelRow {
    id: String,
    title: String,
    meets_on: String,
    organiser: String,
    upcoming: bool,
}

#[derive(Template)]
#[template(path = "panels.html")]
struct PanelsPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    fields: Vec<Field>,
    panels: Vec<PanelRow>,
    can_create: bool,
}

fn new_panel_fields(f: &Fields) -> Vec<Field> {
    vec![
        Field::text("title", "Name of the meeting").hint("For example, Northgate problem-solving group.").from(f),
        Field::date("meets_on", "Date of the meeting").from(f),
    ]
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    f: &Fields,
    errors: Errors,
) -> Result<Response, AppError> {
    let store = state.store();
    let tenant = staff.user.tenant;
    let orgs: HashMap<_, _> = store.organisations(tenant).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let today = form::today();
    let panels = store
        .panels(tenant)
        .await?
        .into_iter()
        .map(|p| PanelRow {
            id: p.id.to_string(),
            title: p.title,
            meets_on: human_date(p.meets_on),
            organiser: orgs.get(&p.organisation).cloned().unwrap_or_default(),
            upcoming: p.meets_on >= today,
        })
        .collect();
    let mut layout = staff.layout("Case panels", "/panels");
    layout.has_errors = errors.any();
    render(&PanelsPage { layout, csrf, errors, fields: new_panel_fields(f), panels, can_create: works(staff) })
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    sees(&staff)?;
    list_page(&state, &staff, csrf, &Fields(vec![]), Errors::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    sees(&staff)?;
    if !works(&staff) {
        return Err(AppError::Forbidden);
    }
    let f = Fields(raw);
    let mut errors = vec![];
    let title = required_text(&f, "title", "the name of the meeting", 200, &mut errors);
    let meets_on = form::date(&f, "meets_on", "the date of the meeting", true, &mut errors);
    let Some(meets_on) = meets_on.filter(|_| errors.is_empty()) else {
        return list_page(&state, &staff, csrf, &f, Errors(errors)).await;
    };
    let panel = Panel {
        id: uuid::Uuid::now_v7(),
        tenant: staff.user.tenant,
        organisation: staff.user.organisation,
        title,
        meets_on,
        created_by: Some(staff.user.id),
        created_at: asbcase_domain::time::now(),
    };
    state.store().create_panel(&panel).await?;
    Ok(Redirect::to(&format!("/panels/{}", panel.id)).into_response())
}

struct CaseRow {
    reference: String,
    href: Option<String>,
    organisation: String,
    reason: String,
    /// Why it was put forward and what the panel decided, for those who may see the case.
    decisions: Vec<String>,
    /// The case is the person's organisation's: they record the panel's decision.
    record: bool,
}

#[derive(Template)]
#[template(path = "panel.html")]
struct PanelPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    fields: Vec<Field>,
    id: String,
    title: String,
    meets_on: String,
    organiser: String,
    cases: Vec<CaseRow>,
    can_add: bool,
}

async fn load(state: &AppState, staff: &Staff, id: &str) -> Result<Panel, AppError> {
    sees(staff)?;
    let id: uuid::Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    state.store().panel(staff.user.tenant, id).await?.ok_or(AppError::NotFound)
}

fn add_fields(f: &Fields) -> Vec<Field> {
    vec![
        Field::short("reference", "Case reference", "10")
            .hint("One of your organisation's open cases, like ASB-2026-000123.")
            .from(f),
        Field::textarea("reason", "Why you are putting it forward").from(f),
    ]
}

async fn panel_page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    panel: &Panel,
    f: &Fields,
    errors: Errors,
) -> Result<Response, AppError> {
    let store = state.store();
    let tenant = staff.user.tenant;
    let orgs: HashMap<_, _> = store.organisations(tenant).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let mut cases = vec![];
    for c in store.panel_cases(tenant, panel.id).await? {
        let case = store.case(tenant, c.case).await?;
        let own = c.organisation == staff.user.organisation;
        let visible = own || case.as_ref().is_some_and(|x| x.casework.share_with(staff.user.organisation).is_some());
        let decisions = match (&case, visible) {
            (Some(case), true) => case
                .casework
                .panels
                .iter()
                .find(|p| p.panel == panel.id)
                .map(|p| p.decisions.clone())
                .unwrap_or_default(),
            _ => vec![],
        };
        cases.push(CaseRow {
            href: visible.then(|| format!("/cases/{}", c.reference)),
            reference: c.reference,
            organisation: orgs.get(&c.organisation).cloned().unwrap_or_default(),
            // Why it was put forward often names people: only for those who may see the case.
            reason: if visible { c.reason } else { String::new() },
            decisions,
            record: own && works(staff),
        });
    }
    let mut layout = staff.layout(&panel.title, "/panels");
    layout.has_errors = errors.any();
    render(&PanelPage {
        layout,
        csrf,
        errors,
        fields: add_fields(f),
        id: panel.id.to_string(),
        title: panel.title.clone(),
        meets_on: human_date(panel.meets_on),
        organiser: orgs.get(&panel.organisation).cloned().unwrap_or_default(),
        cases,
        can_add: works(staff),
    })
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let panel = load(&state, &staff, &id).await?;
    panel_page(&state, &staff, csrf, &panel, &Fields(vec![]), Errors::default()).await
}

/// Record `change` on `case` as `staff`; the error to show if a rule refuses it.
async fn record(
    state: &AppState,
    staff: &Staff,
    mut case: asbcase_domain::case::Case,
    change: Change,
) -> Result<Option<String>, AppError> {
    let book = form::rule_book(state, &case).await?;
    if let Err(e) = case.record(change, Some(staff.user.id), asbcase_domain::time::now(), &book.rules()) {
        return Ok(Some(form::capitalise(&e.to_string())));
    }
    match state.store().save_case(&mut case).await {
        Ok(()) => Ok(None),
        Err(asbcase_store::StoreError::Conflict) => {
            Ok(Some(format!("Someone else changed {} at the same moment: try again.", case.reference)))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /panels/{id}/cases`: put one of my organisation's cases forward.
pub async fn add(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(id): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let panel = load(&state, &staff, &id).await?;
    if !works(&staff) {
        return Err(AppError::Forbidden);
    }
    let f = Fields(raw);
    let mut errors = vec![];
    let reason = required_text(&f, "reason", "why you are putting it forward", 2000, &mut errors);
    let case = match CaseReference::parse(f.get("reference")) {
        Err(_) => {
            errors.push(error("reference", "Enter a case reference, like ASB-2026-000123"));
            None
        }
        Ok(r) => match state.store().case_by_reference(staff.user.tenant, &r).await? {
            Some(c) if c.organisation == staff.user.organisation => Some(c),
            _ => {
                errors.push(error("reference", format!("{r} is not one of your organisation's cases")));
                None
            }
        },
    };
    let Some(case) = case.filter(|_| errors.is_empty()) else {
        return panel_page(&state, &staff, csrf, &panel, &f, Errors(errors)).await;
    };
    let change = Change::PutToPanel { panel: panel.id, title: panel.title.clone(), meets_on: panel.meets_on, reason };
    if let Some(message) = record(&state, &staff, case, change).await? {
        return panel_page(&state, &staff, csrf, &panel, &f, Errors(vec![error("reference", message)])).await;
    }
    Ok(Redirect::to(&format!("/panels/{}", panel.id)).into_response())
}

#[derive(Template)]
#[template(path = "panel_decision.html")]
struct DecisionPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    fields: Vec<Field>,
    id: String,
    title: String,
    reference: String,
}

fn decision_fields(f: &Fields) -> Vec<Field> {
    vec![
        Field::textarea("summary", "What the panel decided").from(f),
        Field::text("action", "An action for the case's plan (optional)").from(f),
        Field::text("owner", "Who will do it").hint("An organisation or officer.").from(f),
        Field::date("due", "Due by").from(f),
    ]
}

async fn decision_case(
    state: &AppState,
    staff: &Staff,
    panel: &Panel,
    reference: &str,
) -> Result<asbcase_domain::case::Case, AppError> {
    if !works(staff) {
        return Err(AppError::Forbidden);
    }
    let case = crate::cases::access::own_case(state, staff, reference).await?;
    if !case.casework.panels.iter().any(|p| p.panel == panel.id) {
        return Err(AppError::NotFound);
    }
    Ok(case)
}

fn decision_page(
    staff: &Staff,
    csrf: String,
    panel: &Panel,
    reference: &str,
    f: &Fields,
    errors: Errors,
) -> Result<Response, AppError> {
    let mut layout = staff.layout(&format!("Record the panel's decision – {reference}"), "/panels");
    layout.has_errors = errors.any();
    render(&DecisionPage {
        layout,
        csrf,
        errors,
        fields: decision_fields(f),
        id: panel.id.to_string(),
        title: panel.title.clone(),
        reference: reference.to_string(),
    })
}

pub async fn decision_form(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path((id, reference)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let panel = load(&state, &staff, &id).await?;
    let case = decision_case(&state, &staff, &panel, &reference).await?;
    decision_page(&staff, csrf, &panel, case.reference.as_str(), &Fields(vec![]), Errors::default())
}

pub async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path((id, reference)): Path<(String, String)>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let panel = load(&state, &staff, &id).await?;
    let case = decision_case(&state, &staff, &panel, &reference).await?;
    let reference = case.reference.to_string();
    let f = Fields(raw);
    let mut errors = vec![];
    let summary = required_text(&f, "summary", "what the panel decided", 5000, &mut errors);
    let what = f.get("action").trim().to_string();
    if what.chars().count() > 500 {
        errors.push(error("action", "The action must be 500 characters or fewer"));
    }
    let action = if what.is_empty() {
        None
    } else {
        let owner = required_text(&f, "owner", "who will do the action", 200, &mut errors);
        let due = form::date(&f, "due", "the date the action is due by", true, &mut errors);
        due.map(|due| Action { id: uuid::Uuid::now_v7(), what, owner, due, done_at: None })
    };
    if !errors.is_empty() {
        return decision_page(&staff, csrf, &panel, &reference, &f, Errors(errors));
    }
    let change = Change::PanelDecided { panel: panel.id, summary, action };
    if let Some(message) = record(&state, &staff, case, change).await? {
        return decision_page(&staff, csrf, &panel, &reference, &f, Errors(vec![error("summary", message)]));
    }
    Ok(Redirect::to(&format!("/panels/{}", panel.id)).into_response())
}
