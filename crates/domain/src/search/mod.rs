//! Finding cases from the search box: what the words typed mean, and the terms a case is
//! found by.
//!
//! Both sides are made here, so that the database only matches whole terms: SQLite's FTS5
//! and PostgreSQL's full-text search then find exactly the same cases. A term is a lower-case
//! run of letters and digits. Beside the words themselves a case's terms hold:
//! - for each word of a person's name, its sound-alike key (Double Metaphone), so "Smyth"
//!   finds Smith and "Mohammed" finds Muhammad, whatever the order of the words;
//! - a phone number's digits, written the same way whether it was given as +44 7700 900123,
//!   07700-900123 or (07700) 900 123;
//! - an email address, and a postcode whole and by its outward part ("E1").
//!
//! - the organisation whose case it is (in the document of everything, which is what its own
//!   staff search), so that a search can look through one organisation's newest cases by the
//!   index alone.
//!
//! Those extra terms start with `qq`, which no English word does, so they never meet a word.
use crate::ids::OrganisationId;
use crate::location::Postcode;
use crate::reference::CaseReference;
use rphonetic::DoubleMetaphone;
use std::sync::LazyLock;

/// The most characters a search may have.
pub const MAX_QUERY_CHARS: usize = 200;
/// The most words a search uses: more are ignored.
const MAX_WORDS: usize = 12;

const SOUNDS_LIKE: &str = "qqph";
const PHONE: &str = "qqtel";
const EMAIL: &str = "qqem";
const POSTCODE: &str = "qqpc";
const OUTWARD: &str = "qqpo";
const OWNER: &str = "qqorg";

static METAPHONE: LazyLock<DoubleMetaphone> = LazyLock::new(DoubleMetaphone::default);

/// What someone typed in the search box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    /// A whole case reference: go straight to that case.
    Reference(CaseReference),
    /// Cases having, for each entry, at least one of its terms.
    Terms(Vec<Vec<String>>),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error(
        "Enter a case reference, a name, an address or postcode, a phone number, an email address or words from the case"
    )]
    Empty,
    #[error("Search for {MAX_QUERY_CHARS} characters or fewer")]
    TooLong,
    #[error("Enter letters or numbers to search for")]
    NothingToFind,
}

impl Query {
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(QueryError::Empty);
        }
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong);
        }
        if let Some(reference) = loose_reference(text) {
            return Ok(Query::Reference(reference));
        }
        if let Some(term) = email_term(text) {
            return Ok(Query::Terms(vec![vec![term]]));
        }
        // Nine digits or more written as a phone number: the number, or the same digits as
        // written elsewhere (a crime reference, say).
        if let Some(term) = phone_term(text).filter(|t| looks_like_phone(text) && t.len() >= PHONE.len() + 9) {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            return Ok(Query::Terms(vec![vec![term, digits]]));
        }
        let chunks: Vec<&str> = text.split_whitespace().filter(|c| !fold(c).is_empty()).take(MAX_WORDS * 2).collect();
        let mut terms = Vec::new();
        let mut i = 0;
        while i < chunks.len() && terms.len() < MAX_WORDS {
            // A postcode typed with its space is two words.
            if let Some(pc) = chunks.get(i + 1).and_then(|next| Postcode::parse(&format!("{} {next}", chunks[i])).ok())
            {
                terms.push(vec![postcode_term(&pc)]);
                i += 2;
                continue;
            }
            let word = fold(chunks[i]);
            let mut alternatives = vec![word.clone()];
            if let Ok(pc) = Postcode::parse(&word) {
                alternatives.push(postcode_term(&pc));
            }
            if is_outward_code(&word) {
                alternatives.push(format!("{OUTWARD}{word}"));
            }
            if word.len() >= 9 && word.bytes().all(|b| b.is_ascii_digit()) {
                alternatives.extend(phone_term(&word));
            }
            alternatives.extend(sounds_like(&word));
            alternatives.dedup();
            terms.push(alternatives);
            i += 1;
        }
        if terms.is_empty() { Err(QueryError::NothingToFind) } else { Ok(Query::Terms(terms)) }
    }
}

/// A case reference however it is typed: "ASB-2026-000123", "asb 2026 123", "2026-000123".
fn loose_reference(text: &str) -> Option<CaseReference> {
    let upper = text.to_ascii_uppercase();
    let parts: Vec<&str> = upper.split([' ', '-', '/']).filter(|p| !p.is_empty()).collect();
    let (year, number) = match parts.as_slice() {
        ["ASB", year, number] => (year, number),
        [year, number] if upper.contains('-') => (year, number),
        _ => return None,
    };
    let numeric = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || !numeric(year) || number.is_empty() || number.len() > 9 || !numeric(number) {
        return None;
    }
    Some(CaseReference::new(year.parse().ok()?, number.parse().ok()?))
}

/// The terms a case is found by, built up from its parts and written out space-separated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Terms(Vec<String>);

impl Terms {
    pub fn new() -> Terms {
        Terms::default()
    }

    /// Free text: a description, a note, an address. A word written with a hyphen or an
    /// apostrophe ("ex-partner", "O'Brien") is also kept run together, as it is searched for.
    pub fn text(&mut self, text: &str) -> &mut Self {
        for chunk in text.split_whitespace() {
            let pieces: Vec<String> = words(chunk).collect();
            if pieces.len() > 1 {
                self.0.push(fold(chunk));
            }
            self.0.extend(pieces);
        }
        self
    }

    /// A person's name: its words, each word's sound-alike key, and names like O'Brien or
    /// Smith-Jones also run together.
    pub fn name(&mut self, name: &str) -> &mut Self {
        for part in name.split_whitespace() {
            let joined = fold(part);
            let pieces: Vec<String> = words(part).collect();
            if pieces.len() > 1 && !joined.is_empty() {
                self.0.extend(sounds_like(&joined));
                self.0.push(joined);
            }
            for piece in pieces {
                self.0.extend(sounds_like(&piece));
                self.0.push(piece);
            }
        }
        self
    }

    pub fn postcode(&mut self, postcode: &str) -> &mut Self {
        if let Ok(pc) = Postcode::parse(postcode) {
            let outward = pc.as_str().split(' ').next().unwrap_or_default().to_lowercase();
            self.0.push(postcode_term(&pc));
            self.0.push(format!("{OUTWARD}{outward}"));
        }
        self
    }

    /// A phone number, whole and by its last six digits (as read out: "ending 900123").
    pub fn phone(&mut self, phone: &str) -> &mut Self {
        if let Some(term) = phone_term(phone) {
            let digits = &term[PHONE.len()..];
            self.0.push(digits[digits.len().saturating_sub(6)..].to_string());
            self.0.push(term);
        }
        self
    }

    /// An address, and the postcode at its end if it has one.
    pub fn address(&mut self, address: &str) -> &mut Self {
        self.text(address);
        let words: Vec<&str> = address.split([',', ' ', '\n']).filter(|w| !w.is_empty()).collect();
        if let [.., outward, inward] = words.as_slice() {
            self.postcode(&format!("{outward} {inward}"));
        }
        self
    }

    /// An email address, whole and by its words ("kemi", "example").
    pub fn email(&mut self, email: &str) -> &mut Self {
        self.0.extend(email_term(email));
        self.0.extend(words(email));
        self
    }

    /// A case reference: its number, with and without the leading zeros ("000123", "123").
    pub fn reference(&mut self, reference: &str) -> &mut Self {
        if let Some(number) =
            reference.rsplit('-').next().filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            self.0.push(number.to_string());
            let short = number.trim_start_matches('0');
            if !short.is_empty() && short != number {
                self.0.push(short.to_string());
            }
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The terms, space-separated, each once, in the order first given.
    pub fn to_document(&self) -> String {
        let mut seen = std::collections::HashSet::new();
        let unique: Vec<&str> =
            self.0.iter().map(String::as_str).filter(|t| !t.is_empty() && seen.insert(*t)).collect();
        unique.join(" ")
    }
}

/// What a case is found by, gathered from wherever it is stored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaseText {
    pub reference: String,
    /// The organisation whose case it is.
    pub owner: Option<OrganisationId>,
    /// The description as reported, and those of further reports.
    pub descriptions: Vec<String>,
    pub address: String,
    pub postcode: Option<String>,
    pub crime_reference: Option<String>,
    /// Its reference in a system it was imported from.
    pub former_references: Vec<String>,
    pub people: Vec<PersonText>,
    /// What is known of parties who are not named: "two teenage boys on bikes".
    pub party_descriptions: Vec<String>,
    /// The officer's notes, contacts' summaries, diary entries, the complainant's messages
    /// and the closing summary: seen only by the case's owner and partners it is shared with
    /// in full.
    pub casework: Vec<String>,
}

/// A person on a case, as their record holds them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonText {
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Which of a case's two documents someone searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// What a partner it is shared with in summary sees: the report, where, who.
    Open,
    /// That, and the casework.
    All,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Open => "open",
            Part::All => "all",
        }
    }
}

impl CaseText {
    /// The case's two documents of terms: (open, all). The open one has what a partner
    /// seeing a summary is shown: the report, where, and the names of the people on it, but
    /// not how to reach them (their addresses, phone numbers and email addresses).
    pub fn documents(&self) -> (String, String) {
        let mut terms = Terms::new();
        terms.reference(&self.reference);
        for d in self.descriptions.iter().chain(&self.party_descriptions).chain(&self.former_references) {
            terms.text(d);
        }
        terms.address(&self.address);
        if let Some(pc) = &self.postcode {
            terms.postcode(pc);
        }
        if let Some(crime) = &self.crime_reference {
            terms.text(crime);
        }
        for p in &self.people {
            terms.name(&p.name);
        }
        let open = terms.to_document();
        // Only the whole document: an organisation searches its own cases by it.
        if let Some(org) = self.owner {
            terms.0.push(owner_term(org));
        }
        for p in &self.people {
            if let Some(a) = &p.address {
                terms.address(a);
            }
            if let Some(phone) = &p.phone {
                terms.phone(phone);
            }
            if let Some(email) = &p.email {
                terms.email(email);
            }
        }
        for text in &self.casework {
            terms.text(text);
        }
        (open, terms.to_document())
    }
}

impl Query {
    /// The query in SQLite FTS5's syntax: `("a" OR "b") AND "c"`. Terms are letters and
    /// digits only, so nothing in them is taken as syntax.
    pub fn to_fts5(entries: &[Vec<String>]) -> String {
        entries
            .iter()
            .map(|alternatives| {
                let quoted: Vec<String> = alternatives.iter().map(|t| format!("\"{t}\"")).collect();
                format!("({})", quoted.join(" OR "))
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// The query in PostgreSQL's `to_tsquery` syntax: `(a | b) & c`.
    pub fn to_tsquery(entries: &[Vec<String>]) -> String {
        entries.iter().map(|alternatives| format!("({})", alternatives.join(" | "))).collect::<Vec<_>>().join(" & ")
    }
}

/// The term the whole document (`Part::All`) of every case of `org` has. A search of common
/// words looks through the newest documents having it and them, without ranking: one
/// organisation's newest matching cases, whatever other partnerships and partners hold.
pub fn owner_term(org: OrganisationId) -> String {
    format!("{OWNER}{}", org.0.simple())
}

/// Lower-case runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold).filter(|w| !w.is_empty())
}

/// Lower case, without accents ("José" is "jose"), letters and digits only. Both databases
/// are given words already folded, so both find the same cases.
fn fold(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    word.nfkd().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

/// A word's sound-alike keys (primary, and the alternate where it differs), for words of
/// letters only.
fn sounds_like(word: &str) -> Vec<String> {
    if word.chars().count() < 2 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return vec![];
    }
    let result = METAPHONE.double_metaphone(word);
    let mut keys = vec![];
    for key in [result.primary(), result.alternate()] {
        // The keys are letters, but nothing here relies on it.
        let key = fold(&key);
        let term = format!("{SOUNDS_LIKE}{key}");
        if !key.is_empty() && !keys.contains(&term) {
            keys.push(term);
        }
    }
    keys
}

fn postcode_term(pc: &Postcode) -> String {
    format!("{POSTCODE}{}", pc.as_str().replace(' ', "").to_lowercase())
}

/// The outward part of a postcode alone: "e1", "sw1a", "m60".
fn is_outward_code(word: &str) -> bool {
    let b = word.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_lowercase()).count();
    let rest = &b[letters..];
    (1..=2).contains(&letters)
        && !rest.is_empty()
        && rest.len() <= 2
        && rest[0].is_ascii_digit()
        && rest.iter().all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
}

/// An email address's letters and digits, lower case; `None` when it is not one.
fn email_term(text: &str) -> Option<String> {
    let text = text.trim();
    let (local, domain) = text.split_once('@')?;
    if local.is_empty() || !domain.contains('.') || text.chars().any(char::is_whitespace) {
        return None;
    }
    let term = fold(text);
    Some(format!("{EMAIL}{term}"))
}

/// Only what a phone number is written with: digits, spaces, brackets, dashes, dots and a
/// leading plus.
fn looks_like_phone(text: &str) -> bool {
    let text = text.trim().strip_prefix('+').unwrap_or(text.trim());
    text.chars().all(|c| c.is_ascii_digit() || " ()-.".contains(c))
}

/// A phone number's digits as dialled in the UK: +44 (0)7700 900123 and 07700 900123 are
/// the same number. `None` for fewer than 6 digits.
fn phone_term(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) =
        digits.strip_prefix("0044").or_else(|| digits.strip_prefix("44")).filter(|r| r.len() >= 9)
    {
        let rest = rest.strip_prefix('0').unwrap_or(rest);
        format!("0{rest}")
    } else {
        digits
    };
    (national.len() >= 6).then(|| format!("{PHONE}{national}"))
}

#[cfg(test)]
mod tests;
