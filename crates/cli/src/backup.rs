//! `asbcase backup FILE` and `asbcase restore FILE`: a copy of the whole database that can be
//! put back and trusted. SQLite is copied online and consistently (`VACUUM INTO`), while the
//! service runs; PostgreSQL goes through `pg_dump`/`pg_restore` (custom format). Both check
//! the copy by walking every case's event chain, so a backup that would not verify is known at
//! once, not on the day it is needed.
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use asbcase_store::{Store, backend_of, redact};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn sqlite_path(url: &str) -> PathBuf {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    PathBuf::from(path.split('?').next().unwrap_or(path))
}

async fn verified(store: &Store, what: &str) -> Result<(u64, u64), CliError> {
    match store.verify().await? {
        Ok(r) => Ok((r.cases, r.events)),
        Err(b) => {
            Err(CliError::new(format!("{what} does not verify: case {} event {}: {}", b.case_id, b.seq, b.problem)))
        }
    }
}

fn run(program: &str, args: &[&str]) -> Result<(), CliError> {
    let out = Command::new(program).args(args).output().map_err(|e| {
        CliError::new(format!(
            "cannot run {program} ({e}): install PostgreSQL's client tools to back up or restore PostgreSQL"
        ))
    })?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        return Err(CliError::new(format!("{program} failed: {}", why.lines().next().unwrap_or("no message"))));
    }
    Ok(())
}

fn tempfile_beside(file: &Path) -> PathBuf {
    file.with_extension(format!("checking-{}", std::process::id()))
}

fn remove_sqlite(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// Open an SQLite copy of `original` at `copy`: it must be asbcase's, and verify.
async fn check_sqlite_copy(copy: &Path, original: &Path) -> Result<(u64, u64), CliError> {
    let not_ours = || CliError::usage(format!("{} is not an asbcase backup", original.display()));
    let store = Store::connect(&format!("sqlite://{}", copy.display())).await.map_err(|_| not_ours())?;
    let tables = store.table_names().await.unwrap_or_default();
    let result = if tables.iter().any(|t| t == "case_events") {
        verified(&store, &original.display().to_string()).await
    } else {
        Err(not_ours())
    };
    store.close().await;
    result
}

pub async fn backup(settings: &Settings, file: &Path) -> Result<ExitCode, CliError> {
    if file.exists() {
        return Err(CliError::usage(format!("{} already exists: give a new file name", file.display())));
    }
    let url = &settings.database_url;
    let store = open(url).await?;
    if backend_of(url)? == "sqlite" {
        store.backup_sqlite(file).await.map_err(|e| CliError::new(format!("cannot write {}: {e}", file.display())))?;
        store.close().await;
    } else {
        store.close().await;
        let f = file.to_string_lossy();
        run("pg_dump", &["--format=custom", "--no-owner", "--file", &f, url])?;
    }
    // Check what was written by restoring nothing: SQLite opens the copy itself; a PostgreSQL
    // dump is checked by `pg_restore --list`.
    let (cases, events) = if backend_of(url)? == "sqlite" {
        // Checked on a scratch copy, so the backup file itself is left exactly as written.
        let scratch = tempfile_beside(file);
        std::fs::copy(file, &scratch).map_err(|e| CliError::new(format!("cannot check {}: {e}", file.display())))?;
        let checked = check_sqlite_copy(&scratch, file).await;
        remove_sqlite(&scratch);
        checked?
    } else {
        run("pg_restore", &["--list", &file.to_string_lossy()])?;
        let store = open(url).await?;
        let n = verified(&store, "the database").await?;
        store.close().await;
        n
    };
    println!("Backed up {} to {}: {cases} cases, {events} events, every chain intact.", redact(url), file.display());
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(settings: &Settings, file: &Path, force: bool) -> Result<ExitCode, CliError> {
    if !file.is_file() {
        return Err(CliError::usage(format!("{} is not a file", file.display())));
    }
    let url = &settings.database_url;
    let target = Store::connect(url).await?;
    let has_data = !target.table_names().await?.is_empty() && target.has_data().await.unwrap_or(true);
    target.close().await;
    if has_data && !force {
        return Err(CliError::usage(format!(
            "{} already holds data: restoring would replace it; add --force to replace it",
            redact(url)
        )));
    }
    if backend_of(url)? == "sqlite" {
        // Check a copy beside the database before it replaces anything.
        let path = sqlite_path(url);
        let partial = path.with_extension("restoring");
        std::fs::copy(file, &partial).map_err(|e| CliError::new(format!("cannot write {}: {e}", partial.display())))?;
        if let Err(e) = check_sqlite_copy(&partial, file).await {
            remove_sqlite(&partial);
            return Err(e);
        }
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        std::fs::rename(&partial, &path)
            .map_err(|e| CliError::new(format!("cannot replace {}: {e}", path.display())))?;
    } else {
        run(
            "pg_restore",
            &["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", url, &file.to_string_lossy()],
        )?;
    }
    // Bring an older backup up to this version's schema, then check it.
    let store = open(url).await?;
    let (cases, events) = verified(&store, "the restored database").await?;
    store.close().await;
    println!("Restored {} into {}: {cases} cases, {events} events, every chain intact.", file.display(), redact(url));
    Ok(ExitCode::SUCCESS)
}
