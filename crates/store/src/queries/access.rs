//! The access log: who looked at personal data, chained by hash per partnership.
use super::{Pool, Row, corrupt};
use crate::{Result, Ts};
use asbcase_domain::audit::{AccessKind, AccessRecord, access_hash};
use asbcase_domain::event::GENESIS;
use asbcase_domain::{CaseId, TenantId, UserId};
use futures_util::TryStreamExt;
use jiff::Timestamp;
use sqlx::Row as _;

/// Append a record to the partnership's access log. The head row is written first, so that
/// concurrent writers queue behind each other and the chain never forks.
pub async fn record_access(
    pool: &Pool,
    tenant: TenantId,
    user: UserId,
    kind: AccessKind,
    case: Option<CaseId>,
    detail: &str,
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO access_heads (tenant_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (tenant_id) DO NOTHING",
    )
    .bind(tenant.0)
    .bind(GENESIS)
    .execute(&mut *tx)
    .await?;
    let head = sqlx::query("UPDATE access_heads SET seq = seq + 1 WHERE tenant_id = $1 RETURNING seq, hash")
        .bind(tenant.0)
        .fetch_one(&mut *tx)
        .await?;
    let (seq, prev): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
    let hash = access_hash(&prev, seq, at, user, kind, case, detail);
    sqlx::query(
        "INSERT INTO access_log (tenant_id, seq, at, user_id, kind, case_id, detail, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(tenant.0)
    .bind(seq)
    .bind(Ts::from(at))
    .bind(user.0)
    .bind(kind.as_str())
    .bind(case.map(|c| c.0))
    .bind(detail)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE access_heads SET hash = $2 WHERE tenant_id = $1")
        .bind(tenant.0)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

fn record_from(r: &Row) -> Result<AccessRecord> {
    let kind: String = r.try_get("kind")?;
    Ok(AccessRecord {
        tenant: TenantId(r.try_get("tenant_id")?),
        seq: r.try_get("seq")?,
        at: r.try_get::<Ts, _>("at")?.0,
        user: UserId(r.try_get("user_id")?),
        kind: match AccessKind::parse(&kind) {
            Some(k) => k,
            None => return corrupt("access kind", &kind),
        },
        case: r.try_get::<Option<uuid::Uuid>, _>("case_id")?.map(CaseId),
        detail: r.try_get("detail")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// Who looked at a case, newest first.
pub async fn access_to_case(pool: &Pool, tenant: TenantId, case: CaseId, limit: i64) -> Result<Vec<AccessRecord>> {
    let rows = sqlx::query("SELECT * FROM access_log WHERE tenant_id = $1 AND case_id = $2 ORDER BY seq DESC LIMIT $3")
        .bind(tenant.0)
        .bind(case.0)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(record_from).collect()
}

/// Walk every partnership's access log: the first record that is missing, out of order or
/// not what its hash says, as (partnership, record number, what is wrong); and how many were
/// checked.
pub async fn verify_access_log(pool: &Pool) -> Result<std::result::Result<u64, (TenantId, i64, String)>> {
    let mut rows = sqlx::query("SELECT * FROM access_log ORDER BY tenant_id, seq").fetch(pool);
    let (mut tenant, mut prev, mut expected, mut checked) = (None, GENESIS.to_string(), 1i64, 0u64);
    while let Some(r) = rows.try_next().await? {
        let rec = record_from(&r)?;
        if tenant != Some(rec.tenant) {
            tenant = Some(rec.tenant);
            prev = GENESIS.to_string();
            expected = 1;
        }
        if rec.seq != expected {
            return Ok(Err((rec.tenant, expected, "a record is missing".into())));
        }
        if !rec.intact_after(&prev) {
            return Ok(Err((rec.tenant, rec.seq, "the record is not what its hash says (changed?)".into())));
        }
        prev = rec.hash.clone();
        expected += 1;
        checked += 1;
    }
    drop(rows);
    // The head says how many there should be: records removed from the end show here.
    let heads = sqlx::query(
        "SELECT h.tenant_id, h.seq FROM access_heads h
         LEFT JOIN access_log l ON l.tenant_id = h.tenant_id AND l.seq = h.seq
         WHERE h.seq > 0 AND (l.hash IS NULL OR l.hash <> h.hash)",
    )
    .fetch_all(pool)
    .await?;
    if let Some(r) = heads.first() {
        return Ok(Err((
            TenantId(r.try_get("tenant_id")?),
            r.try_get("seq")?,
            "records at the end are missing".into(),
        )));
    }
    Ok(Ok(checked))
}
