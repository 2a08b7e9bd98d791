use super::{Pool, Row};
use crate::{Result, Session, StoreError, Ts, User};
use asbcase_domain::organisation::{roles_from_string, roles_to_string};
use asbcase_domain::{OrganisationId, TenantId, UserId};
use jiff::Timestamp;
use sqlx::Row as _;

fn user_from(r: &Row) -> Result<User> {
    let roles: String = r.try_get("roles")?;
    Ok(User {
        tenant: TenantId(r.try_get("tenant_id")?),
        id: UserId(r.try_get("id")?),
        organisation: OrganisationId(r.try_get("organisation_id")?),
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        roles: roles_from_string(&roles).map_err(StoreError::Corrupt)?,
        patch: r.try_get("patch")?,
        password_hash: r.try_get("password_hash")?,
        active: r.try_get("active")?,
        created_at: r.try_get::<Ts, _>("created_at")?.0,
    })
}

pub async fn create_user(pool: &Pool, u: &User) -> Result<()> {
    let mut tx = pool.begin().await?;
    insert_user(&mut tx, u).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn insert_user(tx: &mut sqlx::Transaction<'_, super::Db>, u: &User) -> Result<()> {
    sqlx::query(
        "INSERT INTO users (tenant_id, id, organisation_id, email, name, roles, patch, password_hash, active, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(u.tenant.0)
    .bind(u.id.0)
    .bind(u.organisation.0)
    .bind(u.email.to_lowercase())
    .bind(&u.name)
    .bind(roles_to_string(&u.roles))
    .bind(&u.patch)
    .bind(&u.password_hash)
    .bind(u.active)
    .bind(Ts::from(u.created_at))
    .execute(&mut **tx)
    .await
    .map_err(|e| StoreError::from_insert(e, &format!("a user with email {}", u.email)))?;
    Ok(())
}

pub async fn user_by_email(pool: &Pool, email: &str) -> Result<Option<User>> {
    let row = sqlx::query("SELECT * FROM users WHERE email = $1")
        .bind(email.trim().to_lowercase())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(user_from).transpose()
}

pub async fn user(pool: &Pool, tenant: TenantId, id: UserId) -> Result<Option<User>> {
    let row = sqlx::query("SELECT * FROM users WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id.0)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(user_from).transpose()
}

pub async fn users_of_organisation(pool: &Pool, tenant: TenantId, org: OrganisationId) -> Result<Vec<User>> {
    let rows = sqlx::query("SELECT * FROM users WHERE tenant_id = $1 AND organisation_id = $2 ORDER BY name")
        .bind(tenant.0)
        .bind(org.0)
        .fetch_all(pool)
        .await?;
    rows.iter().map(user_from).collect()
}

pub async fn create_session(pool: &Pool, s: &Session) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, tenant_id, user_id, created_at, last_seen_at, mfa_pending)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&s.token_hash)
    .bind(s.tenant.0)
    .bind(s.user.0)
    .bind(Ts::from(s.created_at))
    .bind(Ts::from(s.last_seen_at))
    .bind(s.mfa_pending)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn session(pool: &Pool, token_hash: &str) -> Result<Option<Session>> {
    let row = sqlx::query("SELECT * FROM sessions WHERE token_hash = $1").bind(token_hash).fetch_optional(pool).await?;
    row.map(|r| {
        Ok(Session {
            token_hash: r.try_get("token_hash")?,
            tenant: TenantId(r.try_get("tenant_id")?),
            user: UserId(r.try_get("user_id")?),
            created_at: r.try_get::<Ts, _>("created_at")?.0,
            last_seen_at: r.try_get::<Ts, _>("last_seen_at")?.0,
            mfa_pending: r.try_get("mfa_pending")?,
        })
    })
    .transpose()
}

pub async fn touch_session(pool: &Pool, token_hash: &str, at: Timestamp) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
        .bind(token_hash)
        .bind(Ts::from(at))
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn delete_session(pool: &Pool, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
    Ok(())
}

pub async fn delete_sessions_before(pool: &Pool, idle_before: Timestamp, created_before: Timestamp) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
        .bind(Ts::from(idle_before))
        .bind(Ts::from(created_before))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

pub async fn record_login_failure(pool: &Pool, email: &str, at: Timestamp) -> Result<i64> {
    let n: i64 = sqlx::query_scalar(
        "INSERT INTO login_failures (email, failures, last_failure_at) VALUES ($1, 1, $2)
         ON CONFLICT (email) DO UPDATE SET failures = login_failures.failures + 1, last_failure_at = excluded.last_failure_at
         RETURNING failures",
    )
    .bind(email.trim().to_lowercase())
    .bind(Ts::from(at))
    .fetch_one(pool)
    .await?;
    Ok(n)
}

pub async fn login_failures(pool: &Pool, email: &str) -> Result<Option<(i64, Timestamp)>> {
    let row = sqlx::query("SELECT failures, last_failure_at FROM login_failures WHERE email = $1")
        .bind(email.trim().to_lowercase())
        .fetch_optional(pool)
        .await?;
    row.map(|r| Ok((r.try_get("failures")?, r.try_get::<Ts, _>("last_failure_at")?.0))).transpose()
}

pub async fn clear_login_failures(pool: &Pool, email: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1").bind(email.trim().to_lowercase()).execute(pool).await?;
    Ok(())
}

/// Change a member of staff's roles and whether they may sign in, keeping who did it (a
/// summary under the organisation's "users" setting). Taking away access ends their sessions
/// and any invitation they have not taken up.
#[allow(clippy::too_many_arguments)]
pub async fn set_user_access(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
    user: asbcase_domain::UserId,
    roles: &[asbcase_domain::organisation::Role],
    active: bool,
    summary: &str,
    by: &str,
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE users SET roles = $3, active = $4 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(user.0)
        .bind(roles_to_string(roles))
        .bind(active)
        .execute(&mut *tx)
        .await?;
    if !active {
        sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2")
            .bind(tenant.0)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        // An invitation not yet taken up stops too: its email, if not sent yet, is not sent.
        sqlx::query("UPDATE staff_invites SET used_at = $3 WHERE tenant_id = $1 AND user_id = $2 AND used_at IS NULL")
            .bind(tenant.0)
            .bind(user.0)
            .bind(crate::Ts::from(at))
            .execute(&mut *tx)
            .await?;
    }
    super::configuration::record_change(&mut tx, tenant, org, "users", summary, by, at).await?;
    tx.commit().await?;
    Ok(())
}

/// Set which patch each of an organisation's officers covers (`None`: none), keeping the
/// change under its "patches" setting in the same transaction. Only the organisation's own
/// staff are changed.
pub async fn set_patches(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
    patches: &[(asbcase_domain::UserId, Option<String>)],
    summary: &str,
    by: &str,
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    for (user, patch) in patches {
        sqlx::query("UPDATE users SET patch = $4 WHERE tenant_id = $1 AND organisation_id = $2 AND id = $3")
            .bind(tenant.0)
            .bind(org.0)
            .bind(user.0)
            .bind(patch)
            .execute(&mut *tx)
            .await?;
    }
    super::configuration::record_change(&mut tx, tenant, org, "patches", summary, by, at).await?;
    tx.commit().await?;
    Ok(())
}

/// The patches of an organisation's cases not closed, with how many each has; by patch.
pub async fn open_case_patches(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
) -> Result<Vec<(String, i64)>> {
    let rows = sqlx::query(
        "SELECT patch, COUNT(*) AS n FROM cases
         WHERE tenant_id = $1 AND organisation_id = $2 AND status <> 'closed' AND patch IS NOT NULL
         GROUP BY patch ORDER BY patch",
    )
    .bind(tenant.0)
    .bind(org.0)
    .fetch_all(pool)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("patch")?, r.try_get("n")?))).collect()
}

/// Take away someone's two-step sign-in (a lost phone): they set it up again at their next
/// sign-in where it is required. Kept under the organisation's "users" setting.
pub async fn reset_two_step(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
    user: asbcase_domain::UserId,
    summary: &str,
    by: &str,
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM user_mfa WHERE tenant_id = $1 AND user_id = $2")
        .bind(tenant.0)
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2")
        .bind(tenant.0)
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    super::configuration::record_change(&mut tx, tenant, org, "users", summary, by, at).await?;
    tx.commit().await?;
    Ok(())
}

/// Set a member of staff's password for them (from the command line, when email cannot carry
/// an invitation or a reset): their sessions end, an invitation they have not taken up stops,
/// and failed sign-ins are forgotten, keeping who did it under the "users" setting.
pub async fn set_password_for(
    pool: &Pool,
    user: &User,
    password_hash: &str,
    (summary, by): (&str, &str),
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(user.tenant.0)
        .bind(user.id.0)
        .bind(password_hash)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2")
        .bind(user.tenant.0)
        .bind(user.id.0)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE staff_invites SET used_at = $3 WHERE tenant_id = $1 AND user_id = $2 AND used_at IS NULL")
        .bind(user.tenant.0)
        .bind(user.id.0)
        .bind(Ts::from(at))
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM login_failures WHERE email = $1").bind(&user.email).execute(&mut *tx).await?;
    super::configuration::record_change(&mut tx, user.tenant, user.organisation, "users", summary, by, at).await?;
    tx.commit().await?;
    Ok(())
}
