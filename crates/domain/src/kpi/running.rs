//! Figures of a period that has not ended, kept from one save to the next. Every figure is a
//! sum over cases (how many counted, out of how many), so what the cases add up to can be kept
//! and brought up to date by each save: take away what the case added before, add what it adds
//! now. Only two things change with time alone, and both are handled here:
//! - a contact period ends at midnight (London), so kept tallies hold until the next midnight
//!   after they were worked out, and are worked out again each day;
//! - a first contact falls due (at midnight for working days, at any time for a deadline in
//!   hours): the reports waiting for theirs that fall due before that midnight are kept beside
//!   the tallies, and each counts as missed once its time has passed.
//!
//! So kept figures, brought up to date by every save since, are the figures worked out afresh
//! from every case, at any moment of the day (the tests in `tests/running.rs` check this).
use super::compute::Figure;
use super::compute::{Scope, Tally, add_tallies, figures_of, first_contact_due_after, tally};
use super::definitions::Kpi;
use super::facts::CaseFacts;
use super::kept::Kept;
use super::period::{day, instant};
use crate::CaseId;
use crate::calendar::Calendar;
use crate::risk::RiskBand;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// What a period's cases add up to as at a moment of the day, and the first contacts that fall
/// due later that day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Running {
    tallies: Vec<Tally>,
    due: Vec<Due>,
    /// The next midnight after they were worked out: they hold until then.
    until: Timestamp,
}

/// A report whose first contact is still to come, due before the tallies stop holding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Due {
    case: CaseId,
    at: Timestamp,
    band: RiskBand,
}

impl Running {
    /// What `cases` add up to for the figures `kept` describes, as at its `as_of`.
    pub fn work_out(kept: &Kept, cases: &[(CaseId, CaseFacts)]) -> Running {
        let scope = scope(kept);
        let counted = cases.iter().filter(|(_, f)| kept.filter.keeps(f));
        let until = instant(day(kept.as_of).tomorrow().unwrap_or(day(kept.as_of)));
        let mut running = Running { tallies: tally(counted.clone(), &scope), due: vec![], until };
        for (case, f) in counted {
            running.note_due(*case, f, &scope);
        }
        running
    }

    /// Whether the tallies still hold for figures asked for as `now` would work them out: the
    /// same settings (`kept` being those they were worked out from), and before the next
    /// midnight.
    pub fn serves(&self, kept: &Kept, now: &Kept) -> bool {
        kept.serves(now) && now.as_of < self.until
    }

    /// Bring the tallies up to date with cases going from `old` facts (none if new) to `new`.
    /// False if a case's old facts took away more than the tallies held: they were not worked
    /// out from the cases as they are, and must be worked out again.
    #[must_use]
    pub fn apply(&mut self, kept: &Kept, changes: &[(CaseId, Option<&CaseFacts>, &CaseFacts)]) -> bool {
        let mut whole = true;
        let scope = scope(kept);
        for &(case, old, new) in changes.iter().filter(|(_, old, new)| *old != Some(*new)) {
            let adds = |f: Option<&CaseFacts>| match f.filter(|f| kept.filter.keeps(f)) {
                Some(f) => tally(&[(case, f.clone())], &scope),
                None => vec![],
            };
            whole &= add_tallies(&mut self.tallies, &adds(old), true);
            add_tallies(&mut self.tallies, &adds(Some(new)), false);
            self.due.retain(|d| d.case != case);
            if kept.filter.keeps(new) {
                self.note_due(case, new, &scope);
            }
        }
        whole
    }

    /// The figures at `now` (no earlier than they were worked out, and before they stop
    /// holding): the tallies, with each first contact that has fallen due since counted as
    /// missed.
    pub fn figures(&self, kept: &Kept, now: Timestamp) -> Vec<Figure> {
        let scope = scope(kept);
        let mut tallies = self.tallies.clone();
        for d in self.due.iter().filter(|d| d.at <= now) {
            let missed = |part: &str| Tally { kpi: Kpi::FirstContact, part: part.to_string(), counted: 0, base: 1 };
            add_tallies(&mut tallies, &[missed(""), missed(d.band.label())], false);
        }
        figures_of(&tallies, &scope)
    }

    fn note_due(&mut self, case: CaseId, f: &CaseFacts, scope: &Scope) {
        if let Some(at) = first_contact_due_after(f, scope).filter(|at| *at < self.until) {
            self.due.push(Due { case, at, band: f.risk_at_report });
        }
    }
}

fn scope(kept: &Kept) -> Scope<'_> {
    Scope {
        period: &kept.period,
        as_of: kept.as_of,
        calendar: Calendar::bundled_ref(kept.division),
        organisations: &kept.organisations,
        long_running_months: kept.long_running_months,
    }
}
