//! Imported cases count in the figures exactly as the same cases recorded case by case: one
//! council imports three cases of 2019 with their contacts and interventions; another records
//! the same cases step by step through the case rules at the same moments, as its officers
//! would have on the pages; every KPI for 2019 comes out the same for both. On SQLite and
//! PostgreSQL.
mod common;

use asbcase_domain::calendar::Division;
use asbcase_domain::case::{Case, Channel, ClosureOutcome, Flags, HateStrand, NewReport, RuleBook};
use asbcase_domain::category::{default_catalogue, rank};
use asbcase_domain::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use asbcase_domain::event::Change;
use asbcase_domain::ids::{PartyId, PersonId};
use asbcase_domain::intervention::{Intervention, InterventionKind, MediationStage};
use asbcase_domain::location::Location;
use asbcase_domain::party::{Party, PartyRole, Person};
use asbcase_domain::risk::RiskBand;
use asbcase_domain::standards::ServiceStandards;
use asbcase_domain::time::parse;
use asbcase_store::{Store, both_backends};
use common::*;
use jiff::Timestamp;

const IMPORTED: &str = "Imported District Council";
const RECORDED: &str = "Recorded District Council";

// London times in the files; the same moments in UTC below (GMT in March and September 2019,
// BST in June).
const CASES: &str = "reference,reported_on,description,categories,risk,address,hate_strands,status,opened_on,closed_on,outcome,complainant_name,complainant_phone,person_complained_about\n\
OLD-1,04/03/2019 10:00,Music most nights,noise,high,4 Mill Street,,closed,05/03/2019 09:30,30/04/2019 16:00,resolved,Jo Adebayo,07700 900111,Sam Whitlock\n\
OLD-2,10/06/2019 14:00,Shouting and slurs in the stairwell,harassment;noise,standard,2 Orchard Court,race,open,11/06/2019 10:00,,,Ayesha Khan,07700 900222,\n\
OLD-3,01/09/2019 09:00,Rubbish dumped behind the shops,litter,standard,Parade Road,,closed,02/09/2019 09:00,15/09/2019 12:00,no_further_action,,,\n";
const CONTACTS: &str = "case_reference,contacted_on,with,method,outcome,summary\n\
OLD-1,06/03/2019 11:00,complainant,phone,successful,First call\n\
OLD-1,18/03/2019 11:00,complainant,phone,successful,Update\n\
OLD-1,02/04/2019 11:00,complainant,phone,attempted,No answer\n\
OLD-2,12/06/2019 15:00,complainant,visit,successful,Home visit\n";
const INTERVENTIONS: &str = "case_reference,kind,given_on,for,details,mediation\n\
OLD-1,first_warning,20/03/2019,person_complained_about,Noise after 11pm,\n\
OLD-2,mediation,20/06/2019,,Offered to both households,offered\n";

fn at(s: &str) -> Timestamp {
    parse(s).unwrap()
}

fn contact(when: &str, method: ContactMethod, outcome: ContactOutcome, summary: &str) -> (Timestamp, Change) {
    let contact = Contact {
        method,
        direction: Direction::Outgoing,
        outcome,
        with: ContactWith::Complainant,
        summary: summary.into(),
        at: at(when),
    };
    (at(when), Change::ContactRecorded { contact })
}

/// One case recorded step by step, each step at its moment, as the pages record them.
#[allow(clippy::too_many_arguments)]
async fn record(
    store: &Store,
    org: &asbcase_store::Organisation,
    address: &str,
    reported: &str,
    cats: &[&str],
    band: RiskBand,
    hate: bool,
    people: &[(PartyRole, &str)],
    opened: &str,
    steps: Vec<(Timestamp, Change)>,
) {
    let book = RuleBook::new(Division::EnglandAndWales, ServiceStandards::default());
    let rules = book.rules();
    let (categories, priority) =
        rank(&cats.iter().map(|c| c.to_string()).collect::<Vec<_>>(), &default_catalogue()).unwrap();
    let reference = store.next_reference(org.tenant, 2019).await.unwrap();
    let report = NewReport {
        organisation: org.id,
        channel: Channel::Phone,
        description: "Recorded on the pages".into(),
        categories,
        priority,
        risk_band: band,
        location: Location { address: address.into(), ..Location::default() },
        flags: Flags { hate_strands: if hate { vec![HateStrand::Race] } else { vec![] }, ..Flags::default() },
        patch: None,
        reported_at: at(reported),
        assessment: None,
        details: Default::default(),
    };
    let mut case = Case::report(org.tenant, reference, report, None, &rules).unwrap();
    let mut parties = vec![];
    for (role, name) in people {
        let person = Person { id: PersonId::new(), name: name.to_string(), address: None, phone: None, email: None };
        store.create_person(org.tenant, &person, at(reported)).await.unwrap();
        let party = Party { id: PartyId::new(), role: *role, person: Some(person.id), description: None };
        parties.push(party.id);
        case.record(Change::PartyAdded { party }, None, at(reported), &rules).unwrap();
    }
    case.record(Change::Triaged { note: "ASB".into() }, None, at(opened), &rules).unwrap();
    case.record(Change::Opened, None, at(opened), &rules).unwrap();
    for (when, mut change) in steps {
        // A warning is to the person complained about: the second party.
        if let Change::InterventionRecorded { intervention } = &mut change
            && intervention.kind == InterventionKind::FirstWarning
        {
            intervention.party = parties.get(1).copied();
        }
        case.record(change, None, when, &rules).unwrap();
    }
    store.save_case(&mut case).await.unwrap();
}

fn intervention(kind: InterventionKind, on: jiff::civil::Date, mediation: Option<MediationStage>) -> Change {
    Change::InterventionRecorded {
        intervention: Intervention {
            id: uuid::Uuid::new_v4(),
            kind,
            party: None,
            on,
            ends: None,
            details: "Recorded on the pages".into(),
            mediation,
            support: None,
            injunction: None,
            ground: None,
            breaches: vec![],
        },
    }
}

fn closed(outcome: ClosureOutcome) -> Change {
    Change::Closed { outcome, summary: "Closed".into(), survey: false, open_actions_confirmed: true }
}

both_backends!(imported_cases_count_in_the_figures_as_the_same_cases_recorded_step_by_step, |db| async move {
    let url = db.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        path.to_str().unwrap().to_string()
    };
    let (cases, contacts, interventions) =
        (file("cases.csv", CASES), file("contacts.csv", CONTACTS), file("interventions.csv", INTERVENTIONS));
    blocking({
        let url = url.clone();
        move || {
            add_council(&url, "Ashford Vale", IMPORTED);
            add_council(&url, "Ashford Vale", RECORDED);
            ok(
                &url,
                &[
                    "import",
                    "cases",
                    &cases,
                    "--contacts",
                    &contacts,
                    "--interventions",
                    &interventions,
                    "--org",
                    IMPORTED,
                ],
            );
        }
    })
    .await;

    let tenant = db.store.tenants().await.unwrap()[0].id;
    let orgs = db.store.organisations(tenant).await.unwrap();
    let org = orgs.iter().find(|o| o.name == RECORDED).unwrap();
    let d = |y, m, day| jiff::civil::date(y, m, day);
    use ContactMethod::{Phone, Visit};
    use ContactOutcome::{Attempted, Successful};
    let with_both = [(PartyRole::Complainant, "Jo Adebayo"), (PartyRole::PersonComplainedAbout, "Sam Whitlock")];
    record(
        &db.store,
        org,
        "4 Mill Street",
        "2019-03-04T10:00:00Z",
        &["noise"],
        RiskBand::High,
        false,
        &with_both,
        "2019-03-05T09:30:00Z",
        vec![
            contact("2019-03-06T11:00:00Z", Phone, Successful, "First call"),
            contact("2019-03-18T11:00:00Z", Phone, Successful, "Update"),
            (at("2019-03-20T12:00:00Z"), intervention(InterventionKind::FirstWarning, d(2019, 3, 20), None)),
            contact("2019-04-02T10:00:00Z", Phone, Attempted, "No answer"),
            (at("2019-04-30T15:00:00Z"), closed(ClosureOutcome::Resolved)),
        ],
    )
    .await;
    record(
        &db.store,
        org,
        "2 Orchard Court",
        "2019-06-10T13:00:00Z",
        &["harassment", "noise"],
        RiskBand::Standard,
        true,
        &[(PartyRole::Complainant, "Ayesha Khan")],
        "2019-06-11T09:00:00Z",
        vec![
            contact("2019-06-12T14:00:00Z", Visit, Successful, "Home visit"),
            (
                at("2019-06-20T11:00:00Z"),
                intervention(InterventionKind::Mediation, d(2019, 6, 20), Some(MediationStage::Offered)),
            ),
        ],
    )
    .await;
    record(
        &db.store,
        org,
        "Parade Road",
        "2019-09-01T08:00:00Z",
        &["litter"],
        RiskBand::Standard,
        false,
        &[],
        "2019-09-02T08:00:00Z",
        vec![(at("2019-09-15T11:00:00Z"), closed(ClosureOutcome::NoFurtherAction))],
    )
    .await;

    let figures = |org: &'static str| {
        let url = url.clone();
        blocking(move || {
            let json =
                ok(&url, &["kpi", "--org", org, "--from", "2019-01-01", "--to", "2019-12-31", "--format", "json"]);
            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
            v["figures"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| (f["kpi"].clone(), f["part"].clone(), f["measure"].clone()))
                .collect::<Vec<_>>()
        })
    };
    let (imported, recorded) = (figures(IMPORTED).await, figures(RECORDED).await);
    assert!(imported.len() > 20, "every KPI is compared: {imported:?}");
    for (i, r) in imported.iter().zip(&recorded) {
        assert_eq!(i, r, "the imported cases and the recorded ones disagree");
    }
    assert_eq!(imported.len(), recorded.len());
    // And the figures are not empty: the cases were counted.
    let opened = imported.iter().find(|(k, p, _)| k == "cases_opened" && p == "").unwrap();
    assert!(opened.2.to_string().contains('3'), "{opened:?}");
});
