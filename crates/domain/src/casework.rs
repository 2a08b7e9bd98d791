//! The working parts of an open case beyond its headline: the action plan agreed with the
//! complainant, the interventions made, the evidence and whether an officer has reviewed it,
//! and what the case has cost. All of it is built from the case's events.
use crate::UserId;
use crate::contact::word_enum;
use crate::intervention::Intervention;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One action of the plan agreed with the complainant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub id: uuid::Uuid,
    pub what: String,
    /// Who will do it: an officer's name, "Complainant", a partner.
    pub owner: String,
    pub due: Date,
    #[serde(default)]
    pub done_at: Option<Timestamp>,
}

word_enum!(EvidenceKind {
    Diary => "diary", "Diary entry",
    File => "file", "File",
    Cctv => "cctv", "CCTV request",
    Message => "message", "Message from the complainant",
    CallBack => "call_back", "Call back requested",
});

impl EvidenceKind {
    /// Whether it is the complainant writing to the officer rather than evidence of what happened.
    pub fn is_message(self) -> bool {
        matches!(self, EvidenceKind::Message | EvidenceKind::CallBack)
    }
}

/// Evidence on the case, and its review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceItem {
    /// The event that added it.
    pub seq: i64,
    pub kind: EvidenceKind,
    pub summary: String,
    pub added_at: Timestamp,
    pub added_by: Option<UserId>,
    #[serde(default)]
    pub reviewed_by: Option<UserId>,
    #[serde(default)]
    pub reviewed_at: Option<Timestamp>,
}

/// Officer time and money spent on the case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Costs {
    pub minutes: u32,
    /// In pence.
    pub spend: u64,
}

word_enum!(
    /// Where a report goes instead of becoming an ASB case.
    Diversion {
        GoodNeighbour => "good_neighbour", "Good-neighbour advice (household noise)",
        Advice => "advice", "Advice only: not anti-social behaviour",
    }
);

impl Diversion {
    /// What the resident who reported is told.
    pub fn for_resident(self) -> &'static str {
        match self {
            Diversion::GoodNeighbour => {
                "We have looked at your report. Everyday noise from a neighbour's home is not usually \
                 anti-social behaviour, so we have not opened a case. Talking to your neighbour, calmly \
                 and at a good time, often helps: they may not know they are disturbing you. If the \
                 noise is deliberate, very loud, or often late at night, please report it again."
            }
            Diversion::Advice => {
                "We have looked at your report. What you describe is not something we deal with as \
                 anti-social behaviour, so we have not opened a case. If things change or it happens \
                 again, please report it again."
            }
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Casework {
    #[serde(default)]
    pub actions: Vec<Action>,
    #[serde(default)]
    pub interventions: Vec<Intervention>,
    #[serde(default)]
    pub evidence: Vec<EvidenceItem>,
    #[serde(default)]
    pub costs: Costs,
    /// The complainant was invited to the satisfaction survey when the case last closed.
    #[serde(default)]
    pub survey_invited: bool,
    /// Their answers, once given (one response per case).
    #[serde(default)]
    pub survey: Option<crate::survey::SurveyResponse>,
    /// Partner organisations the case is shared with now.
    #[serde(default)]
    pub shares: Vec<crate::partnership::Share>,
    /// Referrals made, answered or not.
    #[serde(default)]
    pub referrals: Vec<crate::partnership::Referral>,
    /// Case panels the case was put forward to.
    #[serde(default)]
    pub panels: Vec<PanelEntry>,
}

/// A case panel the case was put forward to, and what it decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelEntry {
    pub panel: uuid::Uuid,
    pub title: String,
    pub meets_on: Date,
    pub reason: String,
    /// Each decision recorded for the case, in order.
    #[serde(default)]
    pub decisions: Vec<String>,
}

impl Casework {
    pub fn open_actions(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(|a| a.done_at.is_none())
    }

    pub fn unreviewed(&self) -> usize {
        self.evidence.iter().filter(|e| e.reviewed_at.is_none()).count()
    }

    pub fn share_with(&self, organisation: crate::OrganisationId) -> Option<&crate::partnership::Share> {
        self.shares.iter().find(|s| s.organisation == organisation)
    }

    pub fn referral(&self, id: uuid::Uuid) -> Option<&crate::partnership::Referral> {
        self.referrals.iter().find(|r| r.id == id)
    }

    pub fn intervention(&self, id: uuid::Uuid) -> Option<&Intervention> {
        self.interventions.iter().find(|i| i.id == id)
    }

    pub fn intervention_mut(&mut self, id: uuid::Uuid) -> Option<&mut Intervention> {
        self.interventions.iter_mut().find(|i| i.id == id)
    }

    /// Orders in force on `today` that end by `until`.
    pub fn orders_ending(&self, today: Date, until: Date) -> impl Iterator<Item = &Intervention> {
        self.interventions.iter().filter(move |i| i.in_force(today) && i.ends.is_some_and(|e| e <= until))
    }
}

/// Money as people write it: "£1,250.50".
pub fn pounds(pence: u64) -> String {
    let whole = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("£{grouped}.{:02}", pence % 100)
}

/// Read "12.50", "£1,200" or "40" as pence.
pub fn parse_pounds(text: &str) -> Option<u64> {
    let t: String = text.trim().trim_start_matches('£').chars().filter(|c| *c != ',').collect();
    if t.is_empty() {
        return None;
    }
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let pence = format!("{frac:0<2}").parse::<u64>().ok()?;
    whole.parse::<u64>().ok()?.checked_mul(100)?.checked_add(pence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_and_writes_as_people_write_it() {
        assert_eq!(parse_pounds("£1,250.5"), Some(125_050));
        assert_eq!(parse_pounds("40"), Some(4000));
        assert_eq!(parse_pounds("12.345"), None);
        assert_eq!(parse_pounds("ten"), None);
        assert_eq!(pounds(125_050), "£1,250.50");
        assert_eq!(pounds(5), "£0.05");
    }
}
