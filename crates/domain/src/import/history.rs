//! The files of a case's history that come with a cases file: its contacts and its
//! interventions, one per row, each keyed by the case's reference in the cases file.
use super::row::Row;
use crate::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use crate::intervention::{InterventionKind, MediationStage};
use jiff::civil::Date;

/// Columns a contacts file must have, and may have.
pub const CONTACT_REQUIRED: [&str; 6] = ["case_reference", "contacted_on", "with", "method", "outcome", "summary"];
pub const CONTACT_OPTIONAL: [&str; 1] = ["direction"];
/// Columns an interventions file must have, and may have.
pub const INTERVENTION_REQUIRED: [&str; 3] = ["case_reference", "kind", "given_on"];
pub const INTERVENTION_OPTIONAL: [&str; 4] = ["ends_on", "for", "details", "mediation"];

/// A contact of the file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactRow {
    pub row: u64,
    /// The case's reference in the cases file, as written there.
    pub case: String,
    pub contact: Contact,
}

/// Whom an intervention is directed at or for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Towards {
    NoOne,
    Complainant,
    PersonComplainedAbout,
    /// An injunction against persons unknown.
    PersonsUnknown,
}

/// An intervention of the file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterventionRow {
    pub row: u64,
    pub case: String,
    pub kind: InterventionKind,
    pub on: Date,
    pub ends: Option<Date>,
    pub towards: Towards,
    pub details: String,
    pub mediation: Option<MediationStage>,
}

impl Row<'_> {
    fn case_reference(&mut self) -> Option<String> {
        let r = self.required("case_reference")?;
        if r.chars().count() > 60 {
            self.problem("case_reference", "is longer than 60 characters");
            return None;
        }
        Some(r)
    }

    pub(super) fn check_contact(&mut self) -> Option<ContactRow> {
        let case = self.case_reference();
        let at = match self.get("contacted_on") {
            Some(_) => self.when("contacted_on"),
            None => self.required("contacted_on").and(None),
        };
        let pick = |row: &mut Self, column: &str| row.get(column).is_some() || row.required(column).is_some();
        let with = if pick(self, "with") {
            self.word("with", ContactWith::ALL, ContactWith::as_str, ContactWith::label)
        } else {
            None
        };
        let method = if pick(self, "method") {
            self.word("method", ContactMethod::ALL, ContactMethod::as_str, ContactMethod::label)
        } else {
            None
        };
        let outcome = if pick(self, "outcome") {
            self.word("outcome", ContactOutcome::ALL, ContactOutcome::as_str, ContactOutcome::label)
        } else {
            None
        };
        let direction = match self.get("direction") {
            Some(_) => self.word("direction", Direction::ALL, Direction::as_str, Direction::label),
            None => Some(Direction::Outgoing),
        };
        let summary = match self.required("summary") {
            Some(_) => self.text("summary", 2000),
            None => None,
        };
        Some(ContactRow {
            row: self.row,
            case: case?,
            contact: Contact {
                method: method?,
                direction: direction?,
                outcome: outcome?,
                with: with?,
                summary: summary?,
                at: crate::time::to_micros(at?.at),
            },
        })
    }

    pub(super) fn check_intervention(&mut self) -> Option<InterventionRow> {
        let case = self.case_reference();
        let kind = match self.get("kind") {
            Some(_) => self.word("kind", InterventionKind::ALL, InterventionKind::as_str, InterventionKind::label),
            None => self.required("kind").and(None),
        };
        let on = match self.get("given_on") {
            Some(_) => self.when("given_on").map(|w| w.day()),
            None => self.required("given_on").and(None),
        };
        let ends = match self.get("ends_on").map(str::to_string) {
            // An order's last day may be after today.
            Some(v) => match super::parse_uk(&v, self.ctx.now.to_zoned(crate::time::london()).year()) {
                Ok((d, _)) => Some(d),
                Err(e) => {
                    self.problem("ends_on", e);
                    None
                }
            },
            None => None,
        };
        let towards = match self.get("for").map(|v| v.to_lowercase().replace([' ', '-'], "_")) {
            None => Some(Towards::NoOne),
            Some(v) => match v.as_str() {
                "complainant" => Some(Towards::Complainant),
                "person_complained_about" => Some(Towards::PersonComplainedAbout),
                "persons_unknown" => Some(Towards::PersonsUnknown),
                _ => {
                    self.problem(
                        "for",
                        format!("'{v}' is not one of: complainant, person_complained_about, persons_unknown"),
                    );
                    None
                }
            },
        };
        let details = self.text("details", 2000).unwrap_or_default();
        let mediation = match self.get("mediation") {
            Some(_) => {
                self.word("mediation", MediationStage::ALL, MediationStage::as_str, MediationStage::label).map(Some)
            }
            None => Some(None),
        };
        if let (Some(on), Some(end)) = (on, ends)
            && end < on
        {
            self.problem("ends_on", "is before the day it was given");
        }
        match kind {
            Some(k @ (InterventionKind::SupportReferral | InterventionKind::Possession)) => {
                let what =
                    if k == InterventionKind::Possession { "the ground for possession" } else { "the support given" };
                self.problem(
                    "kind",
                    format!(
                        "{} cannot be imported (this file cannot say {what}): record it on the case after the import",
                        k.label()
                    ),
                );
            }
            Some(k) if k != InterventionKind::Mediation && mediation.is_some_and(|m| m.is_some()) => {
                self.problem("mediation", "is only for mediation: leave it empty");
            }
            Some(k) if k != InterventionKind::CivilInjunction && towards == Some(Towards::PersonsUnknown) => {
                self.problem("for", "persons_unknown is only for a civil injunction");
            }
            _ => {}
        }
        Some(InterventionRow {
            row: self.row,
            case: case?,
            kind: kind?,
            on: on?,
            ends,
            towards: towards?,
            details,
            mediation: mediation?,
        })
    }
}
