//! Working out every KPI for a period from the cases' facts. One pass over the cases adds each
//! case to the figures it counts in; asked to, it also says which cases those were, so every
//! figure can be traced back to its cases (and from them to their events).
use super::definitions::{Kpi, Unit};
use super::facts::{CaseFacts, EvidenceType};
use super::period::{Period, day, instant};
use super::working_days::{working_days_after, working_days_between};
use crate::calendar::Calendar;
use crate::case::ClosureOutcome;
use crate::intervention::{InterventionKind, MediationStage};
use crate::risk::RiskBand;
use crate::{CaseId, OrganisationId};
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// An organisation as the figures need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationFacts {
    pub id: OrganisationId,
    pub name: String,
    pub landlord: bool,
    /// Homes owned at the end of the period's reporting year, when entered.
    pub homes: Option<u64>,
    /// Its ongoing-contact standard in working days.
    pub contact_every: u32,
}

/// What the figures are for.
pub struct Scope<'a> {
    pub period: &'a Period,
    /// When the figures are produced: the end of the data window.
    pub as_of: Timestamp,
    pub calendar: &'a Calendar,
    /// The organisations whose cases are counted (one, or the whole partnership).
    pub organisations: &'a [OrganisationFacts],
    /// A case open longer than this many months is long-running.
    pub long_running_months: i32,
}

/// The review age unless the partnership sets its own.
pub const DEFAULT_LONG_RUNNING_MONTHS: i32 = 6;

/// One figure: a KPI, or one part of it (a risk band, a category, a landlord, a stage).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub kpi: Kpi,
    /// Empty for the KPI as a whole.
    pub part: String,
    pub measure: Measure,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Measure {
    Percent {
        counted: u64,
        base: u64,
    },
    Count {
        count: u64,
    },
    PerThousandHomes {
        counted: u64,
        homes: Option<u64>,
    },
    /// An average per case (`average`) or a total over `cases` cases.
    Money {
        pence: u64,
        cases: u64,
        average: bool,
    },
    Minutes {
        minutes: u64,
        cases: u64,
    },
}

impl Measure {
    /// The figure as a number: a percentage, a count, a rate per 1,000 homes (2 decimal
    /// places), pounds, or minutes per case. `None` when there is nothing to divide by.
    pub fn value(&self) -> Option<f64> {
        let ratio = |a: u64, b: u64| if b == 0 { None } else { Some(a as f64 / b as f64) };
        match *self {
            Measure::Percent { counted, base } => ratio(counted * 100, base),
            Measure::Count { count } => Some(count as f64),
            Measure::PerThousandHomes { counted, homes } => {
                let r = ratio(counted * 1000, homes?)?;
                Some((r * 100.0).round() / 100.0)
            }
            Measure::Money { pence, cases, average: true } => ratio(pence, cases).map(|p| p / 100.0),
            Measure::Money { pence, .. } => Some(pence as f64 / 100.0),
            Measure::Minutes { minutes, cases } => ratio(minutes, cases),
        }
    }
}

/// A case counted in a figure, and how: `counted` toward the figure, `base` toward what it is
/// out of (for a count, `counted` is how many times the case counts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Traced {
    pub case: CaseId,
    pub counted: u64,
    pub base: u64,
}

/// Every KPI for the scope.
pub fn compute(cases: &[(CaseId, CaseFacts)], scope: &Scope) -> Vec<Figure> {
    let mut t = Tallies::new(None);
    run(cases, scope, &mut t);
    t.figures(scope)
}

/// What the cases add to each figure, before the figures are made of them: kept for a period
/// not yet ended and brought up to date case by case (`kpi::running`).
pub(super) fn tally<'c>(cases: impl IntoIterator<Item = &'c (CaseId, CaseFacts)>, scope: &Scope) -> Vec<Tally> {
    let mut t = Tallies::new(None);
    run(cases, scope, &mut t);
    t.list
}

/// The figures of tallies: those `scope` always shows, and any other part something counted in.
pub(super) fn figures_of(tallies: &[Tally], scope: &Scope) -> Vec<Figure> {
    let mut t = Tallies::new(None);
    seed(scope, &mut t);
    for x in tallies.iter().filter(|x| x.counted > 0 || x.base > 0) {
        let i = t.slot(x.kpi, &x.part);
        t.list[i].counted += x.counted;
        t.list[i].base += x.base;
    }
    t.figures(scope)
}

/// Add `other`'s tallies to `to`, or take them away; false (and left at nothing) if that would
/// take away more than there is, which means `to` did not come from the cases it is taken from.
pub(super) fn add_tallies(to: &mut Vec<Tally>, other: &[Tally], take_away: bool) -> bool {
    let mut whole = true;
    for x in other.iter().filter(|x| x.counted > 0 || x.base > 0) {
        let i = match to.iter().position(|t| t.kpi == x.kpi && t.part == x.part) {
            Some(i) => i,
            None => {
                to.push(Tally { kpi: x.kpi, part: x.part.clone(), counted: 0, base: 0 });
                to.len() - 1
            }
        };
        let t = &mut to[i];
        if take_away {
            whole &= t.counted >= x.counted && t.base >= x.base;
            t.counted = t.counted.saturating_sub(x.counted);
            t.base = t.base.saturating_sub(x.base);
        } else {
            t.counted += x.counted;
            t.base += x.base;
        }
    }
    whole
}

/// The cases behind one figure (`part` empty for the whole KPI).
pub fn trace(cases: &[(CaseId, CaseFacts)], scope: &Scope, kpi: Kpi, part: &str) -> Vec<Traced> {
    let mut t = Tallies::new(Some((kpi, part.to_string())));
    run(cases, scope, &mut t);
    let mut out: Vec<Traced> =
        t.traced.into_iter().map(|(case, (counted, base))| Traced { case, counted, base }).collect();
    out.sort_by_key(|x| x.case.0);
    out
}

/// What the cases counted add up to for one figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Tally {
    pub(super) kpi: Kpi,
    pub(super) part: String,
    pub(super) counted: u64,
    pub(super) base: u64,
}

struct Tallies {
    list: Vec<Tally>,
    index: HashMap<(Kpi, String), usize>,
    want: Option<(Kpi, String)>,
    traced: HashMap<CaseId, (u64, u64)>,
}

impl Tallies {
    fn new(want: Option<(Kpi, String)>) -> Tallies {
        Tallies { list: vec![], index: HashMap::new(), want, traced: HashMap::new() }
    }

    fn slot(&mut self, kpi: Kpi, part: &str) -> usize {
        if let Some(i) = self.index.get(&(kpi, part.to_string())) {
            return *i;
        }
        self.list.push(Tally { kpi, part: part.to_string(), counted: 0, base: 0 });
        self.index.insert((kpi, part.to_string()), self.list.len() - 1);
        self.list.len() - 1
    }

    /// Make sure a figure is shown even if nothing counts toward it.
    fn seed(&mut self, kpi: Kpi, part: &str) {
        self.slot(kpi, part);
    }

    fn add(&mut self, kpi: Kpi, part: &str, case: CaseId, counted: u64, base: u64) {
        if counted == 0 && base == 0 {
            return;
        }
        let i = self.slot(kpi, part);
        self.list[i].counted += counted;
        self.list[i].base += base;
        if let Some((k, p)) = &self.want
            && *k == kpi
            && p == part
        {
            let e = self.traced.entry(case).or_default();
            e.0 += counted;
            e.1 += base;
        }
    }

    fn figures(self, scope: &Scope) -> Vec<Figure> {
        let mut list = self.list;
        // Parts found along the way (categories, tools) go biggest first, then by name, so
        // the order does not depend on which case was read first.
        list.sort_by(|a, b| {
            a.kpi.cmp(&b.kpi).then_with(|| {
                if matches!(
                    a.kpi,
                    Kpi::NewByPrimaryCategory | Kpi::NewByAnyCategory | Kpi::ToolsUsed | Kpi::OrdersBreached
                ) {
                    b.counted.cmp(&a.counted).then_with(|| a.part.cmp(&b.part))
                } else {
                    std::cmp::Ordering::Equal
                }
            })
        });
        let homes: HashMap<&str, Option<u64>> =
            scope.organisations.iter().map(|o| (o.name.as_str(), o.homes)).collect();
        list.into_iter()
            .map(|t| {
                let measure = match t.kpi.unit() {
                    Unit::Percent => Measure::Percent { counted: t.counted, base: t.base },
                    Unit::Count => Measure::Count { count: t.counted },
                    Unit::PerThousandHomes => Measure::PerThousandHomes {
                        counted: t.counted,
                        homes: homes.get(t.part.as_str()).copied().flatten(),
                    },
                    Unit::Money => {
                        Measure::Money { pence: t.counted, cases: t.base, average: t.kpi != Kpi::PreventionSpend }
                    }
                    Unit::Minutes => Measure::Minutes { minutes: t.counted, cases: t.base },
                };
                Figure { kpi: t.kpi, part: t.part, measure }
            })
            .collect()
    }
}

const FUNNEL: [&str; 4] = ["First warning", "Second warning", "Final warning", "Legal action"];
const MEDIATION: [&str; 3] = ["Offered", "Accepted", "Completed"];

/// The figures shown for `scope` even when nothing counts toward them.
fn seed(scope: &Scope, t: &mut Tallies) {
    for k in [
        Kpi::FirstContact,
        Kpi::ContactCadence,
        Kpi::ContactAttempts,
        Kpi::CasesOpened,
        Kpi::CasesClosed,
        Kpi::OpenAtEnd,
        Kpi::OpenSixMonthsEarlier,
        Kpi::LongRunning,
        Kpi::HateCases,
        Kpi::ResolutionRate,
        Kpi::SatisfiedHandling,
        Kpi::SatisfiedOutcome,
        Kpi::KeptInformed,
        Kpi::CostPerCase,
        Kpi::OfficerTimePerCase,
        Kpi::PreventionSpend,
    ] {
        t.seed(k, "");
    }
    for band in RiskBand::ALL {
        t.seed(Kpi::FirstContact, band.label());
    }
    for stage in FUNNEL {
        t.seed(Kpi::WarningsFunnel, stage);
    }
    for stage in MEDIATION {
        t.seed(Kpi::Mediation, stage);
    }
    for e in EvidenceType::ALL {
        t.seed(Kpi::EvidenceUsed, e.label());
        t.seed(Kpi::EvidenceOutcomes, e.label());
    }
    for o in scope.organisations.iter().filter(|o| o.landlord) {
        t.seed(Kpi::Nm01Cases, &o.name);
        t.seed(Kpi::Nm01Hate, &o.name);
        t.seed(Kpi::Tp12, &o.name);
    }
}

fn run<'c>(cases: impl IntoIterator<Item = &'c (CaseId, CaseFacts)>, scope: &Scope, t: &mut Tallies) {
    let p = scope.period;
    seed(scope, t);
    let orgs: HashMap<OrganisationId, &OrganisationFacts> = scope.organisations.iter().map(|o| (o.id, o)).collect();
    let (start, end) = (p.start(), p.end());
    let six_months_earlier = instant(p.last.tomorrow().unwrap_or(p.last).saturating_sub(6.months()));
    let long_ago = instant(p.last.tomorrow().unwrap_or(p.last).saturating_sub(scope.long_running_months.months()));
    for (case, f) in cases {
        let case = *case;
        let Some(org) = orgs.get(&f.organisation) else { continue };
        if !counts_in(f, scope) {
            continue;
        }
        first_contact(f, case, scope, t);
        if f.complainant {
            cadence(f, case, scope, org.contact_every, t);
        }
        let opened = f.opened_at().is_some_and(|o| o >= start && o < end);
        if opened {
            t.add(Kpi::CasesOpened, "", case, 1, 0);
            if f.hate {
                t.add(Kpi::HateCases, "", case, 1, 0);
            }
            if let Some(c) = f.primary_category() {
                t.add(Kpi::NewByPrimaryCategory, c, case, 1, 0);
            }
            for c in &f.categories {
                t.add(Kpi::NewByAnyCategory, c, case, 1, 0);
            }
            if org.landlord {
                t.add(Kpi::Nm01Cases, &org.name, case, 1, 0);
                if f.hate {
                    t.add(Kpi::Nm01Hate, &org.name, case, 1, 0);
                }
            }
        }
        if open_at(f, end) {
            t.add(Kpi::OpenAtEnd, "", case, 1, 0);
            if f.opened_at().is_some_and(|o| o <= long_ago) {
                t.add(Kpi::LongRunning, "", case, 1, 0);
            }
        }
        if open_at(f, six_months_earlier) {
            t.add(Kpi::OpenSixMonthsEarlier, "", case, 1, 0);
        }
        if let Some((_, outcome)) = f.last_closure_in(start, end) {
            closed(f, case, outcome, t);
        }
        if let Some(s) = f.survey.filter(|s| p.contains(s.at)) {
            t.add(Kpi::SatisfiedHandling, "", case, u64::from(s.handling_satisfied), 1);
            t.add(Kpi::SatisfiedOutcome, "", case, u64::from(s.outcome_satisfied), 1);
            t.add(Kpi::KeptInformed, "", case, u64::from(s.kept_informed), 1);
            if org.landlord {
                t.add(Kpi::Tp12, &org.name, case, u64::from(s.handling_satisfied), 1);
            }
        }
        tools(f, case, p, t);
        prevention(f, case, p, t);
    }
}

/// Whether a case of one of the scope's organisations counts in its figures at all.
fn counts_in(f: &CaseFacts, scope: &Scope) -> bool {
    scope.organisations.iter().any(|o| o.id == f.organisation) && f.was_opened() && in_window(f, scope.period)
}

/// When the first contact of a case counting in `scope` falls due, if it is still to come at
/// the scope's `as_of` (see [`first_contact_waiting`]).
pub(super) fn first_contact_due_after(f: &CaseFacts, scope: &Scope) -> Option<Timestamp> {
    let waiting = counts_in(f, scope) && first_contact_waiting(f, scope.period, scope.as_of);
    f.first_contact_due.filter(|_| waiting)
}

/// Whether a case can count in `period`'s figures: reported before it ended, and not closed
/// more than six months before it began (for "open six months earlier", and for surveys answered
/// after a case closed). The store reads a period's cases by the same test, and a period's
/// figures depend on it alone, whatever other periods are worked out beside it.
pub fn in_window(f: &CaseFacts, period: &Period) -> bool {
    f.reported_at < period.end() && f.active_until(false) >= window_start(period)
}

/// The earliest instant a case counting in `period` can have been active until.
pub fn window_start(period: &Period) -> Timestamp {
    instant(period.first.saturating_sub(6.months()))
}

/// Open at the instant `t` (a case closing exactly then still counts as open then).
fn open_at(f: &CaseFacts, t: Timestamp) -> bool {
    f.spells.iter().any(|s| s.from < t && s.to.is_none_or(|to| to >= t))
}

fn first_contact(f: &CaseFacts, case: CaseId, scope: &Scope, t: &mut Tallies) {
    if !f.complainant || !scope.period.contains(f.reported_at) {
        return;
    }
    let Some(due) = f.first_contact_due else { return };
    if first_contact_waiting(f, scope.period, scope.as_of) {
        return;
    }
    let contacted = f.contacts.iter().filter(|c| c.successful).map(|c| c.at).min();
    let in_time = contacted.is_some_and(|c| c <= due);
    let band = f.risk_at_report.label();
    t.add(Kpi::FirstContact, "", case, u64::from(in_time), 1);
    t.add(Kpi::FirstContact, band, case, u64::from(in_time), 1);
}

/// A report in `period` whose first contact is still to come at `as_of`: not yet due, and none
/// recorded. It is left out of the first-contact figure until one or the other. (A contact is
/// recorded when it is made, so any recorded has been made by the time figures are produced;
/// figures kept for a period not yet ended are brought up to date with contacts recorded after
/// they were worked out, and count them.)
pub(super) fn first_contact_waiting(f: &CaseFacts, period: &Period, as_of: Timestamp) -> bool {
    let Some(due) = f.first_contact_due.filter(|_| f.complainant && period.contains(f.reported_at)) else {
        return false;
    };
    !f.contacts.iter().any(|c| c.successful) && due > as_of
}

/// Each open spell is cut into periods of `every` working days from the day it opened; a
/// period counts when it ended within the reporting period with the case still open.
fn cadence(f: &CaseFacts, case: CaseId, scope: &Scope, every: u32, t: &mut Tallies) {
    let (start, end) = (scope.period.start(), scope.period.end());
    let limit = end.min(scope.as_of);
    for s in &f.spells {
        if s.from >= limit || s.to.is_some_and(|to| to <= start) {
            continue;
        }
        let every = every.max(1);
        let mut from = s.from;
        // Each period is `every` working days: the first counted from the day the spell began,
        // each next one from the last day of the one before.
        let began = day(from);
        let mut last_day = working_days_after(scope.calendar, began, every);
        // Those that ended before the reporting period began count nothing: stepped over at
        // once (the `skip`th ends on the last of `skip * every` working days, before it).
        if let Ok(eve) = scope.period.first.yesterday() {
            let skip = working_days_between(scope.calendar, began, eve) / every;
            if skip > 0 {
                let ended = working_days_after(scope.calendar, began, skip * every);
                from = instant(ended.tomorrow().unwrap_or(ended));
                last_day = working_days_after(scope.calendar, ended, every);
            }
        }
        loop {
            let until = instant(last_day.tomorrow().unwrap_or(last_day));
            if until > limit || s.to.is_some_and(|to| to < until) {
                break;
            }
            if until > start {
                let within = |c: &&super::facts::ComplainantContact| c.at >= from && c.at < until;
                let spoke = f.contacts.iter().filter(within).any(|c| c.successful);
                let any = f.contacts.iter().any(|c| within(&c));
                t.add(Kpi::ContactCadence, "", case, u64::from(spoke), 1);
                t.add(Kpi::ContactAttempts, "", case, u64::from(any), 1);
            }
            from = until;
            last_day = working_days_after(scope.calendar, last_day, every);
        }
    }
}

fn closed(f: &CaseFacts, case: CaseId, outcome: ClosureOutcome, t: &mut Tallies) {
    let resolved = u64::from(outcome.is_resolved());
    t.add(Kpi::CasesClosed, "", case, 1, 0);
    t.add(Kpi::ResolutionRate, "", case, resolved, 1);
    for e in &f.evidence {
        t.add(Kpi::EvidenceUsed, e.label(), case, 1, 0);
        t.add(Kpi::EvidenceOutcomes, e.label(), case, resolved, 1);
    }
    let spend: u64 = f.costs.iter().map(|c| c.spend).sum();
    let minutes: u64 = f.costs.iter().map(|c| u64::from(c.minutes)).sum();
    // Every closed case is in the base, spent on or not.
    let i = t.slot(Kpi::CostPerCase, "");
    t.list[i].base += 1;
    t.list[i].counted += spend;
    trace_into(t, Kpi::CostPerCase, case, spend, 1);
    let i = t.slot(Kpi::OfficerTimePerCase, "");
    t.list[i].base += 1;
    t.list[i].counted += minutes;
    trace_into(t, Kpi::OfficerTimePerCase, case, minutes, 1);
}

fn trace_into(t: &mut Tallies, kpi: Kpi, case: CaseId, counted: u64, base: u64) {
    if let Some((k, p)) = &t.want
        && *k == kpi
        && p.is_empty()
    {
        let e = t.traced.entry(case).or_default();
        e.0 += counted;
        e.1 += base;
    }
}

fn legal_action(kind: InterventionKind) -> bool {
    use InterventionKind::*;
    matches!(kind, CivilInjunction | CriminalBehaviourOrder | ClosureOrder | Possession)
}

/// Enforcement: a notice, order, injunction or possession proceedings.
fn enforcement(kind: InterventionKind) -> bool {
    use InterventionKind::*;
    matches!(
        kind,
        CommunityProtectionNotice
            | CivilInjunction
            | CriminalBehaviourOrder
            | DispersalDirection
            | ClosureNotice
            | ClosureOrder
            | Possession
    )
}

fn tools(f: &CaseFacts, case: CaseId, p: &Period, t: &mut Tallies) {
    for tool in &f.tools {
        if p.contains_day(tool.on) {
            t.add(Kpi::ToolsUsed, tool.kind.label(), case, 1, 0);
        }
        let breaches = tool.breaches.iter().filter(|b| p.contains_day(**b)).count() as u64;
        t.add(Kpi::OrdersBreached, tool.kind.label(), case, breaches, 0);
    }
    let first_warning = f.tools.iter().filter(|x| x.kind == InterventionKind::FirstWarning).map(|x| x.on).min();
    if first_warning.is_some_and(|d| p.contains_day(d)) {
        let has = |pred: &dyn Fn(InterventionKind) -> bool| u64::from(f.tools.iter().any(|x| pred(x.kind)));
        t.add(Kpi::WarningsFunnel, FUNNEL[0], case, 1, 1);
        t.add(Kpi::WarningsFunnel, FUNNEL[1], case, has(&|k| k == InterventionKind::SecondWarning), 1);
        t.add(Kpi::WarningsFunnel, FUNNEL[2], case, has(&|k| k == InterventionKind::FinalWarning), 1);
        t.add(Kpi::WarningsFunnel, FUNNEL[3], case, has(&legal_action), 1);
    }
    let offered = f
        .tools
        .iter()
        .filter(|x| x.kind == InterventionKind::Mediation)
        .filter_map(|x| x.mediation.first().map(|(_, at)| (*at, x)))
        .filter(|(at, _)| p.contains(*at))
        .map(|(_, x)| x)
        .collect::<Vec<_>>();
    if !offered.is_empty() {
        let reached = |s: MediationStage| u64::from(offered.iter().any(|x| x.mediation.iter().any(|(st, _)| *st == s)));
        let accepted = reached(MediationStage::Accepted) | reached(MediationStage::Completed);
        t.add(Kpi::Mediation, MEDIATION[0], case, 1, 1);
        t.add(Kpi::Mediation, MEDIATION[1], case, accepted, 1);
        t.add(Kpi::Mediation, MEDIATION[2], case, reached(MediationStage::Completed), 1);
    }
}

fn prevention(f: &CaseFacts, case: CaseId, p: &Period, t: &mut Tallies) {
    let enforced_from = f.tools.iter().filter(|x| enforcement(x.kind)).map(|x| x.on).min();
    let spend: u64 = f
        .costs
        .iter()
        .filter(|c| p.contains(c.at) && enforced_from.is_none_or(|d| day(c.at) < d))
        .map(|c| c.spend)
        .sum();
    if spend > 0 {
        t.add(Kpi::PreventionSpend, "", case, spend, 1);
    }
}
