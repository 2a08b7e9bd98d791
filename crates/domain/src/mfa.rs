//! Two-step sign-in: after the password, a 6-digit code from an authenticator app (TOTP,
//! RFC 6238: HMAC-SHA1 over 30-second steps). Administrators always use it; a partnership can
//! require it of everyone. A code is accepted for the step before and after the current one
//! (clocks drift), and never twice.
use crate::organisation::Role;
use totp_rs::{Algorithm, Secret, TOTP};

pub const DIGITS: usize = 6;
/// Seconds in a step.
pub const STEP: u64 = 30;
/// Bytes of a new secret: 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MfaError {
    #[error("Enter the 6-digit code from your authenticator app")]
    Format,
    #[error("The code is not right, or has expired: enter the code your app shows now")]
    Wrong,
    #[error("That code has already been used: wait for your app to show a new one")]
    Reused,
    #[error("the stored secret is not valid")]
    BadSecret,
}

fn totp(secret: &[u8]) -> Result<TOTP, MfaError> {
    TOTP::new(Algorithm::SHA1, DIGITS, 1, STEP, secret.to_vec()).map_err(|_| MfaError::BadSecret)
}

/// A secret as people type it into an app: base32, no padding.
pub fn secret_text(secret: &[u8]) -> String {
    Secret::Raw(secret.to_vec()).to_encoded().to_string()
}

/// The secret back from its text (spaces and case do not matter).
pub fn secret_bytes(text: &str) -> Option<Vec<u8>> {
    let clean: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    Secret::Encoded(clean).to_bytes().ok().filter(|b| b.len() >= 16)
}

/// The `otpauth://` address an app reads from the QR code.
pub fn setup_url(secret: &[u8], issuer: &str, account: &str) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP}",
        enc(issuer),
        enc(account),
        secret_text(secret),
        enc(issuer)
    )
}

/// The code for the step containing `unix_secs` (what the app shows then).
pub fn code_at(secret: &[u8], unix_secs: u64) -> Result<String, MfaError> {
    Ok(totp(secret)?.generate(unix_secs))
}

/// Check `code` at `unix_secs`; the step it matched, which must be later than `last_step` (the
/// step of the last code accepted), so a code is never accepted twice.
pub fn check(secret: &[u8], code: &str, unix_secs: u64, last_step: Option<u64>) -> Result<u64, MfaError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MfaError::Format);
    }
    let t = totp(secret)?;
    let now = unix_secs / STEP;
    let mut matched = None;
    for step in [now.saturating_sub(1), now, now + 1] {
        let expected = t.generate(step * STEP);
        // Compare every candidate fully, whatever matched, so timing tells nothing.
        let same = expected.bytes().zip(code.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        if same && matched.is_none() {
            matched = Some(step);
        }
    }
    match matched {
        None => Err(MfaError::Wrong),
        Some(step) if last_step.is_some_and(|last| step <= last) => Err(MfaError::Reused),
        Some(step) => Ok(step),
    }
}

/// Whether someone with `roles` must use two-step sign-in: administrators always; everyone
/// when the partnership says so.
pub fn required(roles: &[Role], for_everyone: bool) -> bool {
    for_everyone || roles.contains(&Role::Administrator)
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B: the SHA-1 secret is the ASCII "12345678901234567890".
    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn codes_match_the_rfc_test_vectors() {
        // The RFC's 8-digit values, last 6 digits.
        assert_eq!(code_at(RFC_SECRET, 59).unwrap(), "287082");
        assert_eq!(code_at(RFC_SECRET, 1111111109).unwrap(), "081804");
        assert_eq!(code_at(RFC_SECRET, 20000000000).unwrap(), "353130");
    }

    #[test]
    fn a_code_is_accepted_a_step_either_side_and_never_twice() {
        let now = 1_800_000_000;
        let code = code_at(RFC_SECRET, now).unwrap();
        let step = check(RFC_SECRET, &code, now, None).unwrap();
        assert_eq!(step, now / STEP);
        assert_eq!(check(RFC_SECRET, &code, now + STEP, None), Ok(step), "a step late is fine");
        assert_eq!(check(RFC_SECRET, &code, now + 2 * STEP, None), Err(MfaError::Wrong), "two is not");
        assert_eq!(check(RFC_SECRET, &code, now, Some(step)), Err(MfaError::Reused));
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(check(RFC_SECRET, &spaced, now, None), Ok(step), "as apps show it");
        assert_eq!(check(RFC_SECRET, "12345", now, None), Err(MfaError::Format));
        assert_eq!(check(RFC_SECRET, "abcdef", now, None), Err(MfaError::Format));
    }

    #[test]
    fn a_secret_round_trips_through_its_text_and_the_setup_address_names_it() {
        let text = secret_text(RFC_SECRET);
        assert_eq!(secret_bytes(&text.to_lowercase()).unwrap(), RFC_SECRET);
        assert_eq!(secret_bytes("not base32!"), None);
        let url = setup_url(RFC_SECRET, "Ashford Vale ASB", "priya.shah@ashfordvale.example");
        assert!(url.starts_with("otpauth://totp/Ashford%20Vale%20ASB:priya.shah@ashfordvale.example?secret="));
        assert!(url.contains(&text));
    }

    #[test]
    fn administrators_always_need_two_step_sign_in() {
        assert!(required(&[Role::Administrator], false));
        assert!(!required(&[Role::CaseOfficer], false));
        assert!(required(&[Role::CaseOfficer], true));
    }
}
