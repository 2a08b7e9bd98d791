use super::{Db, Pool};
use crate::{Result, StoreError, Ts};
use asbcase_domain::TenantId;
use asbcase_domain::questionnaire::Questionnaire;
use jiff::Timestamp;
use sqlx::Row as _;
use sqlx::types::Json;

fn read(def: Json<serde_json::Value>) -> Result<Questionnaire> {
    serde_json::from_value(def.0).map_err(|e| StoreError::Corrupt(format!("questionnaire: {e}")))
}

/// The newest version a partnership has stored, if any.
pub async fn questionnaire(pool: &Pool, tenant: TenantId) -> Result<Option<Questionnaire>> {
    let row = sqlx::query("SELECT definition FROM questionnaires WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1")
        .bind(tenant.0)
        .fetch_optional(pool)
        .await?;
    row.map(|r| read(r.try_get("definition")?)).transpose()
}

/// One stored version, for reading an old assessment.
pub async fn questionnaire_version(pool: &Pool, tenant: TenantId, version: u32) -> Result<Option<Questionnaire>> {
    let row = sqlx::query("SELECT definition FROM questionnaires WHERE tenant_id = $1 AND version = $2")
        .bind(tenant.0)
        .bind(i64::from(version))
        .fetch_optional(pool)
        .await?;
    row.map(|r| read(r.try_get("definition")?)).transpose()
}

/// Store `q` as the next version (after the stored ones, and after `built_in`, the version of
/// the built-in set), returning it with its version.
pub async fn add_questionnaire(
    pool: &Pool,
    tenant: TenantId,
    q: &Questionnaire,
    built_in: u32,
    at: Timestamp,
) -> Result<Questionnaire> {
    let mut tx: sqlx::Transaction<'_, Db> = pool.begin().await?;
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM questionnaires WHERE tenant_id = $1")
        .bind(tenant.0)
        .fetch_one(&mut *tx)
        .await?;
    let version = last.unwrap_or(0).max(i64::from(built_in)) + 1;
    let mut q = q.clone();
    q.version = u32::try_from(version).map_err(|_| StoreError::Corrupt("questionnaire version".into()))?;
    sqlx::query("INSERT INTO questionnaires (tenant_id, version, definition, created_at) VALUES ($1, $2, $3, $4)")
        .bind(tenant.0)
        .bind(version)
        .bind(Json(serde_json::to_value(&q).map_err(|e| StoreError::Corrupt(e.to_string()))?))
        .bind(Ts::from(at))
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_insert(e, "that questionnaire version"))?;
    tx.commit().await?;
    Ok(q)
}

/// Store `after` as the version after `before` from the settings page, keeping who did it and
/// what changed. Refused as a conflict when another version was stored since `before` was
/// read (the form began from it), so two people's edits never pass each other unseen.
pub async fn new_questionnaire_version(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
    before: &Questionnaire,
    after: &Questionnaire,
    by: &str,
    at: Timestamp,
) -> Result<Questionnaire> {
    // Versions are numbered one after another, so the next after `before` already being taken
    // means another was stored since. Writing first (no read before it) keeps SQLite from
    // refusing a read transaction's late write while another writer holds the database.
    let mut tx: sqlx::Transaction<'_, Db> = pool.begin().await?;
    let mut q = after.clone();
    q.version = before.version + 1;
    sqlx::query("INSERT INTO questionnaires (tenant_id, version, definition, created_at) VALUES ($1, $2, $3, $4)")
        .bind(tenant.0)
        .bind(i64::from(q.version))
        .bind(Json(serde_json::to_value(&q).map_err(|e| StoreError::Corrupt(e.to_string()))?))
        .bind(Ts::from(at))
        .execute(&mut *tx)
        .await
        .map_err(|e| match StoreError::from_insert(e, "that questionnaire version") {
            StoreError::Duplicate(_) => StoreError::Conflict,
            other => other,
        })?;
    let summary = asbcase_domain::questionnaire_edit::describe(before, &q);
    record_change(&mut tx, tenant, org, "questionnaire", &summary, by, at).await?;
    tx.commit().await?;
    Ok(q)
}

/// Every version a partnership has stored, oldest first, with when it was stored.
pub async fn questionnaire_versions(pool: &Pool, tenant: TenantId) -> Result<Vec<(Questionnaire, Timestamp)>> {
    let rows = sqlx::query("SELECT definition, created_at FROM questionnaires WHERE tenant_id = $1 ORDER BY version")
        .bind(tenant.0)
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(|r| Ok((read(r.try_get("definition")?)?, r.try_get::<Ts, _>("created_at")?.0))).collect()
}

/// An organisation's own service standards, if it has set them.
pub async fn service_standards(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
) -> Result<Option<asbcase_domain::standards::ServiceStandards>> {
    let row = sqlx::query("SELECT definition FROM service_standards WHERE tenant_id = $1 AND organisation_id = $2")
        .bind(tenant.0)
        .bind(org.0)
        .fetch_optional(pool)
        .await?;
    row.map(|r| {
        let def: Json<serde_json::Value> = r.try_get("definition")?;
        serde_json::from_value(def.0).map_err(|e| StoreError::Corrupt(format!("service standards: {e}")))
    })
    .transpose()
}

pub async fn set_service_standards(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
    s: &asbcase_domain::standards::ServiceStandards,
    by: &str,
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO service_standards (tenant_id, organisation_id, definition, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, organisation_id) DO UPDATE
         SET definition = excluded.definition, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(Json(serde_json::to_value(s).map_err(|e| StoreError::Corrupt(e.to_string()))?))
    .bind(Ts::from(at))
    .bind(by)
    .execute(&mut *tx)
    .await?;
    record_change(&mut tx, tenant, org, "service_standards", &s.describe(), by, at).await?;
    tx.commit().await?;
    Ok(())
}

/// Hold the organisation's row until the transaction ends, so that changes to its settings
/// that first look at what is there (the names of its live keys) run one after another: a
/// write first, so that SQLite takes its write lock before anything is read and PostgreSQL
/// makes a second such transaction wait for the first.
pub(crate) async fn hold_organisation(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
) -> Result<()> {
    sqlx::query("UPDATE organisations SET name = name WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(org.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Keep who changed a setting, to what and when, with the change itself.
pub(crate) async fn record_change(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
    setting: &str,
    summary: &str,
    by: &str,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO settings_changes (tenant_id, organisation_id, setting, summary, changed_by, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(setting)
    .bind(summary)
    .bind(by)
    .bind(Ts::from(at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An organisation's changes to one setting, newest first (at most `limit`).
pub async fn settings_changes(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
    setting: &str,
    limit: i64,
) -> Result<Vec<crate::SettingChange>> {
    let rows = sqlx::query(
        "SELECT summary, changed_by, changed_at FROM settings_changes
         WHERE tenant_id = $1 AND organisation_id = $2 AND setting = $3 ORDER BY id DESC LIMIT $4",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(setting)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(crate::SettingChange {
                summary: r.try_get("summary")?,
                changed_by: r.try_get("changed_by")?,
                changed_at: r.try_get::<Ts, _>("changed_at")?.0,
            })
        })
        .collect()
}

/// An organisation's changes to the settings whose names start with `prefix`, newest first (at
/// most `limit`).
pub async fn settings_changes_under(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
    prefix: &str,
    limit: i64,
) -> Result<Vec<crate::SettingChange>> {
    let rows = sqlx::query(
        "SELECT summary, changed_by, changed_at FROM settings_changes
         WHERE tenant_id = $1 AND organisation_id = $2 AND substr(setting, 1, $3) = $4 ORDER BY id DESC LIMIT $5",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(i32::try_from(prefix.len()).unwrap_or(i32::MAX))
    .bind(prefix)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(crate::SettingChange {
                summary: r.try_get("summary")?,
                changed_by: r.try_get("changed_by")?,
                changed_at: r.try_get::<Ts, _>("changed_at")?.0,
            })
        })
        .collect()
}

/// When each of an organisation's settings whose names start with `prefix` was last changed.
pub async fn settings_last_changed_under(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
    prefix: &str,
) -> Result<Vec<(String, Timestamp)>> {
    let rows = sqlx::query(
        "SELECT setting, changed_at FROM settings_changes WHERE id IN (
             SELECT MAX(id) FROM settings_changes
             WHERE tenant_id = $1 AND organisation_id = $2 AND substr(setting, 1, $3) = $4 GROUP BY setting)",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(i32::try_from(prefix.len()).unwrap_or(i32::MAX))
    .bind(prefix)
    .fetch_all(pool)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("setting")?, r.try_get::<Ts, _>("changed_at")?.0))).collect()
}
