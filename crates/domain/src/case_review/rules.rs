//! The rules an area sets for ASB Case Reviews, each version with the date it takes effect.
use super::{ReviewError, months_after, problem};
use crate::contact::word_enum;
use crate::time::human_date;
use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

word_enum!(
    /// The steps of a review that have a local timescale, in the order they fall due.
    Step {
        Acknowledge => "acknowledge", "Acknowledge the application",
        Decide => "decide", "Decide whether the threshold is met",
        Meet => "meet", "Hold the review meeting",
        Outcome => "outcome", "Send the outcome to the applicant",
    }
);

impl Step {
    /// The step as the subject of a sentence: "the threshold decision".
    pub fn noun(self) -> &'static str {
        match self {
            Step::Acknowledge => "the acknowledgement",
            Step::Decide => "the threshold decision",
            Step::Meet => "the review meeting",
            Step::Outcome => "the outcome letter",
        }
    }
}

/// Longest timescale an area may set for a step, in working days.
pub const TIMESCALE_MAX: u32 = 60;

/// Working days after the application date by which each step is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Timescales {
    pub acknowledge: u32,
    pub decision: u32,
    pub meeting: u32,
    pub outcome: u32,
}

impl Timescales {
    pub const DEFAULT: Timescales = Timescales { acknowledge: 5, decision: 10, meeting: 20, outcome: 25 };

    /// Working days from the application to `step`.
    pub fn days(&self, step: Step) -> u32 {
        match step {
            Step::Acknowledge => self.acknowledge,
            Step::Decide => self.decision,
            Step::Meet => self.meeting,
            Step::Outcome => self.outcome,
        }
    }
}

impl Default for Timescales {
    fn default() -> Self {
        Timescales::DEFAULT
    }
}

/// One version of an area's review procedures, as far as the product applies them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewRules {
    /// The first day these rules apply.
    pub effective_from: Date,
    /// Qualifying complaints about the same matter that must be treated as meeting the
    /// threshold: 3, or a lower number the area sets (s.104(4)).
    pub threshold: u32,
    /// How many months after a complaint an application may still count it. The law gives 6
    /// (s.104(11)); an area may look further back, never less.
    pub window_months: u32,
    /// A complaint qualifies if made within this many months of the behaviour: 1 in law
    /// (s.104(11)); an area may allow longer, never less.
    pub qualify_within_months: u32,
    /// Local variant: this many qualifying complaints from different households about the same
    /// matter meet the threshold.
    pub different_households: Option<u32>,
    /// Local variant: any qualifying complaint of a hate incident meets the threshold.
    pub hate_incident_triggers: bool,
    pub timescales: Timescales,
}

/// The law's rules with the default timescales, in force since the review began
/// (20 October 2014). They apply wherever an area has set nothing else.
pub const STATUTORY: ReviewRules = ReviewRules {
    effective_from: date(2014, 10, 20),
    threshold: 3,
    window_months: 6,
    qualify_within_months: 1,
    different_households: None,
    hate_incident_triggers: false,
    timescales: Timescales::DEFAULT,
};

impl Default for ReviewRules {
    fn default() -> Self {
        STATUTORY
    }
}

impl ReviewRules {
    /// Everything wrong with rules someone set, each with the field it belongs to.
    pub fn check(&self) -> Result<(), ReviewError> {
        let mut problems = vec![];
        if !(1..=3).contains(&self.threshold) {
            problems.push(problem(
                "threshold",
                "the threshold must be between 1 and 3 complaints: the law says 3 or a lower number the area sets",
            ));
        }
        if !(6..=12).contains(&self.window_months) {
            problems.push(problem(
                "window_months",
                "complaints must count for 6 to 12 months: the law lets an application be made up to 6 months \
                 after a complaint, and an area may allow longer but not less",
            ));
        }
        if !(1..=12).contains(&self.qualify_within_months) {
            problems.push(problem(
                "qualify_within_months",
                "a complaint must qualify if made within 1 to 12 months of the behaviour: the law says 1 month, \
                 and an area may allow longer but not less",
            ));
        }
        if let Some(n) = self.different_households
            && !(2..=50).contains(&n)
        {
            problems.push(problem(
                "different_households",
                "the different households variant needs between 2 and 50 households",
            ));
        }
        for step in Step::ALL.iter().copied() {
            if !(1..=TIMESCALE_MAX).contains(&self.timescales.days(step)) {
                problems.push(problem(
                    step.as_str(),
                    format!("the time for {} must be 1 to {TIMESCALE_MAX} working days", step.noun()),
                ));
            }
        }
        for pair in Step::ALL.windows(2) {
            let (earlier, later) = (self.timescales.days(pair[0]), self.timescales.days(pair[1]));
            if later < earlier {
                problems.push(problem(
                    pair[1].as_str(),
                    format!(
                        "{} ({later} working days) cannot be due before {} ({earlier} working days)",
                        pair[1].noun(),
                        pair[0].noun()
                    ),
                ));
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(ReviewError::Problems(problems)) }
    }

    /// The rules in a sentence: "threshold 3 complaints, counted for 6 months, each made within 1
    /// month of the behaviour; due in 5, 10, 20 and 25 working days".
    pub fn describe(&self) -> String {
        let r = self;
        let months = |n: u32| if n == 1 { "1 month".to_string() } else { format!("{n} months") };
        let complaints =
            if r.threshold == 1 { "1 complaint".to_string() } else { format!("{} complaints", r.threshold) };
        let mut s = format!(
            "threshold {complaints}, counted for {}, each made within {} of the behaviour",
            months(r.window_months),
            months(r.qualify_within_months)
        );
        if let Some(n) = r.different_households {
            s.push_str(&format!("; or {n} complaints from different households"));
        }
        if r.hate_incident_triggers {
            s.push_str("; or any complaint of a hate incident");
        }
        let t = r.timescales;
        s.push_str(&format!(
            "; acknowledge in {}, decide in {}, meet in {} and send the outcome in {} working days",
            t.acknowledge, t.decision, t.meeting, t.outcome
        ));
        s
    }

    /// Whether an application made on `applied_on` can still count a complaint made on
    /// `complaint_on`: the complaint was made on or before it and no more than `window_months`
    /// months earlier, counted as the courts count months (a complaint of 28 February counts
    /// until 28 August, not 31 August).
    pub fn in_time(&self, complaint_on: Date, applied_on: Date) -> bool {
        complaint_on <= applied_on && months_after(complaint_on, self.window_months).is_none_or(|end| applied_on <= end)
    }

    /// Whether a complaint made on `complaint_on` about behaviour that last happened on
    /// `behaviour_on` was made soon enough to qualify. A complaint made while the behaviour was
    /// still going on (dated before its last occurrence) qualifies.
    pub fn made_in_time(&self, behaviour_on: Date, complaint_on: Date) -> bool {
        months_after(behaviour_on, self.qualify_within_months).is_none_or(|end| complaint_on <= end)
    }
}

/// An area's rules over time: the version in force on a date is the latest to have taken effect
/// by then; before the first, the [`STATUTORY`] rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<ReviewRules>", into = "Vec<ReviewRules>")]
pub struct RuleBook {
    /// Checked, in order of `effective_from`, no two on the same day.
    versions: Vec<ReviewRules>,
}

impl RuleBook {
    /// A rule book from its versions in any order. Every version must pass
    /// [`ReviewRules::check`] and no two may take effect on the same day.
    pub fn new(mut versions: Vec<ReviewRules>) -> Result<RuleBook, ReviewError> {
        versions.sort_by_key(|v| v.effective_from);
        let mut problems = vec![];
        for (i, v) in versions.iter().enumerate() {
            let from = human_date(v.effective_from);
            if let Err(ReviewError::Problems(ps)) = v.check() {
                problems.extend(ps.into_iter().map(|p| problem(&p.field, format!("rules from {from}: {}", p.message))));
            }
            if i > 0 && versions[i - 1].effective_from == v.effective_from {
                problems.push(problem("effective_from", format!("two versions of the rules take effect on {from}")));
            }
        }
        if problems.is_empty() { Ok(RuleBook { versions }) } else { Err(ReviewError::Problems(problems)) }
    }

    /// The versions, earliest first.
    pub fn versions(&self) -> &[ReviewRules] {
        &self.versions
    }

    /// Add a version (for example a lower threshold from 1 April), checked as [`RuleBook::new`].
    pub fn add(&mut self, rules: ReviewRules) -> Result<(), ReviewError> {
        let mut versions = self.versions.clone();
        versions.push(rules);
        *self = RuleBook::new(versions)?;
        Ok(())
    }

    /// The rules in force on `on`.
    pub fn in_force(&self, on: Date) -> &ReviewRules {
        self.versions.iter().rev().find(|v| v.effective_from <= on).unwrap_or(&STATUTORY)
    }
}

impl TryFrom<Vec<ReviewRules>> for RuleBook {
    type Error = ReviewError;
    fn try_from(versions: Vec<ReviewRules>) -> Result<Self, Self::Error> {
        RuleBook::new(versions)
    }
}

impl From<RuleBook> for Vec<ReviewRules> {
    fn from(book: RuleBook) -> Self {
        book.versions
    }
}
