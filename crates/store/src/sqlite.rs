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

/// How long a statement waits for another connection's write to finish.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Each connection's page cache, in KiB (negative: SQLite's way of saying KiB, not pages): 64 MiB.
const CACHE_SIZE: &str = "-65536";

pub async fn connect(url: &str) -> Result<sqlx::SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Connect(format!("database URL '{url}' is not valid: {e}")))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
        // SQLite's own default is 2 MiB a connection: at a million cases a save or a search
        // then reads most index pages from the operating system again. Pages are taken only as
        // the file needs them, so a small database uses no more.
        .pragma("cache_size", CACHE_SIZE);
    let filename = options.get_filename().display().to_string();
    SqlitePoolOptions::new()
        .max_connections(8)
        // A connection to a file in this process cannot be lost as a server's can: checking it
        // each time it is taken from the pool cost every statement a second trip to its thread.
        .test_before_acquire(false)
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

/// A table's columns, in order.
pub async fn columns(pool: &sqlx::SqlitePool, table: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid").bind(table).fetch_all(pool).await?)
}

/// Rows of `table` matching `rows` (`$1` the partnership, `$2` the organisation), each as JSON
/// text by column; identifiers (16-byte blobs) as UUIDs. Names come from the schema itself.
pub async fn json_rows(
    pool: &sqlx::SqlitePool,
    table: &str,
    columns: &[String],
    rows: &str,
    tenant: asbcase_domain::TenantId,
    org: asbcase_domain::OrganisationId,
) -> Result<Vec<String>> {
    let value = |c: &str| {
        let c = format!("\"{}\"", c.replace('"', ""));
        let h = format!("hex({c})");
        format!(
            "CASE WHEN typeof({c}) = 'blob' AND length({c}) = 16 THEN lower(substr({h},1,8)||'-'||substr({h},9,4)||'-'||substr({h},13,4)||'-'||substr({h},17,4)||'-'||substr({h},21)) WHEN typeof({c}) = 'blob' THEN lower({h}) ELSE {c} END"
        )
    };
    // json_object takes a limited number of arguments: objects of 30 columns, patched together.
    let objects: Vec<String> = columns
        .chunks(30)
        .map(|chunk| {
            let pairs: Vec<String> = chunk.iter().map(|c| format!("'{}', {}", c.replace('\'', ""), value(c))).collect();
            format!("json_object({})", pairs.join(", "))
        })
        .collect();
    let object =
        objects.into_iter().reduce(|a, b| format!("json_patch({a}, {b})")).unwrap_or_else(|| "json_object()".into());
    let sql = format!("SELECT {object} FROM \"{}\" WHERE {rows}", table.replace('"', ""));
    // Safe: table and column names come from the schema and our own list, never from input.
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(tenant.0).bind(org.0).fetch_all(pool).await?)
}
