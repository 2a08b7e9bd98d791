//! `asbcase case-review rules show|add`: the partnership's ASB Case Review rules, as versions
//! that each take effect on a date and are never changed once stored.
use crate::config::Settings;
use crate::error::CliError;
use crate::organisation::partnership;
use crate::serve::open;
use crate::services::required_text;
use asbcase_domain::case_review::{ReviewRules, STATUTORY};
use asbcase_domain::time::human_date;
use asbcase_store::StoreError;
use serde_json::Value;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use asbcase_domain::case_review::SET_BY_MAX;

pub async fn show(settings: &Settings, named: Option<String>) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, named.as_deref(), "--partnership").await?;
    let book = store.review_rule_book(tenant.id).await?;
    store.close().await;
    let versions = match book.versions() {
        [] => vec![STATUTORY],
        v => v.to_vec(),
    };
    println!("{}", serde_json::to_string_pretty(&versions).map_err(|e| CliError::new(e.to_string()))?);
    Ok(ExitCode::SUCCESS)
}

pub async fn add(settings: &Settings, file: &Path, named: Option<String>, set_by: &str) -> Result<ExitCode, CliError> {
    if set_by.trim().is_empty() {
        return Err(CliError::usage(
            "--set-by is empty: say who agreed these rules, e.g. \"Community safety partnership board, March 2026\"",
        ));
    }
    let set_by = required_text("--set-by", set_by, SET_BY_MAX, true)?;
    let (text, source) = read_input(file)?;
    let rules = parse_rules(&text, &source)?;
    rules.check().map_err(|e| CliError::usage(format!("{source}: {e}")))?;
    if rules.effective_from < STATUTORY.effective_from {
        return Err(CliError::usage(format!(
            "{source}: effective_from ({}) is before the ASB Case Review began ({})",
            human_date(rules.effective_from),
            human_date(STATUTORY.effective_from)
        )));
    }

    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, named.as_deref(), "--partnership").await?;
    let from = human_date(rules.effective_from);
    let same_day = |by: &str| {
        CliError::usage(format!(
            "{} already has case review rules from {from}{by}: versions are never changed; \
             add one that takes effect on another day",
            tenant.name
        ))
    };
    if let Some((_, by, _)) =
        store.review_rules(tenant.id).await?.iter().find(|(r, _, _)| r.effective_from == rules.effective_from)
    {
        return Err(same_day(&format!(" (set by {by})")));
    }
    match store.add_review_rules(tenant.id, &rules, &set_by, None, asbcase_domain::time::now()).await {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => return Err(same_day("")),
        Err(e) => return Err(e.into()),
    }
    store.close().await;
    println!(
        "Stored the case review rules of {} from {from}, set by {set_by}: {}. They apply to applications made on or after {from}.",
        tenant.name,
        rules.describe()
    );
    Ok(ExitCode::SUCCESS)
}

/// The text of `file`, or of standard input for `-`, with how to name it in messages.
fn read_input(file: &Path) -> Result<(String, String), CliError> {
    if file == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::usage(format!("cannot read standard input: {e}")))?;
        return Ok((text, "standard input".into()));
    }
    let text =
        std::fs::read_to_string(file).map_err(|e| CliError::usage(format!("cannot read {}: {e}", file.display())))?;
    Ok((text, file.display().to_string()))
}

/// One version of the rules. Fields left out are the law's, but a misspelt field is refused
/// rather than silently left at the law's value, and the date must be given.
fn parse_rules(text: &str, source: &str) -> Result<ReviewRules, CliError> {
    let start = "start from one version of `asbcase case-review rules show`";
    let value: Value =
        serde_json::from_str(text).map_err(|e| CliError::usage(format!("{source} is not JSON ({e}); {start}")))?;
    let Value::Object(fields) = &value else {
        let what = if value.is_array() { "a list" } else { "not a JSON object" };
        return Err(CliError::usage(format!(
            "{source} holds {what}: give one version of the case review rules, a JSON object; {start}"
        )));
    };
    let template = serde_json::to_value(STATUTORY).map_err(|e| CliError::new(e.to_string()))?;
    if let Some(unknown) = unknown_field(&value, &template, "") {
        let known = template.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>().join(", ")).unwrap_or_default();
        return Err(CliError::usage(format!("{source}: unknown field '{unknown}' (the fields are {known})")));
    }
    if !fields.contains_key("effective_from") {
        return Err(CliError::usage(format!(
            "{source}: give effective_from, the first day these rules apply, e.g. \"2027-04-01\""
        )));
    }
    serde_json::from_value(value)
        .map_err(|e| CliError::usage(format!("{source} is not one version of the case review rules ({e}); {start}")))
}

/// The first key of `value` that `template` (the law's rules, as JSON) does not have, by path.
fn unknown_field(value: &Value, template: &Value, prefix: &str) -> Option<String> {
    let (Value::Object(fields), Value::Object(known)) = (value, template) else { return None };
    fields.iter().find_map(|(key, v)| {
        let path = format!("{prefix}{key}");
        match known.get(key) {
            None => Some(path),
            Some(t) => unknown_field(v, t, &format!("{path}.")),
        }
    })
}
