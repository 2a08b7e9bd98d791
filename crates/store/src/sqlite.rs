//! SQLite: the embedded default. A file created on first use, WAL, foreign keys, busy timeout.
pub type Db = sqlx::Sqlite;
#[allow(clippy::duplicate_mod)]
#[path = "queries/mod.rs"]
pub mod q;
use crate::{Result, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub async fn connect(url: &str) -> Result<sqlx::SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Connect(format!("database URL '{url}' is not valid: {e}")))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let filename = options.get_filename().display().to_string();
    SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(|e| StoreError::Connect(format!("cannot open SQLite database '{filename}': {e}")))
}

pub async fn table_names(pool: &sqlx::SqlitePool) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(pool)
    .await?)
}
