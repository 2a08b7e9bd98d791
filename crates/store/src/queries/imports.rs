//! Cases imported from a file: written together or not at all.
use super::save::{insert_rows, save_many};
use super::{Db, Pool};
use crate::imports::{ImportBatch, Next};
use crate::{Result, StoreError, Ts};
use asbcase_domain::case::Case;
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

/// Write imported cases with their people, each with its former reference, batch by batch as
/// `next` builds them, in one transaction: all of them or, on any error or if `next` abandons
/// the import, none.
pub async fn import_cases(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    source: &str,
    at: Timestamp,
    next: &mut (dyn FnMut() -> Next + Send),
) -> Result<()> {
    let mut tx = pool.begin().await?;
    loop {
        let batch = match next() {
            Next::Write(batch) => batch,
            Next::Done => break,
            Next::Abandon => return Ok(()),
        };
        write_batch(&mut tx, tenant, org, source, at, &batch).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn write_batch(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    org: OrganisationId,
    source: &str,
    at: Timestamp,
    batch: &ImportBatch,
) -> Result<()> {
    super::cases::insert_people(tx, tenant, &batch.people, at).await?;
    let cases: Vec<&Case> = batch.cases.iter().map(|(c, _)| c).collect();
    save_many(tx, &cases).await?;
    let imported_columns = ["tenant_id", "organisation_id", "former_reference", "case_id", "source", "imported_at"];
    insert_rows(tx, "imported_cases", &imported_columns, "", &batch.cases, |b, (case, former)| {
        b.push_bind(tenant.0)
            .push_bind(org.0)
            .push_bind(former.to_lowercase())
            .push_bind(case.id.0)
            .push_bind(source)
            .push_bind(Ts::from(at));
    })
    .await
    .map_err(|e| match batch.cases.as_slice() {
        [(_, former)] => StoreError::from_insert(e, &format!("the imported case '{former}'")),
        _ => StoreError::from_insert(e, "a case in this file"),
    })?;
    Ok(())
}
