//! API tokens, and cases as the API lists them (by when they last changed, for syncing).
use super::configuration::{hold_organisation, record_change};
use super::{Db, Pool, Row, corrupt};
use crate::{ApiRequest, ApiToken, CaseSummary, Result, StoreError, Ts};
use asbcase_domain::api::TokenScope;
use asbcase_domain::credential::{self, Kind, same_name};
use asbcase_domain::{CaseId, OrganisationId, TenantId};
use jiff::Timestamp;
use sqlx::Row as _;

/// Keep a new token (only its hash) and, in the same transaction, who made it in the
/// organisation's history of settings changes. `Duplicate` if the organisation has a live
/// token of the same name (see [`same_name`]).
pub async fn create_api_token(pool: &Pool, t: &ApiToken, hash: &str, by: &str) -> Result<()> {
    let mut tx: sqlx::Transaction<'_, Db> = pool.begin().await?;
    hold_organisation(&mut tx, t.tenant, t.organisation).await?;
    let live: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM api_tokens WHERE tenant_id = $1 AND organisation_id = $2 AND revoked_at IS NULL",
    )
    .bind(t.tenant.0)
    .bind(t.organisation.0)
    .fetch_all(&mut *tx)
    .await?;
    if live.iter().any(|n| same_name(n, &t.name)) {
        return Err(StoreError::Duplicate(format!("a live API token called '{}'", t.name)));
    }
    sqlx::query(
        "INSERT INTO api_tokens (token_hash, tenant_id, id, organisation_id, name, scope, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(hash)
    .bind(t.tenant.0)
    .bind(t.id)
    .bind(t.organisation.0)
    .bind(&t.name)
    .bind(t.scope.as_str())
    .bind(Ts::from(t.created_at))
    .bind(by)
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from_insert(e, "an API token with that value"))?;
    let summary = credential::made(Kind::ApiToken, &t.name, Some(&t.scope.label().to_lowercase()));
    record_change(&mut tx, t.tenant, t.organisation, Kind::ApiToken.setting(), &summary, by, t.created_at).await?;
    tx.commit().await?;
    Ok(())
}

fn token_from(r: &Row) -> Result<ApiToken> {
    let scope: String = r.try_get("scope")?;
    Ok(ApiToken {
        tenant: TenantId(r.try_get("tenant_id")?),
        id: r.try_get("id")?,
        organisation: OrganisationId(r.try_get("organisation_id")?),
        name: r.try_get("name")?,
        scope: TokenScope::parse(&scope).map_or_else(|| corrupt("token scope", &scope), Ok)?,
        created_at: r.try_get::<Ts, _>("created_at")?.0,
        revoked_at: r.try_get::<Option<Ts>, _>("revoked_at")?.map(|t| t.0),
        last_used_at: r.try_get::<Option<Ts>, _>("last_used_at")?.map(|t| t.0),
        created_by: r.try_get("created_by")?,
        revoked_by: r.try_get("revoked_by")?,
    })
}

/// The token with this hash, revoked or not; its last use noted (to the minute, so a busy
/// client does not write on every request).
pub async fn api_token(pool: &Pool, hash: &str, now: Timestamp) -> Result<Option<ApiToken>> {
    let row = sqlx::query("SELECT * FROM api_tokens WHERE token_hash = $1").bind(hash).fetch_optional(pool).await?;
    let Some(token) = row.as_ref().map(token_from).transpose()? else { return Ok(None) };
    if token.revoked_at.is_none() && token.last_used_at.is_none_or(|t| now.duration_since(t).as_secs() >= 60) {
        sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1")
            .bind(hash)
            .bind(Ts::from(now))
            .execute(pool)
            .await?;
    }
    Ok(Some(token))
}

/// A token by its identifier (for naming it in the access log).
pub async fn api_token_by_id(pool: &Pool, tenant: TenantId, id: uuid::Uuid) -> Result<Option<ApiToken>> {
    let row = sqlx::query("SELECT * FROM api_tokens WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(token_from).transpose()
}

pub async fn api_tokens(pool: &Pool, tenant: TenantId, org: OrganisationId) -> Result<Vec<ApiToken>> {
    let rows =
        sqlx::query("SELECT * FROM api_tokens WHERE tenant_id = $1 AND organisation_id = $2 ORDER BY created_at")
            .bind(tenant.0)
            .bind(org.0)
            .fetch_all(pool)
            .await?;
    rows.iter().map(token_from).collect()
}

/// Revoke one of an organisation's tokens, keeping who did it in its history of settings
/// changes; false if it has no such token, or it was revoked.
pub async fn revoke_api_token(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    id: uuid::Uuid,
    by: &str,
    at: Timestamp,
) -> Result<bool> {
    let mut tx: sqlx::Transaction<'_, Db> = pool.begin().await?;
    let name: Option<String> = sqlx::query_scalar(
        "UPDATE api_tokens SET revoked_at = $4, revoked_by = $5
         WHERE tenant_id = $1 AND organisation_id = $2 AND id = $3 AND revoked_at IS NULL
         RETURNING name",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(id)
    .bind(Ts::from(at))
    .bind(by)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(name) = name else { return Ok(false) };
    record_change(&mut tx, tenant, org, Kind::ApiToken.setting(), &credential::revoked(Kind::ApiToken, &name), by, at)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// An organisation's cases by when they last changed (`changed_at`: an event, an erasure, an
/// anonymisation, an import), oldest change first, after the cursor `(changed_at, id)`; only
/// those changed since `since` when given.
#[allow(clippy::too_many_arguments)]
pub async fn cases_changed(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    since: Option<Timestamp>,
    after: Option<(Timestamp, CaseId)>,
    limit: i64,
    now: Timestamp,
) -> Result<Vec<(CaseSummary, Timestamp)>> {
    let rows = sqlx::query(
        "SELECT c.id, c.reference, c.status, c.risk_band, c.primary_category, c.address, c.postcode,
                c.assigned_officer, u.name AS officer_name, c.reported_at, c.next_contact_due,
                c.hate_strands, c.channel, c.changed_at
         FROM cases c
         LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.assigned_officer
         WHERE c.tenant_id = $1 AND c.organisation_id = $2
           AND ($3 IS NULL OR c.changed_at >= $3)
           AND ($4 IS NULL OR c.changed_at > $4 OR (c.changed_at = $4 AND c.id > $5))
         ORDER BY c.changed_at, c.id
         LIMIT $6",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(since.map(Ts::from))
    .bind(after.map(|(t, _)| Ts::from(t)))
    .bind(after.map(|(_, id)| id.0))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(|r| Ok((super::lists::summary_from(r, now)?, r.try_get::<Ts, _>("changed_at")?.0))).collect()
}

pub async fn api_request(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    key_hash: &str,
) -> Result<Option<ApiRequest>> {
    let row = sqlx::query("SELECT * FROM api_requests WHERE tenant_id = $1 AND organisation_id = $2 AND key_hash = $3")
        .bind(tenant.0)
        .bind(org.0)
        .bind(key_hash)
        .fetch_optional(pool)
        .await?;
    row.map(|r| {
        Ok(ApiRequest {
            tenant,
            organisation: org,
            key_hash: r.try_get("key_hash")?,
            fingerprint: r.try_get("fingerprint")?,
            case_reference: r.try_get("case_reference")?,
            event: r.try_get("event")?,
            created_at: r.try_get::<Ts, _>("created_at")?.0,
        })
    })
    .transpose()
}

pub async fn save_case_for_request(pool: &Pool, case: &mut asbcase_domain::case::Case, r: &ApiRequest) -> Result<bool> {
    let mut tx: sqlx::Transaction<'_, Db> = pool.begin().await?;
    let claimed = sqlx::query(
        "INSERT INTO api_requests (tenant_id, organisation_id, key_hash, fingerprint, case_reference, event, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, organisation_id, key_hash) DO NOTHING",
    )
    .bind(r.tenant.0)
    .bind(r.organisation.0)
    .bind(&r.key_hash)
    .bind(&r.fingerprint)
    .bind(&r.case_reference)
    .bind(r.event)
    .bind(Ts::from(r.created_at))
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    super::save::save_one(&mut tx, case).await?;
    tx.commit().await?;
    case.pending.clear();
    Ok(true)
}
