//! `asbcase webhook add|list|remove|deliveries|resend`: telling other systems of case events.
use crate::args::WebhookCommand;
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use crate::standards::organisation_named;
use asbcase_domain::time::{human, now};
use asbcase_domain::webhook::{SIGNATURE_HEADER, Topic, check_name, check_url, new_secret};
use asbcase_store::{Store, WebhookSubscription};
use std::process::ExitCode;

pub async fn run(settings: &Settings, command: WebhookCommand) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let result = match command {
        WebhookCommand::Add { org, name, url, events } => add(&store, &org, &name, &url, &events).await,
        WebhookCommand::List { org } => list(&store, &org).await,
        WebhookCommand::Remove { org, id } => remove(&store, &org, &id).await,
        WebhookCommand::Deliveries { org, failed, limit } => deliveries(&store, &org, failed, limit).await,
        WebhookCommand::Resend { org, id } => resend(&store, &org, &id).await,
    };
    store.close().await;
    result
}

fn identifier(id: &str, what: &str, command: &str) -> Result<uuid::Uuid, CliError> {
    uuid::Uuid::parse_str(id.trim()).map_err(|_| {
        CliError::usage(format!(
            "--id must be a {what}'s identifier as `asbcase webhook {command}` prints it, not '{id}'"
        ))
    })
}

async fn add(store: &Store, org: &str, name: &str, url: &str, events: &str) -> Result<ExitCode, CliError> {
    let name = check_name(name).map_err(CliError::usage)?;
    let url = check_url(url).map_err(|e| CliError::usage(format!("--url: {e}")))?;
    let topics = Topic::parse_list(events).map_err(|e| CliError::usage(format!("--events: {e}")))?;
    let org = organisation_named(store, org).await?;
    let w = WebhookSubscription {
        tenant: org.tenant,
        id: uuid::Uuid::now_v7(),
        organisation: org.id,
        name,
        url,
        topics,
        secret: new_secret(),
        created_at: now(),
        removed_at: None,
    };
    store.create_webhook(&w).await?;
    println!("{}", w.secret);
    eprintln!(
        "Webhook {} ({}) for {}: {} is told of {}. The signing secret is shown once, above: give it to the \
         receiver, which checks the {SIGNATURE_HEADER} header (see docs/webhooks.md).",
        w.id,
        w.name,
        org.name,
        w.url,
        w.topics.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

async fn list(store: &Store, org: &str) -> Result<ExitCode, CliError> {
    let org = organisation_named(store, org).await?;
    let hooks = store.webhooks(org.tenant, org.id).await?;
    if hooks.is_empty() {
        println!("{} has no webhooks.", org.name);
    }
    for w in hooks {
        let state = w.removed_at.map_or("live".to_string(), |at| format!("removed {}", human(at)));
        let topics = w.topics.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",");
        println!("{}  {}  {}  {topics}  made {}; {state}", w.id, w.name, w.url, human(w.created_at));
    }
    Ok(ExitCode::SUCCESS)
}

async fn remove(store: &Store, org: &str, id: &str) -> Result<ExitCode, CliError> {
    let id = identifier(id, "webhook", "list")?;
    let org = organisation_named(store, org).await?;
    if !store.remove_webhook(org.tenant, org.id, id, now()).await? {
        return Err(CliError::new(format!("{} has no live webhook {id}", org.name)));
    }
    println!("Removed webhook {id}: nothing more is sent to it.");
    Ok(ExitCode::SUCCESS)
}

async fn deliveries(store: &Store, org: &str, failed: bool, limit: u16) -> Result<ExitCode, CliError> {
    let org = organisation_named(store, org).await?;
    let list = store.webhook_deliveries(org.tenant, org.id, failed, i64::from(limit.max(1))).await?;
    if list.is_empty() {
        println!("{} has no {}webhook deliveries.", org.name, if failed { "failed " } else { "" });
    }
    for d in list {
        let answer = match (d.last_status, &d.last_error) {
            (_, Some(e)) => e.clone(),
            (Some(s), None) => format!("answered {s}"),
            (None, None) => "not tried yet".to_string(),
        };
        let when = match d.delivered_at {
            Some(at) => format!("delivered {}", human(at)),
            None if d.status == asbcase_store::DeliveryStatus::Pending => {
                format!("next try {}", human(d.next_attempt_at))
            }
            None => d.status.as_str().to_string(),
        };
        println!(
            "{}  {}  {}  {}  queued {}; {when}; {} attempt{}; {answer}",
            d.id,
            d.topic.as_str(),
            d.case_reference,
            d.status.as_str(),
            human(d.created_at),
            d.attempts,
            if d.attempts == 1 { "" } else { "s" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

async fn resend(store: &Store, org: &str, id: &str) -> Result<ExitCode, CliError> {
    let id = identifier(id, "delivery", "deliveries")?;
    let org = organisation_named(store, org).await?;
    if !store.resend_webhook(org.tenant, org.id, id, now()).await? {
        return Err(CliError::new(format!(
            "{} has no failed delivery {id} to a live webhook (only deliveries given up can be sent again)",
            org.name
        )));
    }
    println!("Delivery {id} will be sent again within a few seconds of the server running.");
    Ok(ExitCode::SUCCESS)
}
