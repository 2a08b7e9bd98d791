//! The figures each area publishes.
use super::workflow::*;
use super::*;

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
