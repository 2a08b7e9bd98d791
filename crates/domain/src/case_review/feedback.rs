//! The applicant's feedback once the outcome is sent: how satisfied they are with how the review
//! was handled, and anything they want to say. Kept with the review, one response per review.
use super::{ReviewError, problem};
use crate::survey::{COMMENTS_MAX, Satisfaction};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantFeedback {
    /// How satisfied they are with how the review was handled.
    pub handling: Satisfaction,
    pub comments: String,
}

impl ApplicantFeedback {
    /// The feedback as answered on the page: the scale must be answered, comments are optional.
    pub fn check(handling: &str, comments: &str) -> Result<ApplicantFeedback, ReviewError> {
        let mut problems = vec![];
        let handling = Satisfaction::parse(handling);
        if handling.is_none() {
            problems.push(problem("handling", "Select how satisfied you are with how the review was handled"));
        }
        let comments = comments.trim();
        if comments.chars().count() > COMMENTS_MAX {
            problems.push(problem("comments", format!("Your comments must be {COMMENTS_MAX} characters or fewer")));
        }
        match handling {
            Some(handling) if problems.is_empty() => Ok(ApplicantFeedback { handling, comments: comments.into() }),
            _ => Err(ReviewError::Problems(problems)),
        }
    }

    /// The top two points of the scale, as the closure survey counts them.
    pub fn satisfied(&self) -> bool {
        self.handling.satisfied()
    }
}
