//! `asbcase api-token create|list|revoke`: tokens for the JSON API.
use crate::args::ApiTokenCommand;
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use crate::standards::{command_line_user, organisation_named};
use asbcase_domain::api::{TokenScope, check_name, new_token};
use asbcase_domain::time::{human, now};
use asbcase_store::{ApiToken, Store, StoreError};
use std::process::ExitCode;

pub async fn run(settings: &Settings, command: ApiTokenCommand) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let result = match command {
        ApiTokenCommand::Create { org, name, scope } => create(&store, &org, &name, &scope).await,
        ApiTokenCommand::List { org } => list(&store, &org).await,
        ApiTokenCommand::Revoke { org, id } => revoke(&store, &org, &id).await,
    };
    store.close().await;
    result
}

async fn create(store: &Store, org: &str, name: &str, scope: &str) -> Result<ExitCode, CliError> {
    let name = check_name(name).map_err(CliError::usage)?;
    let scope = TokenScope::parse(scope.trim())
        .ok_or_else(|| CliError::usage(format!("--scope must be read or write, not '{}'", scope.trim())))?;
    let org = organisation_named(store, org).await?;
    let (token, hash) = new_token();
    let t = ApiToken {
        tenant: org.tenant,
        id: uuid::Uuid::now_v7(),
        organisation: org.id,
        name,
        scope,
        created_at: now(),
        revoked_at: None,
        last_used_at: None,
        created_by: None,
        revoked_by: None,
    };
    match store.create_api_token(&t, &hash, &command_line_user()).await {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => {
            return Err(CliError::usage(format!(
                "{} already has a live token called '{}': revoke it first, or choose another name",
                org.name, t.name
            )));
        }
        Err(e) => return Err(e.into()),
    }
    println!("{token}");
    eprintln!(
        "Token {} ({}, {}) for {}: shown once, above; keep it secret. Give it as: Authorization: Bearer <token>",
        t.id,
        t.name,
        t.scope.as_str(),
        org.name
    );
    Ok(ExitCode::SUCCESS)
}

async fn list(store: &Store, org: &str) -> Result<ExitCode, CliError> {
    let org = organisation_named(store, org).await?;
    let tokens = store.api_tokens(org.tenant, org.id).await?;
    if tokens.is_empty() {
        println!("{} has no API tokens.", org.name);
    }
    for t in tokens {
        let used = t.last_used_at.map_or("never used".to_string(), |at| format!("last used {}", human(at)));
        let state = t.revoked_at.map_or("live".to_string(), |at| format!("revoked {}", human(at)));
        println!("{}  {}  {}  made {}; {used}; {state}", t.id, t.name, t.scope.as_str(), human(t.created_at));
    }
    Ok(ExitCode::SUCCESS)
}

async fn revoke(store: &Store, org: &str, id: &str) -> Result<ExitCode, CliError> {
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| {
        CliError::usage(format!("--id must be a token's identifier as `asbcase api-token list` prints it, not '{id}'"))
    })?;
    let org = organisation_named(store, org).await?;
    if !store.revoke_api_token(org.tenant, org.id, id, &command_line_user(), now()).await? {
        return Err(CliError::new(format!("{} has no live token {id}", org.name)));
    }
    println!("Revoked token {id}: requests with it are refused from now on.");
    Ok(ExitCode::SUCCESS)
}
