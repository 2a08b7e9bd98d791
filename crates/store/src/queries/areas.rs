//! Hotspots (cases counted per area, and each area's homes and residents), the repeats
//! window, and case panels.
use super::{Pool, Row};
use crate::{Panel, PanelCase, Result, StoreError, Ts};
use asbcase_domain::repeats::{AreaKind, AreaSize};
use asbcase_domain::{CaseId, OrganisationId, TenantId, UserId};
use jiff::Timestamp;
use sqlx::Row as _;
use std::collections::BTreeMap;

/// Cases reported from `from` up to `to`, counted by the area of `kind` they were recorded in
/// (none when not recorded). Reports joined to another case count there, not twice.
pub async fn cases_per_area(
    pool: &Pool,
    tenant: TenantId,
    kind: AreaKind,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(Option<String>, u32)>> {
    // The column comes from the enum, never from input.
    let column = match kind {
        AreaKind::Ward => "ward",
        AreaKind::Estate => "estate",
        AreaKind::Patch => "patch",
    };
    let sql = format!(
        "SELECT {column} AS area, COUNT(*) AS n FROM cases
         WHERE tenant_id = $1 AND reported_at >= $2 AND reported_at < $3 AND (outcome IS NULL OR outcome <> 'linked')
         GROUP BY {column}"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(tenant.0)
        .bind(Ts::from(from))
        .bind(Ts::from(to))
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok((r.try_get::<Option<String>, _>("area")?, u32::try_from(r.try_get::<i64, _>("n")?).unwrap_or(u32::MAX)))
        })
        .collect()
}

/// Homes and residents entered for each area of `kind`.
pub async fn area_figures(pool: &Pool, tenant: TenantId, kind: AreaKind) -> Result<BTreeMap<String, AreaSize>> {
    let rows = sqlx::query("SELECT area, homes, population FROM area_figures WHERE tenant_id = $1 AND kind = $2")
        .bind(tenant.0)
        .bind(kind.as_str())
        .fetch_all(pool)
        .await?;
    let size = |v: Option<i32>| v.and_then(|n| u32::try_from(n).ok());
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("area")?,
                AreaSize { homes: size(r.try_get("homes")?), population: size(r.try_get("population")?) },
            ))
        })
        .collect()
}

pub async fn set_area_figures(pool: &Pool, tenant: TenantId, kind: AreaKind, area: &str, size: AreaSize) -> Result<()> {
    let n = |v: Option<u32>| v.map(|n| i32::try_from(n).unwrap_or(i32::MAX));
    sqlx::query(
        "INSERT INTO area_figures (tenant_id, kind, area, homes, population) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, kind, area) DO UPDATE SET homes = excluded.homes, population = excluded.population",
    )
    .bind(tenant.0)
    .bind(kind.as_str())
    .bind(area)
    .bind(n(size.homes))
    .bind(n(size.population))
    .execute(pool)
    .await?;
    Ok(())
}

/// How many months back repeats are looked for.
pub async fn repeat_window_months(pool: &Pool, tenant: TenantId) -> Result<u32> {
    let months: Option<Option<i32>> =
        sqlx::query_scalar("SELECT repeat_window_months FROM partnership_settings WHERE tenant_id = $1")
            .bind(tenant.0)
            .fetch_optional(pool)
            .await?;
    Ok(months.flatten().and_then(|m| u32::try_from(m).ok()).unwrap_or(asbcase_domain::repeats::DEFAULT_WINDOW_MONTHS))
}

pub async fn set_repeat_window_months(pool: &Pool, tenant: TenantId, months: u32) -> Result<()> {
    sqlx::query(
        "INSERT INTO partnership_settings (tenant_id, referral_response_days, repeat_window_months) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id) DO UPDATE SET repeat_window_months = excluded.repeat_window_months",
    )
    .bind(tenant.0)
    .bind(asbcase_domain::partnership::DEFAULT_RESPONSE_DAYS as i32)
    .bind(i32::try_from(months).unwrap_or(i32::MAX))
    .execute(pool)
    .await?;
    Ok(())
}

fn panel_from(r: &Row) -> Result<Panel> {
    let on: String = r.try_get("meets_on")?;
    Ok(Panel {
        id: r.try_get("id")?,
        tenant: TenantId(r.try_get("tenant_id")?),
        organisation: OrganisationId(r.try_get("organisation_id")?),
        title: r.try_get("title")?,
        meets_on: on.parse().map_err(|_| StoreError::Corrupt(format!("panel date '{on}'")))?,
        created_by: r.try_get::<Option<uuid::Uuid>, _>("created_by")?.map(UserId),
        created_at: r.try_get::<Ts, _>("created_at")?.0,
    })
}

pub async fn create_panel(pool: &Pool, p: &Panel) -> Result<()> {
    sqlx::query(
        "INSERT INTO panels (tenant_id, id, organisation_id, title, meets_on, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(p.tenant.0)
    .bind(p.id)
    .bind(p.organisation.0)
    .bind(&p.title)
    .bind(p.meets_on.to_string())
    .bind(p.created_by.map(|u| u.0))
    .bind(Ts::from(p.created_at))
    .execute(pool)
    .await?;
    Ok(())
}

/// The partnership's panels, latest meeting date first.
pub async fn panels(pool: &Pool, tenant: TenantId) -> Result<Vec<Panel>> {
    let rows = sqlx::query("SELECT * FROM panels WHERE tenant_id = $1 ORDER BY meets_on DESC")
        .bind(tenant.0)
        .fetch_all(pool)
        .await?;
    rows.iter().map(panel_from).collect()
}

pub async fn panel(pool: &Pool, tenant: TenantId, id: uuid::Uuid) -> Result<Option<Panel>> {
    let row = sqlx::query("SELECT * FROM panels WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(panel_from).transpose()
}

/// The cases put forward to a panel, in the order they were.
pub async fn panel_cases(pool: &Pool, tenant: TenantId, panel: uuid::Uuid) -> Result<Vec<PanelCase>> {
    let rows = sqlx::query(
        "SELECT p.case_id, c.reference, c.organisation_id, p.reason, p.added_at FROM panel_cases p
         JOIN cases c ON c.tenant_id = p.tenant_id AND c.id = p.case_id
         WHERE p.tenant_id = $1 AND p.panel_id = $2 ORDER BY p.added_at",
    )
    .bind(tenant.0)
    .bind(panel)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PanelCase {
                case: CaseId(r.try_get("case_id")?),
                reference: r.try_get("reference")?,
                organisation: OrganisationId(r.try_get("organisation_id")?),
                reason: r.try_get("reason")?,
                added_at: r.try_get::<Ts, _>("added_at")?.0,
            })
        })
        .collect()
}
