//! `asbcase retention show|set|run`, and the server's daily retention job: closed cases are
//! anonymised, and copies of sent messages removed, once the partnership's periods have passed.
use crate::args::RetentionSetArgs;
use crate::config::Settings;
use crate::error::CliError;
use crate::organisation::partnership;
use crate::serve::open;
use asbcase_domain::time::{human, human_date, london, now};
use asbcase_store::{RetentionRun, Store};
use std::process::ExitCode;

pub async fn show(settings: &Settings, named: Option<String>) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, named.as_deref(), "--partnership").await?;
    let due = store.apply_retention(tenant.id, now(), None, true).await?;
    store.close().await;
    println!("{}", tenant.name);
    describe(&due);
    Ok(ExitCode::SUCCESS)
}

fn describe(run: &RetentionRun) {
    let r = run.retention;
    println!("  Closed cases, and case reviews once finished, are anonymised {} years later.", r.closed_cases_years);
    println!("  Copies of messages to residents are removed {} months after sending.", r.messages_months);
    println!(
        "  Reports in progress (and sent reports' drafts) are deleted {} days after they last changed.",
        r.drafts_days
    );
    println!(
        "  Due now: {} closed cases, {} finished case reviews, {} message copies and {} reports in progress.",
        run.cases.len(),
        run.reviews.len(),
        run.messages,
        run.drafts
    );
}

fn number(flag: &str, value: &str) -> Result<u32, CliError> {
    value.trim().parse().map_err(|_| CliError::usage(format!("{flag} must be a whole number, not '{value}'")))
}

pub async fn set(settings: &Settings, a: RetentionSetArgs) -> Result<ExitCode, CliError> {
    if a.closed_cases_years.is_none() && a.messages_months.is_none() && a.drafts_days.is_none() {
        return Err(CliError::usage("say what to change: --closed-cases-years, --messages-months or --drafts-days"));
    }
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, a.partnership.as_deref(), "--partnership").await?;
    let mut r = store.retention(tenant.id).await?;
    if let Some(v) = &a.closed_cases_years {
        r.closed_cases_years = number("--closed-cases-years", v)?;
    }
    if let Some(v) = &a.messages_months {
        r.messages_months = number("--messages-months", v)?;
    }
    if let Some(v) = &a.drafts_days {
        r.drafts_days = number("--drafts-days", v)?;
    }
    r.check().map_err(CliError::usage)?;
    store.set_retention(tenant.id, r).await?;
    let due = store.apply_retention(tenant.id, now(), None, true).await?;
    store.close().await;
    println!("{}: retention changed.", tenant.name);
    describe(&due);
    Ok(ExitCode::SUCCESS)
}

pub async fn run(settings: &Settings, named: Option<String>, dry_run: bool) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, named.as_deref(), "--partnership").await?;
    let at = now();
    let done = store.apply_retention(tenant.id, at, None, dry_run).await?;
    store.close().await;
    let r = done.retention;
    let before = |t: jiff::Timestamp| human_date(t.to_zoned(london()).date());
    if dry_run {
        println!("Dry run at {}: nothing has been changed.", human(at));
        println!("Would anonymise {} closed cases (closed before {}):", done.cases.len(), before(r.closed_before(at)));
    } else {
        println!("Anonymised {} closed cases (closed before {}):", done.cases.len(), before(r.closed_before(at)));
    }
    for (reference, closed) in &done.cases {
        println!("  {reference}  closed {}", before(*closed));
    }
    if dry_run {
        println!("Would anonymise {} finished case reviews:", done.reviews.len());
    } else {
        println!("Anonymised {} finished case reviews:", done.reviews.len());
    }
    for reference in &done.reviews {
        println!("  {reference}");
    }
    let sent_before = before(r.sent_before(at));
    if dry_run {
        println!("Would remove {} message copies (sent before {sent_before}).", done.messages);
        println!(
            "Would delete {} reports in progress (last changed before {}).",
            done.drafts,
            before(r.drafts_before(at))
        );
    } else {
        let a = done.anonymised;
        println!(
            "  {} events redacted, {} files deleted, {} people's records erased.",
            a.events_redacted, a.files_deleted, a.people_erased
        );
        println!("Removed {} message copies (sent before {sent_before}).", done.messages);
        println!("Deleted {} reports in progress (last changed before {}).", done.drafts, before(r.drafts_before(at)));
        for (reference, why) in &done.failed {
            println!("Not anonymised this time (tried again on the next run): {reference}: {why}");
        }
        println!("Each is in the privacy log (`asbcase privacy log`); `asbcase verify` still checks every chain.");
    }
    Ok(ExitCode::SUCCESS)
}

/// The server's retention job: every partnership's periods applied shortly after start-up and
/// then once a day, each step logged.
pub async fn job(store: Store, stop: impl std::future::Future<Output = ()>) {
    tokio::pin!(stop);
    let mut wait = std::time::Duration::from_secs(60);
    loop {
        tokio::select! {
            _ = &mut stop => return,
            _ = tokio::time::sleep(wait) => {}
        }
        wait = std::time::Duration::from_secs(24 * 60 * 60);
        let tenants = match store.tenants().await {
            Ok(t) => t,
            Err(e) => {
                tracing::error!(error = %e, "retention: reading the partnerships");
                continue;
            }
        };
        for t in tenants {
            // A run can take long (the first over years of closed cases): stopping does not wait
            // for it. Each case is anonymised in a transaction of its own, and the next run goes
            // on with those left.
            let run = tokio::select! {
                _ = &mut stop => return,
                run = store.apply_retention(t.id, now(), None, false) => run,
            };
            match run {
                Ok(run) => tracing::info!(
                    partnership = %t.name,
                    cases = run.cases.len(),
                    reviews = run.reviews.len(),
                    events_redacted = run.anonymised.events_redacted,
                    files_deleted = run.anonymised.files_deleted,
                    people_erased = run.anonymised.people_erased,
                    messages = run.messages,
                    drafts = run.drafts,
                    failed = run.failed.len(),
                    "retention applied"
                ),
                Err(e) => tracing::error!(partnership = %t.name, error = %e, "retention"),
            }
        }
    }
}
