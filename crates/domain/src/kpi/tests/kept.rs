//! When a case's new facts change figures kept for an ended quarter (April to June 2026), and
//! when they leave them as they are.
use super::story::{Story, t};
use crate::calendar::Division;
use crate::case::ClosureOutcome;
use crate::contact::ContactOutcome::{Attempted, Successful};
use crate::kpi::kept::settled;
use crate::kpi::{CaseFacts, Filter, Kept, OrganisationFacts, Period};
use crate::risk::RiskBand;
use crate::{CaseId, OrganisationId};

fn kept(council: OrganisationId, filter: Filter) -> Kept {
    Kept {
        period: Period::parse("2026-Q1", 4).unwrap(),
        filter,
        organisations: vec![OrganisationFacts {
            id: council,
            name: "Council".into(),
            landlord: false,
            homes: None,
            contact_every: 10,
        }],
        long_running_months: 6,
        division: Division::EnglandAndWales,
        release: "test".into(),
        as_of: t("2026-12-06T12:00:00Z"),
    }
}

/// A case reported and opened on 1 April 2026, spoken to on 2 April, still open.
fn long_running(council: OrganisationId) -> Story {
    let mut s = Story::report(council, "2026-04-01T08:00:00Z", RiskBand::Standard, &["noise"], false);
    s.open("2026-04-01T09:00:00Z");
    s.contact("2026-04-02T10:00:00Z", Successful);
    s
}

fn facts(s: &Story) -> CaseFacts {
    s.case.facts.clone()
}

#[test]
fn contact_with_a_long_running_case_today_leaves_an_ended_quarter_kept() {
    let council = OrganisationId::new();
    let mut s = long_running(council);
    let before = facts(&s);
    s.contact("2026-12-01T10:00:00Z", Successful);
    s.contact("2026-12-02T10:00:00Z", Attempted);
    assert!(!kept(council, Filter::default()).changed_by(&[(CaseId::new(), Some(&before), &facts(&s))]));
}

#[test]
fn a_late_contact_dated_inside_the_quarter_changes_it() {
    // Its 10-working-day periods: 2-16 April had a contact; 16-30 April did not, until this.
    let council = OrganisationId::new();
    let mut s = long_running(council);
    let before = facts(&s);
    s.contact("2026-04-20T10:00:00Z", Successful);
    assert!(kept(council, Filter::default()).changed_by(&[(CaseId::new(), Some(&before), &facts(&s))]));
}

#[test]
fn closing_after_the_quarter_leaves_it_and_closing_inside_it_changes_it() {
    let council = OrganisationId::new();
    let mut later = long_running(council);
    let before = facts(&later);
    later.close("2026-11-30T10:00:00Z", ClosureOutcome::Resolved, false);
    assert!(!kept(council, Filter::default()).changed_by(&[(CaseId::new(), Some(&before), &facts(&later))]));
    let mut inside = long_running(council);
    inside.close("2026-06-30T10:00:00Z", ClosureOutcome::Resolved, false);
    assert!(kept(council, Filter::default()).changed_by(&[(CaseId::new(), Some(&before), &facts(&inside))]));
}

#[test]
fn a_new_case_changes_the_quarter_it_was_reported_in_only_if_it_counts_there() {
    let council = OrganisationId::new();
    let k = kept(council, Filter::default());
    assert!(k.changed_by(&[(CaseId::new(), None, &facts(&long_running(council)))]));
    // Another organisation's case, or one the filter leaves out, is not in these figures.
    assert!(!k.changed_by(&[(CaseId::new(), None, &facts(&long_running(OrganisationId::new())))]));
    let other_patch = Filter { patch: Some("South".into()), ..Filter::default() };
    assert!(!kept(council, other_patch).changed_by(&[(CaseId::new(), None, &facts(&long_running(council)))]));
    // A report after the quarter ended adds nothing to it.
    let mut late = Story::report(council, "2026-11-02T08:00:00Z", RiskBand::Standard, &["noise"], false);
    late.open("2026-11-02T09:00:00Z");
    assert!(!k.changed_by(&[(CaseId::new(), None, &facts(&late))]));
}

#[test]
fn a_report_whose_first_contact_is_still_to_come_is_not_settled() {
    // Reported on the quarter's last day, high risk: first contact due within a working day.
    let council = OrganisationId::new();
    let q1 = Period::parse("2026-Q1", 4).unwrap();
    let s = Story::report(council, "2026-06-30T15:00:00Z", RiskBand::High, &["noise"], false);
    let f = facts(&s);
    assert!(!settled(&f, &q1, t("2026-06-30T23:00:00Z")), "not yet due, not yet contacted");
    assert!(settled(&f, &q1, t("2026-07-10T00:00:00Z")), "overdue: counted as late from now on");
    let mut k = kept(council, Filter::default());
    k.as_of = t("2026-07-01T00:00:00Z");
    assert!(k.changed_by(&[(CaseId::new(), None, &f)]));
}

#[test]
fn a_period_counts_only_the_cases_of_its_own_window() {
    // Closed in January 2025 and surveyed in May 2026, long after: whether the case is read
    // for April–June 2026 depends on the other periods worked out beside it, so no period
    // counts a case closed more than six months before it began.
    use crate::calendar::Calendar;
    use crate::kpi::{Kpi, Measure, Scope, compute};
    use crate::survey::{KeptInformed, Satisfaction};
    let council = OrganisationId::new();
    let mut s = Story::report(council, "2025-01-02T09:00:00Z", RiskBand::Standard, &["noise"], false);
    s.open("2025-01-02T10:00:00Z");
    s.close("2025-01-20T10:00:00Z", ClosureOutcome::Resolved, true);
    s.survey("2026-05-10T10:00:00Z", Satisfaction::VerySatisfied, Satisfaction::VerySatisfied, KeptInformed::Yes);
    let k = kept(council, Filter::default());
    let scope = Scope {
        period: &k.period,
        as_of: k.as_of,
        calendar: Calendar::bundled_ref(Division::EnglandAndWales),
        organisations: &k.organisations,
        long_running_months: 6,
    };
    let figures = compute(&[(CaseId::new(), facts(&s))], &scope);
    let handling = figures.iter().find(|f| f.kpi == Kpi::SatisfiedHandling && f.part.is_empty()).unwrap();
    assert_eq!(handling.measure, Measure::Percent { counted: 0, base: 0 });
}
