//! Staff passwords: Argon2id hashes, and the NCSC rules for choosing one (length over
//! complexity, a deny-list of the commonest choices, no forced rotation).
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

pub const MIN_LENGTH: usize = 12;

/// The commonest passwords people still choose (NCSC's deny-list advice); lower case.
const DENIED: &[&str] = &[
    "password",
    "password1",
    "password123",
    "123456789012",
    "qwertyuiop",
    "letmein123",
    "iloveyou1234",
    "welcome12345",
    "administrator",
    "changeme1234",
    "passwordpassword",
    "qwerty123456",
    "football1234",
    "monkey123456",
    "abc123456789",
    "111111111111",
];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordError {
    #[error("Password must be {MIN_LENGTH} characters or more")]
    TooShort,
    #[error("Password is too common: choose one that is harder to guess, like three random words")]
    TooCommon,
    #[error("Password must be 200 characters or fewer")]
    TooLong,
}

/// Check a new password against the rules.
pub fn check_new(password: &str) -> Result<(), PasswordError> {
    let len = password.chars().count();
    if len < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    if len > 200 {
        return Err(PasswordError::TooLong);
    }
    let lower = password.to_lowercase();
    if DENIED.contains(&lower.as_str()) || lower.chars().all(|c| c == lower.chars().next().unwrap_or(' ')) {
        return Err(PasswordError::TooCommon);
    }
    Ok(())
}

/// An Argon2id PHC string for `password`.
pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any input")
        .to_string()
}

/// Whether `password` matches a stored hash (false for a malformed hash).
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_own_password() {
        let h = hash("three random words");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("three random words", &h));
        assert!(!verify("three random word", &h));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn short_and_common_passwords_are_refused_with_a_reason() {
        assert_eq!(check_new("short"), Err(PasswordError::TooShort));
        assert_eq!(check_new("Password123"), Err(PasswordError::TooShort));
        assert_eq!(check_new("PasswordPassword"), Err(PasswordError::TooCommon));
        assert_eq!(check_new("aaaaaaaaaaaaaa"), Err(PasswordError::TooCommon));
        assert_eq!(check_new("kettle orbit marmalade"), Ok(()));
    }
}
