//! `/intake`: staff record a report that came by phone, email, letter, drop box, drop-in,
//! partner referral or walk-in, on one fast page with the risk questionnaire, either as a new
//! case or as a further report on an open one. A double submit records it once.
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields, QuestionView};
use crate::{AppError, AppState};
use asbcase_domain::case::{Channel, Flags, HateStrand, NewReport, Status};
use asbcase_domain::category::rank;
use asbcase_domain::event::Change;
use asbcase_domain::intake::new_case;
use asbcase_domain::location::Location;
use asbcase_domain::questionnaire::HATE_KEY;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::report::{self, ContactForm, FieldError};
use asbcase_domain::time::london;
use asbcase_store::SubmitOutcome;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};

/// The channels staff record; the web form and Open311 arrive on their own.
const CHANNELS: [Channel; 7] = [
    Channel::Phone,
    Channel::Email,
    Channel::Letter,
    Channel::DropBox,
    Channel::DropIn,
    Channel::PartnerReferral,
    Channel::InPerson,
];

pub struct Option_ {
    pub value: String,
    pub text: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage {
    layout: Layout,
    csrf: String,
    key: String,
    errors: Errors,
    f: Fields,
    channels: Vec<Option_>,
    categories: Vec<Option_>,
    questions: Vec<QuestionView>,
    strands: Vec<Option_>,
}

async fn page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    key: String,
    f: Fields,
    errors: Errors,
) -> Result<Response, AppError> {
    let catalogue = state.store().categories(staff.user.tenant).await?;
    let q = state.store().questionnaire(staff.user.tenant).await?;
    let chosen = f.all("categories");
    let strands = f.all("hate_strands");
    let mut layout = staff.layout("Record a report", "/intake");
    layout.has_errors = errors.any();
    render(&IntakePage {
        layout,
        csrf,
        key,
        channels: CHANNELS
            .iter()
            .map(|c| Option_ {
                value: c.as_str().into(),
                text: c.label().into(),
                checked: f.get("channel") == c.as_str(),
            })
            .collect(),
        categories: catalogue
            .iter()
            .map(|c| Option_ { value: c.code.clone(), text: c.name.clone(), checked: chosen.contains(&c.code) })
            .collect(),
        questions: q
            .questions
            .iter()
            .map(|q| QuestionView {
                key: q.key.clone(),
                text: q.text.clone(),
                hint: q.hint.clone(),
                answer: f.get(&q.key).to_string(),
                is_hate: q.key == HATE_KEY,
            })
            .collect(),
        strands: HateStrand::ALL
            .iter()
            .map(|h| Option_ {
                value: h.as_str().into(),
                text: h.label().into(),
                checked: strands.iter().any(|s| s == h.as_str()),
            })
            .collect(),
        errors,
        f,
    })
}

pub async fn form(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    if !staff.sees_cases() {
        return Err(AppError::Forbidden);
    }
    let key = hex::encode(rand::random::<[u8; 16]>());
    page(&state, &staff, csrf, key, Fields(vec![]), Errors::default()).await
}

fn err(field: &str, message: &str) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

pub async fn record(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    if !staff.sees_cases() {
        return Err(AppError::Forbidden);
    }
    let f = Fields(raw);
    let key = f.get("key").to_string();
    if key.len() != 32 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::BadRequest("The form could not be read: reload the page and try again.".into()));
    }
    let store = state.store();
    let tenant = staff.user.tenant;
    let catalogue = store.categories(tenant).await?;
    let q = store.questionnaire(tenant).await?;
    let mut errors = vec![];

    let channel = CHANNELS.iter().copied().find(|c| c.as_str() == f.get("channel"));
    if channel.is_none() {
        errors.push(err("channel", "Select how the report came in"));
    }
    let description = report::check_description(f.get("description"), &mut errors);
    // A further report on an open case of this organisation, or a new case.
    let attach = match f.get("attach_to").trim() {
        "" => None,
        r => match crate::cases::access::own_case(&state, &staff, r).await {
            Ok(c) if c.status != Status::Closed => Some(c),
            Ok(_) => {
                errors.push(err("attach_to", "That case is closed: leave this blank to open a new case"));
                None
            }
            Err(AppError::NotFound) if CaseReference::parse(r).is_err() => {
                errors.push(err("attach_to", "Enter a case reference like ASB-2026-000123, or leave it blank"));
                None
            }
            Err(AppError::NotFound) => {
                errors.push(err("attach_to", "There is no open case of your organisation with that reference"));
                None
            }
            Err(e) => return Err(e),
        },
    };
    let attaching = !f.get("attach_to").trim().is_empty();
    let mut answers = None;
    let mut place = None;
    if !attaching {
        report::check_categories(&f.all("categories"), &catalogue, &mut errors);
        match report::check_where(f.get("address"), f.get("postcode")) {
            Ok(w) => place = Some(w),
            Err(e) => errors.extend(e),
        }
        match report::check_risk(&q, &f.0, &f.all("hate_strands")) {
            Ok(a) => answers = Some(a),
            Err(e) => errors.extend(e),
        }
    }
    // The complainant: anonymous when no name is given.
    let no_way =
        ["complainant_email", "complainant_phone", "complainant_address"].iter().all(|k| f.get(k).trim().is_empty());
    let contact = if f.get("complainant_name").trim().is_empty() {
        None
    } else if no_way {
        errors.push(err(
            "complainant_phone",
            "Enter the complainant's phone number, email address or postal address, or leave the name blank",
        ));
        None
    } else {
        let preferred = match f.get("preferred") {
            "" if !f.get("complainant_email").trim().is_empty() => "email",
            "" if !f.get("complainant_phone").trim().is_empty() => "phone",
            "" if !f.get("complainant_address").trim().is_empty() => "letter",
            p => p,
        };
        let form = ContactForm {
            anonymous: "no".into(),
            name: f.get("complainant_name").into(),
            email: f.get("complainant_email").into(),
            phone: f.get("complainant_phone").into(),
            address: f.get("complainant_address").into(),
            preferred: preferred.into(),
            safe_times: f.get("safe_times").into(),
        };
        match report::check_contact(&form) {
            Ok(c) => c,
            Err(e) => {
                errors.extend(e.into_iter().map(|e| FieldError {
                    field: format!("complainant_{}", e.field.trim_start_matches("contact_")),
                    ..e
                }));
                None
            }
        }
    };
    if !errors.is_empty() {
        return page(&state, &staff, csrf, key, f, Errors(errors)).await;
    }
    let channel = channel.unwrap_or(Channel::Phone);
    let now = asbcase_domain::time::now();
    let tenant_rec = store.tenant(tenant).await?.ok_or(AppError::NotFound)?;
    let book = crate::cases::form::rules_for(&state, &tenant_rec, staff.user.organisation).await?;
    let rules = book.rules();
    let bad = |e: asbcase_domain::case::CaseError| AppError::BadRequest(e.to_string());
    let by = Some(staff.user.id);
    let token_hash = hex::encode(Sha256::digest(format!("intake:{key}").as_bytes()));
    let mut people = vec![];
    let mut case = match attach {
        Some(mut case) => {
            let change = Change::FurtherReport { channel, description, reported_at: now, assessment: None, from: None };
            case.record(change, by, now, &rules).map_err(bad)?;
            case
        }
        None => {
            let (Some(answers), Some(place)) = (answers, place) else {
                return Err(AppError::BadRequest("The report could not be read.".into()));
            };
            let mut answers = answers;
            answers.danger_now = f.get("danger_now") == "yes";
            let assessment = q.assess(&answers);
            let (categories, priority) = rank(&f.all("categories"), &catalogue).map_err(AppError::BadRequest)?;
            let reference = store.next_reference(tenant, now.to_zoned(london()).year()).await?;
            let report = NewReport {
                organisation: staff.user.organisation,
                channel,
                description,
                categories,
                priority,
                risk_band: assessment.band,
                location: Location { address: place.address, postcode: place.postcode, ..Location::default() },
                flags: Flags { hate_strands: answers.hate_strands.clone(), ..Flags::default() },
                patch: staff.user.patch.clone(),
                reported_at: now,
                assessment: Some(assessment),
                details: Default::default(),
            };
            let about: String = f.get("about_description").trim().chars().take(report::SHORT_MAX).collect();
            let (case, who) =
                new_case(tenant, reference, report, contact.as_ref(), Some(&about), by, &rules).map_err(bad)?;
            people = who;
            case
        }
    };
    let mut messages = vec![];
    if case.version == case.pending.len() as i64
        && let Some(c) = &contact
    {
        let org = store.organisation(tenant, staff.user.organisation).await?.map(|o| o.name).unwrap_or_default();
        let by_when = crate::report::contact_by(&case);
        if let Some(m) = asbcase_notify::acknowledgement(
            store,
            &case,
            &org,
            c,
            &by_when,
            crate::residents::links::for_acknowledgement(&state, &case, now),
            now,
        )
        .await?
        {
            messages.push(m);
        }
    }
    store.save_draft(&token_hash, tenant, &serde_json::json!({ "intake": key }), now).await?;
    let reference = match store.submit_report(&token_hash, &people, &mut case, &messages, None, now).await? {
        SubmitOutcome::Sent(r) | SubmitOutcome::AlreadySent(r) => r,
        SubmitOutcome::NoDraft => {
            return Err(AppError::BadRequest("The report could not be recorded: try again.".into()));
        }
    };
    Ok(Redirect::to(&format!("/cases/{reference}")).into_response())
}
