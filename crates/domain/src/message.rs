//! Messages to residents: templates with GOV.UK Notify-style `((placeholders))`, and the
//! acknowledgement every report with contact details gets.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

    pub fn parse(s: &str) -> Option<Medium> {
        [Medium::Email, Medium::Sms, Medium::Letter].into_iter().find(|m| m.as_str() == s)
    }
}

/// A template: subject (email and letter) and body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
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

/// The placeholders an acknowledgement may use.
pub const ACKNOWLEDGEMENT_PLACEHOLDERS: [&str; 4] = ["name", "reference", "organisation", "contact_by"];

/// The acknowledgement a new organisation starts with, per medium.
pub fn default_acknowledgement(medium: Medium) -> Template {
    match medium {
        Medium::Sms => Template {
            subject: String::new(),
            body: "((organisation)): we have your report about anti-social behaviour, reference ((reference)). \
                   An officer will contact you by ((contact_by)). In an emergency call 999."
                .into(),
        },
        Medium::Email | Medium::Letter => Template {
            subject: "Your report about anti-social behaviour: ((reference))".into(),
            body: "Dear ((name)),\n\n\
                   Thank you for your report about anti-social behaviour. Your reference is ((reference)).\n\n\
                   What happens next: an officer from ((organisation)) will contact you by ((contact_by)) \
                   to talk about what is happening and agree what will be done. While your case is open, \
                   they will be in touch at least every 2 weeks.\n\n\
                   If someone is in immediate danger or a crime is happening, call 999. \
                   For other crimes, call 101.\n\n\
                   ((organisation))"
                .into(),
        },
    }
}

/// The wrapping of an officer's update to a complainant, per medium. `((update))` is what
/// the officer wrote.
pub fn default_update(medium: Medium) -> Template {
    match medium {
        Medium::Sms => Template {
            subject: String::new(),
            body: "((organisation)), case ((reference)): ((update)) Reply to ((officer)) on the number you have."
                .into(),
        },
        Medium::Email | Medium::Letter => Template {
            subject: "An update on your case ((reference))".into(),
            body: "Dear ((name)),\n\n((update))\n\n\
                   If anything changes or happens again, please tell us, quoting ((reference)). \
                   If someone is in immediate danger or a crime is happening, call 999.\n\n\
                   ((officer))\n((organisation))"
                .into(),
        },
    }
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
    fn a_misspelt_placeholder_is_refused() {
        assert_eq!(render("Ref ((refrence))", &values()), Err(TemplateError::UnknownPlaceholder("refrence".into())));
        assert_eq!(render("Ref ((reference", &values()), Err(TemplateError::Unclosed));
    }
}
