//! The ASB Case Review (formerly the Community Trigger): Anti-social Behaviour, Crime and Policing
//! Act 2014 s.104–105 and Sch 4.
//!
//! Anyone may apply for a review of the response to anti-social behaviour (s.104(1)). The
//! relevant bodies must treat the threshold as met when at least 3 qualifying complaints, or a
//! lower number the area sets, have been made about the behaviour the application concerns
//! (s.104(4)). A complaint qualifies if it was made within 1 month of the behaviour and the
//! application is made within 6 months of the complaint (s.104(11)). Areas add local variants
//! (s.104(5)); here, [`ReviewRules`] versions with the date each takes effect, in a [`RuleBook`].
//!
//! - [`rules`](ReviewRules): the threshold, the local variants and the local timescales;
//! - [`detect`]: when complaints about the same complainant, location or person complained about,
//!   to any organisation of the partnership, reach the threshold, so the single point of contact
//!   can offer a review;
//! - [`CaseReview`]: the application and each step after it, recorded in order through
//!   [`CaseReview::record`], with due dates and overdue steps;
//! - [`ApplicantFeedback`]: the applicant's short survey once the outcome is sent;
//! - [`figures`]: the numbers the relevant bodies must publish (applications, threshold not met, reviews, reviews with
//!   recommendations), for any period.
use crate::calendar::CalendarError;
use crate::report::FieldError;

mod detection;
mod feedback;
mod figures;
mod rules;
mod rules_edit;
mod workflow;

pub use detection::{Complaint, Detection, Matter, Trigger, detect, location_key, normalise_key, place_key, qualifies};
pub use feedback::ApplicantFeedback;
pub use figures::{Figures, figures};
pub use rules::{ReviewRules, RuleBook, STATUTORY, Step, TIMESCALE_MAX, Timescales};
pub use rules_edit::{SET_BY_MAX, TypedRules, check as check_typed_rules};
pub use workflow::{
    Appeal, AppealDecision, AppealResult, Application, AppliedBy, CaseReview, Decision, DueStep, Feedback, Meeting,
    Outcome, Recommendation, ReviewStep, ThresholdDecision,
};

/// Why something about a case review could not be accepted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReviewError {
    /// Input with something wrong in it: every problem, with the field it belongs to.
    #[error("{}", .0.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; "))]
    Problems(Vec<FieldError>),
    /// A step that cannot be recorded now, and why.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

fn refuse<T>(message: impl Into<String>) -> Result<T, ReviewError> {
    Err(ReviewError::Refused(message.into()))
}

fn problem(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// `months` calendar months after `date`, ending on the same day of the month or, where that
/// month is shorter, on its last day (31 August + 6 months is 28 February), as the courts count a
/// period of months. `None` past the end of the calendar, which is then no limit.
fn months_after(date: jiff::civil::Date, months: u32) -> Option<jiff::civil::Date> {
    jiff::Span::new().try_months(i64::from(months)).ok().and_then(|span| date.checked_add(span).ok())
}

#[cfg(test)]
mod tests;
