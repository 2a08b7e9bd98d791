//! Figures kept between dashboards (see `asbcase_domain::kpi::kept`): read, started, filled in,
//! and dropped by every save that changes them; or, for a period not yet ended
//! (`asbcase_domain::kpi::running`), brought up to date by it.
use super::{Db, Pool};
use crate::{KeptKind, KeptRow, Result, Ts};
use asbcase_domain::case::Case;
use asbcase_domain::kpi::compute::in_window;
use asbcase_domain::kpi::kept::complaint_days;
use asbcase_domain::kpi::period::{day, instant};
use asbcase_domain::kpi::running::Running;
use asbcase_domain::kpi::{CaseFacts, Kept, Period};
use asbcase_domain::{CaseId, TenantId};
use jiff::Timestamp;
use sqlx::Row as _;
use sqlx::types::Json;
use std::collections::{BTreeMap, HashMap};

const POSTGRES: bool = matches!(<Db as sqlx::Database>::NAME.as_bytes(), b"PostgreSQL");

/// At most this many sets of figures are kept for a partnership, and [`PER_ORGANISATION`] more
/// for each of its organisations (the oldest go first): enough for the dashboards worked out
/// ahead (`asbcase_reports::warm`: thirteen sets for each organisation, about thirty for the
/// partnership and four of hotspots) and the periods managers look at besides, however many
/// organisations the partnership has. A save reads only their keys, and checks only those of
/// its cases' organisations and of the partnership.
const MOST: i64 = 400;
const PER_ORGANISATION: i64 = 20;

/// A save that would check more cases against kept figures than this (each a run of the
/// engine over one case) drops those figures rather than checking each; a save of more cases
/// than this drops every kind kept for the partnership (an import of thousands of cases).
const MOST_CHECKS: usize = 2_000;

/// Tallies being worked out while more cases than this are saved are dropped rather than
/// noting each (and tallies whose dashboard never finished stop costing each save its note).
const MOST_NOTED: usize = 500;

/// A partnership's lock between saves (shared) and starting to work figures out (exclusive).
fn lock_key(tenant: TenantId) -> i64 {
    let b = tenant.0.as_bytes();
    i64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// ` IN (…)` with each of `items` bound.
pub(super) fn push_in<'t, T>(q: &mut sqlx::QueryBuilder<Db>, items: impl IntoIterator<Item = T>)
where
    T: sqlx::Encode<'t, Db> + sqlx::Type<Db>,
{
    q.push(" IN (");
    let mut list = q.separated(", ");
    for item in items {
        list.push_bind(item);
    }
    list.push_unseparated(")");
}

async fn lock_shared(tx: &mut sqlx::Transaction<'_, Db>, tenant: TenantId) -> Result<()> {
    if POSTGRES {
        sqlx::query("SELECT pg_advisory_xact_lock_shared($1)").bind(lock_key(tenant)).execute(&mut **tx).await?;
    }
    Ok(())
}

pub async fn kept_figures(pool: &Pool, tenant: TenantId, keys: &[String]) -> Result<Vec<KeptRow>> {
    if keys.is_empty() {
        return Ok(vec![]);
    }
    let mut q = sqlx::QueryBuilder::<Db>::new("SELECT key, kept, figures FROM kpi_kept WHERE tenant_id = ");
    q.push_bind(tenant.0).push(" AND key");
    push_in(&mut q, keys);
    let rows = q.build().fetch_all(pool).await?;
    rows.iter()
        .map(|r| {
            Ok(KeptRow {
                key: r.try_get("key")?,
                kept: r.try_get::<Json<serde_json::Value>, _>("kept")?.0,
                figures: r.try_get::<Option<Json<serde_json::Value>>, _>("figures")?.map(|j| j.0),
            })
        })
        .collect()
}

/// Start working out figures to keep: from now on a save that changes them drops them.
/// Returns the token that filling them in must give; none if saves hold the partnership's lock
/// for long (a long import holds it until it commits, and saves queued behind a dashboard
/// waiting for it would stall), so it is waited for a quarter of a second at most.
#[allow(clippy::too_many_arguments)]
pub async fn begin_keeping(
    pool: &Pool,
    tenant: TenantId,
    key: &str,
    kind: KeptKind,
    period: &Period,
    scope: &str,
    kept: &serde_json::Value,
    at: Timestamp,
) -> Result<Option<uuid::Uuid>> {
    let mut conn = pool.acquire().await?;
    if !POSTGRES {
        sqlx::query("PRAGMA busy_timeout = 250").execute(&mut *conn).await?;
    }
    let started = start_keeping(&mut conn, tenant, key, kind, period, scope, kept, at).await;
    if !POSTGRES {
        let wait = format!("PRAGMA busy_timeout = {}", crate::sqlite::BUSY_TIMEOUT.as_millis());
        if sqlx::query(sqlx::AssertSqlSafe(wait)).execute(&mut *conn).await.is_err() {
            // Not back to the usual wait: not returned to the pool either.
            drop(conn.detach());
        }
    }
    match started {
        Ok(token) => Ok(Some(token)),
        Err(e) if e.is_busy() => Ok(None),
        Err(e) => Err(e),
    }
}

#[allow(clippy::too_many_arguments)]
async fn start_keeping(
    conn: &mut sqlx::pool::PoolConnection<Db>,
    tenant: TenantId,
    key: &str,
    kind: KeptKind,
    period: &Period,
    scope: &str,
    kept: &serde_json::Value,
    at: Timestamp,
) -> Result<uuid::Uuid> {
    use sqlx::Connection as _;
    let token = uuid::Uuid::new_v4();
    let mut tx = conn.begin().await?;
    if POSTGRES {
        sqlx::query("SET LOCAL lock_timeout = '250ms'").execute(&mut *tx).await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(lock_key(tenant)).execute(&mut *tx).await?;
        sqlx::query("SET LOCAL lock_timeout TO DEFAULT").execute(&mut *tx).await?;
    }
    sqlx::query(
        "INSERT INTO kpi_kept (tenant_id, key, kind, first_day, last_day, scope, kept, token, figures, kept_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9)
         ON CONFLICT (tenant_id, key) DO UPDATE SET kind = excluded.kind, first_day = excluded.first_day,
             last_day = excluded.last_day, scope = excluded.scope, kept = excluded.kept,
             token = excluded.token, figures = NULL, saved_meanwhile = NULL, kept_at = excluded.kept_at",
    )
    .bind(tenant.0)
    .bind(key)
    .bind(kind.as_str())
    .bind(period.first.to_string())
    .bind(period.last.to_string())
    .bind(scope)
    .bind(Json(kept))
    .bind(token)
    .bind(Ts::from(at))
    .execute(&mut *tx)
    .await?;
    // Tallies of periods under way hold until the midnight after they were worked out: those
    // from before today are never served again, and would only cost each save its time.
    sqlx::query("DELETE FROM kpi_kept WHERE tenant_id = $1 AND kind = $2 AND kept_at < $3")
        .bind(tenant.0)
        .bind(KeptKind::Running.as_str())
        .bind(Ts::from(instant(day(at))))
        .execute(&mut *tx)
        .await?;
    let organisations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations WHERE tenant_id = $1")
        .bind(tenant.0)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query(
        "DELETE FROM kpi_kept WHERE tenant_id = $1 AND key NOT IN
             (SELECT key FROM kpi_kept WHERE tenant_id = $1 ORDER BY kept_at DESC, key LIMIT $2)",
    )
    .bind(tenant.0)
    .bind(MOST + PER_ORGANISATION * organisations)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Fill in figures started with `begin_keeping`, unless a save has dropped them since (or
/// another dashboard started them again). Returns whether they were kept.
pub async fn keep_figures(
    pool: &Pool,
    tenant: TenantId,
    key: &str,
    token: uuid::Uuid,
    figures: &serde_json::Value,
) -> Result<bool> {
    // Tallies with cases saved meanwhile are kept only by bringing them up to date with those
    // (`keep_running`).
    let done = sqlx::query(
        "UPDATE kpi_kept SET figures = $1
         WHERE tenant_id = $2 AND key = $3 AND token = $4 AND saved_meanwhile IS NULL",
    )
    .bind(Json(figures))
    .bind(tenant.0)
    .bind(key)
    .bind(token)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Fill in the tallies of a period under way started with `begin_keeping`, worked out from
/// `read` (the cases' facts as read, those `running` counts among them), unless they were
/// dropped or started again since. The cases saved meanwhile were noted by each save: what
/// the read saw of each (before or after its save) is taken away and what it is now is added,
/// under the row's lock, so saves after this one bring the tallies up to date from there.
/// Returns whether they were kept.
pub async fn keep_running(
    pool: &Pool,
    tenant: TenantId,
    key: &str,
    token: uuid::Uuid,
    running: &Running,
    read: &[(CaseId, CaseFacts)],
) -> Result<bool> {
    let mut tx = pool.begin().await?;
    // A write first: SQLite's lock for the whole transaction, PostgreSQL's on the row (after
    // any save holding it has committed).
    let ours = sqlx::query("UPDATE kpi_kept SET token = token WHERE tenant_id = $1 AND key = $2 AND token = $3")
        .bind(tenant.0)
        .bind(key)
        .bind(token)
        .execute(&mut *tx)
        .await?;
    if ours.rows_affected() != 1 {
        return Ok(false);
    }
    let Some(set) = kept_sets(&mut tx, tenant, &[key.to_string()], false).await?.remove(key) else {
        return Ok(false);
    };
    let mut running = running.clone();
    if !set.saved_meanwhile.is_empty() {
        let now = facts_of(&mut tx, tenant, set.saved_meanwhile.iter().copied()).await?;
        let saved: std::collections::HashSet<CaseId> = set.saved_meanwhile.iter().copied().collect();
        let seen: Vec<(CaseId, &CaseFacts)> =
            read.iter().filter(|(id, _)| saved.contains(id)).map(|(id, f)| (*id, f)).collect();
        let once: HashMap<CaseId, &CaseFacts> = seen.iter().copied().collect();
        // A case noted has facts (a case is removed only with every kept figure).
        let changes: Option<Vec<_>> =
            set.saved_meanwhile.iter().map(|id| Some((*id, once.get(id).copied(), now.get(id)?))).collect();
        // Read twice (each organisation's cases are read apart: one moved between the reads
        // of its old and new organisation), a case was counted twice: not kept.
        let twice = once.len() < seen.len();
        if twice || !changes.is_some_and(|changes| running.apply(&set.kept, &changes)) {
            tracing::warn!(key, "tallies worked out did not match the cases saved meanwhile; not kept");
            sqlx::query("DELETE FROM kpi_kept WHERE tenant_id = $1 AND key = $2")
                .bind(tenant.0)
                .bind(key)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok(false);
        }
    }
    sqlx::query("UPDATE kpi_kept SET figures = $1, saved_meanwhile = NULL WHERE tenant_id = $2 AND key = $3")
        .bind(Json(&running))
        .bind(tenant.0)
        .bind(key)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Give up figures started with `begin_keeping` (they could still change with time alone).
pub async fn forget_kept(pool: &Pool, tenant: TenantId, key: &str, token: uuid::Uuid) -> Result<()> {
    sqlx::query("DELETE FROM kpi_kept WHERE tenant_id = $1 AND key = $2 AND token = $3")
        .bind(tenant.0)
        .bind(key)
        .bind(token)
        .execute(pool)
        .await?;
    Ok(())
}

/// Inside a transaction that changes the partnership's cases otherwise than by saving them
/// (working their facts out again, erasing personal details): drop the figures of `kinds`
/// (every kind if none) kept for it, as `revise` would.
pub(super) async fn forget_all(tx: &mut sqlx::Transaction<'_, Db>, tenant: TenantId, kinds: &[KeptKind]) -> Result<()> {
    lock_shared(tx, tenant).await?;
    lock_rows(tx, tenant, None).await?;
    let mut q = sqlx::QueryBuilder::<Db>::new("DELETE FROM kpi_kept WHERE tenant_id = ");
    q.push_bind(tenant.0);
    if !kinds.is_empty() {
        q.push(" AND kind");
        push_in(&mut q, kinds.iter().map(|k| k.as_str()));
    }
    q.build().execute(&mut **tx).await?;
    Ok(())
}

/// On PostgreSQL, lock the partnership's kept rows under `keys` (all if none) in the order of
/// their keys, before changing any: saves bring the same tallies of periods under way up to
/// date and drop the same figures, and taking the rows in one order means two of them never
/// each hold a row the other waits for. (SQLite has a single writer.)
async fn lock_rows(tx: &mut sqlx::Transaction<'_, Db>, tenant: TenantId, keys: Option<&[String]>) -> Result<()> {
    if !POSTGRES || keys.is_some_and(|k| k.is_empty()) {
        return Ok(());
    }
    let mut q = sqlx::QueryBuilder::<Db>::new("SELECT key FROM kpi_kept WHERE tenant_id = ");
    q.push_bind(tenant.0);
    if let Some(keys) = keys {
        q.push(" AND key");
        push_in(&mut q, keys);
    }
    q.push(" ORDER BY key FOR UPDATE");
    q.build().fetch_all(&mut **tx).await?;
    Ok(())
}

/// Inside the transaction that saves `cases`, before their new facts are written: drop the kept
/// figures that the new facts change, and the kept repeats and hotspots of the days on which
/// complaints of the cases in `complaints` were made (before or after). SQLite holds the write
/// lock by now (the cases' rows are written first); PostgreSQL takes the partnership's lock
/// shared, so no figures are started while this save is under way, and a save after they
/// started sees them.
pub(super) async fn revise(tx: &mut sqlx::Transaction<'_, Db>, cases: &[&Case], complaints: &[CaseId]) -> Result<()> {
    // Partnerships in order, so two saves spanning the same ones take their locks alike.
    let mut by_tenant: BTreeMap<TenantId, Vec<&Case>> = BTreeMap::new();
    for c in cases {
        by_tenant.entry(c.tenant).or_default().push(c);
    }
    for (tenant, cases) in by_tenant {
        lock_shared(tx, tenant).await?;
        let rows = sqlx::query("SELECT key, kind, first_day, last_day, scope FROM kpi_kept WHERE tenant_id = $1")
            .bind(tenant.0)
            .fetch_all(&mut **tx)
            .await?;
        if rows.is_empty() {
            continue;
        }
        if cases.len() > MOST_CHECKS {
            forget_all(tx, tenant, &[]).await?;
            continue;
        }
        let old = old_facts(tx, tenant, &cases).await?;
        // Cases whose facts are as they were change no kept figures.
        let moved: Vec<&&Case> = cases.iter().filter(|c| old.get(&c.id) != Some(&c.facts)).collect();

        // The days complaints were made on, for the cases whose complaints may have changed.
        let mut days = vec![];
        for c in cases.iter().filter(|c| complaints.contains(&c.id)) {
            days.extend(complaint_days(&c.facts));
            days.extend(old.get(&c.id).map(complaint_days).unwrap_or_default());
        }
        let days: Vec<String> = days.iter().map(|d| d.to_string()).collect();
        let mut changed = vec![];
        // Kept figures each with the cases whose new facts may change them, and whether they
        // are brought up to date (a period not yet ended) rather than dropped.
        let mut to_check: Vec<(String, bool, Vec<&&Case>)> = vec![];
        for r in &rows {
            let key: String = r.try_get("key")?;
            let kind: String = r.try_get("kind")?;
            if KeptKind::FROM_COMPLAINTS.iter().any(|k| k.as_str() == kind) {
                let (first, last): (String, String) = (r.try_get("first_day")?, r.try_get("last_day")?);
                if days.iter().any(|d| (first.as_str()..=last.as_str()).contains(&d.as_str())) {
                    changed.push(key);
                }
                continue;
            }
            let scope: String = r.try_get("scope")?;
            let running = kind == KeptKind::Running.as_str();
            // Tallies of a period under way are changed only by cases of its window (ended
            // figures check every case of theirs: a kept set from another release is dropped).
            let window = match running {
                true => period_of(&r.try_get::<String, _>("first_day")?, &r.try_get::<String, _>("last_day")?),
                false => None,
            };
            let mine = |f: &CaseFacts| {
                (scope.is_empty() || scope == f.organisation.0.to_string())
                    && window.as_ref().is_none_or(|p| in_window(f, p))
            };
            let touched: Vec<&&Case> =
                moved.iter().copied().filter(|c| mine(&c.facts) || old.get(&c.id).is_some_and(&mine)).collect();
            if !touched.is_empty() {
                to_check.push((key, running, touched));
            }
        }
        if to_check.iter().map(|(_, _, cases)| cases.len()).sum::<usize>() > MOST_CHECKS {
            // Too many to check one by one (an import): all of them are worked out again.
            changed.extend(to_check.into_iter().map(|(key, _, _)| key));
        } else if !to_check.is_empty() {
            let (running, ended): (Vec<_>, Vec<_>) = to_check.into_iter().partition(|(_, running, _)| *running);
            let keys: Vec<String> = ended.iter().map(|(k, _, _)| k.clone()).collect();
            let kept = kept_sets(tx, tenant, &keys, false).await?;
            for (key, _, touched) in ended {
                // Figures kept by another release, or no longer readable, are dropped too.
                let changes: Vec<_> = touched.iter().map(|c| (c.id, old.get(&c.id), &c.facts)).collect();
                if kept.get(&key).is_none_or(|k| k.kept.changed_by(&changes)) {
                    changed.push(key);
                }
            }
            let keys: Vec<String> = running.iter().map(|(k, _, _)| k.clone()).collect();
            let mut locked: Vec<String> = keys.iter().chain(&changed).cloned().collect();
            locked.sort();
            locked.dedup();
            lock_rows(tx, tenant, Some(&locked)).await?;
            let mut sets = kept_sets(tx, tenant, &keys, true).await?;
            let (mut updated, mut noted) = (vec![], vec![]);
            for (key, _, touched) in running {
                let changes: Vec<_> = touched.iter().map(|c| (c.id, old.get(&c.id), &c.facts)).collect();
                let Some(set) = sets.remove(&key) else {
                    // No longer readable: dropped.
                    changed.push(key);
                    continue;
                };
                match set.figures.map(serde_json::from_value::<Running>) {
                    Some(Ok(mut running)) => {
                        let before = running.clone();
                        if !running.apply(&set.kept, &changes) {
                            tracing::warn!(key, "kept tallies no longer matched the cases' facts; dropped");
                            changed.push(key);
                        } else if running != before {
                            updated.push((key, running));
                        }
                    }
                    // Still being worked out, from the cases as they were before this save or
                    // after it: noted, so that keeping them brings them up to date with these
                    // cases as they are then (`keep_running`).
                    None => {
                        let mut saved = set.saved_meanwhile;
                        saved.extend(touched.iter().map(|c| c.id));
                        saved.sort();
                        saved.dedup();
                        if saved.len() > MOST_NOTED {
                            changed.push(key);
                        } else {
                            noted.push((key, saved));
                        }
                    }
                    Some(Err(_)) => changed.push(key),
                }
            }
            for (key, running) in updated {
                sqlx::query("UPDATE kpi_kept SET figures = $1 WHERE tenant_id = $2 AND key = $3")
                    .bind(Json(&running))
                    .bind(tenant.0)
                    .bind(&key)
                    .execute(&mut **tx)
                    .await?;
            }
            for (key, saved) in noted {
                sqlx::query("UPDATE kpi_kept SET saved_meanwhile = $1 WHERE tenant_id = $2 AND key = $3")
                    .bind(Json(saved.iter().map(|c| c.0).collect::<Vec<_>>()))
                    .bind(tenant.0)
                    .bind(&key)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        if !changed.is_empty() {
            // In key order (the rows brought up to date above are locked already).
            changed.sort();
            changed.dedup();
            lock_rows(tx, tenant, Some(&changed)).await?;
            let mut q = sqlx::QueryBuilder::<Db>::new("DELETE FROM kpi_kept WHERE tenant_id = ");
            q.push_bind(tenant.0).push(" AND key");
            push_in(&mut q, &changed);
            q.build().execute(&mut **tx).await?;
        }
    }
    Ok(())
}

/// A kept row as a save reads it.
struct KeptSet {
    /// What its figures were worked out from.
    kept: Kept,
    /// Its figures, if asked for and filled in.
    figures: Option<serde_json::Value>,
    /// The cases saved while its tallies were being worked out.
    saved_meanwhile: Vec<CaseId>,
}

/// The kept rows under `keys` that are still readable (with their figures if
/// `figures`: those of ended periods can be large, and a save checks them by their settings).
async fn kept_sets(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    keys: &[String],
    figures: bool,
) -> Result<HashMap<String, KeptSet>> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let columns = match (figures, POSTGRES) {
        (true, _) => "figures",
        (false, true) => "CAST(NULL AS JSONB) AS figures",
        (false, false) => "NULL AS figures",
    };
    let mut q = sqlx::QueryBuilder::<Db>::new(format!(
        "SELECT key, kept, {columns}, saved_meanwhile FROM kpi_kept WHERE tenant_id = "
    ));
    q.push_bind(tenant.0).push(" AND key");
    push_in(&mut q, keys);
    let rows = q.build().fetch_all(&mut **tx).await?;
    let mut out = HashMap::new();
    for r in rows {
        let Ok(kept) = serde_json::from_value::<Kept>(r.try_get::<Json<serde_json::Value>, _>("kept")?.0) else {
            continue;
        };
        let figures = r.try_get::<Option<Json<serde_json::Value>>, _>("figures")?.map(|j| j.0);
        let Ok(saved) = r.try_get::<Option<Json<Vec<uuid::Uuid>>>, _>("saved_meanwhile") else {
            continue;
        };
        let saved_meanwhile = saved.map(|j| j.0).unwrap_or_default().into_iter().map(CaseId).collect();
        out.insert(r.try_get("key")?, KeptSet { kept, figures, saved_meanwhile });
    }
    Ok(out)
}

/// The period from its first and last days as kept (any reporting year: only the days count).
fn period_of(first: &str, last: &str) -> Option<Period> {
    Period::custom(first.parse().ok()?, last.parse().ok()?, 4).ok()
}

async fn old_facts(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    cases: &[&Case],
) -> Result<HashMap<CaseId, CaseFacts>> {
    facts_of(tx, tenant, cases.iter().map(|c| c.id)).await
}

/// The facts of `cases` as written (none for a case without any yet).
async fn facts_of(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    cases: impl IntoIterator<Item = CaseId>,
) -> Result<HashMap<CaseId, CaseFacts>> {
    let mut q = sqlx::QueryBuilder::<Db>::new("SELECT case_id, facts FROM case_facts WHERE tenant_id = ");
    q.push_bind(tenant.0).push(" AND case_id");
    push_in(&mut q, cases.into_iter().map(|c| c.0));
    let rows = q.build().fetch_all(&mut **tx).await?;
    rows.iter().map(|r| Ok((CaseId(r.try_get("case_id")?), r.try_get::<Json<CaseFacts>, _>("facts")?.0))).collect()
}
