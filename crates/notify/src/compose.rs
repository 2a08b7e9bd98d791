//! One message to a resident about their case (or their application for a case review), in the
//! organisation's wording for its kind (or the default), ready to queue in the same transaction
//! as whatever it is about.
use asbcase_domain::case::Case;
use asbcase_domain::message::{Medium, Template, TemplateError, render};
use asbcase_domain::{CaseId, OrganisationId, TenantId};
use asbcase_store::{OutboxMessage, Store, StoreError};
use jiff::Timestamp;
use std::collections::BTreeMap;

pub(crate) struct Draft<'a> {
    pub kind: &'static str,
    pub medium: Medium,
    pub recipient: String,
    pub default: fn(Medium) -> Template,
    pub values: BTreeMap<&'a str, String>,
    pub link: Option<asbcase_store::ResidentLink>,
}

/// Whose message it is: the organisation whose wording and channel it uses, and the case it is
/// about, if any.
#[derive(Clone, Copy)]
pub struct Sender {
    pub tenant: TenantId,
    pub organisation: OrganisationId,
    pub case: Option<CaseId>,
}

impl From<&Case> for Sender {
    fn from(case: &Case) -> Sender {
        Sender { tenant: case.tenant, organisation: case.organisation, case: Some(case.id) }
    }
}

pub(crate) async fn compose(
    store: &Store,
    from: impl Into<Sender>,
    d: Draft<'_>,
    now: Timestamp,
) -> Result<OutboxMessage, StoreError> {
    let from = from.into();
    let template = match store.template(from.tenant, from.organisation, d.kind, d.medium).await? {
        Some(t) => t,
        None => (d.default)(d.medium),
    };
    let fill = |t: &Template| Ok::<_, TemplateError>((render(&t.subject, &d.values)?, render(&t.body, &d.values)?));
    // Templates are checked when they are saved; one that no longer renders falls back to the default.
    let (subject, body) = fill(&template)
        .or_else(|e| {
            tracing::error!(error = %e, kind = d.kind, "message template does not render; using the default");
            fill(&(d.default)(d.medium))
        })
        .unwrap_or_default();
    Ok(OutboxMessage {
        tenant: from.tenant,
        id: uuid::Uuid::now_v7(),
        case: from.case,
        kind: d.kind.into(),
        medium: d.medium,
        recipient: d.recipient,
        subject,
        body,
        status: "pending".into(),
        attempts: 0,
        next_attempt_at: asbcase_domain::message::not_before(d.kind, d.medium, now),
        last_error: None,
        created_at: now,
        sent_at: None,
        organisation: Some(from.organisation),
        provider_ref: None,
        delivery_status: None,
        link: d.link,
        link_id: None,
    })
}
