//! Invitations to staff: the account made without a password, the one-time link to choose one
//! and the email that carries it, kept together.
use super::{Db, Pool};
use crate::{OutboxMessage, Result, StaffInvite, Ts, User};
use asbcase_domain::{OrganisationId, TenantId, UserId};
use jiff::Timestamp;
use sqlx::Row as _;

async fn insert_invite(tx: &mut sqlx::Transaction<'_, Db>, i: &StaffInvite) -> Result<()> {
    sqlx::query(
        "INSERT INTO staff_invites (id, token_hash, tenant_id, user_id, ttl_seconds, created_at, expires_at, used_at)
         VALUES ($1, NULL, $2, $3, $4, $5, $6, NULL)",
    )
    .bind(i.id)
    .bind(i.tenant.0)
    .bind(i.user.0)
    .bind(i.ttl_seconds)
    .bind(Ts::from(i.created_at))
    .bind(Ts::from(i.expires_at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Make `user`'s account (without a password) and queue the email inviting them, whose
/// `link_id` is `invite`'s, in one transaction with the settings history.
pub async fn invite_staff(
    pool: &Pool,
    user: &User,
    invite: &StaffInvite,
    message: &OutboxMessage,
    summary: &str,
    by: &str,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    super::staff::insert_user(&mut tx, user).await?;
    insert_invite(&mut tx, invite).await?;
    super::outbox::insert_message(&mut tx, message).await?;
    super::configuration::record_change(
        &mut tx,
        user.tenant,
        user.organisation,
        "users",
        summary,
        by,
        invite.created_at,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Send an invitation again: earlier ones stop working, and a new one is queued. False (and
/// nothing done) when the person has chosen a password meanwhile.
pub async fn invite_again(
    pool: &Pool,
    org: OrganisationId,
    invite: &StaffInvite,
    message: &OutboxMessage,
    summary: &str,
    by: &str,
) -> Result<bool> {
    let mut tx = pool.begin().await?;
    // Write first, so that SQLite takes the write lock at once (see `new_questionnaire_version`).
    sqlx::query("UPDATE staff_invites SET used_at = $3 WHERE tenant_id = $1 AND user_id = $2 AND used_at IS NULL")
        .bind(invite.tenant.0)
        .bind(invite.user.0)
        .bind(Ts::from(invite.created_at))
        .execute(&mut *tx)
        .await?;
    let waiting: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE tenant_id = $1 AND id = $2 AND organisation_id = $3")
            .bind(invite.tenant.0)
            .bind(invite.user.0)
            .bind(org.0)
            .fetch_optional(&mut *tx)
            .await?;
    if waiting.is_none_or(|h| !h.is_empty()) {
        return Ok(false);
    }
    insert_invite(&mut tx, invite).await?;
    super::outbox::insert_message(&mut tx, message).await?;
    super::configuration::record_change(&mut tx, invite.tenant, org, "users", summary, by, invite.created_at).await?;
    tx.commit().await?;
    Ok(true)
}

/// An invitation's columns, and whether the delivery of its email was given up.
macro_rules! columns {
    () => {
        "i.*, EXISTS (SELECT 1 FROM outbox o WHERE o.tenant_id = i.tenant_id AND o.link_id = i.id AND o.status = 'failed') AS failed"
    };
}

fn invite_from(r: &super::Row) -> Result<StaffInvite> {
    Ok(StaffInvite {
        id: r.try_get("id")?,
        tenant: TenantId(r.try_get("tenant_id")?),
        user: UserId(r.try_get("user_id")?),
        sent: r.try_get::<Option<String>, _>("token_hash")?.is_some(),
        failed: r.try_get("failed")?,
        ttl_seconds: r.try_get("ttl_seconds")?,
        created_at: r.try_get::<Ts, _>("created_at")?.0,
        expires_at: r.try_get::<Ts, _>("expires_at")?.0,
        used_at: r.try_get::<Option<Ts>, _>("used_at")?.map(|t| t.0),
    })
}

/// The invitation a link's token opens, if any (used or not, expired or not).
pub async fn staff_invite(pool: &Pool, token_hash: &str) -> Result<Option<StaffInvite>> {
    let row = sqlx::query(concat!("SELECT ", columns!(), " FROM staff_invites i WHERE i.token_hash = $1"))
        .bind(token_hash)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(invite_from).transpose()
}

/// The latest invitation of each of an organisation's staff who has one.
pub async fn invites_of_organisation(pool: &Pool, tenant: TenantId, org: OrganisationId) -> Result<Vec<StaffInvite>> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM staff_invites i JOIN users u ON u.tenant_id = i.tenant_id AND u.id = i.user_id
         WHERE i.tenant_id = $1 AND u.organisation_id = $2 ORDER BY i.created_at"
    ))
    .bind(tenant.0)
    .bind(org.0)
    .fetch_all(pool)
    .await?;
    let all = rows.iter().map(invite_from).collect::<Result<Vec<_>>>()?;
    let mut latest: Vec<StaffInvite> = vec![];
    for i in all {
        latest.retain(|l| l.user != i.user);
        latest.push(i);
    }
    Ok(latest)
}

/// Choose a password with an invitation's link: once, before it expires, while the account
/// is switched on and has no password. False (and nothing changed) otherwise.
pub async fn accept_invite(pool: &Pool, token_hash: &str, password_hash: &str, now: Timestamp) -> Result<bool> {
    let mut tx = pool.begin().await?;
    let row = sqlx::query(
        "UPDATE staff_invites SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
         RETURNING tenant_id, user_id",
    )
    .bind(token_hash)
    .bind(Ts::from(now))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(false) };
    let (tenant, user): (uuid::Uuid, uuid::Uuid) = (row.try_get("tenant_id")?, row.try_get("user_id")?);
    let set = sqlx::query(
        "UPDATE users SET password_hash = $3 WHERE tenant_id = $1 AND id = $2 AND password_hash = '' AND active",
    )
    .bind(tenant)
    .bind(user)
    .bind(password_hash)
    .execute(&mut *tx)
    .await?;
    if set.rows_affected() != 1 {
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

/// Give an invitation's link its token as the email carrying it is sent. False when there is
/// no such invitation or it was replaced or used.
pub(super) async fn issue_invite(
    pool: &Pool,
    tenant: TenantId,
    id: uuid::Uuid,
    token_hash: &str,
    now: Timestamp,
) -> Result<Option<bool>> {
    let ttl: Option<i64> = sqlx::query_scalar("SELECT ttl_seconds FROM staff_invites WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let Some(ttl) = ttl else { return Ok(None) };
    let done = sqlx::query(
        "UPDATE staff_invites SET token_hash = $3, expires_at = $4 WHERE tenant_id = $1 AND id = $2 AND used_at IS NULL",
    )
    .bind(tenant.0)
    .bind(id)
    .bind(token_hash)
    .bind(Ts::from(now + jiff::SignedDuration::from_secs(ttl)))
    .execute(pool)
    .await?;
    Ok(Some(done.rows_affected() == 1))
}
