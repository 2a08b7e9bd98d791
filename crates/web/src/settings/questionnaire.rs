//! `/settings/questionnaire`: the partnership's risk questionnaire, asked on the public report
//! form and at staff intake. Its questions, the score a "yes" adds, which answers make a report
//! high risk on their own, and the scores where the medium and high bands start. Saving makes
//! a new version; a version once stored is never edited, and each assessment keeps the version
//! that scored it. Set by the administrators of the organisation that takes reports, as the
//! questionnaire is the whole partnership's (like the categories).
use super::Change;
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::questionnaire::{HATE_KEY, Questionnaire};
use asbcase_domain::questionnaire_edit::{NEW_ROWS, Typed, TypedQuestion, check};
use asbcase_domain::report::FieldError;
use asbcase_domain::time::now;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

const PATH: &str = "/settings/questionnaire";
/// More rows than any questionnaire would have: a posted form is read no further.
const MOST_ROWS: usize = 100;

fn sets_questionnaire(staff: &Staff) -> Result<(), AppError> {
    if staff.publishes { Ok(()) } else { Err(AppError::Forbidden) }
}

struct Shown {
    text: String,
    hint: String,
    weight: u32,
    high_on_yes: bool,
}

struct Version {
    version: u32,
    stored: String,
    questions: usize,
    current: bool,
}

#[derive(Template)]
#[template(path = "settings/questionnaire.html")]
struct QuestionnairePage {
    layout: Layout,
    version: u32,
    questions: Vec<Shown>,
    medium_from: u32,
    high_from: u32,
    versions: Vec<Version>,
    changes: Vec<Change>,
    saved: Option<u32>,
}

/// One row of the form, as typed or as stored.
struct Row {
    field: String,
    /// The question's number as the form shows it ("Question 3", "New question 1").
    legend: String,
    key: String,
    text: String,
    hint: String,
    weight: String,
    high_on_yes: bool,
    remove: bool,
    /// The hate incident question cannot be removed.
    keeps: bool,
}

#[derive(Template)]
#[template(path = "settings/questionnaire_form.html")]
struct FormPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    based_on: u32,
    rows: Vec<Row>,
    medium_from: String,
    high_from: String,
}

/// `GET /settings/questionnaire` (with `?saved=N` after version N is stored).
pub async fn index(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    sets_questionnaire(&staff)?;
    let store = state.store();
    let tenant = staff.user.tenant;
    let current = store.questionnaire(tenant).await?;
    let versions = store
        .questionnaire_versions(tenant)
        .await?
        .into_iter()
        .rev()
        .map(|(q, at)| Version {
            version: q.version,
            stored: at.map_or("Built in".to_string(), asbcase_domain::time::human),
            questions: q.questions.len(),
            current: q.version == current.version,
        })
        .collect();
    let changes = store.questionnaire_changes(tenant, staff.user.organisation).await?;
    render(&QuestionnairePage {
        layout: staff.layout("Risk questionnaire", "/settings"),
        version: current.version,
        questions: current
            .questions
            .iter()
            .map(|q| Shown { text: q.text.clone(), hint: q.hint.clone(), weight: q.weight, high_on_yes: q.high_on_yes })
            .collect(),
        medium_from: current.medium_from,
        high_from: current.high_from,
        versions,
        changes: changes.into_iter().map(Change::from).collect(),
        saved: query.as_deref().and_then(|q| q.strip_prefix("saved=")).and_then(|v| v.parse().ok()),
    })
}

fn new_row(j: usize, f: Option<&Fields>) -> Row {
    let field = format!("n{j}");
    let get = |name: &str| f.map_or(String::new(), |f| f.get(&format!("{field}-{name}")).to_string());
    Row {
        legend: format!("New question {}", j + 1),
        key: String::new(),
        text: get("text"),
        hint: get("hint"),
        weight: get("weight"),
        high_on_yes: get("high") == "yes",
        remove: false,
        keeps: false,
        field,
    }
}

/// The form's rows for `q` as stored, then blank rows for new questions.
fn stored_rows(q: &Questionnaire) -> Vec<Row> {
    let mut rows: Vec<Row> = q
        .questions
        .iter()
        .enumerate()
        .map(|(i, x)| Row {
            field: format!("q{i}"),
            legend: format!("Question {}", i + 1),
            key: x.key.clone(),
            text: x.text.clone(),
            hint: x.hint.clone(),
            weight: x.weight.to_string(),
            high_on_yes: x.high_on_yes,
            remove: false,
            keeps: x.key == HATE_KEY,
        })
        .collect();
    rows.extend((0..NEW_ROWS).map(|j| new_row(j, None)));
    rows
}

/// The form's rows as posted: the existing questions (`q0`, `q1`, … while a key was sent),
/// then the new ones.
fn posted_rows(f: &Fields) -> Vec<Row> {
    let mut rows = vec![];
    for i in 0..MOST_ROWS {
        let field = format!("q{i}");
        let key = f.get(&format!("{field}-key"));
        if key.is_empty() {
            break;
        }
        let get = |name: &str| f.get(&format!("{field}-{name}")).to_string();
        rows.push(Row {
            legend: format!("Question {}", i + 1),
            key: key.to_string(),
            text: get("text"),
            hint: get("hint"),
            weight: get("weight"),
            high_on_yes: get("high") == "yes",
            remove: get("remove") == "yes",
            keeps: key == HATE_KEY,
            field,
        });
    }
    rows.extend((0..NEW_ROWS).map(|j| new_row(j, Some(f))));
    rows
}

fn form_page(
    staff: &Staff,
    csrf: String,
    based_on: u32,
    rows: Vec<Row>,
    (medium_from, high_from): (String, String),
    errors: Errors,
) -> Result<Response, AppError> {
    let mut page = FormPage {
        layout: staff.layout(&format!("Make version {} of the risk questionnaire", based_on + 1), "/settings"),
        csrf,
        errors,
        based_on,
        rows,
        medium_from,
        high_from,
    };
    page.layout.has_errors = page.errors.any();
    render(&page)
}

/// `GET /settings/questionnaire/new`: the current version to change.
pub async fn new(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    sets_questionnaire(&staff)?;
    let current = state.store().questionnaire(staff.user.tenant).await?;
    let cut_offs = (current.medium_from.to_string(), current.high_from.to_string());
    form_page(&staff, csrf, current.version, stored_rows(&current), cut_offs, Errors(vec![]))
}

/// The form again for `latest`, with what was changed on a form begun from `base` (an older
/// version) laid over it: only what the person changed from `base` is theirs, so a question or
/// score someone else changed meanwhile keeps its new value; questions added meanwhile appear,
/// questions removed meanwhile are gone, and new questions typed stay.
fn over(
    base: Option<&Questionnaire>,
    latest: &Questionnaire,
    typed: Vec<Row>,
    (medium_from, high_from): (String, String),
) -> (Vec<Row>, (String, String)) {
    let mut rows = stored_rows(latest);
    for row in rows.iter_mut() {
        if row.key.is_empty() {
            if let Some(t) = typed.iter().find(|t| t.key.is_empty() && t.field == row.field) {
                (row.text, row.hint, row.weight, row.high_on_yes) =
                    (t.text.clone(), t.hint.clone(), t.weight.clone(), t.high_on_yes);
            }
            continue;
        }
        let Some(t) = typed.iter().find(|t| t.key == row.key) else { continue };
        let was = base.and_then(|b| b.question(&row.key));
        let changed = |typed: &str, was: Option<String>| was.is_none_or(|w| w != typed);
        if changed(&t.text, was.map(|w| w.text.clone())) {
            row.text = t.text.clone();
        }
        if changed(&t.hint, was.map(|w| w.hint.clone())) {
            row.hint = t.hint.clone();
        }
        if changed(&t.weight, was.map(|w| w.weight.to_string())) {
            row.weight = t.weight.clone();
        }
        if was.is_none_or(|w| w.high_on_yes != t.high_on_yes) {
            row.high_on_yes = t.high_on_yes;
        }
        row.remove = t.remove;
    }
    let cut = |typed: String, was: Option<u32>, now: u32| {
        if was.is_some_and(|w| w.to_string() == typed) { now.to_string() } else { typed }
    };
    let cut_offs = (
        cut(medium_from, base.map(|b| b.medium_from), latest.medium_from),
        cut(high_from, base.map(|b| b.high_from), latest.high_from),
    );
    (rows, cut_offs)
}

/// A form-wide error (it points to the form): the form began from an older version.
fn stale(current: u32) -> FieldError {
    FieldError {
        field: "version".into(),
        message: format!(
            "Version {current} was stored while you were making your changes. Yours are below: check them against version {current}, then save again"
        ),
    }
}

/// `POST /settings/questionnaire`: check the form and store it as the next version.
pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    sets_questionnaire(&staff)?;
    let store = state.store();
    let tenant = staff.user.tenant;
    let f = Fields(raw);
    let rows = posted_rows(&f);
    let cut_offs = (f.get("medium_from").to_string(), f.get("high_from").to_string());
    let current = store.questionnaire(tenant).await?;
    if f.get("based_on") != current.version.to_string() {
        let base = match f.get("based_on").parse::<u32>() {
            Ok(v) => store.questionnaire_version(tenant, v).await?,
            Err(_) => None,
        };
        let (rows, cut_offs) = over(base.as_ref(), &current, rows, cut_offs);
        return form_page(&staff, csrf, current.version, rows, cut_offs, Errors(vec![stale(current.version)]));
    }
    let typed = Typed {
        questions: rows
            .iter()
            .map(|r| TypedQuestion {
                field: r.field.clone(),
                key: &r.key,
                text: &r.text,
                hint: &r.hint,
                weight: &r.weight,
                high_on_yes: r.high_on_yes,
                remove: r.remove,
            })
            .collect(),
        medium_from: &cut_offs.0,
        high_from: &cut_offs.1,
    };
    let next = match check(&current, &typed) {
        Ok(next) => next,
        Err(errors) => return form_page(&staff, csrf, current.version, rows, cut_offs, Errors(errors)),
    };
    let org = staff.user.organisation;
    let stored = match store.new_questionnaire_version(tenant, org, &current, &next, &staff.changed_by(), now()).await {
        Ok(q) => q,
        Err(asbcase_store::StoreError::Conflict) => {
            let latest = store.questionnaire(tenant).await?;
            let (rows, cut_offs) = over(Some(&current), &latest, rows, cut_offs);
            return form_page(&staff, csrf, latest.version, rows, cut_offs, Errors(vec![stale(latest.version)]));
        }
        Err(e) => return Err(e.into()),
    };
    tracing::info!(user = %staff.user.id, version = stored.version, "risk questionnaire version stored");
    Ok(Redirect::to(&format!("{PATH}?saved={}", stored.version)).into_response())
}

impl FormPage {
    /// The error, if any, for one input of a row (`part` is `text`, `weight`, …).
    fn err(&self, row: &Row, part: &str) -> Option<&str> {
        self.errors.get(&format!("{}-{part}", row.field))
    }
}
