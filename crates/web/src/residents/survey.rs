//! `/survey/{token}`: the satisfaction survey a complainant is invited to when their case
//! closes. The link works until the survey is answered or it expires; one response per case.
use super::links::{hash, well_formed};
use super::{ResidentForm, form_page};
use crate::cases::form::{Choice, Field, rule_book};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render, render_with_status};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::case::Case;
use asbcase_domain::event::Change;
use asbcase_domain::survey::{self, KeptInformed, ReportAgain, Satisfaction};
use asbcase_domain::tracker::LinkPurpose;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

#[derive(Template)]
#[template(path = "residents/survey_closed.html")]
struct Closed {
    layout: Layout,
    answered: bool,
}

#[derive(Template)]
#[template(path = "residents/survey_thanks.html")]
struct Thanks {
    layout: Layout,
}

fn closed(answered: bool) -> Response {
    let title = if answered { "You have already answered this survey" } else { "This survey link no longer works" };
    render_with_status(StatusCode::GONE, &Closed { layout: Layout::public(title), answered })
}

fn choices<T: Copy>(all: &[T], value: impl Fn(T) -> (&'static str, &'static str)) -> Vec<Choice> {
    all.iter().map(|v| value(*v)).map(|(v, t)| Choice::new(v, t)).collect()
}

fn survey_form<'a>(action: &'a str, f: &Fields) -> ResidentForm<'a> {
    let satisfaction = || choices(Satisfaction::ALL, |s| (s.as_str(), s.label()));
    ResidentForm {
        caption: "Your case has closed",
        heading: "How did we do?",
        intro: "5 short questions about how we handled your case. Your answers help us improve the service.",
        action,
        back: "",
        button: "Send answers",
        fields: vec![
            Field::radios("handling", "How satisfied are you with how we handled your case?", satisfaction()).from(f),
            Field::radios(
                "kept_informed",
                "Did we keep you informed about what was happening?",
                choices(KeptInformed::ALL, |k| (k.as_str(), k.label())),
            )
            .from(f),
            Field::radios("outcome", "How satisfied are you with the outcome?", satisfaction()).from(f),
            Field::radios(
                "report_again",
                "Would you report anti-social behaviour to us again?",
                choices(ReportAgain::ALL, |r| (r.as_str(), r.label())),
            )
            .from(f),
            Field::textarea("comments", "Is there anything else you would like to tell us? (optional)")
                .hint("Please do not include anyone's name or address.")
                .from(f),
        ],
    }
}

/// The case a survey link is for, while it can still be answered.
async fn open_survey(state: &AppState, headers: &HeaderMap, token: &str) -> Result<Result<Case, Response>, AppError> {
    if !well_formed(token) {
        return Ok(Err(closed(false)));
    }
    let now = asbcase_domain::time::now();
    let here = super::visit::host_tenant(state, headers).await;
    let link = match state.store().resident_link(&hash(token)).await? {
        Some(l) if l.purpose == LinkPurpose::Survey && Some(l.tenant) == here => l,
        _ => return Ok(Err(closed(false))),
    };
    let Some(case) = state.store().case(link.tenant, link.case).await? else { return Ok(Err(closed(false))) };
    if case.casework.survey.is_some() || link.used_at.is_some() {
        return Ok(Err(closed(true)));
    }
    if link.expires_at <= now || !case.casework.survey_invited {
        return Ok(Err(closed(false)));
    }
    Ok(Ok(case))
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    match open_survey(&state, &headers, &token).await? {
        Ok(_) => {
            let action = format!("/survey/{token}");
            form_page(&csrf, &survey_form(&action, &Fields(vec![])), &Errors::default())
        }
        Err(page) => Ok(page),
    }
}

pub async fn answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    Path(token): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut case = match open_survey(&state, &headers, &token).await? {
        Ok(case) => case,
        Err(page) => return Ok(page),
    };
    let f = Fields(raw);
    let response = match survey::check(
        f.get("handling"),
        f.get("kept_informed"),
        f.get("outcome"),
        f.get("report_again"),
        f.get("comments"),
    ) {
        Ok(r) => r,
        Err(errors) => {
            let action = format!("/survey/{token}");
            return form_page(&csrf, &survey_form(&action, &f), &Errors(errors));
        }
    };
    let now = asbcase_domain::time::now();
    let book = rule_book(&state, &case).await?;
    if case.record(Change::SurveyAnswered { response }, None, now, &book.rules()).is_err() {
        return Ok(closed(true));
    }
    match state.store().save_survey_answers(&mut case, &hash(&token), now).await {
        Ok(()) => render(&Thanks { layout: Layout::public("Thank you for your answers") }),
        // Sent twice at once: the first was kept.
        Err(asbcase_store::StoreError::Conflict) => Ok(closed(true)),
        Err(e) => Err(e.into()),
    }
}
