use super::{Db, Pool, corrupt};
use crate::{Result, Ts};
use asbcase_domain::evidence::{EvidenceFile, EvidenceKind};
use asbcase_domain::{CaseId, TenantId};
use jiff::Timestamp;
use sqlx::Row as _;

pub async fn store_draft_file(
    pool: &Pool,
    tenant: TenantId,
    draft_token: &str,
    f: &EvidenceFile,
    bytes: &[u8],
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO evidence (tenant_id, id, case_id, draft_token, kind, mime, original_name, size, sha256, content, created_at)
         VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(tenant.0)
    .bind(f.id)
    .bind(draft_token)
    .bind(f.kind.as_str())
    .bind(&f.mime)
    .bind(&f.name)
    .bind(f.size as i64)
    .bind(&f.sha256)
    .bind(bytes)
    .bind(Ts::from(at))
    .execute(pool)
    .await?;
    Ok(())
}

/// Attach a report's files to its case, inside the transaction that stores the case.
pub(super) async fn attach_draft_files(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    draft_token: &str,
    case: CaseId,
) -> Result<u64> {
    let done =
        sqlx::query("UPDATE evidence SET case_id = $3, draft_token = NULL WHERE tenant_id = $1 AND draft_token = $2")
            .bind(tenant.0)
            .bind(draft_token)
            .bind(case.0)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected())
}

fn kind(s: &str) -> Result<EvidenceKind> {
    match s {
        "photo" => Ok(EvidenceKind::Photo),
        "audio" => Ok(EvidenceKind::Audio),
        "video" => Ok(EvidenceKind::Video),
        "document" => Ok(EvidenceKind::Document),
        other => corrupt("evidence kind", other),
    }
}

/// A file of a case, with its bytes; None if it is not that case's.
pub async fn evidence_content(
    pool: &Pool,
    tenant: TenantId,
    case: CaseId,
    id: uuid::Uuid,
) -> Result<Option<(EvidenceFile, Vec<u8>)>> {
    let row = sqlx::query("SELECT * FROM evidence WHERE tenant_id = $1 AND case_id = $2 AND id = $3")
        .bind(tenant.0)
        .bind(case.0)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(|r| {
        let k: String = r.try_get("kind")?;
        let size: i64 = r.try_get("size")?;
        Ok((
            EvidenceFile {
                id: r.try_get("id")?,
                kind: kind(&k)?,
                mime: r.try_get("mime")?,
                name: r.try_get("original_name")?,
                size: size as u64,
                sha256: r.try_get("sha256")?,
            },
            r.try_get("content")?,
        ))
    })
    .transpose()
}

/// Forget a file uploaded during a report that the resident took off again. Only a file still
/// waiting in that draft can go; once a case holds it, it is evidence and stays.
pub async fn remove_draft_file(pool: &Pool, tenant: TenantId, draft_token: &str, id: uuid::Uuid) -> Result<bool> {
    let done =
        sqlx::query("DELETE FROM evidence WHERE tenant_id = $1 AND id = $2 AND draft_token = $3 AND case_id IS NULL")
            .bind(tenant.0)
            .bind(id)
            .bind(draft_token)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A file staff add to a case, stored with the event that records it in one transaction.
pub async fn save_case_with_file(
    pool: &Pool,
    case: &mut asbcase_domain::case::Case,
    f: &EvidenceFile,
    bytes: &[u8],
    at: Timestamp,
) -> Result<()> {
    let mut tx: sqlx::Transaction<'_, Db> = pool.begin().await?;
    super::save::save_one(&mut tx, case).await?;
    sqlx::query(
        "INSERT INTO evidence (tenant_id, id, case_id, draft_token, kind, mime, original_name, size, sha256, content, created_at)
         VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(case.tenant.0)
    .bind(f.id)
    .bind(case.id.0)
    .bind(f.kind.as_str())
    .bind(&f.mime)
    .bind(&f.name)
    .bind(f.size as i64)
    .bind(&f.sha256)
    .bind(bytes)
    .bind(Ts::from(at))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    case.pending.clear();
    Ok(())
}

/// The files of a case whose bytes are still held (an erasure or retention deletes them).
pub async fn evidence_files_held(pool: &Pool, tenant: TenantId, case: CaseId) -> Result<Vec<uuid::Uuid>> {
    Ok(sqlx::query_scalar("SELECT id FROM evidence WHERE tenant_id = $1 AND case_id = $2")
        .bind(tenant.0)
        .bind(case.0)
        .fetch_all(pool)
        .await?)
}
