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
