//! `/case-reviews/{reference}`: one review, its due dates (overdue ones flagged), what each
//! step recorded, the steps that can be taken now, and its history.
use super::{calendar, load, today};
use crate::auth::Staff;
use crate::page::{Layout, render};
use crate::view::{Tag, when};
use crate::{AppError, AppState};
use asbcase_domain::case_review::{Decision, Matter};
use asbcase_domain::time::human_date;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use std::collections::HashMap;

struct DueRow {
    step: &'static str,
    due: String,
    done: String,
    tag: Tag,
}

struct Recommendation {
    text: String,
    owner: String,
    due: String,
    done: String,
    overdue: bool,
}

struct CaseLink {
    reference: String,
    href: Option<String>,
}

struct HistoryRow {
    what: String,
    by: String,
    when: String,
}

#[derive(Template)]
#[template(path = "case_review/show.html")]
struct ReviewPage {
    layout: Layout,
    reference: String,
    applied_by: &'static str,
    applied_on: String,
    applicant: String,
    contact: String,
    on_behalf_of: String,
    account: String,
    matter: String,
    cases: Vec<CaseLink>,
    due: Vec<DueRow>,
    /// Why there are no due dates, when they cannot be worked out.
    due_problem: String,
    decision: Option<(String, String, String)>,
    meeting: Option<(String, String, &'static str, &'static str)>,
    recommendations: Vec<Recommendation>,
    outcome: Option<(String, String)>,
    appeal: Option<(String, String, String, String)>,
    feedback: Option<(String, &'static str, String)>,
    /// (address, text) of each step that can be taken now.
    next: Vec<(String, &'static str)>,
    history: Vec<HistoryRow>,
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
) -> Result<Response, AppError> {
    let r = load(&state, &staff, &reference).await?;
    let store = state.store();
    let tenant = r.review.tenant;
    let orgs: HashMap<_, _> = store.organisations(tenant).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let org = |id| orgs.get(&id).cloned().unwrap_or_default();
    let book = store.review_rule_book(tenant).await?;
    let timescales = book.in_force(r.review.application.applied_on).timescales;
    let cal = calendar(&state, tenant).await?;
    let today = today();
    let rv = &r.review;
    let (due, due_problem) = match rv.due_dates(&timescales, &cal) {
        Ok(d) => (d, String::new()),
        Err(e) => (vec![], format!("The due dates cannot be worked out: {e}.")),
    };
    let due = due
        .into_iter()
        .map(|d| DueRow {
            step: d.step.label(),
            due: human_date(d.due),
            done: d.done_on.map(human_date).unwrap_or_default(),
            tag: if d.overdue(today) {
                Tag { text: "Overdue", class: "govuk-tag--red" }
            } else if d.late() {
                Tag { text: "Done late", class: "govuk-tag--orange" }
            } else if d.done_on.is_some() {
                Tag { text: "Done", class: "govuk-tag--green" }
            } else {
                Tag { text: "To do", class: "govuk-tag--grey" }
            },
        })
        .collect();
    let mut cases = vec![];
    for reference in &rv.application.cases {
        let case = store.case_by_reference(tenant, reference).await?;
        let visible = case.is_some_and(|c| {
            c.organisation == staff.user.organisation || c.casework.share_with(staff.user.organisation).is_some()
        });
        cases.push(CaseLink { reference: reference.to_string(), href: visible.then(|| format!("/cases/{reference}")) });
    }
    let mut next = vec![];
    let mut can = |path: &str, text: &'static str| next.push((format!("/case-reviews/{}/{path}", r.reference), text));
    if rv.acknowledged_on.is_none() {
        can("acknowledge", "Record the acknowledgement");
    }
    if rv.acknowledged_on.is_some() && rv.decision.is_none() {
        can("decide", "Record the threshold decision");
    }
    if rv.threshold_met() == Some(true) && rv.meeting.is_none() {
        can("meeting", "Record the review meeting");
    }
    if rv.meeting.is_some() && rv.outcome.is_none() {
        can("recommend", "Add a recommendation");
    }
    if rv.recommendations.iter().any(|x| x.done_on.is_none()) {
        can("recommendation-done", "Mark a recommendation done");
    }
    if rv.outcome.is_none() && (rv.threshold_met() == Some(false) || rv.meeting.is_some()) {
        can("outcome", "Send the outcome to the applicant");
    }
    if rv.outcome.is_some() && rv.appeal.is_none() {
        can("appeal", "Record an appeal");
    }
    if rv.appeal.as_ref().is_some_and(|a| a.decision.is_none()) {
        can("appeal-result", "Record the result of the appeal");
    }
    let mut history = vec![];
    for (step, actor, at) in store.review_steps(tenant, rv.id.0).await? {
        let by = match actor {
            Some(u) => store.user(tenant, u).await?.map(|u| u.name).unwrap_or_default(),
            None => "Sent automatically".into(),
        };
        history.push(HistoryRow { what: step.title().into(), by, when: when(at) });
    }
    history.reverse();
    let a = &r.applicant;
    render(&ReviewPage {
        layout: staff.layout(&format!("Case review {}", r.reference), "/case-reviews"),
        reference: r.reference.clone(),
        applied_by: rv.application.applied_by.label(),
        applied_on: human_date(rv.application.applied_on),
        applicant: a.name.clone(),
        contact: [&a.email, &a.phone, &a.address].iter().filter_map(|x| x.as_deref()).collect::<Vec<_>>().join(" · "),
        on_behalf_of: a.on_behalf_of.clone().unwrap_or_default(),
        account: rv.application.account.clone(),
        matter: match &rv.application.matter {
            Some(Matter::Location(place)) => format!("The same location: {place}"),
            Some(m) => m.label().to_string(),
            None => String::new(),
        },
        cases,
        due,
        due_problem,
        decision: rv.decision.as_ref().map(|d| {
            let text = if d.decision == Decision::Met { "Met" } else { "Not met" };
            (human_date(d.on), text.to_string(), d.reasons.clone())
        }),
        meeting: rv.meeting.as_ref().map(|m| {
            (
                human_date(m.on),
                m.agencies.iter().map(|o| org(*o)).collect::<Vec<_>>().join(", "),
                if m.applicant_attended { "Yes" } else { "No" },
                if m.impact_statement { "Yes" } else { "No" },
            )
        }),
        recommendations: rv
            .recommendations
            .iter()
            .map(|x| Recommendation {
                text: x.text.clone(),
                owner: org(x.owner),
                due: human_date(x.due),
                done: x.done_on.map(human_date).unwrap_or_default(),
                overdue: x.done_on.is_none() && today > x.due,
            })
            .collect(),
        outcome: rv.outcome.as_ref().map(|o| (human_date(o.sent_on), o.summary.clone())),
        appeal: rv.appeal.as_ref().map(|x| {
            let result = x
                .decision
                .as_ref()
                .map(|d| format!("{} on {}: {}", d.result.label(), human_date(d.on), d.summary))
                .unwrap_or_else(|| "Waiting for the result".into());
            (human_date(x.on), x.to.clone(), x.grounds.clone(), result)
        }),
        feedback: rv
            .feedback
            .as_ref()
            .map(|f| (human_date(f.on), f.answers.handling.label(), f.answers.comments.clone())),
        next,
        history,
    })
}
