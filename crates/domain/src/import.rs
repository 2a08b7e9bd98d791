//! Importing cases from a spreadsheet or another case system's export (CSV). The columns are
//! documented in `docs/import.md`. Reading a file finds every problem in it, each named by row
//! and column, before anything is written; a file with any problem is not imported at all.
//!
//! Each row becomes a case whose history is made of ordinary events at their original dates
//! (reported, opened, assigned, first contact, closed), so figures over past periods count it
//! like any other, plus an [`Change::Imported`] event that marks it as imported and keeps its
//! reference in the old system.
use crate::case::{Case, CaseError, Channel, ClosureOutcome, Flags, HateStrand, NewReport, ReportDetails, Rules};
use crate::category::{Category, Priority, rank};
use crate::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use crate::event::Change;
use crate::ids::{OrganisationId, PartyId, PersonId, TenantId, UserId};
use crate::location::{Location, Postcode};
use crate::party::{Party, PartyRole, Person};
use crate::reference::CaseReference;
use crate::risk::RiskBand;
use jiff::Timestamp;
use std::collections::{HashMap, HashSet};
use std::fmt;

mod dates;
pub use dates::{london, parse_uk};

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
}

/// Read a cases file: every row checked, or every problem found (nothing is half-read).
pub fn read_cases(bytes: &[u8], ctx: &ImportContext) -> Result<Vec<CaseRow>, Vec<Problem>> {
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
        } else if !REQUIRED.contains(&name.as_str()) && !OPTIONAL.contains(&name.as_str()) {
            problems.push(Problem {
                row: 1,
                column: column(),
                message: format!("'{name}' is not a column this import knows (see docs/import.md for the columns)"),
            });
        } else if !seen_columns.insert(name.clone()) {
            problems.push(Problem { row: 1, column: column(), message: format!("'{name}' is given twice") });
        }
    }
    for required in REQUIRED {
        if !header.iter().any(|h| h == required) {
            problems.push(Problem { row: 1, column: None, message: format!("the column '{required}' is missing") });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut rows = vec![];
    let mut references: HashMap<String, u64> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let row = i as u64 + 2;
        if rows.len() + problems.len() >= MAX_ROWS {
            problems.push(Problem {
                row,
                column: None,
                message: format!("a file may hold at most {MAX_ROWS} cases: split it into several files"),
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
        let checked = r.check();
        // Each reference once, in the file and across imports, whatever else is wrong.
        if let Some(reference) = r.get("reference").map(str::to_string) {
            let key = reference.to_lowercase();
            if let Some(first) = references.get(&key) {
                r.problem("reference", format!("'{reference}' is also on row {first}"));
            } else if ctx.already_imported.contains(&key) {
                r.problem("reference", format!("'{reference}' has already been imported"));
            }
            references.entry(key).or_insert(row);
        }
        match (checked, r.problems.is_empty()) {
            (Some(c), true) => rows.push(c),
            (None, true) => problems.push(Problem { row, column: None, message: "cannot be read".into() }),
            _ => problems.extend(r.problems),
        }
    }
    if problems.is_empty() && rows.is_empty() {
        problems.push(Problem { row: 0, column: None, message: "the file has a header but no cases".into() });
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
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

/// A moment from the file: with its time of day, or a day alone (taken as 9am in London).
#[derive(Clone, Copy, Debug)]
struct When {
    at: Timestamp,
    timed: bool,
}

impl When {
    fn day(self) -> jiff::civil::Date {
        self.at.to_zoned(crate::time::london()).date()
    }

    /// Earlier than `other`: by the moment when both have a time, else by the day.
    fn before(self, other: When) -> bool {
        if self.timed && other.timed { self.at < other.at } else { self.day() < other.day() }
    }
}

struct Row<'a> {
    row: u64,
    cells: HashMap<&'a str, &'a str>,
    problems: Vec<Problem>,
    ctx: &'a ImportContext<'a>,
}

impl Row<'_> {
    fn problem(&mut self, column: &str, message: impl Into<String>) {
        self.problems.push(Problem { row: self.row, column: Some(column.into()), message: message.into() });
    }

    fn get(&self, column: &str) -> Option<&str> {
        self.cells.get(column).copied().filter(|v| !v.is_empty())
    }

    fn required(&mut self, column: &str) -> Option<String> {
        match self.get(column) {
            Some(v) => Some(v.to_string()),
            None => {
                self.problem(column, "is empty: it must be given");
                None
            }
        }
    }

    fn text(&mut self, column: &str, max: usize) -> Option<String> {
        let v = self.get(column)?.to_string();
        if v.chars().count() > max {
            self.problem(column, format!("is longer than {max} characters"));
            return None;
        }
        Some(v)
    }

    fn when(&mut self, column: &str) -> Option<When> {
        let v = self.get(column)?.to_string();
        let london = crate::time::london();
        let today = self.ctx.now.to_zoned(london.clone()).date();
        // A moment with its offset (2019-06-01T23:30:00Z) is taken as written.
        let read = match v.parse::<Timestamp>() {
            Ok(at) => Ok(When { at, timed: true }),
            Err(_) => {
                parse_uk(&v, today.year()).and_then(|(d, t)| Ok(When { at: dates::london(d, t)?, timed: t.is_some() }))
            }
        };
        match read {
            Ok(w) if (w.timed && w.at > self.ctx.now) || w.day() > today => {
                self.problem(column, format!("'{v}' is in the future"));
                None
            }
            Ok(w) if w.day().year() < 1980 => {
                self.problem(column, format!("'{v}' is before 1980"));
                None
            }
            // Today before 9am: a day alone is taken as now, never later.
            Ok(w) => Some(When { at: w.at.min(self.ctx.now), ..w }),
            Err(e) => {
                self.problem(column, e);
                None
            }
        }
    }

    /// A word of a list, by its stored word or its label, in any case.
    fn word<T: Copy>(
        &mut self,
        column: &str,
        all: &[T],
        word: fn(T) -> &'static str,
        label: fn(T) -> &'static str,
    ) -> Option<T> {
        let v = self.get(column)?.to_string();
        let key = v.to_lowercase().replace([' ', '-'], "_");
        let found = all.iter().copied().find(|t| word(*t) == key || label(*t).eq_ignore_ascii_case(&v));
        if found.is_none() {
            let words: Vec<&str> = all.iter().map(|t| word(*t)).collect();
            self.problem(column, format!("'{v}' is not one of: {}", words.join(", ")));
        }
        found
    }

    fn yes_no(&mut self, column: &str) -> bool {
        match self.get(column).map(str::to_lowercase).as_deref() {
            None | Some("no" | "n" | "false" | "0") => false,
            Some("yes" | "y" | "true" | "1") => true,
            Some(other) => {
                let other = other.to_string();
                self.problem(column, format!("'{other}' is not yes or no"));
                false
            }
        }
    }

    fn person(&mut self, prefix: &str) -> Option<RowPerson> {
        let (name_col, phone, email, address) = if prefix == "complainant" {
            (
                "complainant_name",
                self.text("complainant_phone", 40),
                self.text("complainant_email", 200),
                self.text("complainant_address", 300),
            )
        } else {
            ("person_complained_about", None, None, self.text("person_complained_about_address", 300))
        };
        if let Some(e) = &email
            && !e.contains('@')
        {
            let e = e.clone();
            self.problem("complainant_email", format!("'{e}' is not an email address"));
        }
        match self.text(name_col, 200) {
            Some(name) => Some(RowPerson { name, phone, email, address }),
            None if phone.is_some() || email.is_some() || address.is_some() => {
                self.problem(name_col, "is empty, but their other details are given: give their name too");
                None
            }
            None => None,
        }
    }

    fn check(&mut self) -> Option<CaseRow> {
        let ctx = self.ctx;
        let former_reference = self.required("reference");
        if let Some(r) = &former_reference
            && r.chars().count() > 60
        {
            self.problem("reference", "is longer than 60 characters");
        }
        let reported_at = match self.get("reported_on") {
            Some(_) => self.when("reported_on"),
            None => self.required("reported_on").and(None),
        };
        let description = self.required("description");
        if description.as_ref().is_some_and(|d| d.chars().count() > 5000) {
            self.problem("description", "is longer than 5,000 characters");
        }
        let categories = match self.required("categories") {
            Some(v) => {
                let mut codes = vec![];
                for part in v.split([';', ',']).map(str::trim).filter(|p| !p.is_empty()) {
                    let code = part.to_lowercase().replace([' ', '-'], "_");
                    match ctx.catalogue.iter().find(|c| c.code == code || c.name.eq_ignore_ascii_case(part)) {
                        Some(c) => codes.push(c.code.clone()),
                        None => {
                            let known: Vec<&str> = ctx.catalogue.iter().map(|c| c.code.as_str()).collect();
                            self.problem(
                                "categories",
                                format!("'{part}' is not a category (known: {})", known.join(", ")),
                            );
                        }
                    }
                }
                match rank(&codes, ctx.catalogue) {
                    Ok(ranked) => Some(ranked),
                    Err(e) if !codes.is_empty() => {
                        self.problem("categories", e);
                        None
                    }
                    Err(_) => None,
                }
            }
            None => None,
        };
        let risk_band = match self.get("risk") {
            Some(_) => self.word("risk", &RiskBand::ALL, RiskBand::as_str, RiskBand::label),
            None => self.required("risk").and(None),
        };
        let address = self.required("address");
        let postcode = match self.get("postcode") {
            Some(p) => match Postcode::parse(p) {
                Ok(p) => Some(p),
                Err(_) => {
                    let p = p.to_string();
                    self.problem("postcode", format!("'{p}' is not a UK postcode"));
                    None
                }
            },
            None => None,
        };
        let channel = match self.get("channel") {
            Some(_) => self.word("channel", Channel::ALL, Channel::as_str, Channel::label),
            None => Some(Channel::Phone),
        };
        let mut hate_strands = vec![];
        if let Some(v) = self.get("hate_strands").map(str::to_string) {
            for part in v.split([';', ',']).map(str::trim).filter(|p| !p.is_empty()) {
                let key = part.to_lowercase().replace([' ', '-'], "_");
                match HateStrand::ALL.iter().find(|h| h.as_str() == key || h.label().eq_ignore_ascii_case(part)) {
                    Some(h) if !hate_strands.contains(h) => hate_strands.push(*h),
                    Some(_) => {}
                    None => {
                        let words: Vec<&str> = HateStrand::ALL.iter().map(|h| h.as_str()).collect();
                        self.problem("hate_strands", format!("'{part}' is not one of: {}", words.join(", ")));
                    }
                }
            }
        }
        let vulnerability = self.yes_no("vulnerable");
        let patch = self.text("patch", 100);
        let complainant = self.person("complainant");
        let complained_about = self.person("person_complained_about");
        let officer = match self.get("officer").map(str::to_lowercase) {
            Some(email) => match ctx.officers.get(&email) {
                Some(id) => Some(*id),
                None => {
                    self.problem(
                        "officer",
                        format!("'{email}' is not the email address of any of the organisation's staff"),
                    );
                    None
                }
            },
            None => None,
        };
        let opened_at = self.when("opened_on");
        let first_contact = self.when("first_contact_on");
        let status = self.required("status").map(|s| s.to_lowercase());
        let closed = match status.as_deref() {
            Some("open") => {
                for column in ["closed_on", "outcome"] {
                    if self.get(column).is_some() {
                        self.problem(
                            column,
                            "is given but the status is open: leave it empty, or set the status to closed",
                        );
                    }
                }
                Some(None)
            }
            Some("closed") => {
                let at = match self.get("closed_on") {
                    Some(_) => self.when("closed_on"),
                    None => self.required("closed_on").and(None),
                };
                let outcome = match self.get("outcome") {
                    Some(_) => {
                        self.word("outcome", &ClosureOutcome::CHOICES, ClosureOutcome::as_str, ClosureOutcome::label)
                    }
                    None => self.required("outcome").and(None),
                };
                let summary = self.text("closure_summary", 5000).unwrap_or_else(|| "Closed before import".into());
                match (at, outcome) {
                    (Some(at), Some(o)) => Some(Some((at, o, summary))),
                    _ => None,
                }
            }
            Some(other) => {
                let other = other.to_string();
                self.problem("status", format!("'{other}' is not open or closed"));
                None
            }
            None => None,
        };
        // Dates in order: reported, opened, first contact, closed (by the day, where one of
        // the two has no time).
        if let Some(reported) = reported_at {
            let opened = opened_at.unwrap_or(reported);
            if opened.before(reported) {
                self.problem("opened_on", "is before the case was reported");
            }
            if first_contact.is_some_and(|c| c.before(reported)) {
                self.problem("first_contact_on", "is before the case was reported");
            }
            if let Some(Some((at, _, _))) = &closed {
                if at.before(opened) {
                    self.problem("closed_on", "is before the case was reported or opened");
                }
                if first_contact.is_some_and(|c| at.before(c)) {
                    self.problem("first_contact_on", "is after the case was closed");
                }
            }
        }
        let ((categories, priority), closed) = (categories?, closed?);
        // A day alone on the same day as the step before it is taken as just after it.
        let reported_at = reported_at?.at;
        let opened = opened_at.map_or(reported_at, |o| o.at.max(reported_at));
        let first_contact = first_contact.map(|c| c.at.max(reported_at));
        let closed = closed
            .map(|(at, outcome, summary)| (at.at.max(opened).max(first_contact.unwrap_or(opened)), outcome, summary));
        Some(CaseRow {
            row: self.row,
            former_reference: former_reference?,
            reported_at,
            channel: channel?,
            description: description?,
            categories,
            priority,
            risk_band: risk_band?,
            location: Location {
                address: address?,
                postcode,
                uprn: None,
                ward: None,
                estate: None,
                latitude: None,
                longitude: None,
            },
            flags: Flags { hate_strands, vulnerability, crime_reference: None, homelessness_related: false },
            patch,
            complainant,
            complained_about,
            officer,
            opened_at: opened,
            first_contact,
            closed,
        })
    }
}

impl CaseRow {
    /// The case this row describes, with its history at the original dates, and the people to
    /// create for it. `source` names the file; `imported_at` is when the import ran.
    pub fn to_case(
        &self,
        tenant: TenantId,
        organisation: OrganisationId,
        reference: CaseReference,
        source: &str,
        imported_at: Timestamp,
        rules: &Rules,
    ) -> Result<(Case, Vec<Person>), CaseError> {
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
        case.record(imported, None, self.reported_at, rules)?;
        let mut people = vec![];
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
            case.record(Change::PartyAdded { party }, None, self.reported_at, rules)?;
            people.push(person);
        }
        case.record(Change::Triaged { note: "Imported".into() }, None, self.opened_at, rules)?;
        case.record(Change::Opened, None, self.opened_at, rules)?;
        if let Some(officer) = self.officer {
            case.record(Change::Assigned { officer }, None, self.opened_at, rules)?;
        }
        if let Some(at) = self.first_contact {
            let contact = Contact {
                method: ContactMethod::Phone,
                direction: Direction::Outgoing,
                outcome: ContactOutcome::Successful,
                with: ContactWith::Complainant,
                summary: "First contact (imported)".into(),
                at,
            };
            case.record(Change::ContactRecorded { contact }, None, at.max(self.opened_at), rules)?;
        }
        if let Some((at, outcome, summary)) = &self.closed {
            let closed = Change::Closed {
                outcome: *outcome,
                summary: summary.clone(),
                survey: false,
                open_actions_confirmed: true,
            };
            case.record(closed, None, *at, rules)?;
        }
        Ok((case, people))
    }
}

#[cfg(test)]
mod tests;
