//! `asbcase standards show|set`: an organisation's service standards as configuration.
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use asbcase_domain::standards::ServiceStandards;
use asbcase_store::{Organisation, Store};
use std::path::Path;
use std::process::ExitCode;

/// Who made a change from the command line, as the history of settings keeps it.
pub fn command_line_user() -> String {
    std::env::var("USER").map(|u| format!("{u} (command line)")).unwrap_or_else(|_| "the command line".into())
}

/// The organisation with this name, in whichever partnership has it.
pub async fn organisation_named(store: &Store, name: &str) -> Result<Organisation, CliError> {
    let mut found = vec![];
    for t in store.tenants().await? {
        found.extend(store.organisations(t.id).await?.into_iter().filter(|o| o.name.eq_ignore_ascii_case(name.trim())));
    }
    match found.len() {
        0 => Err(CliError::usage(format!("no organisation called '{}'", name.trim()))),
        1 => Ok(found.remove(0)),
        _ => Err(CliError::usage(format!("several partnerships have an organisation called '{}'", name.trim()))),
    }
}

pub async fn show(settings: &Settings, organisation: &str) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let org = organisation_named(&store, organisation).await?;
    let s = store.service_standards(org.tenant, org.id).await?;
    store.close().await;
    println!("{}", serde_json::to_string_pretty(&s).map_err(|e| CliError::new(e.to_string()))?);
    Ok(ExitCode::SUCCESS)
}

pub async fn set(settings: &Settings, file: &Path, organisation: &str) -> Result<ExitCode, CliError> {
    let text =
        std::fs::read_to_string(file).map_err(|e| CliError::usage(format!("cannot read {}: {e}", file.display())))?;
    let s: ServiceStandards = serde_json::from_str(&text).map_err(|e| {
        CliError::usage(format!(
            "{} is not a set of service standards ({e}); start from `asbcase standards show`",
            file.display()
        ))
    })?;
    s.check().map_err(|p| CliError::usage(format!("{}: {}", file.display(), p.join("; "))))?;
    let store = open(&settings.database_url).await?;
    let org = organisation_named(&store, organisation).await?;
    let by = command_line_user();
    store.set_service_standards(org.tenant, org.id, &s, &by, asbcase_domain::time::now()).await?;
    store.close().await;
    println!(
        "{} now works to: first contact {} (emergency), {} (high), {} (medium), {} (standard); then every {} working days.",
        org.name,
        s.first_contact_emergency.describe(),
        s.first_contact_high.describe(),
        s.first_contact_medium.describe(),
        s.first_contact_standard.describe(),
        s.ongoing_contact_working_days
    );
    Ok(ExitCode::SUCCESS)
}
