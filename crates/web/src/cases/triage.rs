//! Triage: the queue of new reports (most urgent first contact first) and the decision on each:
//! open a case and assign it, join it to an open case about the same matter, divert it to
//! advice or the good-neighbour route, or refer it to another organisation of the partnership.
use super::form::{self, Choice, Field, Form, error, required_text};
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::view::{Tag, category_name, due_phrase, risk_tag, when};
use crate::{AppError, AppState};
use asbcase_domain::UserId;
use asbcase_domain::assignment::{self, Candidate};
use asbcase_domain::case::{Case, Status};
use asbcase_domain::casework::Diversion;
use asbcase_domain::event::Change;
use asbcase_domain::organisation::Role;
use asbcase_domain::report::FieldError;
use asbcase_domain::risk::RiskBand;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;

struct Row {
    reference: String,
    reported: String,
    channel: &'static str,
    category: String,
    risk: Tag,
    emergency: bool,
    due: String,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "triage.html")]
struct QueuePage {
    layout: Layout,
    rows: Vec<Row>,
}

fn may_triage(staff: &Staff) -> Result<(), AppError> {
    if staff.has(Role::CaseOfficer) || staff.has(Role::TeamManager) { Ok(()) } else { Err(AppError::Forbidden) }
}

pub async fn queue(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    may_triage(&staff)?;
    let store = state.store();
    let now = Timestamp::now();
    let catalogue = store.categories(staff.user.tenant).await?;
    let rows = store
        .triage_queue(staff.user.tenant, staff.user.organisation, now, 500)
        .await?
        .into_iter()
        .map(|c| Row {
            reference: c.reference.to_string(),
            reported: when(c.reported_at),
            channel: c.channel.label(),
            category: category_name(&c.primary_category, &catalogue),
            risk: risk_tag(c.risk_band),
            emergency: c.risk_band == RiskBand::Emergency,
            due: c.next_contact_due.map(|d| due_phrase(d, now)).unwrap_or_default(),
            overdue: c.overdue,
        })
        .collect();
    render(&QueuePage { layout: staff.layout("New reports to triage", "/triage"), rows })
}

/// Officers who could take the case, the suggested one first (`domain::assignment`).
pub(super) async fn officers(state: &AppState, case: &Case) -> Result<Vec<Choice>, AppError> {
    let store = state.store();
    let loads = store.caseloads(case.tenant, case.organisation).await?;
    let mut candidates: Vec<Candidate> = store
        .users_of_organisation(case.tenant, case.organisation)
        .await?
        .into_iter()
        .filter(|u| u.active && u.has(Role::CaseOfficer))
        .map(|u| Candidate {
            id: u.id,
            open_cases: loads.iter().find(|(id, _)| *id == u.id).map_or(0, |(_, n)| *n),
            name: u.name,
            patch: u.patch,
        })
        .collect();
    assignment::rank(&mut candidates, case.patch.as_deref());
    Ok(candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let patch = c.patch.as_deref().map(|p| format!("{p} patch, ")).unwrap_or_default();
            let n = c.open_cases;
            let text = format!(
                "{} ({patch}{n} open case{}){}",
                c.name,
                if n == 1 { "" } else { "s" },
                if i == 0 { " – suggested" } else { "" }
            );
            Choice::new(c.id.0.to_string(), text)
        })
        .collect())
}

struct Ctx {
    officers: Vec<Choice>,
    organisations: Vec<Choice>,
}

fn decision_form(case: &Case, ctx: &Ctx, f: &Fields) -> Form<'static> {
    let decisions = vec![
        Choice {
            hint: "Assign it to an officer; the first contact is due by the service standard.".into(),
            ..Choice::new("open", "Open an ASB case")
        },
        Choice {
            hint: "Further reports while a case is open are not new cases.".into(),
            ..Choice::new("link", "Join it to an open case about the same matter")
        },
        Choice::new("divert", "Not an ASB case: give advice or the good-neighbour route"),
        Choice::new("refer", "Another organisation of the partnership should deal with it"),
    ];
    let mut officers = vec![Choice::new("", "Choose an officer")];
    officers.extend(ctx.officers.iter().map(|c| Choice::new(c.value.clone(), c.text.clone())));
    let mut orgs = vec![Choice::new("", "Choose an organisation")];
    orgs.extend(ctx.organisations.iter().map(|c| Choice::new(c.value.clone(), c.text.clone())));
    let mut officer = Field::select("officer", "If opening: assign to", officers).from(f);
    if officer.value().is_empty()
        && let Some(first) = ctx.officers.first()
    {
        officer.values = vec![first.value.clone()];
    }
    Form {
        heading: "Triage this report",
        intro: if case.risk_band == RiskBand::Emergency {
            "This report said someone was in danger: check that the police were called."
        } else {
            ""
        },
        action: format!("/cases/{}/triage", case.reference),
        button: "Save decision",
        fields: vec![
            Field::radios("decision", "What happens to this report?", decisions).from(f),
            officer,
            Field::short("link_to", "If joining: the open case's reference", "10")
                .hint("For example, ASB-2026-000123")
                .from(f),
            Field::radios(
                "route",
                "If not an ASB case: which route?",
                Diversion::ALL.iter().map(|d| Choice::new(d.as_str(), d.label())).collect(),
            )
            .from(f),
            Field::select("refer_to", "If referring: to which organisation?", orgs).from(f),
            Field::textarea("note", "Note").hint("Why you decided this. Needed when diverting or referring.").from(f),
        ],
    }
}

async fn context(state: &AppState, case: &Case) -> Result<Ctx, AppError> {
    let organisations = state
        .store()
        .organisations(case.tenant)
        .await?
        .into_iter()
        .filter(|o| o.id != case.organisation)
        .map(|o| Choice::new(o.id.0.to_string(), o.name))
        .collect();
    Ok(Ctx { officers: officers(state, case).await?, organisations })
}

async fn waiting(state: &AppState, staff: &Staff, reference: &str) -> Result<Case, AppError> {
    may_triage(staff)?;
    let case = form::workable(state, staff, reference).await?;
    if !matches!(case.status, Status::Reported | Status::Triaged) {
        return Err(AppError::BadRequest(format!("{} has already been triaged.", case.reference)));
    }
    Ok(case)
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(reference): Path<String>,
) -> Result<Response, AppError> {
    let case = waiting(&state, &staff, &reference).await?;
    let ctx = context(&state, &case).await?;
    form::page(&staff, &csrf, &case, &decision_form(&case, &ctx, &Fields(vec![])), &Errors::default())
}

pub async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(reference): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let case = waiting(&state, &staff, &reference).await?;
    let ctx = context(&state, &case).await?;
    let f = Fields(raw);
    let redisplay = |c: &Case, e: Errors| form::page(&staff, &csrf, c, &decision_form(c, &ctx, &f), &e);
    let mut errors: Vec<FieldError> = vec![];
    let note = f.get("note").trim().to_string();
    if note.chars().count() > 2000 {
        errors.push(error("note", "The note must be 2000 characters or fewer"));
    }
    let triaged = |note: &str| {
        (case.status == Status::Reported)
            .then(|| Change::Triaged { note: if note.is_empty() { "Triaged".into() } else { note.to_string() } })
    };
    let changes: Vec<Change> = match f.get("decision") {
        "open" => {
            let officer = ctx.officers.iter().find(|o| o.value == f.get("officer"));
            match officer.and_then(|o| uuid::Uuid::parse_str(&o.value).ok()) {
                None => {
                    errors.push(error("officer", "Choose the officer who will take the case"));
                    vec![]
                }
                Some(id) => triaged(&note)
                    .into_iter()
                    .chain([Change::Opened, Change::Assigned { officer: UserId(id) }])
                    .collect(),
            }
        }
        "link" => return link(&state, &staff, case, &f, errors, redisplay).await,
        "divert" => match Diversion::parse(f.get("route")) {
            None => {
                errors.push(error("route", "Choose the route for this report"));
                vec![]
            }
            Some(route) => {
                let note = required_text(&f, "note", "why this is not an ASB case", 2000, &mut errors);
                vec![Change::Diverted { route, note }]
            }
        },
        "refer" => match ctx.organisations.iter().find(|o| o.value == f.get("refer_to")) {
            None => {
                errors.push(error("refer_to", "Choose the organisation to refer it to"));
                vec![]
            }
            Some(o) => {
                let note = required_text(&f, "note", "why it is being referred", 2000, &mut errors);
                let to = asbcase_domain::OrganisationId(uuid::Uuid::parse_str(&o.value).unwrap_or_default());
                vec![Change::Referred { to, note }]
            }
        },
        _ => {
            errors.push(error("decision", "Choose what happens to this report"));
            vec![]
        }
    };
    if !errors.is_empty() {
        return redisplay(&case, Errors(errors));
    }
    let referred = matches!(changes.first(), Some(Change::Referred { .. }));
    let response = form::commit(&state, &staff, case, &f, changes, redisplay).await?;
    // A referred report belongs to the other organisation now: back to the queue.
    if referred && response.status().is_redirection() {
        return Ok(Redirect::to("/triage").into_response());
    }
    Ok(response)
}

/// Join the report to an open case: the report closes as joined, and the case gains it as a
/// further report, both in one transaction.
async fn link(
    state: &AppState,
    staff: &Staff,
    mut case: Case,
    f: &Fields,
    mut errors: Vec<FieldError>,
    redisplay: impl Fn(&Case, Errors) -> Result<Response, AppError>,
) -> Result<Response, AppError> {
    let target = match f.get("link_to").trim() {
        "" => {
            errors.push(error("link_to", "Enter the reference of the open case"));
            None
        }
        r => match super::access::own_case(state, staff, r).await {
            Ok(t) if t.id == case.id => {
                errors.push(error("link_to", "Enter another case's reference: this is the report itself"));
                None
            }
            Ok(t) if t.status == Status::Closed || t.opened_at.is_none() => {
                errors.push(error("link_to", format!("{} is not an open case", t.reference)));
                None
            }
            Ok(t) => Some(t),
            Err(AppError::NotFound) => {
                errors.push(error("link_to", "There is no case of your organisation with that reference"));
                None
            }
            Err(e) => return Err(e),
        },
    };
    let Some(mut target) = target.filter(|_| errors.is_empty()) else { return redisplay(&case, Errors(errors)) };
    if !form::current(f.get("version").parse().ok(), &case) {
        return redisplay(&case, form::stale(&case));
    }
    let book = form::rule_book(state, &case).await?;
    let rules = book.rules();
    let now = asbcase_domain::time::now();
    let by = Some(staff.user.id);
    let further = Change::FurtherReport {
        channel: case.channel,
        description: format!("{} (report {} joined to this case)", case.description, case.reference),
        reported_at: case.reported_at,
        assessment: None,
        from: case
            .parties
            .iter()
            .find(|p| p.role == asbcase_domain::party::PartyRole::Complainant)
            .and_then(|p| p.person),
    };
    let bad = |e: asbcase_domain::case::CaseError| AppError::BadRequest(e.to_string());
    target.record(further, by, now, &rules).map_err(bad)?;
    // Whoever made the report joins the case, so they are kept informed there too.
    for p in case.parties.iter().filter(|p| p.role == asbcase_domain::party::PartyRole::Complainant) {
        if !target.parties.iter().any(|t| t.person == p.person && t.role == p.role) {
            let party = asbcase_domain::party::Party { id: asbcase_domain::ids::PartyId::new(), ..p.clone() };
            target.record(Change::PartyAdded { party }, by, now, &rules).map_err(bad)?;
        }
    }
    case.record(Change::Linked { into: target.reference.clone() }, by, now, &rules).map_err(bad)?;
    let to = format!("/cases/{}", target.reference);
    let mut both = [case, target];
    match state.store().save_cases(&mut both).await {
        Ok(()) => Ok(Redirect::to(&to).into_response()),
        Err(asbcase_store::StoreError::Conflict) => {
            Err(AppError::BadRequest("One of the cases changed meanwhile: nothing was saved. Try again.".into()))
        }
        Err(e) => Err(e.into()),
    }
}
