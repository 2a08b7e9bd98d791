//! Identifiers. Every id is a UUID; tenant-owned rows are keyed by (tenant, id).
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$m:meta])* $name:ident),* $(,)?) => {$(
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);
        impl $name {
            /// A new time-ordered id.
            pub fn new() -> Self { Self(Uuid::now_v7()) }
        }
        impl Default for $name { fn default() -> Self { Self::new() } }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { self.0.fmt(f) }
        }
        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> { Uuid::parse_str(s).map(Self) }
        }
    )*};
}

id_type!(
    /// A partnership area: a council area with its landlords, police team and partners.
    TenantId,
    /// An organisation of a partnership (council, social landlord, police, ...).
    OrganisationId,
    /// A member of staff who signs in.
    UserId,
    /// A case: the log of activity in response to a report.
    CaseId,
    /// A person known to the service (complainant, person complained about, witness, ...).
    PersonId,
    /// A party: a person's part in one case.
    PartyId,
    /// An ASB Case Review (formerly the Community Trigger): one application and what came of it.
    CaseReviewId,
);
