//! Seven cases of a council and a landlord, told through the real case rules, and every KPI
//! for the first quarter of 2026/27 (1 April to 30 June 2026) worked out by hand.
//!
//! April to June is British Summer Time (UTC+1); times below are written in UTC. Bank
//! holidays in the quarter: Good Friday 3 April, Easter Monday 6 April, 4 May and 25 May.
use super::story::{Story, d, t};
use crate::calendar::{Calendar, Division};
use crate::case::ClosureOutcome;
use crate::casework::Diversion;
use crate::contact::ContactOutcome::{Attempted, Successful};
use crate::event::Change;
use crate::evidence::{DiaryEntry, EvidenceFile, EvidenceKind};
use crate::intervention::{Breach, InterventionKind, MediationStage};
use crate::kpi::compute::DEFAULT_LONG_RUNNING_MONTHS;
use crate::kpi::{CaseFacts, Figure, Kpi, Measure, OrganisationFacts, Period, Scope, compute, trace};
use crate::risk::RiskBand;
use crate::survey::{KeptInformed, Satisfaction};
use crate::{CaseId, OrganisationId};

struct World {
    council: OrganisationId,
    landlord: OrganisationId,
    cases: Vec<(CaseId, CaseFacts)>,
    names: Vec<(&'static str, CaseId)>,
}

fn world() -> World {
    let council = OrganisationId::new();
    let landlord = OrganisationId::new();
    let mut stories = vec![];

    // A (council): reported Wed 1 April 09:00, standard risk (first contact within 5 working
    // days). The 5th working day after 1 April, skipping Good Friday and Easter Monday, is
    // Fri 10 April; the complainant is spoken to at 15:00 that day, so in time.
    // Contact periods from opening on 1 April: 2–17 April (spoken to 10 April: yes),
    // 18 April–1 May (only an attempt on 30 April: no, but tried), 2–18 May (skipping 4 May;
    // spoken to at 16:00 on 18 May, the 10th working day itself: yes). Closed resolved on
    // 20 May, cutting the fourth period short (not counted): 2 of 3, tried in 3 of 3.
    let mut a = Story::report(council, "2026-04-01T08:00:00Z", RiskBand::Standard, &["noise", "threats"], false);
    a.open("2026-04-01T09:00:00Z");
    let entry = DiaryEntry {
        date: d("2026-04-02"),
        time: None,
        what_happened: "Music until 3am".into(),
        how_it_affected: "No sleep".into(),
    };
    a.record("2026-04-03T09:00:00Z", Change::DiaryEntryAdded { entry });
    a.contact("2026-04-10T14:00:00Z", Successful);
    a.contact("2026-04-30T10:00:00Z", Attempted);
    a.cost("2026-05-05T10:00:00Z", 30, 2000);
    a.contact("2026-05-18T15:00:00Z", Successful);
    a.close("2026-05-20T10:00:00Z", ClosureOutcome::Resolved, true);
    a.survey(
        "2026-05-25T10:00:00Z",
        Satisfaction::FairlySatisfied,
        Satisfaction::FairlyDissatisfied,
        KeptInformed::Yes,
    );
    stories.push(("A", a));

    // B (council): reported and opened in March (last quarter), closed with no further action
    // on 10 April, reopened on Wed 15 April and still open. Never contacted. Its March
    // periods end by 1 April (not this quarter); the one running on 10 April is cut short.
    // From reopening, each period's 10 working days counted from the last day of the one
    // before: to 29 April, 14 May (skipping 4 May), 29 May (skipping 25 May), 12 June and
    // 26 June count (0 of 5); the next ends after the quarter.
    let mut b = Story::report(council, "2026-03-01T10:00:00Z", RiskBand::High, &["noise"], false);
    b.open("2026-03-02T10:00:00Z");
    b.close("2026-04-10T09:00:00Z", ClosureOutcome::NoFurtherAction, false);
    b.record("2026-04-15T08:00:00Z", Change::Reopened { reason: "It started again".into() });
    stories.push(("B", b));

    // C (landlord): an anonymous report of graffiti on 2 April, a hate incident, opened the
    // same day; a further report on 20 April joins it (not a new case). Nobody to contact.
    let mut c = Story::report(landlord, "2026-04-02T09:00:00Z", RiskBand::Medium, &["graffiti"], true);
    c.open("2026-04-02T10:00:00Z");
    c.hate("2026-04-02T10:00:00Z");
    c.record(
        "2026-04-20T09:00:00Z",
        Change::FurtherReport {
            channel: crate::case::Channel::Phone,
            description: "More graffiti".into(),
            reported_at: t("2026-04-20T09:00:00Z"),
            assessment: None,
            from: None,
        },
    );
    stories.push(("C", c));

    // D (council): household noise diverted to good-neighbour advice at triage: never a case.
    let mut dd = Story::report(council, "2026-04-03T09:00:00Z", RiskBand::Standard, &["noise"], false);
    dd.record("2026-04-03T10:00:00Z", Change::Triaged { note: "Household noise".into() });
    dd.record("2026-04-03T10:00:00Z", Change::Diverted { route: Diversion::GoodNeighbour, note: "Advice".into() });
    stories.push(("D", dd));

    // E (landlord): anonymous, opened 2 June 2025 and open all quarter: long-running (opened
    // before 1 January 2026, six months before the quarter's end). First warning 10 April,
    // second 1 May, civil injunction 1 June, breached 20 June. £100 spent on 15 April, before
    // any enforcement (prevention); £500 on 5 June, after the injunction (not prevention).
    let mut e = Story::report(landlord, "2025-06-01T09:00:00Z", RiskBand::Standard, &["drugs"], true);
    e.open("2025-06-02T09:00:00Z");
    e.tool("2026-04-10T10:00:00Z", InterventionKind::FirstWarning, "2026-04-10");
    e.cost("2026-04-15T10:00:00Z", 60, 10_000);
    e.tool("2026-05-01T10:00:00Z", InterventionKind::SecondWarning, "2026-05-01");
    let injunction = e.tool("2026-06-01T10:00:00Z", InterventionKind::CivilInjunction, "2026-06-01");
    e.cost("2026-06-05T10:00:00Z", 0, 50_000);
    let breach = Breach { on: d("2026-06-20"), note: "Came back to the block".into() };
    e.record("2026-06-21T10:00:00Z", Change::BreachRecorded { id: injunction, breach });
    stories.push(("E", e));

    // F (landlord): reported Tue 5 May 10:00, emergency risk (first contact within 24 hours:
    // by 10:00 on 6 May); spoken to at 13:00 on 6 May: late. A sound recording is added.
    // Mediation offered 10 May, accepted 12 May, completed 20 June. Closed resolved 25 June.
    // Contact periods: to 19 May (yes), to 3 June (skipping 25 May: no), to 17 June (no),
    // then cut short by closing: 1 of 3, tried in 1 of 3.
    let mut f = Story::report(landlord, "2026-05-05T09:00:00Z", RiskBand::Emergency, &["noise"], false);
    f.open("2026-05-05T09:00:00Z");
    f.contact("2026-05-06T12:00:00Z", Successful);
    let file = EvidenceFile {
        id: uuid::Uuid::new_v4(),
        kind: EvidenceKind::Audio,
        mime: "audio/mpeg".into(),
        name: "noise.mp3".into(),
        size: 1000,
        sha256: "00".into(),
    };
    f.record("2026-05-07T09:00:00Z", Change::EvidenceAdded { file });
    let mediation = f.tool("2026-05-10T10:00:00Z", InterventionKind::Mediation, "2026-05-10");
    for (at, stage) in
        [("2026-05-12T10:00:00Z", MediationStage::Accepted), ("2026-06-20T10:00:00Z", MediationStage::Completed)]
    {
        f.record(at, Change::MediationUpdated { id: mediation, stage, note: String::new() });
    }
    f.cost("2026-06-01T10:00:00Z", 90, 0);
    f.close("2026-06-25T10:00:00Z", ClosureOutcome::Resolved, true);
    f.survey("2026-06-30T10:00:00Z", Satisfaction::Neither, Satisfaction::VerySatisfied, KeptInformed::Partly);
    stories.push(("F", f));

    // G (council): reported Sun 28 June 23:30, standard risk; due by the end of the 5th
    // working day after 28 June, Fri 3 July. The figures are produced on 15 July with no
    // contact yet: counted, and late.
    let mut g = Story::report(council, "2026-06-28T22:30:00Z", RiskBand::Standard, &["drugs"], false);
    g.open("2026-06-29T08:00:00Z");
    stories.push(("G", g));

    let names = stories.iter().map(|(n, s)| (*n, s.case.id)).collect();
    let cases = stories.into_iter().map(|(_, s)| (s.case.id, s.case.facts)).collect();
    World { council, landlord, cases, names }
}

fn organisations(w: &World) -> Vec<OrganisationFacts> {
    vec![
        OrganisationFacts { id: w.council, name: "Council".into(), landlord: false, homes: None, contact_every: 10 },
        OrganisationFacts {
            id: w.landlord,
            name: "Landlord".into(),
            landlord: true,
            homes: Some(2000),
            contact_every: 10,
        },
    ]
}

fn quarter() -> Period {
    Period::parse("2026-Q1", 4).unwrap()
}

fn figures(w: &World, orgs: &[OrganisationFacts]) -> Vec<Figure> {
    let calendar = Calendar::bundled(Division::EnglandAndWales);
    let period = quarter();
    let scope = Scope {
        period: &period,
        as_of: t("2026-07-15T12:00:00Z"),
        calendar: &calendar,
        organisations: orgs,
        long_running_months: DEFAULT_LONG_RUNNING_MONTHS,
    };
    compute(&w.cases, &scope)
}

fn get(figures: &[Figure], kpi: Kpi, part: &str) -> Measure {
    figures
        .iter()
        .find(|f| f.kpi == kpi && f.part == part)
        .unwrap_or_else(|| panic!("no figure for {kpi:?} {part:?}"))
        .measure
}

fn pct(counted: u64, base: u64) -> Measure {
    Measure::Percent { counted, base }
}

fn count(count: u64) -> Measure {
    Measure::Count { count }
}

#[test]
fn first_contact_counts_named_complainants_of_new_cases_against_the_band_given_at_report() {
    let w = world();
    let f = figures(&w, &organisations(&w));
    // A in time; F late; G late (due 3 July, not contacted by 15 July). C is anonymous, D was
    // never a case, B was reported last quarter.
    assert_eq!(get(&f, Kpi::FirstContact, ""), pct(1, 3));
    assert_eq!(get(&f, Kpi::FirstContact, "Standard"), pct(1, 2));
    assert_eq!(get(&f, Kpi::FirstContact, "Emergency"), pct(0, 1));
    assert_eq!(get(&f, Kpi::FirstContact, "High"), pct(0, 0));
    assert_eq!(get(&f, Kpi::FirstContact, "Medium"), pct(0, 0));
}

#[test]
fn contact_cadence_counts_complete_ten_working_day_periods_that_ended_in_the_quarter() {
    let w = world();
    let f = figures(&w, &organisations(&w));
    // A 2 of 3, B 0 of 5, F 1 of 3: 3 of 11 spoken to; tried: A 3, B 0, F 1 = 4 of 11.
    assert_eq!(get(&f, Kpi::ContactCadence, ""), pct(3, 11));
    assert_eq!(get(&f, Kpi::ContactAttempts, ""), pct(4, 11));
}

#[test]
fn caseload_counts_new_closed_open_and_long_running_cases() {
    let w = world();
    let f = figures(&w, &organisations(&w));
    // Opened: A, C, F, G (B's reopening is not a new case, C's further report joins C, D was
    // diverted). Closed: A, B, F. Open at the end: B, C, E, G. Open on 1 January: E only.
    assert_eq!(get(&f, Kpi::CasesOpened, ""), count(4));
    assert_eq!(get(&f, Kpi::CasesClosed, ""), count(3));
    assert_eq!(get(&f, Kpi::OpenAtEnd, ""), count(4));
    assert_eq!(get(&f, Kpi::OpenSixMonthsEarlier, ""), count(1));
    assert_eq!(get(&f, Kpi::LongRunning, ""), count(1));
    assert_eq!(get(&f, Kpi::HateCases, ""), count(1));
    // Resolved: A and F of A, B, F.
    assert_eq!(get(&f, Kpi::ResolutionRate, ""), pct(2, 3));
}

#[test]
fn new_cases_are_counted_by_main_category_and_by_every_category_side_by_side() {
    let w = world();
    let f = figures(&w, &organisations(&w));
    let parts = |kpi| f.iter().filter(|x| x.kpi == kpi).map(|x| (x.part.as_str(), x.measure)).collect::<Vec<_>>();
    // Main: A noise, C graffiti, F noise, G drugs (adds up to 4 new cases).
    assert_eq!(
        parts(Kpi::NewByPrimaryCategory),
        vec![("noise", count(2)), ("drugs", count(1)), ("graffiti", count(1))]
    );
    // Every category: A also threats (adds up to 5).
    assert_eq!(
        parts(Kpi::NewByAnyCategory),
        vec![("noise", count(2)), ("drugs", count(1)), ("graffiti", count(1)), ("threats", count(1))]
    );
}

#[test]
fn satisfaction_counts_responses_received_in_the_quarter() {
    let w = world();
    let f = figures(&w, &organisations(&w));
    // A: handling satisfied, outcome not, kept informed. F: handling neither, outcome
    // satisfied, partly informed.
    assert_eq!(get(&f, Kpi::SatisfiedHandling, ""), pct(1, 2));
    assert_eq!(get(&f, Kpi::SatisfiedOutcome, ""), pct(1, 2));
    assert_eq!(get(&f, Kpi::KeptInformed, ""), pct(1, 2));
    // TP12 only for the landlord's cases: F.
    assert_eq!(get(&f, Kpi::Tp12, "Landlord"), pct(0, 1));
}

#[test]
fn nm01_counts_the_landlords_new_cases_per_thousand_homes() {
    let w = world();
    let f = figures(&w, &organisations(&w));
    // The landlord opened C and F; C is a hate incident. 2,000 homes.
    let nm1 = get(&f, Kpi::Nm01Cases, "Landlord");
    assert_eq!(nm1, Measure::PerThousandHomes { counted: 2, homes: Some(2000) });
    assert_eq!(nm1.value(), Some(1.0));
    assert_eq!(get(&f, Kpi::Nm01Hate, "Landlord").value(), Some(0.5));
    // No homes entered: the count is there, the rate is not.
    let mut orgs = organisations(&w);
    orgs[1].homes = None;
    let f = figures(&w, &orgs);
    assert_eq!(get(&f, Kpi::Nm01Cases, "Landlord").value(), None);
}

#[test]
fn tools_warnings_mediation_and_evidence() {
    let w = world();
    let f = figures(&w, &organisations(&w));
    // E: first warning in the quarter, then a second, then an injunction (legal action).
    assert_eq!(get(&f, Kpi::WarningsFunnel, "First warning"), pct(1, 1));
    assert_eq!(get(&f, Kpi::WarningsFunnel, "Second warning"), pct(1, 1));
    assert_eq!(get(&f, Kpi::WarningsFunnel, "Final warning"), pct(0, 1));
    assert_eq!(get(&f, Kpi::WarningsFunnel, "Legal action"), pct(1, 1));
    // F: mediation offered, accepted and completed.
    assert_eq!(get(&f, Kpi::Mediation, "Offered"), pct(1, 1));
    assert_eq!(get(&f, Kpi::Mediation, "Accepted"), pct(1, 1));
    assert_eq!(get(&f, Kpi::Mediation, "Completed"), pct(1, 1));
    assert_eq!(get(&f, Kpi::ToolsUsed, "First warning letter"), count(1));
    assert_eq!(get(&f, Kpi::ToolsUsed, "Civil injunction"), count(1));
    assert_eq!(get(&f, Kpi::ToolsUsed, "Mediation"), count(1));
    assert_eq!(get(&f, Kpi::OrdersBreached, "Civil injunction"), count(1));
    // Closed in the quarter: A used a diary, F a sound recording; both resolved.
    assert_eq!(get(&f, Kpi::EvidenceUsed, "Diary"), count(1));
    assert_eq!(get(&f, Kpi::EvidenceUsed, "Sound recording (noise app)"), count(1));
    assert_eq!(get(&f, Kpi::EvidenceUsed, "CCTV"), count(0));
    assert_eq!(get(&f, Kpi::EvidenceOutcomes, "Diary"), pct(1, 1));
}

#[test]
fn cost_per_closed_case_and_prevention_spend() {
    let w = world();
    let f = figures(&w, &organisations(&w));
    // Closed: A (£20, 30 minutes), B (nothing), F (90 minutes): £20 / 3 = £6.67, 40 minutes.
    let spend = get(&f, Kpi::CostPerCase, "");
    assert_eq!(spend, Measure::Money { pence: 2000, cases: 3, average: true });
    assert_eq!(spend.value().map(|v| (v * 100.0).round() / 100.0), Some(6.67));
    assert_eq!(get(&f, Kpi::OfficerTimePerCase, "").value(), Some(40.0));
    // Prevention: A's £20 and E's £100 before its injunction; not E's £500 after it.
    assert_eq!(get(&f, Kpi::PreventionSpend, ""), Measure::Money { pence: 12_000, cases: 2, average: false });
}

#[test]
fn one_organisations_figures_count_only_its_own_cases() {
    let w = world();
    let orgs = organisations(&w);
    let f = figures(&w, &orgs[1..]);
    // The landlord alone: opened C and F; closed F; open at the end C and E.
    assert_eq!(get(&f, Kpi::CasesOpened, ""), count(2));
    assert_eq!(get(&f, Kpi::CasesClosed, ""), count(1));
    assert_eq!(get(&f, Kpi::OpenAtEnd, ""), count(2));
    assert_eq!(get(&f, Kpi::FirstContact, ""), pct(0, 1));
}

#[test]
fn every_figure_traces_back_to_the_cases_it_counted() {
    let w = world();
    let orgs = organisations(&w);
    let calendar = Calendar::bundled(Division::EnglandAndWales);
    let period = quarter();
    let scope = Scope {
        period: &period,
        as_of: t("2026-07-15T12:00:00Z"),
        calendar: &calendar,
        organisations: &orgs,
        long_running_months: DEFAULT_LONG_RUNNING_MONTHS,
    };
    let name = |id: CaseId| w.names.iter().find(|(_, c)| *c == id).map(|(n, _)| *n).unwrap();
    let mut standard: Vec<_> = trace(&w.cases, &scope, Kpi::FirstContact, "Standard")
        .into_iter()
        .map(|x| (name(x.case), x.counted, x.base))
        .collect();
    standard.sort();
    assert_eq!(standard, vec![("A", 1, 1), ("G", 0, 1)]);
    let mut cadence: Vec<_> = trace(&w.cases, &scope, Kpi::ContactCadence, "")
        .into_iter()
        .map(|x| (name(x.case), x.counted, x.base))
        .collect();
    cadence.sort();
    assert_eq!(cadence, vec![("A", 2, 3), ("B", 0, 5), ("F", 1, 3)]);
    // A traced figure adds up to the figure itself, for every KPI and part.
    for fig in compute(&w.cases, &scope) {
        let traced = trace(&w.cases, &scope, fig.kpi, &fig.part);
        let counted: u64 = traced.iter().map(|x| x.counted).sum();
        let expected = match fig.measure {
            Measure::Percent { counted, .. } | Measure::PerThousandHomes { counted, .. } => counted,
            Measure::Count { count } => count,
            Measure::Money { pence, .. } => pence,
            Measure::Minutes { minutes, .. } => minutes,
        };
        assert_eq!(counted, expected, "{:?} {}", fig.kpi, fig.part);
    }
}
