//! `asbcase services add|list|remove|restore`: the partnership's directory of support services.
//! A service is never deleted, only taken off the directory: referrals already made name it.
use crate::args::ServiceAddArgs;
use crate::config::Settings;
use crate::error::CliError;
use crate::organisation::partnership;
use crate::serve::open;
use asbcase_store::{StoreError, SupportService, Tenant};
use std::process::ExitCode;

/// Longest name of a service, in characters.
pub const NAME_MAX: usize = 200;
/// Longest of its other texts, in characters.
pub const TEXT_MAX: usize = 1000;

/// `value` trimmed, refused when empty or longer than `max` characters; `flag` names it in the
/// message. With `one_line`, line breaks and other control characters are refused too.
pub fn required_text(flag: &str, value: &str, max: usize, one_line: bool) -> Result<String, CliError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(CliError::usage(format!("{flag} is empty")));
    }
    let n = v.chars().count();
    if n > max {
        return Err(CliError::usage(format!("{flag} is {n} characters long: it can be at most {max}")));
    }
    if one_line && v.chars().any(char::is_control) {
        return Err(CliError::usage(format!("{flag} must be one line of text")));
    }
    Ok(v.to_string())
}

pub async fn add(settings: &Settings, a: ServiceAddArgs) -> Result<ExitCode, CliError> {
    let s = SupportService {
        id: uuid::Uuid::new_v4(),
        name: required_text("--name", &a.name, NAME_MAX, true)?,
        helps_with: required_text("--helps-with", &a.helps_with, TEXT_MAX, false)?,
        area: required_text("--area", &a.area, TEXT_MAX, true)?,
        how_to_refer: required_text("--how-to-refer", &a.how_to_refer, TEXT_MAX, false)?,
        contact: required_text("--contact", &a.contact, TEXT_MAX, false)?,
        public: !a.not_public,
        active: true,
    };
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, a.partnership.as_deref(), "--partnership").await?;
    let existing = store.support_services(tenant.id, true).await?;
    if let Some(same) = existing.iter().find(|e| e.name.to_lowercase() == s.name.to_lowercase()) {
        return Err(already(&same.name, &tenant, Some(same)));
    }
    match store.add_support_service(tenant.id, &s, asbcase_domain::time::now()).await {
        Ok(()) => {}
        // Someone added the same name in the meantime.
        Err(StoreError::Duplicate(_)) => return Err(already(&s.name, &tenant, None)),
        Err(e) => return Err(e.into()),
    }
    store.close().await;
    // The id alone, so that scripts can keep it: `id=$(asbcase services add …)`.
    println!("{}", s.id);
    Ok(ExitCode::SUCCESS)
}

fn already(name: &str, tenant: &Tenant, same: Option<&SupportService>) -> CliError {
    let removed = match same {
        Some(s) if !s.active => format!(" (taken off it: put it back with `asbcase services restore {}`)", s.id),
        _ => String::new(),
    };
    CliError::usage(format!(
        "a support service called '{name}' is already in the directory of {}{removed}",
        tenant.name
    ))
}

pub async fn list(settings: &Settings, named: Option<String>, all: bool) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, named.as_deref(), "--partnership").await?;
    let services = store.support_services(tenant.id, all).await?;
    let removed = if all { 0 } else { store.support_services(tenant.id, true).await?.len() - services.len() };
    store.close().await;
    if services.is_empty() {
        let more = match removed {
            0 => String::new(),
            n => format!(" ({n} taken off it: see --all)"),
        };
        println!(
            "The directory of {} has no support services{more}. Add one with `asbcase services add`.",
            tenant.name
        );
        return Ok(ExitCode::SUCCESS);
    }
    let header = ["id", "name", "area", "public", "state"];
    let rows: Vec<[String; 5]> = services
        .iter()
        .map(|s| {
            [
                s.id.to_string(),
                s.name.clone(),
                s.area.clone(),
                if s.public { "public" } else { "not listed" }.to_string(),
                if s.active { "active" } else { "removed" }.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells.iter().zip(widths).map(|(c, w)| format!("{c:<w$}")).collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(&header.map(String::from));
    for row in &rows {
        line(row);
    }
    if removed > 0 {
        println!("({removed} taken off the directory: see --all)");
    }
    Ok(ExitCode::SUCCESS)
}

/// Take a service off the directory (`active` false) or put it back (`active` true).
pub async fn set_active(
    settings: &Settings,
    id: &str,
    named: Option<String>,
    active: bool,
) -> Result<ExitCode, CliError> {
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| {
        CliError::usage(format!("'{}' is not a support service id: see `asbcase services list --all`", id.trim()))
    })?;
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, named.as_deref(), "--partnership").await?;
    let Some(service) = store.support_service(tenant.id, id).await? else {
        return Err(not_found(id, &tenant));
    };
    if service.active == active {
        store.close().await;
        let state = if active { "on" } else { "off" };
        println!("{} is already {state} the directory of {}: nothing to do.", service.name, tenant.name);
        return Ok(ExitCode::SUCCESS);
    }
    let done = store.set_support_service_active(tenant.id, id, active).await?;
    store.close().await;
    if !done {
        return Err(not_found(id, &tenant));
    }
    if active {
        println!("{} is back on the directory of {}: officers can refer to it again.", service.name, tenant.name);
    } else {
        println!(
            "Took {} off the directory of {}: officers can no longer refer to it; referrals already made keep it.",
            service.name, tenant.name
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn not_found(id: uuid::Uuid, tenant: &Tenant) -> CliError {
    CliError::usage(format!("no support service with id {id} in {}", tenant.name))
}
