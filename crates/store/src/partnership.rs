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

impl Store {
    /// Cases reported in `[from, to)` counted by the area of `kind` they were recorded in.
    pub async fn cases_per_area(
        &self,
        tenant: TenantId,
        kind: asbcase_domain::repeats::AreaKind,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(Option<String>, u32)>> {
        dispatch!(self.cases_per_area(tenant, kind, from, to))
    }
    pub async fn area_figures(
        &self,
        tenant: TenantId,
        kind: asbcase_domain::repeats::AreaKind,
    ) -> Result<std::collections::BTreeMap<String, asbcase_domain::repeats::AreaSize>> {
        dispatch!(self.area_figures(tenant, kind))
    }
    pub async fn set_area_figures(
        &self,
        tenant: TenantId,
        kind: asbcase_domain::repeats::AreaKind,
        area: &str,
        size: asbcase_domain::repeats::AreaSize,
    ) -> Result<()> {
        dispatch!(self.set_area_figures(tenant, kind, area, size))
    }
    /// How many months back repeats are looked for.
    pub async fn repeat_window_months(&self, tenant: TenantId) -> Result<u32> {
        dispatch!(self.repeat_window_months(tenant))
    }
    pub async fn set_repeat_window_months(&self, tenant: TenantId, months: u32) -> Result<()> {
        dispatch!(self.set_repeat_window_months(tenant, months))
    }
    pub async fn create_panel(&self, p: &crate::Panel) -> Result<()> {
        dispatch!(self.create_panel(p))
    }
    pub async fn panels(&self, tenant: TenantId) -> Result<Vec<crate::Panel>> {
        dispatch!(self.panels(tenant))
    }
    pub async fn panel(&self, tenant: TenantId, id: uuid::Uuid) -> Result<Option<crate::Panel>> {
        dispatch!(self.panel(tenant, id))
    }
    pub async fn panel_cases(&self, tenant: TenantId, panel: uuid::Uuid) -> Result<Vec<crate::PanelCase>> {
        dispatch!(self.panel_cases(tenant, panel))
    }
}
