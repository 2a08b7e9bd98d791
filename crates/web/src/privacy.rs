//! `/privacy`: requests about personal data under the UK GDPR, for an organisation's
//! administrators. Find a person on the organisation's cases, see what it holds about them,
//! download their subject access bundle (HTML or JSON), or erase them; the retention periods and
//! the log of what was done are shown beside. Every look at a person and every bundle is in the
//! access log; bundles and erasures are in the privacy log too.
use crate::auth::Staff;
use crate::cases::form::{Choice, Field, Kind, error};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::PersonId;
use asbcase_domain::audit::AccessKind;
use asbcase_domain::organisation::Role;
use asbcase_domain::party::Person;
use asbcase_domain::time::{human, london, now};
use asbcase_store::Erasure;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

/// Personal data requests are for administrators.
fn administers(staff: &Staff) -> Result<(), AppError> {
    if staff.has(Role::Administrator) { Ok(()) } else { Err(AppError::Forbidden) }
}

struct PersonRow {
    id: String,
    name: String,
    contact: String,
    cases: usize,
}

struct LogRow {
    at: String,
    action: &'static str,
    subject: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "privacy.html")]
struct IndexPage {
    layout: Layout,
    q: String,
    searched: bool,
    error: Option<String>,
    people: Vec<PersonRow>,
    erased: bool,
    closed_cases_years: u32,
    messages_months: u32,
    drafts_days: u32,
    due_drafts: u64,
    due_cases: usize,
    due_reviews: usize,
    due_messages: u64,
    log: Vec<LogRow>,
}

#[derive(serde::Deserialize, Default)]
pub struct IndexQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    erased: Option<String>,
}

fn action_label(action: &str) -> &'static str {
    match action {
        "subject_access" => "Subject access bundle made",
        "person_erased" => "Person erased",
        "case_anonymised" => "Case anonymised (retention)",
        "review_anonymised" => "Case review anonymised (retention)",
        "messages_removed" => "Message copies removed (retention)",
        "drafts_removed" => "Reports in progress deleted (retention)",
        _ => "Other",
    }
}

fn contact_of(p: &Person) -> String {
    [&p.address, &p.phone, &p.email].into_iter().flatten().cloned().collect::<Vec<_>>().join(", ")
}

pub async fn index(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<IndexQuery>,
) -> Result<Response, AppError> {
    administers(&staff)?;
    let store = state.store();
    let tenant = staff.user.tenant;
    let q = query.q.trim().to_string();
    let searched = !q.is_empty();
    let mut error = None;
    let mut people = vec![];
    if searched {
        if q.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
            error = Some("Enter at least 3 letters or digits of a name, email, phone number or address".to_string());
        } else {
            let found = store.find_people(tenant, staff.user.organisation, &q, 50).await?;
            // What was looked for is not kept: it would outlive the erasure of whoever it named.
            let detail = format!("{} people found", found.len());
            store.record_access(tenant, staff.user.id, AccessKind::SearchPeople, None, &detail, now()).await?;
            for p in found {
                let cases = own_cases(&state, &staff, p.id).await?.0.len();
                people.push(PersonRow { id: p.id.0.to_string(), name: p.name.clone(), contact: contact_of(&p), cases });
            }
        }
    }
    let due = store.apply_retention(tenant, now(), None, true).await?;
    let log = store
        .privacy_log(tenant, Some(staff.user.organisation), 20)
        .await?
        .into_iter()
        .map(|e| LogRow { at: human(e.at), action: action_label(&e.action), subject: e.subject, detail: e.detail })
        .collect();
    let mut layout = staff.layout("Personal data requests", "/privacy");
    layout.has_errors = error.is_some();
    render(&IndexPage {
        layout,
        q,
        searched,
        error,
        people,
        erased: query.erased.is_some(),
        closed_cases_years: due.retention.closed_cases_years,
        messages_months: due.retention.messages_months,
        drafts_days: due.retention.drafts_days,
        due_drafts: due.drafts,
        due_cases: due.cases.len(),
        due_reviews: due.reviews.len(),
        due_messages: due.messages,
        log,
    })
}

/// The person's cases that the staff member's organisation holds, (reference, role, status),
/// and whether they are on other organisations' cases too (which are not named).
async fn own_cases(
    state: &AppState,
    staff: &Staff,
    person: PersonId,
) -> Result<(Vec<(String, String, String)>, bool), AppError> {
    let store = state.store();
    let mut rows = vec![];
    let mut elsewhere = false;
    for (case_id, role) in store.cases_of_person(staff.user.tenant, person).await? {
        match store.case(staff.user.tenant, case_id).await? {
            Some(c) if c.organisation == staff.user.organisation => {
                rows.push((c.reference.to_string(), role.label().to_string(), c.status.label().to_string()));
            }
            Some(_) => elsewhere = true,
            None => {}
        }
    }
    Ok((rows, elsewhere))
}

fn person_id(id: &str) -> Result<PersonId, AppError> {
    uuid::Uuid::parse_str(id).map(PersonId).map_err(|_| AppError::NotFound)
}

/// The person, if on a case of the staff member's organisation (else not found, so that who is
/// on other organisations' cases is not given away), with their cases there.
async fn person_here(
    state: &AppState,
    staff: &Staff,
    id: &str,
) -> Result<(Person, Vec<(String, String, String)>, bool), AppError> {
    administers(staff)?;
    let id = person_id(id)?;
    let person = state.store().person(staff.user.tenant, id).await?.ok_or(AppError::NotFound)?;
    let (cases, elsewhere) = own_cases(state, staff, id).await?;
    if cases.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok((person, cases, elsewhere))
}

struct CaseRow {
    reference: String,
    role: String,
    status: String,
}

#[derive(Template)]
#[template(path = "privacy_person.html")]
struct PersonPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    fields: Vec<Field>,
    id: String,
    person: Person,
    cases: Vec<CaseRow>,
    elsewhere: bool,
}

fn erase_fields(f: &Fields) -> Vec<Field> {
    vec![
        Field::textarea("reason", "Why the erasure is agreed")
            .hint("For example, the request's reference and the decision. Kept in the privacy log.")
            .from(f),
        Field::checkboxes(
            "confirm",
            "Confirm",
            vec![Choice::new(
                "yes",
                "I understand this cannot be undone: their details and what they wrote are removed for good",
            )],
        )
        .from(f),
    ]
}

async fn person_page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    id: &str,
    f: &Fields,
    errors: Errors,
) -> Result<Response, AppError> {
    let (person, cases, elsewhere) = person_here(state, staff, id).await?;
    let store = state.store();
    store
        .record_access(staff.user.tenant, staff.user.id, AccessKind::ViewPerson, None, &person.id.0.to_string(), now())
        .await?;
    let cases = cases.into_iter().map(|(reference, role, status)| CaseRow { reference, role, status }).collect();
    let mut layout = staff.layout(&format!("{} – personal data", person.name), "/privacy");
    layout.has_errors = errors.any();
    render(&PersonPage {
        layout,
        csrf,
        errors,
        fields: erase_fields(f),
        id: person.id.0.to_string(),
        person,
        cases,
        elsewhere,
    })
}

pub async fn person(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    person_page(&state, &staff, csrf, &id, &Fields(vec![]), Errors::default()).await
}

pub async fn bundle(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, format)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (person, _, _) = person_here(&state, &staff, &id).await?;
    let (content_type, ext) = match format.as_str() {
        "html" => ("text/html; charset=utf-8", "html"),
        "json" => ("application/json", "json"),
        _ => return Err(AppError::NotFound),
    };
    let store = state.store();
    let at = now();
    let tenant = staff.user.tenant;
    let org = staff.user.organisation;
    let Some(bundle) = asbcase_reports::subject_access::bundle(store, tenant, org, person.id, at).await? else {
        return Err(AppError::NotFound);
    };
    let body = match ext {
        "html" => bundle.html().map_err(|e| AppError::BadRequest(format!("the bundle could not be written: {e}")))?,
        _ => bundle.json(),
    };
    let subject = person.id.0.to_string();
    store.record_access(tenant, staff.user.id, AccessKind::SubjectAccess, None, &subject, at).await?;
    let detail =
        format!("{} bundle of {} cases made for {}", ext.to_uppercase(), bundle.cases.len(), staff.organisation_name);
    store.log_privacy(tenant, Some(org), Some(staff.user.id), "subject_access", &subject, &detail, at).await?;
    let day = at.to_zoned(london()).date();
    let disposition = format!("attachment; filename=\"subject-access-{}-{day}.{ext}\"", &subject[..8]);
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

pub async fn erase(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(id): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (person, _, elsewhere) = person_here(&state, &staff, &id).await?;
    let f = Fields(raw);
    let reason = f.get("reason").trim().to_string();
    let mut errors = vec![];
    if reason.is_empty() {
        errors.push(error("reason", "Enter why the erasure is agreed"));
    } else if reason.chars().count() > 1000 {
        errors.push(error("reason", "Why the erasure is agreed must be 1,000 characters or fewer"));
    }
    if f.get("confirm") != "yes" {
        errors.push(error("confirm", "Confirm that you understand the erasure cannot be undone"));
    }
    // Form-wide refusals point to the form (the error summary's link for "version").
    if elsewhere {
        errors.push(error(
            "version",
            "They are also on other organisations' cases: each organisation decides for its own records, so the partnership's administrator erases them with asbcase privacy erase",
        ));
    }
    if errors.is_empty() {
        let store = state.store();
        match store.erase_person(staff.user.tenant, person.id, &reason, Some(staff.user.id), now()).await? {
            Erasure::Erased { .. } => return Ok(Redirect::to("/privacy?erased=1").into_response()),
            Erasure::NotFound => return Err(AppError::NotFound),
            Erasure::CasesOpen(refs) => errors.push(error(
                "version",
                format!(
                    "Their cases must be closed first: {} still open. Erase them once closed, or record why the request is refused",
                    refs.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )),
            Erasure::ReviewsOpen(refs) => {
                // Another organisation's reviews are not named.
                let own: Vec<&str> =
                    refs.iter().filter(|(_, o)| *o == staff.user.organisation).map(|(r, _)| r.as_str()).collect();
                let which = if own.is_empty() { "run by another organisation".to_string() } else { own.join(", ") };
                errors.push(error(
                    "version",
                    format!(
                        "A case review they applied for, or of their cases, is still going on ({which}). Erase them once its outcome is sent and any appeal decided",
                    ),
                ))
            }
        }
    }
    person_page(&state, &staff, csrf, &id, &f, Errors(errors)).await
}
