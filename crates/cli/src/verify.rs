//! `asbcase verify`: re-walk every case's event chain.
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use std::process::ExitCode;

pub async fn run(settings: &Settings) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let result = store.verify().await?;
    store.close().await;
    match result {
        Ok(report) => {
            println!(
                "Checked {} events in {} cases and {} access records: every chain is intact.",
                report.events, report.cases, report.access_records
            );
            if report.redacted > 0 {
                println!(
                    "{} events had personal data removed (erasure or retention); their hashes stand for what they first said.",
                    report.redacted
                );
            }
            if report.redacted_unchecked > 0 {
                println!(
                    "{} of them were written before digests were kept: only their place in the chain could be checked.",
                    report.redacted_unchecked
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(brk) if brk.case_id.0.is_nil() => {
            eprintln!("asbcase: access log broken at record {}: {}", brk.seq, brk.problem);
            Ok(ExitCode::FAILURE)
        }
        Err(brk) => {
            eprintln!("asbcase: chain broken at case {} event {}: {}", brk.case_id, brk.seq, brk.problem);
            Ok(ExitCode::FAILURE)
        }
    }
}
