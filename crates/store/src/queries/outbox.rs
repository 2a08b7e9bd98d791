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

/// An organisation's own wordings: kind, medium and when each was last set.
pub async fn own_templates(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
) -> Result<Vec<(String, Medium, Timestamp)>> {
    let rows = sqlx::query(
        "SELECT kind, medium, updated_at FROM message_templates WHERE tenant_id = $1 AND organisation_id = $2",
    )
    .bind(tenant.0)
    .bind(org.0)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let medium: String = r.try_get("medium")?;
            let Some(medium) = Medium::parse(&medium) else { return corrupt("message template medium", &medium) };
            Ok((r.try_get("kind")?, medium, r.try_get::<Ts, _>("updated_at")?.0))
        })
        .collect()
}

/// Set an organisation's own wording, keeping `summary` (what changed) in its settings' history
/// under `setting`, in one transaction.
#[allow(clippy::too_many_arguments)]
pub async fn set_template(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    kind: &str,
    medium: Medium,
    t: &Template,
    setting: &str,
    summary: &str,
    by: &str,
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
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
    .execute(&mut *tx)
    .await?;
    super::configuration::record_change(&mut tx, tenant, org, setting, summary, by, at).await?;
    tx.commit().await?;
    Ok(())
}

/// Remove an organisation's own wording, so the standard one is used, keeping `summary` in its
/// settings' history; false (and nothing kept) if it had none.
#[allow(clippy::too_many_arguments)]
pub async fn remove_template(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    kind: &str,
    medium: Medium,
    setting: &str,
    summary: &str,
    by: &str,
    at: Timestamp,
) -> Result<bool> {
    let mut tx = pool.begin().await?;
    let removed = sqlx::query(
        "DELETE FROM message_templates WHERE tenant_id = $1 AND organisation_id = $2 AND kind = $3 AND medium = $4",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(kind)
    .bind(medium.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed == 0 {
        return Ok(false);
    }
    super::configuration::record_change(&mut tx, tenant, org, setting, summary, by, at).await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn insert_message(tx: &mut sqlx::Transaction<'_, Db>, m: &OutboxMessage) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (tenant_id, id, case_id, kind, medium, recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at, organisation_id, provider_ref, delivery_status, link_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
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
    .bind(m.organisation.map(|o| o.0))
    .bind(&m.provider_ref)
    .bind(&m.delivery_status)
    .bind(m.link.as_ref().map(|l| l.id).or(m.link_id))
    .execute(&mut **tx)
    .await?;
    if let Some(link) = &m.link {
        super::residents::insert_link(tx, link).await?;
    }
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
        organisation: r.try_get::<Option<uuid::Uuid>, _>("organisation_id")?.map(OrganisationId),
        provider_ref: r.try_get("provider_ref")?,
        delivery_status: r.try_get("delivery_status")?,
        link: None,
        link_id: r.try_get("link_id")?,
    })
}

/// How long a claimed message may take to send before it counts as interrupted.
const STALE_CLAIM: jiff::SignedDuration = jiff::SignedDuration::from_mins(15);

/// Claim up to `limit` messages due at `now`: each is marked `sending` so that a second
/// delivery step running at the same time does not send it too.
pub async fn claim_due_messages(pool: &Pool, now: Timestamp, limit: i64) -> Result<Vec<OutboxMessage>> {
    // A message claimed long ago and never finished was being sent when a delivery step
    // stopped (a crash, a restart): it may or may not have arrived. It is not sent again (a
    // resident must never get the same message twice); it shows on the case as not delivered,
    // so the officer can check with them.
    sqlx::query(
        "UPDATE outbox SET status = 'failed', last_error = $2 WHERE status = 'sending' AND next_attempt_at < $1",
    )
    .bind(Ts::from(now - STALE_CLAIM))
    .bind("Delivery was interrupted while sending: it may not have arrived. Check with the resident.")
    .execute(pool)
    .await?;
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
        // The claim's time is kept in next_attempt_at, to find claims never finished.
        let done = sqlx::query(
            "UPDATE outbox SET status = 'sending', next_attempt_at = $3 WHERE tenant_id = $1 AND id = $2 AND status = 'pending'",
        )
        .bind(m.tenant.0)
        .bind(m.id)
        .bind(Ts::from(now))
        .execute(pool)
        .await?;
        if done.rows_affected() == 1 {
            claimed.push(OutboxMessage { status: "sending".into(), next_attempt_at: now, ..m });
        }
    }
    Ok(claimed)
}

/// Record the result of one delivery attempt. `retry_at` None with an error means give up.
pub async fn record_delivery(
    pool: &Pool,
    m: &OutboxMessage,
    result: std::result::Result<(Timestamp, Option<String>), (String, Option<Timestamp>)>,
) -> Result<()> {
    let q = match &result {
        Ok((sent_at, provider_ref)) => sqlx::query("UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = $3, last_error = NULL, provider_ref = $4 WHERE tenant_id = $1 AND id = $2")
            .bind(m.tenant.0)
            .bind(m.id)
            .bind(Ts::from(*sent_at))
            .bind(provider_ref.clone()),
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

/// Sent messages whose provider has not yet given its final word on delivery.
pub async fn messages_awaiting_status(pool: &Pool, since: Timestamp, limit: i64) -> Result<Vec<OutboxMessage>> {
    let rows = sqlx::query(
        "SELECT * FROM outbox WHERE status = 'sent' AND provider_ref IS NOT NULL AND sent_at > $1
         AND (delivery_status IS NULL OR delivery_status IN ('created', 'sending', 'pending', 'accepted'))
         ORDER BY sent_at DESC LIMIT $2",
    )
    .bind(Ts::from(since))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(message_from).collect()
}

/// Record the provider's word on delivery. A permanent failure marks the message failed, so it
/// shows on the case as not received.
pub async fn record_delivery_status(pool: &Pool, m: &OutboxMessage, status: &str, failed: bool) -> Result<()> {
    let q = if failed {
        sqlx::query(
            "UPDATE outbox SET delivery_status = $3, status = 'failed', last_error = $4 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(m.tenant.0)
        .bind(m.id)
        .bind(status)
        .bind(format!("the provider reported {status}"))
    } else {
        sqlx::query("UPDATE outbox SET delivery_status = $3 WHERE tenant_id = $1 AND id = $2")
            .bind(m.tenant.0)
            .bind(m.id)
            .bind(status)
    };
    q.execute(pool).await?;
    Ok(())
}

/// How an organisation's messages travel, when it has said.
pub async fn notification_settings(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
) -> Result<Option<crate::NotificationSettings>> {
    let row = sqlx::query("SELECT * FROM notification_settings WHERE tenant_id = $1 AND organisation_id = $2")
        .bind(tenant.0)
        .bind(org.0)
        .fetch_optional(pool)
        .await?;
    row.map(|r| settings_from(&r)).transpose()
}

/// Every organisation's settings, for the delivery step.
pub async fn all_notification_settings(pool: &Pool) -> Result<Vec<crate::NotificationSettings>> {
    let rows = sqlx::query("SELECT * FROM notification_settings").fetch_all(pool).await?;
    rows.iter().map(settings_from).collect()
}

fn settings_from(r: &Row) -> Result<crate::NotificationSettings> {
    Ok(crate::NotificationSettings {
        tenant: TenantId(r.try_get("tenant_id")?),
        organisation: OrganisationId(r.try_get("organisation_id")?),
        provider: r.try_get("provider")?,
        settings: r.try_get("settings")?,
        updated_at: r.try_get::<Ts, _>("updated_at")?.0,
    })
}

pub async fn set_notification_settings(pool: &Pool, s: &crate::NotificationSettings) -> Result<()> {
    sqlx::query(
        "INSERT INTO notification_settings (tenant_id, organisation_id, provider, settings, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, organisation_id) DO UPDATE
         SET provider = excluded.provider, settings = excluded.settings, updated_at = excluded.updated_at",
    )
    .bind(s.tenant.0)
    .bind(s.organisation.0)
    .bind(&s.provider)
    .bind(&s.settings)
    .bind(Ts::from(s.updated_at))
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn outbox_message(pool: &Pool, tenant: TenantId, id: uuid::Uuid) -> Result<Option<OutboxMessage>> {
    let row = sqlx::query("SELECT * FROM outbox WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(message_from).transpose()
}

/// Open cases with an officer whose complainant contact falls due between `from` and `to`,
/// and whose officer has had no reminder since the contact clock last restarted.
pub async fn cases_needing_contact_reminder(
    pool: &Pool,
    from: Timestamp,
    to: Timestamp,
    limit: i64,
) -> Result<Vec<asbcase_domain::case::Case>> {
    let rows = sqlx::query(
        "SELECT c.tenant_id, c.id FROM cases c
         WHERE c.status <> 'closed' AND c.assigned_officer IS NOT NULL
           AND c.next_contact_due >= $1 AND c.next_contact_due <= $2
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.tenant_id = c.tenant_id AND o.case_id = c.id
                           AND o.kind = 'contact_due' AND o.created_at >= COALESCE(c.last_successful_contact, c.reported_at))
         ORDER BY c.next_contact_due LIMIT $3",
    )
    .bind(Ts::from(from))
    .bind(Ts::from(to))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut out = vec![];
    for r in &rows {
        let (tenant, id) = (TenantId(r.try_get("tenant_id")?), CaseId(r.try_get("id")?));
        if let Some(c) = super::cases::case(pool, tenant, id).await? {
            out.push(c);
        }
    }
    Ok(out)
}
