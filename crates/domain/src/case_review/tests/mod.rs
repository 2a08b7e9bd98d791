//! Stories of the ASB Case Review's rules, one file per part: the rules and their versions,
//! detection, the workflow, due dates, the published figures, and properties.
use super::*;
use crate::calendar::{Calendar, Division};
use crate::ids::{CaseId, OrganisationId, PersonId, TenantId};
use crate::reference::CaseReference;
use crate::survey::Satisfaction;
use jiff::Span;
use jiff::civil::{Date, date};
use proptest::prelude::*;

const MILL_STREET: &str = "12 Mill Street, AB1 2CD";

pub(super) fn complaint(number: u64, organisation: OrganisationId, reported_on: Date) -> Complaint {
    Complaint {
        case: CaseId::new(),
        event: 1,
        reference: CaseReference::new(reported_on.year(), number),
        organisation,
        reported_on,
        behaviour_on: Some(reported_on),
        complainant: Some(PersonId::new()),
        household: None,
        location: None,
        persons_complained_about: vec![],
        hate_incident: false,
    }
}

pub(super) fn at_mill_street(number: u64, organisation: OrganisationId, reported_on: Date) -> Complaint {
    Complaint { location: Some(MILL_STREET.into()), ..complaint(number, organisation, reported_on) }
}

pub(super) fn mill_street() -> Matter {
    Matter::Location(normalise_key(MILL_STREET).unwrap())
}

pub(super) fn problem_fields(err: ReviewError) -> Vec<String> {
    match err {
        ReviewError::Problems(ps) => ps.into_iter().map(|p| p.field).collect(),
        other => panic!("expected problems, got {other}"),
    }
}

pub(super) fn calendar() -> Calendar {
    Calendar::bundled(Division::EnglandAndWales)
}

mod detection;
mod due_dates;
mod figures;
mod properties;
mod rules;
mod workflow;
