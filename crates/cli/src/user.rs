//! `asbcase user add`: add a member of staff to an organisation.
use crate::args::UserAddArgs;
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use asbcase_domain::UserId;
use asbcase_domain::organisation::{Role, role_names};
use asbcase_domain::password;
use asbcase_store::{StoreError, User};
use std::io::BufRead;
use std::process::ExitCode;

/// A new password, one line on standard input, checked.
fn read_password(email: &str) -> Result<String, CliError> {
    eprintln!("Password for {email} (one line on standard input; 12 characters or more):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::new(format!("cannot read the password: {e}")))?;
    let pw = line.trim_end_matches(['\r', '\n']).to_string();
    password::check_new(&pw).map_err(|e| CliError::usage(e.to_string()))?;
    Ok(pw)
}

pub async fn add(settings: &Settings, a: UserAddArgs) -> Result<ExitCode, CliError> {
    let email = a.email.trim().to_lowercase();
    if !asbcase_domain::report::valid_email(&email) {
        return Err(CliError::usage(format!("'{}' is not an email address, like name@example.org", a.email)));
    }
    if a.name.trim().is_empty() {
        return Err(CliError::usage("enter the person's name with --name"));
    }
    let mut roles = vec![];
    for r in &a.roles {
        let role = Role::parse(r.trim())
            .ok_or_else(|| CliError::usage(format!("unknown role '{r}' (roles: {})", role_names())))?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    let line = read_password(&email)?;
    let pw = line.as_str();

    let store = open(&settings.database_url).await?;
    let tenant = crate::organisation::partnership(&store, a.tenant.as_deref(), "--tenant").await?;
    let orgs = store.organisations(tenant.id).await?;
    let org = orgs.iter().find(|o| o.name.eq_ignore_ascii_case(a.organisation.trim())).ok_or_else(|| {
        let names: Vec<_> = orgs.iter().map(|o| o.name.as_str()).collect();
        CliError::usage(format!("no organisation called '{}' (there are: {})", a.organisation, names.join("; ")))
    })?;
    let user = User {
        tenant: tenant.id,
        id: UserId::new(),
        organisation: org.id,
        email: email.clone(),
        name: a.name.trim().to_string(),
        roles: roles.clone(),
        patch: a.patch.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
        password_hash: password::hash(pw),
        active: true,
        created_at: jiff::Timestamp::now(),
    };
    match store.create_user(&user).await {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => {
            return Err(CliError::usage(format!("a user with email {email} already exists")));
        }
        Err(e) => return Err(e.into()),
    }
    store.close().await;
    let roles: Vec<_> = roles.iter().map(|r| r.label()).collect();
    println!("Added {} <{email}> to {} as {}.", user.name, org.name, roles.join(", "));
    Ok(ExitCode::SUCCESS)
}

/// `asbcase user reset-two-step EMAIL`: for a lost phone.
pub async fn reset_two_step(settings: &Settings, email: &str) -> Result<ExitCode, CliError> {
    let email = email.trim().to_lowercase();
    let store = open(&settings.database_url).await?;
    let user =
        store.user_by_email(&email).await?.ok_or_else(|| CliError::usage(format!("no user with email {email}")))?;
    store.remove_mfa(user.tenant, user.id).await?;
    let ended = store.delete_sessions_of_user(user.tenant, user.id).await?;
    store.close().await;
    println!(
        "Two-step sign-in is off for {} <{email}>, and {ended} session{} ended. If their role or partnership requires it, they set it up again when they next sign in.",
        user.name,
        if ended == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}

/// `asbcase user set-password EMAIL`: for when email cannot carry an invitation or a reset.
pub async fn set_password(settings: &Settings, email: &str) -> Result<ExitCode, CliError> {
    let email = email.trim().to_lowercase();
    let store = open(&settings.database_url).await?;
    let user =
        store.user_by_email(&email).await?.ok_or_else(|| CliError::usage(format!("no user with email {email}")))?;
    if !user.active {
        return Err(CliError::usage(format!(
            "{} <{email}> is switched off: an administrator switches the account on first",
            user.name
        )));
    }
    let pw = read_password(&email)?;
    let by = crate::standards::command_line_user();
    let summary = format!("set the password of {} ({}) from the command line", user.name, user.email);
    store.set_password_for(&user, &password::hash(&pw), &summary, &by, jiff::Timestamp::now()).await?;
    store.close().await;
    println!("The password of {} <{email}> is set; they were signed out everywhere.", user.name);
    Ok(ExitCode::SUCCESS)
}
