//! What the KPI engine needs to know about one case, folded from its events: when it was open,
//! its complainant contacts, the tools used, the evidence, costs and the survey. Stored beside
//! the case (written with each event, in the same transaction) so figures over a long history
//! never replay every event, yet each figure can still be traced to the events behind it.
use crate::case::ClosureOutcome;
use crate::contact::{ContactOutcome, ContactWith};
use crate::event::Change;
use crate::intervention::{InterventionKind, MediationStage};
use crate::party::PartyRole;
use crate::risk::RiskBand;
use crate::survey::{KeptInformed, SurveyResponse};
use crate::{OrganisationId, UserId};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A stretch of time a case was open, from opening (or reopening) to closure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spell {
    pub from: Timestamp,
    pub to: Option<Timestamp>,
    pub outcome: Option<ClosureOutcome>,
}

/// A contact with the complainant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplainantContact {
    pub at: Timestamp,
    /// Spoke to them (restarts the contact clock); otherwise an attempt or a written update.
    pub successful: bool,
}

/// One tool or power used, on the day it was given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolUsed {
    pub id: uuid::Uuid,
    pub kind: InterventionKind,
    pub on: Date,
    /// Days it was breached.
    #[serde(default)]
    pub breaches: Vec<Date>,
    /// For mediation: each stage reached and when.
    #[serde(default)]
    pub mediation: Vec<(MediationStage, Timestamp)>,
}

/// Kinds of evidence a case can use, as the KPI counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceType {
    Diary,
    SoundRecording,
    Photo,
    Video,
    Document,
    Cctv,
}

impl EvidenceType {
    pub const ALL: [EvidenceType; 6] = [
        EvidenceType::Diary,
        EvidenceType::SoundRecording,
        EvidenceType::Photo,
        EvidenceType::Video,
        EvidenceType::Document,
        EvidenceType::Cctv,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceType::Diary => "diary",
            EvidenceType::SoundRecording => "sound_recording",
            EvidenceType::Photo => "photo",
            EvidenceType::Video => "video",
            EvidenceType::Document => "document",
            EvidenceType::Cctv => "cctv",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EvidenceType::Diary => "Diary",
            EvidenceType::SoundRecording => "Sound recording (noise app)",
            EvidenceType::Photo => "Photo or screenshot",
            EvidenceType::Video => "Video",
            EvidenceType::Document => "Document",
            EvidenceType::Cctv => "CCTV",
        }
    }
}

/// Officer time or money spent, when it was recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
    pub at: Timestamp,
    pub minutes: u32,
    /// In pence.
    pub spend: u64,
}

/// The survey's answers that the figures use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyFacts {
    pub at: Timestamp,
    pub handling_satisfied: bool,
    pub outcome_satisfied: bool,
    pub kept_informed: bool,
}

/// The last thing done on a case, for the long-running list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastAction {
    pub at: Timestamp,
    pub what: String,
}

/// Everything the KPIs count about one case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    pub organisation: OrganisationId,
    pub reported_at: Timestamp,
    /// When first contact with the complainant was due under the service standard in force
    /// when the report came in.
    pub first_contact_due: Option<Timestamp>,
    /// The risk band the report was given (first contact is measured against it).
    pub risk_at_report: RiskBand,
    /// The risk band now (the dashboard's risk filter).
    pub risk: RiskBand,
    /// Categories as last recorded, the primary first.
    pub categories: Vec<String>,
    pub hate: bool,
    pub patch: Option<String>,
    pub officer: Option<UserId>,
    /// A named complainant who can be contacted (anonymous reports have none).
    pub complainant: bool,
    pub spells: Vec<Spell>,
    pub contacts: Vec<ComplainantContact>,
    pub further_reports: Vec<Timestamp>,
    pub tools: Vec<ToolUsed>,
    pub evidence: Vec<EvidenceType>,
    pub costs: Vec<Cost>,
    pub survey: Option<SurveyFacts>,
    pub last_action: Option<LastAction>,
}

impl CaseFacts {
    /// Facts before any event: the first event (`Reported`) fills them in.
    pub fn new(organisation: OrganisationId, reported_at: Timestamp, risk: RiskBand) -> CaseFacts {
        CaseFacts {
            organisation,
            reported_at,
            first_contact_due: None,
            risk_at_report: risk,
            risk,
            categories: vec![],
            hate: false,
            patch: None,
            officer: None,
            complainant: false,
            spells: vec![],
            contacts: vec![],
            further_reports: vec![],
            tools: vec![],
            evidence: vec![],
            costs: vec![],
            survey: None,
            last_action: None,
        }
    }

    /// Fold one event into the facts. `at` is when it was recorded.
    pub fn record(&mut self, change: &Change, at: Timestamp) {
        match change {
            Change::Reported { organisation, categories, risk_band, flags, patch, reported_at, .. } => {
                self.organisation = *organisation;
                self.reported_at = *reported_at;
                self.risk_at_report = *risk_band;
                self.risk = *risk_band;
                self.categories = categories.clone();
                self.hate = flags.hate_incident();
                self.patch = patch.clone();
            }
            Change::FurtherReport { reported_at, .. } => self.further_reports.push(*reported_at),
            Change::PartyAdded { party } if party.role == PartyRole::Complainant && party.person.is_some() => {
                self.complainant = true;
            }
            Change::DiaryEntryAdded { .. } => self.used(EvidenceType::Diary),
            Change::EvidenceAdded { file } => self.used(match file.kind {
                crate::evidence::EvidenceKind::Audio => EvidenceType::SoundRecording,
                crate::evidence::EvidenceKind::Photo => EvidenceType::Photo,
                crate::evidence::EvidenceKind::Video => EvidenceType::Video,
                crate::evidence::EvidenceKind::Document => EvidenceType::Document,
            }),
            Change::CctvRequested { .. } => self.used(EvidenceType::Cctv),
            Change::Opened | Change::Reopened { .. } if self.open_spell().is_none() => {
                self.spells.push(Spell { from: at, to: None, outcome: None });
            }
            Change::Closed { outcome, .. } => {
                if let Some(s) = self.spells.last_mut().filter(|s| s.to.is_none()) {
                    s.to = Some(at);
                    s.outcome = Some(*outcome);
                }
            }
            Change::Assigned { officer } => self.officer = Some(*officer),
            Change::RiskBandChanged { band, .. } => self.risk = *band,
            Change::CategoriesChanged { categories, .. } => self.categories = categories.clone(),
            Change::FlagsChanged { flags } => self.hate = flags.hate_incident(),
            Change::Referred { to, .. } => {
                self.organisation = *to;
                self.officer = None;
            }
            Change::ContactRecorded { contact } if contact.with == ContactWith::Complainant => {
                self.contacts.push(ComplainantContact {
                    at: contact.at,
                    successful: contact.outcome == ContactOutcome::Successful,
                });
            }
            Change::InterventionRecorded { intervention: i } => self.tools.push(ToolUsed {
                id: i.id,
                kind: i.kind,
                on: i.on,
                breaches: vec![],
                mediation: i.mediation.map(|s| vec![(s, at)]).unwrap_or_default(),
            }),
            Change::MediationUpdated { id, stage, .. } => {
                if let Some(t) = self.tools.iter_mut().find(|t| t.id == *id) {
                    t.mediation.push((*stage, at));
                }
            }
            Change::BreachRecorded { id, breach } => {
                if let Some(t) = self.tools.iter_mut().find(|t| t.id == *id) {
                    t.breaches.push(breach.on);
                }
            }
            Change::CostRecorded { minutes, spend, .. } => {
                self.costs.push(Cost { at, minutes: *minutes, spend: *spend });
            }
            Change::SurveyAnswered { response } => self.survey = Some(survey(response, at)),
            _ => {}
        }
        if counts_as_action(change) {
            self.last_action = Some(LastAction { at, what: change.title().to_string() });
        }
    }

    fn used(&mut self, kind: EvidenceType) {
        if !self.evidence.contains(&kind) {
            self.evidence.push(kind);
        }
    }

    /// The spell open now, if any.
    pub fn open_spell(&self) -> Option<&Spell> {
        self.spells.last().filter(|s| s.to.is_none())
    }

    /// Whether the case ever became a case (reports diverted or joined at triage never do).
    pub fn was_opened(&self) -> bool {
        !self.spells.is_empty()
    }

    /// When it was first opened.
    pub fn opened_at(&self) -> Option<Timestamp> {
        self.spells.first().map(|s| s.from)
    }

    /// Open at instant `t`.
    pub fn open_at(&self, t: Timestamp) -> bool {
        self.spells.iter().any(|s| s.from <= t && s.to.is_none_or(|to| to > t))
    }

    /// The case's last closure before `before`, with its outcome.
    pub fn last_closure_in(&self, from: Timestamp, to: Timestamp) -> Option<(Timestamp, ClosureOutcome)> {
        self.spells.iter().rev().filter_map(|s| Some((s.to?, s.outcome?))).find(|(at, _)| *at >= from && *at < to)
    }

    /// The primary category (the first recorded).
    pub fn primary_category(&self) -> Option<&str> {
        self.categories.first().map(String::as_str)
    }
}

fn survey(r: &SurveyResponse, at: Timestamp) -> SurveyFacts {
    SurveyFacts {
        at,
        handling_satisfied: r.handling.satisfied(),
        outcome_satisfied: r.outcome.satisfied(),
        kept_informed: r.kept_informed == KeptInformed::Yes,
    }
}

/// Work done on the case by the service, as opposed to bookkeeping (sharing, reviews of
/// evidence) or the complainant writing in.
fn counts_as_action(change: &Change) -> bool {
    !matches!(
        change,
        Change::Reported { .. }
            | Change::FurtherReport { .. }
            | Change::DiaryEntryAdded { .. }
            | Change::EvidenceAdded { .. }
            | Change::ComplainantMessage { .. }
            | Change::SurveyAnswered { .. }
            | Change::Shared { .. }
            | Change::Unshared { .. }
            | Change::ReferralAnswered { .. }
            | Change::ReferralCompleted { .. }
    )
}

impl CaseFacts {
    /// Until when the case can count in a period's figures: its last closure; far in the future
    /// while it is open or waiting for triage; the report itself when it never became a case.
    pub fn active_until(&self, waiting: bool) -> Timestamp {
        match self.spells.last() {
            Some(Spell { to: Some(to), .. }) => *to,
            Some(_) => far_future(),
            None if waiting => far_future(),
            None => self.reported_at,
        }
    }

    /// The facts of a case from its events in order, with the first-contact deadline the
    /// `first_contact_due` rule gives (for facts of cases stored before the KPIs were kept).
    pub fn replay<'a>(
        changes: impl IntoIterator<Item = (&'a Change, Timestamp)>,
        first_contact_due: impl FnOnce(Timestamp, RiskBand) -> Option<Timestamp>,
    ) -> Option<CaseFacts> {
        let mut facts: Option<CaseFacts> = None;
        for (change, at) in changes {
            let f = facts.get_or_insert_with(|| match change {
                Change::Reported { organisation, reported_at, risk_band, .. } => {
                    CaseFacts::new(*organisation, *reported_at, *risk_band)
                }
                _ => CaseFacts::new(OrganisationId(uuid::Uuid::nil()), at, RiskBand::Standard),
            });
            f.record(change, at);
        }
        let mut f = facts?;
        f.first_contact_due = first_contact_due(f.reported_at, f.risk_at_report);
        Some(f)
    }
}

/// A time after any real one, for cases still open.
pub fn far_future() -> Timestamp {
    Timestamp::new(253_000_000_000, 0).unwrap_or(Timestamp::MAX)
}
