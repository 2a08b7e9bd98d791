use super::configuration::{hold_organisation, record_change};
use super::{Db, Pool, Row, corrupt};
use crate::{Open311Key, Open311Link, Open311Query, Open311Request, Open311Update, Result, StoreError, Ts};
use asbcase_domain::case::Status;
use asbcase_domain::credential::{self, Kind, same_name};
use asbcase_domain::reference::CaseReference;
use asbcase_domain::{CaseId, OrganisationId, TenantId};
use jiff::Timestamp;
use sqlx::Row as _;
use sqlx::types::Json;

/// Keep a new key (only its hash) and, in the same transaction, who made it in the receiving
/// organisation's history of settings changes. `Duplicate` if that organisation has a live key
/// of the same name (see [`same_name`]).
pub async fn add_open311_key(pool: &Pool, key: &Open311Key, key_hash: &str, by: &str) -> Result<()> {
    let (tenant, org) = (key.tenant, key.receiving_organisation);
    let mut tx: sqlx::Transaction<'_, Db> = pool.begin().await?;
    hold_organisation(&mut tx, tenant, org).await?;
    let live: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM open311_keys WHERE tenant_id = $1 AND receiving_organisation_id = $2 AND revoked_at IS NULL",
    )
    .bind(tenant.0)
    .bind(org.0)
    .fetch_all(&mut *tx)
    .await?;
    if key.revoked_at.is_none() && live.iter().any(|n| same_name(n, &key.name)) {
        return Err(StoreError::Duplicate(format!("a live Open311 key called '{}'", key.name)));
    }
    sqlx::query(
        "INSERT INTO open311_keys (key_hash, tenant_id, id, name, receiving_organisation_id, created_at, revoked_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(key_hash)
    .bind(tenant.0)
    .bind(key.id)
    .bind(&key.name)
    .bind(org.0)
    .bind(Ts::from(key.created_at))
    .bind(key.revoked_at.map(Ts::from))
    .bind(by)
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from_insert(e, "an Open311 key with that value"))?;
    let summary = credential::made(Kind::Open311Key, &key.name, None);
    record_change(&mut tx, tenant, org, Kind::Open311Key.setting(), &summary, by, key.created_at).await?;
    tx.commit().await?;
    Ok(())
}

fn key_from(r: &Row) -> Result<Open311Key> {
    Ok(Open311Key {
        tenant: TenantId(r.try_get("tenant_id")?),
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        receiving_organisation: OrganisationId(r.try_get("receiving_organisation_id")?),
        created_at: r.try_get::<Ts, _>("created_at")?.0,
        revoked_at: r.try_get::<Option<Ts>, _>("revoked_at")?.map(|t| t.0),
        created_by: r.try_get("created_by")?,
        revoked_by: r.try_get("revoked_by")?,
    })
}

const KEY_COLUMNS: &str =
    "tenant_id, id, name, receiving_organisation_id, created_at, revoked_at, created_by, revoked_by";

pub async fn open311_key(pool: &Pool, key_hash: &str) -> Result<Option<Open311Key>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {KEY_COLUMNS} FROM open311_keys WHERE key_hash = $1")))
        .bind(key_hash)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(key_from).transpose()
}

pub async fn open311_keys(pool: &Pool, tenant: TenantId) -> Result<Vec<Open311Key>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {KEY_COLUMNS} FROM open311_keys WHERE tenant_id = $1 ORDER BY created_at, name"
    )))
    .bind(tenant.0)
    .fetch_all(pool)
    .await?;
    rows.iter().map(key_from).collect()
}

/// The keys whose reports become `org`'s cases, live and revoked, oldest first.
pub async fn open311_keys_of(pool: &Pool, tenant: TenantId, org: OrganisationId) -> Result<Vec<Open311Key>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {KEY_COLUMNS} FROM open311_keys WHERE tenant_id = $1 AND receiving_organisation_id = $2
         ORDER BY created_at, name"
    )))
    .bind(tenant.0)
    .bind(org.0)
    .fetch_all(pool)
    .await?;
    rows.iter().map(key_from).collect()
}

/// Stop one of `org`'s keys working, keeping who did it in its history of settings changes;
/// false if it has no such live key.
pub async fn revoke_open311_key(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    id: uuid::Uuid,
    by: &str,
    at: Timestamp,
) -> Result<bool> {
    let mut tx: sqlx::Transaction<'_, Db> = pool.begin().await?;
    let name: Option<String> = sqlx::query_scalar(
        "UPDATE open311_keys SET revoked_at = $4, revoked_by = $5
         WHERE tenant_id = $1 AND receiving_organisation_id = $2 AND id = $3 AND revoked_at IS NULL
         RETURNING name",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(id)
    .bind(Ts::from(at))
    .bind(by)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(name) = name else { return Ok(false) };
    let summary = credential::revoked(Kind::Open311Key, &name);
    record_change(&mut tx, tenant, org, Kind::Open311Key.setting(), &summary, by, at).await?;
    tx.commit().await?;
    Ok(true)
}

/// Record, inside the transaction that stores the case, that it came in through Open311.
pub async fn insert_open311_link(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    case: CaseId,
    link: &Open311Link,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO open311_requests (tenant_id, case_id, key_id, token, external_id, media_url, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant.0)
    .bind(case.0)
    .bind(link.key)
    .bind(&link.token)
    .bind(&link.external_id)
    .bind(&link.media_url)
    .bind(Ts::from(at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const REQUEST_SELECT: &str = "SELECT c.reference, c.status, c.primary_category, c.description, c.address,
        c.postcode, c.latitude, c.longitude, c.reported_at, c.updated_at, o.name AS agency,
        r.key_id, r.token, r.media_url
    FROM open311_requests r
    JOIN cases c ON c.tenant_id = r.tenant_id AND c.id = r.case_id
    JOIN organisations o ON o.tenant_id = c.tenant_id AND o.id = c.organisation_id";

fn request_from(r: &Row) -> Result<Open311Request> {
    let reference: String = r.try_get("reference")?;
    let status: String = r.try_get("status")?;
    Ok(Open311Request {
        reference: CaseReference::parse(&reference).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        status: Status::parse(&status).map_or_else(|| corrupt("status", &status), Ok)?,
        service_code: r.try_get("primary_category")?,
        description: r.try_get("description")?,
        address: r.try_get("address")?,
        postcode: r.try_get("postcode")?,
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
        requested_at: r.try_get::<Ts, _>("reported_at")?.0,
        updated_at: r.try_get::<Ts, _>("updated_at")?.0,
        agency: r.try_get("agency")?,
        key: r.try_get("key_id")?,
        token: r.try_get("token")?,
        media_url: r.try_get("media_url")?,
    })
}

/// Open311 requests of a partnership, newest first.
pub async fn open311_requests(pool: &Pool, tenant: TenantId, q: &Open311Query) -> Result<Vec<Open311Request>> {
    // Lists of ids and codes become numbered placeholders after the five fixed ones.
    let mut n = 6;
    let mut list = |len: usize| {
        let s = (n..n + len).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        n += len;
        s
    };
    let ids = if q.ids.is_empty() { String::new() } else { format!(" AND c.reference IN ({})", list(q.ids.len())) };
    let codes = if q.service_codes.is_empty() {
        String::new()
    } else {
        format!(" AND c.primary_category IN ({})", list(q.service_codes.len()))
    };
    let sql = format!(
        "{REQUEST_SELECT}
         WHERE r.tenant_id = $1
           AND ($2 IS NULL OR c.reported_at >= $2)
           AND ($3 IS NULL OR c.reported_at <= $3)
           AND ($4 IS NULL OR ($4 = 'closed') = (c.status = 'closed'))
           {ids}{codes}
         ORDER BY c.reported_at DESC, c.reference
         LIMIT $5"
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(tenant.0)
        .bind(q.start.map(Ts::from))
        .bind(q.end.map(Ts::from))
        .bind(q.status.as_deref())
        .bind(q.limit);
    for v in q.ids.iter().chain(&q.service_codes) {
        query = query.bind(v);
    }
    let rows = query.fetch_all(pool).await?;
    rows.iter().map(request_from).collect()
}

/// The Open311 request a token was given for.
pub async fn open311_by_token(pool: &Pool, tenant: TenantId, token: &str) -> Result<Option<Open311Request>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{REQUEST_SELECT} WHERE r.tenant_id = $1 AND r.token = $2")))
        .bind(tenant.0)
        .bind(token)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(request_from).transpose()
}

/// Changes of the given kinds, between two instants, to cases that came in through a key.
pub async fn open311_updates(
    pool: &Pool,
    tenant: TenantId,
    key: uuid::Uuid,
    kinds: &[&str],
    start: Timestamp,
    end: Timestamp,
    limit: i64,
) -> Result<Vec<Open311Update>> {
    let kinds_sql = (0..kinds.len()).map(|i| format!("${}", i + 6)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT c.reference, e.seq, e.kind, e.payload, e.occurred_at
         FROM open311_requests r
         JOIN case_events e ON e.tenant_id = r.tenant_id AND e.case_id = r.case_id
         JOIN cases c ON c.tenant_id = r.tenant_id AND c.id = r.case_id
         WHERE r.tenant_id = $1 AND r.key_id = $2 AND e.occurred_at >= $3 AND e.occurred_at <= $4
           AND e.kind IN ({kinds_sql})
         ORDER BY e.occurred_at, c.reference, e.seq
         LIMIT $5"
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(tenant.0)
        .bind(key)
        .bind(Ts::from(start))
        .bind(Ts::from(end))
        .bind(limit);
    for k in kinds {
        query = query.bind(*k);
    }
    let rows = query.fetch_all(pool).await?;
    rows.iter()
        .map(|r| {
            let reference: String = r.try_get("reference")?;
            Ok(Open311Update {
                reference: CaseReference::parse(&reference).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                seq: r.try_get("seq")?,
                kind: r.try_get("kind")?,
                payload: r.try_get::<Json<serde_json::Value>, _>("payload")?.0,
                occurred_at: r.try_get::<Ts, _>("occurred_at")?.0,
            })
        })
        .collect()
}

/// The request a key already sent with this external id, if any.
pub async fn open311_by_external_id(
    pool: &Pool,
    tenant: TenantId,
    key: uuid::Uuid,
    external_id: &str,
) -> Result<Option<Open311Request>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{REQUEST_SELECT} WHERE r.tenant_id = $1 AND r.key_id = $2 AND r.external_id = $3"
    )))
    .bind(tenant.0)
    .bind(key)
    .bind(external_id)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(request_from).transpose()
}

/// The event an update a key already POSTed became, if it did.
pub async fn open311_update_received(
    pool: &Pool,
    tenant: TenantId,
    key: uuid::Uuid,
    update_id: &str,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT seq FROM open311_updates_received WHERE tenant_id = $1 AND key_id = $2 AND update_id = $3",
    )
    .bind(tenant.0)
    .bind(key)
    .bind(update_id)
    .fetch_optional(pool)
    .await?)
}

/// Store a case with the further report a partner's update became, and remember the update's
/// id, in one transaction.
pub async fn save_case_with_open311_update(
    pool: &Pool,
    case: &mut asbcase_domain::case::Case,
    key: uuid::Uuid,
    update_id: Option<&str>,
) -> Result<()> {
    let mut tx: sqlx::Transaction<'_, Db> = pool.begin().await?;
    super::save::save_one(&mut tx, case).await?;
    if let Some(u) = update_id {
        sqlx::query(
            "INSERT INTO open311_updates_received (tenant_id, key_id, update_id, case_id, seq) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(case.tenant.0)
        .bind(key)
        .bind(u)
        .bind(case.id.0)
        .bind(case.version)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_insert(e, "that update"))?;
    }
    tx.commit().await?;
    case.pending.clear();
    Ok(())
}
