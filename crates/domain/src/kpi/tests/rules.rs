//! Edge cases of counting, targets and the small-number rule.
use super::story::{Story, t};
use crate::OrganisationId;
use crate::calendar::{Calendar, Division};
use crate::kpi::compute::DEFAULT_LONG_RUNNING_MONTHS;
use crate::kpi::target::{published_count, withheld};
use crate::kpi::{Direction, Kpi, Measure, OrganisationFacts, Period, Rag, Scope, Target, compute};
use crate::risk::RiskBand;

fn first_contact(cases: &[Story], org: OrganisationId, as_of: &str) -> Measure {
    let calendar = Calendar::bundled(Division::EnglandAndWales);
    let period = Period::parse("2026-Q1", 4).unwrap();
    let orgs = [OrganisationFacts { id: org, name: "Council".into(), landlord: false, homes: None, contact_every: 10 }];
    let scope = Scope {
        period: &period,
        as_of: t(as_of),
        calendar: &calendar,
        organisations: &orgs,
        long_running_months: DEFAULT_LONG_RUNNING_MONTHS,
    };
    let facts: Vec<_> = cases.iter().map(|s| (s.case.id, s.case.facts.clone())).collect();
    compute(&facts, &scope).into_iter().find(|f| f.kpi == Kpi::FirstContact && f.part.is_empty()).unwrap().measure
}

#[test]
fn a_case_whose_first_contact_is_not_yet_due_is_left_out_until_it_is() {
    let org = OrganisationId::new();
    // Reported Mon 29 June, standard risk: due by the end of Mon 6 July.
    let mut s = Story::report(org, "2026-06-29T09:00:00Z", RiskBand::Standard, &["noise"], false);
    s.open("2026-06-29T10:00:00Z");
    let cases = [s];
    assert_eq!(first_contact(&cases, org, "2026-07-01T12:00:00Z"), Measure::Percent { counted: 0, base: 0 });
    assert_eq!(first_contact(&cases, org, "2026-07-07T12:00:00Z"), Measure::Percent { counted: 0, base: 1 });
}

#[test]
fn a_contact_made_before_the_deadline_counts_even_when_the_figures_are_produced_early() {
    let org = OrganisationId::new();
    let mut s = Story::report(org, "2026-06-29T09:00:00Z", RiskBand::Standard, &["noise"], false);
    s.open("2026-06-29T10:00:00Z");
    s.contact("2026-06-30T09:00:00Z", crate::contact::ContactOutcome::Successful);
    assert_eq!(first_contact(&[s], org, "2026-07-01T12:00:00Z"), Measure::Percent { counted: 1, base: 1 });
}

#[test]
fn no_survey_responses_is_no_figure_not_zero_percent() {
    let m = Measure::Percent { counted: 0, base: 0 };
    assert_eq!(m.value(), None);
}

#[test]
fn targets_give_red_amber_green() {
    let target = |kpi, value, direction| Target {
        kpi,
        value,
        direction,
        set_by: "Agreed with the tenants' ASB panel".into(),
        set_on: "2025-03-12".parse().unwrap(),
    };
    let resolution = target(Kpi::ResolutionRate, 80.0, Direction::AtLeast);
    assert_eq!(resolution.rag(97.5), Rag::Green);
    assert_eq!(resolution.rag(80.0), Rag::Green);
    assert_eq!(resolution.rag(76.0), Rag::Amber);
    assert_eq!(resolution.rag(70.0), Rag::Red);
    let long = target(Kpi::LongRunning, 20.0, Direction::AtMost);
    assert_eq!(long.rag(18.0), Rag::Green);
    assert_eq!(long.rag(22.0), Rag::Amber);
    assert_eq!(long.rag(30.0), Rag::Red);
}

#[test]
fn a_target_must_make_sense() {
    assert!(Target::check(Kpi::ResolutionRate, 80.0, "Panel").is_ok());
    assert!(Target::check(Kpi::ResolutionRate, 120.0, "Panel").unwrap_err().contains("0 to 100"));
    assert!(Target::check(Kpi::CasesOpened, -1.0, "Panel").is_err());
    assert!(Target::check(Kpi::CasesOpened, f64::NAN, "Panel").is_err());
    assert!(Target::check(Kpi::ResolutionRate, 80.0, "  ").unwrap_err().contains("who set"));
}

#[test]
fn small_numbers_are_hidden_in_published_figures() {
    assert_eq!(published_count(0), "0");
    assert_eq!(published_count(3), "<5");
    assert_eq!(published_count(5), "5");
    // A percentage resting on 4 cases, or with 2 on one side, would give those people away.
    assert!(withheld(&Measure::Percent { counted: 2, base: 4 }));
    assert!(withheld(&Measure::Percent { counted: 48, base: 50 }));
    assert!(withheld(&Measure::Percent { counted: 2, base: 50 }));
    assert!(!withheld(&Measure::Percent { counted: 40, base: 50 }));
    assert!(!withheld(&Measure::Percent { counted: 0, base: 0 }));
    assert!(!withheld(&Measure::Percent { counted: 50, base: 50 }));
}
