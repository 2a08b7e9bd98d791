//! The event log of a case. Every change is a [`Change`], recorded as an [`Event`] that carries
//! the hash of the case's previous event, so that any later edit of the log shows as a break.
use crate::case::{Channel, ClosureOutcome, Flags, PriorityOverride, ReportDetails};
use crate::casework::{Action, Diversion};
use crate::category::Priority;
use crate::contact::Contact;
use crate::evidence::{DiaryEntry, EvidenceFile};
use crate::ids::{CaseId, OrganisationId, PartyId, UserId};
use crate::intervention::{Breach, Intervention, MediationStage};
use crate::location::Location;
use crate::partnership::{Answer, ReferralTo, ShareScope};
use crate::party::Party;
use crate::questionnaire::Assessment;
use crate::reference::CaseReference;
use crate::risk::RiskBand;
use crate::time::fixed;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The hash the first event of every case chains from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened to a case.
// The report is the largest change by far; changes are short-lived values, not worth boxing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum Change {
    Reported {
        organisation: OrganisationId,
        channel: Channel,
        description: String,
        categories: Vec<String>,
        priority: Priority,
        risk_band: RiskBand,
        location: Location,
        flags: Flags,
        patch: Option<String>,
        reported_at: Timestamp,
        /// The risk questionnaire's answers and the version that scored them, when asked.
        #[serde(default)]
        assessment: Option<Assessment>,
        /// What the person reporting said about when and how often.
        #[serde(default)]
        details: ReportDetails,
    },
    /// The case came from another system or a spreadsheet (always the second event): its
    /// reference there, the file it came in, and when. Its history is written at its original
    /// dates, so figures over past periods count it like any other case.
    Imported {
        former_reference: String,
        source: String,
        imported_at: Timestamp,
    },
    /// A further report about the same matter while the case is open: not a new case.
    FurtherReport {
        channel: Channel,
        description: String,
        reported_at: Timestamp,
        #[serde(default)]
        assessment: Option<Assessment>,
        /// Who made it, when not the case's complainant: the complainant of a report joined
        /// to this case at triage (a case review counts their complaint as theirs).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<crate::PersonId>,
    },
    PartyAdded {
        party: Party,
    },
    /// A complainant's diary entry.
    DiaryEntryAdded {
        entry: DiaryEntry,
    },
    /// A file given as evidence (its bytes are stored apart, under `file.id`).
    EvidenceAdded {
        file: EvidenceFile,
    },
    Triaged {
        note: String,
    },
    Opened,
    Assigned {
        officer: UserId,
    },
    RiskBandChanged {
        band: RiskBand,
        reason: String,
    },
    CategoriesChanged {
        categories: Vec<String>,
        priority: Priority,
        priority_override: Option<PriorityOverride>,
        /// Why the categories or priority changed (upgraded or downgraded).
        #[serde(default)]
        reason: String,
    },
    FlagsChanged {
        flags: Flags,
    },
    ContactRecorded {
        contact: Contact,
    },
    NoteAdded {
        text: String,
    },
    Closed {
        outcome: ClosureOutcome,
        summary: String,
        /// Whether the complainant is to be sent the satisfaction survey.
        #[serde(default)]
        survey: bool,
        /// The officer confirmed closing with actions of the plan still open.
        #[serde(default)]
        open_actions_confirmed: bool,
    },
    Reopened {
        reason: String,
    },
    /// At triage: not an ASB case; the report gets advice or the good-neighbour route.
    Diverted {
        route: Diversion,
        note: String,
    },
    /// At triage: the report is about the matter of an open case and joins it there.
    Linked {
        into: CaseReference,
    },
    /// At triage: another organisation of the partnership should deal with it.
    Referred {
        to: OrganisationId,
        note: String,
    },
    ActionAdded {
        action: Action,
    },
    ActionDone {
        id: uuid::Uuid,
    },
    InterventionRecorded {
        intervention: Intervention,
    },
    MediationUpdated {
        id: uuid::Uuid,
        stage: MediationStage,
        note: String,
    },
    BreachRecorded {
        id: uuid::Uuid,
        breach: Breach,
    },
    OrderExtended {
        id: uuid::Uuid,
        ends: jiff::civil::Date,
    },
    CctvRequested {
        from: String,
        place: String,
        period: String,
    },
    /// An officer has looked at a piece of evidence (the event that added it).
    EvidenceReviewed {
        seq: i64,
    },
    CostRecorded {
        minutes: u32,
        /// In pence.
        spend: u64,
        what: String,
    },
    /// The complainant wrote to the officer from their tracker, perhaps asking for a call back.
    ComplainantMessage {
        text: String,
        call_back: bool,
    },
    /// The complainant answered the satisfaction survey after the case closed.
    SurveyAnswered {
        response: crate::survey::SurveyResponse,
    },
    /// The owner shares the case with a partner organisation, or changes what it sees.
    Shared {
        organisation: OrganisationId,
        scope: ShareScope,
        purpose: String,
    },
    /// The owner stops sharing the case with a partner organisation.
    Unshared {
        organisation: OrganisationId,
        reason: String,
    },
    /// The case, or one of its parties, is referred to a partner or a support service.
    ReferralMade {
        id: uuid::Uuid,
        to: ReferralTo,
        party: Option<PartyId>,
        reason: String,
    },
    /// The receiver accepts or declines a referral.
    ReferralAnswered {
        id: uuid::Uuid,
        answer: Answer,
        note: String,
    },
    /// The receiver says what it did.
    ReferralCompleted {
        id: uuid::Uuid,
        outcome: String,
    },
    /// The case is put forward to a multi-agency case panel.
    PutToPanel {
        panel: uuid::Uuid,
        title: String,
        meets_on: jiff::civil::Date,
        reason: String,
    },
    /// What a panel decided about the case, perhaps with an action for the plan.
    PanelDecided {
        panel: uuid::Uuid,
        summary: String,
        action: Option<Action>,
    },
    /// A party is pointed to a support service of the directory (no referral made).
    Signposted {
        service: uuid::Uuid,
        name: String,
        party: Option<PartyId>,
        note: String,
    },
}

impl Change {
    /// The stored kind and payload.
    pub fn split(&self) -> (String, Value) {
        let v = serde_json::to_value(self).expect("changes always serialise");
        let kind = v["kind"].as_str().expect("tagged enum has a kind").to_string();
        let payload = v.get("payload").cloned().unwrap_or(Value::Null);
        (kind, payload)
    }

    /// Rebuild from a stored kind and payload.
    pub fn join(kind: &str, payload: Value) -> Result<Change, serde_json::Error> {
        let mut v = serde_json::Map::new();
        v.insert("kind".into(), Value::String(kind.to_string()));
        if !payload.is_null() {
            v.insert("payload".into(), payload);
        }
        serde_json::from_value(Value::Object(v))
    }

    /// A short title for the timeline.
    pub fn title(&self) -> &'static str {
        match self {
            Change::Reported { .. } => "Reported",
            Change::Imported { .. } => "Imported",
            Change::FurtherReport { .. } => "Further report",
            Change::PartyAdded { .. } => "Party added",
            Change::DiaryEntryAdded { .. } => "Diary entry",
            Change::EvidenceAdded { .. } => "Evidence added",
            Change::Triaged { .. } => "Triaged",
            Change::Opened => "Case opened",
            Change::Assigned { .. } => "Assigned",
            Change::RiskBandChanged { .. } => "Risk band changed",
            Change::CategoriesChanged { .. } => "Categories changed",
            Change::FlagsChanged { .. } => "Flags changed",
            Change::ContactRecorded { .. } => "Contact recorded",
            Change::NoteAdded { .. } => "Note added",
            Change::Closed { .. } => "Case closed",
            Change::Reopened { .. } => "Case reopened",
            Change::Diverted { .. } => "Diverted at triage",
            Change::Linked { .. } => "Linked to another case",
            Change::Referred { .. } => "Referred to another organisation",
            Change::ActionAdded { .. } => "Action agreed",
            Change::ActionDone { .. } => "Action done",
            Change::InterventionRecorded { .. } => "Intervention",
            Change::MediationUpdated { .. } => "Mediation",
            Change::BreachRecorded { .. } => "Breach recorded",
            Change::OrderExtended { .. } => "Order extended",
            Change::CctvRequested { .. } => "CCTV requested",
            Change::EvidenceReviewed { .. } => "Evidence reviewed",
            Change::CostRecorded { .. } => "Cost recorded",
            Change::ComplainantMessage { call_back: false, .. } => "Message from the complainant",
            Change::ComplainantMessage { call_back: true, .. } => "Call back requested",
            Change::SurveyAnswered { .. } => "Satisfaction survey answered",
            Change::Shared { .. } => "Shared with a partner",
            Change::Unshared { .. } => "Sharing stopped",
            Change::ReferralMade { .. } => "Referral made",
            Change::ReferralAnswered { answer: Answer::Accepted, .. } => "Referral accepted",
            Change::ReferralAnswered { answer: Answer::Declined, .. } => "Referral declined",
            Change::ReferralCompleted { .. } => "Referral outcome",
            Change::Signposted { .. } => "Signposted to support",
            Change::PutToPanel { .. } => "Put forward to a case panel",
            Change::PanelDecided { .. } => "Case panel decision",
        }
    }
}

/// One entry of a case's log, as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub case_id: CaseId,
    /// 1 for the first event of the case, then +1 each time.
    pub seq: i64,
    pub kind: String,
    pub payload: Value,
    /// `None` for the system or a member of the public.
    pub actor: Option<UserId>,
    pub at: Timestamp,
    pub prev_hash: String,
    pub hash: String,
    /// SHA-256 of the payload as first written, which the hash covers in place of the payload
    /// itself, so that personal data can later be redacted from the payload and the chain
    /// still be checked. `None` for events written before digests (their hash covers the
    /// payload's text).
    pub payload_digest: Option<String>,
    /// When personal data was removed from the payload (erasure or retention).
    pub redacted_at: Option<Timestamp>,
    /// What partners' systems are to be told of it (webhooks), worked out as it was recorded,
    /// from the case as it then stood. Never stored: empty for an event read back.
    pub notices: Vec<crate::webhook::Notice>,
}

impl Event {
    /// A new event chained onto `prev_hash`.
    pub fn new(
        case_id: CaseId,
        seq: i64,
        change: &Change,
        actor: Option<UserId>,
        at: Timestamp,
        prev_hash: &str,
    ) -> Event {
        let (kind, payload) = change.split();
        let payload = canonical(payload);
        let digest = digest(&payload);
        let hash = hash_v2(prev_hash, case_id, seq, &kind, &digest, &outline_digest(change), actor, at);
        Event {
            case_id,
            seq,
            kind,
            payload,
            actor,
            at,
            prev_hash: prev_hash.to_string(),
            hash,
            payload_digest: Some(digest),
            redacted_at: None,
            notices: vec![],
        }
    }

    pub fn change(&self) -> Result<Change, serde_json::Error> {
        Change::join(&self.kind, self.payload.clone())
    }

    /// The hash this event should carry given its content and its stated predecessor; `None`
    /// for a redacted event written before digests, whose content can no longer be checked.
    pub fn expected_hash(&self) -> Option<String> {
        match &self.payload_digest {
            Some(d) => {
                // What the event says apart from its free text and exact place, read from the
                // payload as it is now: a redaction cannot have changed it.
                let Ok(change) = self.change() else { return Some(String::new()) };
                Some(hash_v2(
                    &self.prev_hash,
                    self.case_id,
                    self.seq,
                    &self.kind,
                    d,
                    &outline_digest(&change),
                    self.actor,
                    self.at,
                ))
            }
            None if self.redacted_at.is_some() => None,
            None => Some(hash_v1(
                &self.prev_hash,
                self.case_id,
                self.seq,
                &self.kind,
                &canonical(self.payload.clone()),
                self.actor,
                self.at,
            )),
        }
    }

    /// Whether the payload is still the one its digest was taken of (always, once redacted:
    /// the digest then stands for the payload that was removed).
    pub fn payload_matches_digest(&self) -> bool {
        match (&self.payload_digest, self.redacted_at) {
            (Some(d), None) => digest(&canonical(self.payload.clone())) == *d,
            _ => true,
        }
    }

    /// Replace the payload with `change` (the same change with personal data removed), keeping
    /// the hash and the digest of what was first written.
    pub fn redact(&mut self, change: &Change, at: Timestamp) {
        let (kind, payload) = change.split();
        debug_assert_eq!(kind, self.kind, "a redaction keeps the kind of event");
        self.payload = canonical(payload);
        self.redacted_at = Some(at);
    }
}

/// JSON with object keys sorted, so the same content hashes the same whichever database
/// stored it (PostgreSQL's JSONB reorders keys).
fn canonical(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let sorted: std::collections::BTreeMap<String, Value> =
                m.into_iter().map(|(k, v)| (k, canonical(v))).collect();
            Value::Object(sorted.into_iter().collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(canonical).collect()),
        other => other,
    }
}

fn digest(payload: &Value) -> String {
    hex::encode(Sha256::digest(payload.to_string().as_bytes()))
}

/// The digest of a change's outline: everything but its free text and exact place.
fn outline_digest(change: &Change) -> String {
    digest(&canonical(change.outline().split().1))
}

/// The hash of events written since payload digests. It covers the digest of the payload as
/// first written, so the payload can be redacted and the chain still checked, and the digest of
/// its outline (everything but free text and exact place), so a redaction can change nothing
/// else: dates, categories, outcomes and amounts stay checkable for ever.
#[allow(clippy::too_many_arguments)]
fn hash_v2(
    prev: &str,
    case_id: CaseId,
    seq: i64,
    kind: &str,
    digest: &str,
    outline: &str,
    actor: Option<UserId>,
    at: Timestamp,
) -> String {
    let actor = actor.map(|a| a.to_string()).unwrap_or_else(|| "-".into());
    let text = format!("v2\n{prev}\n{case_id}\n{seq}\n{kind}\n{actor}\n{}\n{digest}\n{outline}", fixed(at));
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The hash of events written before payload digests: it covers the payload's text.
fn hash_v1(
    prev: &str,
    case_id: CaseId,
    seq: i64,
    kind: &str,
    payload: &Value,
    actor: Option<UserId>,
    at: Timestamp,
) -> String {
    let mut h = Sha256::new();
    let actor = actor.map(|a| a.to_string()).unwrap_or_else(|| "-".into());
    let text = format!("{prev}\n{case_id}\n{seq}\n{kind}\n{actor}\n{}\n{payload}", fixed(at));
    h.update(text.as_bytes());
    hex::encode(h.finalize())
}

/// Where a chain of events stops being trustworthy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub case_id: CaseId,
    pub seq: i64,
    pub problem: String,
}

/// Walks events of cases in (case, seq) order and reports the first break.
#[derive(Default)]
pub struct ChainWalker {
    current: Option<(CaseId, i64, String)>,
    pub events_checked: u64,
    pub cases_checked: u64,
    /// Events whose personal data was removed: their digest stands for what was removed.
    pub events_redacted: u64,
    /// Redacted events written before digests: only their place in the chain can be checked.
    pub redacted_unchecked: u64,
}

impl ChainWalker {
    pub fn check(&mut self, e: &Event) -> Result<(), ChainBreak> {
        let brk = |problem: String| ChainBreak { case_id: e.case_id, seq: e.seq, problem };
        let (expect_seq, expect_prev) = match &self.current {
            Some((case, seq, hash)) if *case == e.case_id => (seq + 1, hash.clone()),
            _ => {
                self.cases_checked += 1;
                (1, GENESIS.to_string())
            }
        };
        if e.seq != expect_seq {
            return Err(brk(format!("expected event number {expect_seq}, found {}", e.seq)));
        }
        if e.prev_hash != expect_prev {
            return Err(brk("does not chain onto the previous event's hash".into()));
        }
        if e.expected_hash().is_some_and(|h| h != e.hash) || !e.payload_matches_digest() {
            return Err(brk("content does not match its hash (altered after it was written)".into()));
        }
        if e.redacted_at.is_some() {
            self.events_redacted += 1;
            if e.payload_digest.is_none() {
                self.redacted_unchecked += 1;
            }
        }
        if let Err(err) = e.change() {
            return Err(brk(format!("payload is not a valid {} event: {err}", e.kind)));
        }
        self.events_checked += 1;
        self.current = Some((e.case_id, e.seq, e.hash.clone()));
        Ok(())
    }
}
