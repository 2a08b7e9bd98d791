//! The queries, written once. This folder is compiled once per backend (see the crate docs):
//! `Db` is `sqlx::Sqlite` in one copy and `sqlx::Postgres` in the other.
pub use super::Db;

mod access;
mod api_tokens;
mod areas;
mod case_reviews;
mod cases;
mod configuration;
mod drafts;
mod evidence;
mod imports;
mod information;
mod invites;
mod kept;
mod kpi;
mod lists;
mod mfa;
mod open311;
mod organisations;
mod outbox;
mod partnership;
mod privacy;
mod residents;
mod retention;
mod save;
mod saved;
mod search;
mod staff;
mod tenants;
mod webhooks;

pub use access::*;
pub use api_tokens::*;
pub use areas::*;
pub use case_reviews::*;
pub use cases::*;
pub use configuration::*;
pub use drafts::*;
pub use evidence::*;
pub use imports::*;
pub use information::*;
pub use invites::*;
pub use kept::*;
pub use kpi::*;
pub use lists::*;
pub use mfa::*;
pub use open311::*;
pub use organisations::*;
pub use outbox::*;
pub use partnership::*;
pub use privacy::*;
pub use residents::*;
pub use retention::*;
pub use saved::*;
pub use search::*;
pub use staff::*;
pub use tenants::*;
pub use webhooks::*;

pub type Pool = sqlx::Pool<Db>;
pub type Row = <Db as sqlx::Database>::Row;

use crate::StoreError;

/// A stored word that no longer parses.
fn corrupt<T>(what: &str, value: &str) -> Result<T, StoreError> {
    Err(StoreError::Corrupt(format!("unknown {what} '{value}'")))
}
