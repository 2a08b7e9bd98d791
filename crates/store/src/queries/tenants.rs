use super::{Pool, Row, corrupt};
use crate::{Organisation, Result, StoreError, Tenant, Ts};
use asbcase_domain::calendar::Division;
use asbcase_domain::category::{Category, PoliceGroup, Priority};
use asbcase_domain::organisation::OrganisationKind;
use asbcase_domain::{OrganisationId, TenantId};
use sqlx::Row as _;

pub async fn ping(pool: &Pool) -> Result<()> {
    sqlx::query("SELECT 1").execute(pool).await?;
    Ok(())
}

pub async fn has_data(pool: &Pool) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tenants").fetch_one(pool).await?;
    Ok(n > 0)
}

fn tenant_from(r: &Row) -> Result<Tenant> {
    let division: String = r.try_get("division")?;
    Ok(Tenant {
        id: TenantId(r.try_get("id")?),
        name: r.try_get("name")?,
        division: match Division::parse(&division) {
            Some(d) => d,
            None => return corrupt("division", &division),
        },
        created_at: r.try_get::<Ts, _>("created_at")?.0,
    })
}

pub async fn create_tenant(pool: &Pool, t: &Tenant) -> Result<()> {
    sqlx::query("INSERT INTO tenants (id, name, division, created_at) VALUES ($1, $2, $3, $4)")
        .bind(t.id.0)
        .bind(&t.name)
        .bind(t.division.as_str())
        .bind(Ts::from(t.created_at))
        .execute(pool)
        .await
        .map_err(|e| StoreError::from_insert(e, "tenant"))?;
    Ok(())
}

pub async fn tenant(pool: &Pool, id: TenantId) -> Result<Option<Tenant>> {
    let row = sqlx::query("SELECT * FROM tenants WHERE id = $1").bind(id.0).fetch_optional(pool).await?;
    row.as_ref().map(tenant_from).transpose()
}

pub async fn tenants(pool: &Pool) -> Result<Vec<Tenant>> {
    let rows = sqlx::query("SELECT * FROM tenants ORDER BY name").fetch_all(pool).await?;
    rows.iter().map(tenant_from).collect()
}

fn organisation_from(r: &Row) -> Result<Organisation> {
    let kind: String = r.try_get("kind")?;
    Ok(Organisation {
        tenant: TenantId(r.try_get("tenant_id")?),
        id: OrganisationId(r.try_get("id")?),
        name: r.try_get("name")?,
        kind: match OrganisationKind::parse(&kind) {
            Some(k) => k,
            None => return corrupt("organisation kind", &kind),
        },
    })
}

pub async fn create_organisation(pool: &Pool, o: &Organisation) -> Result<()> {
    sqlx::query("INSERT INTO organisations (tenant_id, id, name, kind) VALUES ($1, $2, $3, $4)")
        .bind(o.tenant.0)
        .bind(o.id.0)
        .bind(&o.name)
        .bind(o.kind.as_str())
        .execute(pool)
        .await
        .map_err(|e| StoreError::from_insert(e, "organisation"))?;
    Ok(())
}

pub async fn organisations(pool: &Pool, tenant: TenantId) -> Result<Vec<Organisation>> {
    let rows = sqlx::query("SELECT * FROM organisations WHERE tenant_id = $1 ORDER BY name")
        .bind(tenant.0)
        .fetch_all(pool)
        .await?;
    rows.iter().map(organisation_from).collect()
}

pub async fn organisation(pool: &Pool, tenant: TenantId, id: OrganisationId) -> Result<Option<Organisation>> {
    let row = sqlx::query("SELECT * FROM organisations WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id.0)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(organisation_from).transpose()
}

pub async fn set_homes_owned(pool: &Pool, tenant: TenantId, org: OrganisationId, year: i64, homes: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO homes_owned (tenant_id, organisation_id, year, homes) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, organisation_id, year) DO UPDATE SET homes = excluded.homes",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(year)
    .bind(homes)
    .execute(pool)
    .await?;
    Ok(())
}

/// Enter the homes an organisation owned at the end of a reporting year, keeping who did it.
pub async fn enter_homes_owned(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    (year, homes): (i64, i64),
    by: &str,
    at: jiff::Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO homes_owned (tenant_id, organisation_id, year, homes) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, organisation_id, year) DO UPDATE SET homes = excluded.homes",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(year)
    .bind(homes)
    .execute(&mut *tx)
    .await?;
    let summary = format!("{homes} homes at the end of {year}/{:02}", (year + 1) % 100);
    super::configuration::record_change(&mut tx, tenant, org, "homes_owned", &summary, by, at).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn homes_owned(pool: &Pool, tenant: TenantId, org: OrganisationId) -> Result<Vec<(i64, i64)>> {
    let rows =
        sqlx::query("SELECT year, homes FROM homes_owned WHERE tenant_id = $1 AND organisation_id = $2 ORDER BY year")
            .bind(tenant.0)
            .bind(org.0)
            .fetch_all(pool)
            .await?;
    rows.iter().map(|r| Ok((r.try_get("year")?, r.try_get("homes")?))).collect()
}

pub async fn set_categories(pool: &Pool, tenant: TenantId, cats: &[Category]) -> Result<()> {
    let mut tx = pool.begin().await?;
    for c in cats {
        write_category(&mut tx, tenant, c).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn write_category(tx: &mut sqlx::Transaction<'_, super::Db>, tenant: TenantId, c: &Category) -> Result<()> {
    sqlx::query(
        "INSERT INTO categories (tenant_id, code, name, explanation, priority, police_group)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, code) DO UPDATE SET name = excluded.name,
           explanation = excluded.explanation, priority = excluded.priority,
           police_group = excluded.police_group",
    )
    .bind(tenant.0)
    .bind(&c.code)
    .bind(&c.name)
    .bind(&c.explanation)
    .bind(i64::from(c.priority.0))
    .bind(c.group.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Add a category to the partnership's catalogue (`before` none: `Duplicate` if its code was
/// taken meanwhile), or change one, keeping who did it and what changed (under their
/// organisation's "categories" setting) in the same transaction.
pub async fn change_category(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
    before: Option<&Category>,
    c: &Category,
    by: &str,
    at: jiff::Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    if before.is_none() {
        sqlx::query(
            "INSERT INTO categories (tenant_id, code, name, explanation, priority, police_group)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(tenant.0)
        .bind(&c.code)
        .bind(&c.name)
        .bind(&c.explanation)
        .bind(i64::from(c.priority.0))
        .bind(c.group.as_str())
        .execute(&mut *tx)
        .await
        .map_err(|e| crate::StoreError::from_insert(e, &format!("the category '{}'", c.code)))?;
    } else {
        write_category(&mut tx, tenant, c).await?;
    }
    let summary = asbcase_domain::category_change::describe(before, c);
    super::configuration::record_change(&mut tx, tenant, org, "categories", &summary, by, at).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn categories(pool: &Pool, tenant: TenantId) -> Result<Vec<Category>> {
    let rows = sqlx::query("SELECT * FROM categories WHERE tenant_id = $1 ORDER BY priority, name")
        .bind(tenant.0)
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            let group: String = r.try_get("police_group")?;
            let priority: i64 = r.try_get("priority")?;
            Ok(Category {
                code: r.try_get("code")?,
                name: r.try_get("name")?,
                explanation: r.try_get("explanation")?,
                priority: Priority(u8::try_from(priority).unwrap_or(u8::MAX)),
                group: match PoliceGroup::parse(&group) {
                    Some(g) => g,
                    None => return corrupt("police group", &group),
                },
            })
        })
        .collect()
}

pub async fn setting(pool: &Pool, key: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(pool).await?)
}

pub async fn setting_or_insert(pool: &Pool, key: &str, value: &str) -> Result<String> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(key)
        .bind(value)
        .execute(pool)
        .await?;
    Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_one(pool).await?)
}

/// Serve a partnership's public pages at `host` (lower case, no port), replacing any earlier
/// partnership for that host.
pub async fn set_public_host(pool: &Pool, host: &str, tenant: TenantId) -> Result<()> {
    sqlx::query(
        "INSERT INTO public_hosts (host, tenant_id) VALUES ($1, $2)
         ON CONFLICT (host) DO UPDATE SET tenant_id = excluded.tenant_id",
    )
    .bind(host)
    .bind(tenant.0)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn public_host(pool: &Pool, host: &str) -> Result<Option<TenantId>> {
    let id: Option<uuid::Uuid> = sqlx::query_scalar("SELECT tenant_id FROM public_hosts WHERE host = $1")
        .bind(host)
        .fetch_optional(pool)
        .await?;
    Ok(id.map(TenantId))
}
