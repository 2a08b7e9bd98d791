//! Finding where complaints have reached the threshold, so the single point of contact can offer
//! a review before anyone has to ask for one.
//!
//! Complaints from every organisation of the partnership are grouped by [`Matter`]: the same
//! complainant, the same location, the same person complained about. A complaint can concern
//! several matters (its complainant, where it happened, each person it names) and counts once in
//! each of them.
use super::rules::{ReviewRules, RuleBook};
use crate::ids::{CaseId, OrganisationId, PersonId};
use crate::reference::CaseReference;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One complaint of anti-social behaviour, to any organisation of the partnership.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub case: CaseId,
    /// The event of the case that made the complaint (its report, or a further report), so the
    /// same complaint given twice counts once and two on one day count twice.
    pub event: i64,
    pub reference: CaseReference,
    /// The organisation the complaint was made to.
    pub organisation: OrganisationId,
    /// When the complaint was made (London date).
    pub reported_on: Date,
    /// When the behaviour last happened, if known.
    pub behaviour_on: Option<Date>,
    pub complainant: Option<PersonId>,
    /// The complainant's household: their address, normalised by the caller.
    pub household: Option<String>,
    /// Where it happened: a UPRN, or postcode and address, normalised by the caller.
    pub location: Option<String>,
    pub persons_complained_about: Vec<PersonId>,
    pub hate_incident: bool,
}

impl Complaint {
    /// The matters a complaint concerns: its complainant, where it happened, and each person it
    /// names (each once).
    pub fn matters(&self) -> BTreeSet<Matter> {
        let mut matters = BTreeSet::new();
        matters.extend(self.complainant.map(Matter::Complainant));
        matters.extend(self.location.as_deref().and_then(normalise_key).map(Matter::Location));
        matters.extend(self.persons_complained_about.iter().copied().map(Matter::PersonComplainedAbout));
        matters
    }
}

/// What a group of complaints is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "key")]
pub enum Matter {
    /// Complaints made by one person.
    Complainant(PersonId),
    /// Complaints about one place, by its [`normalise_key`]ed key.
    Location(String),
    /// Complaints about one person.
    PersonComplainedAbout(PersonId),
}

impl Matter {
    /// What the complaints have in common, for a list heading.
    pub fn label(&self) -> &'static str {
        match self {
            Matter::Complainant(_) => "The same complainant",
            Matter::Location(_) => "The same location",
            Matter::PersonComplainedAbout(_) => "The same person complained about",
        }
    }
}

/// An address or location key compared without regard to case or spacing:
/// `" 12  mill street, ab1 2cd "` is `"12 MILL STREET, AB1 2CD"`. `None` when blank.
pub fn normalise_key(key: &str) -> Option<String> {
    let words: Vec<&str> = key.split_whitespace().collect();
    if words.is_empty() { None } else { Some(words.join(" ").to_uppercase()) }
}

/// Where a complaint happened, as complaints are compared by place: the UPRN when known, else
/// the postcode and address, else the address (then [`normalise_key`]ed). Two organisations'
/// complaints are about the same place only when these agree.
pub fn location_key(uprn: Option<String>, postcode: Option<String>, address: &str) -> Option<String> {
    // An address removed for privacy (an anonymised case) no longer tells one home from another.
    if address.trim() == crate::privacy::REMOVED && uprn.as_deref().is_none_or(|u| u.trim().is_empty()) {
        return None;
    }
    match (uprn.filter(|u| !u.trim().is_empty()), postcode) {
        (Some(uprn), _) => Some(format!("UPRN {}", uprn.trim())),
        (None, Some(p)) => Some(format!("{p} {address}")),
        (None, None) => Some(address.to_string()).filter(|a| !a.trim().is_empty()),
    }
}

/// A place as complaints are matched by it: its [`location_key`], [`normalise_key`]ed, or empty
/// when it is no one's place. Stored beside each case so that one place's complaints are found
/// by index.
pub fn place_key(uprn: Option<&str>, postcode: Option<&str>, address: &str) -> String {
    location_key(uprn.map(str::to_string), postcode.map(str::to_string), address)
        .and_then(|k| normalise_key(&k))
        .unwrap_or_default()
}

/// Why a matter reached the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Trigger {
    /// At least `threshold` qualifying complaints (the law's test, or the area's lower number).
    Threshold { count: u32, threshold: u32 },
    /// The area's variant: qualifying complaints from at least `needed` different households
    /// (by [`normalise_key`]ed address; a complaint with no household recorded adds none).
    DifferentHouseholds { households: u32, needed: u32 },
    /// The area's variant: a qualifying complaint of a hate incident.
    HateIncident,
}

impl Trigger {
    pub fn describe(&self) -> String {
        match self {
            Trigger::Threshold { count, threshold } => {
                format!("{count} qualifying complaints (the threshold is {threshold})")
            }
            Trigger::DifferentHouseholds { households, needed } => {
                format!("complaints from {households} different households (the area's variant is {needed})")
            }
            Trigger::HateIncident => "a complaint of a hate incident (the area's variant)".into(),
        }
    }
}

/// A matter whose complaints have reached the threshold: offer the complainants a review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detection {
    pub matter: Matter,
    /// Every qualifying complaint counted for the matter, earliest first.
    pub complaints: Vec<Complaint>,
    /// The organisations those complaints were made to.
    pub organisations: Vec<OrganisationId>,
    /// Every test met, in the order the law's threshold, households, hate incident.
    pub triggers: Vec<Trigger>,
}

/// Whether a complaint qualifies, so far as the complaint itself goes: made within
/// `qualify_within_months` of the behaviour. When the date of the behaviour is not known, the
/// complaint is taken as made at the time of it, and qualifies: an officer can tell the
/// applicant otherwise, but the product should not hide a possible review. Whether an
/// application is still in time for the complaint is [`ReviewRules::in_time`].
pub fn qualifies(complaint: &Complaint, rules: &ReviewRules) -> bool {
    complaint.behaviour_on.is_none_or(|behaviour_on| rules.made_in_time(behaviour_on, complaint.reported_on))
}

/// The matters whose qualifying complaints reach the threshold under the rules in force on
/// `today`, counting the complaints an application made today could still count (see
/// [`ReviewRules::in_time`]). Complaints dated after `today` are ignored, and a complaint given
/// twice (the same case and event) counts once. Most complaints first, then by matter.
pub fn detect(complaints: &[Complaint], book: &RuleBook, today: Date) -> Vec<Detection> {
    let rules = book.in_force(today);
    let mut seen = BTreeSet::new();
    let mut by_matter: BTreeMap<Matter, Vec<&Complaint>> = BTreeMap::new();
    for c in complaints {
        if !rules.in_time(c.reported_on, today) || !qualifies(c, rules) || !seen.insert((c.case, c.event)) {
            continue;
        }
        for m in c.matters() {
            by_matter.entry(m).or_default().push(c);
        }
    }
    let mut found: Vec<Detection> = by_matter
        .into_iter()
        .filter_map(|(matter, mut cs)| {
            let count = u32::try_from(cs.len()).unwrap_or(u32::MAX);
            let mut triggers = vec![];
            if count >= rules.threshold {
                triggers.push(Trigger::Threshold { count, threshold: rules.threshold });
            }
            if let Some(needed) = rules.different_households {
                let households: BTreeSet<String> =
                    cs.iter().filter_map(|c| c.household.as_deref().and_then(normalise_key)).collect();
                let households = u32::try_from(households.len()).unwrap_or(u32::MAX);
                if households >= needed {
                    triggers.push(Trigger::DifferentHouseholds { households, needed });
                }
            }
            if rules.hate_incident_triggers && cs.iter().any(|c| c.hate_incident) {
                triggers.push(Trigger::HateIncident);
            }
            if triggers.is_empty() {
                return None;
            }
            cs.sort_by(|a, b| (a.reported_on, &a.reference).cmp(&(b.reported_on, &b.reference)));
            let organisations: BTreeSet<OrganisationId> = cs.iter().map(|c| c.organisation).collect();
            Some(Detection {
                matter,
                complaints: cs.into_iter().cloned().collect(),
                organisations: organisations.into_iter().collect(),
                triggers,
            })
        })
        .collect();
    found.sort_by(|a, b| b.complaints.len().cmp(&a.complaints.len()).then_with(|| a.matter.cmp(&b.matter)));
    found
}
