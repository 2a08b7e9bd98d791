//! Messages to residents: templates with GOV.UK Notify-style `((placeholders))`, and the
//! acknowledgement every report with contact details gets.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod defaults;
pub use defaults::*;
mod sms;
pub use sms::{SmsLength, most_in, sms_length};

/// How a message travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    Email,
    Sms,
    Letter,
}

impl Medium {
    pub fn as_str(self) -> &'static str {
        match self {
            Medium::Email => "email",
            Medium::Sms => "sms",
            Medium::Letter => "letter",
        }
    }

    pub const ALL: [Medium; 3] = [Medium::Email, Medium::Sms, Medium::Letter];

    pub fn parse(s: &str) -> Option<Medium> {
        Medium::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Its name in words: "Email", "Text message", "Letter".
    pub fn label(self) -> &'static str {
        match self {
            Medium::Email => "Email",
            Medium::Sms => "Text message",
            Medium::Letter => "Letter",
        }
    }

    /// An email or a letter has a subject; a text message is all body.
    pub fn has_subject(self) -> bool {
        self != Medium::Sms
    }
}

/// A template: subject (email and letter) and body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum TemplateError {
    #[error("the template uses (({0})), which is not one of its placeholders")]
    UnknownPlaceholder(String),
    #[error("the template has an unclosed '((' ")]
    Unclosed,
}

/// Fill `((name))` placeholders from `values`; an unknown name is an error, so a typo in a
/// template is found when it is saved, not when a resident reads "((refrence))".
pub fn render(text: &str, values: &BTreeMap<&str, String>) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("((") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("))").ok_or(TemplateError::Unclosed)?;
        let name = after[..end].trim();
        let value = values.get(name).ok_or_else(|| TemplateError::UnknownPlaceholder(name.to_string()))?;
        out.push_str(value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The names of the placeholders `text` uses, as [`render`] reads them (`(( link ))` is
/// `link`); an unclosed one ends the list.
pub fn placeholders_in(text: &str) -> Vec<&str> {
    let mut names = vec![];
    let mut rest = text;
    while let Some(start) = rest.find("((") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("))") else { break };
        names.push(after[..end].trim());
        rest = &after[end + 2..];
    }
    names
}

/// The placeholders an acknowledgement may use.
pub const ACKNOWLEDGEMENT_PLACEHOLDERS: [&str; 6] =
    ["name", "reference", "organisation", "contact_by", "tracker", "track_page"];

/// Text messages a resident did not just ask for (an update, the case closing, the survey) wait
/// for the daytime, 8am to 9pm in London: a text at 2am about anti-social behaviour is itself a
/// disturbance, and may be read by the wrong person. A tracker link or an acknowledgement they
/// have just asked for goes at once, as does everything that is not a text.
pub fn not_before(kind: &str, medium: Medium, at: jiff::Timestamp) -> jiff::Timestamp {
    const QUIET_FROM: i8 = 21;
    const QUIET_UNTIL: i8 = 8;
    if medium != Medium::Sms || matches!(kind, "tracker_link" | "acknowledgement" | "contact_due" | "referral_changed")
    {
        return at;
    }
    let local = at.to_zoned(crate::time::london());
    let morning = |d: jiff::civil::Date| {
        d.at(QUIET_UNTIL, 0, 0, 0).to_zoned(crate::time::london()).map(|z| z.timestamp()).unwrap_or(at)
    };
    match local.hour() {
        h if h >= QUIET_FROM => local.date().tomorrow().map(morning).unwrap_or(at),
        h if h < QUIET_UNTIL => morning(local.date()),
        _ => at,
    }
}

/// A kind of message to residents: its name, what it is for, the placeholders its templates
/// may use, and the wording an organisation starts with.
pub struct MessageKind {
    pub kind: &'static str,
    pub label: &'static str,
    pub placeholders: &'static [&'static str],
    /// Placeholders its wording must use (the link of a link's message).
    pub required: &'static [&'static str],
    pub default: fn(Medium) -> Template,
}

/// Every kind of message to residents an organisation can word for itself.
pub const KINDS: [MessageKind; 10] = [
    MessageKind {
        kind: "acknowledgement",
        label: "Acknowledgement of a report",
        placeholders: &ACKNOWLEDGEMENT_PLACEHOLDERS,
        required: &["reference"],
        default: default_acknowledgement,
    },
    MessageKind {
        kind: "update",
        label: "Update from the officer",
        placeholders: &["name", "reference", "organisation", "officer", "update"],
        required: &["update"],
        default: default_update,
    },
    MessageKind {
        kind: "tracker_link",
        label: "Case tracker link",
        placeholders: &["name", "reference", "organisation", "link", "hours"],
        required: &["link"],
        default: default_tracker_link,
    },
    MessageKind {
        kind: "report_diverted",
        label: "Report dealt with at triage (no case opened)",
        placeholders: &["name", "reference", "organisation", "outcome"],
        required: &["outcome"],
        default: default_report_diverted,
    },
    MessageKind {
        kind: "case_closed",
        label: "Case closed",
        placeholders: &["name", "reference", "organisation", "officer"],
        required: &["reference"],
        default: default_case_closed,
    },
    MessageKind {
        kind: "contact_due",
        label: "Contact due (reminder to the officer)",
        placeholders: &["officer", "reference", "organisation", "due", "link"],
        required: &["reference"],
        default: default_contact_due,
    },
    MessageKind {
        kind: "referral_changed",
        label: "Referral answered or completed (to the referring officer)",
        placeholders: &["officer", "reference", "organisation", "partner", "status", "note", "link"],
        required: &["reference"],
        default: default_referral_changed,
    },
    MessageKind {
        kind: "review_acknowledgement",
        label: "Case review application acknowledged",
        placeholders: &["name", "reference", "organisation", "decision_by"],
        required: &["reference"],
        default: default_review_acknowledgement,
    },
    MessageKind {
        kind: "review_outcome",
        label: "Case review outcome",
        placeholders: &["name", "reference", "organisation", "decision", "outcome", "link", "expires"],
        required: &["outcome"],
        default: default_review_outcome,
    },
    MessageKind {
        kind: "survey_invitation",
        label: "Satisfaction survey invitation",
        placeholders: &["name", "reference", "organisation", "link", "expires"],
        required: &["link"],
        default: default_survey_invitation,
    },
];

/// The media a kind of message is sent by: messages to officers (a contact falling due, a
/// referral answered) go by email only; residents are written to as they asked.
pub fn media(kind: &str) -> &'static [Medium] {
    match kind {
        "contact_due" | "referral_changed" => &[Medium::Email],
        _ => &Medium::ALL,
    }
}

pub fn kind(name: &str) -> Option<&'static MessageKind> {
    KINDS.iter().find(|k| k.kind == name)
}

/// Example values for previewing a template of `kind`.
pub fn sample_values(kind: &MessageKind) -> BTreeMap<&'static str, String> {
    let sample = |p: &str| match p {
        "name" => "Sam Okoro",
        "reference" => "ASB-2026-000042",
        "organisation" => "Ashford Vale District Council",
        "contact_by" => "the end of 3 December 2026",
        "officer" => "Priya Shah",
        "update" => "We visited your neighbour on Tuesday and gave them a warning about the noise.",
        "link" | "tracker" => "https://asb.example.org/track/0123456789abcdef0123456789abcdef0123456789abcdef",
        "track_page" => "https://asb.example.org/track",
        "hours" => "72",
        "expires" => "31 December 2026",
        "due" => "the end of 10 December 2026",
        "outcome" => "We have looked at your report and have not opened a case.",
        "partner" => "Ashford Vale Neighbourhood Policing Team",
        "decision_by" => "17 December 2026",
        "decision" => "The threshold for a case review was met",
        "status" => "Accepted",
        "note" => "Allocated to PC Jones, who will visit this week.",
        _ => "example",
    };
    kind.placeholders.iter().map(|p| (*p, sample(p).to_string())).collect()
}

/// The longest text message an organisation's wording may make once filled in: 3 texts.
pub const SMS_MAX_PARTS: usize = 3;
/// The most an email's or letter's wording may be, as typed (about four pages of a letter).
pub const MAX_WRITTEN_CHARS: usize = 10_000;

/// Which part of a message a problem is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Subject,
    Body,
}

/// Why an organisation's wording for a kind of message cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TemplateProblem {
    #[error("an email or letter must have a subject")]
    NoSubject,
    #[error("the subject must be one line")]
    SubjectLines,
    #[error("the message must have a body")]
    NoBody,
    #[error("the message must include (({0}))")]
    Missing(&'static str),
    #[error("{error}")]
    Render { part: Part, error: TemplateError },
    #[error("a text message must fit in {SMS_MAX_PARTS} texts; this one is {} ({} characters{})", .0.parts, .0.units,
        if .0.unicode { ", sent 67 to a text as it has a character outside the GSM alphabet" } else { "" })]
    TooManyTexts(SmsLength),
    #[error("an email or letter must be at most {MAX_WRITTEN_CHARS} characters; this one is {0}")]
    TooLong(usize),
}

impl TemplateProblem {
    /// The part of the message to put right.
    pub fn part(&self) -> Part {
        match self {
            TemplateProblem::NoSubject | TemplateProblem::SubjectLines => Part::Subject,
            TemplateProblem::Render { part, .. } => *part,
            _ => Part::Body,
        }
    }
}

/// Check an organisation's own wording for a kind of message: an email or letter has a
/// one-line subject, every message a body using the placeholders the kind must (its link, say),
/// it renders with that kind's placeholders only, a text message fits in three texts and an
/// email or letter is not endless. Returns the subject and body filled in with the example
/// values, or every problem found (at most one for the subject, then one for the body).
pub fn template_problems(
    kind: &MessageKind,
    medium: Medium,
    t: &Template,
) -> Result<(String, String), Vec<TemplateProblem>> {
    let values = sample_values(kind);
    let subject = if medium.has_subject() && t.subject.trim().is_empty() {
        Err(TemplateProblem::NoSubject)
    } else if t.subject.contains(['\n', '\r']) {
        Err(TemplateProblem::SubjectLines)
    } else {
        render(&t.subject, &values).map_err(|error| TemplateProblem::Render { part: Part::Subject, error })
    };
    let used = |p: &str| placeholders_in(&t.subject).contains(&p) || placeholders_in(&t.body).contains(&p);
    let missing = kind.required.iter().copied().find(|p| !used(p));
    // A misspelt placeholder is named before a required one it leaves out: it is likely the
    // same one, misspelt.
    let body = if t.body.trim().is_empty() {
        Err(TemplateProblem::NoBody)
    } else {
        match (render(&t.body, &values), missing) {
            (Err(error), _) => Err(TemplateProblem::Render { part: Part::Body, error }),
            (Ok(_), Some(p)) => Err(TemplateProblem::Missing(p)),
            (Ok(body), None) if medium == Medium::Sms && sms_length(&body).parts > SMS_MAX_PARTS => {
                Err(TemplateProblem::TooManyTexts(sms_length(&body)))
            }
            (Ok(_), None) if medium.has_subject() && t.body.chars().count() > MAX_WRITTEN_CHARS => {
                Err(TemplateProblem::TooLong(t.body.chars().count()))
            }
            (Ok(body), None) => Ok(body),
        }
    };
    match (subject, body) {
        (Ok(subject), Ok(body)) => Ok((subject, body)),
        (subject, body) => Err(subject.err().into_iter().chain(body.err()).collect()),
    }
}

/// [`template_problems`], stopping at the first problem.
pub fn check_template(kind: &MessageKind, medium: Medium, t: &Template) -> Result<(String, String), TemplateProblem> {
    template_problems(kind, medium, t).map_err(|mut problems| problems.remove(0))
}

/// What a placeholder of a kind of message is filled in with, in plain words.
pub fn placeholder_meaning(kind: &str, placeholder: &str) -> &'static str {
    let to_officer = matches!(kind, "contact_due" | "referral_changed");
    let review = matches!(kind, "review_acknowledgement" | "review_outcome");
    match (placeholder, kind) {
        ("name", _) if review => "The name of the person who applied for the case review.",
        ("name", _) => "The resident's name, as they gave it.",
        ("reference", "report_diverted") => "The report's reference, which the resident quotes if they get in touch.",
        ("reference", _) if review => "The application's reference, which the applicant quotes if they get in touch.",
        ("reference", _) => "The case's reference, which the resident quotes if they get in touch.",
        ("organisation", _) if review => "The name of the organisation that runs case reviews for the partnership.",
        ("organisation", _) => "Your organisation's name.",
        ("contact_by", _) => {
            "When an officer will contact them by, from your service standards for the risk assessed (for example, the end of 3 December 2026)."
        }
        ("tracker", _) => {
            "A link to follow the case online, add diary entries and send evidence. It works once, for 3 days."
        }
        ("track_page", _) => "The address of the page where they can ask for a new link.",
        ("officer", "update") => "The name of the officer who wrote the update.",
        ("officer", _) if to_officer => "The name of the officer the message goes to.",
        ("officer", _) => "The name of the case's officer.",
        ("update", _) => "What the officer wrote to the resident.",
        ("link", "tracker_link") => "The link to their case. It works once.",
        ("link", "survey_invitation") => "The link to the satisfaction survey.",
        ("link", "contact_due") => "The link to the case in this service.",
        ("link", "referral_changed") => "The link to the referral in this service.",
        ("link", "review_outcome") => "The link to say how the application was handled.",
        ("hours", _) => "How many hours the link works for.",
        ("outcome", "report_diverted") => {
            "Why no case was opened and where the report went, in words for the resident."
        }
        ("outcome", _) => "What the case review found and what will be done, as the review's summary says.",
        ("due", _) => "When contact with the complainant is due by.",
        ("expires", "review_outcome") => "The last day they can say how the application was handled.",
        ("expires", _) => "The last day the link works.",
        ("partner", _) => "The organisation or service the case was referred to.",
        ("status", _) => "What the referral is now, for example Accepted or Completed.",
        ("note", _) => "What the partner answered, or what they did.",
        ("decision_by", _) => "When the applicant will be told whether the threshold for a review is met.",
        ("decision", _) => "Whether the threshold for a case review was met.",
        _ => "",
    }
}

/// What changed between two wordings of a kind of message (`None`: the standard wording), for
/// the organisation's history of changes; `None` when nothing did (wording the same as the
/// standard one, saved where there was no own wording, changes nothing: the organisation keeps
/// the standard wording, as it improves).
pub fn describe_change(
    kind: &MessageKind,
    medium: Medium,
    before: Option<&Template>,
    after: Option<&Template>,
) -> Option<String> {
    let what = format!("{} ({})", kind.label, medium.label().to_lowercase());
    let standard = (kind.default)(medium);
    let (was, now) = (before.unwrap_or(&standard), after.unwrap_or(&standard));
    let changed = match (medium.has_subject() && was.subject != now.subject, was.body != now.body) {
        _ if before.is_some() && after.is_none() => return Some(format!("{what}: back to the standard wording")),
        (true, true) => "subject and wording changed",
        (true, false) => "subject changed",
        (false, true) => "wording changed",
        (false, false) => return None,
    };
    Some(format!("{what}: {changed}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> BTreeMap<&'static str, String> {
        BTreeMap::from([
            ("name", "Sam Okoro".to_string()),
            ("reference", "ASB-2026-000042".to_string()),
            ("organisation", "Ashford Vale District Council".to_string()),
            ("contact_by", "the end of 3 December 2026".to_string()),
            ("tracker", "https://asb.example.org/track/0123456789abcdef0123456789abcdef0123456789abcdef".to_string()),
            ("track_page", "https://asb.example.org/track".to_string()),
        ])
    }

    #[test]
    fn every_default_acknowledgement_renders_with_its_placeholders() {
        for m in [Medium::Email, Medium::Sms, Medium::Letter] {
            let t = default_acknowledgement(m);
            let body = render(&t.body, &values()).unwrap();
            assert!(body.contains("ASB-2026-000042") && body.contains("the end of 3 December 2026"));
            assert!(!body.contains("(("));
        }
        assert!(default_acknowledgement(Medium::Sms).body.len() < 320, "fits in two text messages");
    }

    #[test]
    fn every_kind_has_defaults_that_pass_its_own_check() {
        for k in &KINDS {
            for m in [Medium::Email, Medium::Sms, Medium::Letter] {
                let (_, body) =
                    check_template(k, m, &(k.default)(m)).unwrap_or_else(|e| panic!("{} {m:?}: {e}", k.kind));
                assert!(!body.contains("(("), "{} {m:?}", k.kind);
            }
        }
        let link = kind("tracker_link").unwrap();
        let no_link = Template { subject: "Your case".into(), body: "Here is your case ((reference))".into() };
        assert_eq!(
            check_template(link, Medium::Email, &no_link).unwrap_err().to_string(),
            "the message must include ((link))"
        );
        let ack = kind("acknowledgement").unwrap();
        let bad = Template { subject: "Hi".into(), body: "Your ref ((reference)) or ((refrence))".into() };
        assert!(check_template(ack, Medium::Email, &bad).unwrap_err().to_string().contains("refrence"));
    }

    #[test]
    fn every_problem_is_found_once_for_each_part() {
        let ack = kind("acknowledgement").unwrap();
        let t = Template { subject: " ".into(), body: "Ref ((refrence))".into() };
        let problems = template_problems(ack, Medium::Email, &t).unwrap_err();
        let misspelt = TemplateError::UnknownPlaceholder("refrence".into());
        assert_eq!(
            problems,
            vec![TemplateProblem::NoSubject, TemplateProblem::Render { part: Part::Body, error: misspelt }]
        );
        let t = Template { subject: "Hello".into(), body: "Hello ((name))".into() };
        assert_eq!(check_template(ack, Medium::Email, &t).unwrap_err(), TemplateProblem::Missing("reference"));
        let t = Template { subject: "Ref ((reference))".into(), body: "See ((tracker)) or ((trakcer))".into() };
        let problems = template_problems(ack, Medium::Letter, &t).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].part(), Part::Body);
        assert!(problems[0].to_string().contains("((trakcer))"));
        let two_lines = Template { subject: "Ref\n((reference))".into(), body: "Hello".into() };
        assert_eq!(check_template(ack, Medium::Email, &two_lines).unwrap_err(), TemplateProblem::SubjectLines);
        // A text message's subject is never sent: none is needed.
        let text = Template { subject: String::new(), body: "Ref ((reference))".into() };
        assert_eq!(check_template(ack, Medium::Sms, &text).unwrap(), (String::new(), "Ref ASB-2026-000042".into()));
        let long = Template { subject: String::new(), body: format!("((reference)) {}", "x".repeat(444)) };
        // A placeholder written with spaces inside its brackets is the placeholder.
        let spaced = Template { subject: String::new(), body: "Ref (( reference ))".into() };
        assert_eq!(check_template(ack, Medium::Sms, &spaced).unwrap().1, "Ref ASB-2026-000042");
        assert_eq!(placeholders_in("((a)) (( b )) ((c"), ["a", "b"]);
        let too_many = SmsLength { units: 460, parts: 4, unicode: false };
        assert_eq!(check_template(ack, Medium::Sms, &long).unwrap_err(), TemplateProblem::TooManyTexts(too_many));
        // The same length in Welsh does not fit: ŵ sends every text as 67 characters.
        let welsh = Template { subject: String::new(), body: format!("((reference)) Diolch ŵ {}", "x".repeat(200)) };
        let problem = check_template(ack, Medium::Sms, &welsh).unwrap_err();
        assert!(matches!(problem, TemplateProblem::TooManyTexts(SmsLength { unicode: true, parts: 4, .. })));
        assert!(problem.to_string().contains("67 to a text"), "{problem}");
        let endless = Template { subject: "Hi".into(), body: format!("((reference)) {}", "x".repeat(10_000)) };
        assert_eq!(check_template(ack, Medium::Email, &endless).unwrap_err().part(), Part::Body);
    }

    #[test]
    fn every_placeholder_is_explained() {
        for k in &KINDS {
            for p in k.placeholders {
                assert!(!placeholder_meaning(k.kind, p).is_empty(), "{} (({p}))", k.kind);
            }
        }
    }

    #[test]
    fn a_change_says_what_changed() {
        let ack = kind("acknowledgement").unwrap();
        let standard = default_acknowledgement(Medium::Email);
        let body = Template { body: "Ref ((reference))".into(), ..standard.clone() };
        let both = Template { subject: "Thanks".into(), body: "Ref ((reference))".into() };
        let says = |before, after| describe_change(ack, Medium::Email, before, after);
        assert_eq!(says(None, Some(&body)).unwrap(), "Acknowledgement of a report (email): wording changed");
        assert_eq!(says(Some(&body), Some(&both)).unwrap(), "Acknowledgement of a report (email): subject changed");
        assert_eq!(
            says(None, Some(&both)).unwrap(),
            "Acknowledgement of a report (email): subject and wording changed"
        );
        assert_eq!(
            says(Some(&both), None).unwrap(),
            "Acknowledgement of a report (email): back to the standard wording"
        );
        assert_eq!(says(None, Some(&standard)), None, "the standard wording saved as it is changes nothing");
        assert_eq!(says(Some(&both), Some(&both)), None);
        assert_eq!(says(None, None), None);
    }

    #[test]
    fn unasked_for_texts_wait_for_the_morning() {
        let at = |s: &str| crate::time::parse(s).unwrap();
        // 23:30 in London in winter (GMT) and 05:00 in summer (BST, 04:00Z).
        assert_eq!(not_before("update", Medium::Sms, at("2026-12-03T23:30:00Z")), at("2026-12-04T08:00:00Z"));
        assert_eq!(not_before("case_closed", Medium::Sms, at("2026-07-01T04:00:00Z")), at("2026-07-01T07:00:00Z"));
        assert_eq!(not_before("update", Medium::Sms, at("2026-12-03T14:00:00Z")), at("2026-12-03T14:00:00Z"));
        assert_eq!(not_before("update", Medium::Email, at("2026-12-03T23:30:00Z")), at("2026-12-03T23:30:00Z"));
        assert_eq!(not_before("tracker_link", Medium::Sms, at("2026-12-03T23:30:00Z")), at("2026-12-03T23:30:00Z"));
    }

    #[test]
    fn a_misspelt_placeholder_is_refused() {
        assert_eq!(render("Ref ((refrence))", &values()), Err(TemplateError::UnknownPlaceholder("refrence".into())));
        assert_eq!(render("Ref ((reference", &values()), Err(TemplateError::Unclosed));
    }
}
