use super::{Pool, Row, corrupt};
use crate::{CaseFilter, CaseList, CaseSummary, ContactRecord, Overview, Result, StoreError, Ts, VerifyReport};
use asbcase_domain::case::{Case, Channel, Status};
use asbcase_domain::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use asbcase_domain::event::{ChainBreak, ChainWalker, Event};
use asbcase_domain::reference::CaseReference;
use asbcase_domain::risk::RiskBand;
use asbcase_domain::{CaseId, OrganisationId, TenantId, UserId};
use futures_util::TryStreamExt;
use jiff::Timestamp;
use sqlx::Row as _;
use sqlx::types::Json;

/// The filter's conditions; `$1` is the tenant, `$2` the instant "now".
const CASE_FILTER: &str = "c.tenant_id = $1
    AND ($3 IS NULL OR c.organisation_id = $3)
    AND ($4 IS NULL OR c.status = $4)
    AND ($5 = FALSE OR c.status <> 'closed')
    AND ($6 IS NULL OR c.risk_band = $6)
    AND ($7 IS NULL OR c.assigned_officer = $7)
    AND ($8 = FALSE OR (c.status <> 'closed' AND c.next_contact_due <= $2))";

pub async fn list_cases(pool: &Pool, tenant: TenantId, f: &CaseFilter, now: Timestamp) -> Result<CaseList> {
    let per_page = i64::from(f.per_page.clamp(1, 200));
    let offset = i64::from(f.page.max(1) - 1) * per_page;
    macro_rules! bind_filter {
        ($q:expr) => {
            $q.bind(tenant.0)
                .bind(Ts::from(now))
                .bind(f.organisation.map(|o| o.0))
                .bind(f.status.map(|s| s.as_str()))
                .bind(f.active_only)
                .bind(f.risk.map(|r| r.as_str()))
                .bind(f.officer.map(|o| o.0))
                .bind(f.overdue_only)
        };
    }
    let total: i64 = bind_filter!(sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM cases c WHERE {CASE_FILTER}"
    ))))
    .fetch_one(pool)
    .await?;
    let rows = bind_filter!(sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT c.id, c.reference, c.status, c.risk_band, c.primary_category, c.address, c.postcode,
                c.assigned_officer, u.name AS officer_name, c.reported_at, c.next_contact_due,
                c.hate_strands, c.channel
         FROM cases c
         LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.assigned_officer
         WHERE {CASE_FILTER}
         ORDER BY c.reported_at DESC, c.id
         LIMIT $9 OFFSET $10"
    ))))
    .bind(per_page)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let rows = rows.iter().map(|r| summary_from(r, now)).collect::<Result<_>>()?;
    Ok(CaseList { rows, total })
}

pub(super) fn summary_from(r: &Row, now: Timestamp) -> Result<CaseSummary> {
    let status: String = r.try_get("status")?;
    let risk: String = r.try_get("risk_band")?;
    let reference: String = r.try_get("reference")?;
    let status = Status::parse(&status).map_or_else(|| corrupt("status", &status), Ok)?;
    let next_contact_due = r.try_get::<Option<Ts>, _>("next_contact_due")?.map(|t| t.0);
    let channel: String = r.try_get("channel")?;
    Ok(CaseSummary {
        channel: Channel::parse(&channel).map_or_else(|| corrupt("channel", &channel), Ok)?,
        id: CaseId(r.try_get("id")?),
        reference: CaseReference::parse(&reference).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        status,
        risk_band: RiskBand::parse(&risk).map_or_else(|| corrupt("risk band", &risk), Ok)?,
        primary_category: r.try_get("primary_category")?,
        address: r.try_get("address")?,
        postcode: r.try_get("postcode")?,
        officer: r.try_get::<Option<uuid::Uuid>, _>("assigned_officer")?.map(UserId),
        officer_name: r.try_get("officer_name")?,
        reported_at: r.try_get::<Ts, _>("reported_at")?.0,
        next_contact_due,
        hate_incident: !r.try_get::<String, _>("hate_strands")?.is_empty(),
        overdue: status != Status::Closed && next_contact_due.is_some_and(|d| d <= now),
    })
}

fn event_from(r: &Row) -> Result<Event> {
    Ok(Event {
        case_id: CaseId(r.try_get("case_id")?),
        seq: r.try_get("seq")?,
        kind: r.try_get("kind")?,
        payload: r.try_get::<Json<serde_json::Value>, _>("payload")?.0,
        actor: r.try_get::<Option<uuid::Uuid>, _>("actor_id")?.map(UserId),
        at: r.try_get::<Ts, _>("occurred_at")?.0,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
        payload_digest: r.try_get("payload_digest")?,
        redacted_at: r.try_get::<Option<Ts>, _>("redacted_at")?.map(|t| t.0),
        notices: vec![],
    })
}

pub async fn events(pool: &Pool, tenant: TenantId, case: CaseId) -> Result<Vec<Event>> {
    let rows = sqlx::query("SELECT * FROM case_events WHERE tenant_id = $1 AND case_id = $2 ORDER BY seq")
        .bind(tenant.0)
        .bind(case.0)
        .fetch_all(pool)
        .await?;
    rows.iter().map(event_from).collect()
}

pub async fn contacts(pool: &Pool, tenant: TenantId, case: CaseId) -> Result<Vec<ContactRecord>> {
    let rows = sqlx::query(
        "SELECT * FROM contacts WHERE tenant_id = $1 AND case_id = $2 ORDER BY contacted_at DESC, seq DESC",
    )
    .bind(tenant.0)
    .bind(case.0)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let w = |c: &str| -> Result<String> { Ok(r.try_get::<String, _>(c)?) };
            let (m, d, o, with) = (w("method")?, w("direction")?, w("outcome")?, w("with_whom")?);
            Ok(ContactRecord {
                seq: r.try_get("seq")?,
                recorded_by: r.try_get::<Option<uuid::Uuid>, _>("recorded_by")?.map(UserId),
                contact: Contact {
                    method: ContactMethod::parse(&m).map_or_else(|| corrupt("contact method", &m), Ok)?,
                    direction: Direction::parse(&d).map_or_else(|| corrupt("direction", &d), Ok)?,
                    outcome: ContactOutcome::parse(&o).map_or_else(|| corrupt("contact outcome", &o), Ok)?,
                    with: ContactWith::parse(&with).map_or_else(|| corrupt("contact with", &with), Ok)?,
                    summary: w("summary")?,
                    at: r.try_get::<Ts, _>("contacted_at")?.0,
                },
            })
        })
        .collect()
}

pub async fn overview(pool: &Pool, tenant: TenantId, org: OrganisationId, now: Timestamp) -> Result<Overview> {
    // Counted from the indexes alone: the statuses from the organisation's, the overdue from
    // its cases not yet closed.
    let r = sqlx::query(
        "SELECT COUNT(*) FILTER (WHERE status = 'reported') AS reported,
                COUNT(*) FILTER (WHERE status = 'triaged') AS triaged,
                COUNT(*) FILTER (WHERE status = 'open') AS open,
                COUNT(*) FILTER (WHERE status = 'closed') AS closed
         FROM cases WHERE tenant_id = $1 AND organisation_id = $2",
    )
    .bind(tenant.0)
    .bind(org.0)
    .fetch_one(pool)
    .await?;
    let overdue = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cases
         WHERE tenant_id = $1 AND organisation_id = $2 AND status <> 'closed' AND next_contact_due <= $3",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(Ts::from(now))
    .fetch_one(pool)
    .await?;
    let mut o = Overview {
        reported: r.try_get("reported")?,
        triaged: r.try_get("triaged")?,
        open: r.try_get("open")?,
        closed: r.try_get("closed")?,
        overdue,
        ..Overview::default()
    };
    let rows = sqlx::query(
        "SELECT risk_band, COUNT(*) AS n FROM cases
         WHERE tenant_id = $1 AND organisation_id = $2 AND status <> 'closed' GROUP BY risk_band",
    )
    .bind(tenant.0)
    .bind(org.0)
    .fetch_all(pool)
    .await?;
    for band in RiskBand::ALL {
        let mut n = 0;
        for row in &rows {
            if row.try_get::<String, _>("risk_band")? == band.as_str() {
                n = row.try_get("n")?;
            }
        }
        o.by_risk.push((band, n));
    }
    let rows = sqlx::query(
        "SELECT c.assigned_officer, u.name, COUNT(*) AS active,
                COUNT(*) FILTER (WHERE c.next_contact_due <= $3) AS overdue
         FROM cases c LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.assigned_officer
         WHERE c.tenant_id = $1 AND c.organisation_id = $2 AND c.status <> 'closed'
         GROUP BY c.assigned_officer, u.name
         ORDER BY overdue DESC, active DESC, u.name",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(Ts::from(now))
    .fetch_all(pool)
    .await?;
    for row in &rows {
        let officer = row.try_get::<Option<uuid::Uuid>, _>("assigned_officer")?.map(UserId);
        let name = row.try_get::<Option<String>, _>("name")?.unwrap_or_else(|| "Not assigned".into());
        o.by_officer.push((officer, name, row.try_get("active")?, row.try_get("overdue")?));
    }
    Ok(o)
}

pub async fn verify(pool: &Pool) -> Result<std::result::Result<VerifyReport, ChainBreak>> {
    let mut walker = ChainWalker::default();
    let mut rows = sqlx::query("SELECT * FROM case_events ORDER BY tenant_id, case_id, seq").fetch(pool);
    while let Some(r) = rows.try_next().await? {
        let e = event_from(&r)?;
        if let Err(b) = walker.check(&e) {
            return Ok(Err(b));
        }
    }
    drop(rows);
    // A case whose projection claims more events than its log holds has lost some.
    let rows = sqlx::query(
        "SELECT c.id, c.last_seq, c.last_hash, e.seq, e.hash FROM cases c
         LEFT JOIN case_events e ON e.tenant_id = c.tenant_id AND e.case_id = c.id AND e.seq = c.last_seq
         WHERE e.hash IS NULL OR e.hash <> c.last_hash",
    )
    .fetch_all(pool)
    .await?;
    if let Some(r) = rows.first() {
        let last_seq: i64 = r.try_get("last_seq")?;
        return Ok(Err(ChainBreak {
            case_id: CaseId(r.try_get("id")?),
            seq: last_seq,
            problem: "the case says it has events the log does not hold (events deleted?)".into(),
        }));
    }
    Ok(Ok(VerifyReport {
        cases: walker.cases_checked,
        events: walker.events_checked,
        redacted: walker.events_redacted,
        redacted_unchecked: walker.redacted_unchecked,
        access_records: 0,
    }))
}

/// Reports waiting for a triage decision at an organisation: first contact due soonest first.
pub async fn triage_queue(
    pool: &Pool,
    tenant: TenantId,
    org: OrganisationId,
    now: Timestamp,
    limit: i64,
) -> Result<Vec<CaseSummary>> {
    let rows = sqlx::query(
        "SELECT c.id, c.reference, c.status, c.risk_band, c.primary_category, c.address, c.postcode,
                c.assigned_officer, u.name AS officer_name, c.reported_at, c.next_contact_due,
                c.hate_strands, c.channel
         FROM cases c
         LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.assigned_officer
         WHERE c.tenant_id = $1 AND c.organisation_id = $2 AND c.status IN ('reported', 'triaged')
         ORDER BY c.next_contact_due, c.reported_at
         LIMIT $3",
    )
    .bind(tenant.0)
    .bind(org.0)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(|r| summary_from(r, now)).collect()
}

/// How many cases not yet closed each officer of an organisation holds.
pub async fn caseloads(pool: &Pool, tenant: TenantId, org: OrganisationId) -> Result<Vec<(UserId, i64)>> {
    let rows = sqlx::query(
        "SELECT assigned_officer, COUNT(*) AS n FROM cases
         WHERE tenant_id = $1 AND organisation_id = $2 AND status <> 'closed' AND assigned_officer IS NOT NULL
         GROUP BY assigned_officer",
    )
    .bind(tenant.0)
    .bind(org.0)
    .fetch_all(pool)
    .await?;
    rows.iter().map(|r| Ok((UserId(r.try_get("assigned_officer")?), r.try_get("n")?))).collect()
}

/// The cases not yet closed that an officer holds, whole, for the worklist.
pub async fn cases_of_officer(pool: &Pool, tenant: TenantId, officer: UserId) -> Result<Vec<Case>> {
    let ids: Vec<uuid::Uuid> = sqlx::query_scalar(
        "SELECT id FROM cases WHERE tenant_id = $1 AND assigned_officer = $2 AND status <> 'closed'
         ORDER BY next_contact_due LIMIT 500",
    )
    .bind(tenant.0)
    .bind(officer.0)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(c) = super::cases::case(pool, tenant, CaseId(id)).await? {
            out.push(c);
        }
    }
    Ok(out)
}
