//! API tokens: how a partner's or the organisation's own system uses the JSON API. A token acts
//! as its organisation, with the same rules as its staff; it is shown once when made and kept
//! only as its SHA-256, and can be revoked.
use crate::contact::word_enum;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

word_enum!(
    /// What a token may do.
    TokenScope {
        Read => "read", "Read cases and figures",
        Write => "write", "Read, and record reports and changes",
    }
);

impl TokenScope {
    /// Whether a token of this scope may do what `needed` allows.
    pub fn allows(self, needed: TokenScope) -> bool {
        self == TokenScope::Write || needed == TokenScope::Read
    }
}

/// What every token begins with, so one pasted somewhere it should not be is recognisable.
pub const TOKEN_PREFIX: &str = "asb_";

/// A new token: (what to give the caller once, what to keep).
pub fn new_token() -> (String, String) {
    let random = [uuid::Uuid::new_v4(), uuid::Uuid::new_v4()];
    let token = format!("{TOKEN_PREFIX}{}{}", hex::encode(random[0].as_bytes()), hex::encode(random[1].as_bytes()));
    let hash = token_hash(&token);
    (token, hash)
}

/// How a token is kept and looked up: its SHA-256, in hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// A name for a token, as its administrator gave it: one line, 1 to 100 characters (see
/// [`crate::credential::check_name`]); in the command line's words.
pub fn check_name(name: &str) -> Result<String, String> {
    use crate::credential::NameProblem;
    crate::credential::check_name(name).map_err(|p| match p {
        NameProblem::Missing => "give the token a name that says who or what uses it".into(),
        NameProblem::Taken => format!("the organisation already has a live token called '{}'", name.trim()),
        NameProblem::TooLong | NameProblem::NotOneLine => {
            format!("a token's name must be one line of at most {} characters", crate::credential::NAME_MAX)
        }
    })
}

/// When a report sent through the API may say it was made: not in the future, and within the
/// last year (older history comes in through `asbcase import cases`, dated as it happened).
pub fn check_reported_at(at: jiff::Timestamp, now: jiff::Timestamp) -> Result<(), String> {
    if at > now {
        return Err("reported_at is in the future".into());
    }
    if now.duration_since(at).as_secs() > 366 * 24 * 3600 {
        return Err("reported_at is more than a year ago: bring older cases in with asbcase import cases".into());
    }
    Ok(())
}

/// When a contact sent through the API may say it happened: not in the future, and not before
/// the case was reported.
pub fn check_contact_at(at: jiff::Timestamp, reported_at: jiff::Timestamp, now: jiff::Timestamp) -> Result<(), String> {
    if at > now {
        return Err("The contact cannot be in the future".into());
    }
    if at < reported_at {
        return Err("The contact cannot be before the case was reported".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_long_random_recognisable_and_kept_only_as_its_hash() {
        let (a, hash) = new_token();
        let (b, _) = new_token();
        assert!(a.starts_with("asb_") && a.len() == 4 + 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), hash);
        assert_ne!(hash, a);
        assert_eq!(token_hash(&format!(" {a}\n")), hash, "pasted with spaces, still the same token");
    }

    #[test]
    fn a_read_token_reads_and_a_write_token_does_both() {
        assert!(TokenScope::Read.allows(TokenScope::Read));
        assert!(!TokenScope::Read.allows(TokenScope::Write));
        assert!(TokenScope::Write.allows(TokenScope::Read) && TokenScope::Write.allows(TokenScope::Write));
        assert_eq!(TokenScope::parse("write"), Some(TokenScope::Write));
        assert!(check_name("  ").is_err() && check_name("Housing system").is_ok());
    }

    #[test]
    fn a_report_through_the_api_is_from_the_last_year_and_not_the_future() {
        let now = crate::time::parse("2026-12-04T12:00:00Z").unwrap();
        let at = |s: &str| crate::time::parse(s).unwrap();
        assert!(check_reported_at(at("2026-06-01T09:00:00Z"), now).is_ok());
        assert!(check_reported_at(at("2026-12-05T09:00:00Z"), now).unwrap_err().contains("future"));
        assert!(check_reported_at(at("2025-06-01T09:00:00Z"), now).unwrap_err().contains("import"));
    }
}
