//! The partnership working together in the demo: a directory of support services, homes and
//! residents per ward and estate (so hotspots have rates), some cases shared with the police
//! and referred to partners and services (some answered), a case panel coming up, and two
//! applications for an ASB Case Review (one finished, one just acknowledged). Returns the
//! number of case events it wrote.
use crate::place::{COUNCIL, HOODS, POLICE};
use crate::story::Staff;
use crate::{DemoError, id};
use asbcase_domain::case::{Case, Rules, Status};
use asbcase_domain::case_review::{Application, AppliedBy, CaseReview, Decision, ReviewStep};
use asbcase_domain::event::Change;
use asbcase_domain::partnership::{Answer, ReferralTo, ShareScope};
use asbcase_domain::party::PartyRole;
use asbcase_domain::repeats::{AreaKind, AreaSize};
use asbcase_domain::time::london;
use asbcase_domain::{CaseId, TenantId, UserId};
use asbcase_store::{Applicant, Panel, Store, StoredReview, SupportService};
use jiff::{SignedDuration, Timestamp};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeSet;

/// Every how-many-th open case is a candidate for partnership work.
pub(crate) const SAMPLE_EVERY: usize = 5;
/// At most this many cases get partnership work.
const SAMPLE_MAX: usize = 16;

const SERVICES: &[(&str, &str, &str, &str, &str, bool)] = &[
    (
        "Ashford Vale Victim Support",
        "Emotional and practical support for anyone affected by crime or anti-social behaviour",
        "Ashford Vale and the county",
        "Refer online with the person's agreement, or they can call themselves",
        "0808 168 9111 (free, 24 hours)",
        true,
    ),
    (
        "Vale Community Mediation",
        "Neighbour disputes: noise, boundaries, parking, children's behaviour",
        "Ashford Vale",
        "Both households must agree; refer by email with both parties' contact details",
        "mediation@valecommunitymediation.example",
        true,
    ),
    (
        "Turning Point Ashford Vale",
        "Drug and alcohol advice and treatment",
        "Ashford Vale",
        "Self-referral by phone or drop-in; professionals refer online",
        "01632 960 118",
        true,
    ),
    (
        "Vale Homes tenancy sustainment team",
        "Tenants at risk of losing their home: debts, hoarding, support needs",
        "Vale Homes estates",
        "Internal referral from a Vale Homes officer",
        "sustain@valehomes.example",
        false,
    ),
];

fn officer(staff: &Staff) -> Option<UserId> {
    staff.officers.first().map(|(u, _)| *u).or(staff.manager)
}

/// Record `changes` on `case` and store it; the number of events written.
async fn record(
    store: &Store,
    now: Timestamp,
    case: &mut Case,
    changes: Vec<(Change, Option<UserId>, Timestamp)>,
    rules: &Rules<'_>,
) -> Result<u64, DemoError> {
    let n = changes.len() as u64;
    for (change, actor, at) in changes {
        // Never before what the case already holds: its events stay in time order.
        let at = at.max(case.updated_at + SignedDuration::from_mins(30)).min(now.max(case.updated_at));
        case.record(change, actor, at, rules)?;
    }
    store.save_case(case).await?;
    Ok(n)
}

pub(crate) async fn add(
    store: &Store,
    tenant: TenantId,
    staff: &[Staff],
    sample: &[CaseId],
    rng: &mut ChaCha8Rng,
    now: Timestamp,
    rules: &Rules<'_>,
) -> Result<u64, DemoError> {
    let mut events = 0;
    // The directory.
    let mut services = vec![];
    for (name, helps_with, area, how_to_refer, contact, public) in SERVICES {
        let s = SupportService {
            id: id(rng),
            name: name.to_string(),
            helps_with: helps_with.to_string(),
            area: area.to_string(),
            how_to_refer: how_to_refer.to_string(),
            contact: contact.to_string(),
            public: *public,
            active: true,
        };
        store.add_support_service(tenant, &s, now).await?;
        services.push(s);
    }
    // Homes and residents per ward and per estate.
    let wards: BTreeSet<&str> = HOODS.iter().map(|h| h.ward).collect();
    for ward in wards {
        let homes = rng.random_range(1800..4200u32);
        let size = AreaSize { homes: Some(homes), population: Some(homes * 23 / 10) };
        store.set_area_figures(tenant, AreaKind::Ward, ward, size).await?;
    }
    for estate in HOODS.iter().filter(|h| h.landlord.is_some()) {
        let homes = rng.random_range(250..900u32);
        let size = AreaSize { homes: Some(homes), population: Some(homes * 22 / 10) };
        store.set_area_figures(tenant, AreaKind::Estate, estate.name, size).await?;
    }

    let police = &staff[POLICE];
    let day = |n: i64| now - SignedDuration::from_hours(24 * n);
    let mut put_forward = vec![];
    for (i, case_id) in sample.iter().take(SAMPLE_MAX).enumerate() {
        let Some(mut case) = store.case(tenant, *case_id).await? else { continue };
        if case.status != Status::Open || case.organisation == police.id {
            continue;
        }
        let owner = staff.iter().find(|s| s.id == case.organisation);
        let by = owner.and_then(officer);
        let complainant = case.parties.iter().find(|p| p.role == PartyRole::Complainant).map(|p| p.id);
        let changes = match i % 4 {
            0 => vec![(
                Change::Shared {
                    organisation: police.id,
                    scope: ShareScope::Summary,
                    purpose: "Joint problem-solving with the neighbourhood policing team".into(),
                },
                by,
                day(6),
            )],
            1 => {
                let rid = id(rng);
                let mut c = vec![(
                    Change::ReferralMade {
                        id: rid,
                        to: ReferralTo::Organisation { id: police.id },
                        party: None,
                        reason: "Please add the address to patrol plans and tell us of any incidents".into(),
                    },
                    by,
                    day(9),
                )];
                if i % 8 == 1 {
                    c.push((
                        Change::ReferralAnswered {
                            id: rid,
                            answer: Answer::Accepted,
                            note: "Added to the evening patrol plan for four weeks".into(),
                        },
                        police.partner_officer,
                        day(7),
                    ));
                }
                c
            }
            2 => vec![(
                Change::ReferralMade {
                    id: id(rng),
                    to: ReferralTo::Service { id: services[0].id, name: services[0].name.clone() },
                    party: complainant,
                    reason: "Complainant is anxious and not sleeping; agreed to be contacted".into(),
                },
                by,
                day(4),
            )],
            _ => {
                put_forward.push(case.id);
                vec![]
            }
        };
        if !changes.is_empty() {
            events += record(store, now, &mut case, changes, rules).await?;
        }
    }

    // A case panel next week, convened by the council, with the cases kept for it.
    let council = &staff[COUNCIL];
    let today = now.to_zoned(london()).date();
    let panel = Panel {
        id: id(rng),
        tenant,
        organisation: council.id,
        title: "Ashford Vale problem-solving group".into(),
        meets_on: today.checked_add(jiff::Span::new().days(7)).unwrap_or(today),
        created_by: council.manager,
        created_at: day(10),
    };
    store.create_panel(&panel).await?;
    for case_id in put_forward {
        let Some(mut case) = store.case(tenant, case_id).await? else { continue };
        let by = staff.iter().find(|s| s.id == case.organisation).and_then(officer);
        let change = Change::PutToPanel {
            panel: panel.id,
            title: panel.title.clone(),
            meets_on: panel.meets_on,
            reason: "Repeat complaints and no improvement after warnings".into(),
        };
        events += record(store, now, &mut case, vec![(change, by, day(3))], rules).await?;
    }

    // Two applications for a case review.
    let lead = council.id;
    let applied = |days: i64| day(days).to_zoned(london()).date();
    let mut finished = CaseReview::apply(
        tenant,
        Application {
            applied_by: AppliedBy::Complainant,
            consent_confirmed: false,
            applied_on: applied(45),
            matter: None,
            cases: vec![],
            account: "We have reported the drug dealing from the flat opposite many times to the council and the \
                      police and it carries on."
                .into(),
        },
        today,
    )
    .map_err(|e| DemoError::Options(e.to_string()))?;
    let steps = vec![
        ReviewStep::Acknowledged { on: applied(45) },
        ReviewStep::ThresholdDecided {
            on: applied(38),
            decision: Decision::Met,
            reasons:
                "Four complaints to the council and the police in five months, each within a month of the behaviour"
                    .into(),
        },
        ReviewStep::MeetingHeld {
            on: applied(28),
            agencies: vec![council.id, police.id, staff[crate::place::VALE].id],
            applicant_attended: true,
            impact_statement: true,
        },
        ReviewStep::RecommendationMade {
            text: "Police to apply for a closure order on the flat if evidence supports it".into(),
            owner: police.id,
            due: applied(0),
        },
        ReviewStep::OutcomeSent {
            on: applied(25),
            summary:
                "The review found the reports were handled separately; the agencies will now share one action plan."
                    .into(),
        },
    ];
    for step in &steps {
        finished.record(step.clone(), today).map_err(|e| DemoError::Options(e.to_string()))?;
    }
    let year = today.year();
    let stored = |review: CaseReview, reference: String, applicant: Applicant| StoredReview {
        review,
        reference,
        organisation: lead,
        applicant,
        version: 0,
        created_at: now,
        updated_at: now,
    };
    let reference = store.next_review_reference(tenant, year).await?;
    let applicant = Applicant {
        name: "Joan Whitfield".into(),
        email: Some("joan.whitfield@example.com".into()),
        ..Applicant::default()
    };
    store.create_review(&stored(finished, reference, applicant), &steps, &[]).await?;

    let mut waiting = CaseReview::apply(
        tenant,
        Application {
            applied_by: AppliedBy::ThirdParty,
            consent_confirmed: true,
            applied_on: applied(2),
            matter: None,
            cases: vec![],
            account: "My elderly father is being harassed by youths outside his bungalow every evening.".into(),
        },
        today,
    )
    .map_err(|e| DemoError::Options(e.to_string()))?;
    let ack = ReviewStep::Acknowledged { on: applied(2) };
    waiting.record(ack.clone(), today).map_err(|e| DemoError::Options(e.to_string()))?;
    let reference = store.next_review_reference(tenant, year).await?;
    let applicant = Applicant {
        name: "Daniel Okoye".into(),
        phone: Some("07700 900 642".into()),
        on_behalf_of: Some("my father, Samuel Okoye".into()),
        ..Applicant::default()
    };
    store.create_review(&stored(waiting, reference, applicant), &[ack], &[]).await?;
    Ok(events)
}
