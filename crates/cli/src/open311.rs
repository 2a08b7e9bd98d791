//! `asbcase open311 …`: keys for partners' systems that send reports by Open311.
use crate::args::Open311AddKeyArgs;
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use crate::standards::command_line_user;
use asbcase_domain::credential::{NAME_MAX, NameProblem, check_name};
use asbcase_domain::open311::{jurisdiction_id, new_key};
use asbcase_store::{Open311Key, Store, StoreError};
use std::process::ExitCode;

/// Make and store a key for `name`, whose reports become cases of `organisation`.
pub async fn make_key(store: &Store, name: &str, organisation: &str) -> Result<(Open311Key, String), CliError> {
    let name = check_name(name).map_err(|p| {
        CliError::usage(match p {
            NameProblem::Missing => "give who will hold the key with --name".to_string(),
            _ => format!("--name must be one line of at most {NAME_MAX} characters"),
        })
    })?;
    let org = crate::standards::organisation_named(store, organisation).await?;
    let key = Open311Key {
        tenant: org.tenant,
        id: uuid::Uuid::new_v4(),
        name,
        receiving_organisation: org.id,
        created_at: asbcase_domain::time::now(),
        revoked_at: None,
        created_by: None,
        revoked_by: None,
    };
    let (secret, hash) = new_key();
    match store.add_open311_key(&key, &hash, &command_line_user()).await {
        Ok(()) => Ok((key, secret)),
        Err(StoreError::Duplicate(_)) => Err(CliError::usage(format!(
            "{} already has a live key called '{}': revoke it first, or choose another name",
            org.name, key.name
        ))),
        Err(e) => Err(e.into()),
    }
}

pub async fn add_key(settings: &Settings, a: Open311AddKeyArgs) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let (key, secret) = make_key(&store, &a.name, &a.organisation).await?;
    let tenant = store.tenant(key.tenant).await?.map(|t| t.name).unwrap_or_default();
    store.close().await;
    println!("Open311 key for {} (id {}), reporting to {}:", key.name, key.id, a.organisation.trim());
    println!("  api_key={secret}");
    println!("  jurisdiction_id={}", jurisdiction_id(&tenant));
    println!("It is shown only now: give it to {} by a secure route.", key.name);
    Ok(ExitCode::SUCCESS)
}

pub async fn keys(settings: &Settings) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    for t in store.tenants().await? {
        let orgs = store.organisations(t.id).await?;
        for k in store.open311_keys(t.id).await? {
            let org = orgs.iter().find(|o| o.id == k.receiving_organisation).map_or("?", |o| o.name.as_str());
            let state = match k.revoked_at {
                Some(at) => format!("revoked {}", asbcase_domain::time::human(at)),
                None => "live".into(),
            };
            println!("{}  {}  → {}  ({}, {state})", k.id, k.name, org, t.name);
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

pub async fn revoke(settings: &Settings, id: &str) -> Result<ExitCode, CliError> {
    let id = uuid::Uuid::parse_str(id.trim())
        .map_err(|_| CliError::usage(format!("'{id}' is not a key id: see `asbcase open311 keys`")))?;
    let store = open(&settings.database_url).await?;
    let now = asbcase_domain::time::now();
    let mut done = false;
    for t in store.tenants().await? {
        for k in store.open311_keys(t.id).await?.into_iter().filter(|k| k.id == id) {
            done |= store.revoke_open311_key(t.id, k.receiving_organisation, id, &command_line_user(), now).await?;
        }
    }
    store.close().await;
    if !done {
        return Err(CliError::usage(format!("no live key with id {id}")));
    }
    println!("Revoked key {id}: it no longer works.");
    Ok(ExitCode::SUCCESS)
}
