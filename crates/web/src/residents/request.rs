//! `/track`: a complainant asks for a link to their case tracker with their reference and the
//! email address or mobile number they gave. The answer is the same whether or not they match
//! a case (no one can use it to find out who reported what); when they match, the link goes to
//! that contact through the outbox. Requests are limited per reference and per contact.
use super::links::new_link;
use super::{ResidentForm, form_page};
use crate::cases::form::{Field, error};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::reference::CaseReference;
use asbcase_domain::tracker::{self, LinkPurpose, complainant_with, normalise_contact};
use asbcase_notify::{ResidentMessage, resident_message};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use jiff::SignedDuration;
use std::collections::BTreeMap;

fn request_form(f: &Fields, ended: bool) -> ResidentForm<'static> {
    ResidentForm {
        caption: "",
        heading: "Get a link to your case",
        intro: if ended {
            "Your visit to your case has ended. Ask for a new link: we will send it to the email address or mobile number you gave us."
        } else {
            "See how your case is going, add diary entries and evidence, or send your officer a message. We will send a link to the email address or mobile number you gave when you reported."
        },
        action: "/track",
        back: "",
        button: "Send me a link",
        fields: vec![
            Field::short("reference", "Your reference", "20")
                .hint("It starts ASB-, for example ASB-2026-000123.")
                .from(f),
            Field::text("contact", "Email address or mobile number")
                .hint("The one you gave us when you reported.")
                .from(f),
        ],
    }
}

#[derive(serde::Deserialize)]
pub struct Ended {
    ended: Option<String>,
}

pub async fn page(CsrfToken(csrf): CsrfToken, Query(q): Query<Ended>) -> Result<Response, AppError> {
    form_page(&csrf, &request_form(&Fields(vec![]), q.ended.is_some()), &Errors::default())
}

#[derive(Template)]
#[template(path = "residents/sent.html")]
struct Sent {
    layout: Layout,
    limited: bool,
    hours: i64,
}

pub async fn send(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    client: crate::limits::Client,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (tenant, _) = crate::report::intake(&state, &headers).await?;
    let f = Fields(raw);
    let mut errors = vec![];
    let reference = match f.get("reference").trim() {
        "" => {
            errors.push(error("reference", "Enter your reference"));
            None
        }
        r => match CaseReference::parse(&r.to_uppercase()) {
            Ok(r) => Some(r),
            Err(_) => {
                errors.push(error("reference", "Enter your reference as it was given to you, like ASB-2026-000123"));
                None
            }
        },
    };
    let contact = match f.get("contact").trim() {
        "" => {
            errors.push(error("contact", "Enter the email address or mobile number you gave us"));
            None
        }
        c => match normalise_contact(c) {
            Some(n) => Some((c.to_string(), n)),
            None => {
                errors.push(error("contact", "Enter an email address, like name@example.com, or a UK mobile number"));
                None
            }
        },
    };
    let (Some(reference), Some((typed, (_, normal)))) = (reference, contact) else {
        return form_page(&csrf, &request_form(&f, false), &Errors(errors));
    };
    // Counted once the form is filled in: a typo does not use up the allowance.
    state.limit(crate::Bucket::Public, &client)?;
    let store = state.store();
    let now = asbcase_domain::time::now();
    // Counted under keyed hashes (a server secret), so the table cannot be turned back into
    // phone numbers by trying them all.
    let (hour, day) = (now - SignedDuration::from_hours(1), now - SignedDuration::from_hours(24));
    let t = tenant.id.0;
    let limits = [
        (state.keyed_hash(&format!("pair:{t}:{reference}:{normal}")), hour, tracker::REQUESTS_PER_HOUR),
        (state.keyed_hash(&format!("reference:{t}:{reference}")), hour, tracker::REQUESTS_PER_REFERENCE_PER_HOUR),
        (state.keyed_hash(&format!("contact:{t}:{normal}")), day, tracker::REQUESTS_PER_CONTACT_PER_DAY),
    ];
    let keys: Vec<(String, jiff::Timestamp)> = limits.iter().map(|(k, since, _)| (k.clone(), *since)).collect();
    let counts = store.count_link_request(&keys, now).await?;
    let hours = tracker::LINK_TTL.as_hours();
    if counts.iter().zip(&limits).any(|(n, (_, _, limit))| n > limit) {
        return render(&Sent { layout: Layout::public("Too many requests"), limited: true, hours });
    }
    if let Some(case) = store.case_by_reference(tenant.id, &reference).await? {
        let people = store.people(case.tenant, case.id).await?;
        if let Some((person, medium, recipient)) = complainant_with(&case, &people, &typed) {
            let organisation =
                store.organisation(case.tenant, case.organisation).await?.map(|o| o.name).unwrap_or_default();
            let (url, link) = new_link(&state, &case, person.id, LinkPurpose::Tracker, tracker::LINK_TTL, now);
            let values = BTreeMap::from([
                ("name", person.name.clone()),
                ("reference", case.reference.to_string()),
                ("organisation", organisation),
                ("link", url),
                ("hours", hours.to_string()),
            ]);
            let m = ResidentMessage { kind: "tracker_link", medium, recipient, values, link: Some(link) };
            store.queue_message(&resident_message(store, &case, m, now).await?).await?;
        }
    }
    render(&Sent { layout: Layout::public("Check your messages"), limited: false, hours })
}
