use super::{Db, Pool, Row, corrupt};
use crate::{Result, StoreError, Ts};
use asbcase_domain::case::{Case, Channel, ClosureOutcome, Flags, HateStrand, PriorityOverride, Status};
use asbcase_domain::casework::Casework;
use asbcase_domain::category::Priority;
use asbcase_domain::ids::PartyId;
use asbcase_domain::location::{Location, Postcode};
use asbcase_domain::party::{Party, PartyRole, Person};
use asbcase_domain::reference::CaseReference;
use asbcase_domain::risk::RiskBand;
use asbcase_domain::{CaseId, OrganisationId, PersonId, TenantId, UserId};
use jiff::Timestamp;
use sqlx::Row as _;
use sqlx::types::Json;

pub async fn next_reference(pool: &Pool, tenant: TenantId, year: i16) -> Result<CaseReference> {
    let n: i64 = sqlx::query_scalar(
        "INSERT INTO reference_counters (tenant_id, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (tenant_id, year) DO UPDATE SET last = reference_counters.last + 1
         RETURNING last",
    )
    .bind(tenant.0)
    .bind(i64::from(year))
    .fetch_one(pool)
    .await?;
    Ok(CaseReference::new(year, n as u64))
}

/// Write `people` (first seen at `at`) in as few statements as the database allows.
pub(super) async fn insert_people(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    people: &[Person],
    at: Timestamp,
) -> Result<()> {
    let columns = ["tenant_id", "id", "name", "address", "phone", "email", "created_at"];
    super::save::insert_rows(tx, "people", &columns, "", people, |b, p| {
        b.push_bind(tenant.0)
            .push_bind(p.id.0)
            .push_bind(&p.name)
            .push_bind(&p.address)
            .push_bind(&p.phone)
            .push_bind(&p.email)
            .push_bind(Ts::from(at));
    })
    .await
    .map_err(|e| StoreError::from_insert(e, "person"))?;
    Ok(())
}

pub async fn create_people(pool: &Pool, tenant: TenantId, people: &[Person], at: Timestamp) -> Result<()> {
    let mut tx = pool.begin().await?;
    insert_people(&mut tx, tenant, people, at).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn create_person(pool: &Pool, tenant: TenantId, p: &Person, at: Timestamp) -> Result<()> {
    create_people(pool, tenant, std::slice::from_ref(p), at).await
}

pub async fn people_of_case(pool: &Pool, tenant: TenantId, case: CaseId) -> Result<Vec<Person>> {
    let rows = sqlx::query(
        "SELECT DISTINCT p.id, p.name, p.address, p.phone, p.email FROM people p
         JOIN case_parties cp ON cp.tenant_id = p.tenant_id AND cp.person_id = p.id
         WHERE cp.tenant_id = $1 AND cp.case_id = $2 ORDER BY p.name",
    )
    .bind(tenant.0)
    .bind(case.0)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Person {
                id: PersonId(r.try_get("id")?),
                name: r.try_get("name")?,
                address: r.try_get("address")?,
                phone: r.try_get("phone")?,
                email: r.try_get("email")?,
            })
        })
        .collect()
}

pub(super) fn strands_to_string(s: &[HateStrand]) -> String {
    s.iter().map(|h| h.as_str()).collect::<Vec<_>>().join(",")
}

pub async fn save_cases(pool: &Pool, cases: &mut [Case]) -> Result<()> {
    let mut tx = pool.begin().await?;
    let changed: Vec<&Case> = cases.iter().filter(|c| !c.pending.is_empty()).collect();
    super::save::save_many(&mut tx, &changed).await?;
    tx.commit().await?;
    for case in cases.iter_mut() {
        case.pending.clear();
    }
    Ok(())
}

/// Save a case and queue messages with it, in one transaction: a message is never sent for a
/// change that was not stored, nor lost for one that was.
pub async fn save_case_with_messages(pool: &Pool, case: &mut Case, messages: &[crate::OutboxMessage]) -> Result<()> {
    let mut tx = pool.begin().await?;
    super::save::save_one(&mut tx, case).await?;
    for m in messages {
        super::outbox::insert_message(&mut tx, m).await?;
    }
    tx.commit().await?;
    case.pending.clear();
    Ok(())
}

pub async fn case(pool: &Pool, tenant: TenantId, id: CaseId) -> Result<Option<Case>> {
    let row = sqlx::query("SELECT * FROM cases WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id.0)
        .fetch_optional(pool)
        .await?;
    match row {
        Some(r) => Ok(Some(load(pool, &r).await?)),
        None => Ok(None),
    }
}

pub async fn case_by_reference(pool: &Pool, tenant: TenantId, reference: &CaseReference) -> Result<Option<Case>> {
    let row = sqlx::query("SELECT * FROM cases WHERE tenant_id = $1 AND reference = $2")
        .bind(tenant.0)
        .bind(reference.as_str())
        .fetch_optional(pool)
        .await?;
    match row {
        Some(r) => Ok(Some(load(pool, &r).await?)),
        None => Ok(None),
    }
}

fn ts(r: &Row, col: &str) -> Result<Option<Timestamp>> {
    Ok(r.try_get::<Option<Ts>, _>(col)?.map(|t| t.0))
}

async fn load(pool: &Pool, r: &Row) -> Result<Case> {
    let tenant = TenantId(r.try_get("tenant_id")?);
    let id = CaseId(r.try_get("id")?);
    let word = |col: &str| -> Result<String> { Ok(r.try_get::<String, _>(col)?) };
    let reference = word("reference")?;
    let status = word("status")?;
    let channel = word("channel")?;
    let risk = word("risk_band")?;
    let strands = word("hate_strands")?;
    let mut hate_strands = vec![];
    for s in strands.split(',').filter(|s| !s.is_empty()) {
        match HateStrand::parse(s) {
            Some(h) => hate_strands.push(h),
            None => return corrupt("hate strand", s),
        }
    }
    let outcome: Option<String> = r.try_get("outcome")?;
    let outcome = match outcome {
        Some(o) => match ClosureOutcome::parse(&o) {
            Some(o) => Some(o),
            None => return corrupt("closure outcome", &o),
        },
        None => None,
    };
    let priority = Priority(u8::try_from(r.try_get::<i64, _>("priority")?).unwrap_or(u8::MAX));
    let postcode: Option<String> = r.try_get("postcode")?;
    let categories: Vec<String> =
        sqlx::query_scalar("SELECT code FROM case_categories WHERE tenant_id = $1 AND case_id = $2 ORDER BY position")
            .bind(tenant.0)
            .bind(id.0)
            .fetch_all(pool)
            .await?;
    let party_rows = sqlx::query(
        "SELECT id, role, person_id, description FROM case_parties WHERE tenant_id = $1 AND case_id = $2 ORDER BY added_seq",
    )
    .bind(tenant.0)
    .bind(id.0)
    .fetch_all(pool)
    .await?;
    let mut parties = vec![];
    for p in &party_rows {
        let role: String = p.try_get("role")?;
        parties.push(Party {
            id: PartyId(p.try_get("id")?),
            role: match PartyRole::parse(&role) {
                Some(r) => r,
                None => return corrupt("party role", &role),
            },
            person: p.try_get::<Option<uuid::Uuid>, _>("person_id")?.map(PersonId),
            description: p.try_get("description")?,
        });
    }
    let facts: Option<Json<asbcase_domain::kpi::CaseFacts>> =
        sqlx::query_scalar("SELECT facts FROM case_facts WHERE tenant_id = $1 AND case_id = $2")
            .bind(tenant.0)
            .bind(id.0)
            .fetch_optional(pool)
            .await?;
    let facts = match facts {
        Some(f) => f.0,
        // Stored before the KPIs were kept and not yet filled in (migrate fills them in).
        None => {
            let events = super::lists::events(pool, tenant, id).await?;
            let changes =
                events.iter().map(|e| e.change().map(|c| (c, e.at))).collect::<std::result::Result<Vec<_>, _>>();
            let changes = changes.map_err(|e| StoreError::Corrupt(e.to_string()))?;
            asbcase_domain::kpi::CaseFacts::replay(changes.iter().map(|(c, at)| (c, *at)), |_, _| None)
                .ok_or_else(|| StoreError::Corrupt(format!("case {reference} has no events")))?
        }
    };
    Ok(Case {
        id,
        tenant,
        reference: CaseReference::parse(&reference).map_err(|e| StoreError::Corrupt(format!("{reference}: {e}")))?,
        organisation: OrganisationId(r.try_get("organisation_id")?),
        status: Status::parse(&status).map_or_else(|| corrupt("status", &status), Ok)?,
        channel: Channel::parse(&channel).map_or_else(|| corrupt("channel", &channel), Ok)?,
        description: word("description")?,
        categories,
        priority,
        priority_override: r
            .try_get::<Option<String>, _>("priority_override_reason")?
            .map(|reason| PriorityOverride { priority, reason }),
        risk_band: RiskBand::parse(&risk).map_or_else(|| corrupt("risk band", &risk), Ok)?,
        location: Location {
            address: word("address")?,
            postcode: postcode
                .map(|p| Postcode::parse(&p).map_err(|_| StoreError::Corrupt(format!("postcode {p}"))))
                .transpose()?,
            uprn: r.try_get("uprn")?,
            ward: r.try_get("ward")?,
            estate: r.try_get("estate")?,
            latitude: r.try_get("latitude")?,
            longitude: r.try_get("longitude")?,
        },
        flags: Flags {
            hate_strands,
            vulnerability: r.try_get("vulnerability")?,
            crime_reference: r.try_get("crime_reference")?,
            homelessness_related: r.try_get("homelessness_related")?,
        },
        patch: r.try_get("patch")?,
        assigned_officer: r.try_get::<Option<uuid::Uuid>, _>("assigned_officer")?.map(UserId),
        parties,
        casework: r.try_get::<Json<Casework>, _>("casework")?.0,
        facts,
        reported_at: r.try_get::<Ts, _>("reported_at")?.0,
        opened_at: ts(r, "opened_at")?,
        closed_at: ts(r, "closed_at")?,
        outcome,
        last_successful_contact: ts(r, "last_successful_contact")?,
        next_contact_due: ts(r, "next_contact_due")?,
        updated_at: r.try_get::<Ts, _>("updated_at")?.0,
        version: r.try_get("last_seq")?,
        last_hash: word("last_hash")?,
        pending: vec![],
        anonymised_at: ts(r, "anonymised_at")?,
    })
}
