//! The search itself, over the documents the indexer makes (see the module above), the same
//! way on both databases: ranked by the words few documents have, and bounded, whatever the
//! size of the database, for words many have.
use super::super::{Pool, Row, lists};
use super::POSTGRES;
use crate::{Found, Result, SearchHit};
use asbcase_domain::search::{Query, owner_term};
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;
use sqlx::Row as _;

/// A term at least this many documents have is common: how well a case matches it is not
/// worth ranking by (to rank, both databases first count or read every document with each
/// term: a third of a second for a term of 2,000,000 documents on SQLite), and the cases
/// having it are looked for among the searcher's newest only (see [`search_cases`]).
const COMMON: i64 = 5000;
/// For common terms, the newest this many cases shared with the searcher's organisation are
/// looked through too, however old their documents: a partner sees few cases.
const SHARED: i64 = 2000;

/// The cases a member of `org` may see whose documents have every entry of `entries` (each
/// entry: any one of its terms), best match first, then newest; at most `limit`. Their own
/// organisation's cases and those shared with it in full are searched whole; those shared in
/// summary by what the summary shows.
///
/// The best match is judged by the terms (a word, or a name's sound-alike key) fewer than
/// [`COMMON`] documents have; a common one still has to be present, but does not weigh in (its
/// weight would be near nothing anyway). When some term is common, what is left of the page is
/// filled, unranked and newest reported first, from the newest of the searcher's organisation's
/// cases and the newest [`SHARED`] cases shared with it: [`Found::newest_only`] then says
/// whether older cases were left out, which a more precise search finds. Who may see each case
/// is decided exactly as in any search.
pub async fn search_cases(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    entries: &[Vec<String>],
    limit: i64,
    now: Timestamp,
) -> Result<Found> {
    search_cases_within(pool, tenant, org, entries, limit, now, COMMON).await
}

/// [`search_cases`] with terms common from `common` documents (tests use a small number).
pub async fn search_cases_within(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    entries: &[Vec<String>],
    limit: i64,
    now: Timestamp,
    common: i64,
) -> Result<Found> {
    // Each alternative of an entry is judged on its own: a name's sound-alike key (every
    // Smith, Smyth and Smythe) is common while the spelling searched for is rare, and the
    // cases with that spelling must come first, ranked, however old.
    let terms: Vec<&String> = entries.iter().flatten().collect();
    let common_terms = common_among(pool, &terms, common).await?;
    let (mut whole, mut partial) = (vec![], vec![]);
    for entry in entries {
        let alternatives: Vec<String> = entry.iter().filter(|t| !common_terms.contains(*t)).cloned().collect();
        if alternatives.len() == entry.len() {
            whole.push(alternatives);
        } else {
            partial.extend(alternatives);
        }
    }
    // The documents read first and ranked: with an entry all of whose alternatives are rare,
    // those having each such entry, which every match has, so nothing else need be looked at
    // (and a search of rare terms only is all such).
    // Otherwise those with any rare alternative: an entry's rare alternative need not be the
    // one a match has ("barking" is common and its sound-alike key rare and in no document;
    // "Smythe" is rare and its key common).
    let complete = !whole.is_empty();
    let rare = if complete { whole } else { vec![partial] };
    let hit = |r: &Row| -> Result<SearchHit> {
        Ok(SearchHit {
            summary: lists::summary_from(r, now)?,
            own: OrganisationId(r.try_get("organisation_id")?) == org,
            organisation: r.try_get("organisation_name")?,
        })
    };
    let mut found = Found { hits: vec![], newest_only: false };
    if rare.iter().all(|r| !r.is_empty()) {
        // Every entry must match; the documents of the rare alternatives, fewer than `common`
        // for each, are read first and ranked by them.
        let (from, join, matching, rank) = if POSTGRES {
            (
                "search_documents d",
                "JOIN",
                "d.terms @@ (to_tsquery('simple', $3) && to_tsquery('simple', $5))",
                "ts_rank(d.terms, to_tsquery('simple', $5)) DESC,",
            )
        } else {
            // CROSS JOIN keeps SQLite to reading the index first: the other way round it
            // would search the index once a document of the partnership. Each document read is
            // checked against the whole search by its own row: collecting every match of the
            // whole search first would read every case with a common word.
            (
                "(SELECT rowid AS id, rank FROM search_terms WHERE search_terms MATCH $5) r
                 CROSS JOIN search_documents d ON d.id = r.id",
                "CROSS JOIN",
                "EXISTS (SELECT 1 FROM search_terms t WHERE t.rowid = d.id AND search_terms MATCH $3)",
                "r.rank,",
            )
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(search_sql(from, join, matching, rank)))
            .bind(tenant.0)
            .bind(org.0)
            .bind(written(entries))
            .bind(limit)
            .bind(written(&rare))
            .fetch_all(pool)
            .await?;
        found.hits = rows.iter().map(hit).collect::<Result<Vec<_>>>()?;
    }
    if !complete && (found.hits.len() as i64) < limit {
        // The rest (sound-alikes, or a search of common words only), unranked, newest first.
        // Documents made before they held their organisation's term (after the upgrade, until
        // the indexer has remade them all) are found by the newest matches of any organisation.
        let remaking = !POSTGRES && remaking(pool, tenant).await?;
        let (from, join) = if POSTGRES {
            (NEWEST.to_string(), "JOIN")
        } else {
            (NEWEST.replace("{remaking}", if remaking { REMAKING } else { "" }), "CROSS JOIN")
        };
        let q = sqlx::query(sqlx::AssertSqlSafe(search_sql(&from, join, "TRUE", "")))
            .bind(tenant.0)
            .bind(org.0)
            .bind(written(entries))
            .bind(limit)
            .bind(common)
            .bind(SHARED);
        let q = if POSTGRES { q } else { q.bind(format!("\"{}\" AND {}", owner_term(org), Query::to_fts5(entries))) };
        for r in &q.fetch_all(pool).await? {
            let h = hit(r)?;
            if (found.hits.len() as i64) < limit && !found.hits.iter().any(|k| k.summary.id == h.summary.id) {
                found.hits.push(h);
            }
        }
        found.newest_only = remaking || older_left_out(pool, tenant, org, entries, common).await?;
    }
    Ok(found)
}

/// The search: the documents of `from` (as `d`) that satisfy `matching`, of cases the
/// searcher (`$2`, of the partnership `$1`) may see, ordered by `rank` and then newest; at
/// most `$4`. `join` joins the cases: a CROSS JOIN on SQLite keeps the documents first.
fn search_sql(from: &str, join: &str, matching: &str, rank: &str) -> String {
    format!(
        "SELECT c.id, c.reference, c.status, c.risk_band, c.primary_category, c.address, c.postcode,
                c.assigned_officer, u.name AS officer_name, c.reported_at, c.next_contact_due,
                c.hate_strands, c.channel, c.organisation_id, o.name AS organisation_name
         FROM {from}
         {join} cases c ON c.tenant_id = d.tenant_id AND c.id = d.case_id
         JOIN organisations o ON o.tenant_id = c.tenant_id AND o.id = c.organisation_id
         LEFT JOIN case_shares s ON s.tenant_id = c.tenant_id AND s.case_id = c.id AND s.organisation_id = $2
         LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.assigned_officer
         WHERE {matching} AND d.tenant_id = $1
           AND ((d.part = 'all' AND (c.organisation_id = $2 OR s.scope = 'full'))
             OR (d.part = 'open' AND s.scope = 'summary'))
         ORDER BY {rank} c.reported_at DESC
         LIMIT $4"
    )
}

/// The documents looked through for common terms (`$3`, the whole search): those of the newest
/// `$5` matching cases of the searcher's organisation (`$2`), and the matching documents of the
/// newest `$6` cases shared with it, each checked on its own.
///
/// SQLite walks its index newest document first and stops at `$5`, by the organisation's own
/// term (`$7`, the search with it; only a case's whole document has it), so that neither other
/// partnerships nor the rest of the partnership crowd an organisation's own cases out; CROSS
/// JOIN keeps it to this order. PostgreSQL's index cannot be walked newest first, so it checks
/// the documents of the organisation's `$5` most recently changed cases (those the newest
/// documents belong to), matching or not.
const NEWEST: &str = if POSTGRES {
    // The documents are read by their keys first (MATERIALIZED), whatever plan a prepared
    // statement settles on: read from the full-text index, a common word would be every match.
    // Each is matched as it is read, and only whether it matches is kept: 5,000 whole
    // documents kept for matching afterwards would be written out to a temporary file.
    "(WITH own AS MATERIALIZED (
          SELECT sd.tenant_id, sd.case_id, sd.part, sd.terms @@ to_tsquery('simple', $3) AS matching FROM
            (SELECT id FROM cases WHERE tenant_id = $1 AND organisation_id = $2 AND changed_at IS NOT NULL
             ORDER BY changed_at DESC LIMIT $5) recent
            JOIN search_documents sd ON sd.tenant_id = $1 AND sd.case_id = recent.id AND sd.part = 'all'),
        shared AS MATERIALIZED (
          SELECT sd.tenant_id, sd.case_id, sd.part, sd.terms @@ to_tsquery('simple', $3) AS matching FROM
            (SELECT case_id FROM case_shares WHERE tenant_id = $1 AND organisation_id = $2
             ORDER BY shared_at DESC LIMIT $6) recent
            JOIN search_documents sd ON sd.tenant_id = $1 AND sd.case_id = recent.case_id)
      SELECT tenant_id, case_id, part FROM own WHERE matching
      UNION ALL
      SELECT tenant_id, case_id, part FROM shared WHERE matching) d"
} else {
    "(SELECT id FROM (SELECT rowid AS id FROM search_terms WHERE search_terms MATCH $7
                      ORDER BY rowid DESC LIMIT $5)
      {remaking}
      UNION
      SELECT t.rowid FROM
        (SELECT case_id FROM case_shares WHERE tenant_id = $1 AND organisation_id = $2
         ORDER BY shared_at DESC LIMIT $6) recent
        CROSS JOIN search_documents sd ON sd.tenant_id = $1 AND sd.case_id = recent.case_id
        CROSS JOIN search_terms t ON t.rowid = sd.id
       WHERE search_terms MATCH $3) k
     CROSS JOIN search_documents d ON d.id = k.id"
};

/// On SQLite, while documents are being remade: the newest `$5` matching documents of any
/// organisation (of any partnership: the index is one), as searches of common words looked
/// through before documents held their organisation's term.
const REMAKING: &str = "UNION SELECT id FROM (SELECT rowid AS id FROM search_terms WHERE search_terms MATCH $3
                                   ORDER BY rowid DESC LIMIT $5)";

/// Whether the partnership's documents are still being remade since the upgrade that gave them
/// their organisation's term (SQLite: migration 0033 marks each partnership; the indexer clears
/// the mark once none of its cases waits).
async fn remaking(pool: &Pool, tenant: TenantId) -> Result<bool> {
    let marked: Option<i64> = sqlx::query_scalar("SELECT 1 FROM search_remaking WHERE tenant_id = $1")
        .bind(tenant.0)
        .fetch_optional(pool)
        .await?;
    Ok(marked.is_some())
}

/// Whether a search of common terms left out older cases that may match: the organisation
/// has more matching documents (SQLite) or cases (PostgreSQL) than were looked through, or
/// more shared cases.
async fn older_left_out(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    entries: &[Vec<String>],
    common: i64,
) -> Result<bool> {
    let own = if POSTGRES {
        let more: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM cases WHERE tenant_id = $1 AND organisation_id = $2 LIMIT $3) x",
        )
        .bind(tenant.0)
        .bind(org.0)
        .bind(common + 1)
        .fetch_one(pool)
        .await?;
        more > common
    } else {
        has_at_least(pool, &format!("\"{}\" AND {}", owner_term(org), Query::to_fts5(entries)), common + 1).await?
    };
    let shared: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM case_shares WHERE tenant_id = $1 AND organisation_id = $2 LIMIT $3) x",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(SHARED + 1)
    .fetch_one(pool)
    .await?;
    Ok(own || shared > SHARED)
}

/// A search as a query of the database's own syntax.
fn written(entries: &[Vec<String>]) -> String {
    if POSTGRES { Query::to_tsquery(entries) } else { Query::to_fts5(entries) }
}

/// Which of `terms` at least `n` documents have (all partnerships' documents count).
///
/// PostgreSQL's own statistics of the documents' terms (its most common terms, sampled when
/// the table is analysed, and again as it grows) say which terms are clearly common: more than
/// twice `n` documents have them by the sample, a margin well beyond its error. Every other term
/// is counted, up to `n`, through the full-text index only. (Statistics from before many
/// documents were removed could still call a term common: the search then looks through the
/// newest cases for it rather than ranking, and says when older ones may be left out. With no
/// statistics yet, before the table is first analysed, every term is counted.) Left to choose, PostgreSQL counts
/// a term of a few percent of the documents by reading them in turn until `n` have it: at
/// 1,000,000 cases 100,000 documents, each read out of line, for half a second a term.
async fn common_among(pool: &Pool, terms: &[&String], n: i64) -> Result<std::collections::HashSet<String>> {
    let mut common = std::collections::HashSet::new();
    if terms.is_empty() {
        return Ok(common);
    }
    if !POSTGRES {
        for term in terms {
            if has_at_least(pool, &format!("\"{term}\""), n).await? {
                common.insert(term.to_string());
            }
        }
        return Ok(common);
    }
    let values: Vec<String> = (2..terms.len() + 2).map(|i| format!("(${i})")).collect();
    let sql = format!(
        "WITH sampled AS (
             SELECT e.term FROM pg_stats s
             CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(term, share)
             WHERE s.schemaname = current_schema() AND s.tablename = 'search_documents' AND s.attname = 'terms'
               AND e.term IS NOT NULL AND e.share * (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'search_documents'::regclass)
                   >= 2 * $1)
         SELECT v.term FROM (VALUES {}) v(term)
         WHERE CASE WHEN v.term IN (SELECT term FROM sampled) THEN TRUE
               ELSE (SELECT COUNT(*) FROM (SELECT 1 FROM search_documents
                                           WHERE terms @@ to_tsquery('simple', v.term) LIMIT $1) x) >= $1
               END",
        values.join(", ")
    );
    let mut tx = pool.begin().await?;
    // The full-text index is then the only way PostgreSQL has to the documents.
    sqlx::query("SET LOCAL enable_seqscan = off").execute(&mut *tx).await?;
    sqlx::query("SET LOCAL enable_indexscan = off").execute(&mut *tx).await?;
    let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).bind(n);
    for term in terms {
        q = q.bind(term.as_str());
    }
    common.extend(q.persistent(false).fetch_all(&mut *tx).await?);
    tx.commit().await?;
    Ok(common)
}

/// Whether at least `n` documents match `query` (SQLite: an FTS5 query), counted without
/// ranking them.
async fn has_at_least(pool: &Pool, query: &str, n: i64) -> Result<bool> {
    let sql = "SELECT COUNT(*) FROM (SELECT 1 FROM search_terms WHERE search_terms MATCH $1 LIMIT $2)";
    let found: i64 = sqlx::query_scalar(sql).bind(query).bind(n).fetch_one(pool).await?;
    Ok(found >= n)
}
