//! Working with partners: a case shared with another organisation of the partnership, and
//! referrals of a case or one of its parties to a partner or a support service, which report
//! back what became of them.
use crate::calendar::{Calendar, CalendarError};
use crate::contact::word_enum;
use crate::ids::{OrganisationId, PartyId, UserId};
use crate::time::london;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

word_enum!(
    /// What a partner sees of a case shared with it.
    ShareScope {
        Full => "full", "The full case, with evidence files",
        Summary => "summary", "A summary, without evidence",
    }
);

/// A case shared with another organisation of the partnership.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub organisation: OrganisationId,
    pub scope: ShareScope,
    /// Why it is shared: "joint visit with the neighbourhood policing team".
    pub purpose: String,
    pub shared_at: Timestamp,
    pub shared_by: Option<UserId>,
}

/// Whom a referral goes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReferralTo {
    /// Another organisation of the partnership, whose staff answer it in the system.
    Organisation { id: OrganisationId },
    /// A support service of the directory, outside the system: the referring officer records
    /// what it said.
    Service { id: uuid::Uuid, name: String },
}

word_enum!(ReferralStatus {
    Sent => "sent", "Waiting for an answer",
    Accepted => "accepted", "Accepted",
    Declined => "declined", "Declined",
    Completed => "completed", "Completed",
});

/// A referral of the case, or of one of its parties, for help or action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub id: uuid::Uuid,
    pub to: ReferralTo,
    /// The party referred (e.g. a complainant to victim support, a person complained about to
    /// a drug and alcohol service); none when the case as a whole is referred.
    pub party: Option<PartyId>,
    pub reason: String,
    pub made_at: Timestamp,
    pub made_by: Option<UserId>,
    pub status: ReferralStatus,
    /// Why it was accepted or declined, as the receiver put it.
    #[serde(default)]
    pub answer: Option<String>,
    #[serde(default)]
    pub answered_at: Option<Timestamp>,
    #[serde(default)]
    pub answered_by: Option<UserId>,
    /// What the receiver did.
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub completed_at: Option<Timestamp>,
}

/// Working days a partner has to answer a referral before it is flagged, unless the
/// partnership sets its own.
pub const DEFAULT_RESPONSE_DAYS: u32 = 5;

/// When a referral made at `made_at` should be answered by: `days` working days later.
pub fn answer_due(made_at: Timestamp, days: u32, calendar: &Calendar) -> Result<jiff::civil::Date, CalendarError> {
    calendar.add_working_days(made_at.to_zoned(london()).date(), days)
}

/// Still waiting for an answer after the working days allowed.
pub fn answer_overdue(
    status: ReferralStatus,
    made_at: Timestamp,
    days: u32,
    calendar: &Calendar,
    today: jiff::civil::Date,
) -> bool {
    status == ReferralStatus::Sent && answer_due(made_at, days, calendar).is_ok_and(|due| due < today)
}

impl Referral {
    pub fn answer_due(&self, days: u32, calendar: &Calendar) -> Result<jiff::civil::Date, CalendarError> {
        answer_due(self.made_at, days, calendar)
    }

    pub fn overdue(&self, days: u32, calendar: &Calendar, today: jiff::civil::Date) -> bool {
        answer_overdue(self.status, self.made_at, days, calendar, today)
    }

    pub fn to_organisation(&self) -> Option<OrganisationId> {
        match self.to {
            ReferralTo::Organisation { id } => Some(id),
            ReferralTo::Service { .. } => None,
        }
    }
}

/// How a referral was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Accepted,
    Declined,
}

/// Whether `answer` may be given to `referral` now, with `note`.
pub fn check_answer(referral: &Referral, answer: Answer, note: &str) -> Result<(), String> {
    if referral.status != ReferralStatus::Sent {
        return Err(format!("this referral has already been answered ({})", referral.status.label().to_lowercase()));
    }
    if answer == Answer::Declined && note.trim().is_empty() {
        return Err("say why the referral is declined, so the referrer can find help elsewhere".into());
    }
    Ok(())
}

/// Whether the outcome may be recorded now.
pub fn check_outcome(referral: &Referral, outcome: &str) -> Result<(), String> {
    match referral.status {
        ReferralStatus::Accepted => {}
        ReferralStatus::Sent => return Err("accept the referral before recording what was done".into()),
        ReferralStatus::Declined => return Err("this referral was declined: there is no outcome to record".into()),
        ReferralStatus::Completed => return Err("the outcome of this referral has already been recorded".into()),
    }
    if outcome.trim().is_empty() {
        return Err("enter what was done".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Division;
    use jiff::civil::date;

    fn referral(made: &str) -> Referral {
        Referral {
            id: uuid::Uuid::nil(),
            to: ReferralTo::Organisation { id: OrganisationId::new() },
            party: None,
            reason: "support for the family".into(),
            made_at: made.parse().unwrap(),
            made_by: None,
            status: ReferralStatus::Sent,
            answer: None,
            answered_at: None,
            answered_by: None,
            outcome: None,
            completed_at: None,
        }
    }

    #[test]
    fn an_unanswered_referral_is_overdue_after_the_working_days_allowed_not_counting_bank_holidays() {
        let cal = Calendar::bundled(Division::EnglandAndWales);
        // Made on Tuesday 22 December 2026: 25, 28 December are bank holidays, so five
        // working days run 23, 24, 29, 30, 31 December.
        let r = referral("2026-12-22T10:00:00Z");
        assert_eq!(r.answer_due(5, &cal).unwrap(), date(2026, 12, 31));
        assert!(!r.overdue(5, &cal, date(2026, 12, 31)));
        assert!(r.overdue(5, &cal, date(2027, 1, 1)));
        let answered = Referral { status: ReferralStatus::Accepted, ..r };
        assert!(!answered.overdue(5, &cal, date(2027, 2, 1)));
    }

    #[test]
    fn a_decline_needs_a_reason_and_an_answer_is_given_once() {
        let r = referral("2026-03-02T10:00:00Z");
        assert!(check_answer(&r, Answer::Declined, " ").unwrap_err().contains("say why"));
        assert!(check_answer(&r, Answer::Accepted, "").is_ok());
        let accepted = Referral { status: ReferralStatus::Accepted, ..r };
        assert!(check_answer(&accepted, Answer::Declined, "no capacity").unwrap_err().contains("already"));
    }

    #[test]
    fn an_outcome_follows_acceptance() {
        let r = referral("2026-03-02T10:00:00Z");
        assert!(check_outcome(&r, "visited").unwrap_err().contains("accept"));
        let accepted = Referral { status: ReferralStatus::Accepted, ..r };
        assert!(check_outcome(&accepted, "").unwrap_err().contains("what was done"));
        assert!(check_outcome(&accepted, "Visited the family; support plan agreed").is_ok());
    }
}
