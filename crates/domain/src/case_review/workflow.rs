//! A case review from application to outcome, appeal and feedback. Every step goes through
//! [`CaseReview::record`], which refuses it unless it follows the steps before it:
//!
//! acknowledged → threshold decided → (met) review meeting → recommendations → outcome sent →
//! appeal → appeal result; when the threshold is not met the outcome follows the decision.
//! Feedback may be given once the outcome is sent.
//!
//! Dates are London civil dates: none may be in the future or before the application, and none
//! before the step it follows.
use super::detection::{Matter, normalise_key};
use super::feedback::ApplicantFeedback;
use super::rules::{Step, Timescales};
use super::{ReviewError, problem, refuse};
use crate::calendar::Calendar;
use crate::contact::word_enum;
use crate::ids::{CaseReviewId, OrganisationId, TenantId};
use crate::reference::CaseReference;
use crate::survey::COMMENTS_MAX;
use crate::time::human_date;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

word_enum!(
    /// Who made the application. The law lets the complainant or anyone else apply (s.104(1));
    /// someone else applies only with the complainant's consent.
    AppliedBy {
        Complainant => "complainant", "The complainant",
        ThirdParty => "third_party", "Someone else, with the complainant's consent",
        Staff => "staff", "Recorded by staff",
    }
);

word_enum!(
    /// Whether the threshold for a review was met.
    Decision {
        Met => "met", "Threshold met",
        NotMet => "not_met", "Threshold not met",
    }
);

word_enum!(
    /// What came of an appeal.
    AppealResult {
        Upheld => "upheld", "Appeal upheld",
        NotUpheld => "not_upheld", "Appeal not upheld",
    }
);

/// An application for a case review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub applied_by: AppliedBy,
    /// For someone else applying: the complainant has agreed to it.
    pub consent_confirmed: bool,
    pub applied_on: Date,
    /// The matter it concerns, when known (for example from a [`super::Detection`]); a location
    /// is kept by its [`normalise_key`]ed key.
    pub matter: Option<Matter>,
    /// The cases it concerns, when known.
    pub cases: Vec<CaseReference>,
    /// The applicant's account of the problem, in their words.
    pub account: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThresholdDecision {
    pub on: Date,
    pub decision: Decision,
    pub reasons: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub on: Date,
    /// The organisations at the meeting.
    pub agencies: Vec<OrganisationId>,
    pub applicant_attended: bool,
    /// Whether the applicant gave a statement of the impact the behaviour has on them.
    pub impact_statement: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub text: String,
    /// The organisation that is to carry it out.
    pub owner: OrganisationId,
    pub due: Date,
    pub done_on: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub sent_on: Date,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeal {
    pub on: Date,
    /// Who it was made to, for example the Police and Crime Commissioner.
    pub to: String,
    pub grounds: String,
    pub decision: Option<AppealDecision>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealDecision {
    pub on: Date,
    pub result: AppealResult,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub on: Date,
    pub answers: ApplicantFeedback,
}

/// A case review: the application and every step recorded since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseReview {
    pub id: CaseReviewId,
    pub tenant: TenantId,
    pub application: Application,
    pub acknowledged_on: Option<Date>,
    pub decision: Option<ThresholdDecision>,
    pub meeting: Option<Meeting>,
    pub recommendations: Vec<Recommendation>,
    pub outcome: Option<Outcome>,
    pub appeal: Option<Appeal>,
    pub feedback: Option<Feedback>,
}

/// A step of a review, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "step")]
pub enum ReviewStep {
    Acknowledged {
        on: Date,
    },
    ThresholdDecided {
        on: Date,
        decision: Decision,
        reasons: String,
    },
    MeetingHeld {
        on: Date,
        agencies: Vec<OrganisationId>,
        applicant_attended: bool,
        impact_statement: bool,
    },
    RecommendationMade {
        text: String,
        owner: OrganisationId,
        due: Date,
    },
    /// Recommendation `number` (counting from 1, in the order made) has been carried out.
    RecommendationDone {
        number: usize,
        on: Date,
    },
    OutcomeSent {
        on: Date,
        summary: String,
    },
    Appealed {
        on: Date,
        to: String,
        grounds: String,
    },
    AppealDecided {
        on: Date,
        result: AppealResult,
        summary: String,
    },
    FeedbackGiven {
        on: Date,
        answers: ApplicantFeedback,
    },
}

impl ReviewStep {
    /// What the step was, in the review history's words.
    pub fn title(&self) -> &'static str {
        use ReviewStep::*;
        match self {
            Acknowledged { .. } => "Application acknowledged",
            ThresholdDecided { .. } => "Threshold decision recorded",
            MeetingHeld { .. } => "Review meeting recorded",
            RecommendationMade { .. } => "Recommendation added",
            RecommendationDone { .. } => "Recommendation done",
            OutcomeSent { .. } => "Outcome sent to the applicant",
            Appealed { .. } => "Appeal recorded",
            AppealDecided { .. } => "Appeal result recorded",
            FeedbackGiven { .. } => "Applicant's feedback received",
        }
    }
}

/// When a step is due and when it was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueStep {
    pub step: Step,
    /// Due by the end of this day.
    pub due: Date,
    pub done_on: Option<Date>,
}

impl DueStep {
    /// Not done, and `today` is after the day it was due.
    pub fn overdue(&self, today: Date) -> bool {
        self.done_on.is_none() && today > self.due
    }

    /// Done, but after the day it was due.
    pub fn late(&self) -> bool {
        self.done_on.is_some_and(|d| d > self.due)
    }
}

fn required(text: String, message: &str) -> Result<String, ReviewError> {
    let text = text.trim();
    if text.is_empty() { refuse(message) } else { Ok(text.to_string()) }
}

/// `what` (on `on`) cannot be before `earlier_what` (on `earlier`).
fn not_before(what: &str, on: Date, earlier_what: &str, earlier: Date) -> Result<(), ReviewError> {
    if on < earlier {
        refuse(format!("{what} cannot be before {earlier_what} ({})", human_date(earlier)))
    } else {
        Ok(())
    }
}

impl CaseReview {
    /// Start a review from an application made on or before `today`. Refuses, with every
    /// problem, an application from someone else without the complainant's consent, one with no
    /// account of the problem, or one dated in the future.
    pub fn apply(tenant: TenantId, mut application: Application, today: Date) -> Result<CaseReview, ReviewError> {
        let mut problems = vec![];
        if application.applied_by == AppliedBy::ThirdParty && !application.consent_confirmed {
            problems.push(problem(
                "consent_confirmed",
                "confirm that the complainant agrees to someone else applying for a review for them",
            ));
        }
        if let Some(Matter::Location(key)) = &application.matter {
            application.matter = normalise_key(key).map(Matter::Location);
        }
        application.account = application.account.trim().to_string();
        if application.account.is_empty() {
            problems.push(problem("account", "describe the problem the application is about"));
        }
        if application.applied_on > today {
            problems.push(problem("applied_on", "the application date cannot be in the future"));
        }
        if !problems.is_empty() {
            return Err(ReviewError::Problems(problems));
        }
        Ok(CaseReview {
            id: CaseReviewId::new(),
            tenant,
            application,
            acknowledged_on: None,
            decision: None,
            meeting: None,
            recommendations: vec![],
            outcome: None,
            appeal: None,
            feedback: None,
        })
    }

    /// Whether the threshold was met, once decided.
    pub fn threshold_met(&self) -> Option<bool> {
        self.decision.as_ref().map(|d| d.decision == Decision::Met)
    }

    /// `what` is dated `on`: not after `today`, nor before the application.
    fn dated(&self, what: &str, on: Date, today: Date) -> Result<(), ReviewError> {
        if on > today {
            return refuse(format!("{what} cannot be in the future"));
        }
        not_before(what, on, "the application", self.application.applied_on)
    }

    /// Record `step`, on `today`, if it follows the steps before it; otherwise nothing changes.
    pub fn record(&mut self, step: ReviewStep, today: Date) -> Result<(), ReviewError> {
        match step {
            ReviewStep::Acknowledged { on } => {
                if self.acknowledged_on.is_some() {
                    return refuse("the application has already been acknowledged");
                }
                self.dated("the acknowledgement", on, today)?;
                self.acknowledged_on = Some(on);
            }
            ReviewStep::ThresholdDecided { on, decision, reasons } => {
                if self.decision.is_some() {
                    return refuse("the threshold decision has already been recorded");
                }
                let Some(acknowledged) = self.acknowledged_on else {
                    return refuse("acknowledge the application before deciding whether the threshold is met");
                };
                let reasons = required(reasons, "give the reasons for the threshold decision")?;
                self.dated("the threshold decision", on, today)?;
                not_before("the threshold decision", on, "the acknowledgement", acknowledged)?;
                self.decision = Some(ThresholdDecision { on, decision, reasons });
            }
            ReviewStep::MeetingHeld { on, mut agencies, applicant_attended, impact_statement } => {
                if self.meeting.is_some() {
                    return refuse("the review meeting has already been recorded");
                }
                let decided = match &self.decision {
                    None => return refuse("decide whether the threshold is met before recording the review meeting"),
                    Some(d) if d.decision == Decision::NotMet => {
                        return refuse("the threshold was not met, so there is no review meeting");
                    }
                    Some(d) => d.on,
                };
                agencies.sort();
                agencies.dedup();
                if agencies.is_empty() {
                    return refuse("name the agencies at the review meeting");
                }
                self.dated("the meeting", on, today)?;
                not_before("the meeting", on, "the threshold decision", decided)?;
                self.meeting = Some(Meeting { on, agencies, applicant_attended, impact_statement });
            }
            ReviewStep::RecommendationMade { text, owner, due } => {
                let Some(meeting) = &self.meeting else {
                    return refuse("record the review meeting before its recommendations");
                };
                if self.outcome.is_some() {
                    return refuse("the outcome has been sent: recommendations are recorded before it");
                }
                let text = required(text, "describe the recommendation")?;
                if due < meeting.on {
                    return refuse(format!(
                        "a recommendation cannot be due before the review meeting ({})",
                        human_date(meeting.on)
                    ));
                }
                self.recommendations.push(Recommendation { text, owner, due, done_on: None });
            }
            ReviewStep::RecommendationDone { number, on } => {
                let meeting_on = self.meeting.as_ref().map(|m| m.on);
                let Some(r) = number.checked_sub(1).and_then(|i| self.recommendations.get(i)) else {
                    return refuse(format!("there is no recommendation {number}"));
                };
                if r.done_on.is_some() {
                    return refuse(format!("recommendation {number} is already done"));
                }
                let what = format!("the date recommendation {number} was done");
                self.dated(&what, on, today)?;
                if let Some(meeting_on) = meeting_on {
                    not_before(&what, on, "the review meeting", meeting_on)?;
                }
                self.recommendations[number - 1].done_on = Some(on);
            }
            ReviewStep::OutcomeSent { on, summary } => {
                if self.outcome.is_some() {
                    return refuse("the outcome has already been sent");
                }
                let (after, after_on) = match (&self.decision, &self.meeting) {
                    (None, _) => return refuse("decide whether the threshold is met before sending the outcome"),
                    (Some(d), _) if d.decision == Decision::NotMet => ("the threshold decision", d.on),
                    (Some(_), None) => return refuse("hold the review meeting before sending the outcome"),
                    (Some(_), Some(m)) => ("the review meeting", m.on),
                };
                let summary = required(summary, "summarise the outcome for the applicant")?;
                self.dated("the outcome letter", on, today)?;
                not_before("the outcome letter", on, after, after_on)?;
                self.outcome = Some(Outcome { sent_on: on, summary });
            }
            ReviewStep::Appealed { on, to, grounds } => {
                let Some(outcome) = &self.outcome else {
                    return refuse("an appeal can only be made once the outcome has been sent");
                };
                if self.appeal.is_some() {
                    return refuse("an appeal has already been recorded");
                }
                let to = required(to, "say who the appeal was made to")?;
                let grounds = required(grounds, "give the grounds of the appeal")?;
                self.dated("the appeal", on, today)?;
                not_before("the appeal", on, "the outcome letter", outcome.sent_on)?;
                self.appeal = Some(Appeal { on, to, grounds, decision: None });
            }
            ReviewStep::AppealDecided { on, result, summary } => {
                let appealed_on = match &self.appeal {
                    None => return refuse("there is no appeal to decide"),
                    Some(a) if a.decision.is_some() => return refuse("the appeal result has already been recorded"),
                    Some(a) => a.on,
                };
                let summary = required(summary, "summarise the appeal result")?;
                self.dated("the appeal result", on, today)?;
                not_before("the appeal result", on, "the appeal", appealed_on)?;
                if let Some(appeal) = &mut self.appeal {
                    appeal.decision = Some(AppealDecision { on, result, summary });
                }
            }
            ReviewStep::FeedbackGiven { on, mut answers } => {
                let Some(outcome) = &self.outcome else {
                    return refuse("feedback can be given only after the outcome has been sent");
                };
                if self.feedback.is_some() {
                    return refuse("the applicant's feedback has already been recorded");
                }
                answers.comments = answers.comments.trim().to_string();
                if answers.comments.chars().count() > COMMENTS_MAX {
                    return refuse(format!("the comments must be {COMMENTS_MAX} characters or fewer"));
                }
                self.dated("the feedback", on, today)?;
                not_before("the feedback", on, "the outcome letter", outcome.sent_on)?;
                self.feedback = Some(Feedback { on, answers });
            }
        }
        Ok(())
    }

    /// When each step is due, in working days after the application date under `timescales`
    /// (those of the rules in force on the application date), and when it was done. The review
    /// meeting is left out once the threshold is found not met.
    pub fn due_dates(&self, timescales: &Timescales, calendar: &Calendar) -> Result<Vec<DueStep>, ReviewError> {
        let from = self.application.applied_on;
        let mut steps = vec![];
        for step in Step::ALL.iter().copied() {
            if step == Step::Meet && self.threshold_met() == Some(false) {
                continue;
            }
            let done_on = match step {
                Step::Acknowledge => self.acknowledged_on,
                Step::Decide => self.decision.as_ref().map(|d| d.on),
                Step::Meet => self.meeting.as_ref().map(|m| m.on),
                Step::Outcome => self.outcome.as_ref().map(|o| o.sent_on),
            };
            steps.push(DueStep { step, due: calendar.add_working_days(from, timescales.days(step))?, done_on });
        }
        Ok(steps)
    }

    /// The steps not done by the end of the day they were due.
    pub fn overdue(
        &self,
        today: Date,
        timescales: &Timescales,
        calendar: &Calendar,
    ) -> Result<Vec<DueStep>, ReviewError> {
        Ok(self.due_dates(timescales, calendar)?.into_iter().filter(|s| s.overdue(today)).collect())
    }

    /// The recommendations not done by the end of the day they were due, with their numbers.
    pub fn overdue_recommendations(&self, today: Date) -> Vec<(usize, &Recommendation)> {
        self.recommendations
            .iter()
            .enumerate()
            .filter(|(_, r)| r.done_on.is_none() && today > r.due)
            .map(|(i, r)| (i + 1, r))
            .collect()
    }
}
