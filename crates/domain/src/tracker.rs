//! The complainant's case tracker: how a resident without an account gets to their case (a
//! one-time link sent to the email or phone they gave), what the tracker tells them in plain
//! words, and what they may send from it. Nothing here names or describes the person complained
//! about: the tracker is built only from the case's stage, its officer, the contact clock, the
//! action plan and the messages sent to this complainant.
use crate::case::{Case, Status};
use crate::message::Medium;
use crate::party::{Party, PartyRole, Person};
use crate::report::FieldError;
use jiff::SignedDuration;

/// How long a tracker link may wait to be used (it works once).
pub const LINK_TTL: SignedDuration = SignedDuration::from_hours(72);
/// How long a tracker visit lasts once the link is used.
pub const VISIT_TTL: SignedDuration = SignedDuration::from_hours(2);
/// Link requests allowed: for one reference and contact, per hour; for one reference whatever the
/// contact (guessing a number), per hour; to one contact (texts to one phone), per day.
pub const REQUESTS_PER_HOUR: i64 = 3;
pub const REQUESTS_PER_REFERENCE_PER_HOUR: i64 = 10;
pub const REQUESTS_PER_CONTACT_PER_DAY: i64 = 6;
/// Longest message to the officer.
pub const MESSAGE_MAX: usize = 2000;

/// Stands in a queued message for the token of the one-time link it carries; the delivery
/// step puts a fresh token in its place in the copy it sends, and only the token's hash is kept.
pub const TOKEN_PLACEHOLDER: &str = "{one-time-token}";

/// How a link's token is kept.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// What a link opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    Tracker,
    Survey,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Tracker => "tracker",
            LinkPurpose::Survey => "survey",
        }
    }

    pub fn parse(s: &str) -> Option<LinkPurpose> {
        [LinkPurpose::Tracker, LinkPurpose::Survey].into_iter().find(|p| p.as_str() == s)
    }
}

/// An email address or a UK phone number written the way we compare them: email in lower case,
/// phone as digits with +44 written as 0. None when it is neither.
pub fn normalise_contact(s: &str) -> Option<(Medium, String)> {
    let s = s.trim();
    if s.contains('@') {
        return Some((Medium::Email, s.to_lowercase()));
    }
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let national = match digits.strip_prefix("44") {
        Some(rest) if s.starts_with('+') || s.starts_with("44") || s.starts_with("0044") => format!("0{rest}"),
        _ => digits.strip_prefix("0044").map(|r| format!("0{r}")).unwrap_or(digits),
    };
    (national.len() >= 10 && national.starts_with('0')).then_some((Medium::Sms, national))
}

/// Which of the case's complainants gave `contact`, and how to reach them with it. The same
/// `None` whether the case has no such complainant or the contact is simply wrong, so the
/// answer cannot be used to find out who reported what.
pub fn complainant_with<'a>(case: &Case, people: &'a [Person], contact: &str) -> Option<(&'a Person, Medium, String)> {
    let (medium, wanted) = normalise_contact(contact)?;
    let complainants = case.parties.iter().filter(|p| p.role == PartyRole::Complainant).filter_map(|p| p.person);
    for id in complainants {
        let Some(person) = people.iter().find(|x| x.id == id) else { continue };
        let given = match medium {
            Medium::Email => person.email.as_deref(),
            _ => person.phone.as_deref(),
        };
        if let Some(given) = given
            && normalise_contact(given).is_some_and(|(m, g)| m == medium && g == wanted)
        {
            return Some((person, medium, given.trim().to_string()));
        }
    }
    None
}

/// How to send a complainant a message: the way they said they prefer where a message can
/// travel that way (a phone call preference means a text), else email, text, then letter. The
/// preference is kept in the party's description as the report wrote it ("Prefers contact by
/// email; safe times: …"). None when they gave no way a message can travel.
pub fn reach(party: &Party, person: &Person) -> Option<(Medium, String)> {
    let email = person.email.clone().map(|e| (Medium::Email, e));
    let sms = person.phone.clone().map(|p| (Medium::Sms, p));
    let letter = person.address.clone().map(|a| (Medium::Letter, format!("{}\n{a}", person.name)));
    let said = party.description.as_deref().unwrap_or("").to_lowercase();
    let preferred = match said.strip_prefix("prefers contact by ").map(|r| r.split(';').next().unwrap_or("")) {
        Some("email") => email.clone(),
        Some("text message" | "phone call") => sms.clone(),
        Some("letter") => letter.clone(),
        _ => None,
    };
    preferred.or(email).or(sms).or(letter)
}

/// Where the case is, in plain words for the complainant.
pub fn stage(case: &Case) -> (&'static str, &'static str) {
    match case.status {
        Status::Reported | Status::Triaged => (
            "We are looking at your report",
            "We have your report. An officer will contact you to talk about what is happening \
             and agree what will be done.",
        ),
        Status::Open => (
            "An officer is working on your case",
            "Your officer will keep in touch with you while the case is open, at least every \
             2 weeks. Keep telling us about anything that happens.",
        ),
        Status::Closed => {
            ("Your case is closed", "If the problem starts again, make a new report and mention this reference.")
        }
    }
}

/// A message to the officer, as typed.
pub fn check_message(text: &str, field: &str) -> Result<String, FieldError> {
    let text = text.trim();
    let error = |message: String| FieldError { field: field.into(), message };
    if text.is_empty() {
        return Err(error("Enter your message".into()));
    }
    if text.chars().count() > MESSAGE_MAX {
        return Err(error(format!("Your message must be {MESSAGE_MAX} characters or fewer")));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_compare_as_people_write_them() {
        assert_eq!(normalise_contact(" Sam@Example.ORG "), Some((Medium::Email, "sam@example.org".into())));
        for phone in ["07700 900123", "+44 7700 900123", "0044 7700 900 123", "447700900123"] {
            assert_eq!(normalise_contact(phone), Some((Medium::Sms, "07700900123".into())), "{phone}");
        }
        assert_eq!(normalise_contact("12345"), None);
        assert_eq!(normalise_contact(""), None);
    }

    #[test]
    fn messages_go_the_way_the_complainant_prefers() {
        let details = crate::report::ContactDetails {
            name: "Sam Okoro".into(),
            email: Some("sam@example.org".into()),
            phone: Some("07700 900123".into()),
            address: Some("3 Mill Street".into()),
            preferred: "sms".into(),
            safe_times: "after 6pm".into(),
        };
        let (person, party) = details.as_complainant();
        assert_eq!(reach(&party, &person), Some((Medium::Sms, "07700 900123".into())));
        let (person, party) =
            crate::report::ContactDetails { preferred: "letter".into(), ..details.clone() }.as_complainant();
        assert_eq!(reach(&party, &person), Some((Medium::Letter, "Sam Okoro\n3 Mill Street".into())));
        let (person, party) =
            crate::report::ContactDetails { preferred: "sms".into(), phone: None, ..details }.as_complainant();
        assert_eq!(reach(&party, &person).map(|r| r.0), Some(Medium::Email), "falls back when the way is missing");
    }

    #[test]
    fn a_message_must_say_something_and_not_too_much() {
        assert_eq!(check_message("  Music again tonight  ", "m").unwrap(), "Music again tonight");
        assert_eq!(check_message("   ", "m").unwrap_err().message, "Enter your message");
        assert!(check_message(&"x".repeat(MESSAGE_MAX + 1), "m").is_err());
    }
}
