//! Figures of the quarter under way (October to December 2026), worked out at 8am on Monday 7
//! December and brought up to date by each save: at every moment of the day they are the
//! figures worked out afresh from every case.
use super::story::{Story, t};
use crate::calendar::{Calendar, Division};
use crate::case::ClosureOutcome;
use crate::contact::ContactOutcome::{Attempted, Successful};
use crate::intervention::InterventionKind;
use crate::kpi::running::Running;
use crate::kpi::{CaseFacts, Figure, Filter, Kept, Kpi, Measure, OrganisationFacts, Period, Scope, compute};
use crate::risk::RiskBand;
use crate::{CaseId, OrganisationId};

fn kept(council: OrganisationId, filter: Filter, as_of: &str) -> Kept {
    Kept {
        period: Period::parse("2026-Q3", 4).unwrap(),
        filter,
        organisations: vec![OrganisationFacts {
            id: council,
            name: "Council".into(),
            landlord: true,
            homes: Some(4_000),
            contact_every: 10,
        }],
        long_running_months: 6,
        division: Division::EnglandAndWales,
        release: "test".into(),
        as_of: t(as_of),
    }
}

/// The figures worked out from every case, as at `now`.
fn afresh(k: &Kept, cases: &[(CaseId, CaseFacts)], now: &str) -> Vec<Figure> {
    let scope = Scope {
        period: &k.period,
        as_of: t(now),
        calendar: Calendar::bundled_ref(k.division),
        organisations: &k.organisations,
        long_running_months: k.long_running_months,
    };
    let counted: Vec<(CaseId, CaseFacts)> = cases.iter().filter(|(_, f)| k.filter.keeps(f)).cloned().collect();
    compute(&counted, &scope)
}

fn first_contact(figures: &[Figure]) -> Measure {
    figures.iter().find(|f| f.kpi == Kpi::FirstContact && f.part.is_empty()).unwrap().measure
}

/// The council's cases: one open since the summer, spoken to every fortnight until November;
/// one closed in October after a warning; an emergency reported at 2pm on Sunday 6 December,
/// its first contact due 24 hours later and not yet made.
fn cases(council: OrganisationId) -> Vec<(CaseId, Story)> {
    let mut summer = Story::report(council, "2026-07-01T08:00:00Z", RiskBand::Standard, &["noise"], false);
    summer.open("2026-07-01T09:00:00Z");
    for at in ["2026-07-02", "2026-07-15", "2026-10-01", "2026-10-14", "2026-11-20"] {
        summer.contact(&format!("{at}T10:00:00Z"), Successful);
    }
    let mut october = Story::report(council, "2026-10-05T08:00:00Z", RiskBand::Medium, &["vehicles", "noise"], false);
    october.open("2026-10-05T09:00:00Z");
    october.contact("2026-10-06T10:00:00Z", Successful);
    october.tool("2026-10-12T10:00:00Z", InterventionKind::FirstWarning, "2026-10-12");
    october.cost("2026-10-12T10:00:00Z", 90, 2_500);
    october.close("2026-10-30T10:00:00Z", ClosureOutcome::Resolved, false);
    let mut emergency = Story::report(council, "2026-12-06T14:00:00Z", RiskBand::Emergency, &["threats"], false);
    emergency.open("2026-12-06T14:30:00Z");
    [summer, october, emergency].into_iter().map(|s| (CaseId::new(), s)).collect()
}

fn facts(stories: &[(CaseId, Story)]) -> Vec<(CaseId, CaseFacts)> {
    stories.iter().map(|(id, s)| (*id, s.case.facts.clone())).collect()
}

#[test]
fn figures_of_the_quarter_under_way_brought_up_to_date_by_each_save_are_those_worked_out_afresh() {
    let council = OrganisationId::new();
    let k = kept(council, Filter::default(), "2026-12-07T08:00:00Z");
    let mut stories = cases(council);
    let mut running = Running::work_out(&k, &facts(&stories));
    assert_eq!(running.figures(&k, t("2026-12-07T08:00:00Z")), afresh(&k, &facts(&stories), "2026-12-07T08:00:00Z"));

    // 9am: a contact with the summer case, and a new report from another street.
    let before = stories[0].1.case.facts.clone();
    stories[0].1.contact("2026-12-07T09:00:00Z", Successful);
    let mut new = Story::report(council, "2026-12-07T09:00:00Z", RiskBand::High, &["noise"], false);
    new.open("2026-12-07T09:10:00Z");
    let new_id = CaseId::new();
    assert!(
        running.apply(&k, &[(stories[0].0, Some(&before), &stories[0].1.case.facts), (new_id, None, &new.case.facts)])
    );
    stories.push((new_id, new));
    assert_eq!(running.figures(&k, t("2026-12-07T09:30:00Z")), afresh(&k, &facts(&stories), "2026-12-07T09:30:00Z"));

    // Until 2pm the emergency's first contact is still to come, so it is not counted; from 2pm
    // it is counted as missed, with no save in between.
    let noon = running.figures(&k, t("2026-12-07T13:59:59Z"));
    assert_eq!(first_contact(&noon), Measure::Percent { counted: 1, base: 1 }, "only October's, in time");
    assert_eq!(noon, afresh(&k, &facts(&stories), "2026-12-07T13:59:59Z"));
    let two = running.figures(&k, t("2026-12-07T14:00:00Z"));
    assert_eq!(first_contact(&two), Measure::Percent { counted: 1, base: 2 });
    assert_eq!(two, afresh(&k, &facts(&stories), "2026-12-07T14:00:00Z"));

    // 3pm: the emergency is reached at last (late), an attempt is made on the new report, and
    // October's case is reopened.
    let olds: Vec<CaseFacts> = stories.iter().map(|(_, s)| s.case.facts.clone()).collect();
    stories[2].1.contact("2026-12-07T15:00:00Z", Successful);
    stories[3].1.contact("2026-12-07T15:05:00Z", Attempted);
    stories[1].1.record("2026-12-07T15:10:00Z", crate::event::Change::Reopened { reason: "It started again".into() });
    let changes: Vec<_> = stories.iter().zip(&olds).map(|((id, s), old)| (*id, Some(old), &s.case.facts)).collect();
    assert!(running.apply(&k, &changes));
    let late = running.figures(&k, t("2026-12-07T16:00:00Z"));
    assert_eq!(first_contact(&late), Measure::Percent { counted: 1, base: 2 }, "the emergency was reached late");
    assert_eq!(late, afresh(&k, &facts(&stories), "2026-12-07T16:00:00Z"));
    assert_eq!(running.figures(&k, t("2026-12-07T23:59:59Z")), afresh(&k, &facts(&stories), "2026-12-07T23:59:59Z"));
}

#[test]
fn they_hold_until_midnight_and_only_for_the_same_settings() {
    let council = OrganisationId::new();
    let k = kept(council, Filter::default(), "2026-12-07T08:00:00Z");
    let running = Running::work_out(&k, &facts(&cases(council)));
    let asked = |at: &str| Kept { as_of: t(at), ..k.clone() };
    assert!(running.serves(&k, &asked("2026-12-07T23:59:59Z")));
    // At midnight a contact period may end: worked out again.
    assert!(!running.serves(&k, &asked("2026-12-08T00:00:00Z")));
    assert!(!running.serves(&k, &asked("2026-12-07T07:59:59Z")), "not before they were worked out");
    let filtered =
        Kept { filter: Filter { risk: Some(RiskBand::High), ..Filter::default() }, ..asked("2026-12-07T09:00:00Z") };
    assert!(!running.serves(&k, &filtered));
}

#[test]
fn a_filtered_set_counts_only_the_cases_its_filter_keeps_as_they_change() {
    let council = OrganisationId::new();
    let k = kept(council, Filter { category: Some("noise".into()), ..Filter::default() }, "2026-12-07T08:00:00Z");
    let mut stories = cases(council);
    let mut running = Running::work_out(&k, &facts(&stories));
    // The emergency becomes a noise case too; another organisation's case is saved.
    let before = stories[2].1.case.facts.clone();
    stories[2].1.record(
        "2026-12-07T10:00:00Z",
        crate::event::Change::CategoriesChanged {
            categories: vec!["threats".into(), "noise".into()],
            priority: crate::category::Priority(3),
            priority_override: None,
            reason: "Music at night as well".into(),
        },
    );
    let elsewhere = Story::report(OrganisationId::new(), "2026-12-07T10:00:00Z", RiskBand::Standard, &["noise"], false);
    let whole = running.apply(
        &k,
        &[(stories[2].0, Some(&before), &stories[2].1.case.facts), (CaseId::new(), None, &elsewhere.case.facts)],
    );
    assert!(whole);
    for now in ["2026-12-07T10:30:00Z", "2026-12-07T14:30:00Z"] {
        assert_eq!(running.figures(&k, t(now)), afresh(&k, &facts(&stories), now));
    }
}

#[test]
fn tallies_that_did_not_come_from_the_cases_saved_say_so() {
    // Worked out before the summer case was ever counted (as if saved behind their back): a
    // save of it takes away what it never added, so the tallies must be worked out again.
    let council = OrganisationId::new();
    let k = kept(council, Filter::default(), "2026-12-07T08:00:00Z");
    let mut running = Running::work_out(&k, &[]);
    let mut stories = cases(council);
    let before = stories[0].1.case.facts.clone();
    stories[0].1.contact("2026-12-07T09:00:00Z", Successful);
    assert!(!running.apply(&k, &[(stories[0].0, Some(&before), &stories[0].1.case.facts)]));
}
