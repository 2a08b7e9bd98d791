//! An organisation's whole record, table by table, for leaving the product (`asbcase export
//! organisation`): every row it owns, as JSON objects keyed by column. Secrets (password
//! hashes, sessions, two-step keys, residents' link tokens, partners' key hashes) are never
//! exported; file contents come separately ([`Store::evidence_content`]).
use crate::{Result, Store, postgres, sqlite};
use asbcase_domain::{OrganisationId, TenantId};
use serde_json::{Map, Value};

/// The rows of a table reached through the organisation's cases.
macro_rules! of_cases {
    () => {
        "tenant_id = $1 AND case_id IN (SELECT id FROM cases WHERE tenant_id = $1 AND organisation_id = $2)"
    };
}

/// One table of the export: its name, which of its rows are the organisation's (`$1` the
/// partnership, `$2` the organisation), and columns left out.
pub struct ExportTable {
    pub name: &'static str,
    pub rows: &'static str,
    pub without: &'static [&'static str],
}

const fn table(name: &'static str, rows: &'static str, without: &'static [&'static str]) -> ExportTable {
    ExportTable { name, rows, without }
}

/// Every table an organisation owns rows of, in an order that keeps references resolvable.
pub const TABLES: &[ExportTable] = &[
    table("organisations", "tenant_id = $1 AND id = $2", &[]),
    table("homes_owned", "tenant_id = $1 AND organisation_id = $2", &[]),
    table("categories", "tenant_id = $1", &[]),
    table("users", "tenant_id = $1 AND organisation_id = $2", &["password_hash"]),
    table("service_standards", "tenant_id = $1 AND organisation_id = $2", &[]),
    table("notification_settings", "tenant_id = $1 AND organisation_id = $2", &[]),
    table("message_templates", "tenant_id = $1 AND organisation_id = $2", &[]),
    table("kpi_targets", "tenant_id = $1 AND organisation_id = $2", &[]),
    // The partnership's public pages, which the organisation taking its reports writes (who
    // changed them is left out: they may be another organisation's staff).
    table("information_pages", "tenant_id = $1", &["changed_by"]),
    // Who made or revoked a key is left out: the command line records the server's own user.
    table(
        "open311_keys",
        "tenant_id = $1 AND receiving_organisation_id = $2",
        &["key_hash", "created_by", "revoked_by"],
    ),
    table(
        "people",
        "tenant_id = $1 AND id IN (SELECT person_id FROM case_parties WHERE tenant_id = $1 AND case_id IN (SELECT id FROM cases WHERE tenant_id = $1 AND organisation_id = $2))",
        &[],
    ),
    table("cases", "tenant_id = $1 AND organisation_id = $2", &[]),
    table("case_categories", of_cases!(), &[]),
    table("case_parties", of_cases!(), &[]),
    table("case_events", of_cases!(), &[]),
    table("contacts", of_cases!(), &[]),
    table("case_facts", "tenant_id = $1 AND organisation_id = $2", &[]),
    table("case_fact_categories", "tenant_id = $1 AND organisation_id = $2", &[]),
    table("case_shares", of_cases!(), &[]),
    table("referrals", of_cases!(), &[]),
    table("evidence", of_cases!(), &["content", "draft_token"]),
    table("open311_requests", of_cases!(), &[]),
    table("open311_updates_received", of_cases!(), &[]),
    table("imported_cases", "tenant_id = $1 AND organisation_id = $2", &[]),
    table("panels", "tenant_id = $1 AND organisation_id = $2", &[]),
    table("panel_cases", of_cases!(), &[]),
    table("case_reviews", "tenant_id = $1 AND organisation_id = $2", &[]),
    table(
        "case_review_steps",
        "tenant_id = $1 AND review_id IN (SELECT id FROM case_reviews WHERE tenant_id = $1 AND organisation_id = $2)",
        &[],
    ),
    table("outbox", "tenant_id = $1 AND organisation_id = $2", &[]),
    table(
        "access_log",
        "tenant_id = $1 AND (case_id IN (SELECT id FROM cases WHERE tenant_id = $1 AND organisation_id = $2) OR user_id IN (SELECT id FROM users WHERE tenant_id = $1 AND organisation_id = $2))",
        &[],
    ),
    table("privacy_log", "tenant_id = $1 AND organisation_id = $2", &[]),
    table("webhook_subscriptions", "tenant_id = $1 AND organisation_id = $2", &["secret"]),
    table("webhook_deliveries", "tenant_id = $1 AND organisation_id = $2", &[]),
    table("api_requests", "tenant_id = $1 AND organisation_id = $2", &["key_hash"]),
];

impl Store {
    /// The rows of `t` the organisation owns, each a JSON object by column, in a form that is
    /// the same on both databases: identifiers as UUIDs, times as RFC 3339 in UTC, stored JSON
    /// as JSON.
    /// Returns the columns exported and the rows.
    pub async fn export_rows(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        t: &ExportTable,
    ) -> Result<(Vec<String>, Vec<Value>)> {
        let columns: Vec<String> = match self {
            Store::Sqlite(p) => sqlite::columns(p, t.name).await?,
            Store::Postgres(p) => postgres::columns(p, t.name).await?,
        }
        .into_iter()
        .filter(|c| !t.without.contains(&c.as_str()))
        .collect();
        let texts = match self {
            Store::Sqlite(p) => sqlite::json_rows(p, t.name, &columns, t.rows, tenant, org).await?,
            Store::Postgres(p) => postgres::json_rows(p, t.name, &columns, t.rows, tenant, org).await?,
        };
        let rows = texts
            .iter()
            .map(|text| {
                let row: Map<String, Value> = serde_json::from_str(text)
                    .map_err(|e| crate::StoreError::Corrupt(format!("a row of {} does not read back: {e}", t.name)))?;
                Ok(Value::Object(row.into_iter().map(|(k, v)| (k, tidy(v))).collect()))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((columns, rows))
    }
}

/// A value as both databases should give it: stored JSON text as JSON, times in UTC.
fn tidy(v: Value) -> Value {
    match v {
        Value::String(s) if s.starts_with('{') || s.starts_with('[') => {
            serde_json::from_str(&s).unwrap_or(Value::String(s))
        }
        Value::String(s) => match s.parse::<jiff::Timestamp>() {
            Ok(t) if s.len() >= 20 && s.as_bytes().get(10) == Some(&b'T') => {
                Value::String(asbcase_domain::time::fixed(t))
            }
            _ => Value::String(s),
        },
        other => other,
    }
}
