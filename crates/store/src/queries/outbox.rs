use super::{Db, Pool, Row, corrupt};
use crate::{OutboxMessage, Result, Ts};
use asbcase_domain::message::{Medium, Template};
use asbcase_domain::{CaseId, OrganisationId, TenantId};
use jiff::Timestamp;
use sqlx::Row as _;

pub async fn template(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    kind: &str,
    medium: Medium,
) -> Result<Option<Template>> {
    let row = sqlx::query(
        "SELECT subject, body FROM message_templates WHERE tenant_id = $1 AND organisation_id = $2 AND kind = $3 AND medium = $4",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(kind)
    .bind(medium.as_str())
    .fetch_optional(pool)
    .await?;
    row.map(|r| Ok(Template { subject: r.try_get("subject")?, body: r.try_get("body")? })).transpose()
}

pub async fn set_template(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    kind: &str,
    medium: Medium,
    t: &Template,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO message_templates (tenant_id, organisation_id, kind, medium, subject, body, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, organisation_id, kind, medium) DO UPDATE
         SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(kind)
    .bind(medium.as_str())
    .bind(&t.subject)
    .bind(&t.body)
    .bind(Ts::from(at))
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn insert_message(tx: &mut sqlx::Transaction<'_, Db>, m: &OutboxMessage) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (tenant_id, id, case_id, kind, medium, recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(m.tenant.0)
    .bind(m.id)
    .bind(m.case.map(|c| c.0))
    .bind(&m.kind)
    .bind(m.medium.as_str())
    .bind(&m.recipient)
    .bind(&m.subject)
    .bind(&m.body)
    .bind(&m.status)
    .bind(m.attempts)
    .bind(Ts::from(m.next_attempt_at))
    .bind(&m.last_error)
    .bind(Ts::from(m.created_at))
    .bind(m.sent_at.map(Ts::from))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn queue_message(pool: &Pool, m: &OutboxMessage) -> Result<()> {
    let mut tx = pool.begin().await?;
    insert_message(&mut tx, m).await?;
    tx.commit().await?;
    Ok(())
}

fn message_from(r: &Row) -> Result<OutboxMessage> {
    let medium: String = r.try_get("medium")?;
    Ok(OutboxMessage {
        tenant: TenantId(r.try_get("tenant_id")?),
        id: r.try_get("id")?,
        case: r.try_get::<Option<uuid::Uuid>, _>("case_id")?.map(CaseId),
        kind: r.try_get("kind")?,
        medium: match Medium::parse(&medium) {
            Some(m) => m,
            None => return corrupt("medium", &medium),
        },
        recipient: r.try_get("recipient")?,
        subject: r.try_get("subject")?,
        body: r.try_get("body")?,
        status: r.try_get("status")?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: r.try_get::<Ts, _>("next_attempt_at")?.0,
        last_error: r.try_get("last_error")?,
        created_at: r.try_get::<Ts, _>("created_at")?.0,
        sent_at: r.try_get::<Option<Ts>, _>("sent_at")?.map(|t| t.0),
    })
}

/// Claim up to `limit` messages due at `now`: each is marked `sending` so that a second
/// delivery step running at the same time does not send it too.
pub async fn claim_due_messages(pool: &Pool, now: Timestamp, limit: i64) -> Result<Vec<OutboxMessage>> {
    let rows = sqlx::query(
        "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2",
    )
    .bind(Ts::from(now))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut claimed = vec![];
    for r in &rows {
        let m = message_from(r)?;
        let done =
            sqlx::query("UPDATE outbox SET status = 'sending' WHERE tenant_id = $1 AND id = $2 AND status = 'pending'")
                .bind(m.tenant.0)
                .bind(m.id)
                .execute(pool)
                .await?;
        if done.rows_affected() == 1 {
            claimed.push(OutboxMessage { status: "sending".into(), ..m });
        }
    }
    Ok(claimed)
}

/// Record the result of one delivery attempt. `retry_at` None with an error means give up.
pub async fn record_delivery(
    pool: &Pool,
    m: &OutboxMessage,
    result: std::result::Result<Timestamp, (String, Option<Timestamp>)>,
) -> Result<()> {
    let q = match &result {
        Ok(sent_at) => sqlx::query("UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = $3, last_error = NULL WHERE tenant_id = $1 AND id = $2")
            .bind(m.tenant.0)
            .bind(m.id)
            .bind(Ts::from(*sent_at)),
        Err((error, Some(retry_at))) => sqlx::query(
            "UPDATE outbox SET status = 'pending', attempts = attempts + 1, last_error = $3, next_attempt_at = $4 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(m.tenant.0)
        .bind(m.id)
        .bind(error.clone())
        .bind(Ts::from(*retry_at)),
        Err((error, None)) => sqlx::query("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $3 WHERE tenant_id = $1 AND id = $2")
            .bind(m.tenant.0)
            .bind(m.id)
            .bind(error.clone()),
    };
    q.execute(pool).await?;
    Ok(())
}

pub async fn messages_of_case(pool: &Pool, tenant: TenantId, case: CaseId) -> Result<Vec<OutboxMessage>> {
    let rows = sqlx::query("SELECT * FROM outbox WHERE tenant_id = $1 AND case_id = $2 ORDER BY created_at")
        .bind(tenant.0)
        .bind(case.0)
        .fetch_all(pool)
        .await?;
    rows.iter().map(message_from).collect()
}
