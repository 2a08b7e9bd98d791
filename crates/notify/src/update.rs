//! An officer's update to a complainant, in the organisation's wording for updates (or the
//! default), ready to queue in the same transaction as the contact it is logged as.
use crate::compose::{Draft, compose};
use asbcase_domain::case::Case;
use asbcase_domain::message::{Medium, default_update};
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
    let values = BTreeMap::from([
        ("name", u.name.to_string()),
        ("reference", case.reference.to_string()),
        ("organisation", u.organisation.to_string()),
        ("officer", u.officer.to_string()),
        ("update", u.text.to_string()),
    ]);
    let draft = Draft {
        kind: KIND,
        medium: u.medium,
        recipient: u.recipient.clone(),
        default: default_update,
        values,
        link: None,
    };
    compose(store, case, draft, now).await
}
