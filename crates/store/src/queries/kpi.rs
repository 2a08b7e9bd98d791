//! What the KPI engine reads and keeps: each case's facts (written with its events), targets,
//! and the partnership's reporting settings.
use super::{Db, Pool};
use crate::{Result, StoreError, Ts};
use asbcase_domain::case::{Case, Status};
use asbcase_domain::kpi::{CaseFacts, Direction, Filter, Kpi, Target};
use asbcase_domain::{CaseId, OrganisationId, TenantId};
use jiff::Timestamp;
use sqlx::Row as _;
use sqlx::types::Json;
use std::collections::BTreeSet;

/// Write the cases' facts beside them (inside the transaction that stores their events).
pub(super) async fn save_facts(tx: &mut sqlx::Transaction<'_, Db>, cases: &[&Case]) -> Result<()> {
    let rows: Vec<FactsRow> = cases
        .iter()
        .map(|case| {
            let waiting = matches!(case.status, Status::Reported | Status::Triaged);
            FactsRow::new(case.tenant, case.id, &case.facts, case.facts.active_until(waiting))
        })
        .collect();
    write_facts(tx, &rows).await
}

/// One case's facts as written, with what the columns beside them are worked out from.
struct FactsRow<'a> {
    tenant: TenantId,
    case: CaseId,
    facts: &'a CaseFacts,
    active_until: Ts,
    /// The categories the facts record, each once.
    categories: BTreeSet<&'a str>,
}

impl<'a> FactsRow<'a> {
    fn new(tenant: TenantId, case: CaseId, facts: &'a CaseFacts, active_until: Timestamp) -> FactsRow<'a> {
        let categories = facts.categories.iter().map(String::as_str).collect();
        FactsRow { tenant, case, facts, active_until: Ts::from(active_until), categories }
    }
}

/// Write facts and the columns that find them: the period's window, and the dashboard's filters
/// (patch, officer, risk band, and each category in a table of its own) as the facts say now.
async fn write_facts(tx: &mut sqlx::Transaction<'_, Db>, rows: &[FactsRow<'_>]) -> Result<()> {
    let columns =
        ["tenant_id", "case_id", "organisation_id", "reported_at", "active_until", "patch", "officer", "risk", "facts"];
    super::save::insert_rows(tx, "case_facts", &columns, UPSERT_FACTS, rows, |b, r| {
        b.push_bind(r.tenant.0)
            .push_bind(r.case.0)
            .push_bind(r.facts.organisation.0)
            .push_bind(Ts::from(r.facts.reported_at))
            .push_bind(r.active_until)
            .push_bind(r.facts.patch.as_deref())
            .push_bind(r.facts.officer.map(|o| o.0))
            .push_bind(r.facts.risk.as_str())
            .push_bind(Json(r.facts));
    })
    .await?;
    // One case at a time, by the whole key: with a list of cases, PostgreSQL (before the table
    // is first analysed, as while the demo or an import fills it) read every category of the
    // partnership for each batch, 1-2 s a batch at 70,000 cases.
    for r in rows {
        sqlx::query("DELETE FROM case_fact_categories WHERE tenant_id = $1 AND case_id = $2")
            .bind(r.tenant.0)
            .bind(r.case.0)
            .execute(&mut **tx)
            .await?;
    }
    write_categories(tx, rows, "").await
}

/// Write each category the facts of `rows` record; `tail` ends the statement.
async fn write_categories(tx: &mut sqlx::Transaction<'_, Db>, rows: &[FactsRow<'_>], tail: &str) -> Result<()> {
    let categories: Vec<(&FactsRow, &str)> =
        rows.iter().flat_map(|r| r.categories.iter().map(move |c| (r, *c))).collect();
    let columns = ["tenant_id", "case_id", "category", "organisation_id", "reported_at", "active_until"];
    super::save::insert_rows(tx, "case_fact_categories", &columns, tail, &categories, |b, (r, category)| {
        b.push_bind(r.tenant.0)
            .push_bind(r.case.0)
            .push_bind(*category)
            .push_bind(r.facts.organisation.0)
            .push_bind(Ts::from(r.facts.reported_at))
            .push_bind(r.active_until);
    })
    .await?;
    Ok(())
}

const UPSERT_FACTS: &str = " ON CONFLICT (tenant_id, case_id) DO UPDATE SET organisation_id = excluded.organisation_id,
    reported_at = excluded.reported_at, active_until = excluded.active_until, patch = excluded.patch,
    officer = excluded.officer, risk = excluded.risk, facts = excluded.facts";

/// Fill in the dashboard's filter columns of facts written before they were kept, from the
/// facts as written: at most `limit` cases after the case `after` (in key order, so each pass
/// goes on where the last stopped; the key is compared as a row, which both databases read as a
/// range of the index). Returns the last case read, none once all are filled in. Only rows
/// still without them are written (another process starting at the same time may fill them in
/// too), and the facts themselves are left as they are (a save may have changed them since).
pub async fn fill_in_filters(pool: &Pool, after: (TenantId, CaseId), limit: i64) -> Result<Option<(TenantId, CaseId)>> {
    let found = sqlx::query(
        "SELECT tenant_id, case_id, active_until, facts FROM case_facts
         WHERE risk IS NULL AND (tenant_id, case_id) > ($1, $2)
         ORDER BY tenant_id, case_id LIMIT $3",
    )
    .bind(after.0.0)
    .bind(after.1.0)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut read = vec![];
    for r in &found {
        let facts = r.try_get::<Json<CaseFacts>, _>("facts")?.0;
        let until: Ts = r.try_get("active_until")?;
        read.push((TenantId(r.try_get("tenant_id")?), CaseId(r.try_get("case_id")?), facts, until.0));
    }
    let mut tx = pool.begin().await?;
    let mut filled = vec![];
    for (tenant, case, facts, until) in &read {
        let done = sqlx::query(
            "UPDATE case_facts SET patch = $3, officer = $4, risk = $5
             WHERE tenant_id = $1 AND case_id = $2 AND risk IS NULL",
        )
        .bind(tenant.0)
        .bind(case.0)
        .bind(facts.patch.as_deref())
        .bind(facts.officer.map(|o| o.0))
        .bind(facts.risk.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            filled.push(FactsRow::new(*tenant, *case, facts, *until));
        }
    }
    write_categories(&mut tx, &filled, " ON CONFLICT DO NOTHING").await?;
    tx.commit().await?;
    Ok(read.last().map(|(t, c, _, _)| (*t, *c)))
}

/// The facts of `org`'s cases reported before `before` and still counting on or after `since`,
/// narrowed by `filter` (found by the columns written beside the facts; a patch by its first
/// 100 characters, so the domain's `Filter::keeps` remains what decides).
pub async fn facts_between(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    since: Timestamp,
    before: Timestamp,
    filter: &Filter,
) -> Result<Vec<(CaseId, CaseFacts)>> {
    let mut q = sqlx::QueryBuilder::<Db>::new("SELECT f.case_id, f.facts FROM ");
    if let Some(category) = &filter.category {
        // The category's cases first (SQLite has no statistics to choose by: CROSS JOIN keeps
        // this order), then each one's facts by key.
        q.push("case_fact_categories k CROSS JOIN case_facts f WHERE k.tenant_id = ")
            .push_bind(tenant.0)
            .push(" AND k.organisation_id = ")
            .push_bind(org.0)
            .push(" AND k.category = ")
            .push_bind(category.as_str())
            .push(" AND k.active_until >= ")
            .push_bind(Ts::from(since))
            .push(" AND k.reported_at < ")
            .push_bind(Ts::from(before))
            .push(" AND f.tenant_id = k.tenant_id AND f.case_id = k.case_id AND ");
    } else {
        q.push("case_facts f WHERE ");
    }
    q.push("f.tenant_id = ")
        .push_bind(tenant.0)
        .push(" AND f.organisation_id = ")
        .push_bind(org.0)
        .push(" AND f.active_until >= ")
        .push_bind(Ts::from(since))
        .push(" AND f.reported_at < ")
        .push_bind(Ts::from(before));
    if let Some(patch) = &filter.patch {
        // By the first characters only, as indexed: comparing the whole patch here as well made
        // SQLite choose the window's index over this one. `Filter::keeps` compares it whole.
        let indexed: String = patch.chars().take(100).collect();
        q.push(" AND substr(f.patch, 1, 100) = ").push_bind(indexed);
    }
    if let Some(officer) = filter.officer {
        q.push(" AND f.officer = ").push_bind(officer.0);
    }
    if let Some(risk) = filter.risk {
        q.push(" AND f.risk = ").push_bind(risk.as_str());
    }
    let rows = q.build().fetch_all(pool).await?;
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
    write_facts(&mut tx, &[FactsRow::new(tenant, case, facts, facts.active_until(waiting))]).await?;
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
