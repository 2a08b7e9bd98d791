//! One row of a cases file, checked cell by cell: every problem noted, by column.
use super::{CaseRow, ImportContext, Problem, RowPerson, dates, parse_uk};
use crate::case::{Channel, ClosureOutcome, Flags, HateStrand};
use crate::category::rank;
use crate::location::{Location, Postcode};
use crate::risk::RiskBand;
use jiff::Timestamp;
use std::collections::HashMap;

/// A moment from the file: with its time of day, or a day alone (taken as 9am in London).
#[derive(Clone, Copy, Debug)]
pub(super) struct When {
    pub(super) at: Timestamp,
    pub(super) timed: bool,
}

impl When {
    pub(super) fn day(self) -> jiff::civil::Date {
        self.at.to_zoned(crate::time::london()).date()
    }

    /// Earlier than `other`: by the moment when both have a time, else by the day.
    fn before(self, other: When) -> bool {
        if self.timed && other.timed { self.at < other.at } else { self.day() < other.day() }
    }
}

pub(super) struct Row<'a> {
    pub(super) row: u64,
    pub(super) cells: HashMap<&'a str, &'a str>,
    pub(super) problems: Vec<Problem>,
    pub(super) ctx: &'a ImportContext<'a>,
}

impl Row<'_> {
    pub(super) fn problem(&mut self, column: &str, message: impl Into<String>) {
        self.problems.push(Problem { row: self.row, column: Some(column.into()), message: message.into() });
    }

    pub(super) fn get(&self, column: &str) -> Option<&str> {
        self.cells.get(column).copied().filter(|v| !v.is_empty())
    }

    pub(super) fn required(&mut self, column: &str) -> Option<String> {
        match self.get(column) {
            Some(v) => Some(v.to_string()),
            None => {
                self.problem(column, "is empty: it must be given");
                None
            }
        }
    }

    pub(super) fn text(&mut self, column: &str, max: usize) -> Option<String> {
        let v = self.get(column)?.to_string();
        if v.chars().count() > max {
            self.problem(column, format!("is longer than {max} characters"));
            return None;
        }
        Some(v)
    }

    pub(super) fn when(&mut self, column: &str) -> Option<When> {
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
            Ok(w) if w.day().year() < self.ctx.covers.0 => {
                let first = self.ctx.covers.0;
                self.problem(
                    column,
                    format!("'{v}' is before {first}: working days are counted from {first}, where the bank holiday calendar begins"),
                );
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
    pub(super) fn word<T: Copy>(
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

    pub(super) fn check(&mut self) -> Option<CaseRow> {
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
            contacts: vec![],
            interventions: vec![],
        })
    }
}
