//! The changes an officer makes to an open case, each on its own page: record a contact, add a
//! note, agree an action, request CCTV, record a cost, close and reopen; and the one-button
//! changes on the case page (an action done, evidence reviewed). Interventions are in
//! `interventions.rs`. Every form goes through [`form::commit`].
use super::decisions;
use super::form::{self, Choice, Field, Form, date, error, required_text, today};
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::case::{Case, Status};
use asbcase_domain::casework::{Action, parse_pounds};
use asbcase_domain::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use asbcase_domain::event::Change;
use asbcase_domain::report::FieldError;
use asbcase_domain::time::london;
use axum::extract::{Path, State};
use axum::response::Response;
use std::collections::HashMap;

/// What forms need to name the case's parties.
pub struct Ctx {
    /// (party id, "Grace Mensah (complainant)").
    pub parties: Vec<(String, String)>,
    pub catalogue: Vec<asbcase_domain::category::Category>,
    /// Officers who could hold the case, the suggested one first.
    pub officers: Vec<Choice>,
    /// The partnership's other organisations (id, name).
    pub partners: Vec<Choice>,
    /// The directory's active support services (id, name).
    pub services: Vec<Choice>,
}

impl Ctx {
    pub fn partners_to_choose(&self) -> Vec<Choice> {
        std::iter::once(Choice::new("", "Choose an organisation"))
            .chain(self.partners.iter().map(|c| Choice::new(c.value.clone(), c.text.clone())))
            .collect()
    }

    pub fn organisation_name(&self, id: asbcase_domain::OrganisationId) -> String {
        let id = id.to_string();
        self.partners.iter().find(|c| c.value == id).map_or_else(|| "A partner".into(), |c| c.text.clone())
    }
}

pub async fn context(state: &AppState, case: &Case) -> Result<Ctx, AppError> {
    let people = state.store().people(case.tenant, case.id).await?;
    let names: HashMap<_, _> = people.iter().map(|p| (p.id, p.name.clone())).collect();
    let parties = case
        .parties
        .iter()
        .map(|p| {
            let who = p
                .person
                .and_then(|id| names.get(&id).cloned())
                .or_else(|| p.description.clone())
                .unwrap_or_else(|| "not known".into());
            (p.id.0.to_string(), format!("{who} ({})", p.role.label().to_lowercase()))
        })
        .collect();
    let catalogue = state.store().categories(case.tenant).await?;
    let officers = super::triage::officers(state, case).await?;
    let store = state.store();
    let partners = store
        .organisations(case.tenant)
        .await?
        .into_iter()
        .filter(|o| o.id != case.organisation)
        .map(|o| Choice::new(o.id.to_string(), o.name))
        .collect();
    let services = store
        .support_services(case.tenant, false)
        .await?
        .into_iter()
        .map(|s| Choice::new(s.id.to_string(), s.name))
        .collect();
    Ok(Ctx { parties, catalogue, officers, partners, services })
}

type Build = fn(&Case, &Ctx, &Fields) -> Form<'static>;
type Parse = fn(&Case, &Ctx, &Fields, &mut Vec<FieldError>) -> Vec<Change>;

/// The forms, by the last part of their address.
fn lookup(name: &str) -> Option<(Build, Parse, bool)> {
    // (build, parse, needs an open case)
    Some(match name {
        "contact" => (contact_form, contact_parse, true),
        "note" => (note_form, note_parse, true),
        "action" => (action_form, action_parse, true),
        "cctv" => (cctv_form, cctv_parse, true),
        "cost" => (cost_form, cost_parse, true),
        "close" => (decisions::close_form, decisions::close_parse, true),
        "reopen" => (decisions::reopen_form, decisions::reopen_parse, false),
        "categories" => (decisions::categories_form, decisions::categories_parse, true),
        "assign" => (decisions::assign_form, decisions::assign_parse, true),
        "diary" => (diary_form, diary_parse, true),
        "intervention" => (super::interventions::new_form, super::interventions::new_parse, true),
        "share" => (super::partners::share_form, super::partners::share_parse, false),
        "unshare" => (super::partners::unshare_form, super::partners::unshare_parse, false),
        "refer" => (super::partners::refer_form, super::partners::refer_parse, true),
        "signpost" => (super::partners::signpost_form, super::partners::signpost_parse, true),
        _ => return None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path((reference, name)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (build, _, needs_open) = lookup(&name).ok_or(AppError::NotFound)?;
    let case = load(&state, &staff, &reference, needs_open, &name).await?;
    let ctx = context(&state, &case).await?;
    let mut form = build(&case, &ctx, &defaults(&case, &name));
    form.action = format!("/cases/{}/{name}", case.reference);
    form::page(&staff, &csrf, &case, &form, &Errors::default())
}

pub async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path((reference, name)): Path<(String, String)>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (build, parse, needs_open) = lookup(&name).ok_or(AppError::NotFound)?;
    let case = load(&state, &staff, &reference, needs_open, &name).await?;
    let ctx = context(&state, &case).await?;
    let action = format!("/cases/{}/{name}", case.reference);
    apply(&state, &staff, &csrf, case, &ctx, Fields(raw), build, parse, action).await
}

async fn load(
    state: &AppState,
    staff: &Staff,
    reference: &str,
    needs_open: bool,
    name: &str,
) -> Result<Case, AppError> {
    if needs_open {
        form::open_for_work(state, staff, reference).await
    } else {
        let case = form::workable(state, staff, reference).await?;
        if name == "reopen" && case.status != Status::Closed {
            return Err(AppError::BadRequest(format!("{} is not closed.", case.reference)));
        }
        Ok(case)
    }
}

/// Check the posted form, then record its changes (or show it again with what is wrong).
#[allow(clippy::too_many_arguments)]
pub async fn apply(
    state: &AppState,
    staff: &Staff,
    csrf: &str,
    case: Case,
    ctx: &Ctx,
    f: Fields,
    build: Build,
    parse: Parse,
    action: String,
) -> Result<Response, AppError> {
    let make = |c: &Case, f: &Fields| {
        let mut form = build(c, ctx, f);
        form.action = action.clone();
        form
    };
    let mut errors = vec![];
    let changes = parse(&case, ctx, &f, &mut errors);
    if !errors.is_empty() {
        return form::page(staff, csrf, &case, &make(&case, &f), &Errors(errors));
    }
    form::commit(state, staff, case, &f, changes, |c, e| form::page(staff, csrf, c, &make(c, &f), &e)).await
}

/// What a new form starts with: today's date where a date is asked.
fn defaults(case: &Case, name: &str) -> Fields {
    if name == "categories" {
        return Fields(case.categories.iter().map(|c| ("categories".to_string(), c.clone())).collect());
    }
    let t = today();
    let field = match name {
        "contact" => "contact_date",
        _ => return Fields(vec![]),
    };
    Fields(vec![
        (format!("{field}_day"), t.day().to_string()),
        (format!("{field}_month"), t.month().to_string()),
        (format!("{field}_year"), t.year().to_string()),
    ])
}

fn choices<T: Copy>(all: &[T], value: fn(T) -> &'static str, text: fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|v| Choice::new(value(*v), text(*v))).collect()
}

// --- contact ---

fn contact_form(_: &Case, _: &Ctx, f: &Fields) -> Form<'static> {
    Form {
        heading: "Record a contact",
        intro: "Record every attempt as well as every conversation. Only a successful contact with the complainant restarts the 10 working day clock.",
        action: String::new(),
        button: "Record contact",
        fields: vec![
            Field::radios("with", "Who with", choices(ContactWith::ALL, ContactWith::as_str, ContactWith::label))
                .from(f),
            Field::radios("method", "How", choices(ContactMethod::ALL, ContactMethod::as_str, ContactMethod::label))
                .from(f),
            Field::radios(
                "direction",
                "Who made contact",
                choices(Direction::ALL, Direction::as_str, Direction::label),
            )
            .from(f),
            Field::radios(
                "outcome",
                "Did you reach them?",
                choices(ContactOutcome::ALL, ContactOutcome::as_str, ContactOutcome::label),
            )
            .from(f),
            Field::date("contact_date", "When").from(f),
            Field::short("contact_time", "Time (optional)", "5").hint("For example, 14:30").from(f),
            Field::textarea("summary", "Summary").from(f),
        ],
    }
}

fn pick<T: Copy>(
    f: &Fields,
    name: &str,
    parse: fn(&str) -> Option<T>,
    message: &str,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let v = parse(f.get(name));
    if v.is_none() {
        errors.push(error(name, message));
    }
    v
}

fn contact_parse(_: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let with = pick(f, "with", ContactWith::parse, "Select who the contact was with", errors);
    let method = pick(f, "method", ContactMethod::parse, "Select how the contact was made", errors);
    let direction = pick(f, "direction", Direction::parse, "Select who made contact", errors);
    let outcome = pick(f, "outcome", ContactOutcome::parse, "Select whether you reached them", errors);
    let day = date(f, "contact_date", "the date of the contact", true, errors);
    let time = match f.get("contact_time").trim() {
        "" => None,
        t => match jiff::civil::Time::strptime("%H:%M", t) {
            Ok(t) => Some(t),
            Err(_) => {
                errors.push(error("contact_time", "Enter the time like 14:30"));
                None
            }
        },
    };
    let summary = required_text(f, "summary", "a summary of the contact", 2000, errors);
    let now = jiff::Timestamp::now();
    let at = day.and_then(|d| {
        let t = time.unwrap_or_else(|| {
            if d == today() { now.to_zoned(london()).time() } else { jiff::civil::time(12, 0, 0, 0) }
        });
        d.to_datetime(t).to_zoned(london()).ok().map(|z| z.timestamp())
    });
    if at.is_some_and(|at| at > now) {
        errors.push(error("contact_date", "The contact cannot be in the future"));
    }
    match (with, method, direction, outcome, at) {
        (Some(with), Some(method), Some(direction), Some(outcome), Some(at)) if errors.is_empty() => {
            vec![Change::ContactRecorded {
                contact: Contact { method, direction, outcome, with, summary, at: asbcase_domain::time::to_micros(at) },
            }]
        }
        _ => vec![],
    }
}

// --- note ---

fn note_form(_: &Case, _: &Ctx, f: &Fields) -> Form<'static> {
    Form {
        heading: "Add a note",
        intro: "Notes are for the case file: staff who may see the case can read them.",
        action: String::new(),
        button: "Add note",
        fields: vec![Field::textarea("text", "Note").from(f)],
    }
}

fn note_parse(_: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let text = required_text(f, "text", "the note", 5000, errors);
    vec![Change::NoteAdded { text }]
}

// --- action plan ---

fn action_form(_: &Case, _: &Ctx, f: &Fields) -> Form<'static> {
    Form {
        heading: "Add an action to the plan",
        intro: "The action plan is agreed with the complainant, and they see it on their case tracker: say what will be done, by whom and by when, without naming the person complained about or where they live.",
        action: String::new(),
        button: "Add action",
        fields: vec![
            Field::text("what", "What will be done").from(f),
            Field::text("owner", "Who will do it")
                .hint("An officer, the complainant, or a partner such as the police")
                .from(f),
            Field::date("due", "Due by").from(f),
        ],
    }
}

fn action_parse(_: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let what = required_text(f, "what", "what will be done", 500, errors);
    let owner = required_text(f, "owner", "who will do it", 200, errors);
    let due = date(f, "due", "the date it is due by", true, errors);
    if due.is_some_and(|d| d < today()) {
        errors.push(error("due", "The due date must be today or later"));
    }
    match due {
        Some(due) => {
            vec![Change::ActionAdded { action: Action { id: uuid::Uuid::new_v4(), what, owner, due, done_at: None } }]
        }
        None => vec![],
    }
}

// --- CCTV ---

fn cctv_form(_: &Case, _: &Ctx, f: &Fields) -> Form<'static> {
    Form {
        heading: "Request CCTV footage",
        intro: "Record the request here; the footage, when it comes, is evidence to review.",
        action: String::new(),
        button: "Record request",
        fields: vec![
            Field::text("from", "Who holds the footage").hint("For example, the estate office or the police").from(f),
            Field::text("place", "Which camera or place").from(f),
            Field::text("period", "Dates and times wanted").from(f),
        ],
    }
}

fn cctv_parse(_: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let from = required_text(f, "from", "who holds the footage", 200, errors);
    let place = required_text(f, "place", "which camera or place", 300, errors);
    let period = required_text(f, "period", "the dates and times wanted", 300, errors);
    vec![Change::CctvRequested { from, place, period }]
}

// --- costs ---

fn cost_form(_: &Case, _: &Ctx, f: &Fields) -> Form<'static> {
    Form {
        heading: "Record time or money spent",
        intro: "Officer time and spend (for example new locks or noise insulation) are added up for the case.",
        action: String::new(),
        button: "Record cost",
        fields: vec![
            Field::short("hours", "Officer time: hours", "3").from(f),
            Field::short("minutes", "Officer time: minutes", "3").from(f),
            Field::short("spend", "Money spent (£)", "10").hint("For example, 120.50").from(f),
            Field::text("what", "What it was for").from(f),
        ],
    }
}

fn cost_parse(_: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let number = |name: &str, max: u32, errors: &mut Vec<FieldError>| match f.get(name).trim() {
        "" => 0,
        v => match v.parse::<u32>() {
            Ok(n) if n <= max => n,
            _ => {
                errors.push(error(name, format!("Enter a whole number from 0 to {max}")));
                0
            }
        },
    };
    let minutes = number("hours", 24, errors) * 60 + number("minutes", 59, errors);
    let spend = match f.get("spend").trim() {
        "" => 0,
        v => parse_pounds(v).unwrap_or_else(|| {
            errors.push(error("spend", "Enter the money spent in pounds, like 120.50"));
            0
        }),
    };
    if errors.is_empty() && minutes == 0 && spend == 0 {
        errors.push(error("hours", "Enter the officer time or the money spent"));
    }
    let what = required_text(f, "what", "what it was for", 300, errors);
    vec![Change::CostRecorded { minutes, spend, what }]
}

// --- a diary entry taken down by staff (a paper diary sheet, or over the phone) ---

fn diary_form(_: &Case, _: &Ctx, f: &Fields) -> Form<'static> {
    Form {
        heading: "Add a diary entry",
        intro: "For entries from a paper diary sheet or given over the phone. It is flagged for review like any other evidence.",
        action: String::new(),
        button: "Add diary entry",
        fields: vec![
            Field::date("diary_date", "When did it happen?").from(f),
            Field::short("diary_time", "Time (optional)", "5").hint("For example, 11:30pm").from(f),
            Field::textarea("diary_what", "What happened").from(f),
            Field::textarea("diary_affected", "How it affected them (optional)").from(f),
        ],
    }
}

fn diary_parse(_: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    match asbcase_domain::evidence::check_diary(
        f.get("diary_date_day"),
        f.get("diary_date_month"),
        f.get("diary_date_year"),
        f.get("diary_time"),
        f.get("diary_what"),
        f.get("diary_affected"),
        today(),
    ) {
        Ok(entry) => vec![Change::DiaryEntryAdded { entry }],
        Err(e) => {
            errors.extend(e);
            vec![]
        }
    }
}

// --- one-button changes on the case page ---

async fn button(
    state: &AppState,
    staff: &Staff,
    reference: &str,
    raw: Vec<(String, String)>,
    change: impl FnOnce(&Case) -> Option<Change>,
) -> Result<Response, AppError> {
    let case = form::open_for_work(state, staff, reference).await?;
    let f = Fields(raw);
    let change = change(&case).ok_or(AppError::NotFound)?;
    let refused = |c: &Case, e: Errors| {
        let message = e.0.first().map(|e| e.message.clone()).unwrap_or_default();
        Err(AppError::BadRequest(format!("{} was not changed. {message}", c.reference)))
    };
    form::commit(state, staff, case, &f, vec![change], refused).await
}

pub async fn action_done(
    State(state): State<AppState>,
    staff: Staff,
    Path((reference, id)): Path<(String, String)>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    button(&state, &staff, &reference, raw, |c| {
        c.casework.actions.iter().any(|a| a.id == id).then_some(Change::ActionDone { id })
    })
    .await
}

pub async fn evidence_reviewed(
    State(state): State<AppState>,
    staff: Staff,
    Path((reference, seq)): Path<(String, i64)>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    button(&state, &staff, &reference, raw, |c| {
        c.casework.evidence.iter().any(|e| e.seq == seq).then_some(Change::EvidenceReviewed { seq })
    })
    .await
}
