//! Personal data in a case's record, for the UK GDPR: what a subject access bundle hides of
//! other people, what erasing a person removes, and what anonymising a case under retention
//! leaves. Every piece of free text a change carries passes through one function
//! ([`Change::map_text`]), so a new kind of event must say where its free text is, and the
//! structured facts the KPIs count (dates, categories, risk, outcomes, interventions) are never
//! touched: statistics stay the same after an erasure.
use crate::case::{Case, PriorityOverride};
use crate::casework::{Action, Casework};
use crate::event::Change;
use crate::ids::PersonId;
use crate::intervention::Intervention;
use crate::location::Location;
use crate::party::Person;

/// What removed text is replaced with.
pub const REMOVED: &str = "[removed]";

/// Text passed through a redaction: each piece of free text goes in, its redacted form comes out.
pub type Redact<'a> = &'a dyn Fn(&str) -> String;

/// Replace a whole text (keeping an empty one empty, so "nothing was written" stays visible).
pub fn remove(text: &str) -> String {
    if text.trim().is_empty() { String::new() } else { REMOVED.to_string() }
}

fn opt(text: &Option<String>, f: Redact) -> Option<String> {
    text.as_ref().map(|t| f(t))
}

fn action(a: &Action, f: Redact) -> Action {
    Action { what: f(&a.what), owner: f(&a.owner), ..a.clone() }
}

fn intervention(i: &Intervention, f: Redact) -> Intervention {
    let mut i = i.clone();
    i.details = f(&i.details);
    for b in &mut i.breaches {
        b.note = f(&b.note);
    }
    i
}

impl Change {
    /// The same change with each piece of its free text passed through `f`. Identifiers, dates,
    /// categories, bands, outcomes and amounts are kept as they are.
    pub fn map_text(&self, f: Redact) -> Change {
        use Change::*;
        let mut c = self.clone();
        match &mut c {
            Reported { description, location, flags, .. } => {
                *description = f(description);
                location.address = f(&location.address);
                flags.crime_reference = opt(&flags.crime_reference, f);
            }
            FurtherReport { description, .. } => *description = f(description),
            PartyAdded { party } => party.description = opt(&party.description, f),
            DiaryEntryAdded { entry } => {
                entry.what_happened = f(&entry.what_happened);
                entry.how_it_affected = f(&entry.how_it_affected);
            }
            EvidenceAdded { file } => file.name = f(&file.name),
            Triaged { note } | Diverted { note, .. } | Referred { note, .. } => *note = f(note),
            RiskBandChanged { reason, .. } | Reopened { reason } | Unshared { reason, .. } => *reason = f(reason),
            CategoriesChanged { reason, priority_override, .. } => {
                *reason = f(reason);
                if let Some(o) = priority_override {
                    o.reason = f(&o.reason);
                }
            }
            FlagsChanged { flags } => flags.crime_reference = opt(&flags.crime_reference, f),
            ContactRecorded { contact } => contact.summary = f(&contact.summary),
            NoteAdded { text } | ComplainantMessage { text, .. } => *text = f(text),
            Closed { summary, .. } => *summary = f(summary),
            ActionAdded { action: a } => *a = action(a, f),
            InterventionRecorded { intervention: i } => *i = intervention(i, f),
            MediationUpdated { note, .. } | ReferralAnswered { note, .. } | Signposted { note, .. } => *note = f(note),
            BreachRecorded { breach, .. } => breach.note = f(&breach.note),
            CctvRequested { from, place, period } => {
                *from = f(from);
                *place = f(place);
                *period = f(period);
            }
            CostRecorded { what, .. } => *what = f(what),
            SurveyAnswered { response } => response.comments = f(&response.comments),
            Shared { purpose, .. } => *purpose = f(purpose),
            ReferralMade { reason, .. } => *reason = f(reason),
            ReferralCompleted { outcome, .. } => *outcome = f(outcome),
            PutToPanel { reason, .. } => *reason = f(reason),
            PanelDecided { summary, action: a, .. } => {
                *summary = f(summary);
                if let Some(a) = a {
                    *a = action(a, f);
                }
            }
            // A former reference and a file's name: no one's personal data.
            Imported { .. }
            | Opened
            | Assigned { .. }
            | Linked { .. }
            | ActionDone { .. }
            | OrderExtended { .. }
            | EvidenceReviewed { .. } => {}
        }
        c
    }

    /// The change as kept once its case is anonymised under retention: no free text, no exact
    /// place (the ward, estate and postcode stay, so area figures still count it).
    pub fn anonymised(&self) -> Change {
        let mut c = self.map_text(&remove);
        if let Change::Reported { location, .. } = &mut c {
            *location = location.anonymised();
        }
        c
    }

    /// What the change says apart from its free text and exact place: what no redaction may
    /// alter, and what an event's hash covers beside the digest of its first payload.
    pub fn outline(&self) -> Change {
        self.anonymised().map_text(&|_| String::new())
    }

    /// Whether `person` wrote this change's text themselves (their diary, their messages from
    /// the tracker, their survey comments, their further reports), given the case's complainant.
    /// Erasing a person removes such text whole rather than just their name in it.
    pub fn written_by(&self, person: PersonId, complainant: Option<PersonId>) -> bool {
        let by_complainant = complainant == Some(person);
        match self {
            Change::DiaryEntryAdded { .. } | Change::ComplainantMessage { .. } | Change::SurveyAnswered { .. } => {
                by_complainant
            }
            Change::FurtherReport { from, .. } => from.map_or(by_complainant, |p| p == person),
            _ => false,
        }
    }
}

impl Location {
    /// The place without what pins it to a home: the address and UPRN go, the point is rounded
    /// to about 100 metres, and the postcode, ward and estate stay.
    pub fn anonymised(&self) -> Location {
        let round = |v: Option<f64>| v.map(|v| (v * 1000.0).round() / 1000.0);
        Location {
            address: remove(&self.address),
            uprn: None,
            latitude: round(self.latitude),
            longitude: round(self.longitude),
            ..self.clone()
        }
    }
}

impl Casework {
    /// The action plan, interventions, evidence, shares, referrals and panels with each piece
    /// of free text passed through `f`.
    pub fn map_text(&self, f: Redact) -> Casework {
        let mut w = self.clone();
        for a in &mut w.actions {
            *a = action(a, f);
        }
        for i in &mut w.interventions {
            *i = intervention(i, f);
        }
        for e in &mut w.evidence {
            e.summary = f(&e.summary);
        }
        if let Some(s) = &mut w.survey {
            s.comments = f(&s.comments);
        }
        for s in &mut w.shares {
            s.purpose = f(&s.purpose);
        }
        for r in &mut w.referrals {
            r.reason = f(&r.reason);
            r.answer = opt(&r.answer, f);
            r.outcome = opt(&r.outcome, f);
        }
        for p in &mut w.panels {
            p.reason = f(&p.reason);
            for d in &mut p.decisions {
                *d = f(d);
            }
        }
        w
    }
}

impl Case {
    /// The case's current state with each piece of free text passed through `f` (the case's
    /// own copy of what its events say).
    pub fn map_text(&mut self, f: Redact) {
        self.description = f(&self.description);
        self.location.address = f(&self.location.address);
        self.flags.crime_reference = opt(&self.flags.crime_reference, f);
        if let Some(o) = &self.priority_override {
            self.priority_override = Some(PriorityOverride { reason: f(&o.reason), ..o.clone() });
        }
        for p in &mut self.parties {
            p.description = opt(&p.description, f);
        }
        self.casework = self.casework.map_text(f);
    }

    /// The case as kept once anonymised under retention.
    pub fn anonymise(&mut self) {
        self.map_text(&remove);
        self.location = self.location.anonymised();
    }
}

/// What identifies some people in free text: their names (whole and each part of three letters
/// or more), phone numbers, email addresses and addresses. Found case-insensitively, as whole
/// words, and replaced with [`REMOVED`]. It finds what was written as recorded, not nicknames or
/// misspellings: a bundle or an erasure says so, for a person to check.
#[derive(Clone, Debug, Default)]
pub struct Scrubber {
    terms: Vec<String>,
    /// Phone numbers as their digits, a leading +44 read as 0: found however they were spaced.
    phones: Vec<String>,
}

impl Scrubber {
    pub fn new(people: &[Person]) -> Scrubber {
        let mut terms: Vec<String> = vec![];
        let phones: Vec<String> =
            people.iter().filter_map(|p| p.phone.as_deref()).map(phone_digits).filter(|d| d.len() >= 7).collect();
        let mut add = |t: &str| {
            let t = t.trim().to_lowercase();
            if t.chars().filter(|c| c.is_alphanumeric()).count() >= 3 && !terms.contains(&t) {
                terms.push(t);
            }
        };
        for p in people {
            if p.name != REMOVED {
                add(&p.name);
                for part in p.name.split(|c: char| c.is_whitespace() || c == ',') {
                    add(part.trim_matches(|c: char| !c.is_alphanumeric()));
                }
            }
            for t in [&p.address, &p.phone, &p.email].into_iter().flatten() {
                add(t);
                if t.contains(' ') && t.chars().any(|c| c.is_ascii_digit()) {
                    add(&t.replace(' ', ""));
                }
            }
        }
        // Longest first, so "Jane Smith" goes whole before "Jane" is looked for.
        terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
        Scrubber { terms, phones }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.phones.is_empty()
    }

    /// `text` with every term found replaced.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for term in &self.terms {
            out = replace_word(&out, term);
        }
        if self.phones.is_empty() { out } else { self.replace_phones(&out) }
    }

    /// Replace each run of digits (with the spaces, hyphens, dots and brackets people write
    /// between them, and a leading +) that is one of the phone numbers.
    fn replace_phones(&self, text: &str) -> String {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let part_of_number = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')');
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            let starts = (c == '+' || c == '(' || c.is_ascii_digit())
                && i.checked_sub(1).is_none_or(|p| !chars[p].1.is_alphanumeric());
            if !starts {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            // Numbers are short: looking no further keeps a long run of digits cheap.
            while j < chars.len() && j - i < 24 && part_of_number(chars[j].1) {
                j += 1;
            }
            // The longest stretch from here that ends a group of digits and is one of the
            // numbers ("07700 900123 12 times" holds one).
            let byte = |k: usize| chars.get(k).map_or(text.len(), |(b, _)| *b);
            let found = (i + 1..=j).rev().find(|&k| {
                chars[k - 1].1.is_ascii_digit()
                    && chars.get(k).is_none_or(|(_, c)| !c.is_alphanumeric())
                    && self.phones.contains(&phone_digits(&text[at..byte(k)]))
            });
            match found {
                Some(k) => {
                    out.push_str(&text[copied..at]);
                    out.push_str(REMOVED);
                    copied = byte(k);
                    i = k;
                }
                None => i += 1,
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

/// The phone number a search is for, as digits, when what was typed is one (six digits or
/// more, making up most of it), so that "14 Orchard" does not look through phone numbers.
pub fn phone_searched(term: &str) -> Option<String> {
    let digits = phone_digits(term);
    (digits.len() >= 6 && digits.len() * 2 >= term.trim().len()).then_some(digits)
}

/// A phone number's digits, with a leading +44 (or 0044) read as the 0 it stands for.
pub fn phone_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let international = phone.trim_start().starts_with('+') || digits.starts_with("0044");
    match digits.strip_prefix("0044").or_else(|| digits.strip_prefix("44")) {
        // "+44 (0)7700 …" writes the 0 as well.
        Some(rest) if international && rest.starts_with('0') => rest.to_string(),
        Some(rest) if international => format!("0{rest}"),
        _ => digits,
    }
}

/// Replace each whole-word, case-insensitive occurrence of `term` (lower case) in `text`.
/// Text is lower-cased a character at a time, keeping where each came from, so letters whose
/// lower case is longer or shorter (İ, ẞ) are matched and nothing is cut mid-character.
fn replace_word(text: &str, term: &str) -> String {
    // (start in `lower`, start in `text`) of each character.
    let mut lower = String::with_capacity(text.len());
    let mut starts: Vec<(usize, usize)> = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        starts.push((lower.len(), i));
        lower.extend(c.to_lowercase());
    }
    starts.push((lower.len(), text.len()));
    let original = |at: usize| starts.binary_search_by_key(&at, |&(l, _)| l).ok().map(|k| starts[k].1);
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0; // in `text`
    let mut from = 0; // in `lower`
    while let Some(i) = lower[from..].find(term) {
        let (start, end) = (from + i, from + i + term.len());
        from = start + lower[start..].chars().next().map_or(1, char::len_utf8);
        let (Some(s), Some(e)) = (original(start), original(end)) else { continue };
        if word_char(text[..s].chars().next_back()) || word_char(text[e..].chars().next()) || s < copied {
            continue;
        }
        out.push_str(&text[copied..s]);
        out.push_str(REMOVED);
        copied = e;
        from = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// How long personal data is kept, per partnership.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Closed cases are anonymised this many years after they closed (and did not reopen).
    pub closed_cases_years: u32,
    /// Copies of messages sent to residents (their address and wording) are removed this many
    /// months after sending.
    pub messages_months: u32,
    /// Residents' reports in progress (and the record of a report sent, kept so a second
    /// click makes no second case) are deleted, with files never sent, this many days after
    /// they last changed.
    pub drafts_days: u32,
}

impl Default for Retention {
    /// Six years after closure, the period most housing and community safety retention
    /// schedules give ASB case files (the limitation period for most civil claims); two years
    /// for copies of messages; 30 days for reports never sent.
    fn default() -> Retention {
        Retention { closed_cases_years: 6, messages_months: 24, drafts_days: 30 }
    }
}

impl Retention {
    /// Periods that would throw away records still needed, or keep them without limit, are
    /// refused.
    pub fn check(&self) -> Result<(), String> {
        if !(1..=50).contains(&self.closed_cases_years) {
            return Err(format!("closed cases must be kept between 1 and 50 years, not {}", self.closed_cases_years));
        }
        if !(1..=120).contains(&self.messages_months) {
            return Err(format!("message copies must be kept between 1 and 120 months, not {}", self.messages_months));
        }
        if !(1..=365).contains(&self.drafts_days) {
            return Err(format!("reports in progress must be kept between 1 and 365 days, not {}", self.drafts_days));
        }
        Ok(())
    }

    /// Reports in progress last changed before this instant are due to be deleted at `now`.
    pub fn drafts_before(&self, now: jiff::Timestamp) -> jiff::Timestamp {
        back(now, jiff::Span::new().days(self.drafts_days))
    }

    /// Whether a case review is due to be anonymised at `now`: it finished (outcome sent, any
    /// appeal decided) on a London day before the one closed cases must have closed before.
    pub fn review_due(&self, review: &crate::case_review::CaseReview, now: jiff::Timestamp) -> bool {
        let before = self.closed_before(now).to_zoned(crate::time::london()).date();
        review.finished_on().is_some_and(|d| d < before)
    }

    /// Cases closed before this instant are due to be anonymised at `now`.
    pub fn closed_before(&self, now: jiff::Timestamp) -> jiff::Timestamp {
        back(now, jiff::Span::new().years(self.closed_cases_years))
    }

    /// Messages sent before this instant are due to have their copies removed at `now`.
    pub fn sent_before(&self, now: jiff::Timestamp) -> jiff::Timestamp {
        back(now, jiff::Span::new().months(self.messages_months))
    }
}

fn back(now: jiff::Timestamp, span: jiff::Span) -> jiff::Timestamp {
    let zoned = now.to_zoned(crate::time::london());
    zoned.checked_sub(span).map(|z| z.timestamp()).unwrap_or(jiff::Timestamp::MIN)
}

mod reviews;
pub use reviews::{ApplicantDetails, ReviewOfPerson};
#[cfg(test)]
mod tests;
