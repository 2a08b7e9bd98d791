//! A report of ASB as a resident gives it, page by page, and the rules each answer must meet.
//! Each `check_*` takes what was typed and returns the clean answer or the errors to show
//! (field id and message, in GOV.UK's wording), so that pages stay thin.
use crate::case::HateStrand;
use crate::category::Category;
use crate::location::{Point, Postcode};
use crate::questionnaire::{Answers, HATE_KEY, Questionnaire};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub const DESCRIPTION_MAX: usize = 5000;
pub const SHORT_MAX: usize = 500;

/// A field and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// How often it happens.
pub const FREQUENCIES: [(&str, &str); 5] = [
    ("once", "It happened once"),
    ("occasionally", "Now and then"),
    ("weekly", "Most weeks"),
    ("daily", "Most days"),
    ("all_the_time", "All the time"),
];

/// What is happening.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct What {
    pub categories: Vec<String>,
    pub description: String,
    pub started: Option<Date>,
    pub how_often: String,
    pub last_happened: Option<Date>,
    pub happening_now: bool,
}

/// Where it happens.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Where {
    pub address: String,
    pub postcode: Option<Postcode>,
    /// A point on a map, when the person reporting gave one.
    #[serde(default)]
    pub point: Option<Point>,
}

/// Who it is about, if known.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct About {
    pub known: bool,
    pub description: String,
}

/// How to contact the person reporting, or `None` for an anonymous report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// phone, sms, email or letter
    pub preferred: String,
    pub safe_times: String,
}

pub const PREFERRED: [(&str, &str); 4] =
    [("phone", "Phone call"), ("sms", "Text message"), ("email", "Email"), ("letter", "Letter")];

impl ContactDetails {
    /// The person, and their part in the case as complainant with how and when to reach them.
    pub fn as_complainant(&self) -> (crate::party::Person, crate::party::Party) {
        let person = crate::party::Person {
            id: crate::PersonId::new(),
            name: self.name.clone(),
            address: self.address.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
        };
        let how = PREFERRED.iter().find(|(v, _)| *v == self.preferred).map_or(self.preferred.as_str(), |(_, t)| t);
        let mut prefs = format!("Prefers contact by {}", how.to_lowercase());
        if !self.safe_times.is_empty() {
            prefs.push_str(&format!("; safe times: {}", self.safe_times));
        }
        let party = crate::party::Party {
            id: crate::ids::PartyId::new(),
            role: crate::party::PartyRole::Complainant,
            person: Some(person.id),
            description: Some(prefs),
        };
        (person, party)
    }
}

/// Everything a resident has answered so far. Each part is `None` until its page is done.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub danger_checked: bool,
    pub what: Option<What>,
    pub place: Option<Where>,
    pub risk: Option<Answers>,
    pub about: Option<About>,
    /// Diary entries and files given on the evidence page (optional).
    #[serde(default)]
    pub diary: Vec<crate::evidence::DiaryEntry>,
    #[serde(default)]
    pub files: Vec<crate::evidence::EvidenceFile>,
    /// The evidence page has been passed (with or without evidence).
    #[serde(default)]
    pub evidence_done: bool,
    pub contact: Option<ContactChoice>,
}

/// How the person reporting chose to be reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactChoice {
    Anonymous,
    Contact(ContactDetails),
}

impl ContactChoice {
    pub fn from_checked(c: Option<ContactDetails>) -> ContactChoice {
        c.map_or(ContactChoice::Anonymous, ContactChoice::Contact)
    }

    pub fn details(&self) -> Option<&ContactDetails> {
        match self {
            ContactChoice::Anonymous => None,
            ContactChoice::Contact(c) => Some(c),
        }
    }
}

impl Draft {
    /// The first page still to answer, or `None` when the report can be checked and sent.
    pub fn next_step(&self) -> Option<&'static str> {
        if !self.danger_checked {
            Some("danger")
        } else if self.what.is_none() {
            Some("what")
        } else if self.place.is_none() {
            Some("where")
        } else if self.risk.is_none() {
            Some("risk")
        } else if self.about.is_none() {
            Some("about")
        } else if !self.evidence_done {
            Some("evidence")
        } else if self.contact.is_none() {
            Some("contact")
        } else {
            None
        }
    }
}

/// Parse a GOV.UK date input (day, month, year as typed).
pub fn parse_date(
    field: &str,
    label: &str,
    day: &str,
    month: &str,
    year: &str,
    today: Date,
) -> Result<Option<Date>, FieldError> {
    let (d, m, y) = (day.trim(), month.trim(), year.trim());
    if d.is_empty() && m.is_empty() && y.is_empty() {
        return Ok(None);
    }
    let missing: Vec<&str> =
        [("a day", d), ("a month", m), ("a year", y)].iter().filter(|(_, v)| v.is_empty()).map(|(n, _)| *n).collect();
    if !missing.is_empty() {
        return Err(err(field, format!("{label} must include {}", missing.join(" and "))));
    }
    let num = |s: &str| s.parse::<i16>().ok();
    let date = match (num(d), num(m), num(y)) {
        (Some(d), Some(m), Some(y)) if y >= 1900 => Date::new(y, m as i8, d as i8).ok(),
        _ => None,
    };
    match date {
        None => Err(err(field, format!("{label} must be a real date"))),
        Some(date) if date > today => Err(err(field, format!("{label} must be today or in the past"))),
        Some(date) => Ok(Some(date)),
    }
}

/// What the "what is happening" page sends.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct WhatForm {
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub started_day: String,
    #[serde(default)]
    pub started_month: String,
    #[serde(default)]
    pub started_year: String,
    #[serde(default)]
    pub how_often: String,
    #[serde(default)]
    pub last_day: String,
    #[serde(default)]
    pub last_month: String,
    #[serde(default)]
    pub last_year: String,
    #[serde(default)]
    pub happening_now: String,
}

/// At least one category, each from the catalogue.
pub fn check_categories(categories: &[String], catalogue: &[Category], errors: &mut Vec<FieldError>) {
    if categories.is_empty() {
        errors.push(err("categories", "Select what is happening"));
    } else if let Some(bad) = categories.iter().find(|c| !catalogue.iter().any(|k| &k.code == *c)) {
        errors.push(err("categories", format!("'{bad}' is not one of the choices: select from the list")));
    }
}

/// A description that says something, within the limit.
pub fn check_description(text: &str, errors: &mut Vec<FieldError>) -> String {
    let description = text.trim();
    if description.is_empty() {
        errors.push(err("description", "Describe what is happening"));
    } else if description.chars().count() > DESCRIPTION_MAX {
        errors.push(err("description", format!("Description must be {DESCRIPTION_MAX} characters or fewer")));
    }
    description.to_string()
}

pub fn check_what(f: &WhatForm, catalogue: &[Category], today: Date) -> Result<What, Vec<FieldError>> {
    let mut errors = vec![];
    check_categories(&f.categories, catalogue, &mut errors);
    let description = check_description(&f.description, &mut errors);
    let started =
        parse_date("started", "The date it started", &f.started_day, &f.started_month, &f.started_year, today)
            .unwrap_or_else(|e| {
                errors.push(e);
                None
            });
    if !FREQUENCIES.iter().any(|(v, _)| *v == f.how_often) {
        errors.push(err("how_often", "Select how often it happens"));
    }
    let last = parse_date("last", "The date it last happened", &f.last_day, &f.last_month, &f.last_year, today)
        .unwrap_or_else(|e| {
            errors.push(e);
            None
        });
    if let (Some(s), Some(l)) = (started, last)
        && l < s
    {
        errors.push(err("last", "The date it last happened must be the same as or after the date it started"));
    }
    let happening_now = match f.happening_now.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            errors.push(err("happening_now", "Select yes if it is happening now"));
            false
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut categories = f.categories.clone();
    categories.dedup();
    Ok(What {
        categories,
        description: description.to_string(),
        started,
        how_often: f.how_often.clone(),
        last_happened: last,
        happening_now,
    })
}

pub fn check_where(address: &str, postcode: &str) -> Result<Where, Vec<FieldError>> {
    let mut errors = vec![];
    let address = address.trim();
    if address.is_empty() {
        errors.push(err("address", "Enter the address, or describe the place"));
    } else if address.chars().count() > SHORT_MAX {
        errors.push(err("address", format!("Address or place must be {SHORT_MAX} characters or fewer")));
    }
    let postcode = match postcode.trim() {
        "" => None,
        p => match Postcode::parse(p) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push(err("postcode", e.to_string()));
                None
            }
        },
    };
    if errors.is_empty() { Ok(Where { address: address.to_string(), postcode, point: None }) } else { Err(errors) }
}

/// The risk page: one yes/no per question (`answers` maps key to "yes"/"no"), and strands.
pub fn check_risk(
    q: &Questionnaire,
    answers: &[(String, String)],
    strands: &[String],
) -> Result<Answers, Vec<FieldError>> {
    let mut errors = vec![];
    let mut yes = vec![];
    for question in &q.questions {
        match answers.iter().find(|(k, _)| k == &question.key).map(|(_, v)| v.as_str()) {
            Some("yes") => yes.push(question.key.clone()),
            Some("no") => {}
            _ => errors.push(err(
                &question.key,
                format!("Select yes or no: {}", question.text.trim_end_matches('?').to_lowercase()),
            )),
        }
    }
    let mut hate_strands = vec![];
    for s in strands {
        match HateStrand::parse(s) {
            Some(h) => hate_strands.push(h),
            None => errors.push(err("hate_strands", format!("'{s}' is not one of the choices"))),
        }
    }
    if !yes.iter().any(|k| k == HATE_KEY) {
        hate_strands.clear();
    }
    if errors.is_empty() { Ok(Answers { danger_now: false, yes, hate_strands }) } else { Err(errors) }
}

pub fn check_about(known: &str, description: &str) -> Result<About, Vec<FieldError>> {
    match known {
        "yes" => {
            let d = description.trim();
            if d.is_empty() {
                Err(vec![err("about_description", "Enter their name or describe them")])
            } else if d.chars().count() > SHORT_MAX {
                Err(vec![err("about_description", format!("This must be {SHORT_MAX} characters or fewer"))])
            } else {
                Ok(About { known: true, description: d.to_string() })
            }
        }
        "no" => Ok(About { known: false, description: String::new() }),
        _ => Err(vec![err("known", "Select whether you know who is doing it")]),
    }
}

/// An address that could take email: something@somewhere.tld, with no spaces.
pub fn valid_email(e: &str) -> bool {
    match e.split_once('@') {
        Some((l, d)) => {
            !l.is_empty()
                && d.contains('.')
                && !d.starts_with('.')
                && !d.ends_with('.')
                && !e.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn valid_phone(p: &str) -> bool {
    let digits: String = p.chars().filter(|c| c.is_ascii_digit()).collect();
    let allowed = p.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c));
    allowed && (10..=13).contains(&digits.len())
}

/// What the contact page sends.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub anonymous: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub preferred: String,
    #[serde(default)]
    pub safe_times: String,
}

pub fn check_contact(f: &ContactForm) -> Result<Option<ContactDetails>, Vec<FieldError>> {
    match f.anonymous.as_str() {
        "yes" => return Ok(None),
        "no" => {}
        _ => return Err(vec![err("anonymous", "Select whether we can contact you")]),
    }
    let mut errors = vec![];
    let name = f.name.trim();
    if name.is_empty() {
        errors.push(err("name", "Enter your name"));
    } else if name.chars().count() > 200 {
        errors.push(err("name", "Name must be 200 characters or fewer"));
    }
    let email = Some(f.email.trim()).filter(|e| !e.is_empty());
    let phone = Some(f.phone.trim()).filter(|p| !p.is_empty());
    let address = Some(f.address.trim()).filter(|a| !a.is_empty());
    if let Some(e) = email
        && !valid_email(e)
    {
        errors.push(err("email", "Enter an email address in the correct format, like name@example.com"));
    }
    if let Some(p) = phone
        && !valid_phone(p)
    {
        errors.push(err("phone", "Enter a phone number, like 01632 960 001 or 07700 900 982"));
    }
    if address.is_some_and(|a| a.chars().count() > SHORT_MAX) {
        errors.push(err("contact_address", format!("Address must be {SHORT_MAX} characters or fewer")));
    }
    match f.preferred.as_str() {
        "email" if email.is_none() => {
            errors.push(err("email", "Enter your email address, or choose another way to contact you"))
        }
        "phone" | "sms" if phone.is_none() => {
            errors.push(err("phone", "Enter your phone number, or choose another way to contact you"))
        }
        "letter" if address.is_none() => {
            errors.push(err("contact_address", "Enter your address, or choose another way to contact you"))
        }
        "email" | "phone" | "sms" | "letter" => {}
        _ => errors.push(err("preferred", "Select how you would like us to contact you")),
    }
    if f.safe_times.chars().count() > SHORT_MAX {
        errors.push(err("safe_times", format!("Safe times must be {SHORT_MAX} characters or fewer")));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Some(ContactDetails {
        name: name.to_string(),
        email: email.map(str::to_string),
        phone: phone.map(str::to_string),
        address: address.map(str::to_string),
        preferred: f.preferred.clone(),
        safe_times: f.safe_times.trim().to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::default_catalogue;
    use jiff::civil::date;

    fn what() -> WhatForm {
        WhatForm {
            categories: vec!["noise".into()],
            description: "Music until 3am".into(),
            how_often: "weekly".into(),
            happening_now: "no".into(),
            ..WhatForm::default()
        }
    }

    #[test]
    fn a_plain_report_of_what_is_happening_passes() {
        let w = check_what(&what(), &default_catalogue(), date(2026, 11, 23)).unwrap();
        assert_eq!(w.categories, vec!["noise".to_string()]);
        assert!(!w.happening_now);
    }

    #[test]
    fn each_missing_answer_is_named() {
        let errs = check_what(&WhatForm::default(), &default_catalogue(), date(2026, 11, 23)).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["categories", "description", "how_often", "happening_now"]);
    }

    #[test]
    fn dates_must_be_real_complete_and_not_in_the_future() {
        let today = date(2026, 11, 23);
        assert_eq!(
            parse_date("s", "The date", "31", "2", "2026", today).unwrap_err().message,
            "The date must be a real date"
        );
        assert_eq!(
            parse_date("s", "The date", "1", "", "2026", today).unwrap_err().message,
            "The date must include a month"
        );
        assert_eq!(
            parse_date("s", "The date", "24", "11", "2026", today).unwrap_err().message,
            "The date must be today or in the past"
        );
        assert_eq!(parse_date("s", "The date", "23", "11", "2026", today).unwrap(), Some(date(2026, 11, 23)));
        let mut f = what();
        (f.started_day, f.started_month, f.started_year) = ("10".into(), "11".into(), "2026".into());
        (f.last_day, f.last_month, f.last_year) = ("1".into(), "11".into(), "2026".into());
        let errs = check_what(&f, &default_catalogue(), today).unwrap_err();
        assert_eq!(errs[0].field, "last");
    }

    #[test]
    fn a_postcode_is_optional_but_must_be_real_if_given() {
        assert!(check_where("The alley behind Mill Street shops", "").unwrap().postcode.is_none());
        assert_eq!(check_where("12 Mill St", "nonsense").unwrap_err()[0].field, "postcode");
        assert_eq!(check_where("", "AV1 1AA").unwrap_err()[0].field, "address");
    }

    #[test]
    fn every_risk_question_needs_an_answer_and_strands_go_with_the_hate_question() {
        let q = Questionnaire::default_set();
        let mut given: Vec<(String, String)> = q.questions.iter().map(|x| (x.key.clone(), "no".to_string())).collect();
        let a = check_risk(&q, &given, &["race".into()]).unwrap();
        assert!(a.hate_strands.is_empty(), "no strands without a yes to the hate question");
        given.iter_mut().find(|(k, _)| k == HATE_KEY).unwrap().1 = "yes".into();
        let a = check_risk(&q, &given, &["race".into()]).unwrap();
        assert_eq!(a.hate_strands, vec![HateStrand::Race]);
        given.pop();
        assert_eq!(check_risk(&q, &given, &[]).unwrap_err().len(), 1);
    }

    #[test]
    fn contact_needs_the_way_they_prefer() {
        let mut f = ContactForm {
            anonymous: "no".into(),
            name: "Sam".into(),
            preferred: "email".into(),
            ..ContactForm::default()
        };
        assert_eq!(check_contact(&f).unwrap_err()[0].field, "email");
        f.email = "sam@example".into();
        assert!(check_contact(&f).unwrap_err()[0].message.contains("correct format"));
        f.email = "sam@example.org".into();
        assert_eq!(check_contact(&f).unwrap().unwrap().email.as_deref(), Some("sam@example.org"));
        assert_eq!(check_contact(&ContactForm { anonymous: "yes".into(), ..ContactForm::default() }).unwrap(), None);
        assert_eq!(check_contact(&ContactForm::default()).unwrap_err()[0].field, "anonymous");
    }

    #[test]
    fn the_journey_goes_page_by_page() {
        let mut d = Draft::default();
        assert_eq!(d.next_step(), Some("danger"));
        d.danger_checked = true;
        assert_eq!(d.next_step(), Some("what"));
        d.what = Some(What::default());
        d.place = Some(Where::default());
        d.risk = Some(Answers::default());
        d.about = Some(About::default());
        assert_eq!(d.next_step(), Some("evidence"));
        d.evidence_done = true;
        assert_eq!(d.next_step(), Some("contact"));
        d.contact = Some(ContactChoice::Anonymous);
        assert_eq!(d.next_step(), None);
        // An anonymous choice survives being stored as JSON.
        let back: Draft = serde_json::from_value(serde_json::to_value(&d).unwrap()).unwrap();
        assert_eq!(back.contact, Some(ContactChoice::Anonymous));
    }
}
