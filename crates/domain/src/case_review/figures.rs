//! The figures the relevant bodies must publish about case reviews, for any period (usually a
//! year). Each review counts in a period by the date of the step that figure is about, so the
//! figures for two periods side by side add up to the figures for both together.
use super::workflow::{CaseReview, Decision};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Applications made in the period (by application date), whatever came of them.
    pub applications_received: u32,
    /// Threshold decisions made in the period (by decision date) that found it not met.
    pub threshold_not_met: u32,
    /// Reviews carried out: review meetings held in the period (by meeting date).
    pub reviews_carried_out: u32,
    /// Of the reviews carried out in the period, those that made at least one recommendation.
    pub with_recommendations: u32,
}

/// The figures for `from` to `to`, both days included (all zero when `to` is before `from`).
pub fn figures<'a>(reviews: impl IntoIterator<Item = &'a CaseReview>, from: Date, to: Date) -> Figures {
    let within = |d: Date| from <= d && d <= to;
    let mut f = Figures::default();
    for r in reviews {
        if within(r.application.applied_on) {
            f.applications_received += 1;
        }
        if r.decision.as_ref().is_some_and(|d| d.decision == Decision::NotMet && within(d.on)) {
            f.threshold_not_met += 1;
        }
        if r.meeting.as_ref().is_some_and(|m| within(m.on)) {
            f.reviews_carried_out += 1;
            if !r.recommendations.is_empty() {
                f.with_recommendations += 1;
            }
        }
    }
    f
}
