//! The public information pages' saved words: every save a row, the newest in force.
use super::{Pool, Row};
use crate::{InformationChange, Result, Ts};
use asbcase_domain::TenantId;
use jiff::Timestamp;
use sqlx::Row as _;

fn change(r: &Row) -> Result<InformationChange> {
    Ok(InformationChange {
        slug: r.try_get("slug")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        changed_by: r.try_get("changed_by")?,
        changed_at: r.try_get::<Ts, _>("changed_at")?.0,
    })
}

/// The words in force on each page an administrator has changed.
pub async fn information_pages(pool: &Pool, tenant: TenantId) -> Result<Vec<InformationChange>> {
    let rows = sqlx::query(
        "SELECT slug, title, body, changed_by, changed_at FROM information_pages p
         WHERE tenant_id = $1 AND id = (SELECT MAX(id) FROM information_pages l WHERE l.tenant_id = p.tenant_id AND l.slug = p.slug)
         ORDER BY slug",
    )
    .bind(tenant.0)
    .fetch_all(pool)
    .await?;
    rows.iter().map(change).collect()
}

/// A page's saves, newest first (at most `limit`).
pub async fn information_history(
    pool: &Pool,
    tenant: TenantId,
    slug: &str,
    limit: i64,
) -> Result<Vec<InformationChange>> {
    let rows = sqlx::query(
        "SELECT slug, title, body, changed_by, changed_at FROM information_pages
         WHERE tenant_id = $1 AND slug = $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(tenant.0)
    .bind(slug)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(change).collect()
}

pub async fn save_information_page(
    pool: &Pool,
    tenant: TenantId,
    slug: &str,
    title: &str,
    body: &str,
    by: &str,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO information_pages (tenant_id, slug, title, body, changed_by, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant.0)
    .bind(slug)
    .bind(title)
    .bind(body)
    .bind(by)
    .bind(Ts::from(at))
    .execute(pool)
    .await?;
    Ok(())
}
