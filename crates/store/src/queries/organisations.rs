//! Adding an organisation to a partnership, and which organisation takes residents' reports.
use super::Pool;
use crate::{Organisation, Result, StoreError};
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;

/// The organisation kept as the one that takes residents' reports, if one was.
pub async fn report_receiver(pool: &Pool, tenant: TenantId) -> Result<Option<OrganisationId>> {
    kept_organisation(pool, tenant, Part::ReceivesReports).await
}

pub async fn set_report_receiver(pool: &Pool, tenant: TenantId, org: OrganisationId) -> Result<()> {
    keep_organisation(pool, tenant, Part::ReceivesReports, org).await
}

/// A part one organisation plays for the whole partnership, kept in its settings.
#[derive(Clone, Copy)]
pub(super) enum Part {
    ReceivesReports,
    LeadsCaseReviews,
}

impl Part {
    fn column(self) -> &'static str {
        match self {
            Part::ReceivesReports => "receives_reports",
            Part::LeadsCaseReviews => "case_review_lead",
        }
    }
}

/// The organisation kept as playing `part`, if one is.
pub(super) async fn kept_organisation(pool: &Pool, tenant: TenantId, part: Part) -> Result<Option<OrganisationId>> {
    let sql = format!("SELECT {} FROM partnership_settings WHERE tenant_id = $1", part.column());
    let kept: Option<Option<uuid::Uuid>> =
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(tenant.0).fetch_optional(pool).await?;
    Ok(kept.flatten().map(OrganisationId))
}

/// Keep `org` as playing `part`.
pub(super) async fn keep_organisation(pool: &Pool, tenant: TenantId, part: Part, org: OrganisationId) -> Result<()> {
    let column = part.column();
    let sql = format!(
        "INSERT INTO partnership_settings (tenant_id, referral_response_days, {column}) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id) DO UPDATE SET {column} = excluded.{column}"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(tenant.0)
        .bind(asbcase_domain::partnership::DEFAULT_RESPONSE_DAYS as i32)
        .bind(org.0)
        .execute(pool)
        .await?;
    Ok(())
}

/// Add `o` to its partnership. `keep` names the organisations that take residents' reports and
/// run case reviews now: they are kept as such unless others were kept already, so that the
/// new organisation (a council, or a name earlier in the alphabet) does not take them over.
/// The change is kept in the settings history of `recorded_in`.
pub async fn add_organisation(
    pool: &Pool,
    o: &Organisation,
    keep: (Option<OrganisationId>, Option<OrganisationId>),
    (recorded_in, summary, by): (OrganisationId, &str, &str),
    at: Timestamp,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    // Write first, so that SQLite takes the write lock at once (see `new_questionnaire_version`).
    sqlx::query(
        "INSERT INTO partnership_settings (tenant_id, referral_response_days, receives_reports, case_review_lead)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id) DO UPDATE SET
             receives_reports = COALESCE(partnership_settings.receives_reports, excluded.receives_reports),
             case_review_lead = COALESCE(partnership_settings.case_review_lead, excluded.case_review_lead)",
    )
    .bind(o.tenant.0)
    .bind(asbcase_domain::partnership::DEFAULT_RESPONSE_DAYS as i32)
    .bind(keep.0.map(|id| id.0))
    .bind(keep.1.map(|id| id.0))
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO organisations (tenant_id, id, name, kind) VALUES ($1, $2, $3, $4)")
        .bind(o.tenant.0)
        .bind(o.id.0)
        .bind(&o.name)
        .bind(o.kind.as_str())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_insert(e, "organisation"))?;
    super::configuration::record_change(&mut tx, o.tenant, recorded_in, "organisations", summary, by, at).await?;
    tx.commit().await?;
    Ok(())
}
