//! The acknowledgement a report with contact details gets: reference, what happens next and the
//! contact-by date, in the organisation's own wording (or the default).
use crate::compose::{Draft, compose};
use asbcase_domain::case::Case;
use asbcase_domain::message::{Medium, default_acknowledgement};
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

/// Where the complainant follows their case: a one-time link (its address, and the link to
/// store with the message) and the page where they can ask for a new one.
pub struct Tracker {
    pub link: Option<(String, asbcase_store::ResidentLink)>,
    pub page: String,
}

/// The acknowledgement for a new case, ready to queue with it; `contact_by` as people read it.
pub async fn acknowledgement(
    store: &Store,
    case: &Case,
    organisation_name: &str,
    contact: &ContactDetails,
    contact_by: &str,
    tracker: Tracker,
    now: Timestamp,
) -> Result<Option<OutboxMessage>, StoreError> {
    let Some((medium, recipient)) = route(contact) else { return Ok(None) };
    // A letter gets the page's address: a long one-time link cannot be typed in 3 days.
    let (url, link) = match tracker.link {
        Some((url, link)) if medium != Medium::Letter => (url, Some(link)),
        _ => (tracker.page.clone(), None),
    };
    let values = BTreeMap::from([
        ("name", contact.name.clone()),
        ("reference", case.reference.to_string()),
        ("organisation", organisation_name.to_string()),
        ("contact_by", contact_by.to_string()),
        ("tracker", url),
        ("track_page", tracker.page),
    ]);
    let draft = Draft { kind: KIND, medium, recipient, default: default_acknowledgement, values, link };
    Ok(Some(compose(store, case, draft, now).await?))
}
