//! A member of staff's home page: the lists of cases they saved, and the cases they looked at
//! lately.
use super::Pool;
use crate::{CaseSummary, Result, SavedList, StoreError, Ts};
use asbcase_domain::{OrganisationId, TenantId, UserId};
use jiff::Timestamp;
use sqlx::Row as _;

/// Keep a list under a name; `Duplicate` if they already have one of that name.
pub async fn save_list(pool: &Pool, tenant: TenantId, list: &SavedList) -> Result<()> {
    sqlx::query(
        "INSERT INTO saved_lists (tenant_id, id, user_id, name, query, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant.0)
    .bind(list.id)
    .bind(list.user.0)
    .bind(&list.name)
    .bind(&list.query)
    .bind(Ts::from(list.created_at))
    .execute(pool)
    .await
    .map_err(|e| StoreError::from_insert(e, &format!("a list called '{}'", list.name)))?;
    Ok(())
}

/// Someone's saved lists, by name.
pub async fn saved_lists(pool: &Pool, tenant: TenantId, user: UserId) -> Result<Vec<SavedList>> {
    let rows = sqlx::query(
        "SELECT id, user_id, name, query, created_at FROM saved_lists WHERE tenant_id = $1 AND user_id = $2 ORDER BY name",
    )
    .bind(tenant.0)
    .bind(user.0)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SavedList {
                id: r.try_get("id")?,
                user: UserId(r.try_get("user_id")?),
                name: r.try_get("name")?,
                query: r.try_get("query")?,
                created_at: r.try_get::<Ts, _>("created_at")?.0,
            })
        })
        .collect()
}

/// Remove one of someone's own saved lists; whether there was one.
pub async fn remove_saved_list(pool: &Pool, tenant: TenantId, user: UserId, id: uuid::Uuid) -> Result<bool> {
    let done = sqlx::query("DELETE FROM saved_lists WHERE tenant_id = $1 AND user_id = $2 AND id = $3")
        .bind(tenant.0)
        .bind(user.0)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The cases `user` looked at lately that their organisation `org` may still see (its own, or
/// shared with it), the latest first, with when they last looked; at most `limit`. Only their
/// last 200 looks are read.
pub async fn recently_viewed(
    pool: &Pool,
    tenant: TenantId,
    user: UserId,
    org: OrganisationId,
    limit: i64,
    now: Timestamp,
) -> Result<Vec<(CaseSummary, Timestamp)>> {
    let rows = sqlx::query(
        "SELECT c.id, c.reference, c.status, c.risk_band, c.primary_category, c.address, c.postcode,
                c.assigned_officer, u.name AS officer_name, c.reported_at, c.next_contact_due,
                c.hate_strands, c.channel, looked.last_at
         FROM (SELECT case_id, MAX(seq) AS last_seq, MAX(at) AS last_at
               FROM (SELECT case_id, seq, at FROM access_log
                     WHERE tenant_id = $1 AND user_id = $2 AND kind = 'view_case'
                     ORDER BY seq DESC LIMIT 200) mine
               GROUP BY case_id) looked
         JOIN cases c ON c.tenant_id = $1 AND c.id = looked.case_id
         LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.assigned_officer
         WHERE c.organisation_id = $3
            OR EXISTS (SELECT 1 FROM case_shares s
                       WHERE s.tenant_id = c.tenant_id AND s.case_id = c.id AND s.organisation_id = $3)
         ORDER BY looked.last_seq DESC
         LIMIT $4",
    )
    .bind(tenant.0)
    .bind(user.0)
    .bind(org.0)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(|r| Ok((super::lists::summary_from(r, now)?, r.try_get::<Ts, _>("last_at")?.0))).collect()
}
