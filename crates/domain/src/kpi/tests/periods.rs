//! Reporting periods.
use crate::kpi::Period;
use crate::kpi::period::PeriodKind;

#[test]
fn quarters_halves_and_years_follow_the_reporting_year_from_april() {
    let q3 = Period::parse("2025-Q3", 4).unwrap();
    assert_eq!((q3.first.to_string(), q3.last.to_string()), ("2025-10-01".into(), "2025-12-31".into()));
    let q4 = Period::parse("2025-q4", 4).unwrap();
    assert_eq!((q4.first.to_string(), q4.last.to_string()), ("2026-01-01".into(), "2026-03-31".into()));
    let year = Period::parse("2025", 4).unwrap();
    assert_eq!((year.first.to_string(), year.last.to_string()), ("2025-04-01".into(), "2026-03-31".into()));
    let h2 = Period::parse("2025-H2", 4).unwrap();
    assert_eq!(h2.first.to_string(), "2025-10-01");
    assert_eq!(q3.describe(), "Quarter 3, 2025/26 (1 October 2025 to 31 December 2025)");
    assert_eq!(year.short(), "2025/26");
}

#[test]
fn a_calendar_year_works_too_when_configured() {
    let q1 = Period::parse("2026-Q1", 1).unwrap();
    assert_eq!((q1.first.to_string(), q1.last.to_string()), ("2026-01-01".into(), "2026-03-31".into()));
}

#[test]
fn previous_periods_and_trends_step_back_by_the_same_kind() {
    let q1 = Period::parse("2026-Q1", 4).unwrap();
    assert_eq!(q1.previous().code(), "2025-Q4");
    let codes: Vec<String> = q1.trend(5).iter().map(Period::code).collect();
    assert_eq!(codes, ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]);
    let custom = Period::parse("2026-04-01..2026-04-10", 4).unwrap();
    assert_eq!(custom.kind, PeriodKind::Custom);
    assert_eq!(custom.previous().code(), "2026-03-22..2026-03-31");
    assert_eq!(Period::quarter_of("2026-02-14".parse().unwrap(), 4).code(), "2025-Q4");
    assert_eq!(Period::year_of("2026-04-01".parse().unwrap(), 4).code(), "2026");
}

#[test]
fn nonsense_is_refused_with_what_to_type() {
    for bad in ["2025-Q5", "Q3", "next year", "2025-04-10..2025-04-01", "1066"] {
        let err = Period::parse(bad, 4).unwrap_err();
        assert!(!err.is_empty(), "{bad}");
    }
    assert!(Period::parse("2025-04-10..2025-04-01", 4).unwrap_err().contains("before it starts"));
}

proptest::proptest! {
    /// Contact periods are stepped whole weeks at a time, bank holidays made up after: the day
    /// they end on is the day counting one day at a time gives, and the working days between
    /// are those counted, across Christmases, Easters and the extra bank holidays of 2020–2023.
    #[test]
    fn working_days_are_counted_the_same_by_whole_weeks(days in 0i32..4500, n in 0u32..400) {
        use crate::calendar::{Calendar, Division};
        use jiff::ToSpan;
        use jiff::civil::Weekday;
        let calendar = Calendar::bundled(Division::EnglandAndWales);
        let from = jiff::civil::date(2018, 1, 1).checked_add(days.days()).unwrap();
        let (mut day, mut left) = (from, n);
        while left > 0 {
            day = day.tomorrow().unwrap();
            if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) && !calendar.is_bank_holiday(day) {
                left -= 1;
            }
        }
        proptest::prop_assert_eq!(crate::kpi::working_days::working_days_after(&calendar, from, n), day);
        proptest::prop_assert_eq!(crate::kpi::working_days::working_days_between(&calendar, from, day), n);
        let before = from.checked_sub(1.days()).unwrap();
        proptest::prop_assert_eq!(crate::kpi::working_days::working_days_between(&calendar, day, before), 0);
    }
}
