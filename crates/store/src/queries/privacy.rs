//! Personal data under the UK GDPR: finding a person, erasing them, redacting an event, and the
//! log of what was done (retention is in `retention`).
use super::{Db, Pool, Row};
use crate::{PrivacyLogEntry, Result, StoreError, Ts};
use asbcase_domain::event::Event;
use asbcase_domain::privacy::REMOVED;
use asbcase_domain::{CaseId, OrganisationId, PersonId, TenantId, UserId};
use jiff::Timestamp;
use sqlx::Row as _;
use sqlx::types::Json;

pub(super) async fn redact_event(tx: &mut sqlx::Transaction<'_, Db>, tenant: TenantId, e: &Event) -> Result<()> {
    let at = e.redacted_at.ok_or_else(|| StoreError::Corrupt("a redacted event needs its time".into()))?;
    sqlx::query(
        "UPDATE case_events SET payload = $4, redacted_at = $5 WHERE tenant_id = $1 AND case_id = $2 AND seq = $3",
    )
    .bind(tenant.0)
    .bind(e.case_id.0)
    .bind(e.seq)
    .bind(Json(&e.payload))
    .bind(Ts::from(at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Write a review's rewritten text within `tx`: its steps' text removed when it goes whole, or
/// else passed through `scrub`.
/// Returns the organisation running the review and how many steps it has.
pub(super) async fn rewrite_review(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    r: &crate::privacy::ReviewRewrite<'_>,
    scrub: Option<&asbcase_domain::privacy::Scrubber>,
    at: Timestamp,
) -> Result<(OrganisationId, usize)> {
    let step_text = |t: &str| match scrub {
        Some(s) if !r.whole => s.scrub(t),
        _ => asbcase_domain::privacy::remove(t),
    };
    let row = sqlx::query(
        "SELECT applicant, organisation_id FROM case_reviews WHERE tenant_id = $1 AND id = $2 AND version = $3 AND anonymised_at IS NULL",
    )
    .bind(tenant.0)
    .bind(r.id)
    .bind(r.version)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Err(StoreError::Conflict) };
    let Json(applicant) = row.try_get::<Json<crate::Applicant>, _>("applicant")?;
    let applicant = if r.whole {
        crate::Applicant {
            name: REMOVED.into(),
            email: None,
            phone: None,
            address: None,
            on_behalf_of: applicant.on_behalf_of.map(|_| REMOVED.to_string()),
            preferred: applicant.preferred,
        }
    } else {
        crate::Applicant { on_behalf_of: applicant.on_behalf_of.map(|t| step_text(&t)), ..applicant }
    };
    // Anonymised, it takes no more steps; otherwise its version moves on, so an edit begun
    // before cannot write the old text back.
    let done = sqlx::query(
        "UPDATE case_reviews SET review = $3, applicant = $4,
             anonymised_at = CASE WHEN $5 THEN $6 ELSE anonymised_at END,
             version = CASE WHEN $5 THEN version ELSE version + 1 END
         WHERE tenant_id = $1 AND id = $2 AND version = $7 AND anonymised_at IS NULL",
    )
    .bind(tenant.0)
    .bind(r.id)
    .bind(Json(r.review))
    .bind(Json(&applicant))
    .bind(r.whole)
    .bind(Ts::from(at))
    .bind(r.version)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Conflict);
    }
    let steps = sqlx::query("SELECT seq, step FROM case_review_steps WHERE tenant_id = $1 AND review_id = $2")
        .bind(tenant.0)
        .bind(r.id)
        .fetch_all(&mut **tx)
        .await?;
    for s in &steps {
        let seq: i64 = s.try_get("seq")?;
        let Json(step) = s.try_get::<Json<asbcase_domain::case_review::ReviewStep>, _>("step")?;
        let rewritten = step.map_text(&step_text);
        if rewritten != step {
            sqlx::query("UPDATE case_review_steps SET step = $4 WHERE tenant_id = $1 AND review_id = $2 AND seq = $3")
                .bind(tenant.0)
                .bind(r.id)
                .bind(seq)
                .bind(Json(&rewritten))
                .execute(&mut **tx)
                .await?;
        }
    }
    if r.whole {
        sqlx::query("DELETE FROM review_links WHERE tenant_id = $1 AND review_id = $2")
            .bind(tenant.0)
            .bind(r.id)
            .execute(&mut **tx)
            .await?;
    }
    Ok((OrganisationId(row.try_get("organisation_id")?), steps.len()))
}

/// Erase a person's record (name, address, phone and email) with everything else
/// [`ErasureWrite`] holds, in one transaction.
pub async fn write_erased_person(
    pool: &Pool,
    tenant: TenantId,
    w: &crate::privacy::ErasureWrite<'_>,
    actor: Option<UserId>,
    at: Timestamp,
) -> Result<()> {
    let crate::privacy::ErasureWrite { person, reason, events, cases: projections, reviews, scrub, sent_to, files } =
        *w;
    let mut tx = pool.begin().await?;
    // Their home and who they are go, so complaints they made or were named in change.
    super::kept::forget_all(&mut tx, tenant, &crate::KeptKind::FROM_COMPLAINTS).await?;
    for case in projections {
        let done = sqlx::query(
            "UPDATE cases SET description = $3, address = $4, crime_reference = $5, priority_override_reason = $6,
                 casework = $7, uprn = $9, latitude = $10, longitude = $11, changed_at = $12, place_key = $13
             WHERE tenant_id = $1 AND id = $2 AND last_seq = $8",
        )
        .bind(tenant.0)
        .bind(case.id.0)
        .bind(&case.description)
        .bind(&case.location.address)
        .bind(&case.flags.crime_reference)
        .bind(case.priority_override.as_ref().map(|o| o.reason.clone()))
        .bind(Json(&case.casework))
        .bind(case.version)
        .bind(&case.location.uprn)
        .bind(case.location.latitude)
        .bind(case.location.longitude)
        .bind(Ts::from(at.max(Timestamp::now())))
        .bind(super::save::place_key_of(case, case.location.uprn.as_deref()))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict);
        }
        for p in case.parties.iter().filter(|p| p.description.is_some()) {
            sqlx::query("UPDATE case_parties SET description = $4 WHERE tenant_id = $1 AND case_id = $2 AND id = $3")
                .bind(tenant.0)
                .bind(case.id.0)
                .bind(p.id.0)
                .bind(&p.description)
                .execute(&mut *tx)
                .await?;
        }
    }
    for e in events {
        redact_event(&mut tx, tenant, e).await?;
        if let Ok(asbcase_domain::event::Change::ContactRecorded { contact }) = e.change() {
            sqlx::query("UPDATE contacts SET summary = $4 WHERE tenant_id = $1 AND case_id = $2 AND seq = $3")
                .bind(tenant.0)
                .bind(e.case_id.0)
                .bind(e.seq)
                .bind(&contact.summary)
                .execute(&mut *tx)
                .await?;
        }
    }
    for case in projections {
        for r in &case.casework.referrals {
            sqlx::query("UPDATE referrals SET reason = $3 WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(r.id)
                .bind(&r.reason)
                .execute(&mut *tx)
                .await?;
        }
        for p in &case.casework.panels {
            sqlx::query("UPDATE panel_cases SET reason = $4 WHERE tenant_id = $1 AND panel_id = $2 AND case_id = $3")
                .bind(tenant.0)
                .bind(p.panel)
                .bind(case.id.0)
                .bind(&p.reason)
                .execute(&mut *tx)
                .await?;
        }
        for s in &case.casework.shares {
            sqlx::query(
                "UPDATE case_shares SET purpose = $4 WHERE tenant_id = $1 AND case_id = $2 AND organisation_id = $3",
            )
            .bind(tenant.0)
            .bind(case.id.0)
            .bind(s.organisation.0)
            .bind(&s.purpose)
            .execute(&mut *tx)
            .await?;
        }
    }
    // Copies of messages sent to them: the wording and where it went.
    for contact in sent_to {
        sqlx::query(
            "UPDATE outbox SET status = CASE WHEN status IN ('pending', 'sending') THEN 'failed' ELSE status END,
                 recipient = $3, body = $3
             WHERE tenant_id = $1 AND recipient = $2",
        )
        .bind(tenant.0)
        .bind(contact)
        .bind(REMOVED)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "UPDATE people SET name = $3, address = NULL, phone = NULL, email = NULL, erased_at = $4
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(person.id.0)
    .bind(REMOVED)
    .bind(Ts::from(at))
    .execute(&mut *tx)
    .await?;
    // Their old details must not find their cases while the cases' documents are made again.
    super::search::forget(
        &mut tx,
        tenant,
        "SELECT case_id FROM case_parties WHERE tenant_id = $1 AND person_id = $2",
        person.id.0,
    )
    .await?;
    for case in projections {
        super::search::forget(&mut tx, tenant, "$2", case.id.0).await?;
    }
    for sql in [
        "DELETE FROM resident_visits WHERE tenant_id = $1 AND person_id = $2",
        "DELETE FROM resident_links WHERE tenant_id = $1 AND person_id = $2",
    ] {
        sqlx::query(sql).bind(tenant.0).bind(person.id.0).execute(&mut *tx).await?;
    }
    for r in reviews {
        rewrite_review(&mut tx, tenant, r, Some(scrub), at).await?;
    }
    for (case, file) in files {
        sqlx::query("DELETE FROM evidence WHERE tenant_id = $1 AND case_id = $2 AND id = $3")
            .bind(tenant.0)
            .bind(case.0)
            .bind(file)
            .execute(&mut *tx)
            .await?;
    }
    let detail = format!(
        "{} events redacted across {} cases, {} case reviews, {} files deleted; why: {reason}",
        events.len(),
        projections.len(),
        reviews.len(),
        files.len()
    );
    // Logged as the organisation's when all their cases are one organisation's.
    let mut orgs: Vec<OrganisationId> = projections.iter().map(|c| c.organisation).collect();
    orgs.dedup();
    let org = if orgs.len() == 1 { Some(orgs[0]) } else { None };
    log(&mut tx, tenant, org, actor, "person_erased", &person.id.0.to_string(), &detail, at).await?;
    tx.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn log(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    org: Option<OrganisationId>,
    actor: Option<UserId>,
    action: &str,
    subject: &str,
    detail: &str,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO privacy_log (tenant_id, id, at, actor_id, action, subject, detail, organisation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant.0)
    .bind(uuid::Uuid::now_v7())
    .bind(Ts::from(at))
    .bind(actor.map(|a| a.0))
    .bind(action)
    .bind(subject)
    .bind(detail)
    .bind(org.map(|o| o.0))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Record something done with personal data outside a case's own writes (a subject access
/// bundle made).
#[allow(clippy::too_many_arguments)]
pub async fn log_privacy(
    pool: &Pool,
    tenant: TenantId,
    org: Option<OrganisationId>,
    actor: Option<UserId>,
    action: &str,
    subject: &str,
    detail: &str,
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    log(&mut tx, tenant, org, actor, action, subject, detail, at).await?;
    tx.commit().await?;
    Ok(())
}

/// The most recent entries of the privacy log, newest first: an organisation's own (and what
/// the partnership's retention did as a whole, which names nobody), or with `None` all.
pub async fn privacy_log(
    pool: &Pool,
    tenant: TenantId,
    org: Option<OrganisationId>,
    limit: i64,
) -> Result<Vec<PrivacyLogEntry>> {
    let rows = sqlx::query(
        "SELECT at, actor_id, action, subject, detail FROM privacy_log
         WHERE tenant_id = $1
           AND ($2 IS NULL OR organisation_id = $2
                OR (organisation_id IS NULL AND action IN ('messages_removed', 'drafts_removed')))
         ORDER BY at DESC, id DESC LIMIT $3",
    )
    .bind(tenant.0)
    .bind(org.map(|o| o.0))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(entry_from).collect()
}

fn entry_from(r: &Row) -> Result<PrivacyLogEntry> {
    Ok(PrivacyLogEntry {
        at: r.try_get::<Ts, _>("at")?.0,
        actor: r.try_get::<Option<uuid::Uuid>, _>("actor_id")?.map(UserId),
        action: r.try_get("action")?,
        subject: r.try_get("subject")?,
        detail: r.try_get("detail")?,
    })
}

fn person_from(r: &Row) -> Result<asbcase_domain::party::Person> {
    Ok(asbcase_domain::party::Person {
        id: PersonId(r.try_get("id")?),
        name: r.try_get("name")?,
        address: r.try_get("address")?,
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
    })
}

/// A person's record, unless erased.
pub async fn person(pool: &Pool, tenant: TenantId, id: PersonId) -> Result<Option<asbcase_domain::party::Person>> {
    let row = sqlx::query(
        "SELECT id, name, address, phone, email FROM people WHERE tenant_id = $1 AND id = $2 AND erased_at IS NULL",
    )
    .bind(tenant.0)
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(person_from).transpose()
}

/// People who are a party to a case of `org`, whose name, email, phone, address or postcode
/// contains `term` (case-insensitive, in any script), up to `limit`; erased records are not
/// found. The database narrows the search by the term's longest run of ASCII letters and digits
/// (SQLite folds only ASCII case), then the match is made here, alike on both databases.
pub async fn find_people(
    pool: &Pool,
    tenant: TenantId,
    org: asbcase_domain::OrganisationId,
    term: &str,
    limit: i64,
) -> Result<Vec<asbcase_domain::party::Person>> {
    let wanted = term.trim().to_lowercase();
    let ascii = wanted
        .split(|c: char| !c.is_ascii_alphanumeric())
        .max_by_key(|run| run.len())
        .filter(|run| run.len() >= 2)
        .unwrap_or("");
    let digits = asbcase_domain::privacy::phone_searched(term).unwrap_or_default();
    let rows = sqlx::query(
        "SELECT p.id, p.name, p.address, p.phone, p.email FROM people p
         WHERE p.tenant_id = $1 AND p.erased_at IS NULL
           AND EXISTS (SELECT 1 FROM case_parties cp JOIN cases c ON c.tenant_id = cp.tenant_id AND c.id = cp.case_id
                       WHERE cp.tenant_id = p.tenant_id AND cp.person_id = p.id AND c.organisation_id = $2)
           AND ($3 = '%%' OR LOWER(p.name) LIKE $3 OR LOWER(COALESCE(p.email, '')) LIKE $3
                OR LOWER(COALESCE(p.address, '')) LIKE $3 OR ($4 <> '' AND p.phone IS NOT NULL))
         ORDER BY p.name, p.id LIMIT 5000",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(format!("%{ascii}%"))
    .bind(&digits)
    .fetch_all(pool)
    .await?;
    let holds = |field: &Option<String>| field.as_ref().is_some_and(|f| f.to_lowercase().contains(&wanted));
    let mut found = vec![];
    for r in &rows {
        let p = person_from(r)?;
        let phone = !digits.is_empty()
            && p.phone.as_deref().is_some_and(|f| asbcase_domain::privacy::phone_digits(f).contains(&digits));
        if p.name.to_lowercase().contains(&wanted) || holds(&p.email) || holds(&p.address) || phone {
            found.push(p);
        }
        if found.len() as i64 >= limit {
            break;
        }
    }
    Ok(found)
}

/// The cases a person is a party to, with their role on each, oldest first.
pub async fn cases_of_person(
    pool: &Pool,
    tenant: TenantId,
    person: PersonId,
) -> Result<Vec<(CaseId, asbcase_domain::party::PartyRole)>> {
    let rows = sqlx::query(
        "SELECT cp.case_id, cp.role FROM case_parties cp JOIN cases c ON c.tenant_id = cp.tenant_id AND c.id = cp.case_id
         WHERE cp.tenant_id = $1 AND cp.person_id = $2 ORDER BY c.reported_at, cp.added_seq",
    )
    .bind(tenant.0)
    .bind(person.0)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            let role = asbcase_domain::party::PartyRole::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown party role '{role}'")))?;
            Ok((CaseId(r.try_get("case_id")?), role))
        })
        .collect()
}

/// Every case review of the partnership not yet anonymised, with its applicant as they applied:
/// (id, reference, version, review, applicant). Reviews are few beside cases.
pub async fn reviews_with_applicants(pool: &Pool, tenant: TenantId) -> Result<Vec<crate::privacy::ReviewHeld>> {
    let rows = sqlx::query(
        "SELECT id, reference, version, review, applicant, organisation_id FROM case_reviews
         WHERE tenant_id = $1 AND anonymised_at IS NULL ORDER BY applied_on, reference",
    )
    .bind(tenant.0)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let Json(review) = r.try_get::<Json<asbcase_domain::case_review::CaseReview>, _>("review")?;
            let Json(applicant) = r.try_get::<Json<crate::Applicant>, _>("applicant")?;
            Ok(crate::privacy::ReviewHeld {
                id: r.try_get("id")?,
                reference: r.try_get("reference")?,
                version: r.try_get("version")?,
                organisation: OrganisationId(r.try_get("organisation_id")?),
                review,
                applicant,
            })
        })
        .collect()
}
