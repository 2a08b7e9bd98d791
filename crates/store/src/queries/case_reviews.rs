//! ASB Case Reviews: the partnership's rules, the reviews and their steps, offers made for
//! matters that reached the threshold, the applicant's feedback link, and the complaints that
//! detection counts.
use super::{Db, Pool, Row, corrupt};
use crate::{Applicant, OutboxMessage, Result, ReviewChange, StoreError, StoredReview, Ts};
use asbcase_domain::case_review::{CaseReview, Complaint, ReviewRules, ReviewStep, location_key, place_key};
use asbcase_domain::party::PartyRole;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::time::london;
use asbcase_domain::{CaseId, OrganisationId, PersonId, TenantId, UserId};
use jiff::Timestamp;
use sqlx::Row as _;
use sqlx::types::Json;
use std::collections::HashMap;

/// Every version of the partnership's rules, earliest first, with who set each and when.
pub async fn review_rules(pool: &Pool, tenant: TenantId) -> Result<Vec<(ReviewRules, String, Timestamp)>> {
    let rows =
        sqlx::query("SELECT rules, set_by, set_at FROM case_review_rules WHERE tenant_id = $1 ORDER BY effective_from")
            .bind(tenant.0)
            .fetch_all(pool)
            .await?;
    rows.iter()
        .map(|r| {
            let Json(rules): Json<ReviewRules> = r.try_get("rules")?;
            Ok((rules, r.try_get("set_by")?, r.try_get::<Ts, _>("set_at")?.0))
        })
        .collect()
}

pub async fn add_review_rules(
    pool: &Pool,
    tenant: TenantId,
    rules: &ReviewRules,
    set_by: &str,
    recorded: Option<(asbcase_domain::OrganisationId, &str)>,
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO case_review_rules (tenant_id, effective_from, rules, set_by, set_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(tenant.0)
    .bind(rules.effective_from.to_string())
    .bind(Json(rules))
    .bind(set_by)
    .bind(Ts::from(at))
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from_insert(e, &format!("case review rules from {}", rules.effective_from)))?;
    if let Some((org, by)) = recorded {
        let summary = format!(
            "rules from {} (agreed by {set_by}): {}",
            asbcase_domain::time::human_date(rules.effective_from),
            rules.describe()
        );
        super::configuration::record_change(&mut tx, tenant, org, "case_review_rules", &summary, by, at).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The next review reference of the year: `CR-2026-0001`.
pub async fn next_review_reference(pool: &Pool, tenant: TenantId, year: i16) -> Result<String> {
    let n: i64 = sqlx::query_scalar(
        "INSERT INTO review_counters (tenant_id, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (tenant_id, year) DO UPDATE SET last = review_counters.last + 1
         RETURNING last",
    )
    .bind(tenant.0)
    .bind(i64::from(year))
    .fetch_one(pool)
    .await?;
    Ok(format!("CR-{year}-{n:04}"))
}

async fn insert_messages(tx: &mut sqlx::Transaction<'_, Db>, messages: &[OutboxMessage]) -> Result<()> {
    for m in messages {
        super::outbox::insert_message(tx, m).await?;
    }
    Ok(())
}

/// A new review, with the steps recorded as it was made (its acknowledgement) and the messages
/// its application sends, in one transaction. `r.version` is ignored: it becomes the number of
/// steps.
pub async fn create_review(
    pool: &Pool,
    r: &StoredReview,
    steps: &[ReviewStep],
    messages: &[OutboxMessage],
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO case_reviews (tenant_id, id, reference, applied_on, organisation_id, review, applicant, version,
            created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(r.review.tenant.0)
    .bind(r.review.id.0)
    .bind(&r.reference)
    .bind(r.review.application.applied_on.to_string())
    .bind(r.organisation.0)
    .bind(Json(&r.review))
    .bind(Json(&r.applicant))
    .bind(steps.len() as i64)
    .bind(Ts::from(r.created_at))
    .bind(Ts::from(r.updated_at))
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from_insert(e, &format!("case review {}", r.reference)))?;
    for (i, step) in steps.iter().enumerate() {
        insert_step(&mut tx, r, 1 + i as i64, step, None, r.created_at).await?;
    }
    insert_messages(&mut tx, messages).await?;
    tx.commit().await?;
    Ok(())
}

async fn insert_step(
    tx: &mut sqlx::Transaction<'_, Db>,
    r: &StoredReview,
    seq: i64,
    step: &ReviewStep,
    actor: Option<UserId>,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_review_steps (tenant_id, review_id, seq, step, actor_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(r.review.tenant.0)
    .bind(r.review.id.0)
    .bind(seq)
    .bind(Json(step))
    .bind(actor.map(|a| a.0))
    .bind(Ts::from(at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Record steps taken on a review, unless someone else changed it since `r.version` was read;
/// with the messages they send and the applicant's feedback link (its hash and expiry).
pub async fn save_review_steps(pool: &Pool, r: &StoredReview, c: &ReviewChange<'_>) -> Result<()> {
    let ReviewChange { steps, actor, at, messages, new_link: link, spend_link } = *c;
    let mut tx = pool.begin().await?;
    // The feedback link answered, spent with what it recorded: `Duplicate` when already spent.
    if let Some(hash) = spend_link {
        let spent = sqlx::query("UPDATE review_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL")
            .bind(hash)
            .bind(Ts::from(at))
            .execute(&mut *tx)
            .await?;
        if spent.rows_affected() != 1 {
            return Err(StoreError::Duplicate("answer from this feedback link".into()));
        }
    }
    let t = r.review.tenant.0;
    let version = r.version + steps.len() as i64;
    let done = sqlx::query(
        "UPDATE case_reviews SET review = $3, version = $4, updated_at = $5
         WHERE tenant_id = $1 AND id = $2 AND version = $6 AND anonymised_at IS NULL",
    )
    .bind(t)
    .bind(r.review.id.0)
    .bind(Json(&r.review))
    .bind(version)
    .bind(Ts::from(at))
    .bind(r.version)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Conflict);
    }
    for (i, step) in steps.iter().enumerate() {
        insert_step(&mut tx, r, r.version + 1 + i as i64, step, actor, at).await?;
    }
    insert_messages(&mut tx, messages).await?;
    if let Some((hash, expires)) = link {
        sqlx::query("INSERT INTO review_links (token_hash, tenant_id, review_id, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(hash)
            .bind(t)
            .bind(r.review.id.0)
            .bind(Ts::from(expires))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

fn review_from(r: &Row) -> Result<StoredReview> {
    let Json(review): Json<CaseReview> = r.try_get("review")?;
    let Json(applicant): Json<Applicant> = r.try_get("applicant")?;
    Ok(StoredReview {
        review,
        reference: r.try_get("reference")?,
        organisation: OrganisationId(r.try_get("organisation_id")?),
        applicant,
        version: r.try_get("version")?,
        created_at: r.try_get::<Ts, _>("created_at")?.0,
        updated_at: r.try_get::<Ts, _>("updated_at")?.0,
    })
}

pub async fn case_review(pool: &Pool, tenant: TenantId, reference: &str) -> Result<Option<StoredReview>> {
    let row = sqlx::query("SELECT * FROM case_reviews WHERE tenant_id = $1 AND reference = $2")
        .bind(tenant.0)
        .bind(reference)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(review_from).transpose()
}

/// Every review of the partnership, newest application first.
pub async fn case_reviews(pool: &Pool, tenant: TenantId) -> Result<Vec<StoredReview>> {
    let rows = sqlx::query("SELECT * FROM case_reviews WHERE tenant_id = $1 ORDER BY applied_on DESC, reference DESC")
        .bind(tenant.0)
        .fetch_all(pool)
        .await?;
    rows.iter().map(review_from).collect()
}

/// The steps recorded on a review, in order, with who recorded each and when.
pub async fn review_steps(
    pool: &Pool,
    tenant: TenantId,
    review: uuid::Uuid,
) -> Result<Vec<(ReviewStep, Option<UserId>, Timestamp)>> {
    let rows = sqlx::query(
        "SELECT step, actor_id, at FROM case_review_steps WHERE tenant_id = $1 AND review_id = $2 ORDER BY seq",
    )
    .bind(tenant.0)
    .bind(review)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let Json(step): Json<ReviewStep> = r.try_get("step")?;
            Ok((step, r.try_get::<Option<uuid::Uuid>, _>("actor_id")?.map(UserId), r.try_get::<Ts, _>("at")?.0))
        })
        .collect()
}

/// Offers of a review made for matters that reached the threshold: (matter key, date, note).
pub async fn review_offers(pool: &Pool, tenant: TenantId) -> Result<Vec<(String, String, String)>> {
    let rows = sqlx::query("SELECT matter, offered_on, note FROM case_review_offers WHERE tenant_id = $1")
        .bind(tenant.0)
        .fetch_all(pool)
        .await?;
    rows.iter().map(|r| Ok((r.try_get("matter")?, r.try_get("offered_on")?, r.try_get("note")?))).collect()
}

pub async fn record_review_offer(
    pool: &Pool,
    tenant: TenantId,
    matter: &str,
    on: jiff::civil::Date,
    by: UserId,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_review_offers (tenant_id, matter, offered_on, offered_by, note) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, matter) DO UPDATE SET offered_on = excluded.offered_on,
            offered_by = excluded.offered_by, note = excluded.note",
    )
    .bind(tenant.0)
    .bind(matter)
    .bind(on.to_string())
    .bind(by.0)
    .bind(note)
    .execute(pool)
    .await?;
    Ok(())
}

/// The review a feedback link opens, while it works: (tenant, review id, expired, used).
pub async fn review_link(pool: &Pool, token_hash: &str) -> Result<Option<(TenantId, uuid::Uuid, Timestamp, bool)>> {
    let row = sqlx::query("SELECT tenant_id, review_id, expires_at, used_at FROM review_links WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(pool)
        .await?;
    row.map(|r| {
        Ok((
            TenantId(r.try_get("tenant_id")?),
            r.try_get("review_id")?,
            r.try_get::<Ts, _>("expires_at")?.0,
            r.try_get::<Option<Ts>, _>("used_at")?.is_some(),
        ))
    })
    .transpose()
}

pub async fn case_review_lead(pool: &Pool, tenant: TenantId) -> Result<Option<OrganisationId>> {
    super::organisations::kept_organisation(pool, tenant, super::organisations::Part::LeadsCaseReviews).await
}

pub async fn set_case_review_lead(pool: &Pool, tenant: TenantId, org: OrganisationId) -> Result<()> {
    super::organisations::keep_organisation(pool, tenant, super::organisations::Part::LeadsCaseReviews, org).await
}

/// What a complaint needs from a `reported` or `further_report` event's payload.
#[derive(serde::Deserialize)]
struct ComplaintBits {
    reported_at: Timestamp,
    /// A report's details (a further report has none).
    #[serde(default)]
    details: Option<DetailsBits>,
    /// A further report's complainant, when not the case's.
    #[serde(default)]
    from: Option<PersonId>,
}

#[derive(serde::Deserialize)]
struct DetailsBits {
    #[serde(default)]
    last_happened: Option<jiff::civil::Date>,
}

/// The parties of a case that detection groups complaints by.
#[derive(Clone, Default)]
struct Parties {
    complainant: Option<PersonId>,
    household: Option<String>,
    about: Vec<PersonId>,
}

/// Every complaint made to any organisation of the partnership since `since`: each report, and
/// each further report on an open case. A report joined to another case at triage is counted
/// there, as its further report, not twice.
pub async fn complaints_since(pool: &Pool, tenant: TenantId, since: Timestamp) -> Result<Vec<Complaint>> {
    complaints(pool, tenant, since, None, None).await
}

/// Every complaint made to any organisation of the partnership from `since` until `before`
/// (a dashboard of a past period reads only its own years).
pub async fn complaints_between(
    pool: &Pool,
    tenant: TenantId,
    since: Timestamp,
    before: Timestamp,
) -> Result<Vec<Complaint>> {
    complaints(pool, tenant, since, Some(before), None).await
}

/// The complaints since `since` that could be repeats of `case`: the case's own, and those of
/// the cases [`near`] finds.
pub async fn complaints_like(pool: &Pool, tenant: TenantId, since: Timestamp, case: CaseId) -> Result<Vec<Complaint>> {
    complaints(pool, tenant, since, None, Some(case)).await
}

/// The three statements that read complaints: the cases with their reports, the further
/// reports, and the parties.
struct Statements {
    cases: String,
    further: String,
    parties: String,
}

const POSTGRES: bool = matches!(<Db as sqlx::Database>::NAME.as_bytes(), b"PostgreSQL");

/// A case's columns, and of its report the fields a complaint needs, as [`ComplaintBits`]
/// (taken out in the database: the whole report, with its description, was most of what
/// a dashboard read for repeats).
const CASE_COLUMNS: &str = if POSTGRES {
    "c.id, c.reference, c.organisation_id, c.reported_at, c.address, c.postcode, c.uprn, c.hate_strands,
    (SELECT jsonb_build_object('reported_at', e.payload->'reported_at',
            'details', jsonb_build_object('last_happened', e.payload->'details'->'last_happened'))
        FROM case_events e WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id
        AND e.seq = 1 AND e.kind = 'reported') AS report"
} else {
    "c.id, c.reference, c.organisation_id, c.reported_at, c.address, c.postcode, c.uprn, c.hate_strands,
    (SELECT json_object('reported_at', json_extract(e.payload, '$.reported_at'),
            'details', json_object('last_happened', json_extract(e.payload, '$.details.last_happened')))
        FROM case_events e WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id
        AND e.seq = 1 AND e.kind = 'reported') AS report"
};
const PARTY_COLUMNS: &str = "p.case_id, p.role, p.person_id, pe.address AS home";
const HOME: &str =
    "LEFT JOIN people pe ON pe.tenant_id = p.tenant_id AND pe.id = p.person_id AND p.role = 'complainant'";

/// Every complaint of the partnership since $2 ($3 is bound, and null), and, if `bounded`,
/// before $4.
fn everywhere(bounded: bool) -> Statements {
    // Cases reported since, and cases with a further report since, each found by an index
    // (a condition on every case's events would read every event of the partnership). A
    // further report can be recorded after the time it gives, so only reports are read up to
    // $4; the complaints made after it are left out as they are read.
    let until = if bounded { " AND r.reported_at < $4" } else { "" };
    let recent = format!(
        "c.tenant_id = $1 AND (c.outcome IS NULL OR c.outcome <> 'linked') AND c.id IN (
            SELECT r.id FROM cases r WHERE r.tenant_id = $1 AND r.reported_at >= $2{until}
            UNION SELECT f.case_id FROM case_events f
                WHERE f.tenant_id = $1 AND f.kind = 'further_report' AND f.occurred_at >= $2) AND $3 IS NULL"
    );
    Statements {
        // Each case's report is its first event, read by key beside the case (a join let
        // PostgreSQL read every report of the partnership to find these: 5 s at 1,000,000 cases).
        cases: format!("SELECT {CASE_COLUMNS} FROM cases c WHERE {recent}"),
        // Further reports by the index of events by kind and time (one is recorded no earlier
        // than the time it gives, so none made since is recorded before). Reading every event
        // of each case to find these and the reports was most of the time the dashboard took
        // for repeats.
        further: "SELECT e.case_id, e.seq, e.payload FROM case_events e JOIN cases c ON c.tenant_id = e.tenant_id AND c.id = e.case_id
            WHERE e.tenant_id = $1 AND e.kind = 'further_report' AND e.occurred_at >= $2
                AND (c.outcome IS NULL OR c.outcome <> 'linked') AND $3 IS NULL"
            .into(),
        parties: format!(
            "SELECT {PARTY_COLUMNS} FROM case_parties p JOIN cases c ON c.tenant_id = p.tenant_id AND c.id = p.case_id
             {HOME} WHERE {recent} ORDER BY p.case_id, p.added_seq"
        ),
    }
}

/// The complaints since $2 of the cases that could share a matter with case $3, each found by
/// an index: the case, those of its place (by the key complaints are matched by, written with
/// each case: `case_review::place_key`; empty for no one's place, such as a blank address or
/// one removed for privacy), and those where one of its complainants or people complained
/// about is either. Testing every recent case of the partnership against the case instead took
/// seconds at 1,000,000 cases. Place keys are indexed by their first characters (a whole one
/// can be longer than an index entry may be). These cases are read first (CROSS JOIN keeps
/// SQLite, which has no statistics here, from starting with every party of the partnership).
fn near() -> Statements {
    let roles = "('complainant', 'person_complained_about')";
    let near = format!(
        "WITH near (id) AS MATERIALIZED (
            SELECT k.id FROM cases k WHERE k.tenant_id = $1 AND k.id = $3
            UNION SELECT o.id FROM cases k CROSS JOIN cases o
                WHERE k.tenant_id = $1 AND k.id = $3 AND k.place_key <> '' AND o.tenant_id = k.tenant_id
                    AND substr(o.place_key, 1, 200) = substr(k.place_key, 1, 200) AND o.place_key = k.place_key
            UNION SELECT b.case_id FROM case_parties a CROSS JOIN case_parties b
                WHERE a.tenant_id = $1 AND a.case_id = $3 AND a.role IN {roles}
                    AND b.tenant_id = a.tenant_id AND b.person_id = a.person_id AND b.role IN {roles}) "
    );
    // Each of these cases by its own time; only further reports are read by the index of
    // events by kind and time.
    let recent = "c.tenant_id = $1 AND c.id = near.id AND (c.outcome IS NULL OR c.outcome <> 'linked') AND (
        c.reported_at >= $2 OR c.id IN (SELECT f.case_id FROM case_events f
            WHERE f.tenant_id = $1 AND f.kind = 'further_report' AND f.occurred_at >= $2))";
    Statements {
        cases: format!("{near}SELECT {CASE_COLUMNS} FROM near CROSS JOIN cases c WHERE {recent}"),
        further: format!(
            "{near}SELECT e.case_id, e.seq, e.payload FROM case_events e JOIN cases c ON c.tenant_id = e.tenant_id AND c.id = e.case_id
             WHERE e.tenant_id = $1 AND e.kind = 'further_report' AND e.occurred_at >= $2
                 AND (c.outcome IS NULL OR c.outcome <> 'linked') AND c.id IN (SELECT id FROM near)"
        ),
        parties: format!(
            "{near}SELECT {PARTY_COLUMNS} FROM near CROSS JOIN cases c CROSS JOIN case_parties p {HOME}
             WHERE {recent} AND p.tenant_id = c.tenant_id AND p.case_id = c.id ORDER BY p.case_id, p.added_seq"
        ),
    }
}

async fn complaints(
    pool: &Pool,
    tenant: TenantId,
    since: Timestamp,
    before: Option<Timestamp>,
    like: Option<CaseId>,
) -> Result<Vec<Complaint>> {
    let statements = if like.is_some() { near() } else { everywhere(before.is_some()) };
    // $4 is bound only where it is used: the further reports are read whatever it is.
    let read = |sql: String, until: Option<Timestamp>| {
        let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.0).bind(Ts::from(since)).bind(like.map(|c| c.0));
        match until {
            Some(until) => q.bind(Ts::from(until)),
            None => q,
        }
        .fetch_all(pool)
    };
    let cases = read(statements.cases, before).await?;
    let further = read(statements.further, None).await?;
    let parties = read(statements.parties, before).await?;
    // Who complained first (and their home) and about whom, per case; every complainant's home
    // (only a complainant's is read: a further report's is someone who complained).
    let mut who: HashMap<uuid::Uuid, Parties> = HashMap::new();
    let mut homes: HashMap<PersonId, Option<String>> = HashMap::new();
    for p in &parties {
        let role: String = p.try_get("role")?;
        let person: Option<uuid::Uuid> = p.try_get("person_id")?;
        let home: Option<String> = p.try_get("home")?;
        if let Some(person) = person.filter(|_| role == PartyRole::Complainant.as_str()) {
            homes.insert(PersonId(person), home.clone());
        }
        let entry = who.entry(p.try_get("case_id")?).or_default();
        match PartyRole::parse(&role) {
            Some(PartyRole::Complainant) if entry.complainant.is_none() => {
                entry.complainant = person.map(PersonId);
                entry.household = home;
            }
            Some(PartyRole::PersonComplainedAbout) => entry.about.extend(person.map(PersonId)),
            Some(_) => {}
            None => return corrupt("party role", &role),
        }
    }
    let mut out = vec![];
    let mut by_case: HashMap<uuid::Uuid, &Row> = HashMap::new();
    for c in &cases {
        by_case.insert(c.try_get("id")?, c);
    }
    // Only the fields a complaint needs are read from each payload (a report's description is
    // most of it).
    let mut made: Vec<(uuid::Uuid, i64, ComplaintBits)> = Vec::with_capacity(cases.len() + further.len());
    for c in &cases {
        if let Some(Json(bits)) = c.try_get::<Option<Json<ComplaintBits>>, _>("report")? {
            made.push((c.try_get("id")?, 1, bits));
        }
    }
    for e in &further {
        made.push((e.try_get("case_id")?, e.try_get("seq")?, e.try_get::<Json<ComplaintBits>, _>("payload")?.0));
    }
    for (case_id, seq, bits) in made {
        let Some(c) = by_case.get(&case_id) else { continue };
        let (reported_at, from) = (bits.reported_at, bits.from);
        let behaviour_on = bits.details.and_then(|d| d.last_happened);
        if reported_at < since || before.is_some_and(|b| reported_at >= b) {
            continue;
        }
        let reference: String = c.try_get("reference")?;
        let address: String = c.try_get("address")?;
        let strands: String = c.try_get("hate_strands")?;
        let Parties { complainant, household, about } = who.get(&case_id).cloned().unwrap_or_default();
        // A report joined at triage is its own complainant's complaint, from their own home.
        let (complainant, household) = match from {
            Some(person) => (Some(person), homes.get(&person).cloned().flatten()),
            None => (complainant, household),
        };
        out.push(Complaint {
            case: CaseId(case_id),
            event: seq,
            reference: CaseReference::parse(&reference).map_err(|_| StoreError::Corrupt(reference.clone()))?,
            organisation: OrganisationId(c.try_get("organisation_id")?),
            reported_on: reported_at.to_zoned(london()).date(),
            behaviour_on,
            complainant,
            household,
            location: location_key(c.try_get("uprn")?, c.try_get("postcode")?, &address),
            persons_complained_about: about,
            hate_incident: !strands.trim().is_empty(),
        });
    }
    Ok(out)
}

/// Write the place key of cases stored before it was kept, from their place as written: at
/// most `limit` cases after the case `after` (in key order, so each pass goes on where the last
/// stopped; the key is compared as a row, which both databases read as a range of the index).
/// Returns the last case read, none once all are filled in. Only cases still without one are
/// written (one anonymised meanwhile has been given its own).
pub async fn fill_in_place_keys(
    pool: &Pool,
    after: (TenantId, CaseId),
    limit: i64,
) -> Result<Option<(TenantId, CaseId)>> {
    let rows = sqlx::query(
        "SELECT tenant_id, id, uprn, postcode, address FROM cases
         WHERE place_key IS NULL AND (tenant_id, id) > ($1, $2)
         ORDER BY tenant_id, id LIMIT $3",
    )
    .bind(after.0.0)
    .bind(after.1.0)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut tx = pool.begin().await?;
    let mut last = None;
    for r in &rows {
        let (uprn, postcode): (Option<String>, Option<String>) = (r.try_get("uprn")?, r.try_get("postcode")?);
        let address: Option<String> = r.try_get("address")?;
        let key = place_key(uprn.as_deref(), postcode.as_deref(), address.as_deref().unwrap_or_default());
        let (tenant, case) = (TenantId(r.try_get("tenant_id")?), CaseId(r.try_get("id")?));
        sqlx::query("UPDATE cases SET place_key = $3 WHERE tenant_id = $1 AND id = $2 AND place_key IS NULL")
            .bind(tenant.0)
            .bind(case.0)
            .bind(key)
            .execute(&mut *tx)
            .await?;
        last = Some((tenant, case));
    }
    tx.commit().await?;
    Ok(last)
}
