//! The rules an area sets, their versions and how months are counted.
use super::*;

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
