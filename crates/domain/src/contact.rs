//! Contact with the people involved. Only a successful contact with the complainant resets the
//! ongoing-contact clock; attempts are recorded and counted separately.
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

macro_rules! word_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $s:literal, $label:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $s),* } }
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label),* } }
            pub fn parse(s: &str) -> Option<Self> { Self::ALL.iter().copied().find(|v| v.as_str() == s) }
        }
    };
}
pub(crate) use word_enum;

word_enum!(ContactMethod {
    Phone => "phone", "Phone",
    Sms => "sms", "Text message",
    Email => "email", "Email",
    Letter => "letter", "Letter",
    Visit => "visit", "Home visit",
    InPerson => "in_person", "In person",
    Portal => "portal", "Online",
});

word_enum!(Direction {
    Outgoing => "outgoing", "We contacted them",
    Incoming => "incoming", "They contacted us",
});

word_enum!(
    /// How a contact went. `Sent` is a written update: it keeps them informed, but is not a
    /// conversation, so it does not restart the 10 working day clock.
    ContactOutcome {
        Successful => "successful", "Spoke to them",
        Attempted => "attempted", "Attempted, no answer",
        Sent => "sent", "Sent in writing",
    }
);

word_enum!(ContactWith {
    Complainant => "complainant", "Complainant",
    PersonComplainedAbout => "person_complained_about", "Person complained about",
    Witness => "witness", "Witness",
    Partner => "partner", "Partner agency",
});

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub method: ContactMethod,
    pub direction: Direction,
    pub outcome: ContactOutcome,
    pub with: ContactWith,
    pub summary: String,
    /// When the contact happened (may be before it was recorded).
    pub at: Timestamp,
}

impl Contact {
    /// Whether this contact restarts the complainant's contact clock.
    pub fn resets_complainant_clock(&self) -> bool {
        self.with == ContactWith::Complainant && self.outcome == ContactOutcome::Successful
    }
}
