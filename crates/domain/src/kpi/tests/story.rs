//! Cases told through the real case rules, so the facts come from real events.
use crate::calendar::{Calendar, Division};
use crate::case::{Case, Channel, ClosureOutcome, Flags, HateStrand, NewReport, Rules};
use crate::category::Priority;
use crate::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use crate::event::Change;
use crate::ids::{PartyId, PersonId};
use crate::intervention::{InjunctionTerms, Intervention, InterventionKind, MediationStage};
use crate::location::Location;
use crate::party::{Party, PartyRole};
use crate::reference::CaseReference;
use crate::risk::RiskBand;
use crate::standards::ServiceStandards;
use crate::survey::{KeptInformed, ReportAgain, Satisfaction, SurveyResponse};
use crate::time::parse;
use crate::{OrganisationId, TenantId};
use jiff::Timestamp;
use jiff::civil::Date;

pub fn t(s: &str) -> Timestamp {
    parse(s).unwrap()
}

pub fn d(s: &str) -> Date {
    s.parse().unwrap()
}

pub struct Story {
    pub case: Case,
    standards: ServiceStandards,
    calendar: Calendar,
    against: Option<PartyId>,
}

impl Story {
    /// A report at `at` (UTC) to `org`, in `band`, about `categories`; with a named
    /// complainant unless `anonymous`.
    pub fn report(org: OrganisationId, at: &str, band: RiskBand, categories: &[&str], anonymous: bool) -> Story {
        let standards = ServiceStandards::default();
        let calendar = Calendar::bundled(Division::EnglandAndWales);
        let report = NewReport {
            organisation: org,
            channel: Channel::Phone,
            description: "What is happening".into(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            priority: Priority(3),
            risk_band: band,
            location: Location { address: "1 High Street".into(), ..Location::default() },
            flags: Flags::default(),
            patch: Some("North".into()),
            reported_at: t(at),
            assessment: None,
            details: Default::default(),
        };
        let rules = Rules { standards: &standards, calendar: &calendar };
        let case = Case::report(TenantId::new(), CaseReference::new(2026, 1), report, None, &rules).unwrap();
        let mut s = Story { case, standards, calendar, against: None };
        if !anonymous {
            s.record(
                at,
                Change::PartyAdded {
                    party: Party {
                        id: PartyId::new(),
                        role: PartyRole::Complainant,
                        person: Some(PersonId::new()),
                        description: None,
                    },
                },
            );
        }
        s
    }

    pub fn record(&mut self, at: &str, change: Change) -> &mut Story {
        let rules = Rules { standards: &self.standards, calendar: &self.calendar };
        self.case.record(change, None, t(at), &rules).unwrap();
        self
    }

    pub fn open(&mut self, at: &str) -> &mut Story {
        self.record(at, Change::Triaged { note: "ASB".into() });
        self.record(at, Change::Opened)
    }

    pub fn contact(&mut self, at: &str, outcome: ContactOutcome) -> &mut Story {
        let contact = Contact {
            method: ContactMethod::Phone,
            direction: Direction::Outgoing,
            outcome,
            with: ContactWith::Complainant,
            summary: "Called".into(),
            at: t(at),
        };
        self.record(at, Change::ContactRecorded { contact })
    }

    pub fn close(&mut self, at: &str, outcome: ClosureOutcome, survey: bool) -> &mut Story {
        self.record(at, Change::Closed { outcome, summary: "Closed".into(), survey, open_actions_confirmed: true })
    }

    pub fn hate(&mut self, at: &str) -> &mut Story {
        let flags = Flags { hate_strands: vec![HateStrand::Race], ..Flags::default() };
        self.record(at, Change::FlagsChanged { flags })
    }

    pub fn survey(&mut self, at: &str, handling: Satisfaction, outcome: Satisfaction, informed: KeptInformed) {
        let response = SurveyResponse {
            handling,
            kept_informed: informed,
            outcome,
            report_again: ReportAgain::Yes,
            comments: String::new(),
        };
        self.record(at, Change::SurveyAnswered { response });
    }

    /// A tool given on `on`, recorded at `at`; returns its id.
    pub fn tool(&mut self, at: &str, kind: InterventionKind, on: &str) -> uuid::Uuid {
        if self.against.is_none() {
            let party = Party {
                id: PartyId::new(),
                role: PartyRole::PersonComplainedAbout,
                person: Some(PersonId::new()),
                description: None,
            };
            self.against = Some(party.id);
            self.record(at, Change::PartyAdded { party });
        }
        let id = uuid::Uuid::new_v4();
        let intervention = Intervention {
            id,
            kind,
            party: self.against,
            on: d(on),
            ends: None,
            details: "Given".into(),
            mediation: (kind == InterventionKind::Mediation).then_some(MediationStage::Offered),
            support: None,
            injunction: (kind == InterventionKind::CivilInjunction).then(InjunctionTerms::default),
            ground: None,
            breaches: vec![],
        };
        self.record(at, Change::InterventionRecorded { intervention });
        id
    }

    pub fn cost(&mut self, at: &str, minutes: u32, spend: u64) -> &mut Story {
        self.record(at, Change::CostRecorded { minutes, spend, what: "Time and spend".into() })
    }
}
