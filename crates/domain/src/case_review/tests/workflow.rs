//! A review from application to outcome, appeal and feedback, in order.
use super::*;

pub(super) fn application(applied_on: Date) -> Application {
    Application {
        applied_by: AppliedBy::Complainant,
        consent_confirmed: false,
        applied_on,
        matter: Some(mill_street()),
        cases: vec![CaseReference::new(2026, 1)],
        account: "  Loud music and shouting from the flat below most nights since January ".into(),
    }
}

pub(super) fn review(applied_on: Date) -> CaseReview {
    CaseReview::apply(TenantId::new(), application(applied_on), applied_on).unwrap()
}

pub(super) fn decided(applied_on: Date, decided_on: Date, decision: Decision) -> CaseReview {
    let mut r = review(applied_on);
    r.record(ReviewStep::Acknowledged { on: applied_on }, decided_on).unwrap();
    r.record(ReviewStep::ThresholdDecided { on: decided_on, decision, reasons: "Four complaints".into() }, decided_on)
        .unwrap();
    r
}

pub(super) fn meeting(on: Date) -> ReviewStep {
    ReviewStep::MeetingHeld {
        on,
        agencies: vec![OrganisationId::new(), OrganisationId::new()],
        applicant_attended: false,
        impact_statement: true,
    }
}

pub(super) fn refusal(r: Result<(), ReviewError>) -> String {
    match r {
        Err(ReviewError::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
pub(super) fn a_review_goes_from_application_to_outcome_appeal_and_feedback() {
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
    // When it finished, as retention counts it: once the outcome is sent, and again once an
    // appeal is decided (not while one is waiting).
    let mut finished = vec![];
    for step in steps {
        r.record(step.clone(), today).unwrap_or_else(|e| panic!("{step:?}: {e}"));
        finished.push(r.finished_on());
    }
    let sent = Some(date(2026, 4, 2));
    assert_eq!(
        finished,
        [None, None, None, None, None, sent, sent, None, Some(date(2026, 5, 18)), Some(date(2026, 5, 18))]
    );
    let anonymised = serde_json::to_string(&r.anonymised()).unwrap();
    for words in
        ["Loud music", "noise monitoring", "Police and Crime Commissioner", "too long", "reasonable", "Thank you"]
    {
        assert!(!anonymised.contains(words), "{words} in {anonymised}");
    }
    assert_eq!(r.anonymised().threshold_met(), Some(true), "decisions stay for the figures");
    assert_eq!(r.threshold_met(), Some(true));
    assert_eq!(r.decision.as_ref().unwrap().reasons, "Three qualifying complaints to two organisations");
    assert_eq!(r.recommendations[1].done_on, Some(date(2026, 4, 3)));
    assert_eq!(r.appeal.as_ref().unwrap().decision.as_ref().unwrap().result, AppealResult::NotUpheld);
    assert!(r.feedback.as_ref().unwrap().answers.satisfied());
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(serde_json::from_str::<CaseReview>(&json).unwrap(), r);
}

#[test]
pub(super) fn an_application_by_someone_else_needs_the_complainant_s_consent() {
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
pub(super) fn steps_must_come_in_order() {
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
pub(super) fn when_the_threshold_is_not_met_the_outcome_follows_the_decision() {
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
pub(super) fn no_step_is_dated_in_the_future_or_before_the_application() {
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
pub(super) fn feedback_is_a_five_point_scale_and_an_optional_comment() {
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
