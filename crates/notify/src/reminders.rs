//! Reminders to officers: when contact with a complainant falls due within the next day under
//! the service standard, the case's officer is emailed once for that contact period (a
//! successful contact restarts the clock, and with it the reminder).
use crate::resident::{ResidentMessage, resident_message};
use asbcase_domain::message::Medium;
use asbcase_store::{Store, StoreError};
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

/// How far ahead a due contact is reminded of, and how far back a missed one still is.
pub const AHEAD: SignedDuration = SignedDuration::from_hours(24);
pub const BEHIND: SignedDuration = SignedDuration::from_hours(24);

/// Queue a reminder for each case that needs one; `public_url` makes the link to the case.
pub async fn remind_officers(store: &Store, public_url: &str, now: Timestamp) -> Result<usize, StoreError> {
    let mut queued = 0;
    for case in store.cases_needing_contact_reminder(now - BEHIND, now + AHEAD, 200).await? {
        let (Some(officer), Some(due)) = (case.assigned_officer, case.next_contact_due) else { continue };
        let Some(user) = store.user(case.tenant, officer).await? else { continue };
        let organisation =
            store.organisation(case.tenant, case.organisation).await?.map(|o| o.name).unwrap_or_default();
        let values = BTreeMap::from([
            ("officer", user.name.clone()),
            ("reference", case.reference.to_string()),
            ("organisation", organisation),
            ("due", asbcase_domain::time::human(due)),
            ("link", format!("{}/cases/{}", public_url.trim_end_matches('/'), case.reference)),
        ]);
        let m = ResidentMessage {
            kind: "contact_due",
            medium: Medium::Email,
            recipient: user.email.clone(),
            values,
            link: None,
        };
        store.queue_message(&resident_message(store, &case, m, now).await?).await?;
        queued += 1;
    }
    Ok(queued)
}
