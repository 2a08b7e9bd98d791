//! Contacts and interventions files, joined to the cases they belong to.
use super::*;
use crate::calendar::{Calendar, Division};
use crate::category::default_catalogue;
use crate::standards::ServiceStandards;

const CASES: &str = "reference,reported_on,description,categories,risk,address,status,opened_on,closed_on,outcome,complainant_name,complainant_phone,person_complained_about\n\
OLD-7,04/03/2019,Music at night,noise,high,4 Mill Street,closed,05/03/2019,28/06/2019,resolved,Jo Adebayo,07700 900111,Sam at number 6\n\
OLD-8,01/04/2019,Shouting,noise,standard,1 High St,open,01/04/2019,,,,,\n";

fn ctx_parts() -> (Vec<Category>, HashMap<String, UserId>, HashSet<String>) {
    (default_catalogue(), HashMap::new(), HashSet::new())
}

fn now() -> Timestamp {
    crate::time::parse("2026-12-04T12:00:00Z").unwrap()
}

/// The cases file above, with `contacts` and `interventions` files joined to it.
fn joined(contacts: &str, interventions: &str) -> Result<Vec<CaseRow>, (String, HistoryProblems)> {
    let (catalogue, officers, already) = ctx_parts();
    let ctx = ImportContext {
        catalogue: &catalogue,
        officers: &officers,
        already_imported: &already,
        now: now(),
        covers: (2015, 2030),
    };
    let mut cases = read_cases(CASES.as_bytes(), &ctx).unwrap();
    let c = read_contacts(contacts.as_bytes(), &ctx).map_err(|p| (format!("{p:?}"), HistoryProblems::default()))?;
    let i = read_interventions(interventions.as_bytes(), &ctx)
        .map_err(|p| (format!("{p:?}"), HistoryProblems::default()))?;
    let (standards, calendar) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &standards, calendar: &calendar };
    let problems = attach(&mut cases, c, i, &rules, now());
    if problems.is_empty() { Ok(cases) } else { Err((String::new(), problems)) }
}

const CONTACTS: &str = "case_reference,contacted_on,with,method,direction,outcome,summary\n";
const INTERVENTIONS: &str = "case_reference,kind,given_on,ends_on,for,details,mediation\n";

#[test]
fn a_case_takes_its_contacts_and_interventions_in_the_order_they_happened() {
    let contacts = format!(
        "{CONTACTS}OLD-7,06/03/2019 10:15,complainant,phone,outgoing,successful,Called Jo about the music\n\
         old-7,20/03/2019,Person complained about,Home visit,,attempted,Visited number 6\n\
         OLD-8,02/04/2019,complainant,email,incoming,successful,Jo wrote in\n"
    );
    let interventions = format!(
        "{INTERVENTIONS}OLD-7,25/03/2019,,person_complained_about,Letter about noise,\n\
         OLD-7,mediation,10/03/2019,,,Both agreed to mediate,offered\n"
    )
    .replace("OLD-7,25/03/2019,,", "OLD-7,first_warning,25/03/2019,,");
    let cases = joined(&contacts, &interventions).unwrap();
    assert_eq!((cases[0].contacts.len(), cases[0].interventions.len()), (2, 2));
    assert_eq!(cases[1].contacts.len(), 1);
    assert_eq!(
        cases[0].describe(),
        "reported 4 March 2019, closed 28 June 2019 (resolved: behaviour stopped), high risk, noise; complainant Jo Adebayo; with 2 contacts and 2 interventions"
    );
    assert_eq!(
        cases[1].describe(),
        "reported 1 April 2019, open, standard risk, noise; with 1 contact and 0 interventions"
    );
    assert_eq!(cases[0].contacts[1].contact.method, ContactMethod::Visit);
    assert_eq!(cases[0].contacts[1].contact.with, ContactWith::PersonComplainedAbout);

    let (standards, calendar) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &standards, calendar: &calendar };
    let (case, _) = cases[0]
        .to_case(TenantId::new(), OrganisationId::new(), CaseReference::new(2019, 41), "cases.csv", now(), None, &rules)
        .unwrap();
    let kinds: Vec<&str> = case.pending.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "reported",
            "imported",
            "party_added",
            "party_added",
            "triaged",
            "opened",
            "contact_recorded",
            "intervention_recorded",
            "contact_recorded",
            "intervention_recorded",
            "closed"
        ]
    );
    let warning = case.casework.interventions.iter().find(|i| i.kind == InterventionKind::FirstWarning).unwrap();
    let about = case.parties.iter().find(|p| p.role == PartyRole::PersonComplainedAbout).unwrap();
    assert_eq!(warning.party, Some(about.id), "the warning is to the person complained about");
    assert!(case.pending.windows(2).all(|w| w[0].at <= w[1].at), "events in order of time");
    assert_eq!(case.last_successful_contact.unwrap().to_string(), "2019-03-06T10:15:00Z");
    // What the warnings funnel and contact cadence count.
    assert_eq!(case.facts.tools.len(), 2);
}

#[test]
fn history_rows_that_do_not_fit_their_case_are_named_by_file_row_and_column() {
    let contacts = format!(
        "{CONTACTS}OLD-99,06/03/2019,complainant,phone,outgoing,successful,Who?\n\
         OLD-7,01/03/2019,complainant,phone,outgoing,successful,Before the report\n\
         OLD-7,01/07/2019,complainant,phone,outgoing,successful,After closing\n"
    );
    let interventions = format!(
        "{INTERVENTIONS}OLD-8,first_warning,02/04/2019,,complainant,No complainant on OLD-8,\n\
         OLD-7,first_warning,25/03/2019,,,For no one,\n\
         OLD-7,closure_order,26/03/2019,01/05/2019,,No notice first,\n"
    );
    let (_, problems) = joined(&contacts, &interventions).unwrap_err();
    let text = |p: &[Problem]| p.iter().map(Problem::to_string).collect::<Vec<_>>();
    assert_eq!(
        text(&problems.contacts),
        [
            "row 2, column case_reference: 'OLD-99' is not a reference in the cases file",
            "row 3, column contacted_on: is before OLD-7 was reported",
            "row 4, column contacted_on: is after OLD-7 was closed",
        ]
    );
    let interventions = text(&problems.interventions);
    // OLD-7's history is incomplete (two contacts did not fit), so its rules wait for the
    // corrected file rather than complain of what is missing.
    assert_eq!(interventions, ["row 2, column for: OLD-8 has no complainant named"]);
}

#[test]
fn the_case_rules_speak_for_the_history_row_they_refuse_naming_its_column() {
    let interventions = format!(
        "{INTERVENTIONS}OLD-7,first_warning,25/03/2019,,,For no one,\n\
         OLD-7,closure_notice,26/03/2019,27/03/2019,,Notice,\n\
         OLD-7,closure_order,26/03/2019,01/05/2019,,Order the same day,\n"
    );
    let contacts = format!("{CONTACTS}OLD-7,06/03/2019,complainant,phone,outgoing,successful,Call\n");
    let (_, problems) = joined(&contacts, &interventions).unwrap_err();
    let found: Vec<String> = problems.interventions.iter().map(Problem::to_string).collect();
    assert_eq!(found.len(), 1, "{found:?} {problems:?}");
    assert!(
        found[0].starts_with("row 2, column for: ") && found[0].contains("Choose who the first warning"),
        "{found:?}"
    );
    // With the warning named, the notice and the order of one day go in the ladder's order.
    let fixed = interventions.replace(",,For no one", ",person_complained_about,For Sam");
    let cases = joined(&contacts, &fixed).unwrap();
    assert_eq!(cases[0].interventions.len(), 3);
}

#[test]
fn each_cell_of_a_history_file_is_checked() {
    let (catalogue, officers, already) = ctx_parts();
    let ctx = ImportContext {
        catalogue: &catalogue,
        officers: &officers,
        already_imported: &already,
        now: now(),
        covers: (2015, 2030),
    };
    let contacts = format!(
        "{CONTACTS},06/03/2019,complainant,pigeon,sideways,maybe,\n\
         OLD-7,06/03/2031,the neighbours,phone,outgoing,successful,Future\n"
    );
    let found: Vec<String> =
        read_contacts(contacts.as_bytes(), &ctx).unwrap_err().iter().map(Problem::to_string).collect();
    for want in [
        "row 2, column case_reference: is empty",
        "row 2, column method: 'pigeon' is not one of",
        "row 2, column direction: 'sideways' is not one of",
        "row 2, column outcome: 'maybe' is not one of",
        "row 2, column summary: is empty",
        "row 3, column contacted_on: '06/03/2031' is in the future",
        "row 3, column with: 'the neighbours' is not one of",
    ] {
        assert!(found.iter().any(|f| f.starts_with(want)), "{want} not in {found:?}");
    }
    let interventions = format!(
        "{INTERVENTIONS}OLD-7,telling off,32/01/2019,01/01/2018,everyone,,sort of\nOLD-7,first_warning,02/02/2019,01/01/2019,,,\n"
    );
    let found: Vec<String> =
        read_interventions(interventions.as_bytes(), &ctx).unwrap_err().iter().map(Problem::to_string).collect();
    for want in [
        "row 2, column kind: 'telling off' is not one of",
        "row 2, column given_on: '32/01/2019' is not a date",
        "row 2, column for: 'everyone' is not one of",
        "row 2, column mediation: 'sort of' is not one of",
        "row 3, column ends_on: is before the day it was given",
    ] {
        assert!(found.iter().any(|f| f.starts_with(want)), "{want} not in {found:?}");
    }
    let wrong = read_contacts(b"case,date\nOLD-7,06/03/2019\n", &ctx).unwrap_err();
    assert!(wrong[0].to_string().contains("'case' is not a column of a contacts file"), "{wrong:?}");
}

#[test]
fn the_history_templates_in_the_documentation_join_the_cases_template_without_a_problem() {
    let (catalogue, mut officers, already) = ctx_parts();
    officers.insert("officer@council.example".into(), UserId::new());
    let ctx = ImportContext {
        catalogue: &catalogue,
        officers: &officers,
        already_imported: &already,
        now: now(),
        covers: (2015, 2030),
    };
    let mut cases = read_cases(include_str!("../../../../docs/import-cases-template.csv").as_bytes(), &ctx).unwrap();
    let contacts =
        read_contacts(include_str!("../../../../docs/import-contacts-template.csv").as_bytes(), &ctx).unwrap();
    let interventions =
        read_interventions(include_str!("../../../../docs/import-interventions-template.csv").as_bytes(), &ctx)
            .unwrap();
    let (standards, calendar) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &standards, calendar: &calendar };
    assert_eq!(attach(&mut cases, contacts, interventions, &rules, now()), HistoryProblems::default());
    assert_eq!((cases[0].contacts.len(), cases[0].interventions.len()), (3, 2));
    assert_eq!((cases[1].contacts.len(), cases[1].interventions.len()), (1, 1));
}

#[test]
fn a_contact_on_the_report_day_is_never_before_the_report_and_some_kinds_wait_for_the_case_page() {
    // OLD-7 was reported at 9am on 4 March; a contact that morning "at 8:00", or on the day
    // alone, is taken as just after the report.
    let contacts = format!(
        "{CONTACTS}OLD-7,04/03/2019 08:00,complainant,phone,incoming,successful,Early call\n\
         OLD-7,04/03/2019,complainant,phone,outgoing,successful,Called back\n"
    );
    let interventions = format!("{INTERVENTIONS}OLD-7,advice_letter,05/03/2019,,,Letter,\n");
    let cases = joined(&contacts, &interventions).unwrap();
    assert!(cases[0].contacts.iter().all(|c| c.contact.at >= cases[0].reported_at));

    let (catalogue, officers, already) = ctx_parts();
    let ctx = ImportContext {
        catalogue: &catalogue,
        officers: &officers,
        already_imported: &already,
        now: now(),
        covers: (2015, 2030),
    };
    let refused = format!(
        "{INTERVENTIONS}OLD-7,support_referral,05/03/2019,,complainant,Victim support,\n\
         OLD-7,possession,05/03/2019,,person_complained_about,,\n\
         OLD-7,first_warning,05/03/2019,,person_complained_about,,offered\n\
         OLD-7,first_warning,05/03/2019,,persons_unknown,,\n"
    );
    let found: Vec<String> =
        read_interventions(refused.as_bytes(), &ctx).unwrap_err().iter().map(Problem::to_string).collect();
    assert!(found[0].starts_with("row 2, column kind: Support referral cannot be imported"), "{found:?}");
    assert!(found[1].starts_with("row 3, column kind: Possession proceedings cannot be imported"), "{found:?}");
    assert_eq!(found[2], "row 4, column mediation: is only for mediation: leave it empty");
    assert_eq!(found[3], "row 5, column for: persons_unknown is only for a civil injunction");
}
