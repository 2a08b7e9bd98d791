//! The acknowledgement a report with contact details gets: reference, what happens next and the
//! contact-by date, in the organisation's own wording (or the default).
use asbcase_domain::case::Case;
use asbcase_domain::message::{Medium, default_acknowledgement, render};
use asbcase_domain::report::ContactDetails;
use asbcase_store::{OutboxMessage, Store, StoreError};
use jiff::Timestamp;
use std::collections::BTreeMap;

pub const KIND: &str = "acknowledgement";

/// How to reach them: by the way they prefer where it can carry a message, else by any way
/// they gave. None when they gave no way a message can travel.
fn route(c: &ContactDetails) -> Option<(Medium, String)> {
    let email = c.email.clone().map(|e| (Medium::Email, e));
    let sms = c.phone.clone().map(|p| (Medium::Sms, p));
    let letter = c.address.clone().map(|a| (Medium::Letter, format!("{}\n{}", c.name, a)));
    let preferred = match c.preferred.as_str() {
        "email" => email.clone(),
        "sms" | "phone" => sms.clone(),
        "letter" => letter.clone(),
        _ => None,
    };
    preferred.or(email).or(sms).or(letter)
}

/// The acknowledgement for a new case, ready to queue with it; `contact_by` as people read it.
pub async fn acknowledgement(
    store: &Store,
    case: &Case,
    organisation_name: &str,
    contact: &ContactDetails,
    contact_by: &str,
    now: Timestamp,
) -> Result<Option<OutboxMessage>, StoreError> {
    let Some((medium, recipient)) = route(contact) else { return Ok(None) };
    let template = match store.template(case.tenant, case.organisation, KIND, medium).await? {
        Some(t) => t,
        None => default_acknowledgement(medium),
    };
    let values = BTreeMap::from([
        ("name", contact.name.clone()),
        ("reference", case.reference.to_string()),
        ("organisation", organisation_name.to_string()),
        ("contact_by", contact_by.to_string()),
    ]);
    // Templates are checked when they are saved; a bad one here falls back to the default.
    let fill = |t: &asbcase_domain::message::Template| {
        Ok::<_, asbcase_domain::message::TemplateError>((render(&t.subject, &values)?, render(&t.body, &values)?))
    };
    let (subject, body) = fill(&template)
        .or_else(|e| {
            tracing::error!(error = %e, "acknowledgement template does not render; using the default");
            fill(&default_acknowledgement(medium))
        })
        .unwrap_or_default();
    Ok(Some(OutboxMessage {
        tenant: case.tenant,
        id: uuid::Uuid::now_v7(),
        case: Some(case.id),
        kind: KIND.into(),
        medium,
        recipient,
        subject,
        body,
        status: "pending".into(),
        attempts: 0,
        next_attempt_at: now,
        last_error: None,
        created_at: now,
        sent_at: None,
    }))
}
