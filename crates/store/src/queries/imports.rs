//! Cases imported from a file: written together or not at all.
use super::Pool;
use super::cases::{insert_person, save_one};
use crate::{Result, StoreError, Ts};
use asbcase_domain::case::Case;
use asbcase_domain::party::Person;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;

/// The references (lower case) of cases already imported for an organisation.
pub async fn imported_references(pool: &Pool, tenant: TenantId, org: OrganisationId) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT former_reference FROM imported_cases WHERE tenant_id = $1 AND organisation_id = $2")
        .bind(tenant.0)
        .bind(org.0)
        .fetch_all(pool)
        .await?)
}

/// `n` case references of `year`, in order, none of them ever given out again.
pub async fn reserve_references(pool: &Pool, tenant: TenantId, year: i16, n: u32) -> Result<Vec<CaseReference>> {
    let last: i64 = sqlx::query_scalar(
        "INSERT INTO reference_counters (tenant_id, year, last) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, year) DO UPDATE SET last = reference_counters.last + $3
         RETURNING last",
    )
    .bind(tenant.0)
    .bind(i64::from(year))
    .bind(i64::from(n))
    .fetch_one(pool)
    .await?;
    let first = last - i64::from(n) + 1;
    Ok((first..=last).map(|k| CaseReference::new(year, k as u64)).collect())
}

/// Write imported cases with their people, each with its former reference, in one transaction:
/// all of them or, on any error, none.
pub async fn import_cases(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    source: &str,
    people: &[Person],
    cases: &mut [(Case, String)],
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    for p in people {
        insert_person(&mut tx, tenant, p, at).await?;
    }
    for (case, former) in cases.iter_mut() {
        save_one(&mut tx, case).await?;
        sqlx::query(
            "INSERT INTO imported_cases (tenant_id, organisation_id, former_reference, case_id, source, imported_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(tenant.0)
        .bind(org.0)
        .bind(former.to_lowercase())
        .bind(case.id.0)
        .bind(source)
        .bind(Ts::from(at))
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_insert(e, &format!("the imported case '{former}'")))?;
    }
    tx.commit().await?;
    for (case, _) in cases.iter_mut() {
        case.pending.clear();
    }
    Ok(())
}
