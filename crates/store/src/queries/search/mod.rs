//! The search index: each case's two documents of terms (see `asbcase_domain::search`), made
//! again by the indexer for every case in `search_queue`, and the search itself.
//!
//! Writing a case only moves its row in `search_queue` to a new version, so that saving and
//! importing do not wait on the index. The indexer reads a case whose indexed version is
//! behind, and writes its documents only if the version it read is still the case's: the
//! transaction starts by recording that version, guarded, and is rolled back if the case moved
//! on meanwhile (it is read again next time). Versions only grow, so an indexer that read an
//! old version can never write over the documents of a newer one.
use super::{Db, Pool, Row};
use crate::{Result, Written};
use asbcase_domain::search::{CaseText, Part, PersonText};
use asbcase_domain::{CaseId, OrganisationId, TenantId};
use sqlx::Row as _;

mod find;
pub use find::*;
use sqlx::types::Json;

const POSTGRES: bool = matches!(<Db as sqlx::Database>::NAME.as_bytes(), b"PostgreSQL");

/// Mark cases as changed: their documents are to be made again.
pub(super) async fn enqueue(tx: &mut sqlx::Transaction<'_, Db>, cases: &[(TenantId, CaseId)]) -> Result<()> {
    super::save::insert_rows(
        tx,
        "search_queue",
        &["tenant_id", "case_id", "version", "indexed"],
        " ON CONFLICT (tenant_id, case_id) DO UPDATE SET version = search_queue.version + 1",
        cases,
        |b, (tenant, case)| {
            b.push_bind(tenant.0).push_bind(case.0).push_bind(1i64).push_bind(0i64);
        },
    )
    .await?;
    Ok(())
}

/// Remove the documents of the cases `condition` picks (`$1` is the tenant, `$2` a bound
/// value) and queue them to be made again: for personal data just removed from them, which
/// must not be found by its old words meanwhile.
pub(super) async fn forget(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    condition: &str,
    value: uuid::Uuid,
) -> Result<()> {
    if !POSTGRES {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM search_terms WHERE rowid IN
                 (SELECT id FROM search_documents WHERE tenant_id = $1 AND case_id IN ({condition}))"
        )))
        .bind(tenant.0)
        .bind(value)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM search_documents WHERE tenant_id = $1 AND case_id IN ({condition})"
    )))
    .bind(tenant.0)
    .bind(value)
    .execute(&mut **tx)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO search_queue (tenant_id, case_id, version, indexed)
         SELECT $1, c.id, 1, 0 FROM cases c WHERE c.tenant_id = $1 AND c.id IN ({condition})
         ON CONFLICT (tenant_id, case_id) DO UPDATE SET version = search_queue.version + 1"
    )))
    .bind(tenant.0)
    .bind(value)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many of a partnership's changed cases wait for their documents.
pub async fn search_queue_length(pool: &Pool, tenant: TenantId) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM search_queue WHERE tenant_id = $1 AND indexed < version")
        .bind(tenant.0)
        .fetch_one(pool)
        .await?)
}

/// Make the documents of up to `limit` changed cases (of one partnership, or of all); gives
/// back how many were made. A case whose documents cannot be made is logged and marked with
/// why, and left until it changes again, so it never holds up the others.
pub async fn index_queued(pool: &Pool, tenant: Option<TenantId>, limit: i64) -> Result<usize> {
    let queued = sqlx::query(
        "SELECT tenant_id, case_id, version FROM search_queue
         WHERE indexed < version AND ($1 IS NULL OR tenant_id = $1) LIMIT $2",
    )
    .bind(tenant.map(|t| t.0))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    if queued.is_empty() && !POSTGRES {
        // Every document of these partnerships has been made since the upgrade that added the
        // organisation's term: searches no longer look beyond it (see `find`).
        sqlx::query("DELETE FROM search_remaking WHERE $1 IS NULL OR tenant_id = $1")
            .bind(tenant.map(|t| t.0))
            .execute(pool)
            .await?;
    }
    let mut read = Vec::with_capacity(queued.len());
    // One connection reads them all: on SQLite each statement on the pool would first wait for
    // a connection to be handed over, and then its page cache might be another's.
    let mut conn = pool.acquire().await?;
    for r in &queued {
        let queued = Queued {
            tenant: TenantId(r.try_get("tenant_id")?),
            case: CaseId(r.try_get("case_id")?),
            version: r.try_get("version")?,
        };
        match case_text(&mut conn, queued.tenant, queued.case).await {
            Ok(text) => read.push((queued, text.map(|t| t.documents()))),
            // The database is busy: what is read is written, the rest waits for next time.
            Err(e) if e.is_busy() => {
                busy(&e);
                break;
            }
            Err(e) => failed(pool, &queued, &e).await?,
        }
    }
    drop(conn);
    let mut done = 0;
    for batch in read.chunks(if POSTGRES { 1 } else { WRITTEN_TOGETHER }) {
        match write_documents(pool, batch).await {
            Ok(n) => done += n,
            // Busy: every case waits for next time, rather than each waiting out the lock again.
            Err(e) if e.is_busy() => {
                busy(&e);
                return Ok(done);
            }
            // One case of the batch cannot be written: each alone, so that only it is marked.
            Err(e) if batch.len() > 1 => {
                tracing::warn!(cases = batch.len(), error = %e, "writing search documents together failed; writing each case alone");
                for one in batch {
                    match write_documents(pool, std::slice::from_ref(one)).await {
                        Ok(n) => done += n,
                        Err(e) if e.is_busy() => {
                            busy(&e);
                            return Ok(done);
                        }
                        Err(e) => failed(pool, &one.0, &e).await?,
                    }
                }
            }
            Err(e) => failed(pool, &batch[0].0, &e).await?,
        }
    }
    Ok(done)
}

fn busy(e: &crate::StoreError) {
    tracing::warn!(error = %e, "the database was busy; changed cases wait for their search documents until next time");
}

/// After many rows were written at once: on PostgreSQL, count what the tables written hold, so
/// that the planner knows a partnership of 200,000 cases from one of six, and a common word
/// from a rare one (until autovacuum reached them, a search at 200,000 cases took 355 ms
/// instead of 9, by scanning every case); after indexing, also clear the search queue's old
/// row versions (every indexed case's row was rewritten, and its index was read through them
/// all). Only the tables written are analysed, by sample (the case facts too: a dashboard
/// reads them by their window). SQLite needs none of this.
pub async fn refresh_statistics(pool: &Pool, written: Written) -> Result<()> {
    if !POSTGRES {
        return Ok(());
    }
    match written {
        Written::Cases => {
            sqlx::query(
                "ANALYZE cases, case_events, case_parties, people, contacts, case_shares, case_facts, case_fact_categories, search_queue",
            )
            .execute(pool)
            .await?;
        }
        Written::SearchDocuments => {
            sqlx::query("VACUUM (ANALYZE) search_queue").execute(pool).await?;
            sqlx::query("ANALYZE search_documents").execute(pool).await?;
        }
    }
    Ok(())
}

/// Queue again every case whose documents could not be made, to be tried once more (and its
/// reason logged again if it still cannot); gives back how many.
pub async fn retry_search_failures(pool: &Pool) -> Result<u64> {
    Ok(sqlx::query("UPDATE search_queue SET version = version + 1 WHERE failure IS NOT NULL AND indexed = version")
        .execute(pool)
        .await?
        .rows_affected())
}

/// How many cases, over every partnership, whose documents could not be made (each is logged
/// with why when it happens), until they change again: search finds them only by their
/// documents from before, if any.
pub async fn search_failures(pool: &Pool) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM search_queue WHERE failure IS NOT NULL AND indexed = version")
        .fetch_one(pool)
        .await?)
}

/// How many cases' documents are written in one transaction on SQLite. FTS5 writes what it
/// was given to its index when a transaction ends: with a transaction a case, 20,000 demo
/// cases' documents were made at about 430 a second, 100 together at about 920, and the write
/// lock is still held only briefly. (On PostgreSQL each case is its own transaction: a transaction
/// locking many queue rows could deadlock with one saving many cases.)
const WRITTEN_TOGETHER: usize = 100;

/// A case waiting for its documents, at the version that was read.
struct Queued {
    tenant: TenantId,
    case: CaseId,
    version: i64,
}

/// Mark a case whose documents could not be made, with why, until it changes again.
async fn failed(pool: &Pool, q: &Queued, e: &crate::StoreError) -> Result<()> {
    tracing::warn!(case = %q.case.0, error = %e, "the case's search documents could not be made");
    sqlx::query(
        "UPDATE search_queue SET indexed = version, failure = $4
         WHERE tenant_id = $1 AND case_id = $2 AND version = $3",
    )
    .bind(q.tenant.0)
    .bind(q.case.0)
    .bind(q.version)
    .bind(e.to_string())
    .execute(pool)
    .await?;
    Ok(())
}

/// Write the documents of cases as they were read at their queued versions, in one
/// transaction; gives back how many were written. A case that moved on since it was read is
/// left for next time.
async fn write_documents(pool: &Pool, batch: &[(Queued, Option<(String, String)>)]) -> Result<usize> {
    let mut tx = pool.begin().await?;
    let mut done = 0;
    for (q, documents) in batch {
        // The guard comes first: on SQLite it takes the write lock, on PostgreSQL it locks the
        // row, so no change to the case commits between it and the documents.
        let current = sqlx::query(
            "UPDATE search_queue SET indexed = version, failure = NULL
             WHERE tenant_id = $1 AND case_id = $2 AND version = $3",
        )
        .bind(q.tenant.0)
        .bind(q.case.0)
        .bind(q.version)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !current {
            continue;
        }
        forget_documents(&mut tx, q.tenant, q.case).await?;
        if let Some((open, all)) = documents {
            write_document(&mut tx, q.tenant, q.case, Part::Open, open).await?;
            write_document(&mut tx, q.tenant, q.case, Part::All, all).await?;
        }
        done += 1;
    }
    tx.commit().await?;
    Ok(done)
}

async fn forget_documents(tx: &mut sqlx::Transaction<'_, Db>, tenant: TenantId, case: CaseId) -> Result<()> {
    if !POSTGRES {
        sqlx::query(
            "DELETE FROM search_terms WHERE rowid IN
                 (SELECT id FROM search_documents WHERE tenant_id = $1 AND case_id = $2)",
        )
        .bind(tenant.0)
        .bind(case.0)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM search_documents WHERE tenant_id = $1 AND case_id = $2")
        .bind(tenant.0)
        .bind(case.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn write_document(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    case: CaseId,
    part: Part,
    terms: &str,
) -> Result<()> {
    if POSTGRES {
        sqlx::query(
            // Another indexer may be writing the same case at the same moment: the last one wins.
            "INSERT INTO search_documents (tenant_id, case_id, part, terms)
             VALUES ($1, $2, $3, to_tsvector('simple', $4))
             ON CONFLICT (tenant_id, case_id, part) DO UPDATE SET terms = EXCLUDED.terms",
        )
        .bind(tenant.0)
        .bind(case.0)
        .bind(part.as_str())
        .bind(terms)
        .execute(&mut **tx)
        .await?;
    } else {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO search_documents (tenant_id, case_id, part) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(tenant.0)
        .bind(case.0)
        .bind(part.as_str())
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query("INSERT INTO search_terms (rowid, terms) VALUES ($1, $2)")
            .bind(id)
            .bind(terms)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Everything a case is found by, from wherever it is stored; `None` if there is no such case.
async fn case_text(
    conn: &mut sqlx::pool::PoolConnection<Db>,
    tenant: TenantId,
    case: CaseId,
) -> Result<Option<CaseText>> {
    let Some(c) = sqlx::query(
        "SELECT reference, organisation_id, description, address, postcode, crime_reference, anonymised_at
         FROM cases WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(case.0)
    .fetch_optional(&mut **conn)
    .await?
    else {
        return Ok(None);
    };
    let mut text = CaseText {
        reference: c.try_get("reference")?,
        owner: Some(OrganisationId(c.try_get("organisation_id")?)),
        descriptions: vec![c.try_get("description")?],
        address: c.try_get("address")?,
        postcode: c.try_get("postcode")?,
        crime_reference: c.try_get("crime_reference")?,
        ..CaseText::default()
    };
    // An anonymised case names no one, even someone whose record stays for another case.
    if c.try_get::<Option<crate::Ts>, _>("anonymised_at")?.is_some() {
        return Ok(Some(text));
    }
    let parties = sqlx::query(
        "SELECT cp.description, p.name, p.address, p.phone, p.email FROM case_parties cp
         LEFT JOIN people p ON p.tenant_id = cp.tenant_id AND p.id = cp.person_id AND p.erased_at IS NULL
         WHERE cp.tenant_id = $1 AND cp.case_id = $2",
    )
    .bind(tenant.0)
    .bind(case.0)
    .fetch_all(&mut **conn)
    .await?;
    for p in &parties {
        if let Some(d) = p.try_get::<Option<String>, _>("description")? {
            text.party_descriptions.push(d);
        }
        if let Some(name) = p.try_get::<Option<String>, _>("name")? {
            text.people.push(PersonText {
                name,
                address: p.try_get("address")?,
                phone: p.try_get("phone")?,
                email: p.try_get("email")?,
            });
        }
    }
    let contacts =
        sqlx::query_scalar::<_, String>("SELECT summary FROM contacts WHERE tenant_id = $1 AND case_id = $2")
            .bind(tenant.0)
            .bind(case.0)
            .fetch_all(&mut **conn)
            .await?;
    text.casework.extend(contacts);
    let events = sqlx::query(
        "SELECT kind, payload FROM case_events WHERE tenant_id = $1 AND case_id = $2
             AND kind IN ('further_report', 'imported', 'note_added', 'diary_entry_added', 'complainant_message', 'closed')
         ORDER BY seq",
    )
    .bind(tenant.0)
    .bind(case.0)
    .fetch_all(&mut **conn)
    .await?;
    for e in &events {
        add_event_text(&mut text, e)?;
    }
    Ok(Some(text))
}

/// The words of an event with text of its own. A redacted event's payload no longer has
/// them, and adds nothing.
fn add_event_text(text: &mut CaseText, e: &Row) -> Result<()> {
    let kind: String = e.try_get("kind")?;
    let payload = e.try_get::<Json<serde_json::Value>, _>("payload")?.0;
    let field = |name: &str| payload.get(name).and_then(serde_json::Value::as_str).map(str::to_string);
    match kind.as_str() {
        "further_report" => text.descriptions.extend(field("description")),
        "imported" => text.former_references.extend(field("former_reference")),
        "note_added" | "complainant_message" => text.casework.extend(field("text")),
        "closed" => text.casework.extend(field("summary")),
        "diary_entry_added" => {
            if let Some(entry) = payload.get("entry") {
                for name in ["what_happened", "how_it_affected"] {
                    text.casework.extend(entry.get(name).and_then(serde_json::Value::as_str).map(str::to_string));
                }
            }
        }
        _ => {}
    }
    Ok(())
}
