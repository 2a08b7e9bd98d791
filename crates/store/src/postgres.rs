//! PostgreSQL: production.
pub type Db = sqlx::Postgres;
#[allow(clippy::duplicate_mod)]
#[path = "queries/mod.rs"]
pub mod q;
use crate::{Result, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

pub async fn connect(url: &str) -> Result<sqlx::PgPool> {
    let options =
        PgConnectOptions::from_str(url).map_err(|e| StoreError::Connect(format!("database URL is not valid: {e}")))?;
    let where_ =
        format!("{}:{}/{}", options.get_host(), options.get_port(), options.get_database().unwrap_or("(default)"));
    PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        // No just-in-time compilation: PostgreSQL starts it for any query it costs highly (a
        // dashboard's reads of a large partnership), and compiling took 0.2–0.7 s of each such
        // query at 1,000,000 cases, more than it saved. Set once a connection is open, not
        // among its start-up options, which a pooler such as PgBouncer may refuse; a server
        // that refuses it only loses the speed.
        .after_connect(|conn, _| {
            Box::pin(async move {
                if let Err(e) = sqlx::Executor::execute(&mut *conn, "SET jit = off").await {
                    tracing::warn!(error = %e, "could not turn PostgreSQL's just-in-time compilation off");
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(|e| StoreError::Connect(format!("cannot connect to PostgreSQL at {where_}: {e}")))
}

pub async fn table_names(pool: &sqlx::PgPool) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
    )
    .fetch_all(pool)
    .await?)
}

/// A table's columns, in order.
pub async fn columns(pool: &sqlx::PgPool, table: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(pool)
    .await?)
}

/// Rows of `table` matching `rows` (`$1` the partnership, `$2` the organisation), each as JSON
/// text by column. Names come from the schema itself.
pub async fn json_rows(
    pool: &sqlx::PgPool,
    table: &str,
    columns: &[String],
    rows: &str,
    tenant: asbcase_domain::TenantId,
    org: asbcase_domain::OrganisationId,
) -> Result<Vec<String>> {
    // jsonb_build_object takes at most 100 arguments: objects of 30 columns, joined.
    let objects: Vec<String> = columns
        .chunks(30)
        .map(|chunk| {
            let pairs: Vec<String> =
                chunk.iter().map(|c| format!("'{}', \"{}\"", c.replace('\'', ""), c.replace('"', ""))).collect();
            format!("jsonb_build_object({})", pairs.join(", "))
        })
        .collect();
    let object = objects.join(" || ");
    let object = if object.is_empty() { "'{}'::jsonb".to_string() } else { object };
    let sql = format!("SELECT ({object})::text FROM \"{}\" WHERE {rows}", table.replace('"', ""));
    // Safe: table and column names come from the schema and our own list, never from input.
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(tenant.0).bind(org.0).fetch_all(pool).await?)
}
