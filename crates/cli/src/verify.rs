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
            println!("Checked {} events in {} cases: every chain is intact.", report.events, report.cases);
            Ok(ExitCode::SUCCESS)
        }
        Err(brk) => {
            eprintln!("asbcase: chain broken at case {} event {}: {}", brk.case_id, brk.seq, brk.problem);
            Ok(ExitCode::FAILURE)
        }
    }
}
