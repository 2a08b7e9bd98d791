//! Organisations of a partnership and the roles of their staff.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    Council,
    SocialLandlord,
    Police,
    Health,
    SocialCare,
    Other,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 6] = [
        OrganisationKind::Council,
        OrganisationKind::SocialLandlord,
        OrganisationKind::Police,
        OrganisationKind::Health,
        OrganisationKind::SocialCare,
        OrganisationKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::Council => "council",
            OrganisationKind::SocialLandlord => "social_landlord",
            OrganisationKind::Police => "police",
            OrganisationKind::Health => "health",
            OrganisationKind::SocialCare => "social_care",
            OrganisationKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrganisationKind::Council => "Council",
            OrganisationKind::SocialLandlord => "Social landlord",
            OrganisationKind::Police => "Police",
            OrganisationKind::Health => "Health",
            OrganisationKind::SocialCare => "Social care",
            OrganisationKind::Other => "Other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What a member of staff may do. A person can hold several roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    CaseOfficer,
    TeamManager,
    PartnerOfficer,
    /// Aggregate figures only, never personal data.
    Analyst,
    Administrator,
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::CaseOfficer, Role::TeamManager, Role::PartnerOfficer, Role::Analyst, Role::Administrator];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::CaseOfficer => "case_officer",
            Role::TeamManager => "team_manager",
            Role::PartnerOfficer => "partner_officer",
            Role::Analyst => "analyst",
            Role::Administrator => "administrator",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::CaseOfficer => "Case officer",
            Role::TeamManager => "Team manager",
            Role::PartnerOfficer => "Partner officer",
            Role::Analyst => "Analyst",
            Role::Administrator => "Administrator",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Roles as stored: a comma-separated list of role names.
pub fn roles_to_string(roles: &[Role]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

pub fn roles_from_string(s: &str) -> Result<Vec<Role>, String> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|r| Role::parse(r).ok_or_else(|| format!("unknown role '{r}' (roles: {})", role_names())))
        .collect()
}

pub fn role_names() -> String {
    Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
}

/// What a set of roles lets someone see of cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseAccess {
    /// Cases of their organisation (and, once sharing lands, cases shared with it).
    Organisation,
    /// Aggregate figures only: no case pages, no names.
    AggregateOnly,
}

pub fn case_access(roles: &[Role]) -> CaseAccess {
    if roles.iter().any(|r| matches!(r, Role::CaseOfficer | Role::TeamManager | Role::PartnerOfficer)) {
        CaseAccess::Organisation
    } else {
        CaseAccess::AggregateOnly
    }
}

/// Who may see the organisation's performance overview (counts, overdue, by risk).
pub fn sees_overview(roles: &[Role]) -> bool {
    roles.iter().any(|r| matches!(r, Role::TeamManager | Role::Analyst | Role::Administrator))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_unknown_roles_are_named() {
        let roles = vec![Role::CaseOfficer, Role::TeamManager];
        assert_eq!(roles_from_string(&roles_to_string(&roles)).unwrap(), roles);
        let err = roles_from_string("case_officer,boss").unwrap_err();
        assert!(err.contains("'boss'"), "{err}");
    }

    #[test]
    fn analysts_see_figures_never_cases() {
        assert_eq!(case_access(&[Role::Analyst]), CaseAccess::AggregateOnly);
        assert_eq!(case_access(&[Role::Administrator]), CaseAccess::AggregateOnly);
        assert_eq!(case_access(&[Role::CaseOfficer]), CaseAccess::Organisation);
        assert!(sees_overview(&[Role::Analyst]));
        assert!(!sees_overview(&[Role::CaseOfficer]));
    }
}
