//! Two-step sign-in: each member of staff's authenticator secret and last accepted step,
//! sessions waiting for their code, signing out everywhere, and whether a partnership requires
//! two-step sign-in of everyone.
use super::Pool;
use crate::{Result, Ts, UserMfa};
use asbcase_domain::{TenantId, UserId};
use jiff::Timestamp;
use sqlx::Row as _;

pub async fn user_mfa(pool: &Pool, tenant: TenantId, user: UserId) -> Result<Option<UserMfa>> {
    let row = sqlx::query("SELECT secret, confirmed, last_step FROM user_mfa WHERE tenant_id = $1 AND user_id = $2")
        .bind(tenant.0)
        .bind(user.0)
        .fetch_optional(pool)
        .await?;
    row.map(|r| {
        Ok(UserMfa {
            secret: r.try_get("secret")?,
            confirmed: r.try_get("confirmed")?,
            last_step: r.try_get::<Option<i64>, _>("last_step")?.and_then(|s| u64::try_from(s).ok()),
        })
    })
    .transpose()
}

/// Give a new, unconfirmed secret (setting up, or starting again before confirming).
pub async fn start_mfa(pool: &Pool, tenant: TenantId, user: UserId, secret: &str, at: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO user_mfa (tenant_id, user_id, secret, confirmed, last_step, updated_at) VALUES ($1, $2, $3, FALSE, NULL, $4)
         ON CONFLICT (tenant_id, user_id) DO UPDATE SET secret = excluded.secret, confirmed = FALSE, last_step = NULL,
            updated_at = excluded.updated_at",
    )
    .bind(tenant.0)
    .bind(user.0)
    .bind(secret)
    .bind(Ts::from(at))
    .execute(pool)
    .await?;
    Ok(())
}

/// Accept a code's step: later than the last accepted (so no code works twice), and confirm
/// the secret if it was not yet. False when a code of this step or later was already used.
pub async fn accept_mfa_step(pool: &Pool, tenant: TenantId, user: UserId, step: u64, at: Timestamp) -> Result<bool> {
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    let done = sqlx::query(
        "UPDATE user_mfa SET last_step = $3, confirmed = TRUE, updated_at = $4
         WHERE tenant_id = $1 AND user_id = $2 AND (last_step IS NULL OR last_step < $3)",
    )
    .bind(tenant.0)
    .bind(user.0)
    .bind(step)
    .bind(Ts::from(at))
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn remove_mfa(pool: &Pool, tenant: TenantId, user: UserId) -> Result<()> {
    sqlx::query("DELETE FROM user_mfa WHERE tenant_id = $1 AND user_id = $2")
        .bind(tenant.0)
        .bind(user.0)
        .execute(pool)
        .await?;
    Ok(())
}

/// The session's code was right: it now counts.
pub async fn complete_session(pool: &Pool, token_hash: &str, at: Timestamp) -> Result<()> {
    sqlx::query("UPDATE sessions SET mfa_pending = FALSE, last_seen_at = $2 WHERE token_hash = $1")
        .bind(token_hash)
        .bind(Ts::from(at))
        .execute(pool)
        .await?;
    Ok(())
}

/// Sign a member of staff out everywhere: every session of theirs ends. How many there were.
pub async fn delete_sessions_of_user(pool: &Pool, tenant: TenantId, user: UserId) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2")
        .bind(tenant.0)
        .bind(user.0)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// End every session of a member of staff but `keep` (the one they are using).
pub async fn delete_other_sessions(pool: &Pool, tenant: TenantId, user: UserId, keep: &str) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND token_hash <> $3")
        .bind(tenant.0)
        .bind(user.0)
        .bind(keep)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

pub async fn set_password_hash(pool: &Pool, tenant: TenantId, user: UserId, hash: &str) -> Result<()> {
    sqlx::query("UPDATE users SET password_hash = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(user.0)
        .bind(hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn mfa_for_everyone(pool: &Pool, tenant: TenantId) -> Result<bool> {
    let v: Option<Option<bool>> =
        sqlx::query_scalar("SELECT mfa_for_everyone FROM partnership_settings WHERE tenant_id = $1")
            .bind(tenant.0)
            .fetch_optional(pool)
            .await?;
    Ok(v.flatten().unwrap_or(false))
}

pub async fn set_mfa_for_everyone(pool: &Pool, tenant: TenantId, on: bool) -> Result<()> {
    sqlx::query(
        "INSERT INTO partnership_settings (tenant_id, referral_response_days, mfa_for_everyone) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id) DO UPDATE SET mfa_for_everyone = excluded.mfa_for_everyone",
    )
    .bind(tenant.0)
    .bind(asbcase_domain::partnership::DEFAULT_RESPONSE_DAYS as i32)
    .bind(on)
    .execute(pool)
    .await?;
    Ok(())
}
