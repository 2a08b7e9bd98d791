//! Case reviews under the retention rules: once a review has finished (its outcome sent, and
//! any appeal decided) and the retention period has passed, its free text goes and its
//! applicant's details with it; the dates, decisions and outcomes the case review figures count
//! stay.
use super::{Redact, remove};
use crate::case_review::{CaseReview, Matter, ReviewStep};
use jiff::civil::Date;

impl CaseReview {
    /// The same review with each piece of its free text passed through `f`.
    pub fn map_text(&self, f: Redact) -> CaseReview {
        let mut r = self.clone();
        r.application.account = f(&r.application.account);
        if let Some(d) = &mut r.decision {
            d.reasons = f(&d.reasons);
        }
        for rec in &mut r.recommendations {
            rec.text = f(&rec.text);
        }
        if let Some(o) = &mut r.outcome {
            o.summary = f(&o.summary);
        }
        if let Some(a) = &mut r.appeal {
            a.to = f(&a.to);
            a.grounds = f(&a.grounds);
            if let Some(d) = &mut a.decision {
                d.summary = f(&d.summary);
            }
        }
        if let Some(fb) = &mut r.feedback {
            fb.answers.comments = f(&fb.answers.comments);
        }
        r
    }

    /// The review as kept once anonymised: no free text, and no place it was about (a place is
    /// kept by its address).
    pub fn anonymised(&self) -> CaseReview {
        let mut r = self.map_text(&remove);
        if matches!(r.application.matter, Some(Matter::Location(_))) {
            r.application.matter = None;
        }
        r
    }

    /// The day the review finished: its outcome sent, or its appeal decided when there was
    /// one. `None` while it is still going on.
    pub fn finished_on(&self) -> Option<Date> {
        let sent = self.outcome.as_ref()?.sent_on;
        match &self.appeal {
            None => Some(sent),
            Some(a) => a.decision.as_ref().map(|d| d.on.max(sent)),
        }
    }
}

impl ReviewStep {
    /// The same step with each piece of its free text passed through `f`.
    pub fn map_text(&self, f: Redact) -> ReviewStep {
        let mut s = self.clone();
        match &mut s {
            ReviewStep::ThresholdDecided { reasons, .. } => *reasons = f(reasons),
            ReviewStep::RecommendationMade { text, .. } => *text = f(text),
            ReviewStep::OutcomeSent { summary, .. } | ReviewStep::AppealDecided { summary, .. } => {
                *summary = f(summary)
            }
            ReviewStep::Appealed { to, grounds, .. } => {
                *to = f(to);
                *grounds = f(grounds);
            }
            ReviewStep::FeedbackGiven { answers, .. } => answers.comments = f(&answers.comments),
            ReviewStep::Acknowledged { .. }
            | ReviewStep::MeetingHeld { .. }
            | ReviewStep::RecommendationDone { .. } => {}
        }
        s
    }
}

/// Who applied for a case review, as the application gave them (reviews are applied for
/// without a person record, so erasing a person finds their applications by these).
#[derive(Clone, Copy, Debug)]
pub struct ApplicantDetails<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// How a case review stands to a person being erased.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewOfPerson {
    /// They applied for it: it goes as a whole, as retention would anonymise it.
    Applied,
    /// It concerns one of their cases: their name and contact details go from its free text.
    Concerns,
    /// Nothing to do with them.
    Unrelated,
}

impl CaseReview {
    /// How this review stands to `person`, whose cases are `their_cases`. It concerns them when
    /// it is about one of their cases, or its matter is them or their home. They applied for it
    /// when the application gave their name and the same email address or phone number as their
    /// record; or, on a review that concerns them and that no one else made for them, their name
    /// or their email or phone. A name alone is too common to go on, and an email or phone may
    /// be a whole household's.
    pub fn of_person(
        &self,
        applicant: ApplicantDetails<'_>,
        person: &crate::party::Person,
        their_cases: &[crate::reference::CaseReference],
    ) -> ReviewOfPerson {
        use crate::case_review::{AppliedBy, Matter, normalise_key};
        let their_home = person.address.as_deref().and_then(normalise_key);
        let concerns = self.application.cases.iter().any(|c| their_cases.contains(c))
            || match &self.application.matter {
                Some(Matter::Complainant(p) | Matter::PersonComplainedAbout(p)) => *p == person.id,
                Some(Matter::Location(key)) => their_home.as_deref() == Some(key.as_str()),
                None => false,
            };
        let same = |a: Option<&str>, b: Option<&str>, key: fn(&str) -> String| match (a, b) {
            (Some(a), Some(b)) => {
                let (a, b) = (key(a), key(b));
                !a.is_empty() && a == b
            }
            _ => false,
        };
        let email = |e: &str| e.trim().to_lowercase();
        let name = |n: &str| n.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let by_contact = same(applicant.email, person.email.as_deref(), email)
            || same(applicant.phone, person.phone.as_deref(), |p| {
                let d = super::phone_digits(p);
                if d.len() >= 6 { d } else { String::new() }
            });
        let by_name = same(Some(applicant.name), Some(&person.name), name);
        let their_own = self.application.applied_by != AppliedBy::ThirdParty;
        if (by_name && by_contact) || (concerns && their_own && (by_name || by_contact)) {
            ReviewOfPerson::Applied
        } else if concerns {
            ReviewOfPerson::Concerns
        } else {
            ReviewOfPerson::Unrelated
        }
    }
}
