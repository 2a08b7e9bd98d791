//! Messages a change to a case sends to its complainants: when a case closes, each complainant
//! who can be reached is told, and (if the officer chose) one is invited to the survey; when a
//! report is dealt with at triage without a case (diverted), they are told why.
use super::links::new_link;
use crate::{AppError, AppState};
use asbcase_domain::case::Case;
use asbcase_domain::event::Change;
use asbcase_domain::message::Medium;
use asbcase_domain::party::{PartyRole, Person};
use asbcase_domain::time::human_date;
use asbcase_domain::tracker::{LinkPurpose, reach};
use asbcase_notify::{ResidentMessage, resident_message};
use asbcase_store::OutboxMessage;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

/// The messages `changes` (just recorded on `case`) send, to queue with them.
pub async fn for_changes(
    state: &AppState,
    case: &Case,
    changes: &[Change],
    officer: &str,
    now: Timestamp,
) -> Result<Vec<OutboxMessage>, AppError> {
    if let Some(route) = changes.iter().find_map(|c| match c {
        Change::Diverted { route, .. } => Some(*route),
        _ => None,
    }) {
        return diverted(state, case, route.for_resident(), now).await;
    }
    let Some(survey) = changes.iter().find_map(|c| match c {
        Change::Closed { survey, .. } => Some(*survey),
        _ => None,
    }) else {
        return Ok(vec![]);
    };
    let store = state.store();
    let mut out = vec![];
    let mut invited = !(survey && case.casework.survey_invited);
    for Reachable { person, medium, recipient, base } in reachable_complainants(state, case).await? {
        let mut values = base.clone();
        values.insert("officer", officer.to_string());
        let closed = ResidentMessage { kind: "case_closed", medium, recipient: recipient.clone(), values, link: None };
        out.push(resident_message(store, case, closed, now).await?);
        if !invited {
            invited = true;
            let ttl = SignedDuration::from_hours(24 * asbcase_domain::survey::LINK_DAYS);
            let (url, link) = new_link(state, case, person.id, LinkPurpose::Survey, ttl, now);
            let expires = human_date(link.expires_at.to_zoned(asbcase_domain::time::london()).date());
            let mut values = base;
            values.insert("link", url);
            values.insert("expires", expires);
            let invitation = ResidentMessage { kind: "survey_invitation", medium, recipient, values, link: Some(link) };
            out.push(resident_message(store, case, invitation, now).await?);
        }
    }
    Ok(out)
}

/// Each complainant who can be reached is told what became of their report, and why.
async fn diverted(
    state: &AppState,
    case: &Case,
    outcome: &str,
    now: Timestamp,
) -> Result<Vec<OutboxMessage>, AppError> {
    let mut out = vec![];
    for Reachable { medium, recipient, mut base, .. } in reachable_complainants(state, case).await? {
        base.insert("outcome", outcome.to_string());
        let m = ResidentMessage { kind: "report_diverted", medium, recipient, values: base, link: None };
        out.push(resident_message(state.store(), case, m, now).await?);
    }
    Ok(out)
}

/// A complainant a message can reach, the way they prefer, with the values every message to
/// them fills in (their name, the reference, the organisation).
struct Reachable {
    person: Person,
    medium: Medium,
    recipient: String,
    base: BTreeMap<&'static str, String>,
}

async fn reachable_complainants(state: &AppState, case: &Case) -> Result<Vec<Reachable>, AppError> {
    let store = state.store();
    let organisation = store.organisation(case.tenant, case.organisation).await?.map(|o| o.name).unwrap_or_default();
    let people = store.people(case.tenant, case.id).await?;
    let mut out = vec![];
    for party in case.parties.iter().filter(|p| p.role == PartyRole::Complainant) {
        let Some(person) = party.person.and_then(|id| people.iter().find(|p| p.id == id)) else { continue };
        let Some((medium, recipient)) = reach(party, person) else { continue };
        let base = BTreeMap::from([
            ("name", person.name.clone()),
            ("reference", case.reference.to_string()),
            ("organisation", organisation.clone()),
        ]);
        out.push(Reachable { person: person.clone(), medium, recipient, base });
    }
    Ok(out)
}
