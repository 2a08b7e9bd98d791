//! Inviting a member of staff: an administrator gives their name, work email address and roles;
//! the account is made without a password, and an email carries a one-time link for them to
//! choose one. The link's token is made only when the email is sent (as residents' links are),
//! only its hash is kept, and it works once, for a week.
use crate::organisation::Role;
use crate::report::{FieldError, valid_email};

/// How long an invitation's link works once sent.
pub const INVITE_TTL: jiff::SignedDuration = jiff::SignedDuration::from_hours(7 * 24);
pub const NAME_MAX: usize = 100;
pub const EMAIL_MAX: usize = 254;
pub const PATCH_MAX: usize = 60;
/// The kind of message an invitation is, in the outbox.
pub const KIND: &str = "staff_invite";

/// Someone to invite, as checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaff {
    pub name: String,
    /// Lower case: sign-in finds people by it.
    pub email: String,
    pub roles: Vec<Role>,
    pub patch: Option<String>,
}

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// Check the invitation form: a name, an email address, at least one role (each once) and
/// an optional patch.
pub fn check(name: &str, email: &str, roles: &[String], patch: &str) -> Result<NewStaff, Vec<FieldError>> {
    let mut errors = vec![];
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let email = email.trim().to_lowercase();
    let patch = patch.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        errors.push(err("name", "Enter their full name"));
    } else if name.chars().count() > NAME_MAX {
        errors.push(err("name", format!("Enter a name of {NAME_MAX} characters or fewer")));
    }
    if email.is_empty() {
        errors.push(err("email", "Enter their work email address"));
    } else if email.len() > EMAIL_MAX || !valid_email(&email) {
        errors.push(err("email", "Enter an email address in the right format, like name@example.org"));
    }
    let mut chosen = vec![];
    for role in roles.iter().filter_map(|r| Role::parse(r)) {
        if !chosen.contains(&role) {
            chosen.push(role);
        }
    }
    if roles.is_empty() {
        errors.push(err("roles", "Choose at least one role"));
    } else if roles.iter().any(|r| Role::parse(r).is_none()) {
        errors.push(err("roles", "Choose roles from the list"));
    }
    if patch.chars().count() > PATCH_MAX {
        errors.push(err("patch", format!("Enter a patch of {PATCH_MAX} characters or fewer")));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    chosen.sort_by_key(|r| Role::ALL.iter().position(|a| a == r));
    Ok(NewStaff { name, email, roles: chosen, patch: (!patch.is_empty()).then_some(patch) })
}

/// The invitation email: its subject and body, with `link` (holding the token's placeholder).
pub fn message(name: &str, organisation: &str, invited_by: &str, link: &str) -> (String, String) {
    let subject = format!("You have been invited to {organisation}'s anti-social behaviour case system");
    let body = format!(
        "Dear {name},\n\n\
         {invited_by} has made you an account on {organisation}'s anti-social behaviour case system.\n\n\
         Choose your password here:\n{link}\n\n\
         The link works once, for 7 days. If it has run out, ask an administrator to send a new invitation.\n\n\
         If you did not expect this email, you can ignore it: no one can sign in as you until a password is chosen.\n"
    );
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(r: &[&str]) -> Vec<String> {
        r.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_new_officer_is_tidied_and_their_roles_kept_in_order() {
        let s = check(
            "  Sam   Okafor ",
            " Sam.Okafor@AshfordVale.example ",
            &roles(&["team_manager", "case_officer", "team_manager"]),
            " North gate ",
        )
        .unwrap();
        assert_eq!(s.name, "Sam Okafor");
        assert_eq!(s.email, "sam.okafor@ashfordvale.example");
        assert_eq!(s.roles, [Role::CaseOfficer, Role::TeamManager]);
        assert_eq!(s.patch.as_deref(), Some("North gate"));
        assert_eq!(check("A", "a@b.example", &roles(&["analyst"]), "").unwrap().patch, None);
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let e = check(" ", "not an address", &[], &"x".repeat(PATCH_MAX + 1)).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "email", "roles", "patch"]);
        let e = check("A", "", &roles(&["superuser"]), "").unwrap_err();
        assert_eq!(e[0].message, "Enter their work email address");
        assert_eq!(e[1].message, "Choose roles from the list");
    }

    #[test]
    fn the_email_names_who_invited_them_and_how_long_the_link_works() {
        let (subject, body) =
            message("Sam Okafor", "Ashford Vale Council", "Alex Admin", "https://x.example/invite/TOKEN");
        assert_eq!(subject, "You have been invited to Ashford Vale Council's anti-social behaviour case system");
        assert!(body.starts_with("Dear Sam Okafor,\n\nAlex Admin has made you an account"));
        assert!(body.contains("https://x.example/invite/TOKEN\n") && body.contains("for 7 days"));
    }
}
