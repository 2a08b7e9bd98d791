//! The store's calls for working with partners: shared cases, referrals, the directory of
//! support services and the partnership's settings.
use crate::{ReferralRow, Result, SharedCase, Store, SupportService, postgres, sqlite};
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;

impl Store {
    /// Cases shared with `org`, most recently shared first.
    pub async fn cases_shared_with(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<SharedCase>> {
        dispatch!(self.cases_shared_with(tenant, org))
    }
    /// Referrals `org` made (`sent`) or received, newest first.
    pub async fn referrals(&self, tenant: TenantId, org: OrganisationId, sent: bool) -> Result<Vec<ReferralRow>> {
        dispatch!(self.referrals(tenant, org, sent))
    }
    pub async fn referral(&self, tenant: TenantId, id: uuid::Uuid) -> Result<Option<ReferralRow>> {
        dispatch!(self.referral(tenant, id))
    }
    pub async fn add_support_service(&self, tenant: TenantId, s: &SupportService, at: Timestamp) -> Result<()> {
        dispatch!(self.add_support_service(tenant, s, at))
    }
    /// The directory by name: active services, or all of them.
    pub async fn support_services(&self, tenant: TenantId, all: bool) -> Result<Vec<SupportService>> {
        dispatch!(self.support_services(tenant, all))
    }
    pub async fn support_service(&self, tenant: TenantId, id: uuid::Uuid) -> Result<Option<SupportService>> {
        dispatch!(self.support_service(tenant, id))
    }
    /// Take a service off the directory or put it back; false when there is no such service.
    pub async fn set_support_service_active(&self, tenant: TenantId, id: uuid::Uuid, active: bool) -> Result<bool> {
        dispatch!(self.set_support_service_active(tenant, id, active))
    }
    /// Working days a partner has to answer a referral before it is flagged.
    pub async fn referral_response_days(&self, tenant: TenantId) -> Result<u32> {
        dispatch!(self.referral_response_days(tenant))
    }
    pub async fn set_referral_response_days(&self, tenant: TenantId, days: u32) -> Result<()> {
        dispatch!(self.set_referral_response_days(tenant, days))
    }
}
