//! What Open311 keys and API tokens have in common. Each is given to a partner's system or the
//! organisation's own, named for who holds it, shown once when it is made and kept only as a
//! hash, and revoked rather than removed (what it sent stays on its cases). An organisation has
//! at most one live key, and one live token, of a name, so each can be told apart when one
//! is revoked.

/// The longest name a key or token may have, in characters.
pub const NAME_MAX: usize = 100;

/// Which kind of credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A key a partner's system sends reports with by Open311 GeoReport v2.
    Open311Key,
    /// A token for the JSON API.
    ApiToken,
}

impl Kind {
    /// The setting its makes and revokes are kept under in the organisation's history of
    /// settings changes.
    pub fn setting(self) -> &'static str {
        match self {
            Kind::Open311Key => "open311_keys",
            Kind::ApiToken => "api_tokens",
        }
    }

    /// What it is called in a sentence: "Open311 key", "API token".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Open311Key => "Open311 key",
            Kind::ApiToken => "API token",
        }
    }
}

/// Why a name was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    /// Nothing but spaces.
    Missing,
    /// More than [`NAME_MAX`] characters.
    TooLong,
    /// A line break or another control character.
    NotOneLine,
    /// Another live key (or token) of the organisation has it.
    Taken,
}

/// A name as typed: without the spaces around it, 1 to [`NAME_MAX`] characters on one line.
/// Whether it is taken is for whoever holds the organisation's other names ([`same_name`]).
pub fn check_name(typed: &str) -> Result<String, NameProblem> {
    let name = typed.trim();
    if name.is_empty() {
        return Err(NameProblem::Missing);
    }
    if name.chars().any(char::is_control) {
        return Err(NameProblem::NotOneLine);
    }
    if name.chars().count() > NAME_MAX {
        return Err(NameProblem::TooLong);
    }
    Ok(name.to_string())
}

/// Whether two names would be taken for the same holder: "FixMyStreet" and "fixmystreet ", or
/// "Police  system" and "Police system".
pub fn same_name(a: &str, b: &str) -> bool {
    let fold = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    fold(a) == fold(b)
}

/// The history's words for a key or token made: "Made the API token ‘Housing system’ (read
/// cases and figures)". `detail` is what else it was made with, if anything.
pub fn made(kind: Kind, name: &str, detail: Option<&str>) -> String {
    match detail {
        Some(d) => format!("Made the {} ‘{name}’ ({d})", kind.noun()),
        None => format!("Made the {} ‘{name}’", kind.noun()),
    }
}

/// The history's words for a key or token revoked.
pub fn revoked(kind: Kind, name: &str) -> String {
    format!("Revoked the {} ‘{name}’", kind.noun())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_one_trimmed_line_of_at_most_100_characters() {
        assert_eq!(check_name("  FixMyStreet \t"), Ok("FixMyStreet".into()));
        assert_eq!(check_name(" \n "), Err(NameProblem::Missing));
        assert_eq!(check_name("Police\nsystem"), Err(NameProblem::NotOneLine));
        assert_eq!(check_name(&"é".repeat(NAME_MAX)).map(|n| n.chars().count()), Ok(NAME_MAX));
        assert_eq!(check_name(&"é".repeat(NAME_MAX + 1)), Err(NameProblem::TooLong));
    }

    #[test]
    fn names_differing_only_in_case_or_spacing_are_the_same() {
        assert!(same_name("FixMyStreet", " fixmystreet"));
        assert!(same_name("Police  system", "police system"));
        assert!(!same_name("Police system", "Police system 2"));
    }

    #[test]
    fn the_history_names_the_kind_and_the_holder() {
        assert_eq!(made(Kind::ApiToken, "Housing system", Some("read")), "Made the API token ‘Housing system’ (read)");
        assert_eq!(made(Kind::Open311Key, "FixMyStreet", None), "Made the Open311 key ‘FixMyStreet’");
        assert_eq!(revoked(Kind::Open311Key, "FixMyStreet"), "Revoked the Open311 key ‘FixMyStreet’");
        assert_ne!(Kind::Open311Key.setting(), Kind::ApiToken.setting());
    }
}
