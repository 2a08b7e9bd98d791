//! The question pages. Each GET shows the page filled from the draft; each POST checks the
//! answers with the domain's rules and either shows the errors with what was typed, or saves
//! and moves on (back to "check your answers" once everything has been answered).
use super::draft::{Journey, path};
use super::fields::{Errors, Fields};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use asbcase_domain::case::HateStrand;
use asbcase_domain::questionnaire::{HATE_KEY, Questionnaire};
use asbcase_domain::report::{self, ContactChoice, ContactForm, FREQUENCIES, PREFERRED, WhatForm};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

/// Where to go after a page is answered.
fn next(j: &Journey) -> String {
    j.draft.next_step().map(path).unwrap_or_else(|| path("check"))
}

/// Save the answers and go to the next page.
async fn advance(state: &AppState, j: &mut Journey) -> Result<Response, AppError> {
    let to = next(j);
    j.save_and_go(state, &to, state.secure_cookies()).await
}

/// A page may be shown only once the ones before it are answered.
fn guard(j: &Journey, step: &str) -> Option<Response> {
    const ORDER: [&str; 7] = ["danger", "what", "where", "risk", "about", "evidence", "contact"];
    let due = j.draft.next_step().unwrap_or("check");
    let pos = |s: &str| ORDER.iter().position(|x| *x == s).unwrap_or(ORDER.len());
    (pos(step) > pos(due)).then(|| Redirect::to(&path(due)).into_response())
}

fn layout(title: &str, errors: &Errors) -> Layout {
    let mut l = Layout::public(title);
    l.has_errors = errors.any();
    l
}

pub struct DateField {
    pub field: &'static str,
    pub legend: &'static str,
    pub parts: [String; 3],
}

pub struct InputField {
    pub field: &'static str,
    pub label: &'static str,
    pub value: String,
    pub kind: &'static str,
    pub auto: &'static str,
}

pub struct Choice {
    pub value: String,
    pub text: String,
    pub hint: String,
    pub checked: bool,
}

fn choices(options: &[(&str, &str)], chosen: &str) -> Vec<Choice> {
    options
        .iter()
        .map(|(v, t)| Choice { value: v.to_string(), text: t.to_string(), hint: String::new(), checked: *v == chosen })
        .collect()
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

// --- start and danger ---

#[derive(Template)]
#[template(path = "report/start.html")]
struct StartPage {
    layout: Layout,
    organisation: String,
}

pub async fn start(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let j = Journey::load(&state, &headers).await?;
    render(&StartPage { layout: Layout::public("Report anti-social behaviour"), organisation: j.organisation.name })
}

#[derive(Template)]
#[template(path = "report/danger.html")]
struct DangerPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    answer: String,
}

pub async fn danger_page(CsrfToken(csrf): CsrfToken) -> Result<Response, AppError> {
    render(&DangerPage {
        layout: Layout::public("Is anyone in danger now?"),
        csrf,
        errors: Errors::default(),
        answer: String::new(),
    })
}

pub async fn danger(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(f): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = Fields(f);
    match f.get("danger") {
        "yes" => Ok(Redirect::to("/report/emergency").into_response()),
        "no" => {
            let mut j = Journey::load(&state, &headers).await?;
            j.draft.danger_checked = true;
            advance(&state, &mut j).await
        }
        _ => {
            let errors = Errors(vec![report::FieldError {
                field: "danger".into(),
                message: "Select yes if someone is in danger or a crime is happening now".into(),
            }]);
            render(&DangerPage {
                layout: layout("Is anyone in danger now?", &errors),
                csrf,
                errors,
                answer: String::new(),
            })
        }
    }
}

#[derive(Template)]
#[template(path = "report/emergency.html")]
struct EmergencyPage {
    layout: Layout,
}

pub async fn emergency() -> Result<Response, AppError> {
    render(&EmergencyPage { layout: Layout::public("Call 999 now") })
}

// --- what is happening ---

#[derive(Template)]
#[template(path = "report/what.html")]
struct WhatPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    categories: Vec<Choice>,
    description: String,
    dates: Vec<DateField>,
    how_often: Vec<Choice>,
    happening_now: String,
    max: usize,
}

async fn what_view(
    state: &AppState,
    j: &Journey,
    csrf: String,
    f: Option<&Fields>,
    errors: Errors,
) -> Result<Response, AppError> {
    let catalogue = state.store().categories(j.tenant.id).await?;
    let saved = j.draft.what.clone().unwrap_or_default();
    let date_parts = |d: Option<jiff::civil::Date>| {
        d.map_or([String::new(), String::new(), String::new()], |d| {
            [d.day().to_string(), d.month().to_string(), d.year().to_string()]
        })
    };
    let (chosen, description, started, last, how_often, now) = match f {
        Some(f) => (
            f.all("categories"),
            f.get("description").to_string(),
            [f.get("started_day").into(), f.get("started_month").into(), f.get("started_year").into()],
            [f.get("last_day").into(), f.get("last_month").into(), f.get("last_year").into()],
            f.get("how_often").to_string(),
            f.get("happening_now").to_string(),
        ),
        None => (
            saved.categories.clone(),
            saved.description.clone(),
            date_parts(saved.started),
            date_parts(saved.last_happened),
            saved.how_often.clone(),
            if j.draft.what.is_some() { yes_no(Some(saved.happening_now)).to_string() } else { String::new() },
        ),
    };
    render(&WhatPage {
        layout: layout("What is happening?", &errors),
        csrf,
        categories: catalogue
            .iter()
            .map(|c| Choice {
                value: c.code.clone(),
                text: c.name.clone(),
                hint: c.explanation.clone(),
                checked: chosen.contains(&c.code),
            })
            .collect(),
        description,
        dates: vec![
            DateField { field: "started", legend: "When did it start? (optional)", parts: started },
            DateField { field: "last", legend: "When did it last happen? (optional)", parts: last },
        ],
        how_often: choices(&FREQUENCIES, &how_often),
        happening_now: now,
        errors,
        max: report::DESCRIPTION_MAX,
    })
}

pub async fn what_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    let j = Journey::load(&state, &headers).await?;
    if let Some(r) = guard(&j, "what") {
        return Ok(r);
    }
    what_view(&state, &j, csrf, None, Errors::default()).await
}

pub async fn what(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(f): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut j = Journey::load(&state, &headers).await?;
    let f = Fields(f);
    let form = WhatForm {
        categories: f.all("categories"),
        description: f.get("description").into(),
        started_day: f.get("started_day").into(),
        started_month: f.get("started_month").into(),
        started_year: f.get("started_year").into(),
        how_often: f.get("how_often").into(),
        last_day: f.get("last_day").into(),
        last_month: f.get("last_month").into(),
        last_year: f.get("last_year").into(),
        happening_now: f.get("happening_now").into(),
    };
    let catalogue = state.store().categories(j.tenant.id).await?;
    let today = jiff::Timestamp::now().to_zoned(asbcase_domain::time::london()).date();
    match report::check_what(&form, &catalogue, today) {
        Ok(w) => {
            j.draft.what = Some(w);
            advance(&state, &mut j).await
        }
        Err(errors) => what_view(&state, &j, csrf, Some(&f), Errors(errors)).await,
    }
}

// --- where ---

#[derive(Template)]
#[template(path = "report/where.html")]
struct WherePage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    address: String,
    postcode: String,
    latitude: String,
    longitude: String,
}

pub async fn where_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    let j = Journey::load(&state, &headers).await?;
    if let Some(r) = guard(&j, "where") {
        return Ok(r);
    }
    let saved = j.draft.place.clone().unwrap_or_default();
    render(&WherePage {
        layout: Layout::public("Where is it happening?"),
        csrf,
        errors: Errors::default(),
        address: saved.address,
        postcode: saved.postcode.map(|p| p.as_str().to_string()).unwrap_or_default(),
        latitude: saved.point.map(|p| p.latitude.to_string()).unwrap_or_default(),
        longitude: saved.point.map(|p| p.longitude.to_string()).unwrap_or_default(),
    })
}

pub async fn where_(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(f): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut j = Journey::load(&state, &headers).await?;
    let f = Fields(f);
    let place = report::check_where(f.get("address"), f.get("postcode"));
    let point = asbcase_domain::location::check_point(f.get("latitude"), f.get("longitude"));
    match (place, point) {
        (Ok(w), Ok(point)) => {
            j.draft.place = Some(report::Where { point, ..w });
            advance(&state, &mut j).await
        }
        (place, point) => {
            let errors = Errors(place.err().into_iter().chain(point.err()).flatten().collect());
            render(&WherePage {
                layout: layout("Where is it happening?", &errors),
                csrf,
                errors,
                address: f.get("address").into(),
                postcode: f.get("postcode").into(),
                latitude: f.get("latitude").into(),
                longitude: f.get("longitude").into(),
            })
        }
    }
}

// --- the risk questionnaire ---

pub struct QuestionView {
    pub key: String,
    pub text: String,
    pub hint: String,
    pub answer: String,
    pub is_hate: bool,
}

#[derive(Template)]
#[template(path = "report/risk.html")]
struct RiskPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    questions: Vec<QuestionView>,
    strands: Vec<Choice>,
}

fn risk_view(
    q: &Questionnaire,
    csrf: String,
    answers: &dyn Fn(&str) -> String,
    strands: &[String],
    errors: Errors,
) -> Result<Response, AppError> {
    render(&RiskPage {
        layout: layout("How is it affecting you?", &errors),
        csrf,
        questions: q
            .questions
            .iter()
            .map(|x| QuestionView {
                key: x.key.clone(),
                text: x.text.clone(),
                hint: x.hint.clone(),
                answer: answers(&x.key),
                is_hate: x.key == HATE_KEY,
            })
            .collect(),
        strands: HateStrand::ALL
            .iter()
            .map(|h| Choice {
                value: h.as_str().into(),
                text: h.label().into(),
                hint: String::new(),
                checked: strands.iter().any(|s| s == h.as_str()),
            })
            .collect(),
        errors,
    })
}

pub async fn risk_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    let j = Journey::load(&state, &headers).await?;
    if let Some(r) = guard(&j, "risk") {
        return Ok(r);
    }
    let saved = j.draft.risk.clone();
    let answer = |key: &str| match &saved {
        Some(a) => yes_no(Some(a.yes.iter().any(|k| k == key))).to_string(),
        None => String::new(),
    };
    let strands: Vec<String> =
        saved.as_ref().map(|a| a.hate_strands.iter().map(|h| h.as_str().to_string()).collect()).unwrap_or_default();
    let q = state.store().questionnaire(j.tenant.id).await?;
    risk_view(&q, csrf, &answer, &strands, Errors::default())
}

pub async fn risk(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(f): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut j = Journey::load(&state, &headers).await?;
    let f = Fields(f);
    let q = state.store().questionnaire(j.tenant.id).await?;
    let strands = f.all("hate_strands");
    match report::check_risk(&q, &f.0, &strands) {
        Ok(a) => {
            j.draft.risk = Some(a);
            advance(&state, &mut j).await
        }
        Err(errors) => risk_view(&q, csrf, &|k: &str| f.get(k).to_string(), &strands, Errors(errors)),
    }
}

// --- who it is about ---

#[derive(Template)]
#[template(path = "report/about.html")]
struct AboutPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    known: String,
    description: String,
}

pub async fn about_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    let j = Journey::load(&state, &headers).await?;
    if let Some(r) = guard(&j, "about") {
        return Ok(r);
    }
    let saved = j.draft.about.clone();
    render(&AboutPage {
        layout: Layout::public("Do you know who is doing it?"),
        csrf,
        errors: Errors::default(),
        known: yes_no(saved.as_ref().map(|a| a.known)).into(),
        description: saved.map(|a| a.description).unwrap_or_default(),
    })
}

pub async fn about(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(f): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut j = Journey::load(&state, &headers).await?;
    let f = Fields(f);
    match report::check_about(f.get("known"), f.get("about_description")) {
        Ok(a) => {
            j.draft.about = Some(a);
            advance(&state, &mut j).await
        }
        Err(errors) => {
            let errors = Errors(errors);
            render(&AboutPage {
                layout: layout("Do you know who is doing it?", &errors),
                csrf,
                errors,
                known: f.get("known").into(),
                description: f.get("about_description").into(),
            })
        }
    }
}

// --- contact or anonymous ---

#[derive(Template)]
#[template(path = "report/contact.html")]
struct ContactPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    anonymous: String,
    inputs: Vec<InputField>,
    address: String,
    preferred: Vec<Choice>,
    safe_times: String,
}

fn inputs(name: String, email: String, phone: String) -> Vec<InputField> {
    vec![
        InputField { field: "name", label: "Your name", value: name, kind: "text", auto: "name" },
        InputField { field: "email", label: "Email address", value: email, kind: "email", auto: "email" },
        InputField { field: "phone", label: "Phone number", value: phone, kind: "tel", auto: "tel" },
    ]
}

pub async fn contact_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    let j = Journey::load(&state, &headers).await?;
    if let Some(r) = guard(&j, "contact") {
        return Ok(r);
    }
    let (anonymous, c) = match &j.draft.contact {
        None => (String::new(), Default::default()),
        Some(ContactChoice::Anonymous) => ("yes".to_string(), Default::default()),
        Some(ContactChoice::Contact(c)) => ("no".to_string(), c.clone()),
    };
    let c: report::ContactDetails = c;
    render(&ContactPage {
        layout: Layout::public("Can we contact you?"),
        csrf,
        errors: Errors::default(),
        anonymous,
        inputs: inputs(c.name, c.email.unwrap_or_default(), c.phone.unwrap_or_default()),
        address: c.address.unwrap_or_default(),
        preferred: choices(&PREFERRED, &c.preferred),
        safe_times: c.safe_times,
    })
}

pub async fn contact(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(f): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut j = Journey::load(&state, &headers).await?;
    let f = Fields(f);
    let form = ContactForm {
        anonymous: f.get("anonymous").into(),
        name: f.get("name").into(),
        email: f.get("email").into(),
        phone: f.get("phone").into(),
        address: f.get("contact_address").into(),
        preferred: f.get("preferred").into(),
        safe_times: f.get("safe_times").into(),
    };
    match report::check_contact(&form) {
        Ok(c) => {
            j.draft.contact = Some(ContactChoice::from_checked(c));
            advance(&state, &mut j).await
        }
        Err(errors) => {
            let errors = Errors(errors);
            render(&ContactPage {
                layout: layout("Can we contact you?", &errors),
                csrf,
                errors,
                anonymous: form.anonymous,
                inputs: inputs(form.name, form.email, form.phone),
                address: form.address,
                preferred: choices(&PREFERRED, &form.preferred),
                safe_times: form.safe_times,
            })
        }
    }
}
