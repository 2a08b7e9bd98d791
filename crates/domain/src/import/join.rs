//! Joining a case's contacts and interventions to it, and checking every case as the import
//! will build it, before anything is written.
use super::{CaseRow, ContactRow, InterventionRow, Problem, Source, Towards};
use crate::case::Rules;
use crate::ids::{OrganisationId, TenantId};
use crate::reference::CaseReference;
use jiff::Timestamp;
use std::collections::{HashMap, HashSet};

/// Problems found when a case's history is joined to it, by file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct HistoryProblems {
    pub cases: Vec<Problem>,
    pub contacts: Vec<Problem>,
    pub interventions: Vec<Problem>,
}

impl HistoryProblems {
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty() && self.contacts.is_empty() && self.interventions.is_empty()
    }
}

/// Join contacts and interventions to their cases, each checked against its case: the case is
/// in the cases file, the dates fall between its report and its closing, the person it is for
/// is a party to it, and every case's whole history passes the case rules (tried, as the
/// import will build it).
pub fn attach(
    cases: &mut [CaseRow],
    contacts: Vec<ContactRow>,
    interventions: Vec<InterventionRow>,
    rules: &Rules,
    now: Timestamp,
) -> HistoryProblems {
    attach_watched(cases, contacts, interventions, rules, now, &|_| {})
}

/// `attach`, telling `progress` how many cases have been tried so far (out of `cases.len()`).
pub fn attach_watched(
    cases: &mut [CaseRow],
    contacts: Vec<ContactRow>,
    interventions: Vec<InterventionRow>,
    rules: &Rules,
    now: Timestamp,
    progress: &dyn Fn(u64),
) -> HistoryProblems {
    let mut problems = HistoryProblems::default();
    // Cases with a row that did not join: their history is incomplete, so not tried.
    let mut incomplete: HashSet<usize> = HashSet::new();
    let index: HashMap<String, usize> =
        cases.iter().enumerate().map(|(i, c)| (c.former_reference.to_lowercase(), i)).collect();
    let day = |t: Timestamp| t.to_zoned(crate::time::london()).date();
    let not_in_file = |row: u64, reference: &str| Problem {
        row,
        column: Some("case_reference".into()),
        message: format!("'{reference}' is not a reference in the cases file"),
    };
    for c in contacts {
        let Some(&i) = index.get(&c.case.to_lowercase()) else {
            problems.contacts.push(not_in_file(c.row, &c.case));
            continue;
        };
        let case = &mut cases[i];
        let problem = |message: String| Problem { row: c.row, column: Some("contacted_on".into()), message };
        if day(c.contact.at) < day(case.reported_at) {
            problems.contacts.push(problem(format!("is before {} was reported", c.case)));
            incomplete.insert(i);
        } else if let Some((closed, _, _)) = &case.closed
            && day(c.contact.at) > day(*closed)
        {
            problems.contacts.push(problem(format!("is after {} was closed", c.case)));
            incomplete.insert(i);
        } else {
            // On the day of the report but given an earlier time (or a day alone, taken as
            // 9am): taken as just after the report, never before it.
            let mut c = c;
            c.contact.at = c.contact.at.max(case.reported_at);
            case.contacts.push(c);
        }
    }
    for v in interventions {
        let Some(&i) = index.get(&v.case.to_lowercase()) else {
            problems.interventions.push(not_in_file(v.row, &v.case));
            continue;
        };
        let case = &mut cases[i];
        let problem = |column: &str, message: String| Problem { row: v.row, column: Some(column.into()), message };
        let before = problems.interventions.len();
        if v.on < day(case.reported_at) {
            problems.interventions.push(problem("given_on", format!("is before {} was reported", v.case)));
        } else if let Some((closed, _, _)) = &case.closed
            && v.on > day(*closed)
        {
            problems.interventions.push(problem("given_on", format!("is after {} was closed", v.case)));
        } else if v.towards == Towards::Complainant && case.complainant.is_none() {
            problems.interventions.push(problem("for", format!("{} has no complainant named", v.case)));
        } else if v.towards == Towards::PersonComplainedAbout && case.complained_about.is_none() {
            problems.interventions.push(problem("for", format!("{} has no person complained about named", v.case)));
        } else {
            case.interventions.push(v);
        }
        if problems.interventions.len() > before {
            incomplete.insert(i);
        }
    }
    // Each case as the import will build it: the rules of the case (a warning needs the
    // person it is for, a closure order its notice first, …) speak for the row at fault, so
    // nothing fails once references are taken.
    for (i, case) in cases.iter().enumerate() {
        if incomplete.contains(&i) {
            progress(i as u64 + 1);
            continue;
        }
        let tried = case.to_case(
            TenantId::new(),
            OrganisationId::new(),
            CaseReference::new(2000, 1),
            "check",
            now,
            None,
            rules,
        );
        if let Err(e) = tried {
            let p = |row| Problem { row, column: e.column.map(str::to_string), message: e.error.to_string() };
            match e.at {
                Source::Case => problems.cases.push(p(case.row)),
                Source::Contact(row) => problems.contacts.push(p(row)),
                Source::Intervention(row) => problems.interventions.push(p(row)),
            }
        }
        progress(i as u64 + 1);
    }
    problems
}
