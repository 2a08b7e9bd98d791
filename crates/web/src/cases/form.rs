//! One page shape for every change an officer makes to a case (record a contact, agree an
//! action, record an intervention, close…): a heading, GOV.UK form fields described as data,
//! and the error summary. Each form carries the case version it was drawn from, so a change
//! made meanwhile by someone else is never silently overwritten.
use crate::auth::Staff;
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::case::{Case, RuleBook, Status};
use asbcase_domain::event::Change;
use asbcase_domain::organisation::Role;
use asbcase_domain::report::FieldError;
use asbcase_domain::time::london;
use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;

/// A choice of a radio group, select or checkbox list.
pub struct Choice {
    pub value: String,
    pub text: String,
    pub hint: String,
}

impl Choice {
    pub fn new(value: impl Into<String>, text: impl Into<String>) -> Choice {
        Choice { value: value.into(), text: text.into(), hint: String::new() }
    }
}

pub enum Kind {
    Text {
        width: &'static str,
    },
    Textarea,
    Radios(Vec<Choice>),
    Select(Vec<Choice>),
    Checkboxes(Vec<Choice>),
    /// Day, month and year inputs named `{name}_day`, `{name}_month`, `{name}_year`.
    Date,
    /// A file upload (the form is then sent as multipart).
    File {
        accept: &'static str,
    },
}

pub struct Field {
    pub name: &'static str,
    pub label: String,
    pub hint: String,
    pub kind: Kind,
    /// What was typed or chosen (for checkboxes, every value ticked).
    pub values: Vec<String>,
    pub day: String,
    pub month: String,
    pub year: String,
}

impl Field {
    fn new(name: &'static str, label: &str, kind: Kind) -> Field {
        Field {
            name,
            label: label.into(),
            hint: String::new(),
            kind,
            values: vec![],
            day: String::new(),
            month: String::new(),
            year: String::new(),
        }
    }

    pub fn text(name: &'static str, label: &str) -> Field {
        Field::new(name, label, Kind::Text { width: "" })
    }

    pub fn short(name: &'static str, label: &str, width: &'static str) -> Field {
        Field::new(name, label, Kind::Text { width })
    }

    pub fn textarea(name: &'static str, label: &str) -> Field {
        Field::new(name, label, Kind::Textarea)
    }

    pub fn radios(name: &'static str, label: &str, choices: Vec<Choice>) -> Field {
        Field::new(name, label, Kind::Radios(choices))
    }

    pub fn select(name: &'static str, label: &str, choices: Vec<Choice>) -> Field {
        Field::new(name, label, Kind::Select(choices))
    }

    pub fn checkboxes(name: &'static str, label: &str, choices: Vec<Choice>) -> Field {
        Field::new(name, label, Kind::Checkboxes(choices))
    }

    pub fn file(name: &'static str, label: &str, accept: &'static str) -> Field {
        Field::new(name, label, Kind::File { accept })
    }

    pub fn date(name: &'static str, label: &str) -> Field {
        Field::new(name, label, Kind::Date).hint("For example, 21 11 2026")
    }

    pub fn hint(mut self, hint: &str) -> Field {
        self.hint = hint.into();
        self
    }

    /// Fill from what was posted (or from defaults given as a form).
    pub fn from(mut self, f: &Fields) -> Field {
        match self.kind {
            Kind::Date => {
                self.day = f.get(&format!("{}_day", self.name)).into();
                self.month = f.get(&format!("{}_month", self.name)).into();
                self.year = f.get(&format!("{}_year", self.name)).into();
            }
            Kind::Checkboxes(_) => self.values = f.all(self.name),
            _ => self.values = vec![f.get(self.name).to_string()],
        }
        self
    }

    pub fn value(&self) -> &str {
        self.values.first().map(String::as_str).unwrap_or("")
    }

    pub fn has(&self, v: &str) -> bool {
        self.values.iter().any(|x| x == v)
    }
}

#[derive(Template)]
#[template(path = "case_form.html")]
struct FormPage<'a> {
    layout: Layout,
    csrf: &'a str,
    errors: &'a Errors,
    reference: String,
    heading: &'a str,
    intro: &'a str,
    action: &'a str,
    version: i64,
    fields: &'a [Field],
    button: &'a str,
    multipart: bool,
}

/// What a case form says around its fields.
pub struct Form<'a> {
    pub heading: &'a str,
    pub intro: &'a str,
    /// Where it posts.
    pub action: String,
    pub button: &'a str,
    pub fields: Vec<Field>,
}

pub fn page(staff: &Staff, csrf: &str, case: &Case, form: &Form, errors: &Errors) -> Result<Response, AppError> {
    // The triage decision belongs to the Triage section; every other form to Cases.
    let section = if form.action.ends_with("/triage") { "/triage" } else { "/cases" };
    let mut layout = staff.layout(&format!("{} – {}", form.heading, case.reference), section);
    layout.has_errors = errors.any();
    render(&FormPage {
        layout,
        csrf,
        errors,
        reference: case.reference.to_string(),
        heading: form.heading,
        intro: form.intro,
        action: &form.action,
        version: case.version,
        fields: &form.fields,
        button: form.button,
        multipart: form.fields.iter().any(|f| matches!(f.kind, Kind::File { .. })),
    })
}

/// The case, if this member of staff may work on it: a case officer or team manager of the
/// organisation that holds it.
pub async fn workable(state: &AppState, staff: &Staff, reference: &str) -> Result<Case, AppError> {
    if !(staff.has(Role::CaseOfficer) || staff.has(Role::TeamManager)) {
        return Err(AppError::Forbidden);
    }
    super::access::own_case(state, staff, reference).await
}

/// An open (not closed) case this member of staff may work on.
pub async fn open_for_work(state: &AppState, staff: &Staff, reference: &str) -> Result<Case, AppError> {
    let case = workable(state, staff, reference).await?;
    if case.status == Status::Closed {
        return Err(AppError::BadRequest(format!("{} is closed: reopen it before changing it.", case.reference)));
    }
    Ok(case)
}

pub fn error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// Today in London.
pub fn today() -> Date {
    jiff::Timestamp::now().to_zoned(london()).date()
}

/// Read a date field; `required` says whether it may be left blank.
pub fn date(f: &Fields, name: &str, what: &str, required: bool, errors: &mut Vec<FieldError>) -> Option<Date> {
    let get = |part: &str| f.get(&format!("{name}_{part}")).trim().to_string();
    let (d, m, y) = (get("day"), get("month"), get("year"));
    if d.is_empty() && m.is_empty() && y.is_empty() {
        if required {
            errors.push(error(name, format!("Enter {what}")));
        }
        return None;
    }
    let parsed = (d.parse::<i8>(), m.parse::<i8>(), y.parse::<i16>());
    match parsed {
        (Ok(d), Ok(m), Ok(y)) if (1900..=2100).contains(&y) => match Date::new(y, m, d) {
            Ok(date) => Some(date),
            Err(_) => {
                errors.push(error(name, format!("{} must be a real date", capitalise(what))));
                None
            }
        },
        _ => {
            errors.push(error(name, format!("{} must be a real date, like 21 11 2026", capitalise(what))));
            None
        }
    }
}

/// The sentence with its first letter in capitals (rules' messages start lower case).
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// Text that must be given, within a limit.
pub fn required_text(f: &Fields, name: &str, what: &str, max: usize, errors: &mut Vec<FieldError>) -> String {
    let v = f.get(name).trim();
    if v.is_empty() {
        errors.push(error(name, format!("Enter {what}")));
    } else if v.chars().count() > max {
        errors.push(error(name, format!("{} must be {max} characters or fewer", capitalise(what))));
    }
    v.to_string()
}

/// Whether the form was drawn from the case as it is now (its hidden `version`).
pub fn current(version: Option<i64>, case: &Case) -> bool {
    version == Some(case.version)
}

/// What to say when it was not.
pub fn stale(case: &Case) -> Errors {
    Errors(vec![error(
        "version",
        format!(
            "Someone else changed {} while you had this page open. Check the case, then make your change again.",
            case.reference
        ),
    )])
}

/// Record `changes` on the case and store it, unless the case moved on since the form was
/// drawn (`version` from the form) or a rule refuses: then the form comes back with the reason.
pub async fn commit(
    state: &AppState,
    staff: &Staff,
    mut case: Case,
    f: &Fields,
    changes: Vec<Change>,
    redisplay: impl FnOnce(&Case, Errors) -> Result<Response, AppError>,
) -> Result<Response, AppError> {
    if !current(f.get("version").parse().ok(), &case) {
        return redisplay(&case, stale(&case));
    }
    let book = rule_book(state, &case).await?;
    let rules = book.rules();
    let now = asbcase_domain::time::now();
    let before = case.clone();
    for change in &changes {
        if let Err(e) = case.record(change.clone(), Some(staff.user.id), now, &rules) {
            return redisplay(&before, Errors(vec![error("version", capitalise(&e.to_string()))]));
        }
    }
    // What the complainant is sent because of it (closing: told, perhaps invited to the
    // survey) is queued in the same transaction.
    let messages = crate::residents::notices::for_changes(state, &case, &changes, &staff.user.name, now).await?;
    match state.store().save_case_with_messages(&mut case, &messages).await {
        Ok(()) => Ok(Redirect::to(&format!("/cases/{}", case.reference)).into_response()),
        Err(asbcase_store::StoreError::Conflict) => redisplay(&before, stale(&before)),
        Err(e) => Err(e.into()),
    }
}

/// The rules for a case: its partnership's calendar and its organisation's service standards.
pub async fn rule_book(state: &AppState, case: &Case) -> Result<RuleBook, AppError> {
    let tenant = state.store().tenant(case.tenant).await?.ok_or(AppError::NotFound)?;
    rules_for(state, &tenant, case.organisation).await
}

/// The rules an organisation of a partnership works to.
pub async fn rules_for(
    state: &AppState,
    tenant: &asbcase_store::Tenant,
    org: asbcase_domain::OrganisationId,
) -> Result<RuleBook, AppError> {
    let standards = state.store().service_standards(tenant.id, org).await?;
    Ok(RuleBook::new(tenant.division, standards))
}
