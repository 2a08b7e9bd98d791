use super::{Db, Pool};
use crate::{DraftRecord, Open311Link, OutboxMessage, Result, StoreError, SubmitOutcome, Ts};
use asbcase_domain::TenantId;
use asbcase_domain::case::Case;
use asbcase_domain::party::Person;
use asbcase_domain::reference::CaseReference;
use jiff::Timestamp;
use sqlx::Row as _;
use sqlx::types::Json;

pub async fn draft(pool: &Pool, token_hash: &str) -> Result<Option<DraftRecord>> {
    let row = sqlx::query("SELECT tenant_id, draft, case_reference FROM report_drafts WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(pool)
        .await?;
    row.map(|r| {
        let reference: Option<String> = r.try_get("case_reference")?;
        Ok(DraftRecord {
            tenant: TenantId(r.try_get("tenant_id")?),
            draft: r.try_get::<Json<serde_json::Value>, _>("draft")?.0,
            case_reference: reference
                .map(|s| CaseReference::parse(&s).map_err(|e| StoreError::Corrupt(format!("{s}: {e}"))))
                .transpose()?,
        })
    })
    .transpose()
}

pub async fn save_draft(
    pool: &Pool,
    token_hash: &str,
    tenant: TenantId,
    draft: &serde_json::Value,
    at: Timestamp,
) -> Result<bool> {
    // A sent report's draft is never changed again.
    let done = sqlx::query(
        "INSERT INTO report_drafts (token_hash, tenant_id, draft, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (token_hash) DO UPDATE SET draft = excluded.draft, updated_at = excluded.updated_at
         WHERE report_drafts.case_reference IS NULL",
    )
    .bind(token_hash)
    .bind(tenant.0)
    .bind(Json(draft))
    .bind(Ts::from(at))
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Keep a draft under `token_hash` unless one is already there (first come, first served).
pub async fn claim_draft(
    pool: &Pool,
    token_hash: &str,
    tenant: TenantId,
    draft: &serde_json::Value,
    at: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO report_drafts (token_hash, tenant_id, draft, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (token_hash) DO NOTHING",
    )
    .bind(token_hash)
    .bind(tenant.0)
    .bind(Json(draft))
    .bind(Ts::from(at))
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn submit_report(
    pool: &Pool,
    token_hash: &str,
    people: &[Person],
    case: &mut Case,
    messages: &[OutboxMessage],
    open311: Option<&Open311Link>,
    at: Timestamp,
) -> Result<SubmitOutcome> {
    let mut tx: sqlx::Transaction<'_, Db> = pool.begin().await?;
    let claimed = sqlx::query(
        "UPDATE report_drafts SET case_reference = $2, updated_at = $3 WHERE token_hash = $1 AND case_reference IS NULL",
    )
    .bind(token_hash)
    .bind(case.reference.as_str())
    .bind(Ts::from(at))
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        tx.rollback().await?;
        let reference: Option<String> =
            sqlx::query_scalar("SELECT case_reference FROM report_drafts WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(pool)
                .await?
                .flatten();
        return match reference {
            Some(r) => Ok(SubmitOutcome::AlreadySent(
                CaseReference::parse(&r).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            )),
            None => Ok(SubmitOutcome::NoDraft),
        };
    }
    super::cases::insert_people(&mut tx, case.tenant, people, at).await?;
    super::save::save_one(&mut tx, case).await?;
    super::evidence::attach_draft_files(&mut tx, case.tenant, token_hash, case.id).await?;
    for m in messages {
        super::outbox::insert_message(&mut tx, m).await?;
    }
    if let Some(link) = open311 {
        super::open311::insert_open311_link(&mut tx, case.tenant, case.id, link, at).await?;
    }
    tx.commit().await?;
    case.pending.clear();
    Ok(SubmitOutcome::Sent(case.reference.clone()))
}
