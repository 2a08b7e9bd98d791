//! `/track/case`: the complainant's view of their case, in plain words. It is built only from
//! the case's stage, its officer, the contact clock, the action plan and the messages sent to
//! this complainant: nothing about the person complained about is read here.
use super::visit::Resident;
use crate::csrf::CsrfToken;
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use asbcase_domain::case::Status;
use asbcase_domain::time::{human, human_date};
use asbcase_domain::tracker::stage;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

/// Kinds of message shown back to the complainant (links are not: they were one-time).
const SHOWN: [&str; 4] = ["acknowledgement", "update", "case_closed", "report_diverted"];

pub struct ActionRow {
    what: String,
    owner: String,
    due: String,
    done: bool,
}

pub struct MessageRow {
    when: String,
    subject: String,
    body: Vec<String>,
    how: &'static str,
}

#[derive(Template)]
#[template(path = "residents/tracker.html")]
struct TrackerPage<'a> {
    layout: Layout,
    csrf: &'a str,
    reference: String,
    organisation: String,
    stage: &'static str,
    explanation: &'static str,
    open: bool,
    reported: String,
    officer: String,
    last_contact: String,
    next_contact: String,
    closed: String,
    actions: Vec<ActionRow>,
    messages: Vec<MessageRow>,
    done: &'static str,
}

/// A paragraph of a message as the tracker shows it: one-time links (spent, or still someone's
/// key to the case) are not shown again.
fn without_links(paragraph: &str) -> String {
    let one_time = |word: &str| {
        word.contains(asbcase_domain::tracker::TOKEN_PLACEHOLDER)
            || ["/track/", "/survey/"].iter().any(|p| {
                word.split_once(p).is_some_and(|(_, rest)| {
                    let token: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
                    token.len() == 48
                })
            })
    };
    paragraph
        .split(' ')
        .map(|w| if one_time(w) { "(a one-time link, not shown again)" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    resident: Resident,
    Query(q): Query<Done>,
) -> Result<Response, AppError> {
    let Resident { case, person, organisation, .. } = resident;
    let store = state.store();
    let officer = match case.assigned_officer {
        Some(id) => store.user(case.tenant, id).await?.map(|u| u.name),
        None => None,
    }
    .unwrap_or_else(|| format!("Not yet given: the anti-social behaviour team at {}", organisation.name));
    let letter = person.address.as_ref().map(|a| format!("{}\n{a}", person.name));
    let theirs = |to: &str| {
        person.email.as_deref() == Some(to) || person.phone.as_deref() == Some(to) || letter.as_deref() == Some(to)
    };
    let messages = store
        .messages_of_case(case.tenant, case.id)
        .await?
        .into_iter()
        .rev()
        .filter(|m| SHOWN.contains(&m.kind.as_str()) && theirs(&m.recipient) && m.status != "failed")
        .map(|m| MessageRow {
            when: human(m.sent_at.unwrap_or(m.created_at)),
            subject: if m.subject.is_empty() { "Text message".into() } else { m.subject },
            body: m.body.split("\n\n").map(without_links).collect(),
            how: m.medium.label(),
        })
        .collect();
    let actions = case
        .casework
        .actions
        .iter()
        .map(|a| ActionRow {
            what: a.what.clone(),
            owner: a.owner.clone(),
            due: human_date(a.due),
            done: a.done_at.is_some(),
        })
        .collect();
    let (title, explanation) = stage(&case);
    let done = match q.done.as_deref() {
        Some("diary") => "Your diary entry has been added to your case.",
        Some("file") => "Your file has been added to your case.",
        Some("message") => "Your message has been sent to your officer.",
        Some("call-back") => "We have asked your officer to call you back.",
        _ => "",
    };
    render(&TrackerPage {
        layout: Layout::public(&format!("Your case {}", case.reference)),
        csrf: &csrf,
        reference: case.reference.to_string(),
        organisation: organisation.name.clone(),
        stage: title,
        explanation,
        open: case.status != Status::Closed,
        reported: human(case.reported_at),
        officer,
        last_contact: case.last_successful_contact.map(human).unwrap_or_else(|| "Not yet".into()),
        next_contact: crate::report::contact_by(&case),
        closed: case.closed_at.map(human).unwrap_or_default(),
        actions,
        messages,
        done,
    })
}
