//! Any other message to a resident about their case (a tracker link, the case closing, the
//! survey invitation), in the organisation's wording for its kind or the default, perhaps
//! carrying a one-time link that is stored with it.
use crate::compose::{Draft, Sender, compose};
use asbcase_domain::message::{self, Medium};
use asbcase_store::{OutboxMessage, ResidentLink, Store, StoreError};
use jiff::Timestamp;
use std::collections::BTreeMap;

pub struct ResidentMessage<'a> {
    /// One of [`message::KINDS`].
    pub kind: &'static str,
    pub medium: Medium,
    pub recipient: String,
    pub values: BTreeMap<&'a str, String>,
    pub link: Option<ResidentLink>,
}

/// A message about a case, or with a [`Sender`] naming no case (a case review's applicant).
pub async fn resident_message(
    store: &Store,
    case: impl Into<Sender>,
    m: ResidentMessage<'_>,
    now: Timestamp,
) -> Result<OutboxMessage, StoreError> {
    let default = message::kind(m.kind).map(|k| k.default).unwrap_or(message::default_update);
    let draft =
        Draft { kind: m.kind, medium: m.medium, recipient: m.recipient, default, values: m.values, link: m.link };
    compose(store, case, draft, now).await
}
