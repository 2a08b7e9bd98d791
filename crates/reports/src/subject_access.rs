//! Subject access (UK GDPR article 15): everything an organisation holds about a person across
//! its cases, as a readable bundle (HTML) and a machine-readable one (JSON). Other people's
//! names, addresses, phone numbers and email addresses are hidden wherever the case's records
//! hold them, by the same redaction that erasure uses; what cannot be found that way (a
//! nickname, a description) is for the officer to check before the bundle goes out, and the
//! bundle says so.
use asbcase_domain::event::Change;
use asbcase_domain::party::{PartyRole, Person};
use asbcase_domain::privacy::{ApplicantDetails, ReviewOfPerson, Scrubber};
use asbcase_domain::time::{fixed, human};
use asbcase_domain::{OrganisationId, PersonId, TenantId};
use asbcase_store::{Store, StoreError};
use jiff::Timestamp;
use serde::Serialize;
use std::cell::RefCell;

#[derive(Clone, Debug, Serialize)]
pub struct Bundle {
    pub organisation: String,
    pub produced_at: String,
    pub person: Person,
    pub cases: Vec<BundleCase>,
    /// Case reviews (Community Trigger) they applied for, run by the organisation.
    pub case_reviews: Vec<BundleReview>,
    /// What the reader of the bundle should know about how it was made.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BundleCase {
    pub reference: String,
    /// Their part in the case.
    pub role: String,
    pub status: String,
    pub reported_at: String,
    pub closed_at: Option<String>,
    pub outcome: Option<String>,
    pub categories: Vec<String>,
    pub place: String,
    pub entries: Vec<BundleEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BundleReview {
    pub reference: String,
    pub applied_on: String,
    /// Their details as the application gave them.
    pub applicant: asbcase_store::Applicant,
    pub status: String,
    /// Their account of the problem, other people's details hidden.
    pub account: String,
    /// Each step, oldest first.
    pub entries: Vec<BundleEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BundleEntry {
    pub at: String,
    pub what: String,
    /// The entry's free text, other people's details hidden.
    pub text: Vec<String>,
}

pub const NOTES: [&str; 4] = [
    "Other people's names, addresses, phone numbers and email addresses are shown as [removed] wherever the records hold them as entered. Check the text for other ways people are identified (nicknames, descriptions, relationships) before releasing the bundle.",
    "Information may be withheld where an exemption applies (for example where releasing it would prejudice the prevention or detection of crime): record any exemption used with the request.",
    "Cases the person is a party to at other organisations of the partnership are not included: each organisation answers for its own records.",
    "Case reviews are included when the application gave the person's name with their email address or phone number, or, on a review of one of their cases that no one else made for them, their name or contact details. Check the case review register for applications made under another name or address.",
];

/// Gather the bundle for `person` from the cases `org` owns. `None` if there is no such
/// (unerased) person on the organisation's cases.
pub async fn bundle(
    store: &Store,
    tenant: TenantId,
    org: OrganisationId,
    person: PersonId,
    now: Timestamp,
) -> Result<Option<Bundle>, StoreError> {
    let Some(subject) = store.person(tenant, person).await? else { return Ok(None) };
    let organisation = store.organisation(tenant, org).await?.map(|o| o.name).unwrap_or_default();
    let mut cases = vec![];
    let mut references = vec![];
    let mut everyone_else: Vec<Person> = vec![];
    for (case_id, role) in store.cases_of_person(tenant, person).await? {
        let Some(case) = store.case(tenant, case_id).await? else { continue };
        if case.organisation != org || cases.iter().any(|c: &BundleCase| c.reference == case.reference.as_str()) {
            continue;
        }
        let others: Vec<Person> = store.people(tenant, case_id).await?.into_iter().filter(|p| p.id != person).collect();
        let scrubber = Scrubber::new(&others);
        references.push(case.reference.clone());
        everyone_else.extend(others);
        let hide = |t: &str| scrubber.scrub(t);
        let mut entries = vec![];
        for e in store.events(tenant, case_id).await? {
            let change = e.change().map_err(|err| StoreError::Corrupt(err.to_string()))?.map_text(&hide);
            let text = RefCell::new(vec![]);
            change.map_text(&|t: &str| {
                if !t.trim().is_empty() {
                    text.borrow_mut().push(t.to_string());
                }
                t.to_string()
            });
            entries.push(BundleEntry { at: fixed(e.at), what: describe(&change, person), text: text.into_inner() });
        }
        cases.push(BundleCase {
            reference: case.reference.as_str().to_string(),
            role: role_label(role),
            status: case.status.label().to_string(),
            reported_at: fixed(case.reported_at),
            closed_at: case.closed_at.map(fixed),
            outcome: case.outcome.map(|o| o.label().to_string()),
            categories: case.categories.clone(),
            // The place reported is often the complainant's home: others see only its area.
            place: if matches!(role, PartyRole::Complainant | PartyRole::Reporter) {
                hide(&case.location.address)
            } else {
                area(&case.location)
            },
            entries,
        });
    }
    let case_reviews = reviews(store, tenant, org, &subject, &references, &everyone_else).await?;
    if cases.is_empty() && case_reviews.is_empty() {
        return Ok(None);
    }
    Ok(Some(Bundle {
        organisation,
        produced_at: fixed(now),
        person: subject,
        cases,
        case_reviews,
        notes: NOTES.iter().map(|s| s.to_string()).collect(),
    }))
}

/// The case reviews `org` runs that `subject` applied for (as erasure finds them), with the
/// other people of their cases hidden in the text.
async fn reviews(
    store: &Store,
    tenant: TenantId,
    org: OrganisationId,
    subject: &Person,
    references: &[asbcase_domain::reference::CaseReference],
    others: &[Person],
) -> Result<Vec<BundleReview>, StoreError> {
    let scrubber = Scrubber::new(others);
    let hide = |t: &str| scrubber.scrub(t);
    let mut found = vec![];
    for stored in store.case_reviews(tenant).await? {
        let a = &stored.applicant;
        let details = ApplicantDetails { name: &a.name, email: a.email.as_deref(), phone: a.phone.as_deref() };
        if stored.organisation != org
            || stored.review.of_person(details, subject, references) != ReviewOfPerson::Applied
        {
            continue;
        }
        let mut entries = vec![];
        for (step, _, at) in store.review_steps(tenant, stored.review.id.0).await? {
            let text = RefCell::new(vec![]);
            step.map_text(&|t: &str| {
                let t = hide(t);
                if !t.trim().is_empty() {
                    text.borrow_mut().push(t.clone());
                }
                t
            });
            entries.push(BundleEntry { at: fixed(at), what: step.title().to_string(), text: text.into_inner() });
        }
        let status = if stored.review.finished_on().is_some() { "Finished" } else { "Going on" };
        found.push(BundleReview {
            reference: stored.reference.clone(),
            applied_on: stored.review.application.applied_on.to_string(),
            applicant: stored.applicant.clone(),
            status: status.into(),
            account: hide(&stored.review.application.account),
            entries,
        });
    }
    Ok(found)
}

fn area(l: &asbcase_domain::location::Location) -> String {
    let parts: Vec<&str> =
        [l.estate.as_deref(), l.ward.as_deref(), l.postcode.as_ref().and_then(|p| p.as_str().split(' ').next())]
            .into_iter()
            .flatten()
            .collect();
    if parts.is_empty() { "Not shown (another person's details)".into() } else { parts.join(", ") }
}

fn role_label(role: PartyRole) -> String {
    role.label().to_string()
}

/// The entry's heading: what happened, in the timeline's words.
fn describe(change: &Change, subject: PersonId) -> String {
    match change {
        Change::PartyAdded { party } if party.person == Some(subject) => {
            format!("{}: {} (you)", change.title(), party.role.label())
        }
        Change::PartyAdded { party } => format!("{}: {}", change.title(), party.role.label()),
        _ => change.title().to_string(),
    }
}

impl Bundle {
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a bundle always serialises")
    }

    pub fn html(&self) -> Result<String, askama::Error> {
        askama::Template::render(&Html { b: self, produced: human_at(&self.produced_at) })
    }
}

fn human_at(fixed_time: &str) -> String {
    fixed_time.parse::<Timestamp>().map(human).unwrap_or_else(|_| fixed_time.to_string())
}

#[derive(askama::Template)]
#[template(path = "subject_access.html")]
struct Html<'a> {
    b: &'a Bundle,
    produced: String,
}

impl Html<'_> {
    fn when(&self, fixed_time: &str) -> String {
        human_at(fixed_time)
    }
}
