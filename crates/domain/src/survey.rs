//! The satisfaction survey a complainant may be sent when their case closes: how the case was
//! handled, whether they were kept informed, the outcome, whether they would report again, and
//! anything else they want to say. One response per case; the KPI engine counts "satisfied" as
//! the top two points of the handling scale.
use crate::contact::word_enum;
use crate::report::FieldError;
use serde::{Deserialize, Serialize};

word_enum!(
    /// A five-point satisfaction scale, as landlords' TP12 question uses.
    Satisfaction {
        VerySatisfied => "very_satisfied", "Very satisfied",
        FairlySatisfied => "fairly_satisfied", "Fairly satisfied",
        Neither => "neither", "Neither satisfied nor dissatisfied",
        FairlyDissatisfied => "fairly_dissatisfied", "Fairly dissatisfied",
        VeryDissatisfied => "very_dissatisfied", "Very dissatisfied",
    }
);

impl Satisfaction {
    /// The top two points of the scale.
    pub fn satisfied(self) -> bool {
        matches!(self, Satisfaction::VerySatisfied | Satisfaction::FairlySatisfied)
    }
}

word_enum!(KeptInformed {
    Yes => "yes", "Yes",
    Partly => "partly", "Some of the time",
    No => "no", "No",
});

word_enum!(ReportAgain {
    Yes => "yes", "Yes",
    NotSure => "not_sure", "Not sure",
    No => "no", "No",
});

/// Longest free-text answer.
pub const COMMENTS_MAX: usize = 2000;

/// Days a survey invitation stays open.
pub const LINK_DAYS: i64 = 28;

/// One complainant's answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResponse {
    /// How satisfied they are with how the case was handled.
    pub handling: Satisfaction,
    pub kept_informed: KeptInformed,
    /// How satisfied they are with the outcome.
    pub outcome: Satisfaction,
    pub report_again: ReportAgain,
    pub comments: String,
}

impl SurveyResponse {
    pub fn satisfied(&self) -> bool {
        self.handling.satisfied()
    }
}

/// The survey as answered on the page; every question but the comments must be answered.
pub fn check(
    handling: &str,
    kept_informed: &str,
    outcome: &str,
    report_again: &str,
    comments: &str,
) -> Result<SurveyResponse, Vec<FieldError>> {
    let mut errors = vec![];
    let mut need =
        |field: &str, message: &str| errors.push(FieldError { field: field.into(), message: message.into() });
    let handling_ = Satisfaction::parse(handling);
    if handling_.is_none() {
        need("handling", "Select how satisfied you are with how your case was handled");
    }
    let informed = KeptInformed::parse(kept_informed);
    if informed.is_none() {
        need("kept_informed", "Select whether we kept you informed");
    }
    let outcome_ = Satisfaction::parse(outcome);
    if outcome_.is_none() {
        need("outcome", "Select how satisfied you are with the outcome");
    }
    let again = ReportAgain::parse(report_again);
    if again.is_none() {
        need("report_again", "Select whether you would report anti-social behaviour to us again");
    }
    let comments = comments.trim();
    if comments.chars().count() > COMMENTS_MAX {
        need("comments", &format!("Your comments must be {COMMENTS_MAX} characters or fewer"));
    }
    match (handling_, informed, outcome_, again) {
        (Some(handling), Some(kept_informed), Some(outcome), Some(report_again)) if errors.is_empty() => {
            Ok(SurveyResponse { handling, kept_informed, outcome, report_again, comments: comments.into() })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_but_the_comments_must_be_answered() {
        let errors = check("", "yes", "nonsense", "", "").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["handling", "outcome", "report_again"]);
        let r = check("fairly_satisfied", "partly", "neither", "yes", "  Thank you  ").unwrap();
        assert!(r.satisfied());
        assert_eq!(r.comments, "Thank you");
        assert!(!check("neither", "yes", "neither", "yes", "").unwrap().satisfied(), "only the top two count");
    }

    #[test]
    fn comments_have_a_limit() {
        let long = "a".repeat(COMMENTS_MAX + 1);
        assert_eq!(check("very_satisfied", "yes", "very_satisfied", "yes", &long).unwrap_err()[0].field, "comments");
    }
}
