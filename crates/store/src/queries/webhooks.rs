//! Webhook subscriptions and deliveries.
use super::{Db, Pool, Row, corrupt};
use crate::{Attempt, DeliveryStatus, DueDelivery, Result, Ts, WebhookDelivery, WebhookSubscription};
use asbcase_domain::case::Case;
use asbcase_domain::webhook::{Topic, notices};
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;
use sqlx::Row as _;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// A claim older than this was left by a sender that stopped: the delivery is due again.
const STALE_CLAIM: jiff::SignedDuration = jiff::SignedDuration::from_mins(5);

fn topics_to_string(topics: &[Topic]) -> String {
    topics.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")
}

pub async fn create_webhook(pool: &Pool, w: &WebhookSubscription) -> Result<()> {
    sqlx::query(
        "INSERT INTO webhook_subscriptions (tenant_id, id, organisation_id, name, url, topics, secret, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(w.tenant.0)
    .bind(w.id)
    .bind(w.organisation.0)
    .bind(&w.name)
    .bind(&w.url)
    .bind(topics_to_string(&w.topics))
    .bind(&w.secret)
    .bind(Ts::from(w.created_at))
    .execute(pool)
    .await?;
    Ok(())
}

fn subscription_from(r: &Row) -> Result<WebhookSubscription> {
    let topics: String = r.try_get("topics")?;
    let mut list = vec![];
    for t in topics.split(',').filter(|t| !t.is_empty()) {
        list.push(Topic::parse(t).map_or_else(|| corrupt("webhook topic", t), Ok)?);
    }
    Ok(WebhookSubscription {
        tenant: TenantId(r.try_get("tenant_id")?),
        id: r.try_get("id")?,
        organisation: OrganisationId(r.try_get("organisation_id")?),
        name: r.try_get("name")?,
        url: r.try_get("url")?,
        topics: list,
        secret: r.try_get("secret")?,
        created_at: r.try_get::<Ts, _>("created_at")?.0,
        removed_at: r.try_get::<Option<Ts>, _>("removed_at")?.map(|t| t.0),
    })
}

pub async fn webhooks(pool: &Pool, tenant: TenantId, org: OrganisationId) -> Result<Vec<WebhookSubscription>> {
    let rows = sqlx::query(
        "SELECT * FROM webhook_subscriptions WHERE tenant_id = $1 AND organisation_id = $2 ORDER BY created_at, id",
    )
    .bind(tenant.0)
    .bind(org.0)
    .fetch_all(pool)
    .await?;
    rows.iter().map(subscription_from).collect()
}

pub async fn remove_webhook(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    id: uuid::Uuid,
    at: Timestamp,
) -> Result<bool> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query(
        "UPDATE webhook_subscriptions SET removed_at = $4
         WHERE tenant_id = $1 AND organisation_id = $2 AND id = $3 AND removed_at IS NULL",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(id)
    .bind(Ts::from(at))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        sqlx::query(
            "UPDATE webhook_deliveries SET status = 'failed', last_error = 'The webhook was removed before this was delivered.'
             WHERE tenant_id = $1 AND organisation_id = $2 AND subscription_id = $3 AND status IN ('pending', 'sending')",
        )
        .bind(tenant.0)
        .bind(org.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Queue the deliveries the cases' unsaved events call for, each case's stamped with its last
/// update (or `now`, if later). Each organisation's subscriptions are read once per save.
pub(super) async fn enqueue(tx: &mut sqlx::Transaction<'_, Db>, cases: &[&Case], now: Timestamp) -> Result<()> {
    let mut subscriptions: HashMap<(TenantId, OrganisationId), Vec<WebhookSubscription>> = HashMap::new();
    for case in cases {
        let at = case.updated_at.max(now);
        for notice in notices(case) {
            let key = (case.tenant, notice.to);
            if let Entry::Vacant(vacant) = subscriptions.entry(key) {
                let rows = sqlx::query(
                    "SELECT * FROM webhook_subscriptions WHERE tenant_id = $1 AND organisation_id = $2 AND removed_at IS NULL",
                )
                .bind(case.tenant.0)
                .bind(notice.to.0)
                .fetch_all(&mut **tx)
                .await?;
                let subs = rows.iter().map(subscription_from).collect::<Result<Vec<_>>>()?;
                vacant.insert(subs);
            }
            for sub in subscriptions[&key].iter().filter(|s| s.topics.contains(&notice.topic)) {
                let id = uuid::Uuid::new_v4();
                sqlx::query(
                    "INSERT INTO webhook_deliveries (tenant_id, id, subscription_id, organisation_id, topic, case_reference,
                        body, status, attempts, next_attempt_at, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8)",
                )
                .bind(case.tenant.0)
                .bind(id)
                .bind(sub.id)
                .bind(sub.organisation.0)
                .bind(notice.topic.as_str())
                .bind(&notice.reference)
                .bind(notice.body(id))
                .bind(Ts::from(at))
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

fn delivery_from(r: &Row) -> Result<WebhookDelivery> {
    let topic: String = r.try_get("topic")?;
    let status: String = r.try_get("status")?;
    Ok(WebhookDelivery {
        tenant: TenantId(r.try_get("tenant_id")?),
        id: r.try_get("id")?,
        subscription: r.try_get("subscription_id")?,
        organisation: OrganisationId(r.try_get("organisation_id")?),
        topic: Topic::parse(&topic).map_or_else(|| corrupt("webhook topic", &topic), Ok)?,
        case_reference: r.try_get("case_reference")?,
        body: r.try_get("body")?,
        status: DeliveryStatus::parse(&status).map_or_else(|| corrupt("delivery status", &status), Ok)?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: r.try_get::<Ts, _>("next_attempt_at")?.0,
        last_status: r.try_get("last_status")?,
        last_error: r.try_get("last_error")?,
        created_at: r.try_get::<Ts, _>("created_at")?.0,
        delivered_at: r.try_get::<Option<Ts>, _>("delivered_at")?.map(|t| t.0),
    })
}

pub async fn claim_due_webhooks(pool: &Pool, now: Timestamp, limit: i64) -> Result<Vec<DueDelivery>> {
    sqlx::query("UPDATE webhook_deliveries SET status = 'pending' WHERE status = 'sending' AND next_attempt_at < $1")
        .bind(Ts::from(now - STALE_CLAIM))
        .execute(pool)
        .await?;
    let rows = sqlx::query(
        "SELECT d.*, s.url AS sub_url, s.secret AS sub_secret
         FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.tenant_id = d.tenant_id AND s.id = d.subscription_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND s.removed_at IS NULL
         ORDER BY d.next_attempt_at, d.created_at LIMIT $2",
    )
    .bind(Ts::from(now))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut claimed = vec![];
    for r in &rows {
        let d = delivery_from(r)?;
        // The claim's time is kept in next_attempt_at, to find claims never finished.
        let done = sqlx::query(
            "UPDATE webhook_deliveries SET status = 'sending', next_attempt_at = $3
             WHERE tenant_id = $1 AND id = $2 AND status = 'pending'",
        )
        .bind(d.tenant.0)
        .bind(d.id)
        .bind(Ts::from(now))
        .execute(pool)
        .await?;
        if done.rows_affected() == 1 {
            claimed.push(DueDelivery {
                delivery: WebhookDelivery { status: DeliveryStatus::Sending, next_attempt_at: now, ..d },
                url: r.try_get("sub_url")?,
                secret: r.try_get("sub_secret")?,
            });
        }
    }
    Ok(claimed)
}

pub async fn record_webhook_attempt(
    pool: &Pool,
    tenant: TenantId,
    id: uuid::Uuid,
    attempt: &Attempt,
    at: Timestamp,
) -> Result<()> {
    let q = match attempt {
        Attempt::Delivered { status } => sqlx::query(
            "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = $3,
                last_error = NULL, delivered_at = $4
             WHERE tenant_id = $1 AND id = $2 AND status = 'sending'",
        )
        .bind(tenant.0)
        .bind(id)
        .bind(*status)
        .bind(Ts::from(at)),
        Attempt::Failed { status, error, retry_at } => sqlx::query(
            "UPDATE webhook_deliveries SET status = $3, attempts = attempts + 1, last_status = $4, last_error = $5,
                next_attempt_at = $6
             WHERE tenant_id = $1 AND id = $2 AND status = 'sending'",
        )
        .bind(tenant.0)
        .bind(id)
        .bind(if retry_at.is_some() { "pending" } else { "failed" })
        .bind(*status)
        .bind(error)
        .bind(Ts::from(retry_at.unwrap_or(at))),
    };
    q.execute(pool).await?;
    Ok(())
}

pub async fn webhook_deliveries(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    failed_only: bool,
    limit: i64,
) -> Result<Vec<WebhookDelivery>> {
    let rows = sqlx::query(
        "SELECT * FROM webhook_deliveries WHERE tenant_id = $1 AND organisation_id = $2 AND ($3 = 0 OR status = 'failed')
         ORDER BY created_at DESC, id LIMIT $4",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(i64::from(failed_only))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(delivery_from).collect()
}

pub async fn resend_webhook(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    id: uuid::Uuid,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $4
         WHERE tenant_id = $1 AND organisation_id = $2 AND id = $3 AND status = 'failed'
           AND subscription_id IN (SELECT id FROM webhook_subscriptions WHERE tenant_id = $1 AND removed_at IS NULL)",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(id)
    .bind(Ts::from(now))
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
