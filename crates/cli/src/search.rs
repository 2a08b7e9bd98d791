//! `asbcase search index`: make the search documents of every changed case now, rather than
//! leave them to the server's background indexer (after a large import, or before measuring).
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use asbcase_store::{Store, Written};
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;
use std::time::Instant;

/// Cases made per call, as the server's indexer does (written 100 a transaction on SQLite, one
/// on PostgreSQL): this only sets how often the progress is counted.
const BATCH: i64 = 500;

pub async fn index(settings: &Settings) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    // Cases whose documents could not be made before are tried again, so that what this run
    // reports, and logs, is about now; afterwards the database catches up with the new rows.
    let result = async {
        store.retry_search_failures().await?;
        let (made, left, took) = index_all(&store).await?;
        Ok::<_, asbcase_store::StoreError>((made, left, took, store.search_failures().await?))
    }
    .await;
    if matches!(result, Ok((made, ..)) if made > 0) {
        refresh_statistics(&store, Written::SearchDocuments).await;
    }
    store.close().await;
    let (made, left, took, failed) =
        result.map_err(|e| CliError::new(format!("could not make the search documents: {e}")))?;
    let seconds = took.as_secs_f64();
    println!(
        "Made the search documents of {made} cases in {seconds:.1} s ({:.0} cases a second).",
        made as f64 / seconds.max(0.001)
    );
    if left > 0 {
        // Cases changed while this ran (a server is in use), or the database was busy (logged
        // above): the server's indexer will reach them.
        println!(
            "{left} cases still wait (changed meanwhile, or the database was busy) for the server's indexer or another run."
        );
    }
    if failed > 0 {
        // Each was logged with why; it is made again when the case next changes.
        return Err(CliError::new(format!(
            "the search documents of {failed} {} could not be made (the log above says why): search finds {} only by what {} documents held before, if any",
            if failed == 1 { "case" } else { "cases" },
            if failed == 1 { "it" } else { "them" },
            if failed == 1 { "its" } else { "their" }
        )));
    }
    Ok(ExitCode::SUCCESS)
}

/// Index until the queue is empty: (cases made, cases still waiting, time taken).
async fn index_all(store: &Store) -> asbcase_store::Result<(usize, i64, std::time::Duration)> {
    let queued = waiting(store).await?;
    let bar = ProgressBar::new(u64::try_from(queued).unwrap_or(0));
    bar.set_style(
        ProgressStyle::with_template("Making search documents {bar:40} {pos}/{len} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = Instant::now();
    let (mut made, mut last_left) = (0, queued);
    loop {
        let n = store.index_queued(None, BATCH).await?;
        made += n;
        bar.inc(n as u64);
        if n > 0 {
            continue;
        }
        // None made: the queue is empty, or a whole batch could not be made (each such case is
        // logged and marked, so it leaves the queue) or moved on meanwhile. Go on only while
        // the queue shrinks, so a case changing without end cannot hold this here.
        let left = waiting(store).await?;
        if left == 0 || left >= last_left {
            bar.finish_and_clear();
            return Ok((made, left, started.elapsed()));
        }
        last_left = left;
    }
}

/// Changed cases waiting for their documents, over every partnership.
async fn waiting(store: &Store) -> asbcase_store::Result<i64> {
    let mut total = 0;
    for tenant in store.tenants().await? {
        total += store.search_queue_length(tenant.id).await?;
    }
    Ok(total)
}

/// After a bulk write, let the database's planner catch up with the tables written (see
/// `Store::refresh_statistics`). What was written is kept whatever happens here: a failure is
/// only a warning, and the autovacuum of PostgreSQL does the same in time.
pub async fn refresh_statistics(store: &Store, written: Written) {
    if let Err(e) = store.refresh_statistics(written).await {
        tracing::warn!(error = %e, "could not refresh the database's statistics; autovacuum will in time");
    }
}
