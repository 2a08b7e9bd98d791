use super::*;
use crate::calendar::{Calendar, Division};
use crate::ids::{CaseId, OrganisationId, PersonId, TenantId};
use crate::reference::CaseReference;
use crate::survey::Satisfaction;
use jiff::Span;
use jiff::civil::{Date, date};
use proptest::prelude::*;

const MILL_STREET: &str = "12 Mill Street, AB1 2CD";

fn complaint(number: u64, organisation: OrganisationId, reported_on: Date) -> Complaint {
    Complaint {
        case: CaseId::new(),
        reference: CaseReference::new(reported_on.year(), number),
        organisation,
        reported_on,
        behaviour_on: Some(reported_on),
        complainant: Some(PersonId::new()),
        household: None,
        location: None,
        persons_complained_about: vec![],
        hate_incident: false,
    }
}

fn at_mill_street(number: u64, organisation: OrganisationId, reported_on: Date) -> Complaint {
    Complaint { location: Some(MILL_STREET.into()), ..complaint(number, organisation, reported_on) }
}

fn mill_street() -> Matter {
    Matter::Location(normalise_key(MILL_STREET).unwrap())
}

fn problem_fields(err: ReviewError) -> Vec<String> {
    match err {
        ReviewError::Problems(ps) => ps.into_iter().map(|p| p.field).collect(),
        other => panic!("expected problems, got {other}"),
    }
}

fn calendar() -> Calendar {
    Calendar::bundled(Division::EnglandAndWales)
}

// --- Rules -------------------------------------------------------------------------------------

#[test]
fn the_law_s_rules_apply_where_the_area_has_set_nothing() {
    let book = RuleBook::default();
    assert_eq!(book.in_force(date(2026, 5, 1)), &STATUTORY);
    assert_eq!(ReviewRules::default(), STATUTORY);
    assert_eq!((STATUTORY.threshold, STATUTORY.window_months, STATUTORY.qualify_within_months), (3, 6, 1));
    assert_eq!(STATUTORY.timescales, Timescales { acknowledge: 5, decision: 10, meeting: 20, outcome: 25 });
    STATUTORY.check().unwrap();
}

#[test]
fn rules_an_area_sets_are_checked_with_a_reason_for_each_problem() {
    let rules = ReviewRules {
        threshold: 4,
        window_months: 3,
        qualify_within_months: 0,
        different_households: Some(1),
        timescales: Timescales { acknowledge: 5, decision: 3, meeting: 20, outcome: 70 },
        ..STATUTORY
    };
    let err = rules.check().unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains(
            "the threshold must be between 1 and 3 complaints: the law says 3 or a lower number the area sets"
        ),
        "{message}"
    );
    assert!(
        message.contains(
            "the threshold decision (3 working days) cannot be due before the acknowledgement (5 working days)"
        )
    );
    assert!(message.contains("the time for the outcome letter must be 1 to 60 working days"));
    assert_eq!(
        problem_fields(err),
        ["threshold", "window_months", "qualify_within_months", "different_households", "outcome", "decide"]
    );
    assert!(ReviewRules { threshold: 0, ..STATUTORY }.check().is_err(), "a threshold of no complaints means nothing");
    ReviewRules { threshold: 1, window_months: 12, hate_incident_triggers: true, ..STATUTORY }.check().unwrap();
}

#[test]
fn each_version_of_the_rules_is_checked_and_no_two_start_on_the_same_day() {
    let april = ReviewRules { effective_from: date(2026, 4, 1), threshold: 2, ..STATUTORY };
    let err = RuleBook::new(vec![april.clone(), ReviewRules { threshold: 5, ..april.clone() }]).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("rules from 1 April 2026: the threshold must be between 1 and 3"), "{message}");
    assert!(message.contains("two versions of the rules take effect on 1 April 2026"), "{message}");

    let mut book = RuleBook::new(vec![april.clone()]).unwrap();
    assert!(book.add(april.clone()).is_err());
    assert_eq!(book.versions().len(), 1, "a refused version leaves the book as it was");
    book.add(ReviewRules { effective_from: date(2025, 4, 1), ..STATUTORY }).unwrap();
    assert_eq!(book.versions()[0].effective_from, date(2025, 4, 1), "versions are kept in date order");
}

#[test]
fn a_rule_book_round_trips_through_json_and_a_bad_one_is_refused() {
    let book = RuleBook::new(vec![ReviewRules {
        effective_from: date(2026, 4, 1),
        different_households: Some(5),
        hate_incident_triggers: true,
        ..STATUTORY
    }])
    .unwrap();
    let json = serde_json::to_string(&book).unwrap();
    assert_eq!(serde_json::from_str::<RuleBook>(&json).unwrap(), book);
    let bad = json.replace("\"threshold\":3", "\"threshold\":4");
    let err = serde_json::from_str::<RuleBook>(&bad).unwrap_err();
    assert!(err.to_string().contains("the threshold must be between 1 and 3"), "{err}");
    // Rules stored before a field existed take its default.
    let old: ReviewRules = serde_json::from_str(r#"{"effective_from":"2026-04-01","threshold":2}"#).unwrap();
    assert_eq!(old, ReviewRules { effective_from: date(2026, 4, 1), threshold: 2, ..STATUTORY });
}

#[test]
fn an_application_on_31_august_counts_complaints_from_1_march_not_28_february() {
    // 31 August less 6 months is not 28 February: a complaint of 28 February could only be
    // counted by an application up to 28 August.
    assert!(!STATUTORY.in_time(date(2026, 2, 28), date(2026, 8, 31)));
    assert!(STATUTORY.in_time(date(2026, 2, 28), date(2026, 8, 28)));
    assert!(STATUTORY.in_time(date(2026, 3, 1), date(2026, 8, 31)));
    // A complaint of 31 August counts until the last day of February.
    assert!(STATUTORY.in_time(date(2025, 8, 31), date(2026, 2, 28)));
    assert!(!STATUTORY.in_time(date(2025, 8, 31), date(2026, 3, 1)));
    // A leap year's February.
    assert!(STATUTORY.in_time(date(2027, 8, 31), date(2028, 2, 29)));
    assert!(!STATUTORY.in_time(date(2026, 5, 2), date(2026, 5, 1)), "a complaint after the application");
}

#[test]
fn a_complaint_made_6_weeks_after_the_behaviour_does_not_qualify() {
    let org = OrganisationId::new();
    let behaviour = date(2026, 3, 1);
    let made = |on: Date| Complaint { behaviour_on: Some(behaviour), ..complaint(1, org, on) };
    assert!(!qualifies(&made(date(2026, 4, 12)), &STATUTORY), "6 weeks after");
    assert!(qualifies(&made(date(2026, 3, 29)), &STATUTORY), "4 weeks after");
    assert!(qualifies(&made(date(2026, 4, 1)), &STATUTORY), "a month to the day");
    assert!(!qualifies(&made(date(2026, 4, 2)), &STATUTORY));
    assert!(qualifies(&made(date(2026, 4, 12)), &ReviewRules { qualify_within_months: 2, ..STATUTORY }));
    // Behaviour on 31 January: a month later is the end of February.
    let late_jan = Complaint { behaviour_on: Some(date(2026, 1, 31)), ..complaint(1, org, date(2026, 2, 28)) };
    assert!(qualifies(&late_jan, &STATUTORY));
    assert!(!qualifies(&Complaint { reported_on: date(2026, 3, 1), ..late_jan }, &STATUTORY));
    // Not knowing when it happened, we take the complaint as made at the time.
    assert!(qualifies(&Complaint { behaviour_on: None, ..made(date(2026, 9, 1)) }, &STATUTORY));
}

// --- Detection ---------------------------------------------------------------------------------

#[test]
fn three_reports_to_two_landlords_and_the_police_about_one_address_within_6_months_trigger() {
    let (landlord_a, landlord_b, police) = (OrganisationId::new(), OrganisationId::new(), OrganisationId::new());
    let complaints = vec![
        Complaint {
            location: Some(" 12 MILL street,  ab1 2cd".into()),
            ..at_mill_street(9, police, date(2026, 5, 20))
        },
        at_mill_street(1, landlord_a, date(2026, 1, 10)),
        at_mill_street(4, landlord_b, date(2026, 3, 2)),
    ];
    let found = detect(&complaints, &RuleBook::default(), date(2026, 6, 1));
    assert_eq!(found.len(), 1, "each complainant complained once, so only the address reaches the threshold");
    let d = &found[0];
    assert_eq!(d.matter, mill_street());
    assert_eq!(d.triggers, [Trigger::Threshold { count: 3, threshold: 3 }]);
    let dates: Vec<Date> = d.complaints.iter().map(|c| c.reported_on).collect();
    assert_eq!(dates, [date(2026, 1, 10), date(2026, 3, 2), date(2026, 5, 20)]);
    let mut orgs = vec![landlord_a, landlord_b, police];
    orgs.sort();
    assert_eq!(d.organisations, orgs);
    assert_eq!(d.triggers[0].describe(), "3 qualifying complaints (the threshold is 3)");
}

#[test]
fn the_same_three_reports_spread_over_8_months_do_not() {
    let org = OrganisationId::new();
    let complaints = vec![
        at_mill_street(1, org, date(2025, 10, 6)),
        at_mill_street(2, org, date(2026, 2, 2)),
        at_mill_street(3, org, date(2026, 6, 1)),
    ];
    assert!(detect(&complaints, &RuleBook::default(), date(2026, 6, 1)).is_empty());
    // Six months to the day still counts; a day more does not.
    let edge = vec![at_mill_street(1, org, date(2025, 12, 1)), complaints[1].clone(), complaints[2].clone()];
    assert_eq!(detect(&edge, &RuleBook::default(), date(2026, 6, 1)).len(), 1);
    assert!(detect(&edge, &RuleBook::default(), date(2026, 6, 2)).is_empty());
}

#[test]
fn complaints_made_too_long_after_the_behaviour_or_after_today_do_not_count() {
    let org = OrganisationId::new();
    let complaints = vec![
        at_mill_street(1, org, date(2026, 3, 2)),
        at_mill_street(2, org, date(2026, 4, 6)),
        Complaint { behaviour_on: Some(date(2026, 3, 1)), ..at_mill_street(3, org, date(2026, 4, 12)) },
        at_mill_street(4, org, date(2026, 5, 2)),
    ];
    assert!(detect(&complaints, &RuleBook::default(), date(2026, 5, 1)).is_empty());
    assert_eq!(detect(&complaints, &RuleBook::default(), date(2026, 5, 2))[0].complaints.len(), 3);
}

#[test]
fn a_hate_incident_triggers_under_the_hate_variant_and_not_without_it() {
    let org = OrganisationId::new();
    let person = PersonId::new();
    let hate = Complaint {
        hate_incident: true,
        persons_complained_about: vec![person],
        ..complaint(1, org, date(2026, 5, 1))
    };
    let complaints = [hate];
    let today = date(2026, 5, 4);
    assert!(detect(&complaints, &RuleBook::default(), today).is_empty());
    let book = RuleBook::new(vec![ReviewRules { hate_incident_triggers: true, ..STATUTORY }]).unwrap();
    let found = detect(&complaints, &book, today);
    let matters: Vec<&Matter> = found.iter().map(|d| &d.matter).collect();
    assert_eq!(
        matters,
        [&Matter::Complainant(complaints[0].complainant.unwrap()), &Matter::PersonComplainedAbout(person)]
    );
    assert!(found.iter().all(|d| d.triggers == [Trigger::HateIncident]));
}

#[test]
fn a_lower_number_set_by_the_area_from_1_april_applies_only_from_then() {
    let org = OrganisationId::new();
    let complaints = vec![at_mill_street(1, org, date(2026, 2, 9)), at_mill_street(2, org, date(2026, 3, 16))];
    let book =
        RuleBook::new(vec![ReviewRules { effective_from: date(2026, 4, 1), threshold: 2, ..STATUTORY }]).unwrap();
    assert_eq!(book.in_force(date(2026, 3, 31)), &STATUTORY);
    assert!(detect(&complaints, &book, date(2026, 3, 31)).is_empty());
    let found = detect(&complaints, &book, date(2026, 4, 1));
    assert_eq!(found[0].triggers, [Trigger::Threshold { count: 2, threshold: 2 }]);
}

#[test]
fn five_households_trigger_the_households_variant_but_four_and_a_repeat_do_not() {
    let org = OrganisationId::new();
    let book = RuleBook::new(vec![ReviewRules { different_households: Some(5), ..STATUTORY }]).unwrap();
    let from = |n: u64, household: &str, on: Date| Complaint {
        household: Some(household.into()),
        ..at_mill_street(n, org, on)
    };
    let mut complaints: Vec<Complaint> =
        (1..=4).map(|n| from(n, &format!("Flat {n}, 10 Mill Street"), date(2026, 4, n as i8))).collect();
    complaints.push(from(5, "flat 1,  10 mill street", date(2026, 4, 20)));
    let found = detect(&complaints, &book, date(2026, 5, 1));
    // Five complaints about one address already meet the law's threshold of 3; the variant
    // is not met, since only four households have complained.
    assert_eq!(found[0].triggers, [Trigger::Threshold { count: 5, threshold: 3 }]);

    complaints.push(from(6, "Flat 5, 10 Mill Street", date(2026, 4, 21)));
    let found = detect(&complaints, &book, date(2026, 5, 1));
    assert_eq!(
        found[0].triggers,
        [Trigger::Threshold { count: 6, threshold: 3 }, Trigger::DifferentHouseholds { households: 5, needed: 5 }]
    );
}

#[test]
fn one_complaint_counts_once_for_each_matter_it_concerns() {
    let org = OrganisationId::new();
    let (complainant, neighbour) = (PersonId::new(), PersonId::new());
    let one = |n: u64, on: Date| Complaint {
        complainant: Some(complainant),
        persons_complained_about: vec![neighbour, neighbour],
        ..at_mill_street(n, org, on)
    };
    let first = one(1, date(2026, 4, 1));
    // The same complaint given twice, and a second complaint naming the neighbour twice.
    let complaints = vec![first.clone(), first, one(2, date(2026, 4, 8))];
    assert!(detect(&complaints, &RuleBook::default(), date(2026, 5, 1)).is_empty(), "two complaints, not three");
    let complaints = [complaints, vec![one(3, date(2026, 4, 15))]].concat();
    let found = detect(&complaints, &RuleBook::default(), date(2026, 5, 1));
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|d| d.complaints.len() == 3));
}

#[test]
fn one_complainant_s_reports_to_three_organisations_about_different_places_trigger() {
    let complainant = PersonId::new();
    let complaints: Vec<Complaint> = (1..=3)
        .map(|n| Complaint {
            complainant: Some(complainant),
            location: Some(format!("{n} Mill Street")),
            ..complaint(n, OrganisationId::new(), date(2026, 2, n as i8))
        })
        .collect();
    let found = detect(&complaints, &RuleBook::default(), date(2026, 3, 1));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].matter, Matter::Complainant(complainant));
    assert_eq!(found[0].organisations.len(), 3);
}

#[test]
fn detections_come_strongest_first_then_by_matter() {
    let org = OrganisationId::new();
    let person = PersonId::new();
    let mut complaints: Vec<Complaint> = (1..=3).map(|n| at_mill_street(n, org, date(2026, 3, n as i8))).collect();
    complaints.extend((4..=7).map(|n| Complaint {
        location: Some("1 High Street".into()),
        persons_complained_about: vec![person],
        ..complaint(n, org, date(2026, 3, n as i8))
    }));
    let found = detect(&complaints, &RuleBook::default(), date(2026, 4, 1));
    let order: Vec<(&Matter, usize)> = found.iter().map(|d| (&d.matter, d.complaints.len())).collect();
    assert_eq!(
        order,
        [
            (&Matter::Location("1 HIGH STREET".into()), 4),
            (&Matter::PersonComplainedAbout(person), 4),
            (&mill_street(), 3)
        ]
    );
    let again: Vec<Complaint> = complaints.into_iter().rev().collect();
    assert_eq!(detect(&again, &RuleBook::default(), date(2026, 4, 1)), found, "input order does not matter");
}

// --- Workflow ----------------------------------------------------------------------------------

fn application(applied_on: Date) -> Application {
    Application {
        applied_by: AppliedBy::Complainant,
        consent_confirmed: false,
        applied_on,
        matter: Some(mill_street()),
        cases: vec![CaseReference::new(2026, 1)],
        account: "  Loud music and shouting from the flat below most nights since January ".into(),
    }
}

fn review(applied_on: Date) -> CaseReview {
    CaseReview::apply(TenantId::new(), application(applied_on), applied_on).unwrap()
}

fn decided(applied_on: Date, decided_on: Date, decision: Decision) -> CaseReview {
    let mut r = review(applied_on);
    r.record(ReviewStep::Acknowledged { on: applied_on }, decided_on).unwrap();
    r.record(ReviewStep::ThresholdDecided { on: decided_on, decision, reasons: "Four complaints".into() }, decided_on)
        .unwrap();
    r
}

fn meeting(on: Date) -> ReviewStep {
    ReviewStep::MeetingHeld {
        on,
        agencies: vec![OrganisationId::new(), OrganisationId::new()],
        applicant_attended: false,
        impact_statement: true,
    }
}

fn refusal(r: Result<(), ReviewError>) -> String {
    match r {
        Err(ReviewError::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_review_goes_from_application_to_outcome_appeal_and_feedback() {
    let landlord = OrganisationId::new();
    let mut r = CaseReview::apply(
        TenantId::new(),
        Application { applied_by: AppliedBy::ThirdParty, consent_confirmed: true, ..application(date(2026, 3, 2)) },
        date(2026, 3, 2),
    )
    .unwrap();
    assert_eq!(r.application.account, "Loud music and shouting from the flat below most nights since January");
    let today = date(2026, 6, 30);
    let steps = vec![
        ReviewStep::Acknowledged { on: date(2026, 3, 4) },
        ReviewStep::ThresholdDecided {
            on: date(2026, 3, 12),
            decision: Decision::Met,
            reasons: " Three qualifying complaints to two organisations ".into(),
        },
        meeting(date(2026, 3, 26)),
        ReviewStep::RecommendationMade {
            text: "Install noise monitoring equipment".into(),
            owner: landlord,
            due: date(2026, 4, 24),
        },
        ReviewStep::RecommendationMade { text: "Joint visit".into(), owner: landlord, due: date(2026, 3, 26) },
        ReviewStep::OutcomeSent { on: date(2026, 4, 2), summary: "Two recommendations agreed".into() },
        ReviewStep::RecommendationDone { number: 2, on: date(2026, 4, 3) },
        ReviewStep::Appealed {
            on: date(2026, 4, 20),
            to: "Police and Crime Commissioner".into(),
            grounds: "The monitoring will take too long".into(),
        },
        ReviewStep::AppealDecided {
            on: date(2026, 5, 18),
            result: AppealResult::NotUpheld,
            summary: "The recommendations are reasonable".into(),
        },
        ReviewStep::FeedbackGiven {
            on: date(2026, 5, 20),
            answers: ApplicantFeedback::check("fairly_satisfied", "Thank you").unwrap(),
        },
    ];
    for step in steps {
        r.record(step.clone(), today).unwrap_or_else(|e| panic!("{step:?}: {e}"));
    }
    assert_eq!(r.threshold_met(), Some(true));
    assert_eq!(r.decision.as_ref().unwrap().reasons, "Three qualifying complaints to two organisations");
    assert_eq!(r.recommendations[1].done_on, Some(date(2026, 4, 3)));
    assert_eq!(r.appeal.as_ref().unwrap().decision.as_ref().unwrap().result, AppealResult::NotUpheld);
    assert!(r.feedback.as_ref().unwrap().answers.satisfied());
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(serde_json::from_str::<CaseReview>(&json).unwrap(), r);
}

#[test]
fn an_application_by_someone_else_needs_the_complainant_s_consent() {
    let bad = Application {
        applied_by: AppliedBy::ThirdParty,
        consent_confirmed: false,
        account: "   ".into(),
        ..application(date(2026, 3, 3))
    };
    let err = CaseReview::apply(TenantId::new(), bad.clone(), date(2026, 3, 2)).unwrap_err();
    assert!(err.to_string().contains("confirm that the complainant agrees to someone else applying"), "{err}");
    assert_eq!(problem_fields(err), ["consent_confirmed", "account", "applied_on"]);
    let staff = Application {
        applied_by: AppliedBy::Staff,
        matter: Some(Matter::Location("12 mill street,  ab1 2cd".into())),
        ..application(date(2026, 3, 2))
    };
    let r = CaseReview::apply(TenantId::new(), staff, date(2026, 3, 2)).unwrap();
    assert_eq!(r.application.matter, Some(mill_street()), "kept by the key detection uses");
}

#[test]
fn steps_must_come_in_order() {
    let today = date(2026, 6, 1);
    let mut r = review(date(2026, 3, 2));
    let decide = |on| ReviewStep::ThresholdDecided { on, decision: Decision::Met, reasons: "Three complaints".into() };
    assert_eq!(
        refusal(r.record(decide(date(2026, 3, 12)), today)),
        "acknowledge the application before deciding whether the threshold is met"
    );
    assert_eq!(
        refusal(r.record(meeting(date(2026, 3, 20)), today)),
        "decide whether the threshold is met before recording the review meeting"
    );
    assert_eq!(
        refusal(r.record(ReviewStep::OutcomeSent { on: date(2026, 3, 20), summary: "x".into() }, today)),
        "decide whether the threshold is met before sending the outcome"
    );
    r.record(ReviewStep::Acknowledged { on: date(2026, 3, 3) }, today).unwrap();
    assert_eq!(
        refusal(r.record(ReviewStep::Acknowledged { on: date(2026, 3, 3) }, today)),
        "the application has already been acknowledged"
    );
    let no_reasons =
        ReviewStep::ThresholdDecided { on: date(2026, 3, 12), decision: Decision::Met, reasons: " ".into() };
    assert_eq!(refusal(r.record(no_reasons, today)), "give the reasons for the threshold decision");
    r.record(decide(date(2026, 3, 12)), today).unwrap();
    assert_eq!(
        refusal(r.record(ReviewStep::OutcomeSent { on: date(2026, 3, 20), summary: "x".into() }, today)),
        "hold the review meeting before sending the outcome"
    );
    let rec = |due| ReviewStep::RecommendationMade { text: "Joint visit".into(), owner: OrganisationId::new(), due };
    assert_eq!(refusal(r.record(rec(date(2026, 4, 1)), today)), "record the review meeting before its recommendations");
    assert_eq!(
        refusal(r.record(meeting(date(2026, 3, 11)), today)),
        "the meeting cannot be before the threshold decision (12 March 2026)"
    );
    let nobody = ReviewStep::MeetingHeld {
        on: date(2026, 3, 20),
        agencies: vec![],
        applicant_attended: true,
        impact_statement: false,
    };
    assert_eq!(refusal(r.record(nobody, today)), "name the agencies at the review meeting");
    r.record(meeting(date(2026, 3, 20)), today).unwrap();
    assert_eq!(
        refusal(r.record(rec(date(2026, 3, 19)), today)),
        "a recommendation cannot be due before the review meeting (20 March 2026)"
    );
    assert_eq!(
        refusal(r.record(ReviewStep::RecommendationDone { number: 1, on: date(2026, 3, 25) }, today)),
        "there is no recommendation 1"
    );
    let appeal = ReviewStep::Appealed { on: date(2026, 4, 10), to: "PCC".into(), grounds: "Too slow".into() };
    assert_eq!(refusal(r.record(appeal.clone(), today)), "an appeal can only be made once the outcome has been sent");
    let decide_appeal =
        ReviewStep::AppealDecided { on: date(2026, 5, 1), result: AppealResult::Upheld, summary: "Look again".into() };
    assert_eq!(refusal(r.record(decide_appeal.clone(), today)), "there is no appeal to decide");
    let feedback = ReviewStep::FeedbackGiven {
        on: date(2026, 4, 10),
        answers: ApplicantFeedback { handling: Satisfaction::Neither, comments: String::new() },
    };
    assert_eq!(
        refusal(r.record(feedback.clone(), today)),
        "feedback can be given only after the outcome has been sent"
    );
    r.record(ReviewStep::OutcomeSent { on: date(2026, 3, 27), summary: "No recommendations".into() }, today).unwrap();
    assert_eq!(
        refusal(r.record(rec(date(2026, 4, 1)), today)),
        "the outcome has been sent: recommendations are recorded before it"
    );
    r.record(appeal.clone(), today).unwrap();
    assert_eq!(refusal(r.record(appeal, today)), "an appeal has already been recorded");
    r.record(decide_appeal.clone(), today).unwrap();
    assert_eq!(refusal(r.record(decide_appeal, today)), "the appeal result has already been recorded");
    r.record(feedback.clone(), today).unwrap();
    assert_eq!(refusal(r.record(feedback, today)), "the applicant's feedback has already been recorded");
}

#[test]
fn when_the_threshold_is_not_met_the_outcome_follows_the_decision() {
    let mut r = decided(date(2026, 3, 2), date(2026, 3, 9), Decision::NotMet);
    assert_eq!(r.threshold_met(), Some(false));
    assert_eq!(
        refusal(r.record(meeting(date(2026, 3, 10)), date(2026, 3, 10))),
        "the threshold was not met, so there is no review meeting"
    );
    assert_eq!(
        refusal(
            r.record(ReviewStep::OutcomeSent { on: date(2026, 3, 6), summary: "Not met".into() }, date(2026, 3, 10))
        ),
        "the outcome letter cannot be before the threshold decision (9 March 2026)"
    );
    r.record(
        ReviewStep::OutcomeSent { on: date(2026, 3, 10), summary: "One complaint in six months".into() },
        date(2026, 3, 10),
    )
    .unwrap();
}

#[test]
fn no_step_is_dated_in_the_future_or_before_the_application() {
    let mut r = review(date(2026, 3, 2));
    assert_eq!(
        refusal(r.record(ReviewStep::Acknowledged { on: date(2026, 3, 5) }, date(2026, 3, 4))),
        "the acknowledgement cannot be in the future"
    );
    assert_eq!(
        refusal(r.record(ReviewStep::Acknowledged { on: date(2026, 2, 27) }, date(2026, 3, 4))),
        "the acknowledgement cannot be before the application (2 March 2026)"
    );
    assert_eq!(r.acknowledged_on, None, "a refused step changes nothing");
}

#[test]
fn feedback_is_a_five_point_scale_and_an_optional_comment() {
    let err = ApplicantFeedback::check("", &"a".repeat(crate::survey::COMMENTS_MAX + 1)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Select how satisfied you are with how the review was handled; Your comments must be 2000 characters or fewer"
    );
    assert_eq!(problem_fields(err), ["handling", "comments"]);
    let f = ApplicantFeedback::check("very_dissatisfied", "  ").unwrap();
    assert!(!f.satisfied());
    assert_eq!(f.comments, "");
}

// --- Due dates and overdue steps ---------------------------------------------------------------

fn due(r: &CaseReview, timescales: &Timescales) -> Vec<(Step, Date)> {
    r.due_dates(timescales, &calendar()).unwrap().into_iter().map(|s| (s.step, s.due)).collect()
}

#[test]
fn due_dates_skip_the_christmas_and_new_year_bank_holidays() {
    // Mon 14 Dec 2026. Christmas is Fri 25, Boxing Day's substitute Mon 28 Dec, New Year Fri 1 Jan.
    let r = review(date(2026, 12, 14));
    assert_eq!(
        due(&r, &Timescales::DEFAULT),
        [
            (Step::Acknowledge, date(2026, 12, 21)),
            (Step::Decide, date(2026, 12, 30)),
            (Step::Meet, date(2027, 1, 14)),
            (Step::Outcome, date(2027, 1, 21)),
        ]
    );
}

#[test]
fn due_dates_skip_good_friday_and_easter_monday() {
    // Mon 30 March 2026: Good Friday is 3 April and Easter Monday 6 April.
    let r = review(date(2026, 3, 30));
    assert_eq!(due(&r, &Timescales::DEFAULT)[0], (Step::Acknowledge, date(2026, 4, 8)));
}

#[test]
fn the_local_timescales_in_force_on_the_application_date_set_the_due_dates() {
    let book = RuleBook::new(vec![ReviewRules {
        effective_from: date(2026, 4, 1),
        timescales: Timescales { acknowledge: 2, decision: 5, meeting: 15, outcome: 20 },
        ..STATUTORY
    }])
    .unwrap();
    let march = review(date(2026, 3, 9));
    let april = review(date(2026, 4, 13));
    assert_eq!(due(&march, &book.in_force(march.application.applied_on).timescales)[0].1, date(2026, 3, 16));
    assert_eq!(due(&april, &book.in_force(april.application.applied_on).timescales)[0].1, date(2026, 4, 15));
}

#[test]
fn steps_not_done_by_their_due_date_are_flagged_overdue() {
    let cal = calendar();
    let t = Timescales::DEFAULT;
    // Mon 2 March 2026: acknowledge by Mon 9 March, decide by Mon 16 March.
    let mut r = review(date(2026, 3, 2));
    assert!(r.overdue(date(2026, 3, 9), &t, &cal).unwrap().is_empty(), "due by the end of the day");
    let late: Vec<Step> = r.overdue(date(2026, 3, 10), &t, &cal).unwrap().into_iter().map(|s| s.step).collect();
    assert_eq!(late, [Step::Acknowledge]);

    r.record(ReviewStep::Acknowledged { on: date(2026, 3, 10) }, date(2026, 3, 10)).unwrap();
    assert!(r.overdue(date(2026, 3, 10), &t, &cal).unwrap().is_empty());
    assert!(r.due_dates(&t, &cal).unwrap()[0].late(), "done, but a day late");
    // The outcome letter is due on Wed 8 April, Easter having come between.
    let late: Vec<Step> = r.overdue(date(2026, 4, 8), &t, &cal).unwrap().into_iter().map(|s| s.step).collect();
    assert_eq!(late, [Step::Decide, Step::Meet]);
    let late: Vec<Step> = r.overdue(date(2026, 4, 9), &t, &cal).unwrap().into_iter().map(|s| s.step).collect();
    assert_eq!(late, [Step::Decide, Step::Meet, Step::Outcome]);

    let not_met = decided(date(2026, 3, 2), date(2026, 3, 6), Decision::NotMet);
    let steps: Vec<Step> = not_met.overdue(date(2026, 4, 9), &t, &cal).unwrap().into_iter().map(|s| s.step).collect();
    assert_eq!(steps, [Step::Outcome], "no meeting is due when the threshold is not met");
}

#[test]
fn recommendations_not_done_by_their_due_date_are_flagged() {
    let mut r = decided(date(2026, 3, 2), date(2026, 3, 9), Decision::Met);
    let today = date(2026, 5, 1);
    r.record(meeting(date(2026, 3, 20)), today).unwrap();
    for (text, due) in [("Visit", date(2026, 4, 1)), ("Letter", date(2026, 4, 1)), ("Review", date(2026, 6, 1))] {
        r.record(ReviewStep::RecommendationMade { text: text.into(), owner: OrganisationId::new(), due }, today)
            .unwrap();
    }
    r.record(ReviewStep::RecommendationDone { number: 1, on: date(2026, 3, 30) }, today).unwrap();
    let overdue: Vec<(usize, &str)> =
        r.overdue_recommendations(today).into_iter().map(|(n, rec)| (n, rec.text.as_str())).collect();
    assert_eq!(overdue, [(2, "Letter")]);
}

// --- Figures -----------------------------------------------------------------------------------

#[test]
fn figures_for_a_year_count_each_step_by_its_own_date() {
    let today = date(2026, 12, 31);
    let rec =
        ReviewStep::RecommendationMade { text: "Visit".into(), owner: OrganisationId::new(), due: date(2026, 6, 1) };
    // Applied in March 2025, not met in April 2025: only in the earlier year.
    let before = decided(date(2025, 3, 3), date(2025, 4, 1), Decision::NotMet);
    // Applied in March 2025, met, met in April 2025 with a recommendation.
    let mut across = decided(date(2025, 3, 24), date(2025, 3, 31), Decision::Met);
    across.record(meeting(date(2025, 4, 7)), today).unwrap();
    across.record(rec.clone(), today).unwrap();
    // Applied and not met in the year.
    let not_met = decided(date(2025, 6, 2), date(2025, 6, 9), Decision::NotMet);
    // A review with recommendations, and one without.
    let mut with = decided(date(2025, 9, 1), date(2025, 9, 8), Decision::Met);
    with.record(meeting(date(2025, 9, 22)), today).unwrap();
    with.record(rec, today).unwrap();
    let mut without = decided(date(2025, 10, 1), date(2025, 10, 8), Decision::Met);
    without.record(meeting(date(2025, 10, 22)), today).unwrap();
    // Applied in the year, meeting after it.
    let mut later = decided(date(2026, 3, 16), date(2026, 3, 23), Decision::Met);
    later.record(meeting(date(2026, 4, 1)), today).unwrap();
    let reviews = [before, across, not_met, with, without, later];

    let year = figures(&reviews, date(2025, 4, 1), date(2026, 3, 31));
    assert_eq!(
        year,
        Figures { applications_received: 4, threshold_not_met: 2, reviews_carried_out: 3, with_recommendations: 2 }
    );
    assert_eq!(figures(&reviews, date(2026, 4, 1), date(2025, 4, 1)), Figures::default());
}

// --- Properties --------------------------------------------------------------------------------

fn day(n: u16) -> Date {
    date(2026, 1, 1).checked_add(Span::new().days(i64::from(n))).unwrap()
}

prop_compose! {
    fn arb_complaint(people: Vec<PersonId>, orgs: Vec<OrganisationId>)(
        number in 1u64..1000,
        reported in 0u16..400,
        behaviour_before in proptest::option::of(0u16..60),
        complainant in proptest::option::of(0usize..3),
        location in proptest::option::of(0usize..3),
        about in proptest::collection::vec(0usize..3, 0..3),
        household in proptest::option::of(0usize..4),
        org in 0usize..3,
        hate in proptest::bool::weighted(0.1),
    ) -> Complaint {
        let reported_on = day(reported);
        Complaint {
            case: CaseId::new(),
            reference: CaseReference::new(2026, number),
            organisation: orgs[org],
            reported_on,
            behaviour_on: behaviour_before.map(|b| reported_on.checked_sub(Span::new().days(i64::from(b))).unwrap()),
            complainant: complainant.map(|i| people[i]),
            household: household.map(|h| format!("{h} Mill Street")),
            location: location.map(|l| format!("{l} High Street")),
            persons_complained_about: about.into_iter().map(|i| people[i]).collect(),
            hate_incident: hate,
        }
    }
}

fn arb_complaints() -> impl Strategy<Value = Vec<Complaint>> {
    let people: Vec<PersonId> = (0..3).map(|_| PersonId::new()).collect();
    let orgs: Vec<OrganisationId> = (0..3).map(|_| OrganisationId::new()).collect();
    proptest::collection::vec(arb_complaint(people, orgs), 0..25)
}

fn concerns(c: &Complaint, matter: &Matter) -> bool {
    match matter {
        Matter::Complainant(p) => c.complainant == Some(*p),
        Matter::Location(l) => c.location.as_deref().and_then(normalise_key).as_ref() == Some(l),
        Matter::PersonComplainedAbout(p) => c.persons_complained_about.contains(p),
    }
}

prop_compose! {
    fn arb_review()(
        applied in 0u16..500,
        decided_after in proptest::option::of(0u16..30),
        met in any::<bool>(),
        meeting_after in proptest::option::of(0u16..30),
        recommendations in 0usize..3,
    ) -> CaseReview {
        let mut r = review(day(applied));
        r.acknowledged_on = Some(day(applied));
        if let Some(d) = decided_after {
            let on = day(applied + d);
            let decision = if met { Decision::Met } else { Decision::NotMet };
            r.decision = Some(ThresholdDecision { on, decision, reasons: "Reasons".into() });
            if let (true, Some(m)) = (met, meeting_after) {
                let on = day(applied + d + m);
                r.meeting = Some(Meeting { on, agencies: vec![OrganisationId::new()], applicant_attended: true, impact_statement: false });
                r.recommendations = (0..recommendations)
                    .map(|_| Recommendation { text: "Visit".into(), owner: OrganisationId::new(), due: on, done_on: None })
                    .collect();
            }
        }
        r
    }
}

proptest! {
    #[test]
    fn detection_counts_only_qualifying_complaints_in_time_and_finds_every_matter_at_the_threshold(
        complaints in arb_complaints(),
        today in 100u16..420,
        threshold in 1u32..=3,
        hate in any::<bool>(),
    ) {
        let rules = ReviewRules { threshold, hate_incident_triggers: hate, ..STATUTORY };
        let today = day(today);
        let found = detect(&complaints, &RuleBook::new(vec![rules.clone()]).unwrap(), today);
        let eligible: Vec<&Complaint> =
            complaints.iter().filter(|c| rules.in_time(c.reported_on, today) && qualifies(c, &rules)).collect();
        for d in &found {
            prop_assert!(!d.triggers.is_empty());
            for c in &d.complaints {
                prop_assert!(c.reported_on <= today && rules.in_time(c.reported_on, today) && qualifies(c, &rules));
                prop_assert!(concerns(c, &d.matter));
            }
            prop_assert_eq!(d.complaints.len(), eligible.iter().filter(|c| concerns(c, &d.matter)).count());
        }
        // Every person and location with enough eligible complaints is found.
        for c in &eligible {
            for m in c.complainant.map(Matter::Complainant).into_iter()
                .chain(c.persons_complained_about.iter().copied().map(Matter::PersonComplainedAbout))
            {
                let count = eligible.iter().filter(|e| concerns(e, &m)).count() as u32;
                if count >= threshold {
                    prop_assert!(found.iter().any(|d| d.matter == m), "{:?} has {} complaints", m, count);
                }
            }
        }
    }

    #[test]
    fn figures_for_two_periods_side_by_side_add_up_to_both_together(
        reviews in proptest::collection::vec(arb_review(), 0..20),
        from in 0u16..200,
        split in 0u16..200,
        len in 0u16..200,
    ) {
        let (from, mid, to) = (day(from), day(from + split.min(len)), day(from + len));
        let whole = figures(&reviews, from, to);
        let first = figures(&reviews, from, mid);
        let second = figures(&reviews, mid.tomorrow().unwrap(), to);
        prop_assert_eq!(whole.applications_received, first.applications_received + second.applications_received);
        prop_assert_eq!(whole.threshold_not_met, first.threshold_not_met + second.threshold_not_met);
        prop_assert_eq!(whole.reviews_carried_out, first.reviews_carried_out + second.reviews_carried_out);
        prop_assert_eq!(whole.with_recommendations, first.with_recommendations + second.with_recommendations);
        // So a longer period never shows fewer.
        prop_assert!(whole.applications_received >= first.applications_received);
        prop_assert!(whole.with_recommendations <= whole.reviews_carried_out);
    }
}
