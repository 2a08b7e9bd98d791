//! Check your answers, send, and the confirmation with the reference and the contact-by date.
use super::draft::{Journey, path};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::view::{category_name, deadline};
use crate::{AppError, AppState};
use asbcase_domain::case::{Case, Channel, Flags, NewReport, ReportDetails};
use asbcase_domain::category::rank;
use asbcase_domain::event::Change;
use asbcase_domain::intake::new_case;
use asbcase_domain::location::Location;
use asbcase_domain::questionnaire::Questionnaire;
use asbcase_domain::report::{ContactChoice, Draft, FREQUENCIES, PREFERRED};
use asbcase_domain::time::{human_date, london};
use asbcase_store::SubmitOutcome;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

pub struct Row {
    pub key: String,
    pub value: String,
    pub change: String,
    pub hidden: String,
}

#[derive(Template)]
#[template(path = "report/check.html")]
struct CheckPage {
    layout: Layout,
    csrf: String,
    rows: Vec<Row>,
    anonymous: bool,
}

fn row(key: &str, value: String, step: &str, hidden: &str) -> Row {
    Row { key: key.into(), value, change: path(step), hidden: hidden.into() }
}

fn label<'a>(options: &'a [(&'a str, &'a str)], value: &str) -> &'a str {
    options.iter().find(|(v, _)| *v == value).map(|(_, t)| *t).unwrap_or("")
}

fn rows(d: &Draft, catalogue: &[asbcase_domain::category::Category], q: &Questionnaire) -> Vec<Row> {
    let mut rows = vec![];
    if let Some(w) = &d.what {
        rows.push(row(
            "What is happening",
            w.categories.iter().map(|c| category_name(c, catalogue)).collect::<Vec<_>>().join(", "),
            "what",
            "what is happening",
        ));
        rows.push(row("Description", w.description.clone(), "what", "the description"));
        rows.push(row("When it started", w.started.map_or("Not given".into(), human_date), "what", "when it started"));
        rows.push(row("How often", label(&FREQUENCIES, &w.how_often).into(), "what", "how often"));
        rows.push(row(
            "When it last happened",
            w.last_happened.map_or("Not given".into(), human_date),
            "what",
            "when it last happened",
        ));
        rows.push(row(
            "Happening now",
            if w.happening_now { "Yes" } else { "No" }.into(),
            "what",
            "whether it is happening now",
        ));
    }
    if let Some(p) = &d.place {
        let place = match &p.postcode {
            Some(pc) => format!("{}, {}", p.address, pc.as_str()),
            None => p.address.clone(),
        };
        rows.push(row("Where", place, "where", "where it is happening"));
        if let Some(pt) = p.point {
            rows.push(row("Map location", format!("{}, {}", pt.latitude, pt.longitude), "where", "the map location"));
        }
    }
    if let Some(a) = &d.risk {
        for question in &q.questions {
            let yes = a.yes.iter().any(|k| k == &question.key);
            let mut v = if yes { "Yes".to_string() } else { "No".to_string() };
            if yes && question.key == asbcase_domain::questionnaire::HATE_KEY && !a.hate_strands.is_empty() {
                v = format!("Yes: {}", a.hate_strands.iter().map(|h| h.label()).collect::<Vec<_>>().join(", "));
            }
            rows.push(row(&question.text, v, "risk", &question.text.to_lowercase()));
        }
    }
    rows.push(row(
        "Evidence",
        match (d.diary.len(), d.files.len()) {
            (0, 0) => "None given".into(),
            (e, f) => format!(
                "{e} diary {}, {f} {}",
                if e == 1 { "entry" } else { "entries" },
                if f == 1 { "file" } else { "files" }
            ),
        },
        "evidence",
        "evidence",
    ));
    if let Some(a) = &d.about {
        rows.push(row(
            "Who is doing it",
            if a.known { a.description.clone() } else { "I do not know".into() },
            "about",
            "who is doing it",
        ));
    }
    match &d.contact {
        Some(ContactChoice::Anonymous) => {
            rows.push(row("Contact", "I want to stay anonymous".into(), "contact", "how we contact you"))
        }
        Some(ContactChoice::Contact(c)) => {
            rows.push(row("Your name", c.name.clone(), "contact", "your name"));
            let ways = [c.email.clone(), c.phone.clone(), c.address.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            rows.push(row("Your contact details", ways, "contact", "your contact details"));
            rows.push(row(
                "How to contact you",
                label(&PREFERRED, &c.preferred).into(),
                "contact",
                "how to contact you",
            ));
            if !c.safe_times.is_empty() {
                rows.push(row("Safe times to contact you", c.safe_times.clone(), "contact", "safe times"));
            }
        }
        None => {}
    }
    rows
}

pub async fn check_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    let j = Journey::load(&state, &headers).await?;
    if j.sent.is_some() {
        return Ok(Redirect::to("/report/done").into_response());
    }
    if let Some(step) = j.draft.next_step() {
        return Ok(Redirect::to(&path(step)).into_response());
    }
    let catalogue = state.store().categories(j.tenant.id).await?;
    render(&CheckPage {
        layout: Layout::public("Check your answers before sending your report"),
        csrf,
        rows: rows(&j.draft, &catalogue, &state.store().questionnaire(j.tenant.id).await?),
        anonymous: matches!(j.draft.contact, Some(ContactChoice::Anonymous)),
    })
}

#[derive(serde::Deserialize)]
pub struct Empty {}

/// Send the report: build the case through the domain's rules, and store it with the draft
/// marked sent in one transaction. The reference is shown only after that commits.
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: crate::limits::Client,
    VerifiedForm(_): VerifiedForm<Empty>,
) -> Result<Response, AppError> {
    let j = Journey::load(&state, &headers).await?;
    if j.sent.is_some() {
        return Ok(Redirect::to("/report/done").into_response());
    }
    state.limit(crate::Bucket::Public, &client)?;
    let (Some(what), Some(place), Some(answers), Some(about), Some(contact), Some(token_hash)) =
        (&j.draft.what, &j.draft.place, &j.draft.risk, &j.draft.about, &j.draft.contact, j.token_hash())
    else {
        return Ok(Redirect::to(&path(j.draft.next_step().unwrap_or("danger"))).into_response());
    };
    let store = state.store();
    let catalogue = store.categories(j.tenant.id).await?;
    let (categories, priority) = rank(&what.categories, &catalogue).map_err(AppError::BadRequest)?;
    let assessment = store.questionnaire(j.tenant.id).await?.assess(answers);
    let now = asbcase_domain::time::now();
    let book = crate::cases::form::rules_for(&state, &j.tenant, j.organisation.id).await?;
    let rules = book.rules();
    let reference = store.next_reference(j.tenant.id, now.to_zoned(london()).year()).await?;
    let report = NewReport {
        organisation: j.organisation.id,
        channel: Channel::WebForm,
        description: what.description.clone(),
        categories,
        priority,
        risk_band: assessment.band,
        location: Location {
            address: place.address.clone(),
            postcode: place.postcode.clone(),
            latitude: place.point.map(|p| p.latitude),
            longitude: place.point.map(|p| p.longitude),
            ..Location::default()
        },
        flags: Flags { hate_strands: answers.hate_strands.clone(), ..Flags::default() },
        patch: None,
        reported_at: now,
        details: ReportDetails {
            started: what.started,
            how_often: what.how_often.clone(),
            last_happened: what.last_happened,
            happening_now: Some(what.happening_now),
        },
        assessment: Some(assessment),
    };
    let bad = |e: asbcase_domain::case::CaseError| AppError::BadRequest(e.to_string());
    let about = if about.known { Some(about.description.as_str()) } else { None };
    let (mut case, people) =
        new_case(j.tenant.id, reference, report, contact.details(), about, None, &rules).map_err(bad)?;
    for entry in &j.draft.diary {
        case.record(Change::DiaryEntryAdded { entry: entry.clone() }, None, now, &rules).map_err(bad)?;
    }
    for file in &j.draft.files {
        case.record(Change::EvidenceAdded { file: file.clone() }, None, now, &rules).map_err(bad)?;
    }
    let mut messages = vec![];
    if let Some(c) = contact.details()
        && let Some(m) = asbcase_notify::acknowledgement(
            store,
            &case,
            &j.organisation.name,
            c,
            &contact_by(&case),
            crate::residents::links::for_acknowledgement(&state, &case, now),
            now,
        )
        .await?
    {
        messages.push(m);
    }
    match store.submit_report(&token_hash, &people, &mut case, &messages, None, now).await? {
        SubmitOutcome::Sent(_) | SubmitOutcome::AlreadySent(_) => Ok(Redirect::to("/report/done").into_response()),
        SubmitOutcome::NoDraft => Ok(Redirect::to("/report").into_response()),
    }
}

/// When the complainant will hear from an officer, as words to follow "by": "the end of
/// 3 December 2026", or "24 November 2026 at 1:32pm" for a deadline in clock hours.
pub fn contact_by(case: &Case) -> String {
    case.next_contact_due
        .map(deadline)
        .map(|d| if d.starts_with("end of") { format!("the {d}") } else { d })
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "report/done.html")]
struct DonePage {
    layout: Layout,
    reference: String,
    organisation: String,
    anonymous: bool,
    contact_by: String,
}

pub async fn done(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let j = Journey::load(&state, &headers).await?;
    let Some(reference) = j.sent.clone() else {
        return Ok(Redirect::to("/report").into_response());
    };
    let case = state.store().case_by_reference(j.tenant.id, &reference).await?.ok_or(AppError::NotFound)?;
    render(&DonePage {
        layout: Layout::public("Report sent"),
        reference: reference.to_string(),
        organisation: j.organisation.name.clone(),
        anonymous: matches!(j.draft.contact, Some(ContactChoice::Anonymous)),
        contact_by: contact_by(&case),
    })
}
