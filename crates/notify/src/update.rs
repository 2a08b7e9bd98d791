//! An officer's update to a complainant, in the organisation's wording for updates (or the
//! default), ready to queue in the same transaction as the contact it is logged as.
use asbcase_domain::case::Case;
use asbcase_domain::message::{Medium, default_update, render};
use asbcase_store::{OutboxMessage, Store, StoreError};
use jiff::Timestamp;
use std::collections::BTreeMap;

pub const KIND: &str = "update";

/// What goes into an update.
pub struct Update<'a> {
    pub name: &'a str,
    pub organisation: &'a str,
    pub officer: &'a str,
    pub text: &'a str,
    pub medium: Medium,
    pub recipient: String,
}

pub async fn update(store: &Store, case: &Case, u: &Update<'_>, now: Timestamp) -> Result<OutboxMessage, StoreError> {
    let template = match store.template(case.tenant, case.organisation, KIND, u.medium).await? {
        Some(t) => t,
        None => default_update(u.medium),
    };
    let values = BTreeMap::from([
        ("name", u.name.to_string()),
        ("reference", case.reference.to_string()),
        ("organisation", u.organisation.to_string()),
        ("officer", u.officer.to_string()),
        ("update", u.text.to_string()),
    ]);
    let fill = |t: &asbcase_domain::message::Template| {
        Ok::<_, asbcase_domain::message::TemplateError>((render(&t.subject, &values)?, render(&t.body, &values)?))
    };
    let (subject, body) = fill(&template)
        .or_else(|e| {
            tracing::error!(error = %e, "update template does not render; using the default");
            fill(&default_update(u.medium))
        })
        .unwrap_or_default();
    Ok(OutboxMessage {
        tenant: case.tenant,
        id: uuid::Uuid::now_v7(),
        case: Some(case.id),
        kind: KIND.into(),
        medium: u.medium,
        recipient: u.recipient.clone(),
        subject,
        body,
        status: "pending".into(),
        attempts: 0,
        next_attempt_at: now,
        last_error: None,
        created_at: now,
        sent_at: None,
    })
}
