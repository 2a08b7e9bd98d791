//! Applying for a case review: on the public page `/case-review` (in plain words, by the
//! complainant or someone else with their consent), or recorded by staff at `/case-reviews/new`
//! (perhaps for a matter the product detected). The application is acknowledged through the
//! outbox by the way the applicant chose, and the acknowledgement is recorded as its first step.
use super::{lead, runs_reviews, today};
use crate::auth::Staff;
use crate::cases::form::{self, Choice, Field, Kind, error};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::case_review::{Application, AppliedBy, CaseReview, Matter, ReviewError, ReviewStep, Step};
use asbcase_domain::message::Medium;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::report::{ContactForm, FieldError, check_contact};
use asbcase_domain::time::human_date;
use asbcase_notify::{ResidentMessage, Sender, resident_message};
use asbcase_store::{Applicant, StoredReview, Tenant};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeMap;

/// The application form's fields, as a resident or an officer fills them in.
fn fields(f: &Fields, staff: bool) -> Vec<Field> {
    let mut by = vec![
        Choice::new("complainant", if staff { "The complainant" } else { "I reported the problem" }),
        Choice::new(
            "third_party",
            if staff { "Someone else, for the complainant" } else { "I am applying for someone who reported it" },
        ),
    ];
    if staff {
        by.push(Choice::new("staff", "The partnership, offering a review itself"));
    }
    let mut out = vec![
        Field::radios("applied_by", if staff { "Who is applying" } else { "Who are you?" }, by).from(f),
        Field::checkboxes(
            "consent",
            "Consent",
            vec![Choice::new("yes", "The person who reported the problem agrees to this application")],
        )
        .hint("Needed when someone applies for the person who reported the problem.")
        .from(f),
        Field::text("on_behalf_of", "Who you are applying for, and who you are to them (optional)")
            .hint("For example, \"my mother, Joan Smith\".")
            .from(f),
        Field::text("name", if staff { "Applicant's name" } else { "Your name" }).from(f),
        Field::short("email", "Email address (optional)", "20").from(f),
        Field::short("phone", "Phone number (optional)", "20").from(f),
        Field::textarea("contact_address", "Postal address (optional)").from(f),
        Field::radios(
            "preferred",
            "How should we send you our answers?",
            vec![
                Choice::new("email", "By email"),
                Choice::new("sms", "By text message"),
                Choice::new("letter", "By letter"),
            ],
        )
        .from(f),
        Field::text("cases", "Case or report references you were given (optional)")
            .hint("For example, ASB-2026-000123. Separate more than one with commas.")
            .from(f),
        Field::textarea("account", "What is the problem, and why are you not happy with what has been done?").from(f),
    ];
    if staff {
        out.push(Field::date("applied_on", "When the application was made").from(f));
    }
    out
}

/// Everything wrong with a submitted application, or the application and the applicant.
fn check(tenant: &Tenant, f: &Fields, staff: bool) -> Result<(CaseReview, Applicant, String), Vec<FieldError>> {
    let mut errors = vec![];
    let applied_by = AppliedBy::parse(f.get("applied_by")).filter(|b| staff || *b != AppliedBy::Staff);
    if applied_by.is_none() {
        errors.push(error("applied_by", if staff { "Select who is applying" } else { "Select who you are" }));
    }
    let contact = ContactForm {
        anonymous: "no".into(),
        name: f.get("name").into(),
        email: f.get("email").into(),
        phone: f.get("phone").into(),
        address: f.get("contact_address").into(),
        preferred: f.get("preferred").into(),
        safe_times: String::new(),
    };
    let contact = match check_contact(&contact) {
        Ok(c) => c,
        Err(e) => {
            errors.extend(e.into_iter().map(|e| {
                let message = e
                    .message
                    .replace("Enter your name", if staff { "Enter the applicant's name" } else { "Enter your name" });
                FieldError { field: e.field, message }
            }));
            None
        }
    };
    let mut cases = vec![];
    for part in f.get("cases").split([',', ';', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
        match CaseReference::parse(part) {
            Ok(r) if !cases.contains(&r) => cases.push(r),
            Ok(_) => {}
            Err(_) => {
                errors.push(error("cases", format!("'{part}' is not a reference: they look like ASB-2026-000123")));
                break;
            }
        }
    }
    let on_behalf_of = f.get("on_behalf_of").trim();
    if on_behalf_of.chars().count() > 200 {
        errors.push(error("on_behalf_of", "Who you are applying for must be 200 characters or fewer"));
    }
    if f.get("account").chars().count() > 5000 {
        errors.push(error("account", "The description must be 5000 characters or fewer"));
    }
    let today = today();
    let applied_on = if staff {
        form::date(f, "applied_on", "when the application was made", true, &mut errors)
    } else {
        Some(today)
    };
    // Due dates are counted in working days: the date must be within the bank-holiday calendar.
    let calendar = asbcase_domain::calendar::Calendar::bundled(tenant.division);
    let (first, last) = calendar.covers();
    let applied_on = match applied_on {
        Some(d) if d.year() < first || d.year() > last => {
            errors.push(error(
                "applied_on",
                format!("Enter a date from {first} to {last}: bank holidays are known only for those years"),
            ));
            None
        }
        other => other,
    };
    // Only staff record an application for a matter the product detected.
    let matter = if staff { serde_json::from_str::<Matter>(f.get("matter")).ok() } else { None };
    let application = Application {
        applied_by: applied_by.unwrap_or(AppliedBy::Complainant),
        consent_confirmed: f.get("consent") == "yes",
        applied_on: applied_on.unwrap_or(today),
        matter,
        cases,
        account: f.get("account").to_string(),
    };
    match CaseReview::apply(tenant.id, application, today) {
        Err(ReviewError::Problems(p)) => errors.extend(p.into_iter().map(|p| FieldError {
            field: if p.field == "consent_confirmed" { "consent".into() } else { p.field },
            message: crate::cases::form::capitalise(&p.message),
        })),
        Err(e) => errors.push(error("account", crate::cases::form::capitalise(&e.to_string()))),
        Ok(review) if errors.is_empty() => {
            let contact = contact.expect("checked above");
            let applicant = Applicant {
                name: contact.name,
                email: contact.email,
                phone: contact.phone,
                address: contact.address,
                on_behalf_of: Some(on_behalf_of.to_string()).filter(|s| !s.is_empty()),
                preferred: Some(contact.preferred.clone()),
            };
            return Ok((review, applicant, contact.preferred));
        }
        Ok(_) => {}
    }
    Err(errors)
}

/// Store the application, acknowledged by the way the applicant chose, in one transaction.
async fn submit(
    state: &AppState,
    tenant: &Tenant,
    mut review: CaseReview,
    mut applicant: Applicant,
    preferred: &str,
) -> Result<String, AppError> {
    let store = state.store();
    let now = asbcase_domain::time::now();
    let today = today();
    let lead = lead(state, tenant.id).await?;
    let book = store.review_rule_book(tenant.id).await?;
    let timescales = book.in_force(review.application.applied_on).timescales;
    let calendar = asbcase_domain::calendar::Calendar::bundled(tenant.division);
    let decision_by = calendar
        .add_working_days(review.application.applied_on, timescales.days(Step::Decide))
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let reference = store.next_review_reference(tenant.id, today.year()).await?;
    let (medium, recipient) = match preferred {
        "email" => (Medium::Email, applicant.email.clone()),
        "sms" => (Medium::Sms, applicant.phone.clone()),
        _ => (Medium::Letter, applicant.address.clone().map(|a| format!("{}\n{a}", applicant.name))),
    };
    let mut messages = vec![];
    let mut steps = vec![];
    if let Some(recipient) = recipient {
        let values = BTreeMap::from([
            ("name", applicant.name.clone()),
            ("reference", reference.clone()),
            ("organisation", lead.name.clone()),
            ("decision_by", human_date(decision_by)),
        ]);
        let m = ResidentMessage { kind: "review_acknowledgement", medium, recipient, values, link: None };
        let from = Sender { tenant: tenant.id, organisation: lead.id, case: None };
        messages.push(resident_message(store, from, m, now).await?);
        let step = ReviewStep::Acknowledged { on: today.max(review.application.applied_on) };
        review.record(step.clone(), today).map_err(|e| AppError::BadRequest(e.to_string()))?;
        steps.push(step);
    }
    applicant.name = applicant.name.trim().to_string();
    let stored = StoredReview {
        review,
        reference: reference.clone(),
        organisation: lead.id,
        applicant,
        version: 0,
        created_at: now,
        updated_at: now,
    };
    store.create_review(&stored, &steps, &messages).await?;
    Ok(reference)
}

#[derive(Template)]
#[template(path = "case_review/apply.html")]
struct ApplyPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    fields: Vec<Field>,
    action: &'static str,
    /// The public page explains the review in plain words first.
    public: bool,
    threshold: u32,
    window_months: u32,
    hate_variant: bool,
    households: Option<u32>,
    acknowledge: u32,
    decision: u32,
    meeting: u32,
    outcome: u32,
    matter: String,
}

async fn apply_page(
    state: &AppState,
    tenant: &Tenant,
    layout: Layout,
    csrf: String,
    f: &Fields,
    errors: Errors,
    staff: bool,
) -> Result<Response, AppError> {
    let book = state.store().review_rule_book(tenant.id).await?;
    let rules = book.in_force(today()).clone();
    let mut layout = layout;
    layout.has_errors = errors.any();
    render(&ApplyPage {
        layout,
        csrf,
        errors,
        fields: fields(f, staff),
        action: if staff { "/case-reviews/new" } else { "/case-review" },
        public: !staff,
        threshold: rules.threshold,
        window_months: rules.window_months,
        hate_variant: rules.hate_incident_triggers,
        households: rules.different_households,
        acknowledge: rules.timescales.acknowledge,
        decision: rules.timescales.decision,
        meeting: rules.timescales.meeting,
        outcome: rules.timescales.outcome,
        matter: f.get("matter").to_string(),
    })
}

/// `/case-review`: the right explained, and the application form.
pub async fn public_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    let (tenant, _) = crate::report::intake(&state, &headers).await?;
    let f = Fields(vec![]);
    apply_page(&state, &tenant, Layout::public("Apply for an ASB Case Review"), csrf, &f, Errors::default(), false)
        .await
}

pub async fn public_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    client: crate::limits::Client,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (tenant, _) = crate::report::intake(&state, &headers).await?;
    let f = Fields(raw);
    match check(&tenant, &f, false) {
        Err(errors) => {
            let layout = Layout::public("Apply for an ASB Case Review");
            apply_page(&state, &tenant, layout, csrf, &f, Errors(errors), false).await
        }
        Ok((review, applicant, preferred)) => {
            // Counted once the form is complete: a mistake does not use up the allowance.
            state.limit(crate::Bucket::Public, &client)?;
            let reference = submit(&state, &tenant, review, applicant, &preferred).await?;
            Ok(Redirect::to(&format!("/case-review/sent?reference={reference}")).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "case_review/sent.html")]
struct SentPage {
    layout: Layout,
    reference: String,
}

#[derive(serde::Deserialize)]
pub struct SentQuery {
    #[serde(default)]
    reference: String,
}

/// `/case-review/sent`: the application's reference (echoed, never looked up).
pub async fn sent(Query(q): Query<SentQuery>) -> Result<Response, AppError> {
    let ok = (12..=16).contains(&q.reference.len())
        && q.reference.starts_with("CR-")
        && q.reference[3..].chars().all(|c| c.is_ascii_digit() || c == '-');
    render(&SentPage {
        layout: Layout::public("Application sent"),
        reference: if ok { q.reference } else { String::new() },
    })
}

#[derive(serde::Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    matter: String,
}

/// `/case-reviews/new`: staff record an application, perhaps for a detected matter (its
/// complaints' references filled in).
pub async fn staff_form(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    runs_reviews(&staff)?;
    let tenant = state.store().tenant(staff.user.tenant).await?.ok_or(AppError::NotFound)?;
    let t = today();
    let mut values = vec![
        ("applied_on_day".to_string(), t.day().to_string()),
        ("applied_on_month".to_string(), t.month().to_string()),
        ("applied_on_year".to_string(), t.year().to_string()),
    ];
    if let Ok(matter) = serde_json::from_str::<Matter>(&q.matter)
        && let Some(found) = super::detected::find(&state, tenant.id, &matter).await?
    {
        let refs: Vec<String> = found
            .complaints
            .iter()
            .map(|c| c.reference.to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        values.push(("cases".into(), refs.join(", ")));
        values.push(("matter".into(), q.matter.clone()));
        values.push(("applied_by".into(), "staff".into()));
    }
    let layout = staff.layout("Record an application for a case review", "/case-reviews");
    apply_page(&state, &tenant, layout, csrf, &Fields(values), Errors::default(), true).await
}

pub async fn staff_submit(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    runs_reviews(&staff)?;
    let tenant = state.store().tenant(staff.user.tenant).await?.ok_or(AppError::NotFound)?;
    let f = Fields(raw);
    match check(&tenant, &f, true) {
        Err(errors) => {
            let layout = staff.layout("Record an application for a case review", "/case-reviews");
            apply_page(&state, &tenant, layout, csrf, &f, Errors(errors), true).await
        }
        Ok((review, applicant, preferred)) => {
            let reference = submit(&state, &tenant, review, applicant, &preferred).await?;
            Ok(Redirect::to(&format!("/case-reviews/{reference}")).into_response())
        }
    }
}
