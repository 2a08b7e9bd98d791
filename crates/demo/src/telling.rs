//! How a story is told: the case under construction with the time of its last event, the
//! steps that record its changes (stopping at `now`), and its closure.
use crate::clock::{Clock, bad_time, plus};
use crate::words::{self, ContactText, Theme, fill};
use crate::{DemoError, pick, pick_where, weighted};
use asbcase_domain::calendar::CalendarError;
use asbcase_domain::case::{Case, CaseError, ClosureOutcome, Rules};
use asbcase_domain::contact::{Contact, ContactOutcome, ContactWith};
use asbcase_domain::event::{Change, GENESIS};
use asbcase_domain::survey::{KeptInformed, ReportAgain, Satisfaction, SurveyResponse};
use asbcase_domain::{CaseId, UserId};
use jiff::Timestamp;
use rand::Rng;

/// Why a story stopped early.
pub(crate) enum Halt {
    /// The next thing would happen after `now`: the case stands as it is.
    Now,
    Failed(DemoError),
}

impl From<CaseError> for Halt {
    fn from(e: CaseError) -> Halt {
        Halt::Failed(DemoError::Case(e))
    }
}

impl From<CalendarError> for Halt {
    fn from(e: CalendarError) -> Halt {
        Halt::Failed(DemoError::Case(CaseError::Calendar(e)))
    }
}

impl From<jiff::Error> for Halt {
    fn from(e: jiff::Error) -> Halt {
        Halt::from(bad_time(e))
    }
}

pub(crate) type Step = Result<(), Halt>;

/// A case under construction, with the time of its last event.
pub(crate) struct Story<'a> {
    pub(crate) case: Case,
    pub(crate) rules: &'a Rules<'a>,
    pub(crate) now: Timestamp,
    pub(crate) clock: Timestamp,
    pub(crate) issue: &'static str,
    /// Whether noise is among the categories, and whether the person complained about is known:
    /// which stock sentences fit.
    pub(crate) noise: bool,
    pub(crate) named: bool,
}

impl Story<'_> {
    /// Record `change` at `at` (or at the last event's time, if later). Stops the story when
    /// that would be after `now`.
    pub(crate) fn record(&mut self, change: Change, actor: Option<UserId>, at: Timestamp) -> Step {
        let at = at.max(self.clock);
        if at > self.now {
            return Err(Halt::Now);
        }
        self.case.record(change, actor, at, self.rules)?;
        self.clock = at;
        Ok(())
    }

    pub(crate) fn contact(
        &mut self,
        text: ContactText,
        with: ContactWith,
        outcome: ContactOutcome,
        actor: Option<UserId>,
        at: Timestamp,
    ) -> Step {
        let at = at.max(self.clock);
        let (method, direction, summary) = text;
        let summary = fill(summary, &[("issue", self.issue)]);
        let contact = Contact { method, direction, outcome, with, summary, at };
        self.record(Change::ContactRecorded { contact }, actor, at)
    }

    /// A stock sentence that fits this case.
    pub(crate) fn says(&self, rng: &mut (impl Rng + ?Sized), list: &[&'static str]) -> &'static str {
        pick_where(rng, list, |t| words::fits(t, self.noise, self.named))
    }

    /// A stock contact that fits this case.
    pub(crate) fn says_contact(&self, rng: &mut (impl Rng + ?Sized), list: &[ContactText]) -> ContactText {
        pick_where(rng, list, |t| words::fits(t.2, self.noise, self.named))
    }

    pub(crate) fn note(&mut self, text: String, actor: Option<UserId>, at: Timestamp) -> Step {
        self.record(Change::NoteAdded { text }, actor, at)
    }
}

/// Close the case from `at`: a last word with the complainant (or the attempts that failed),
/// then the closure with its outcome and summary.
pub(crate) fn close(
    s: &mut Story,
    rng: &mut impl Rng,
    clock: &Clock,
    theme: &Theme,
    officer: UserId,
    at: Timestamp,
) -> Step {
    let outcome = weighted(rng, words::OUTCOMES);
    let actor = Some(officer);
    // Some cases end without further action because the complainant stopped answering.
    if outcome == ClosureOutcome::NoFurtherAction && rng.random_bool(0.5) {
        s.contact(
            pick(rng, words::COMPLAINANT_ATTEMPT),
            ContactWith::Complainant,
            ContactOutcome::Attempted,
            actor,
            at,
        )?;
        let call = clock.working_days_later(rng, at, 2)?;
        s.contact(words::NO_CONTACT_ATTEMPTS[0], ContactWith::Complainant, ContactOutcome::Attempted, actor, call)?;
        let letter = clock.soon_after(rng, call)?;
        s.contact(words::NO_CONTACT_ATTEMPTS[1], ContactWith::Complainant, ContactOutcome::Attempted, actor, letter)?;
        let end = clock.working_days_later(rng, letter, 10)?;
        let summary = words::NO_REPLY_CLOSING.to_string();
        let change = Change::Closed { outcome, summary, survey: false, open_actions_confirmed: false };
        return s.record(change, actor, end);
    }
    s.contact(pick(rng, words::CLOSING_CALL), ContactWith::Complainant, ContactOutcome::Successful, actor, at)?;
    let end = plus(s.clock, rng.random_range(5 * 60..90 * 60));
    let summary = fill(s.says(rng, words::closing_summaries(outcome)), &[("issue", theme.issue)]);
    s.record(Change::Closed { outcome, summary, survey: true, open_actions_confirmed: false }, actor, end)?;
    // About a third of those invited answer the survey, within a few working days.
    // (A case closed again after reopening keeps its first answers: one response per case.)
    if s.case.casework.survey_invited && rng.random_bool(0.35) {
        let days = rng.random_range(1..8);
        let answered = clock.working_days_later(rng, end, days)?;
        s.record(Change::SurveyAnswered { response: survey(rng, outcome) }, None, answered)?;
    }
    Ok(())
}

/// A complainant's answers: mostly satisfied when the behaviour stopped, less often otherwise.
fn survey(rng: &mut impl Rng, outcome: ClosureOutcome) -> SurveyResponse {
    use Satisfaction::*;
    let resolved = outcome.is_resolved();
    let scale = |rng: &mut dyn rand::RngCore, good: f64| {
        let r: f64 = rng.random();
        if r < good * 0.55 {
            VerySatisfied
        } else if r < good {
            FairlySatisfied
        } else if r < good + (1.0 - good) * 0.3 {
            Neither
        } else if r < good + (1.0 - good) * 0.7 {
            FairlyDissatisfied
        } else {
            VeryDissatisfied
        }
    };
    let handling = scale(rng, if resolved { 0.8 } else { 0.5 });
    let result = scale(rng, if resolved { 0.75 } else { 0.3 });
    let kept_informed = match rng.random_range(0..10) {
        0..=5 => KeptInformed::Yes,
        6..=8 => KeptInformed::Partly,
        _ => KeptInformed::No,
    };
    let report_again = if handling.satisfied() { ReportAgain::Yes } else { ReportAgain::NotSure };
    SurveyResponse { handling, kept_informed, outcome: result, report_again, comments: String::new() }
}

/// The same new case under a given id. [`Case::report`] gives every case a fresh id from the
/// system clock; the demo wants ids that come out the same for the same seed, so the
/// `Reported` event is recorded again, chained under `id`.
pub(crate) fn with_id(mut case: Case, id: CaseId, rules: &Rules) -> Result<Case, CaseError> {
    let reported = case.pending.pop().expect("a new case holds its Reported event");
    let change = reported.change().map_err(|e| CaseError::Invalid(e.to_string()))?;
    case.id = id;
    case.version = 0;
    case.last_hash = GENESIS.to_string();
    case.pending.clear();
    case.record(change, reported.actor, reported.at, rules)?;
    Ok(case)
}
