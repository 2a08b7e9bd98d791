//! `/case-reviews`: matters whose complaints, to any organisation of the partnership, have
//! reached the case review threshold (so the single point of contact can offer a review before
//! anyone has to ask), and the reviews under way with their next step and whether it is late.
use super::{calendar, runs_reviews, today};
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::view::Tag;
use crate::{AppError, AppState};
use asbcase_domain::case_review::{Detection, Matter, detect};
use asbcase_domain::time::human_date;
use asbcase_domain::{OrganisationId, TenantId};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::ToSpan;
use std::collections::HashMap;

/// The matters that reach the threshold today, under the rules in force today.
pub async fn detections(state: &AppState, tenant: TenantId) -> Result<Vec<Detection>, AppError> {
    let store = state.store();
    let book = store.review_rule_book(tenant).await?;
    let today = today();
    let rules = book.in_force(today);
    // Far enough back for any complaint an application today could count.
    let months = i64::from(rules.window_months + rules.qualify_within_months + 1);
    let since = asbcase_domain::time::now() - (months * 31 * 24).hours();
    let complaints = store.complaints_since(tenant, since).await?;
    Ok(detect(&complaints, &book, today))
}

/// The detection of one matter, if it still reaches the threshold.
pub async fn find(state: &AppState, tenant: TenantId, matter: &Matter) -> Result<Option<Detection>, AppError> {
    Ok(detections(state, tenant).await?.into_iter().find(|d| &d.matter == matter))
}

/// How a matter is kept in forms and the offers table.
pub fn matter_key(m: &Matter) -> String {
    serde_json::to_string(m).unwrap_or_default()
}

struct ComplaintRow {
    reference: String,
    /// The case page, when this person may see the case.
    href: Option<String>,
    organisation: String,
    reported: String,
}

struct DetectionRow {
    heading: &'static str,
    /// Who or where: a person's name, or the place.
    what: String,
    triggers: Vec<String>,
    complaints: Vec<ComplaintRow>,
    organisations: String,
    key: String,
    /// "Offered on 3 December 2026: phoned Mrs Achterberg", or a review applied for.
    status: String,
}

struct ReviewRow {
    reference: String,
    applied: String,
    applicant: String,
    next: String,
    tag: Tag,
}

#[derive(Template)]
#[template(path = "case_review/list.html")]
struct ListPage {
    layout: Layout,
    csrf: String,
    errors: Vec<(&'static str, String)>,
    detections: Vec<DetectionRow>,
    reviews: Vec<ReviewRow>,
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    list_page(&state, &staff, csrf, vec![]).await
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    errors: Vec<(&'static str, String)>,
) -> Result<Response, AppError> {
    runs_reviews(staff)?;
    let store = state.store();
    let tenant = staff.user.tenant;
    let orgs: HashMap<OrganisationId, String> =
        store.organisations(tenant).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let reviews: Vec<_> =
        store.case_reviews(tenant).await?.into_iter().filter(|r| r.organisation == staff.user.organisation).collect();
    let offers: HashMap<String, (String, String)> =
        store.review_offers(tenant).await?.into_iter().map(|(m, on, note)| (m, (on, note))).collect();
    let mut rows = vec![];
    for d in detections(state, tenant).await? {
        let key = matter_key(&d.matter);
        let what = match &d.matter {
            Matter::Location(place) => place.clone(),
            Matter::Complainant(p) | Matter::PersonComplainedAbout(p) => person_name(state, tenant, &d, *p).await?,
        };
        // A review under way for the matter, or naming one of its cases (a finished review does
        // not stop a new offer: the complaints since may call for another).
        let applied = reviews.iter().filter(|r| r.review.outcome.is_none()).find(|r| {
            r.review.application.matter.as_ref() == Some(&d.matter)
                || d.complaints.iter().any(|c| r.review.application.cases.contains(&c.reference))
        });
        let status = match (applied, offers.get(&key)) {
            (Some(r), _) => {
                format!("Review {} applied for on {}", r.reference, human_date(r.review.application.applied_on))
            }
            (None, Some((on, note))) => {
                let on = on.parse().map(human_date).unwrap_or_else(|_| on.clone());
                if note.is_empty() {
                    format!("Review offered on {on}")
                } else {
                    format!("Review offered on {on}: {note}")
                }
            }
            (None, None) => String::new(),
        };
        let mut complaints = vec![];
        for c in &d.complaints {
            let visible = c.organisation == staff.user.organisation
                || store
                    .case(tenant, c.case)
                    .await?
                    .is_some_and(|case| case.casework.share_with(staff.user.organisation).is_some());
            complaints.push(ComplaintRow {
                reference: c.reference.to_string(),
                href: visible.then(|| format!("/cases/{}", c.reference)),
                organisation: orgs.get(&c.organisation).cloned().unwrap_or_default(),
                reported: human_date(c.reported_on),
            });
        }
        rows.push(DetectionRow {
            heading: d.matter.label(),
            what,
            triggers: d.triggers.iter().map(|t| t.describe()).collect(),
            organisations: d.organisations.iter().filter_map(|o| orgs.get(o).cloned()).collect::<Vec<_>>().join(", "),
            complaints,
            key,
            status,
        });
    }
    let book = store.review_rule_book(tenant).await?;
    let cal = calendar(state, tenant).await?;
    let today = today();
    let reviews = reviews
        .iter()
        .map(|r| {
            let timescales = book.in_force(r.review.application.applied_on).timescales;
            let Ok(due) = r.review.due_dates(&timescales, &cal) else {
                return ReviewRow {
                    reference: r.reference.clone(),
                    applied: human_date(r.review.application.applied_on),
                    applicant: r.applicant.name.clone(),
                    next: "Due dates cannot be worked out: the bank holiday calendar does not cover them".into(),
                    tag: Tag { text: "Check", class: "govuk-tag--yellow" },
                };
            };
            let next = due.iter().find(|d| d.done_on.is_none());
            let (next, tag) = match next {
                Some(d) if d.overdue(today) => (
                    format!("{} (due {})", d.step.label(), human_date(d.due)),
                    Tag { text: "Overdue", class: "govuk-tag--red" },
                ),
                Some(d) => (
                    format!("{} (due {})", d.step.label(), human_date(d.due)),
                    Tag { text: "In progress", class: "govuk-tag--blue" },
                ),
                None => ("Outcome sent".into(), Tag { text: "Done", class: "govuk-tag--green" }),
            };
            ReviewRow {
                reference: r.reference.clone(),
                applied: human_date(r.review.application.applied_on),
                applicant: r.applicant.name.clone(),
                next,
                tag,
            }
        })
        .collect();
    let mut layout = staff.layout("Case reviews", "/case-reviews");
    layout.has_errors = !errors.is_empty();
    render(&ListPage { layout, csrf, errors, detections: rows, reviews })
}

/// A person's name, from one of the cases whose complaints name them.
async fn person_name(
    state: &AppState,
    tenant: TenantId,
    d: &Detection,
    person: asbcase_domain::PersonId,
) -> Result<String, AppError> {
    for c in &d.complaints {
        if let Some(p) = state.store().people(tenant, c.case).await?.into_iter().find(|p| p.id == person) {
            return Ok(p.name);
        }
    }
    Ok("Name not recorded".into())
}

/// `POST /case-reviews/offers`: the single point of contact offered a review for a matter.
pub async fn offered(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    runs_reviews(&staff)?;
    let f = crate::report::Fields(raw);
    let tenant = staff.user.tenant;
    let matter = serde_json::from_str::<Matter>(f.get("matter")).ok();
    let found = match &matter {
        Some(m) => find(&state, tenant, m).await?.is_some(),
        None => false,
    };
    let note = f.get("note").trim();
    let problem = if !found {
        Some("That matter no longer reaches the threshold: the list below is as it is now")
    } else if note.chars().count() > 500 {
        Some("How the review was offered must be 500 characters or fewer")
    } else {
        None
    };
    match (problem, matter) {
        (None, Some(matter)) => {
            state.store().record_review_offer(tenant, &matter_key(&matter), today(), staff.user.id, note).await?;
            Ok(Redirect::to("/case-reviews").into_response())
        }
        (problem, _) => {
            let problem = problem.unwrap_or("That matter is not one we know").to_string();
            list_page(&state, &staff, csrf, vec![("threshold", problem)]).await
        }
    }
}
