//! The case: its lifecycle and the rules for changing it. Every change goes through
//! [`Case::record`], which checks it against the current state, applies it, and queues the
//! hash-chained [`Event`] for the store to write with the projection in one transaction.
use crate::calendar::{Calendar, CalendarError};
use crate::casework::Casework;
use crate::category::Priority;
use crate::contact::word_enum;
use crate::event::{Change, Event, GENESIS};
use crate::ids::{CaseId, OrganisationId, PersonId, TenantId, UserId};
use crate::location::Location;
use crate::party::{Party, PartyRole};
use crate::reference::CaseReference;
use crate::risk::RiskBand;
use crate::standards::ServiceStandards;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

word_enum!(Status {
    Reported => "reported", "Reported",
    Triaged => "triaged", "Triaged",
    Open => "open", "Open",
    Closed => "closed", "Closed",
});

word_enum!(
    /// How the report reached us.
    Channel {
        WebForm => "web_form", "Web form",
        Phone => "phone", "Phone",
        Email => "email", "Email",
        InPerson => "in_person", "Walk-in (in person)",
        DropBox => "drop_box", "Drop box (paper form)",
        PartnerReferral => "partner_referral", "Partner referral",
        Open311 => "open311", "Open311",
        Letter => "letter", "Letter",
        DropIn => "drop_in", "Drop-in session",
    }
);

word_enum!(
    /// The protected characteristics a hate incident can be perceived to target.
    HateStrand {
        Disability => "disability", "Disability",
        Race => "race", "Race",
        Religion => "religion", "Religion or belief",
        SexualOrientation => "sexual_orientation", "Sexual orientation",
        TransgenderIdentity => "transgender_identity", "Transgender identity",
    }
);

word_enum!(
    /// How a case ended. The first seven are what an officer chooses when closing; the rest
    /// come from triage (a report that never became a case) or from earlier records.
    ClosureOutcome {
        Resolved => "resolved", "Resolved: behaviour stopped",
        ResolvedLegalAction => "resolved_legal_action", "Resolved: legal action",
        NoFurtherAction => "no_further_action", "Not resolved: no further action",
        InsufficientEvidence => "insufficient_evidence", "Not resolved: insufficient evidence",
        ComplainantWithdrew => "complainant_withdrew", "Complainant withdrew",
        MovedAway => "moved_away", "Moved away",
        ReferredElsewhere => "referred_elsewhere", "Referred elsewhere",
        ResolvedByOtherAgency => "resolved_by_other_agency", "Resolved by another agency",
        NoContact => "no_contact", "Unable to contact complainant",
        NotAsb => "not_asb", "Not anti-social behaviour",
        Diverted => "diverted", "Not an ASB case: advice given at triage",
        Linked => "linked", "Joined to another case",
    }
);

impl ClosureOutcome {
    /// What an officer chooses from when closing a case.
    pub const CHOICES: [ClosureOutcome; 7] = [
        ClosureOutcome::Resolved,
        ClosureOutcome::ResolvedLegalAction,
        ClosureOutcome::NoFurtherAction,
        ClosureOutcome::InsufficientEvidence,
        ClosureOutcome::ComplainantWithdrew,
        ClosureOutcome::MovedAway,
        ClosureOutcome::ReferredElsewhere,
    ];

    /// Counted as resolved in the resolution rate.
    pub fn is_resolved(self) -> bool {
        matches!(
            self,
            ClosureOutcome::Resolved | ClosureOutcome::ResolvedLegalAction | ClosureOutcome::ResolvedByOtherAgency
        )
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flags {
    /// Empty when not a hate incident.
    pub hate_strands: Vec<HateStrand>,
    pub vulnerability: bool,
    /// Crime reference when the behaviour is crime-linked.
    pub crime_reference: Option<String>,
    pub homelessness_related: bool,
}

impl Flags {
    pub fn hate_incident(&self) -> bool {
        !self.hate_strands.is_empty()
    }
}

/// When and how often, as the person reporting put it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDetails {
    pub started: Option<jiff::civil::Date>,
    /// One of `report::FREQUENCIES`, or empty when not asked.
    pub how_often: String,
    pub last_happened: Option<jiff::civil::Date>,
    pub happening_now: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityOverride {
    pub priority: Priority,
    pub reason: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CaseError {
    #[error("{} {from} case cannot be {action}", if from.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" })]
    IllegalTransition { from: &'static str, action: &'static str },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

/// What the rules need to know beyond the case itself.
pub struct Rules<'a> {
    pub standards: &'a ServiceStandards,
    pub calendar: &'a Calendar,
}

/// The rules in force for an organisation: its service standards (the defaults until it sets
/// its own) and its partnership's bank-holiday calendar.
pub struct RuleBook {
    pub standards: ServiceStandards,
    pub calendar: Calendar,
}

impl RuleBook {
    pub fn for_division(division: crate::calendar::Division) -> RuleBook {
        RuleBook::new(division, ServiceStandards::default())
    }

    pub fn new(division: crate::calendar::Division, standards: ServiceStandards) -> RuleBook {
        RuleBook { standards, calendar: Calendar::bundled(division) }
    }

    pub fn rules(&self) -> Rules<'_> {
        Rules { standards: &self.standards, calendar: &self.calendar }
    }
}

/// The current state of a case (the projection of its events).
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub id: CaseId,
    pub tenant: TenantId,
    pub reference: CaseReference,
    pub organisation: OrganisationId,
    pub status: Status,
    pub channel: Channel,
    pub description: String,
    pub categories: Vec<String>,
    /// Highest priority of the categories, unless overridden.
    pub priority: Priority,
    pub priority_override: Option<PriorityOverride>,
    pub risk_band: RiskBand,
    pub location: Location,
    pub flags: Flags,
    pub patch: Option<String>,
    pub assigned_officer: Option<UserId>,
    pub parties: Vec<Party>,
    /// Action plan, interventions, evidence and costs.
    pub casework: Casework,
    /// What the KPIs count about the case, folded from its events.
    pub facts: crate::kpi::CaseFacts,
    pub reported_at: Timestamp,
    pub opened_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub outcome: Option<ClosureOutcome>,
    pub last_successful_contact: Option<Timestamp>,
    /// Next contact with the complainant due (open, triaged and reported cases).
    pub next_contact_due: Option<Timestamp>,
    pub updated_at: Timestamp,
    /// Number of the last stored event.
    pub version: i64,
    pub last_hash: String,
    /// Events recorded since the case was loaded, not yet stored.
    pub pending: Vec<Event>,
    /// When its personal data was removed under the retention rules: nothing more can be
    /// recorded on it.
    pub anonymised_at: Option<Timestamp>,
}

/// What a new report says.
pub struct NewReport {
    pub organisation: OrganisationId,
    pub channel: Channel,
    pub description: String,
    pub categories: Vec<String>,
    pub priority: Priority,
    pub risk_band: RiskBand,
    pub location: Location,
    pub flags: Flags,
    pub patch: Option<String>,
    pub reported_at: Timestamp,
    pub assessment: Option<crate::questionnaire::Assessment>,
    pub details: ReportDetails,
}

impl Case {
    /// A new case from a report. Its first event is `Reported`.
    pub fn report(
        tenant: TenantId,
        reference: CaseReference,
        report: NewReport,
        actor: Option<UserId>,
        rules: &Rules,
    ) -> Result<Case, CaseError> {
        if report.description.trim().is_empty() {
            return Err(CaseError::Invalid("describe what is happening".into()));
        }
        if report.categories.is_empty() {
            return Err(CaseError::Invalid("choose at least one category".into()));
        }
        let mut case = Case {
            id: CaseId::new(),
            tenant,
            reference,
            organisation: report.organisation,
            status: Status::Reported,
            channel: report.channel,
            description: String::new(),
            categories: vec![],
            priority: report.priority,
            priority_override: None,
            risk_band: report.risk_band,
            location: Location::default(),
            flags: Flags::default(),
            patch: None,
            assigned_officer: None,
            parties: vec![],
            casework: Casework::default(),
            facts: crate::kpi::CaseFacts::new(report.organisation, report.reported_at, report.risk_band),
            reported_at: report.reported_at,
            opened_at: None,
            closed_at: None,
            outcome: None,
            last_successful_contact: None,
            next_contact_due: None,
            updated_at: report.reported_at,
            version: 0,
            last_hash: GENESIS.to_string(),
            pending: vec![],
            anonymised_at: None,
        };
        let at = report.reported_at;
        case.record(
            Change::Reported {
                organisation: report.organisation,
                channel: report.channel,
                description: report.description,
                categories: report.categories,
                priority: report.priority,
                risk_band: report.risk_band,
                location: report.location,
                flags: report.flags,
                patch: report.patch,
                reported_at: report.reported_at,
                assessment: report.assessment,
                details: report.details,
            },
            actor,
            at,
            rules,
        )?;
        Ok(case)
    }

    /// The version the store last wrote: what a concurrent writer must not have moved.
    pub fn stored_version(&self) -> i64 {
        self.version - self.pending.len() as i64
    }

    /// Check `change` against the current state, apply it, and queue its event.
    pub fn record(
        &mut self,
        change: Change,
        actor: Option<UserId>,
        at: Timestamp,
        rules: &Rules,
    ) -> Result<(), CaseError> {
        self.check(&change, at)?;
        let seq = self.version + 1;
        let owner_before = self.organisation;
        self.apply(&change, at, rules, seq, actor)?;
        self.facts.record(&change, at);
        if matches!(change, Change::Reported { .. }) {
            self.facts.first_contact_due = self.next_contact_due;
        }
        let mut event = Event::new(self.id, seq, &change, actor, at, &self.last_hash);
        event.notices = crate::webhook::notices_of(self, &change, owner_before, seq, at);
        self.version = seq;
        self.last_hash = event.hash.clone();
        self.updated_at = at;
        self.pending.push(event);
        Ok(())
    }

    fn check(&self, change: &Change, at: Timestamp) -> Result<(), CaseError> {
        if self.anonymised_at.is_some() {
            return Err(CaseError::Invalid(
                "this case was anonymised under the retention rules, so nothing more can be recorded on it: \
                 if the behaviour has started again, record it as a new case"
                    .into(),
            ));
        }
        let illegal = |action| Err(CaseError::IllegalTransition { from: self.status.as_str(), action });
        let nonempty = |s: &str, what: &str| {
            if s.trim().is_empty() { Err(CaseError::Invalid(format!("enter {what}"))) } else { Ok(()) }
        };
        // A closed case can still be reopened, surveyed, shared or unshared, and partners can
        // still say what became of referrals made while it was open.
        let after_closing = matches!(
            change,
            Change::Reopened { .. }
                | Change::SurveyAnswered { .. }
                | Change::Shared { .. }
                | Change::Unshared { .. }
                | Change::ReferralAnswered { .. }
                | Change::ReferralCompleted { .. }
        );
        if self.status == Status::Closed && !after_closing {
            return illegal("changed while closed");
        }
        match change {
            Change::Reported { .. } if self.version > 0 => illegal("reported again"),
            Change::Reported { .. } => Ok(()),
            Change::Imported { .. } if self.version != 1 => illegal("imported after its report"),
            Change::Triaged { .. } if self.status != Status::Reported => illegal("triaged"),
            Change::Opened if self.status != Status::Triaged => illegal("opened"),
            Change::Diverted { .. } | Change::Linked { .. } | Change::Referred { .. }
                if !matches!(self.status, Status::Reported | Status::Triaged) =>
            {
                illegal("dealt with at triage")
            }
            Change::Referred { to, .. } if *to == self.organisation => {
                Err(CaseError::Invalid("choose another organisation to refer it to".into()))
            }
            Change::Closed { summary, outcome, open_actions_confirmed, .. } => {
                if self.status != Status::Open {
                    return illegal("closed");
                }
                if !ClosureOutcome::CHOICES.contains(outcome) {
                    return Err(CaseError::Invalid("choose how the case ended".into()));
                }
                let open = self.casework.open_actions().count();
                if open > 0 && !open_actions_confirmed {
                    return Err(CaseError::Invalid(format!(
                        "{open} action{} of the plan {} not done: confirm you want to close the case anyway",
                        if open == 1 { "" } else { "s" },
                        if open == 1 { "is" } else { "are" }
                    )));
                }
                nonempty(summary, "a closing summary")
            }
            Change::Reopened { reason } => {
                if self.status != Status::Closed {
                    return illegal("reopened");
                }
                if matches!(self.outcome, Some(ClosureOutcome::Diverted | ClosureOutcome::Linked)) {
                    return Err(CaseError::Invalid(
                        "this report was dealt with at triage and never became a case: record a new report instead"
                            .into(),
                    ));
                }
                nonempty(reason, "why the case is being reopened")
            }
            Change::RiskBandChanged { reason, .. } => nonempty(reason, "why the risk band changed"),
            Change::CategoriesChanged { categories, priority_override, .. } => {
                if categories.is_empty() {
                    return Err(CaseError::Invalid("choose at least one category".into()));
                }
                match priority_override {
                    Some(o) => nonempty(&o.reason, "why the priority is overridden"),
                    None => Ok(()),
                }
            }
            Change::ContactRecorded { contact } => {
                if contact.at > at {
                    return Err(CaseError::Invalid("the contact cannot be dated in the future".into()));
                }
                nonempty(&contact.summary, "a summary of the contact")
            }
            Change::NoteAdded { text } => nonempty(text, "the note"),
            Change::FurtherReport { description, .. } => nonempty(description, "what the further report says"),
            Change::PartyAdded { party } => {
                if party.person.is_none() && party.role != PartyRole::PersonComplainedAbout {
                    return Err(CaseError::Invalid(format!(
                        "a {} must be a known person",
                        party.role.label().to_lowercase()
                    )));
                }
                if party.person.is_some() && self.has_person(party.person, party.role) {
                    return Err(CaseError::Invalid("that person already has this role in the case".into()));
                }
                Ok(())
            }
            _ => work::check(self, change, at),
        }
    }

    fn has_person(&self, person: Option<PersonId>, role: PartyRole) -> bool {
        self.parties.iter().any(|p| p.person == person && p.role == role)
    }

    fn apply(
        &mut self,
        change: &Change,
        at: Timestamp,
        rules: &Rules,
        seq: i64,
        actor: Option<UserId>,
    ) -> Result<(), CaseError> {
        match change.clone() {
            Change::Reported {
                organisation,
                channel,
                description,
                categories,
                priority,
                risk_band,
                location,
                flags,
                patch,
                reported_at,
                ..
            } => {
                self.organisation = organisation;
                self.channel = channel;
                self.description = description;
                self.categories = categories;
                self.priority = priority;
                self.risk_band = risk_band;
                self.location = location;
                self.flags = flags;
                self.patch = patch;
                self.reported_at = reported_at;
            }
            Change::PartyAdded { party } => self.parties.push(party),
            Change::Triaged { .. } => self.status = Status::Triaged,
            Change::Opened => {
                self.status = Status::Open;
                self.opened_at = Some(at);
            }
            Change::Assigned { officer } => self.assigned_officer = Some(officer),
            Change::RiskBandChanged { band, .. } => self.risk_band = band,
            Change::CategoriesChanged { categories, priority, priority_override, .. } => {
                self.categories = categories;
                self.priority = priority_override.as_ref().map(|o| o.priority).unwrap_or(priority);
                self.priority_override = priority_override;
            }
            Change::FlagsChanged { flags } => self.flags = flags,
            Change::ContactRecorded { contact } => {
                if contact.resets_complainant_clock() {
                    let latest = self.last_successful_contact.map_or(contact.at, |t| t.max(contact.at));
                    self.last_successful_contact = Some(latest);
                }
            }
            Change::NoteAdded { .. } | Change::FurtherReport { .. } | Change::Imported { .. } => {}
            Change::Closed { outcome, survey, .. } => {
                self.casework.survey_invited = survey && self.casework.survey.is_none();
                self.status = Status::Closed;
                self.closed_at = Some(at);
                self.outcome = Some(outcome);
            }
            Change::Diverted { .. } => {
                self.status = Status::Closed;
                self.closed_at = Some(at);
                self.outcome = Some(ClosureOutcome::Diverted);
            }
            Change::Linked { .. } => {
                self.status = Status::Closed;
                self.closed_at = Some(at);
                self.outcome = Some(ClosureOutcome::Linked);
            }
            Change::Referred { to, .. } => {
                // Back to the start of the other organisation's triage.
                self.organisation = to;
                self.status = Status::Reported;
                self.assigned_officer = None;
            }
            Change::Reopened { .. } => {
                self.status = Status::Open;
                self.closed_at = None;
                self.outcome = None;
            }
            other => work::apply(self, other, at, seq, actor),
        }
        self.next_contact_due = if self.status == Status::Closed {
            None
        } else {
            Some(rules.standards.next_contact_due(
                self.reported_at,
                self.risk_band,
                self.last_successful_contact,
                rules.calendar,
            )?)
        };
        Ok(())
    }

    /// Whether the complainant's next contact is overdue at `now`.
    pub fn contact_overdue(&self, now: Timestamp) -> bool {
        self.next_contact_due.is_some_and(|due| due <= now)
    }

    pub fn hate_incident(&self) -> bool {
        self.flags.hate_incident()
    }

    /// The primary category: categories are kept most urgent first.
    pub fn primary_category(&self) -> &str {
        self.categories.first().map(String::as_str).unwrap_or("other")
    }
}

mod work;

#[cfg(test)]
mod tests;
