//! Importing cases from a spreadsheet or another case system's export (CSV). The columns are
//! documented in `docs/import.md`. Reading a file finds every problem in it, each named by row
//! and column, before anything is written; a file with any problem is not imported at all.
//!
//! Each row becomes a case whose history is made of ordinary events at their original dates
//! (reported, opened, assigned, first contact, closed), so figures over past periods count it
//! like any other, plus an [`Change::Imported`] event that marks it as imported and keeps its
//! reference in the old system.
use crate::case::{Case, CaseError, Channel, ClosureOutcome, Flags, NewReport, ReportDetails, Rules};
use crate::category::{Category, Priority};
use crate::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use crate::event::Change;
use crate::ids::{OrganisationId, PartyId, PersonId, TenantId, UserId};
use crate::intervention::{InjunctionTerms, Intervention, InterventionKind};
use crate::location::Location;
use crate::party::{Party, PartyRole, Person};
use crate::reference::CaseReference;
use crate::risk::RiskBand;
use jiff::Timestamp;
use std::collections::{HashMap, HashSet};
use std::fmt;

mod dates;
mod history;
mod join;
mod row;
pub use dates::{london, parse_uk};
pub use history::{
    CONTACT_OPTIONAL, CONTACT_REQUIRED, ContactRow, INTERVENTION_OPTIONAL, INTERVENTION_REQUIRED, InterventionRow,
    Towards,
};
pub use join::{HistoryProblems, attach, attach_watched};
use row::Row;

/// Columns a cases file must have.
pub const REQUIRED: [&str; 7] = ["reference", "reported_on", "description", "categories", "risk", "address", "status"];
/// Columns it may have.
pub const OPTIONAL: [&str; 17] = [
    "channel",
    "postcode",
    "hate_strands",
    "vulnerable",
    "patch",
    "complainant_name",
    "complainant_phone",
    "complainant_email",
    "complainant_address",
    "person_complained_about",
    "person_complained_about_address",
    "officer",
    "opened_on",
    "first_contact_on",
    "closed_on",
    "outcome",
    "closure_summary",
];

/// The most rows one file may hold; larger imports are split into several files.
pub const MAX_ROWS: usize = 500_000;

/// Something wrong in the file: where, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The row as a spreadsheet numbers it (the header is row 1); 0 for the file as a whole.
    pub row: u64,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, &self.column) {
            (0, _) => write!(f, "{}", self.message),
            (row, Some(c)) => write!(f, "row {row}, column {c}: {}", self.message),
            (row, None) => write!(f, "row {row}: {}", self.message),
        }
    }
}

/// What the file is checked against.
pub struct ImportContext<'a> {
    /// The organisation's category catalogue.
    pub catalogue: &'a [Category],
    /// Its staff, by email address (lower case), for the `officer` column.
    pub officers: &'a HashMap<String, UserId>,
    /// References already imported for the organisation (a file imported twice is refused).
    pub already_imported: &'a HashSet<String>,
    /// When the import runs: nothing in the file may be later.
    pub now: Timestamp,
    /// The years the partnership's bank-holiday calendar covers ([`crate::calendar::Calendar::covers`]):
    /// working days, and so service standards, can be counted only within them.
    pub covers: (i16, i16),
}

/// Someone named in a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowPerson {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

/// One row, checked: everything needed to make its case.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseRow {
    pub row: u64,
    /// Its reference in the system it came from.
    pub former_reference: String,
    pub reported_at: Timestamp,
    pub channel: Channel,
    pub description: String,
    /// Most urgent first, as [`rank`] orders them.
    pub categories: Vec<String>,
    pub priority: Priority,
    pub risk_band: RiskBand,
    pub location: Location,
    pub flags: Flags,
    pub patch: Option<String>,
    pub complainant: Option<RowPerson>,
    pub complained_about: Option<RowPerson>,
    pub officer: Option<UserId>,
    pub opened_at: Timestamp,
    pub first_contact: Option<Timestamp>,
    /// When closed: when, how it ended, and the closing summary.
    pub closed: Option<(Timestamp, ClosureOutcome, String)>,
    /// Its contacts and interventions, from the files that came with the cases file.
    pub contacts: Vec<ContactRow>,
    pub interventions: Vec<InterventionRow>,
}

/// Read a cases file: every row checked, or every problem found (nothing is half-read).
pub fn read_cases(bytes: &[u8], ctx: &ImportContext) -> Result<Vec<CaseRow>, Vec<Problem>> {
    let mut references: HashMap<String, u64> = HashMap::new();
    read_table(bytes, &REQUIRED, &OPTIONAL, ctx, "cases", |r| {
        let checked = r.check();
        // Each reference once, in the file and across imports, whatever else is wrong.
        if let Some(reference) = r.get("reference").map(str::to_string) {
            let key = reference.to_lowercase();
            if let Some(first) = references.get(&key) {
                r.problem("reference", format!("'{reference}' is also on row {first}"));
            } else if ctx.already_imported.contains(&key) {
                r.problem("reference", format!("'{reference}' has already been imported"));
            }
            references.entry(key).or_insert(r.row);
        }
        checked
    })
}

/// Read a contacts file (see `docs/import.md`): every row checked, or every problem found.
pub fn read_contacts(bytes: &[u8], ctx: &ImportContext) -> Result<Vec<ContactRow>, Vec<Problem>> {
    read_table(bytes, &CONTACT_REQUIRED, &CONTACT_OPTIONAL, ctx, "contacts", |r| r.check_contact())
}

/// Read an interventions file: every row checked, or every problem found.
pub fn read_interventions(bytes: &[u8], ctx: &ImportContext) -> Result<Vec<InterventionRow>, Vec<Problem>> {
    read_table(bytes, &INTERVENTION_REQUIRED, &INTERVENTION_OPTIONAL, ctx, "interventions", |r| r.check_intervention())
}

/// A CSV file of `what` with these columns, each row checked by `check`.
fn read_table<T>(
    bytes: &[u8],
    required: &[&str],
    optional: &[&str],
    ctx: &ImportContext,
    what: &str,
    mut check: impl FnMut(&mut Row) -> Option<T>,
) -> Result<Vec<T>, Vec<Problem>> {
    let whole = |message: String| vec![Problem { row: 0, column: None, message }];
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            return Err(whole(format!(
                "the file is not UTF-8 text (first found on line {line}): save it from the spreadsheet as \"CSV UTF-8\""
            )));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase().replace([' ', '-'], "_")).collect(),
        Err(e) => return Err(whole(format!("the header row cannot be read: {e}"))),
    };
    if header.iter().all(String::is_empty) {
        return Err(whole("the file is empty: the first row must name the columns (see docs/import.md)".into()));
    }
    let mut problems = vec![];
    let mut seen_columns = HashSet::new();
    for (i, name) in header.iter().enumerate() {
        let column = || Some(column_letter(i));
        if name.is_empty() {
            problems.push(Problem { row: 1, column: column(), message: "a column has no name".into() });
        } else if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
            problems.push(Problem {
                row: 1,
                column: column(),
                message: format!("'{name}' is not a column of a {what} file (see docs/import.md for the columns)"),
            });
        } else if !seen_columns.insert(name.clone()) {
            problems.push(Problem { row: 1, column: column(), message: format!("'{name}' is given twice") });
        }
    }
    for required in required {
        if !header.iter().any(|h| h == required) {
            problems.push(Problem { row: 1, column: None, message: format!("the column '{required}' is missing") });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut rows = vec![];
    for (i, record) in reader.records().enumerate() {
        let row = i as u64 + 2;
        if rows.len() + problems.len() >= MAX_ROWS {
            problems.push(Problem {
                row,
                column: None,
                message: format!("a file may hold at most {MAX_ROWS} rows: split it into several files"),
            });
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("has {len} cells where the header has {expected_len}")
                    }
                    _ => format!("cannot be read: {e}"),
                };
                problems.push(Problem { row, column: None, message });
                continue;
            }
        };
        let cells: HashMap<&str, &str> = header.iter().map(String::as_str).zip(record.iter().map(str::trim)).collect();
        if cells.values().all(|v| v.is_empty()) {
            continue;
        }
        let mut r = Row { row, cells, problems: vec![], ctx };
        let checked = check(&mut r);
        match (checked, r.problems.is_empty()) {
            (Some(c), true) => rows.push(c),
            (None, true) => problems.push(Problem { row, column: None, message: "cannot be read".into() }),
            _ => problems.extend(r.problems),
        }
    }
    if problems.is_empty() && rows.is_empty() {
        problems.push(Problem { row: 0, column: None, message: format!("the file has a header but no {what}") });
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}

/// Which row of which file a case could not be built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Case,
    Contact(u64),
    Intervention(u64),
}

/// Why a case could not be built from its rows.
#[derive(Debug)]
pub struct BuildError {
    pub at: Source,
    /// The column at fault, where the rules say.
    pub column: Option<&'static str>,
    pub error: CaseError,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Source::Case => write!(f, "{}", self.error),
            Source::Contact(row) => write!(f, "contacts row {row}: {}", self.error),
            Source::Intervention(row) => write!(f, "interventions row {row}: {}", self.error),
        }
    }
}

impl From<CaseError> for BuildError {
    fn from(error: CaseError) -> BuildError {
        BuildError { at: Source::Case, column: None, error }
    }
}

/// A spreadsheet's name for the `i`th column: A, B, …, Z, AA, AB, …
fn column_letter(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (i % 26) as u8) as char);
        if i < 26 {
            return s;
        }
        i = i / 26 - 1;
    }
}

impl CaseRow {
    /// What the row would become, in words, for a dry run: "reported 4 March 2019, closed 28
    /// June 2019 (resolved), high risk, noise; complainant Jo Adebayo; assigned; with 2
    /// contacts and 1 intervention".
    pub fn describe(&self) -> String {
        let day = |t: Timestamp| crate::time::human_date(t.to_zoned(crate::time::london()).date());
        let state = match &self.closed {
            Some((at, outcome, _)) => format!("closed {} ({})", day(*at), outcome.label().to_lowercase()),
            None => "open".into(),
        };
        let mut s = format!(
            "reported {}, {state}, {} risk, {}",
            day(self.reported_at),
            self.risk_band.as_str(),
            self.categories.join(", ")
        );
        if let Some(c) = &self.complainant {
            s.push_str(&format!("; complainant {}", c.name));
        }
        if self.officer.is_some() {
            s.push_str("; assigned");
        }
        let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        if !self.contacts.is_empty() || !self.interventions.is_empty() {
            s.push_str(&format!(
                "; with {} and {}",
                plural(self.contacts.len(), "contact"),
                plural(self.interventions.len(), "intervention")
            ));
        }
        s
    }

    /// The case this row describes, with its history at the original dates, and the people to
    /// create for it. `source` names the file; `imported_at` is when the import ran, and
    /// `imported_by` the member of staff who ran it (none from the command line).
    #[allow(clippy::too_many_arguments)]
    pub fn to_case(
        &self,
        tenant: TenantId,
        organisation: OrganisationId,
        reference: CaseReference,
        source: &str,
        imported_at: Timestamp,
        imported_by: Option<UserId>,
        rules: &Rules,
    ) -> Result<(Case, Vec<Person>), BuildError> {
        let report = NewReport {
            organisation,
            channel: self.channel,
            description: self.description.clone(),
            categories: self.categories.clone(),
            priority: self.priority,
            risk_band: self.risk_band,
            location: self.location.clone(),
            flags: self.flags.clone(),
            patch: self.patch.clone(),
            reported_at: self.reported_at,
            assessment: None,
            details: ReportDetails::default(),
        };
        let mut case = Case::report(tenant, reference, report, None, rules)?;
        let imported = Change::Imported {
            former_reference: self.former_reference.clone(),
            source: source.to_string(),
            imported_at,
        };
        // Who imported it stands on the Imported entry; the history before it is the old
        // system's, whose staff are not known here.
        case.record(imported, imported_by, self.reported_at, rules)?;
        let mut people = vec![];
        let (mut complainant, mut complained_about) = (None, None);
        for (role, p) in
            [(PartyRole::Complainant, &self.complainant), (PartyRole::PersonComplainedAbout, &self.complained_about)]
        {
            let Some(p) = p else { continue };
            let person = Person {
                id: PersonId::new(),
                name: p.name.clone(),
                address: p.address.clone(),
                phone: p.phone.clone(),
                email: p.email.clone(),
            };
            let party = Party { id: PartyId::new(), role, person: Some(person.id), description: None };
            match role {
                PartyRole::Complainant => complainant = Some(party.id),
                _ => complained_about = Some(party.id),
            }
            case.record(Change::PartyAdded { party }, None, self.reported_at, rules)?;
            people.push(person);
        }
        case.record(Change::Triaged { note: "Imported".into() }, None, self.opened_at, rules)?;
        case.record(Change::Opened, None, self.opened_at, rules)?;
        if let Some(officer) = self.officer {
            case.record(Change::Assigned { officer }, None, self.opened_at, rules)?;
        }
        // The history in the order it happened: the first contact, the contacts and the
        // interventions of the files (an intervention on its day, at noon).
        let mut history: Vec<(Timestamp, usize, Source, Change)> = vec![];
        if let Some(at) = self.first_contact {
            let contact = Contact {
                method: ContactMethod::Phone,
                direction: Direction::Outgoing,
                outcome: ContactOutcome::Successful,
                with: ContactWith::Complainant,
                summary: "First contact (imported)".into(),
                at,
            };
            history.push((at, 0, Source::Case, Change::ContactRecorded { contact }));
        }
        for c in &self.contacts {
            history.push((
                c.contact.at,
                0,
                Source::Contact(c.row),
                Change::ContactRecorded { contact: c.contact.clone() },
            ));
        }
        for v in &self.interventions {
            let at = dates::london(v.on, Some(jiff::civil::time(12, 0, 0, 0)))
                .map_err(|e| BuildError {
                    at: Source::Intervention(v.row),
                    column: Some("given_on"),
                    error: CaseError::Invalid(e),
                })?
                // Never after the import runs (an intervention given this morning).
                .min(imported_at);
            let party = match v.towards {
                Towards::Complainant => complainant,
                Towards::PersonComplainedAbout => complained_about,
                Towards::NoOne | Towards::PersonsUnknown => None,
            };
            let injunction = (v.kind == InterventionKind::CivilInjunction).then_some(InjunctionTerms {
                persons_unknown: v.towards == Towards::PersonsUnknown,
                power_of_arrest: false,
                exclusion: false,
            });
            let intervention = Intervention {
                id: uuid::Uuid::new_v4(),
                kind: v.kind,
                party,
                on: v.on,
                ends: v.ends,
                details: v.details.clone(),
                mediation: v.mediation,
                support: None,
                injunction,
                ground: None,
                breaches: vec![],
            };
            // On the same day, in the ladder's order: a notice before the order it leads to.
            let rung = InterventionKind::ALL.iter().position(|k| *k == v.kind).unwrap_or(0) + 1;
            history.push((at, rung, Source::Intervention(v.row), Change::InterventionRecorded { intervention }));
        }
        history.sort_by_key(|(at, rung, _, _)| (*at, *rung));
        let mut last = self.opened_at;
        for (at, _, source, change) in history {
            last = last.max(at);
            // The column the case's rules would point at, for an intervention.
            let column = match (&change, source) {
                (Change::InterventionRecorded { intervention }, Source::Intervention(_)) => {
                    crate::intervention::refuse_new(intervention, &case.casework.interventions, intervention.on)
                        .err()
                        .map(|r| match r.about {
                            "party" => "for",
                            "on" => "given_on",
                            "ends" => "ends_on",
                            "mediation" => "mediation",
                            _ => "kind",
                        })
                }
                (_, Source::Contact(_)) => Some("contacted_on"),
                _ => None,
            };
            case.record(change, None, last, rules).map_err(|error| BuildError { at: source, column, error })?;
        }
        if let Some((at, outcome, summary)) = &self.closed {
            let closed = Change::Closed {
                outcome: *outcome,
                summary: summary.clone(),
                survey: false,
                open_actions_confirmed: true,
            };
            // Closed after everything it records, even a contact later on the same day.
            case.record(closed, None, (*at).max(last), rules)?;
        }
        Ok((case, people))
    }
}

#[cfg(test)]
mod history_tests;
#[cfg(test)]
mod tests;
