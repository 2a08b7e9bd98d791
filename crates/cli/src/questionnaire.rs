//! `asbcase questionnaire show|set`: the risk questionnaire as configuration.
use crate::config::Settings;
use crate::error::CliError;
use crate::organisation::partnership;
use crate::serve::open;
use asbcase_domain::questionnaire::Questionnaire;
use std::path::Path;
use std::process::ExitCode;

pub async fn show(settings: &Settings, named: Option<String>) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, named.as_deref(), "--partnership").await?;
    let q = store.questionnaire(tenant.id).await?;
    store.close().await;
    let text = serde_json::to_string_pretty(&q).map_err(|e| CliError::new(e.to_string()))?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}

pub async fn set(settings: &Settings, file: &Path, named: Option<String>) -> Result<ExitCode, CliError> {
    let text =
        std::fs::read_to_string(file).map_err(|e| CliError::usage(format!("cannot read {}: {e}", file.display())))?;
    let q: Questionnaire = serde_json::from_str(&text).map_err(|e| {
        CliError::usage(format!(
            "{} is not a questionnaire ({e}); start from `asbcase questionnaire show`",
            file.display()
        ))
    })?;
    q.check().map_err(|problems| CliError::usage(format!("{}: {}", file.display(), problems.join("; "))))?;
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, named.as_deref(), "--partnership").await?;
    let stored = store.add_questionnaire(tenant.id, &q, asbcase_domain::time::now()).await?;
    store.close().await;
    println!(
        "Stored version {} of the questionnaire for {}: new reports are assessed with it ({} questions).",
        stored.version,
        tenant.name,
        stored.questions.len()
    );
    Ok(ExitCode::SUCCESS)
}
