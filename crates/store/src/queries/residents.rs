//! Residents' links (tracker and survey), their tracker visits, and the count of link requests.
use super::{Db, Pool, Row, corrupt};
use crate::{LinkOutcome, ResidentLink, ResidentVisit, Result, Ts};
use asbcase_domain::case::Case;
use asbcase_domain::tracker::LinkPurpose;
use asbcase_domain::{CaseId, PersonId, TenantId};
use jiff::Timestamp;
use sqlx::Row as _;

pub(super) async fn insert_link(tx: &mut sqlx::Transaction<'_, Db>, l: &ResidentLink) -> Result<()> {
    sqlx::query(
        "INSERT INTO resident_links (id, token_hash, tenant_id, case_id, person_id, purpose, ttl_seconds, created_at, expires_at, used_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(l.id)
    .bind(&l.token_hash)
    .bind(l.tenant.0)
    .bind(l.case.0)
    .bind(l.person.0)
    .bind(l.purpose.as_str())
    .bind(l.ttl_seconds)
    .bind(Ts::from(l.created_at))
    .bind(Ts::from(l.expires_at))
    .bind(l.used_at.map(Ts::from))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn link_from(r: &Row) -> Result<ResidentLink> {
    let purpose: String = r.try_get("purpose")?;
    Ok(ResidentLink {
        id: r.try_get("id")?,
        token_hash: r.try_get("token_hash")?,
        ttl_seconds: r.try_get("ttl_seconds")?,
        tenant: TenantId(r.try_get("tenant_id")?),
        case: CaseId(r.try_get("case_id")?),
        person: PersonId(r.try_get("person_id")?),
        purpose: match LinkPurpose::parse(&purpose) {
            Some(p) => p,
            None => return corrupt("link purpose", &purpose),
        },
        created_at: r.try_get::<Ts, _>("created_at")?.0,
        expires_at: r.try_get::<Ts, _>("expires_at")?.0,
        used_at: r.try_get::<Option<Ts>, _>("used_at")?.map(|t| t.0),
    })
}

pub async fn resident_link(pool: &Pool, token_hash: &str) -> Result<Option<ResidentLink>> {
    let row =
        sqlx::query("SELECT * FROM resident_links WHERE token_hash = $1").bind(token_hash).fetch_optional(pool).await?;
    row.as_ref().map(link_from).transpose()
}

/// Follow a tracker link: the first time, before it expires, it opens a visit under
/// `visit_hash` lasting until `visit_expires`; after that it only says why it no longer works.
pub async fn follow_tracker_link(
    pool: &Pool,
    token_hash: &str,
    visit_hash: &str,
    now: Timestamp,
    visit_expires: Timestamp,
) -> Result<LinkOutcome> {
    // Spend the link with one write first: two clicks at once cannot both open a visit, and on
    // SQLite the transaction holds the write lock from its first statement.
    let mut tx = pool.begin().await?;
    let spent = sqlx::query(
        "UPDATE resident_links SET used_at = $2
         WHERE token_hash = $1 AND purpose = 'tracker' AND used_at IS NULL AND expires_at > $2
         RETURNING tenant_id, case_id, person_id",
    )
    .bind(token_hash)
    .bind(Ts::from(now))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(r) = spent else {
        drop(tx);
        return Ok(match resident_link(pool, token_hash).await? {
            Some(l) if l.purpose == LinkPurpose::Tracker && l.used_at.is_some() => LinkOutcome::Used,
            Some(l) if l.purpose == LinkPurpose::Tracker => LinkOutcome::Expired,
            _ => LinkOutcome::Unknown,
        });
    };
    let visit = ResidentVisit {
        tenant: TenantId(r.try_get("tenant_id")?),
        case: CaseId(r.try_get("case_id")?),
        person: PersonId(r.try_get("person_id")?),
        expires_at: visit_expires,
    };
    sqlx::query(
        "INSERT INTO resident_visits (token_hash, tenant_id, case_id, person_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(visit_hash)
    .bind(visit.tenant.0)
    .bind(visit.case.0)
    .bind(visit.person.0)
    .bind(Ts::from(now))
    .bind(Ts::from(visit_expires))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(LinkOutcome::Opened(visit))
}

/// Give a link its token as the message carrying it is delivered: it works for its time to
/// live from now. False when there is no such link.
pub async fn issue_link(
    pool: &Pool,
    tenant: TenantId,
    id: uuid::Uuid,
    token_hash: &str,
    now: Timestamp,
) -> Result<bool> {
    let ttl: Option<i64> =
        sqlx::query_scalar("SELECT ttl_seconds FROM resident_links WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(id)
            .fetch_optional(pool)
            .await?;
    let Some(ttl) = ttl else {
        // Not a resident's link: perhaps a staff invitation (their ids never clash).
        return Ok(super::invites::issue_invite(pool, tenant, id, token_hash, now).await?.unwrap_or(false));
    };
    let done = sqlx::query(
        "UPDATE resident_links SET token_hash = $3, expires_at = $4 WHERE tenant_id = $1 AND id = $2 AND used_at IS NULL",
    )
    .bind(tenant.0)
    .bind(id)
    .bind(token_hash)
    .bind(Ts::from(now + jiff::SignedDuration::from_secs(ttl)))
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A visit still running at `now`.
pub async fn resident_visit(pool: &Pool, visit_hash: &str, now: Timestamp) -> Result<Option<ResidentVisit>> {
    let row = sqlx::query("SELECT * FROM resident_visits WHERE token_hash = $1 AND expires_at > $2")
        .bind(visit_hash)
        .bind(Ts::from(now))
        .fetch_optional(pool)
        .await?;
    row.map(|r| {
        Ok(ResidentVisit {
            tenant: TenantId(r.try_get("tenant_id")?),
            case: CaseId(r.try_get("case_id")?),
            person: PersonId(r.try_get("person_id")?),
            expires_at: r.try_get::<Ts, _>("expires_at")?.0,
        })
    })
    .transpose()
}

pub async fn end_resident_visit(pool: &Pool, visit_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM resident_visits WHERE token_hash = $1").bind(visit_hash).execute(pool).await?;
    Ok(())
}

/// Store the survey's answers with the case and spend its link, in one transaction.
pub async fn save_survey_answers(pool: &Pool, case: &mut Case, token_hash: &str, now: Timestamp) -> Result<()> {
    let mut tx = pool.begin().await?;
    super::save::save_one(&mut tx, case).await?;
    sqlx::query("UPDATE resident_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL")
        .bind(token_hash)
        .bind(Ts::from(now))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    case.pending.clear();
    Ok(())
}

/// Count a link request under each key (hashed) and say how many each has had since its own
/// time, this one included. Requests older than a day are forgotten as they go.
pub async fn count_link_request(pool: &Pool, keys: &[(String, Timestamp)], now: Timestamp) -> Result<Vec<i64>> {
    let mut tx = pool.begin().await?;
    let day_ago = now - jiff::SignedDuration::from_hours(25);
    sqlx::query("DELETE FROM link_requests WHERE at < $1").bind(Ts::from(day_ago)).execute(&mut *tx).await?;
    let mut counts = vec![];
    for (key, since) in keys {
        sqlx::query("INSERT INTO link_requests (key_hash, at) VALUES ($1, $2)")
            .bind(key)
            .bind(Ts::from(now))
            .execute(&mut *tx)
            .await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM link_requests WHERE key_hash = $1 AND at > $2")
            .bind(key)
            .bind(Ts::from(*since))
            .fetch_one(&mut *tx)
            .await?;
        counts.push(n);
    }
    tx.commit().await?;
    Ok(counts)
}
