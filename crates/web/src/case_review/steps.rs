//! `/case-reviews/{reference}/{step}`: each step of a review on its own page, checked by the
//! domain's order and dates. Sending the outcome queues the outcome message to the applicant
//! with a one-time feedback link.
use super::{lead, load, today};
use crate::auth::Staff;
use crate::cases::form::{self, Choice, Field, Kind, error, required_text};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::case_review::{AppealResult, Decision, ReviewError, ReviewStep};
use asbcase_domain::message::Medium;
use asbcase_domain::report::FieldError;
use asbcase_domain::time::human_date;
use asbcase_domain::{OrganisationId, TenantId};
use asbcase_notify::{ResidentMessage, Sender, resident_message};
use asbcase_store::StoredReview;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// How long the applicant's feedback link works.
pub const FEEDBACK_DAYS: i64 = 28;

/// What a step's page needs to name: the partnership's organisations (id, name).
struct Ctx {
    organisations: Vec<Choice>,
}

struct StepForm {
    heading: &'static str,
    intro: &'static str,
    button: &'static str,
    fields: Vec<Field>,
}

fn yes_no(name: &'static str, label: &str, f: &Fields) -> Field {
    Field::radios(name, label, vec![Choice::new("yes", "Yes"), Choice::new("no", "No")]).from(f)
}

/// The form of `step`, if there is one by that name.
fn build(step: &str, r: &StoredReview, ctx: &Ctx, f: &Fields) -> Option<StepForm> {
    let date = |name: &'static str, label: &str| Field::date(name, label).from(f);
    Some(match step {
        "acknowledge" => StepForm {
            heading: "Record the acknowledgement",
            intro: "When the applicant was told their application was received (if they were not sent the acknowledgement from here).",
            button: "Record acknowledgement",
            fields: vec![date("on", "Date acknowledged")],
        },
        "decide" => StepForm {
            heading: "Record the threshold decision",
            intro: "Whether the complaints meet the threshold for a review, and why. The applicant is told in the outcome.",
            button: "Record decision",
            fields: vec![
                date("on", "Date of the decision"),
                Field::radios(
                    "decision",
                    "Is the threshold met?",
                    Decision::ALL.iter().map(|d| Choice::new(d.as_str(), d.label())).collect(),
                )
                .from(f),
                Field::textarea("reasons", "Reasons for the decision").from(f),
            ],
        },
        "meeting" => StepForm {
            heading: "Record the review meeting",
            intro: "",
            button: "Record meeting",
            fields: vec![
                date("on", "Date of the meeting"),
                Field::checkboxes(
                    "agencies",
                    "Organisations present",
                    ctx.organisations.iter().map(|c| Choice::new(c.value.clone(), c.text.clone())).collect(),
                )
                .from(f),
                yes_no("attended", "Did the applicant attend?", f),
                yes_no("impact", "Did the applicant give an impact statement?", f),
            ],
        },
        "recommend" => StepForm {
            heading: "Add a recommendation",
            intro: "What the review recommends, which organisation is to do it, and by when.",
            button: "Add recommendation",
            fields: vec![
                Field::textarea("text", "Recommendation").from(f),
                Field::select(
                    "owner",
                    "Organisation to carry it out",
                    std::iter::once(Choice::new("", "Choose an organisation"))
                        .chain(ctx.organisations.iter().map(|c| Choice::new(c.value.clone(), c.text.clone())))
                        .collect(),
                )
                .from(f),
                date("due", "Due by"),
            ],
        },
        "recommendation-done" => StepForm {
            heading: "Mark a recommendation done",
            intro: "",
            button: "Mark done",
            fields: vec![
                Field::radios(
                    "number",
                    "Recommendation",
                    r.review
                        .recommendations
                        .iter()
                        .enumerate()
                        .filter(|(_, x)| x.done_on.is_none())
                        .map(|(i, x)| Choice::new((i + 1).to_string(), x.text.clone()))
                        .collect(),
                )
                .from(f),
                date("on", "Date carried out"),
            ],
        },
        "outcome" if reach(&r.applicant).is_none() => StepForm {
            heading: "Record the outcome sent to the applicant",
            intro: "The applicant gave no email address, phone number or postal address, so nothing can be sent from here: give them the outcome yourself, then record it.",
            button: "Record outcome",
            fields: vec![Field::textarea("summary", "What the review found and what will happen").from(f)],
        },
        "outcome" => StepForm {
            heading: "Send the outcome to the applicant",
            intro: "The applicant is sent this, the decision, how to appeal, and a link to say what they thought of how the review was handled.",
            button: "Send outcome",
            fields: vec![Field::textarea("summary", "What the review found and what will happen").from(f)],
        },
        "appeal" => StepForm {
            heading: "Record an appeal",
            intro: "The applicant is not satisfied with how the review was carried out and has asked for it to be looked at again.",
            button: "Record appeal",
            fields: vec![
                date("on", "Date of the appeal"),
                Field::text("to", "Made to").hint("For example, the Police and Crime Commissioner.").from(f),
                Field::textarea("grounds", "Why they are not satisfied").from(f),
            ],
        },
        "appeal-result" => StepForm {
            heading: "Record the result of the appeal",
            intro: "",
            button: "Record result",
            fields: vec![
                date("on", "Date of the result"),
                Field::radios(
                    "result",
                    "Result",
                    AppealResult::ALL.iter().map(|d| Choice::new(d.as_str(), d.label())).collect(),
                )
                .from(f),
                Field::textarea("summary", "What was decided").from(f),
            ],
        },
        _ => return None,
    })
}

fn yes(f: &Fields, name: &str, what: &str, errors: &mut Vec<FieldError>) -> bool {
    match f.get(name) {
        "yes" => true,
        "no" => false,
        _ => {
            errors.push(error(name, format!("Select whether {what}")));
            false
        }
    }
}

/// The step as posted, or what is wrong with it.
fn parse(step: &str, r: &StoredReview, ctx: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Option<ReviewStep> {
    let on = |errors: &mut Vec<FieldError>| form::date(f, "on", "the date", true, errors);
    let org =
        |v: &str| ctx.organisations.iter().find(|c| c.value == v).and_then(|c| c.value.parse::<OrganisationId>().ok());
    let step = match step {
        "acknowledge" => ReviewStep::Acknowledged { on: on(errors)? },
        "decide" => {
            let on = on(errors);
            let decision = Decision::parse(f.get("decision"));
            if decision.is_none() {
                errors.push(error("decision", "Select whether the threshold is met"));
            }
            let reasons = required_text(f, "reasons", "the reasons for the decision", 5000, errors);
            ReviewStep::ThresholdDecided { on: on?, decision: decision?, reasons }
        }
        "meeting" => {
            let on = on(errors);
            let agencies: Vec<OrganisationId> = f.all("agencies").iter().filter_map(|v| org(v)).collect();
            if agencies.is_empty() {
                errors.push(error("agencies", "Select the organisations present"));
            }
            let applicant_attended = yes(f, "attended", "the applicant attended", errors);
            let impact_statement = yes(f, "impact", "the applicant gave an impact statement", errors);
            ReviewStep::MeetingHeld { on: on?, agencies, applicant_attended, impact_statement }
        }
        "recommend" => {
            let text = required_text(f, "text", "the recommendation", 2000, errors);
            let owner = org(f.get("owner"));
            if owner.is_none() {
                errors.push(error("owner", "Select the organisation to carry it out"));
            }
            let due = form::date(f, "due", "the date it is due by", true, errors);
            ReviewStep::RecommendationMade { text, owner: owner?, due: due? }
        }
        "recommendation-done" => {
            let number = f
                .get("number")
                .parse::<usize>()
                .ok()
                .filter(|n| r.review.recommendations.get(n.wrapping_sub(1)).is_some_and(|x| x.done_on.is_none()));
            if number.is_none() {
                errors.push(error("number", "Select the recommendation carried out"));
            }
            let on = on(errors);
            ReviewStep::RecommendationDone { number: number?, on: on? }
        }
        "outcome" => {
            let summary = required_text(f, "summary", "what the review found", 5000, errors);
            ReviewStep::OutcomeSent { on: today(), summary }
        }
        "appeal" => {
            let on = on(errors);
            let to = required_text(f, "to", "who the appeal was made to", 200, errors);
            let grounds = required_text(f, "grounds", "why they are not satisfied", 5000, errors);
            ReviewStep::Appealed { on: on?, to, grounds }
        }
        "appeal-result" => {
            let on = on(errors);
            let result = AppealResult::parse(f.get("result"));
            if result.is_none() {
                errors.push(error("result", "Select the result of the appeal"));
            }
            let summary = required_text(f, "summary", "what was decided", 5000, errors);
            ReviewStep::AppealDecided { on: on?, result: result?, summary }
        }
        _ => return None,
    };
    errors.is_empty().then_some(step)
}

#[derive(Template)]
#[template(path = "case_review/step.html")]
struct StepPage<'a> {
    layout: Layout,
    csrf: &'a str,
    errors: &'a Errors,
    reference: &'a str,
    action: String,
    version: i64,
    form: StepForm,
}

async fn context(state: &AppState, tenant: TenantId) -> Result<Ctx, AppError> {
    let organisations =
        state.store().organisations(tenant).await?.into_iter().map(|o| Choice::new(o.id.to_string(), o.name)).collect();
    Ok(Ctx { organisations })
}

fn page(
    staff: &Staff,
    csrf: &str,
    r: &StoredReview,
    step: &str,
    form: StepForm,
    errors: &Errors,
) -> Result<Response, AppError> {
    let mut layout = staff.layout(&format!("{} – {}", form.heading, r.reference), "/case-reviews");
    layout.has_errors = errors.any();
    render(&StepPage {
        layout,
        csrf,
        errors,
        reference: &r.reference,
        action: format!("/case-reviews/{}/{step}", r.reference),
        version: r.version,
        form,
    })
}

/// What a new form starts with: today's date.
fn defaults() -> Fields {
    let t = today();
    Fields(vec![
        ("on_day".into(), t.day().to_string()),
        ("on_month".into(), t.month().to_string()),
        ("on_year".into(), t.year().to_string()),
    ])
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path((reference, step)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let r = load(&state, &staff, &reference).await?;
    let ctx = context(&state, r.review.tenant).await?;
    let form = build(&step, &r, &ctx, &defaults()).ok_or(AppError::NotFound)?;
    page(&staff, &csrf, &r, &step, form, &Errors::default())
}

pub async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path((reference, step)): Path<(String, String)>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut r = load(&state, &staff, &reference).await?;
    let ctx = context(&state, r.review.tenant).await?;
    let f = Fields(raw);
    let redisplay = |r: &StoredReview, errors: Errors| {
        let form = build(&step, r, &ctx, &f).ok_or(AppError::NotFound)?;
        page(&staff, &csrf, r, &step, form, &errors)
    };
    build(&step, &r, &ctx, &f).ok_or(AppError::NotFound)?;
    if f.get("version").parse::<i64>().ok() != Some(r.version) {
        return redisplay(&r, stale(&r));
    }
    let mut errors = vec![];
    let Some(change) = parse(&step, &r, &ctx, &f, &mut errors) else {
        return redisplay(&r, Errors(errors));
    };
    let before = r.clone();
    if let Err(e) = r.review.record(change.clone(), today()) {
        let errors = match e {
            ReviewError::Problems(p) => {
                p.into_iter().map(|p| error(&p.field, crate::cases::form::capitalise(&p.message))).collect()
            }
            other => vec![error("version", crate::cases::form::capitalise(&other.to_string()))],
        };
        return redisplay(&before, Errors(errors));
    }
    let now = asbcase_domain::time::now();
    let (messages, link) = match &change {
        ReviewStep::OutcomeSent { summary, .. } => outcome_message(&state, &r, summary, now).await?,
        _ => (vec![], None),
    };
    let link_ref = link.as_ref().map(|(h, e)| (h.as_str(), *e));
    match state
        .store()
        .save_review_steps(
            &r,
            &asbcase_store::ReviewChange {
                steps: &[change],
                actor: Some(staff.user.id),
                at: now,
                messages: &messages,
                new_link: link_ref,
                spend_link: None,
            },
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/case-reviews/{}", r.reference)).into_response()),
        Err(asbcase_store::StoreError::Conflict) => redisplay(&before, stale(&before)),
        Err(e) => Err(e.into()),
    }
}

fn stale(r: &StoredReview) -> Errors {
    Errors(vec![error(
        "version",
        format!("Someone else changed {} while you had this page open. Check the review, then try again.", r.reference),
    )])
}

/// How to send the applicant a message: the way they asked for, else email, text, then letter.
fn reach(a: &asbcase_store::Applicant) -> Option<(Medium, String)> {
    let email = a.email.clone().map(|e| (Medium::Email, e));
    let sms = a.phone.clone().map(|p| (Medium::Sms, p));
    let letter = a.address.clone().map(|addr| (Medium::Letter, format!("{}\n{addr}", a.name)));
    let asked = match a.preferred.as_deref() {
        Some("email") => email.clone(),
        Some("sms") => sms.clone(),
        Some("letter") => letter.clone(),
        _ => None,
    };
    asked.or(email).or(sms).or(letter)
}

/// The outcome to the applicant, by the way they reach us (email, else text, else letter), with
/// a one-time feedback link: the token goes in the message, only its hash is kept.
async fn outcome_message(
    state: &AppState,
    r: &StoredReview,
    summary: &str,
    now: jiff::Timestamp,
) -> Result<(Vec<asbcase_store::OutboxMessage>, Option<(String, jiff::Timestamp)>), AppError> {
    let a = &r.applicant;
    let Some((medium, recipient)) = reach(a) else { return Ok((vec![], None)) };
    let token = hex::encode(rand::random::<[u8; 32]>());
    let hash = hex::encode(Sha256::digest(token.as_bytes()));
    let expires = now + jiff::SignedDuration::from_hours(24 * FEEDBACK_DAYS);
    let lead = lead(state, r.review.tenant).await?;
    let decision = match r.review.threshold_met() {
        Some(true) => "The threshold for a case review was met, and the review has been carried out",
        _ => "The threshold for a case review was not met",
    };
    let values = BTreeMap::from([
        ("name", a.name.clone()),
        ("reference", r.reference.clone()),
        ("organisation", lead.name),
        ("decision", decision.to_string()),
        ("outcome", summary.to_string()),
        ("link", state.public_link(&format!("/case-review/feedback/{token}"))),
        ("expires", human_date(expires.to_zoned(asbcase_domain::time::london()).date())),
    ]);
    let m = ResidentMessage { kind: "review_outcome", medium, recipient, values, link: None };
    let from = Sender { tenant: r.review.tenant, organisation: r.organisation, case: None };
    Ok((vec![resident_message(state.store(), from, m, now).await?], Some((hash, expires))))
}
