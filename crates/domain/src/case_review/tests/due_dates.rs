//! Due dates in working days, and overdue steps.
use super::workflow::*;
use super::*;

pub(super) fn due(r: &CaseReview, timescales: &Timescales) -> Vec<(Step, Date)> {
    r.due_dates(timescales, &calendar()).unwrap().into_iter().map(|s| (s.step, s.due)).collect()
}

#[test]
pub(super) fn due_dates_skip_the_christmas_and_new_year_bank_holidays() {
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
pub(super) fn due_dates_skip_good_friday_and_easter_monday() {
    // Mon 30 March 2026: Good Friday is 3 April and Easter Monday 6 April.
    let r = review(date(2026, 3, 30));
    assert_eq!(due(&r, &Timescales::DEFAULT)[0], (Step::Acknowledge, date(2026, 4, 8)));
}

#[test]
pub(super) fn the_local_timescales_in_force_on_the_application_date_set_the_due_dates() {
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
pub(super) fn steps_not_done_by_their_due_date_are_flagged_overdue() {
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
pub(super) fn recommendations_not_done_by_their_due_date_are_flagged() {
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
