//! Parties to a case, in neutral words: nobody is a "victim" or "perpetrator" before anything
//! is established.
use crate::ids::{PartyId, PersonId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    Complainant,
    PersonComplainedAbout,
    Witness,
    /// Someone reporting on another person's behalf.
    Reporter,
}

impl PartyRole {
    pub const ALL: [PartyRole; 4] =
        [PartyRole::Complainant, PartyRole::PersonComplainedAbout, PartyRole::Witness, PartyRole::Reporter];

    pub fn as_str(self) -> &'static str {
        match self {
            PartyRole::Complainant => "complainant",
            PartyRole::PersonComplainedAbout => "person_complained_about",
            PartyRole::Witness => "witness",
            PartyRole::Reporter => "reporter",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PartyRole::Complainant => "Complainant",
            PartyRole::PersonComplainedAbout => "Person complained about",
            PartyRole::Witness => "Witness",
            PartyRole::Reporter => "Reporting on someone's behalf",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A person as known to the service; the same person can be a party to many cases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A party to a case. `person` is `None` for a person complained about who is not known
/// ("persons unknown"), described instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub id: PartyId,
    pub role: PartyRole,
    pub person: Option<PersonId>,
    /// What is known when the person is not: "two teenage boys on bikes".
    pub description: Option<String>,
}
