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

/// A web address's host as stored for a partnership's public pages: lower case, without a
/// port or trailing dot. None when it is not a host name or IP address.
pub fn public_host(given: &str) -> Option<String> {
    let h = given.trim().to_ascii_lowercase();
    let h = match h.strip_prefix('[') {
        // [::1]:8080
        Some(rest) => rest.split(']').next()?.to_string(),
        None => h
            .rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(h.clone(), |(host, _)| host.to_string()),
    };
    let h = h.trim_end_matches('.').to_string();
    let ok = !h.is_empty()
        && h.len() <= 253
        && h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b':');
    ok.then_some(h)
}

#[cfg(test)]
mod host_tests {
    use super::public_host;

    #[test]
    fn hosts_are_compared_without_case_port_or_trailing_dot() {
        assert_eq!(public_host("Report.AshfordVale.example:443").as_deref(), Some("report.ashfordvale.example"));
        assert_eq!(public_host("report.ashfordvale.example.").as_deref(), Some("report.ashfordvale.example"));
        assert_eq!(public_host("127.0.0.1:8080").as_deref(), Some("127.0.0.1"));
        assert_eq!(public_host("[::1]:8080").as_deref(), Some("::1"));
        assert_eq!(public_host("evil.example/path"), None);
        assert_eq!(public_host(""), None);
    }
}

/// Whether a change to someone's roles, or to whether they may sign in, can be made: they keep
/// at least one role, and the organisation is never left without an active administrator (no
/// one could then run it from the pages). `other_administrators` counts the organisation's
/// other active administrators.
pub fn check_access_change(
    name: &str,
    was_administrator: bool,
    roles: &[Role],
    active: bool,
    other_administrators: usize,
) -> Result<(), AccessProblem> {
    if roles.is_empty() {
        return Err(AccessProblem::NoRole);
    }
    let still = active && roles.contains(&Role::Administrator);
    if was_administrator && !still && other_administrators == 0 {
        return Err(AccessProblem::LastAdministrator(name.to_string()));
    }
    Ok(())
}

/// Why a change to someone's access is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessProblem {
    NoRole,
    LastAdministrator(String),
}

impl std::fmt::Display for AccessProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AccessProblem::NoRole => f.write_str("Choose at least one role"),
            AccessProblem::LastAdministrator(name) => {
                write!(f, "{name} is the organisation's only administrator: make someone else an administrator first")
            }
        }
    }
}

#[cfg(test)]
mod access_tests {
    use super::*;

    #[test]
    fn the_last_administrator_can_be_neither_switched_off_nor_demoted_but_one_of_two_can() {
        let admin = [Role::Administrator];
        assert!(check_access_change("Alex", true, &admin, false, 0).is_err());
        assert_eq!(
            check_access_change("Alex", true, &[Role::TeamManager], true, 0).unwrap_err().to_string(),
            "Alex is the organisation's only administrator: make someone else an administrator first"
        );
        assert!(check_access_change("Alex", true, &admin, false, 1).is_ok());
        assert!(check_access_change("Alex", true, &admin, true, 0).is_ok());
        assert!(check_access_change("Sam", false, &[Role::Analyst], false, 0).is_ok());
        assert_eq!(check_access_change("Sam", false, &[], true, 1), Err(AccessProblem::NoRole));
    }
}
