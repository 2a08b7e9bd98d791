//! `/case-review/feedback/{token}`: the applicant says how satisfied they are with how their
//! review was handled, once, through the link sent with the outcome. The page shows nothing
//! about the review but its reference.
use super::today;
use crate::cases::form::{Choice, Field, Kind};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::case_review::{ApplicantFeedback, ReviewError, ReviewStep};
use asbcase_domain::report::FieldError;
use asbcase_domain::survey::Satisfaction;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use sha2::{Digest, Sha256};

#[derive(Template)]
#[template(path = "case_review/feedback.html")]
struct FeedbackPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    fields: Vec<Field>,
    action: String,
    reference: String,
    /// "" while the form is open; else why it is not ("thanks", "used", "expired", "unknown").
    state: &'static str,
}

fn fields(f: &Fields) -> Vec<Field> {
    vec![
        Field::radios(
            "handling",
            "How satisfied are you with how your application for a case review was handled?",
            Satisfaction::ALL.iter().map(|s| Choice::new(s.as_str(), s.label())).collect(),
        )
        .from(f),
        Field::textarea("comments", "Anything you would like to tell us (optional)").from(f),
    ]
}

/// The review a token opens, and whether the form is still open; none for a link that is not
/// one of ours (mistyped, or cut short by an email program).
async fn open(state: &AppState, token: &str) -> Result<Option<(asbcase_store::StoredReview, &'static str)>, AppError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let hash = hex::encode(Sha256::digest(token.as_bytes()));
    let store = state.store();
    let Some((tenant, id, expires, used)) = store.review_link(&hash).await? else { return Ok(None) };
    let Some(review) = store.case_reviews(tenant).await?.into_iter().find(|r| r.review.id.0 == id) else {
        return Ok(None);
    };
    let state = if used || review.review.feedback.is_some() {
        "used"
    } else if asbcase_domain::time::now() > expires {
        "expired"
    } else {
        ""
    };
    Ok(Some((review, state)))
}

fn page(
    csrf: String,
    token: &str,
    reference: String,
    state: &'static str,
    f: &Fields,
    errors: Errors,
) -> Result<Response, AppError> {
    let mut layout = Layout::public("Your case review: tell us what you thought");
    layout.has_errors = errors.any();
    render(&FeedbackPage {
        layout,
        csrf,
        errors,
        fields: fields(f),
        action: format!("/case-review/feedback/{token}"),
        reference,
        state,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    match open(&state, &token).await? {
        Some((r, open_state)) => page(csrf, &token, r.reference, open_state, &Fields(vec![]), Errors::default()),
        None => page(csrf, &token, String::new(), "unknown", &Fields(vec![]), Errors::default()),
    }
}

pub async fn answer(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Path(token): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = Fields(raw);
    let hash = hex::encode(Sha256::digest(token.as_bytes()));
    // Staff may change the review at the same moment: then the answer is recorded on the review
    // as it is now. The link is spent in the same transaction, so an answer is never lost and
    // never recorded twice.
    for _ in 0..3 {
        let Some((mut r, open_state)) = open(&state, &token).await? else {
            return page(csrf, &token, String::new(), "unknown", &f, Errors::default());
        };
        if !open_state.is_empty() {
            return page(csrf, &token, r.reference, open_state, &f, Errors::default());
        }
        let answers = match ApplicantFeedback::check(f.get("handling"), f.get("comments")) {
            Ok(a) => a,
            Err(ReviewError::Problems(p)) => {
                let errors = p.into_iter().map(|p| FieldError { field: p.field, message: p.message }).collect();
                return page(csrf, &token, r.reference, "", &f, Errors(errors));
            }
            Err(e) => return Err(AppError::BadRequest(e.to_string())),
        };
        let step = ReviewStep::FeedbackGiven { on: today(), answers };
        if r.review.record(step.clone(), today()).is_err() {
            return page(csrf, &token, r.reference, "used", &f, Errors::default());
        }
        let now = asbcase_domain::time::now();
        match state
            .store()
            .save_review_steps(
                &r,
                &asbcase_store::ReviewChange {
                    steps: &[step],
                    actor: None,
                    at: now,
                    messages: &[],
                    new_link: None,
                    spend_link: Some(&hash),
                },
            )
            .await
        {
            Ok(()) => return page(csrf, &token, r.reference, "thanks", &f, Errors::default()),
            Err(asbcase_store::StoreError::Conflict) => continue,
            Err(asbcase_store::StoreError::Duplicate(_)) => {
                return page(csrf, &token, r.reference, "used", &f, Errors::default());
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::BadRequest("The review is being changed by several people at once: send your answers again.".into()))
}
