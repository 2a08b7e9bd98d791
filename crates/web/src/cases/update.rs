//! `/cases/{reference}/update`: send the complainant an update by email, text message or
//! letter through the outbox. The message is queued and logged as a contact in one
//! transaction. A written update is logged as "sent in writing": it is not a conversation, so
//! it does not restart the 10 working day clock (only a successful contact does).
use super::form::{self, Choice, Field, Form, error, required_text};
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::case::Case;
use asbcase_domain::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use asbcase_domain::event::Change;
use asbcase_domain::message::Medium;
use asbcase_domain::party::{PartyRole, Person};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

/// One way to reach one complainant: (value, label, person, medium, recipient).
struct Route {
    value: String,
    label: String,
    person: Person,
    medium: Medium,
    recipient: String,
}

async fn routes(state: &AppState, case: &Case) -> Result<Vec<Route>, AppError> {
    let people = state.store().people(case.tenant, case.id).await?;
    let mut out = vec![];
    for party in case.parties.iter().filter(|p| p.role == PartyRole::Complainant) {
        let Some(p) = party.person.and_then(|id| people.iter().find(|x| x.id == id)) else { continue };
        let ways = [
            (Medium::Email, p.email.clone(), "by email"),
            (Medium::Sms, p.phone.clone(), "by text message"),
            (Medium::Letter, p.address.clone().map(|a| format!("{}\n{a}", p.name)), "by letter"),
        ];
        for (medium, to, how) in ways {
            if let Some(to) = to {
                let shown = to.lines().last().unwrap_or_default().to_string();
                out.push(Route {
                    value: format!("{}-{}", p.id.0, medium.as_str()),
                    // How and when they said to reach them, so the officer can respect it.
                    label: match party.description.as_deref().filter(|d| !d.is_empty()) {
                        Some(prefs) => format!("{} {how} ({shown}). {prefs}", p.name),
                        None => format!("{} {how} ({shown})", p.name),
                    },
                    person: p.clone(),
                    medium,
                    recipient: to,
                });
            }
        }
    }
    Ok(out)
}

fn update_form(case: &Case, routes: &[Route], f: &Fields) -> Form<'static> {
    Form {
        heading: "Send the complainant an update",
        intro: "It is sent through the outbox and recorded as a contact with the complainant. Say what has been done and what happens next; never give details about the person complained about.",
        action: format!("/cases/{}/update", case.reference),
        button: "Send update",
        fields: vec![
            Field::radios(
                "to",
                "Send to",
                routes.iter().map(|r| Choice::new(r.value.clone(), r.label.clone())).collect(),
            )
            .from(f),
            Field::textarea("text", "Update").from(f),
        ],
    }
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(reference): Path<String>,
) -> Result<Response, AppError> {
    let case = form::open_for_work(&state, &staff, &reference).await?;
    let routes = routes(&state, &case).await?;
    if routes.is_empty() {
        return Err(AppError::BadRequest(format!(
            "{} has no complainant with contact details (the report may be anonymous): there is no one to send an update to.",
            case.reference
        )));
    }
    form::page(&staff, &csrf, &case, &update_form(&case, &routes, &Fields(vec![])), &Errors::default())
}

pub async fn send(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(reference): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut case = form::open_for_work(&state, &staff, &reference).await?;
    let routes = routes(&state, &case).await?;
    let f = Fields(raw);
    let redisplay = |c: &Case, e: Errors| form::page(&staff, &csrf, c, &update_form(c, &routes, &f), &e);
    let mut errors = vec![];
    let route = routes.iter().find(|r| r.value == f.get("to"));
    if route.is_none() {
        errors.push(error("to", "Choose who to send the update to, and how"));
    }
    let limit = if route.is_some_and(|r| r.medium == Medium::Sms) { 600 } else { 5000 };
    let text = required_text(&f, "text", "the update", limit, &mut errors);
    let Some(route) = route.filter(|_| errors.is_empty()) else { return redisplay(&case, Errors(errors)) };
    if !form::current(f.get("version").parse().ok(), &case) {
        return redisplay(&case, form::stale(&case));
    }
    let store = state.store();
    let now = asbcase_domain::time::now();
    let organisation = store.organisation(case.tenant, case.organisation).await?.map(|o| o.name).unwrap_or_default();
    let message = asbcase_notify::update(
        store,
        &case,
        &asbcase_notify::Update {
            name: &route.person.name,
            organisation: &organisation,
            officer: &staff.user.name,
            text: &text,
            medium: route.medium,
            recipient: route.recipient.clone(),
        },
        now,
    )
    .await?;
    let method = match route.medium {
        Medium::Email => ContactMethod::Email,
        Medium::Sms => ContactMethod::Sms,
        Medium::Letter => ContactMethod::Letter,
    };
    let summary: String = format!("Update sent: {text}").chars().take(500).collect();
    let contact = Contact {
        method,
        direction: Direction::Outgoing,
        outcome: ContactOutcome::Sent,
        with: ContactWith::Complainant,
        summary,
        at: now,
    };
    let book = form::rule_book(&state, &case).await?;
    case.record(Change::ContactRecorded { contact }, Some(staff.user.id), now, &book.rules())
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    match store.save_case_with_messages(&mut case, std::slice::from_ref(&message)).await {
        Ok(()) => Ok(Redirect::to(&format!("/cases/{}", case.reference)).into_response()),
        Err(asbcase_store::StoreError::Conflict) => {
            Err(AppError::BadRequest("The case changed meanwhile: nothing was sent. Try again.".into()))
        }
        Err(e) => Err(e.into()),
    }
}
