//! `/referrals/{id}`: one referral, for the organisation that made it and the one it went to.
//! The receiver (or, for a support service outside the system, the referrer recording what the
//! service said) accepts or declines it, then says what was done; each answer is an event on
//! the case, and the officer who made the referral is emailed.
use super::{allowed, referral_clock};
use crate::auth::Staff;
use crate::cases::form::{Choice, Field, Kind, error};
use crate::cases::partners_view::status_tag;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::view::{Tag, category_name, risk_tag, when};
use crate::{AppError, AppState};
use asbcase_domain::audit::AccessKind;
use asbcase_domain::case::Case;
use asbcase_domain::event::Change;
use asbcase_domain::message::Medium;
use asbcase_domain::organisation::Role;
use asbcase_domain::partnership::{Answer, Referral, ReferralStatus, ReferralTo};
use asbcase_notify::{ResidentMessage, resident_message};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeMap;

/// How the person looking at a referral stands to it.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    /// Their organisation made it.
    Referrer,
    /// It was made to their organisation.
    Receiver,
}

/// A referral with its case, and how the person looking stands to it.
struct Loaded {
    case: Case,
    referral: Referral,
    side: Side,
}

/// The referral and its case, if the person's organisation made or received it.
async fn load(state: &AppState, staff: &Staff, id: &str) -> Result<Loaded, AppError> {
    allowed(staff)?;
    let id: uuid::Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let tenant = staff.user.tenant;
    let row = state.store().referral(tenant, id).await?.ok_or(AppError::NotFound)?;
    let case = state.store().case(tenant, row.case).await?.ok_or(AppError::NotFound)?;
    let referral = case.casework.referral(id).cloned().ok_or(AppError::NotFound)?;
    let org = staff.user.organisation;
    let side = if case.organisation == org {
        Side::Referrer
    } else if referral.to_organisation() == Some(org) {
        Side::Receiver
    } else {
        return Err(AppError::NotFound);
    };
    Ok(Loaded { case, referral, side })
}

/// Who answers: the receiving organisation, or for a support service the referrer on its behalf.
fn answers(staff: &Staff, referral: &Referral, side: Side) -> bool {
    let works = staff.has(Role::CaseOfficer) || staff.has(Role::TeamManager) || staff.has(Role::PartnerOfficer);
    works
        && match referral.to {
            ReferralTo::Organisation { .. } => side == Side::Receiver,
            ReferralTo::Service { .. } => side == Side::Referrer,
        }
}

#[derive(Template)]
#[template(path = "referral.html")]
struct ReferralPage {
    layout: Layout,
    csrf: String,
    id: String,
    reference: String,
    /// The case page, for those who may see it.
    case_link: Option<String>,
    from: String,
    made_by: String,
    made: String,
    to: String,
    reason: String,
    who: String,
    contact: String,
    categories: String,
    place: String,
    risk: Tag,
    description: String,
    status: Tag,
    due: String,
    answer: String,
    answered: String,
    outcome: String,
    /// Which form to show: "answer", "outcome" or "" for none.
    form: &'static str,
    fields: Vec<Field>,
    errors: Errors,
    version: i64,
}

async fn page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    loaded: &Loaded,
    f: &Fields,
    errors: Errors,
) -> Result<Response, AppError> {
    let Loaded { case, referral, side } = loaded;
    let (case, side) = (case, *side);
    let store = state.store();
    // The page shows the case and the referred person's details: recorded first, as every look is.
    let detail = format!("Referral {}", referral.id);
    let at = asbcase_domain::time::now();
    store.record_access(case.tenant, staff.user.id, AccessKind::ViewCase, Some(case.id), &detail, at).await?;
    let tenant = case.tenant;
    let orgs: std::collections::HashMap<_, _> =
        store.organisations(tenant).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let org = |id| orgs.get(&id).cloned().unwrap_or_default();
    let people = store.people(tenant, case.id).await?;
    let party = referral.party.and_then(|p| case.parties.iter().find(|x| x.id == p));
    let person = party.and_then(|p| p.person).and_then(|id| people.iter().find(|x| x.id == id));
    let who = match (party, person) {
        (Some(p), Some(person)) => format!("{} ({})", person.name, p.role.label().to_lowercase()),
        (Some(p), None) => format!("{} ({})", p.description.clone().unwrap_or_default(), p.role.label().to_lowercase()),
        _ => "The case as a whole".into(),
    };
    let contact = person
        .map(|p| [&p.phone, &p.email, &p.address].iter().filter_map(|x| x.as_deref()).collect::<Vec<_>>().join(" · "))
        .unwrap_or_default();
    let name = |u: Option<asbcase_domain::UserId>| async move {
        match u {
            Some(u) => store.user(tenant, u).await.map(|x| x.map(|x| x.name).unwrap_or_default()),
            None => Ok(String::new()),
        }
    };
    let (calendar, days) = referral_clock(state, staff).await?;
    let today = asbcase_domain::time::now().to_zoned(asbcase_domain::time::london()).date();
    let overdue = referral.overdue(days, &calendar, today);
    let catalogue = store.categories(tenant).await?;
    let may_answer = answers(staff, referral, side);
    let form = match referral.status {
        ReferralStatus::Sent if may_answer => "answer",
        ReferralStatus::Accepted if may_answer => "outcome",
        _ => "",
    };
    let fields = match form {
        "answer" => vec![
            Field::radios(
                "answer",
                "Do you accept the referral?",
                vec![Choice::new("accepted", "Yes, we accept it"), Choice::new("declined", "No, we decline it")],
            )
            .from(f),
            Field::textarea("note", "What you will do, or why you decline")
                .hint("The referrer is told. Say why if you decline, so they can find help elsewhere.")
                .from(f),
        ],
        "outcome" => vec![Field::textarea("outcome", "What was done").from(f)],
        _ => vec![],
    };
    let visible =
        case.organisation == staff.user.organisation || case.casework.share_with(staff.user.organisation).is_some();
    let mut layout = staff.layout(&format!("Referral on {}", case.reference), "/referrals");
    layout.has_errors = errors.any();
    render(&ReferralPage {
        layout,
        csrf,
        id: referral.id.to_string(),
        reference: case.reference.to_string(),
        case_link: visible.then(|| format!("/cases/{}", case.reference)),
        from: org(case.organisation),
        made_by: name(referral.made_by).await?,
        made: when(referral.made_at),
        to: match &referral.to {
            ReferralTo::Organisation { id } => org(*id),
            ReferralTo::Service { name, .. } => format!("{name} (support service)"),
        },
        reason: referral.reason.clone(),
        who,
        contact,
        categories: case.categories.iter().map(|c| category_name(c, &catalogue)).collect::<Vec<_>>().join(", "),
        place: case.location.address.clone(),
        risk: risk_tag(case.risk_band),
        description: case.description.clone(),
        status: status_tag(referral.status, overdue),
        due: referral.answer_due(days, &calendar).map(asbcase_domain::time::human_date).unwrap_or_default(),
        answer: referral.answer.clone().unwrap_or_default(),
        answered: match referral.answered_at {
            Some(at) => format!("{} by {}", when(at), name(referral.answered_by).await?),
            None => String::new(),
        },
        outcome: referral.outcome.clone().unwrap_or_default(),
        form,
        fields,
        errors,
        version: case.version,
    })
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let loaded = load(&state, &staff, &id).await?;
    page(&state, &staff, csrf, &loaded, &Fields(vec![]), Errors::default()).await
}

/// Accept or decline, or say what was done (`what` is "answer" or "outcome").
pub async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path((id, what)): Path<(String, String)>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let loaded = load(&state, &staff, &id).await?;
    let (referral, side) = (loaded.referral.clone(), loaded.side);
    let mut case = loaded.case.clone();
    if !answers(&staff, &referral, side) {
        return Err(AppError::Forbidden);
    }
    let f = Fields(raw);
    let mut errors = vec![];
    let change = match what.as_str() {
        "answer" => {
            let answer = match f.get("answer") {
                "accepted" => Some(Answer::Accepted),
                "declined" => Some(Answer::Declined),
                _ => {
                    errors.push(error("answer", "Select whether you accept the referral"));
                    None
                }
            };
            let note = f.get("note").trim().to_string();
            if note.chars().count() > 2000 {
                errors.push(error("note", "The note must be 2000 characters or fewer"));
            }
            answer.map(|answer| Change::ReferralAnswered { id: referral.id, answer, note })
        }
        "outcome" => {
            let outcome = crate::cases::form::required_text(&f, "outcome", "what was done", 2000, &mut errors);
            Some(Change::ReferralCompleted { id: referral.id, outcome })
        }
        _ => return Err(AppError::NotFound),
    };
    let Some(change) = change.filter(|_| errors.is_empty()) else {
        return page(&state, &staff, csrf, &loaded, &f, Errors(errors)).await;
    };
    if !crate::cases::form::current(f.get("version").parse().ok(), &case) {
        return page(&state, &staff, csrf, &loaded, &f, crate::cases::form::stale(&case)).await;
    }
    let book = crate::cases::form::rule_book(&state, &case).await?;
    let now = asbcase_domain::time::now();
    if let Err(e) = case.record(change, Some(staff.user.id), now, &book.rules()) {
        let field = if what == "answer" { "note" } else { "outcome" };
        let message = crate::cases::form::capitalise(&e.to_string());
        return page(&state, &staff, csrf, &loaded, &f, Errors(vec![error(field, message)])).await;
    }
    let updated = case.casework.referral(referral.id).cloned().unwrap_or(referral.clone());
    let messages = tell_referrer(&state, &case, &updated, &staff, now).await?;
    match state.store().save_case_with_messages(&mut case, &messages).await {
        Ok(()) => Ok(Redirect::to(&format!("/referrals/{}", referral.id)).into_response()),
        Err(asbcase_store::StoreError::Conflict) => {
            page(&state, &staff, csrf, &loaded, &f, crate::cases::form::stale(&loaded.case)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// An email to the officer who made the referral, unless they are the one answering it.
async fn tell_referrer(
    state: &AppState,
    case: &Case,
    referral: &Referral,
    staff: &Staff,
    now: jiff::Timestamp,
) -> Result<Vec<asbcase_store::OutboxMessage>, AppError> {
    let store = state.store();
    let Some(officer) = referral.made_by.filter(|u| *u != staff.user.id) else { return Ok(vec![]) };
    let Some(user) = store.user(case.tenant, officer).await?.filter(|u| u.active) else { return Ok(vec![]) };
    let org =
        |id| async move { store.organisation(case.tenant, id).await.map(|o| o.map(|o| o.name).unwrap_or_default()) };
    let partner = match &referral.to {
        ReferralTo::Organisation { id } => org(*id).await?,
        ReferralTo::Service { name, .. } => name.clone(),
    };
    let note = match referral.status {
        ReferralStatus::Completed => format!("What was done: {}", referral.outcome.clone().unwrap_or_default()),
        _ => referral.answer.clone().unwrap_or_default(),
    };
    let values = BTreeMap::from([
        ("officer", user.name.clone()),
        ("reference", case.reference.to_string()),
        ("organisation", org(case.organisation).await?),
        ("partner", partner),
        ("status", referral.status.label().to_string()),
        ("note", note),
        ("link", state.public_link(&format!("/referrals/{}", referral.id))),
    ]);
    let m =
        ResidentMessage { kind: "referral_changed", medium: Medium::Email, recipient: user.email, values, link: None };
    Ok(vec![resident_message(store, case, m, now).await?])
}
