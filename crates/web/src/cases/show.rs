//! `/cases/{reference}`: everything about one case, and its full timeline.
use super::access::Seen;
use super::partners_view::{PartnersView, partners_view};
use super::repeats_view::{RepeatsView, repeats_view};
use super::timeline::{Entry, Names, entries};
use super::work_view::{WorkView, work_view};
use crate::auth::Staff;
use crate::csrf::CsrfToken;
use crate::page::{Layout, render};
use crate::view::{Tag, category_name, deadline, due_phrase, risk_tag, status_tag, when};
use crate::{AppError, AppState};
use asbcase_domain::audit::AccessKind;
use asbcase_domain::case::Status;
use asbcase_domain::partnership::ShareScope;
use asbcase_domain::party::PartyRole;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use jiff::Timestamp;
use std::collections::HashMap;

struct PartyView {
    role: &'static str,
    name: String,
    contact: String,
}

struct ContactView {
    when: String,
    method: &'static str,
    with: &'static str,
    outcome: &'static str,
    successful: bool,
    summary: String,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    layout: Layout,
    reference: String,
    status: Tag,
    risk: Tag,
    priority: String,
    priority_override: Option<String>,
    categories: Vec<String>,
    description: String,
    reported: String,
    channel: &'static str,
    place: String,
    area: String,
    flags: Vec<String>,
    officer: String,
    patch: String,
    next_contact: String,
    overdue: bool,
    last_contact: String,
    outcome: Option<String>,
    parties: Vec<PartyView>,
    contacts: Vec<ContactView>,
    timeline: Vec<Entry>,
    /// Whether this person may change the case (and the case is not closed).
    can_change: bool,
    /// Whether this person may reopen it (it is closed).
    can_reopen: bool,
    /// A new report waiting for its triage decision.
    can_triage: bool,
    /// A team manager may see who has looked at the case.
    can_see_access: bool,
    csrf: String,
    version: i64,
    work: WorkView,
    messages: Vec<MessageView>,
    undelivered: usize,
    /// The person's organisation holds the case (else it is shared with it).
    is_owner: bool,
    /// They may work on it (a case officer or team manager of the organisation holding it).
    works: bool,
    /// Shared in summary: evidence and contacts are not shown.
    evidence_hidden: bool,
    /// How the case was shared with the person's organisation, when it was.
    shared: Option<SharedView>,
    partners: PartnersView,
    repeats: RepeatsView,
}

struct SharedView {
    owner: String,
    purpose: String,
    scope: &'static str,
}

/// Where each file given as evidence can be downloaded, by the event that added it: those
/// whose bytes are still `held` (an erasure or retention deletes them).
fn evidence_links(
    case: &asbcase_domain::case::Case,
    events: &[asbcase_domain::event::Event],
    held: &[uuid::Uuid],
) -> HashMap<i64, String> {
    events
        .iter()
        .filter_map(|e| match e.change() {
            Ok(asbcase_domain::event::Change::EvidenceAdded { file }) if held.contains(&file.id) => {
                Some((e.seq, format!("/cases/{}/evidence/{}", case.reference, file.id)))
            }
            _ => None,
        })
        .collect()
}

/// A message to a resident about the case, and how its delivery went.
struct MessageView {
    when: String,
    what: &'static str,
    how: &'static str,
    to: String,
    status: &'static str,
    failed: bool,
    error: String,
}

fn message_view(m: &asbcase_store::OutboxMessage) -> MessageView {
    let failed = m.status == "failed";
    let status = match (m.status.as_str(), m.delivery_status.as_deref()) {
        ("failed", _) => "Not delivered",
        ("sent", Some("delivered" | "received")) => "Delivered",
        ("sent", _) => "Sent",
        ("sending", _) => "Sending",
        _ if m.attempts > 0 => "Trying again",
        _ => "Waiting to send",
    };
    MessageView {
        when: when(m.created_at),
        what: asbcase_domain::message::kind(&m.kind).map_or("Message", |k| k.label),
        how: m.medium.label(),
        // A letter's recipient is the name and address: the name is enough here.
        to: m.recipient.lines().next().unwrap_or_default().to_string(),
        status,
        failed,
        error: if failed || m.attempts > 0 { m.last_error.clone().unwrap_or_default() } else { String::new() },
    }
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(reference): Path<String>,
) -> Result<Response, AppError> {
    if !staff.sees_cases() {
        return Err(AppError::Forbidden);
    }
    let (case, seen) = super::access::visible_case(&state, &staff, &reference).await?;
    let is_owner = seen == Seen::Owner;
    // A partner sees the case as shared: in summary, without evidence or contacts.
    let evidence_hidden = matches!(&seen, Seen::Shared(s) if s.scope == ShareScope::Summary);
    let store = state.store();
    // Who looked is recorded before anything is shown: no record, no page.
    let at = Timestamp::now();
    store.record_access(case.tenant, staff.user.id, AccessKind::ViewCase, Some(case.id), "", at).await?;
    let tenant = staff.user.tenant;
    let (events, people, contacts, catalogue) = (
        store.events(tenant, case.id).await?,
        store.people(tenant, case.id).await?,
        store.contacts(tenant, case.id).await?,
        store.categories(tenant).await?,
    );
    let mut staff_names = HashMap::new();
    for id in events.iter().filter_map(|e| e.actor).chain(case.assigned_officer) {
        if let std::collections::hash_map::Entry::Vacant(v) = staff_names.entry(id) {
            // A member of staff, or an API token that recorded through the API.
            if let Some(u) = store.user(tenant, id).await? {
                v.insert(u.name);
            } else if let Some(t) = store.api_token_by_id(tenant, id.0).await? {
                v.insert(format!("API token: {}", t.name));
            }
        }
    }
    let people_by_id: HashMap<_, _> = people.iter().map(|p| (p.id, p)).collect();
    let party_names: HashMap<_, _> = case
        .parties
        .iter()
        .map(|p| {
            let who = p
                .person
                .and_then(|id| people_by_id.get(&id))
                .map(|x| x.name.clone())
                .or_else(|| p.description.clone())
                .unwrap_or_else(|| "not known".into());
            (p.id, format!("{} ({})", who, p.role.label().to_lowercase()))
        })
        .collect();
    let organisations: HashMap<_, _> = store.organisations(tenant).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let names = Names {
        people: &people_by_id,
        staff: &staff_names,
        catalogue: &catalogue,
        parties: &party_names,
        organisations: &organisations,
    };
    let now = Timestamp::now();
    let loc = &case.location;
    let mut flags = vec![];
    if case.hate_incident() {
        let strands: Vec<_> = case.flags.hate_strands.iter().map(|h| h.label()).collect();
        flags.push(format!("Hate incident: {}", strands.join(", ")));
    }
    if case.flags.vulnerability {
        flags.push("Vulnerability identified".into());
    }
    if let Some(r) = &case.flags.crime_reference {
        flags.push(format!("Crime-linked: {r}"));
    }
    if case.flags.homelessness_related {
        flags.push("Homelessness-related".into());
    }
    let parties = case
        .parties
        .iter()
        .map(|p| {
            let person = p.person.and_then(|id| people_by_id.get(&id));
            PartyView {
                role: p.role.label(),
                name: match person {
                    Some(person) => person.name.clone(),
                    None if p.role == PartyRole::PersonComplainedAbout => {
                        format!("Not known: {}", p.description.clone().unwrap_or_default())
                    }
                    None => p.description.clone().unwrap_or_default(),
                },
                // A summary share names the parties but gives no way to reach them.
                contact: person
                    .filter(|_| !evidence_hidden)
                    .map(|person| {
                        [&person.phone, &person.email, &person.address]
                            .iter()
                            .filter_map(|x| x.as_deref())
                            .collect::<Vec<_>>()
                            .join(" · ")
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    let files: HashMap<i64, String> = if evidence_hidden {
        HashMap::new()
    } else {
        let held = state.store().evidence_files_held(case.tenant, case.id).await?;
        evidence_links(&case, &events, &held)
    };
    let messages: Vec<MessageView> = if is_owner {
        store.messages_of_case(tenant, case.id).await?.iter().rev().map(message_view).collect()
    } else {
        vec![]
    };
    let undelivered = messages.iter().filter(|m| m.failed).count();
    let works = is_owner
        && (staff.has(asbcase_domain::organisation::Role::CaseOfficer)
            || staff.has(asbcase_domain::organisation::Role::TeamManager));
    let today = now.to_zoned(asbcase_domain::time::london()).date();
    let mut work = work_view(&case, today, &files, &party_names, &staff_names);
    if evidence_hidden {
        work.evidence.clear();
        work.unreviewed = 0;
    }
    let tenant_row = store.tenant(tenant).await?.ok_or(AppError::NotFound)?;
    let calendar = asbcase_domain::calendar::Calendar::bundled(tenant_row.division);
    let response_days = store.referral_response_days(tenant).await?;
    let partners = partners_view(&case, &organisations, &party_names, response_days, &calendar, today);
    let shared = match &seen {
        Seen::Owner => None,
        Seen::Shared(s) => Some(SharedView {
            owner: organisations.get(&case.organisation).cloned().unwrap_or_default(),
            purpose: s.purpose.clone(),
            scope: s.scope.label(),
        }),
    };
    let contacts = if evidence_hidden { vec![] } else { contacts };
    let person_names: HashMap<_, _> = people.iter().map(|p| (p.id, p.name.clone())).collect();
    // Repeats are for the organisation holding the case (a partner sees them on its own cases).
    let repeats = if is_owner {
        repeats_view(&state, &case, staff.user.organisation, &organisations, &person_names).await?
    } else {
        RepeatsView::default()
    };
    let page = CasePage {
        layout: staff.layout(&format!("Case {}", case.reference), if is_owner { "/cases" } else { "/shared" }),
        is_owner,
        works,
        evidence_hidden,
        shared,
        partners,
        repeats,
        reference: case.reference.to_string(),
        status: status_tag(case.status),
        risk: risk_tag(case.risk_band),
        priority: case.priority.label(),
        priority_override: case.priority_override.as_ref().map(|o| o.reason.clone()),
        categories: case.categories.iter().map(|c| category_name(c, &catalogue)).collect(),
        description: case.description.clone(),
        reported: when(case.reported_at),
        channel: case.channel.label(),
        place: match (&loc.postcode, loc.latitude.zip(loc.longitude)) {
            (Some(p), Some((lat, long))) => format!("{}, {} (map: {lat}, {long})", loc.address, p.as_str()),
            (Some(p), None) => format!("{}, {}", loc.address, p.as_str()),
            (None, Some((lat, long))) => format!("{} (map: {lat}, {long})", loc.address),
            (None, None) => loc.address.clone(),
        },
        area: [&loc.estate, &loc.ward].iter().filter_map(|x| x.as_deref()).collect::<Vec<_>>().join(", "),
        flags,
        officer: case
            .assigned_officer
            .and_then(|o| staff_names.get(&o).cloned())
            .unwrap_or_else(|| "Not assigned".into()),
        patch: case.patch.clone().unwrap_or_default(),
        next_contact: match (case.status, case.next_contact_due) {
            (Status::Closed, _) | (_, None) => "Not due: the case is closed".into(),
            (_, Some(d)) => format!("By the {} ({})", deadline(d), due_phrase(d, now)),
        },
        overdue: case.contact_overdue(now),
        last_contact: case.last_successful_contact.map_or_else(|| "None yet".into(), when),
        outcome: case.outcome.map(|o| o.label().to_string()),
        parties,
        contacts: contacts
            .iter()
            .map(|c| ContactView {
                when: when(c.contact.at),
                method: c.contact.method.label(),
                with: c.contact.with.label(),
                outcome: c.contact.outcome.label(),
                successful: c.contact.outcome == asbcase_domain::contact::ContactOutcome::Successful,
                summary: c.contact.summary.clone(),
            })
            .collect(),
        timeline: entries(&events, &names, evidence_hidden),
        can_change: case.status != Status::Closed && works,
        can_reopen: case.status == Status::Closed && works,
        can_triage: matches!(case.status, Status::Reported | Status::Triaged) && works,
        can_see_access: is_owner && staff.has(asbcase_domain::organisation::Role::TeamManager),
        csrf,
        version: case.version,
        work,
        messages,
        undelivered,
    };
    render(&page)
}
