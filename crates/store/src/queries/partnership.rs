//! Shares, referrals and the directory of support services.
use super::{Db, Pool, Row, corrupt};
use crate::{ReferralRow, Result, SharedCase, StoreError, SupportService, Ts};
use asbcase_domain::case::{Case, Status};
use asbcase_domain::event::Change;
use asbcase_domain::partnership::{ReferralStatus, ReferralTo, ShareScope};
use asbcase_domain::{CaseId, OrganisationId, TenantId, UserId};
use jiff::Timestamp;
use sqlx::Row as _;

/// Whether a change moves the shares or referrals projected from a case.
pub(super) fn touches_partnership(change: &Change) -> bool {
    matches!(
        change,
        Change::Shared { .. }
            | Change::Unshared { .. }
            | Change::ReferralMade { .. }
            | Change::ReferralAnswered { .. }
            | Change::ReferralCompleted { .. }
            | Change::Referred { .. }
    )
}

/// Rewrite the case's rows in `case_shares` and `referrals` from its casework.
pub(super) async fn project(tx: &mut sqlx::Transaction<'_, Db>, case: &Case) -> Result<()> {
    let t = case.tenant.0;
    sqlx::query("DELETE FROM case_shares WHERE tenant_id = $1 AND case_id = $2")
        .bind(t)
        .bind(case.id.0)
        .execute(&mut **tx)
        .await?;
    for s in &case.casework.shares {
        sqlx::query(
            "INSERT INTO case_shares (tenant_id, case_id, organisation_id, scope, purpose, shared_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(t)
        .bind(case.id.0)
        .bind(s.organisation.0)
        .bind(s.scope.as_str())
        .bind(&s.purpose)
        .bind(Ts::from(s.shared_at))
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::from_insert(e, "share"))?;
    }
    sqlx::query("DELETE FROM referrals WHERE tenant_id = $1 AND case_id = $2")
        .bind(t)
        .bind(case.id.0)
        .execute(&mut **tx)
        .await?;
    for r in &case.casework.referrals {
        let (to_org, service, name) = match &r.to {
            ReferralTo::Organisation { id } => (Some(id.0), None, String::new()),
            ReferralTo::Service { id, name } => (None, Some(*id), name.clone()),
        };
        sqlx::query(
            "INSERT INTO referrals (tenant_id, id, case_id, from_org, to_org, service_id, to_name, party_id, reason,
                status, made_by, made_at, answered_at, completed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(t)
        .bind(r.id)
        .bind(case.id.0)
        .bind(case.organisation.0)
        .bind(to_org)
        .bind(service)
        .bind(name)
        .bind(r.party.map(|p| p.0))
        .bind(&r.reason)
        .bind(r.status.as_str())
        .bind(r.made_by.map(|u| u.0))
        .bind(Ts::from(r.made_at))
        .bind(r.answered_at.map(Ts::from))
        .bind(r.completed_at.map(Ts::from))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn status(r: &Row) -> Result<Status> {
    let s: String = r.try_get("status")?;
    Status::parse(&s).map_or_else(|| corrupt("status", &s), Ok)
}

/// Cases shared with `org`, most recently shared first.
pub async fn cases_shared_with(pool: &Pool, tenant: TenantId, org: OrganisationId) -> Result<Vec<SharedCase>> {
    let rows = sqlx::query(
        "SELECT c.id, c.reference, c.organisation_id, c.status, c.primary_category, c.address, s.scope, s.purpose, s.shared_at
         FROM case_shares s JOIN cases c ON c.tenant_id = s.tenant_id AND c.id = s.case_id
         WHERE s.tenant_id = $1 AND s.organisation_id = $2
         ORDER BY s.shared_at DESC",
    )
    .bind(tenant.0)
    .bind(org.0)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let scope: String = r.try_get("scope")?;
            Ok(SharedCase {
                case: CaseId(r.try_get("id")?),
                reference: r.try_get("reference")?,
                owner: OrganisationId(r.try_get("organisation_id")?),
                status: status(r)?,
                primary_category: r.try_get("primary_category")?,
                address: r.try_get("address")?,
                scope: ShareScope::parse(&scope).map_or_else(|| corrupt("share scope", &scope), Ok)?,
                purpose: r.try_get("purpose")?,
                shared_at: r.try_get::<Ts, _>("shared_at")?.0,
            })
        })
        .collect()
}

fn referral_from(r: &Row) -> Result<ReferralRow> {
    let s: String = r.try_get("status")?;
    Ok(ReferralRow {
        id: r.try_get("id")?,
        case: CaseId(r.try_get("case_id")?),
        reference: r.try_get("reference")?,
        from_org: OrganisationId(r.try_get("from_org")?),
        to_org: r.try_get::<Option<uuid::Uuid>, _>("to_org")?.map(OrganisationId),
        service: r.try_get("service_id")?,
        to_name: r.try_get("to_name")?,
        reason: r.try_get("reason")?,
        status: ReferralStatus::parse(&s).map_or_else(|| corrupt("referral status", &s), Ok)?,
        made_by: r.try_get::<Option<uuid::Uuid>, _>("made_by")?.map(UserId),
        made_at: r.try_get::<Ts, _>("made_at")?.0,
        answered_at: r.try_get::<Option<Ts>, _>("answered_at")?.map(|t| t.0),
        completed_at: r.try_get::<Option<Ts>, _>("completed_at")?.map(|t| t.0),
    })
}

const REFERRAL_COLUMNS: &str = "r.id, r.case_id, c.reference, r.from_org, r.to_org, r.service_id, r.to_name, r.reason,
    r.status, r.made_by, r.made_at, r.answered_at, r.completed_at";

/// Referrals an organisation made (`sent`) or received, newest first.
pub async fn referrals(pool: &Pool, tenant: TenantId, org: OrganisationId, sent: bool) -> Result<Vec<ReferralRow>> {
    let side = if sent { "r.from_org" } else { "r.to_org" };
    let sql = format!(
        "SELECT {REFERRAL_COLUMNS} FROM referrals r JOIN cases c ON c.tenant_id = r.tenant_id AND c.id = r.case_id
         WHERE r.tenant_id = $1 AND {side} = $2 ORDER BY r.made_at DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.0).bind(org.0).fetch_all(pool).await?;
    rows.iter().map(referral_from).collect()
}

pub async fn referral(pool: &Pool, tenant: TenantId, id: uuid::Uuid) -> Result<Option<ReferralRow>> {
    let sql = format!(
        "SELECT {REFERRAL_COLUMNS} FROM referrals r JOIN cases c ON c.tenant_id = r.tenant_id AND c.id = r.case_id
         WHERE r.tenant_id = $1 AND r.id = $2"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.0).bind(id).fetch_optional(pool).await?;
    row.as_ref().map(referral_from).transpose()
}

fn service_from(r: &Row) -> Result<SupportService> {
    Ok(SupportService {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        helps_with: r.try_get("helps_with")?,
        area: r.try_get("area")?,
        how_to_refer: r.try_get("how_to_refer")?,
        contact: r.try_get("contact")?,
        public: r.try_get("public")?,
        active: r.try_get("active")?,
    })
}

pub async fn add_support_service(pool: &Pool, tenant: TenantId, s: &SupportService, at: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO support_services (tenant_id, id, name, helps_with, area, how_to_refer, contact, public, active, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(tenant.0)
    .bind(s.id)
    .bind(&s.name)
    .bind(&s.helps_with)
    .bind(&s.area)
    .bind(&s.how_to_refer)
    .bind(&s.contact)
    .bind(s.public)
    .bind(s.active)
    .bind(Ts::from(at))
    .execute(pool)
    .await
    .map_err(|e| StoreError::from_insert(e, &format!("support service '{}'", s.name)))?;
    Ok(())
}

/// The directory, by name; only the active services unless `all`.
pub async fn support_services(pool: &Pool, tenant: TenantId, all: bool) -> Result<Vec<SupportService>> {
    let rows =
        sqlx::query("SELECT * FROM support_services WHERE tenant_id = $1 AND (active OR $2) ORDER BY lower(name)")
            .bind(tenant.0)
            .bind(all)
            .fetch_all(pool)
            .await?;
    rows.iter().map(service_from).collect()
}

pub async fn support_service(pool: &Pool, tenant: TenantId, id: uuid::Uuid) -> Result<Option<SupportService>> {
    let row = sqlx::query("SELECT * FROM support_services WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(service_from).transpose()
}

/// Take a service off the directory (or put it back); false when there is no such service.
pub async fn set_support_service_active(pool: &Pool, tenant: TenantId, id: uuid::Uuid, active: bool) -> Result<bool> {
    let done = sqlx::query("UPDATE support_services SET active = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id)
        .bind(active)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Working days a partner has to answer a referral before it is flagged.
pub async fn referral_response_days(pool: &Pool, tenant: TenantId) -> Result<u32> {
    let days: Option<i32> =
        sqlx::query_scalar("SELECT referral_response_days FROM partnership_settings WHERE tenant_id = $1")
            .bind(tenant.0)
            .fetch_optional(pool)
            .await?;
    Ok(days.map_or(asbcase_domain::partnership::DEFAULT_RESPONSE_DAYS, |d| d.max(1) as u32))
}

pub async fn set_referral_response_days(pool: &Pool, tenant: TenantId, days: u32) -> Result<()> {
    sqlx::query(
        "INSERT INTO partnership_settings (tenant_id, referral_response_days) VALUES ($1, $2)
         ON CONFLICT (tenant_id) DO UPDATE SET referral_response_days = excluded.referral_response_days",
    )
    .bind(tenant.0)
    .bind(days as i32)
    .execute(pool)
    .await
    .map_err(|e| StoreError::from_insert(e, "referral response days"))?;
    Ok(())
}
