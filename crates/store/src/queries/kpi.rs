//! What the KPI engine reads and keeps: each case's facts (written with its events), targets,
//! and the partnership's reporting settings.
use super::{Db, Pool};
use crate::{Result, StoreError, Ts};
use asbcase_domain::case::{Case, Status};
use asbcase_domain::kpi::{CaseFacts, Direction, Kpi, Target};
use asbcase_domain::{CaseId, OrganisationId, TenantId};
use jiff::Timestamp;
use sqlx::Row as _;
use sqlx::types::Json;

/// Write the cases' facts beside them (inside the transaction that stores their events).
pub(super) async fn save_facts(tx: &mut sqlx::Transaction<'_, Db>, cases: &[&Case]) -> Result<()> {
    let columns = ["tenant_id", "case_id", "organisation_id", "reported_at", "active_until", "facts"];
    super::save::insert_rows(tx, "case_facts", &columns, UPSERT_FACTS, cases, |b, case| {
        let waiting = matches!(case.status, Status::Reported | Status::Triaged);
        b.push_bind(case.tenant.0)
            .push_bind(case.id.0)
            .push_bind(case.facts.organisation.0)
            .push_bind(Ts::from(case.facts.reported_at))
            .push_bind(Ts::from(case.facts.active_until(waiting)))
            .push_bind(Json(&case.facts));
    })
    .await?;
    Ok(())
}

const UPSERT_FACTS: &str = " ON CONFLICT (tenant_id, case_id) DO UPDATE SET organisation_id = excluded.organisation_id,
    reported_at = excluded.reported_at, active_until = excluded.active_until, facts = excluded.facts";

async fn write<'e, E: sqlx::Executor<'e, Database = Db>>(
    db: E,
    tenant: TenantId,
    case: CaseId,
    facts: &CaseFacts,
    waiting: bool,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_facts (tenant_id, case_id, organisation_id, reported_at, active_until, facts)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, case_id) DO UPDATE SET organisation_id = excluded.organisation_id,
             reported_at = excluded.reported_at, active_until = excluded.active_until, facts = excluded.facts",
    )
    .bind(tenant.0)
    .bind(case.0)
    .bind(facts.organisation.0)
    .bind(Ts::from(facts.reported_at))
    .bind(Ts::from(facts.active_until(waiting)))
    .bind(Json(facts))
    .execute(db)
    .await?;
    Ok(())
}

/// The facts of `org`'s cases reported before `before` and still counting on or after `since`.
pub async fn facts_between(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    since: Timestamp,
    before: Timestamp,
) -> Result<Vec<(CaseId, CaseFacts)>> {
    let rows = sqlx::query(
        "SELECT case_id, facts FROM case_facts
         WHERE tenant_id = $1 AND organisation_id = $2 AND active_until >= $3 AND reported_at < $4",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(Ts::from(since))
    .bind(Ts::from(before))
    .fetch_all(pool)
    .await?;
    rows.iter().map(|r| Ok((CaseId(r.try_get("case_id")?), r.try_get::<Json<CaseFacts>, _>("facts")?.0))).collect()
}

/// Cases stored before their facts were kept (at most `limit`), as (tenant, case).
pub async fn cases_without_facts(pool: &Pool, limit: i64) -> Result<Vec<(TenantId, CaseId, String)>> {
    let rows = sqlx::query(
        "SELECT c.tenant_id, c.id, c.status FROM cases c
         WHERE NOT EXISTS (SELECT 1 FROM case_facts f WHERE f.tenant_id = c.tenant_id AND f.case_id = c.id)
         LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((TenantId(r.try_get("tenant_id")?), CaseId(r.try_get("id")?), r.try_get("status")?)))
        .collect()
}

/// Write one case's facts worked out again from its events. Kept figures of the partnership
/// are dropped with them, in one transaction.
pub async fn put_facts(pool: &Pool, tenant: TenantId, case: CaseId, facts: &CaseFacts, waiting: bool) -> Result<()> {
    let mut tx = pool.begin().await?;
    super::kept::forget_all(&mut tx, tenant, &[]).await?;
    write(&mut *tx, tenant, case, facts, waiting).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_target(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    target: &Target,
    recorded_by: &str,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO kpi_targets (tenant_id, organisation_id, kpi, value, direction, set_by, set_on, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(target.kpi.key())
    .bind(target.value)
    .bind(target.direction.as_str())
    .bind(&target.set_by)
    .bind(target.set_on.to_string())
    .bind(recorded_by)
    .bind(Ts::from(at))
    .execute(pool)
    .await
    .map_err(|e| StoreError::from_insert(e, "target"))?;
    Ok(())
}

/// The targets in force for `org`: the latest set for each KPI.
pub async fn targets(pool: &Pool, tenant: TenantId, org: OrganisationId) -> Result<Vec<Target>> {
    let rows = sqlx::query(
        "SELECT kpi, value, direction, set_by, set_on FROM kpi_targets t
         WHERE tenant_id = $1 AND organisation_id = $2 AND recorded_at = (
             SELECT MAX(recorded_at) FROM kpi_targets l
             WHERE l.tenant_id = t.tenant_id AND l.organisation_id = t.organisation_id AND l.kpi = t.kpi)
         ORDER BY kpi",
    )
    .bind(tenant.0)
    .bind(org.0)
    .fetch_all(pool)
    .await?;
    let mut out = vec![];
    for r in &rows {
        let key: String = r.try_get("kpi")?;
        // A KPI no longer defined is skipped rather than breaking the dashboard.
        let Some(kpi) = Kpi::parse(&key) else { continue };
        let direction: String = r.try_get("direction")?;
        let set_on: String = r.try_get("set_on")?;
        out.push(Target {
            kpi,
            value: r.try_get("value")?,
            direction: Direction::parse(&direction)
                .ok_or_else(|| StoreError::Corrupt(format!("target direction {direction}")))?,
            set_by: r.try_get("set_by")?,
            set_on: set_on.parse().map_err(|_| StoreError::Corrupt(format!("target date {set_on}")))?,
        });
    }
    Ok(out)
}

/// The month the reporting year starts in and the long-running age in months.
pub async fn reporting_settings(pool: &Pool, tenant: TenantId) -> Result<(i8, i32)> {
    let row =
        sqlx::query("SELECT year_start_month, long_running_months FROM partnership_settings WHERE tenant_id = $1")
            .bind(tenant.0)
            .fetch_optional(pool)
            .await?;
    let (start, months) = match row {
        Some(r) => {
            (r.try_get::<Option<i32>, _>("year_start_month")?, r.try_get::<Option<i32>, _>("long_running_months")?)
        }
        None => (None, None),
    };
    Ok((
        start.and_then(|m| i8::try_from(m).ok()).unwrap_or(asbcase_domain::kpi::period::DEFAULT_YEAR_START),
        months.unwrap_or(asbcase_domain::kpi::compute::DEFAULT_LONG_RUNNING_MONTHS),
    ))
}

pub async fn set_reporting_settings(
    pool: &Pool,
    tenant: TenantId,
    year_start: Option<i8>,
    long_running_months: Option<i32>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO partnership_settings (tenant_id, referral_response_days) VALUES ($1, $2)
         ON CONFLICT (tenant_id) DO NOTHING",
    )
    .bind(tenant.0)
    .bind(asbcase_domain::partnership::DEFAULT_RESPONSE_DAYS as i32)
    .execute(pool)
    .await?;
    if let Some(m) = year_start {
        sqlx::query("UPDATE partnership_settings SET year_start_month = $2 WHERE tenant_id = $1")
            .bind(tenant.0)
            .bind(i32::from(m))
            .execute(pool)
            .await
            .map_err(|e| StoreError::from_insert(e, "reporting year start"))?;
    }
    if let Some(m) = long_running_months {
        sqlx::query("UPDATE partnership_settings SET long_running_months = $2 WHERE tenant_id = $1")
            .bind(tenant.0)
            .bind(m)
            .execute(pool)
            .await
            .map_err(|e| StoreError::from_insert(e, "long-running age"))?;
    }
    Ok(())
}

/// Every case after `after` in (tenant, id) order, at most `limit`, as (tenant, case, status).
pub async fn cases_after(
    pool: &Pool,
    after: Option<(TenantId, CaseId)>,
    limit: i64,
) -> Result<Vec<(TenantId, CaseId, String)>> {
    let rows = match after {
        None => {
            sqlx::query("SELECT tenant_id, id, status FROM cases ORDER BY tenant_id, id LIMIT $1")
                .bind(limit)
                .fetch_all(pool)
                .await?
        }
        Some((t, c)) => sqlx::query(
            "SELECT tenant_id, id, status FROM cases WHERE (tenant_id, id) > ($1, $2) ORDER BY tenant_id, id LIMIT $3",
        )
        .bind(t.0)
        .bind(c.0)
        .bind(limit)
        .fetch_all(pool)
        .await?,
    };
    rows.iter()
        .map(|r| Ok((TenantId(r.try_get("tenant_id")?), CaseId(r.try_get("id")?), r.try_get("status")?)))
        .collect()
}

/// A case's reference, without loading the case.
pub async fn case_reference(pool: &Pool, tenant: TenantId, case: CaseId) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT reference FROM cases WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(case.0)
        .fetch_optional(pool)
        .await?)
}
