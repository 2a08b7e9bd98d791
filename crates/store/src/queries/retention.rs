//! Retention: how long a partnership keeps personal data, and applying it: closed cases and
//! finished case reviews anonymised, message copies emptied, reports never sent deleted. Each
//! step is written to the privacy log.
use super::Pool;
use super::privacy::{log, redact_event, rewrite_review};
use crate::privacy::ReviewRewrite;
use crate::{Anonymised, Result, StoreError, Ts};
use asbcase_domain::case::Case;
use asbcase_domain::event::Event;
use asbcase_domain::privacy::{REMOVED, Retention};
use asbcase_domain::reference::CaseReference;
use asbcase_domain::{CaseId, TenantId, UserId};
use jiff::Timestamp;
use sqlx::Row as _;
use sqlx::types::Json;

pub async fn retention(pool: &Pool, tenant: TenantId) -> Result<Retention> {
    let row = sqlx::query(
        "SELECT retain_closed_cases_years, retain_messages_months, retain_drafts_days FROM partnership_settings WHERE tenant_id = $1",
    )
    .bind(tenant.0)
    .fetch_optional(pool)
    .await?;
    let mut r = Retention::default();
    if let Some(row) = row {
        if let Some(y) = row.try_get::<Option<i32>, _>("retain_closed_cases_years")? {
            r.closed_cases_years = y.max(0) as u32;
        }
        if let Some(m) = row.try_get::<Option<i32>, _>("retain_messages_months")? {
            r.messages_months = m.max(0) as u32;
        }
        if let Some(d) = row.try_get::<Option<i32>, _>("retain_drafts_days")? {
            r.drafts_days = d.max(0) as u32;
        }
    }
    Ok(r)
}

pub async fn set_retention(pool: &Pool, tenant: TenantId, r: Retention) -> Result<()> {
    let mut tx = pool.begin().await?;
    write_retention(&mut tx, tenant, r).await?;
    tx.commit().await?;
    Ok(())
}

async fn write_retention(tx: &mut sqlx::Transaction<'_, super::Db>, tenant: TenantId, r: Retention) -> Result<()> {
    sqlx::query(
        "INSERT INTO partnership_settings (tenant_id, referral_response_days, retain_closed_cases_years, retain_messages_months, retain_drafts_days)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id) DO UPDATE SET retain_closed_cases_years = excluded.retain_closed_cases_years,
             retain_messages_months = excluded.retain_messages_months, retain_drafts_days = excluded.retain_drafts_days",
    )
    .bind(tenant.0)
    .bind(asbcase_domain::partnership::DEFAULT_RESPONSE_DAYS as i32)
    .bind(r.closed_cases_years as i32)
    .bind(r.messages_months as i32)
    .bind(r.drafts_days as i32)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn change_retention(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
    r: Retention,
    by: &str,
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    write_retention(&mut tx, tenant, r).await?;
    let summary = format!(
        "closed cases {} years, message copies {} months, reports in progress {} days",
        r.closed_cases_years, r.messages_months, r.drafts_days
    );
    super::configuration::record_change(&mut tx, tenant, org, "retention", &summary, by, at).await?;
    tx.commit().await?;
    Ok(())
}

/// Closed cases, not yet anonymised, that closed before `closed_before`: oldest first.
pub async fn cases_closed_before(
    pool: &Pool,
    tenant: TenantId,
    closed_before: Timestamp,
) -> Result<Vec<(CaseId, CaseReference, Timestamp)>> {
    let rows = sqlx::query(
        "SELECT id, reference, closed_at FROM cases
         WHERE tenant_id = $1 AND status = 'closed' AND anonymised_at IS NULL AND closed_at < $2
         ORDER BY closed_at, reference",
    )
    .bind(tenant.0)
    .bind(Ts::from(closed_before))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let reference: String = r.try_get("reference")?;
            let reference = CaseReference::parse(&reference)
                .map_err(|_| StoreError::Corrupt(format!("unknown case reference '{reference}'")))?;
            Ok((CaseId(r.try_get("id")?), reference, r.try_get::<Ts, _>("closed_at")?.0))
        })
        .collect()
}

/// Write an anonymised case: `case` (already anonymised) over its projection, each of
/// `events` whose payload changed, and every copy of its free text elsewhere; delete its files
/// and residents' links; erase the record of each of its people who is on no case still
/// holding personal data. One transaction; `Conflict` if the case moved meanwhile.
pub async fn write_anonymised_case(
    pool: &Pool,
    case: &Case,
    events: &[(Event, bool)],
    actor: Option<UserId>,
    at: Timestamp,
) -> Result<Anonymised> {
    let t = case.tenant.0;
    let c = case.id.0;
    let mut tx = pool.begin().await?;
    // Its place and people go, so its complaints no longer count as repeats of anything.
    super::kept::forget_all(&mut tx, case.tenant, &crate::KeptKind::FROM_COMPLAINTS).await?;
    let done = sqlx::query(
        "UPDATE cases SET description = $3, address = $4, uprn = NULL, latitude = $5, longitude = $6,
             crime_reference = $7, priority_override_reason = $8, casework = $9, anonymised_at = $10, changed_at = $12,
             place_key = $13
         WHERE tenant_id = $1 AND id = $2 AND last_seq = $11 AND status = 'closed'",
    )
    .bind(t)
    .bind(c)
    .bind(&case.description)
    .bind(&case.location.address)
    .bind(case.location.latitude)
    .bind(case.location.longitude)
    .bind(&case.flags.crime_reference)
    .bind(case.priority_override.as_ref().map(|o| o.reason.clone()))
    .bind(Json(&case.casework))
    .bind(Ts::from(at))
    .bind(case.version)
    // For the API's sync feed: when the row was written.
    .bind(Ts::from(at.max(Timestamp::now())))
    .bind(super::save::place_key_of(case, None))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Conflict);
    }
    let mut result = Anonymised::default();
    for (e, changed) in events {
        if *changed {
            redact_event(&mut tx, case.tenant, e).await?;
            result.events_redacted += 1;
        }
    }
    for sql in [
        "UPDATE contacts SET summary = $3 WHERE tenant_id = $1 AND case_id = $2 AND summary <> ''",
        "UPDATE case_parties SET description = $3 WHERE tenant_id = $1 AND case_id = $2 AND description <> ''",
        "UPDATE referrals SET reason = $3 WHERE tenant_id = $1 AND case_id = $2 AND reason <> ''",
        "UPDATE panel_cases SET reason = $3 WHERE tenant_id = $1 AND case_id = $2 AND reason <> ''",
        "UPDATE case_shares SET purpose = $3 WHERE tenant_id = $1 AND case_id = $2 AND purpose <> ''",
        // Copies of messages about the case: the wording and where it went.
        "UPDATE outbox SET recipient = $3, body = $3 WHERE tenant_id = $1 AND case_id = $2",
    ] {
        sqlx::query(sql).bind(t).bind(c).bind(REMOVED).execute(&mut *tx).await?;
    }
    // A message still waiting would now go nowhere: it is not sent.
    sqlx::query(
        "UPDATE outbox SET status = 'failed', last_error = 'case anonymised'
         WHERE tenant_id = $1 AND case_id = $2 AND status IN ('pending', 'sending')",
    )
    .bind(t)
    .bind(c)
    .execute(&mut *tx)
    .await?;
    result.files_deleted = sqlx::query("DELETE FROM evidence WHERE tenant_id = $1 AND case_id = $2")
        .bind(t)
        .bind(c)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    for sql in [
        "DELETE FROM resident_visits WHERE tenant_id = $1 AND case_id = $2",
        "DELETE FROM resident_links WHERE tenant_id = $1 AND case_id = $2",
    ] {
        sqlx::query(sql).bind(t).bind(c).execute(&mut *tx).await?;
    }
    result.people_erased = sqlx::query(
        "UPDATE people SET name = $3, address = NULL, phone = NULL, email = NULL, erased_at = $4
         WHERE tenant_id = $1 AND erased_at IS NULL
           AND id IN (SELECT person_id FROM case_parties WHERE tenant_id = $1 AND case_id = $2)
           AND NOT EXISTS (
               SELECT 1 FROM case_parties p JOIN cases k ON k.tenant_id = p.tenant_id AND k.id = p.case_id
               WHERE p.tenant_id = $1 AND p.person_id = people.id AND k.anonymised_at IS NULL)",
    )
    .bind(t)
    .bind(c)
    .bind(REMOVED)
    .bind(Ts::from(at))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    super::search::forget(&mut tx, case.tenant, "$2", c).await?;
    let detail = format!(
        "{} events redacted, {} files deleted, {} people's records erased",
        result.events_redacted, result.files_deleted, result.people_erased
    );
    log(&mut tx, case.tenant, Some(case.organisation), actor, "case_anonymised", case.reference.as_str(), &detail, at)
        .await?;
    tx.commit().await?;
    Ok(result)
}

/// Message copies sent before `sent_before` still holding their wording and address.
pub async fn message_copies_before(pool: &Pool, tenant: TenantId, sent_before: Timestamp) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE tenant_id = $1 AND COALESCE(sent_at, created_at) < $2 AND body <> $3 AND status NOT IN ('pending', 'sending')")
        .bind(tenant.0)
        .bind(Ts::from(sent_before))
        .bind(REMOVED)
        .fetch_one(pool)
        .await?)
}

/// Remove the wording and address of message copies sent before `sent_before`.
pub async fn remove_message_copies(
    pool: &Pool,
    tenant: TenantId,
    sent_before: Timestamp,
    actor: Option<UserId>,
    at: Timestamp,
) -> Result<u64> {
    let mut tx = pool.begin().await?;
    let n =
        sqlx::query("UPDATE outbox SET recipient = $3, body = $3 WHERE tenant_id = $1 AND COALESCE(sent_at, created_at) < $2 AND body <> $3 AND status NOT IN ('pending', 'sending')")
            .bind(tenant.0)
            .bind(Ts::from(sent_before))
            .bind(REMOVED)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if n > 0 {
        let detail = format!("{n} copies of messages sent before {sent_before} removed");
        log(&mut tx, tenant, None, actor, "messages_removed", "outbox", &detail, at).await?;
    }
    tx.commit().await?;
    Ok(n)
}

/// Case reviews not yet anonymised: (id, reference, version, review).
pub async fn reviews_not_anonymised(
    pool: &Pool,
    tenant: TenantId,
) -> Result<Vec<(uuid::Uuid, String, i64, asbcase_domain::case_review::CaseReview)>> {
    let rows = sqlx::query(
        "SELECT id, reference, version, review FROM case_reviews WHERE tenant_id = $1 AND anonymised_at IS NULL ORDER BY applied_on, reference",
    )
    .bind(tenant.0)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let Json(review) = r.try_get::<Json<asbcase_domain::case_review::CaseReview>, _>("review")?;
            Ok((r.try_get("id")?, r.try_get("reference")?, r.try_get("version")?, review))
        })
        .collect()
}

/// Anonymise a finished case review: its free text (in the review and in each step), its
/// applicant's details and its feedback link. One transaction; `Conflict` if a step was
/// recorded since it was read (at `version`).
#[allow(clippy::too_many_arguments)]
pub async fn write_anonymised_review(
    pool: &Pool,
    tenant: TenantId,
    id: uuid::Uuid,
    reference: &str,
    version: i64,
    review: &asbcase_domain::case_review::CaseReview,
    actor: Option<UserId>,
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    let rewrite = ReviewRewrite { id, version, review, whole: true };
    let (org, steps) = rewrite_review(&mut tx, tenant, &rewrite, None, at).await?;
    log(&mut tx, tenant, Some(org), actor, "review_anonymised", reference, &format!("{steps} steps redacted"), at)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Reports in progress last changed before `before`.
pub async fn drafts_before(pool: &Pool, tenant: TenantId, before: Timestamp) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM report_drafts WHERE tenant_id = $1 AND updated_at < $2")
        .bind(tenant.0)
        .bind(Ts::from(before))
        .fetch_one(pool)
        .await?)
}

/// Delete reports in progress last changed before `before`, with files never sent.
pub async fn remove_drafts(
    pool: &Pool,
    tenant: TenantId,
    before: Timestamp,
    actor: Option<UserId>,
    at: Timestamp,
) -> Result<u64> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "DELETE FROM evidence WHERE tenant_id = $1 AND case_id IS NULL AND draft_token IN
             (SELECT token_hash FROM report_drafts WHERE tenant_id = $1 AND updated_at < $2)",
    )
    .bind(tenant.0)
    .bind(Ts::from(before))
    .execute(&mut *tx)
    .await?;
    let n = sqlx::query("DELETE FROM report_drafts WHERE tenant_id = $1 AND updated_at < $2")
        .bind(tenant.0)
        .bind(Ts::from(before))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n > 0 {
        let detail = format!("{n} reports in progress last changed before {before} deleted");
        log(&mut tx, tenant, None, actor, "drafts_removed", "report_drafts", &detail, at).await?;
    }
    tx.commit().await?;
    Ok(n)
}
