//! Figures kept for ended periods, so a dashboard need not read every case of its trend each
//! time it is asked. Kept figures stay right only if every save that changes what a case adds to
//! them drops them: so a kept set carries what its figures were worked out from (the period, the
//! filter, the organisations as the figures saw them, the review age, the calendar and the
//! release), and [`Kept::changed_by`] says whether cases' new facts change its figures. A
//! long-running case written every ten working days does not touch the figures of a quarter
//! that ended last year, so those stay kept; a late contact dated inside that quarter does.
//!
//! Repeats are counted from the partnership's complaints, each made on a day: the repeats of
//! an ended period stay kept until a save changes who or what a complaint made on one of its
//! days is about ([`alters_complaints`], [`complaint_days`]), or personal details that say who
//! and where are erased.
use super::compute::{Figure, OrganisationFacts, Scope, compute, first_contact_waiting};
use super::facts::CaseFacts;
use super::period::{Period, day};
use crate::calendar::{Calendar, Division};
use crate::event::Change;
use crate::risk::RiskBand;
use crate::{CaseId, OrganisationId, UserId};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Which cases count, beyond their organisation and period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub patch: Option<String>,
    pub officer: Option<UserId>,
    /// A category code: cases with it among their categories.
    pub category: Option<String>,
    pub risk: Option<RiskBand>,
}

impl Filter {
    pub fn keeps(&self, f: &CaseFacts) -> bool {
        self.patch.as_ref().is_none_or(|p| f.patch.as_ref() == Some(p))
            && self.officer.is_none_or(|o| f.officer == Some(o))
            && self.category.as_ref().is_none_or(|c| f.categories.contains(c))
            && self.risk.is_none_or(|r| f.risk == r)
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }
}

/// What a kept set of figures was worked out from. Figures are kept only when nothing in them
/// can still change with time alone (see [`settled`]), so they hold for any later moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub period: Period,
    pub filter: Filter,
    /// The organisations counted, with the homes and contact standard the figures used.
    pub organisations: Vec<OrganisationFacts>,
    pub long_running_months: i32,
    pub division: Division,
    /// The rules that worked them out ([`rules`]).
    pub release: String,
    /// When they were worked out; they serve any dashboard asked for at or after it.
    pub as_of: Timestamp,
}

impl Kept {
    /// Whether figures worked out from `self` still hold for a dashboard asked for as `now`
    /// would work them out: the same settings, and no earlier than they were kept.
    pub fn serves(&self, now: &Kept) -> bool {
        self.period == now.period
            && self.filter == now.filter
            && self.organisations == now.organisations
            && self.long_running_months == now.long_running_months
            && self.division == now.division
            && self.release == now.release
            && now.as_of >= self.as_of
    }

    /// Whether any of the cases going from `old` facts (none if new) to `new` changes the kept
    /// figures: what it adds to them differs, or its new facts are not settled.
    pub fn changed_by(&self, changes: &[(CaseId, Option<&CaseFacts>, &CaseFacts)]) -> bool {
        let scope = Scope {
            period: &self.period,
            as_of: self.as_of,
            calendar: Calendar::bundled_ref(self.division),
            organisations: &self.organisations,
            long_running_months: self.long_running_months,
        };
        let counts = |f: &CaseFacts| self.filter.keeps(f) && self.organisations.iter().any(|o| o.id == f.organisation);
        let adds = |case: CaseId, f: Option<&CaseFacts>| -> Vec<Figure> {
            match f.filter(|f| counts(f)) {
                Some(f) => compute(&[(case, f.clone())], &scope),
                None => compute(&[], &scope),
            }
        };
        changes.iter().filter(|(_, old, new)| *old != Some(*new)).any(|&(case, old, new)| {
            (counts(new) && !settled(new, &self.period, self.as_of)) || adds(case, old) != adds(case, Some(new))
        })
    }
}

/// Whether what a case adds to `period`'s figures no longer changes with time alone, from
/// `as_of` on. Only first contact waits on the clock: a report in the period not yet contacted
/// is left out until its first contact falls due.
pub fn settled(f: &CaseFacts, period: &Period, as_of: Timestamp) -> bool {
    !first_contact_waiting(f, period, as_of)
}

/// What kept repeats were counted for: the period, the organisations whose complaints count, and
/// the release. Complaints are dated, so repeats of an ended period do not change with time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptRepeats {
    pub period: Period,
    pub organisations: Vec<OrganisationId>,
    /// The rules that counted them ([`rules`] and how the store reads complaints).
    pub release: String,
}

/// What kept hotspots (the partnership's cases reported in each ward) were counted for. A case's
/// ward and whether it counts change only with a change that alters its complaints (its report,
/// its place, a link to another case), so they are kept as repeats are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptHotspots {
    pub period: Period,
    /// The rules that counted them ([`rules`] and how the store counts cases per ward).
    pub release: String,
}

/// Whether a change to a case can change its complaints as repeats count them: who complained
/// and about whom, where, to which organisation, whether it was a hate incident, a further
/// report, or whether the case was joined to another. Changes not known to leave them alone
/// count as changing them.
pub fn alters_complaints(change: &Change) -> bool {
    !matches!(
        change,
        Change::DiaryEntryAdded { .. }
            | Change::EvidenceAdded { .. }
            | Change::Triaged { .. }
            | Change::Opened
            | Change::Assigned { .. }
            | Change::RiskBandChanged { .. }
            | Change::CategoriesChanged { .. }
            | Change::ContactRecorded { .. }
            | Change::NoteAdded { .. }
            | Change::ActionAdded { .. }
            | Change::ActionDone { .. }
            | Change::InterventionRecorded { .. }
            | Change::MediationUpdated { .. }
            | Change::BreachRecorded { .. }
            | Change::OrderExtended { .. }
            | Change::CctvRequested { .. }
            | Change::EvidenceReviewed { .. }
            | Change::CostRecorded { .. }
            | Change::ComplainantMessage { .. }
            | Change::SurveyAnswered { .. }
            | Change::Shared { .. }
            | Change::Unshared { .. }
            | Change::ReferralMade { .. }
            | Change::ReferralAnswered { .. }
            | Change::ReferralCompleted { .. }
            | Change::PutToPanel { .. }
            | Change::PanelDecided { .. }
            | Change::Signposted { .. }
    )
}

/// The days (in London) a case's complaints were made on: its report and each further report.
pub fn complaint_days(f: &CaseFacts) -> Vec<Date> {
    let mut days: Vec<Date> =
        std::iter::once(f.reported_at).chain(f.further_reports.iter().copied()).map(day).collect();
    days.sort();
    days.dedup();
    days
}

/// The rules figures are worked out by: the release, and a digest of the source of the KPI rules
/// and of the bundled bank holidays, so that figures kept by a build that counted differently
/// (even one with the same version number) are not served by this one.
pub fn rules() -> &'static str {
    static RULES: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        // Everything the figures are worked out by once the facts are read: the engine, the
        // definitions (units, order), outcomes, risk bands and tools (parts' names), working
        // days and bank holidays, and what a complaint is about (repeats).
        let sources = [
            include_str!("compute.rs"),
            include_str!("facts.rs"),
            include_str!("kept.rs"),
            include_str!("running.rs"),
            include_str!("period.rs"),
            include_str!("repeats.rs"),
            include_str!("definitions.rs"),
            include_str!("../case.rs"),
            include_str!("../risk.rs"),
            include_str!("../intervention.rs"),
            include_str!("../calendar.rs"),
            include_str!("../case_review/detection.rs"),
            crate::calendar::BUNDLED_BANK_HOLIDAYS,
        ];
        format!("{}+{:016x}", env!("CARGO_PKG_VERSION"), digest(&sources))
    })
}

/// FNV-1a over the texts: the same on every build and platform (std's hasher may change
/// between compiler releases).
pub fn digest(texts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for t in texts {
        for b in t.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}
