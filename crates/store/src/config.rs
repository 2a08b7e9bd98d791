//! The store's calls for configuration: a partnership's risk questionnaire versions and the
//! web addresses of its public pages, and each organisation's service standards.
use crate::{Result, SettingChange, Store, postgres, sqlite};

/// How many changes to a setting its page shows.
const CHANGES_SHOWN: i64 = 50;
/// The name service standards' changes are kept under.
const SERVICE_STANDARDS: &str = "service_standards";
use asbcase_domain::questionnaire::Questionnaire;
use asbcase_domain::standards::ServiceStandards;
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;

impl Store {
    /// The questionnaire a partnership asks now: its newest stored version, else the built-in set.
    pub async fn questionnaire(&self, tenant: TenantId) -> Result<Questionnaire> {
        let stored: Option<Questionnaire> = dispatch!(self.questionnaire(tenant))?;
        Ok(stored.unwrap_or_else(Questionnaire::default_set))
    }

    /// The version that scored an assessment (the built-in set is version 1).
    pub async fn questionnaire_version(&self, tenant: TenantId, version: u32) -> Result<Option<Questionnaire>> {
        let builtin = Questionnaire::default_set();
        if version == builtin.version {
            return Ok(Some(builtin));
        }
        dispatch!(self.questionnaire_version(tenant, version))
    }

    /// Store a new version (the caller has checked it); returns it with its version number.
    pub async fn add_questionnaire(&self, tenant: TenantId, q: &Questionnaire, at: Timestamp) -> Result<Questionnaire> {
        let built_in = Questionnaire::default_set().version;
        dispatch!(self.add_questionnaire(tenant, q, built_in, at))
    }

    /// Store a new version made on the settings page after `before`, the version its form
    /// began from; `Conflict` if another was stored since. Kept in the settings history.
    pub async fn new_questionnaire_version(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        before: &Questionnaire,
        after: &Questionnaire,
        by: &str,
        at: Timestamp,
    ) -> Result<Questionnaire> {
        dispatch!(self.new_questionnaire_version(tenant, org, before, after, by, at))
    }

    /// Every version the partnership has used, oldest first, with when each was stored (the
    /// built-in set first, with no date).
    pub async fn questionnaire_versions(&self, tenant: TenantId) -> Result<Vec<(Questionnaire, Option<Timestamp>)>> {
        let stored: Vec<(Questionnaire, Timestamp)> = dispatch!(self.questionnaire_versions(tenant))?;
        let mut all = vec![(Questionnaire::default_set(), None)];
        all.extend(stored.into_iter().map(|(q, at)| (q, Some(at))));
        Ok(all)
    }

    /// Who made new versions of the questionnaire from this organisation's pages, newest first.
    pub async fn questionnaire_changes(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<SettingChange>> {
        dispatch!(self.settings_changes(tenant, org, "questionnaire", CHANGES_SHOWN))
    }

    /// Serve a partnership's public pages at `host` (lower case, no port).
    pub async fn set_public_host(&self, host: &str, tenant: TenantId) -> Result<()> {
        dispatch!(self.set_public_host(host, tenant))
    }

    /// The partnership whose public pages `host` serves, if one was set.
    pub async fn public_host(&self, host: &str) -> Result<Option<TenantId>> {
        dispatch!(self.public_host(host))
    }

    /// The service standards an organisation works to: its own, else the defaults.
    pub async fn service_standards(&self, tenant: TenantId, org: OrganisationId) -> Result<ServiceStandards> {
        let own: Option<ServiceStandards> = dispatch!(self.service_standards(tenant, org))?;
        Ok(own.unwrap_or_default())
    }

    /// Set an organisation's service standards (the caller has checked them); `by` says who.
    pub async fn set_service_standards(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        s: &ServiceStandards,
        by: &str,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.set_service_standards(tenant, org, s, by, at))
    }

    /// Change a member of staff's roles and whether they may sign in (the caller has checked the
    /// organisation keeps an administrator); `summary` says what changed, `by` who changed it.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_user_access(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        user: asbcase_domain::UserId,
        roles: &[asbcase_domain::organisation::Role],
        active: bool,
        summary: &str,
        by: &str,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.set_user_access(tenant, org, user, roles, active, summary, by, at))
    }

    /// Set a member of staff's password for them: their sessions end, an invitation not taken
    /// up stops and failed sign-ins are forgotten, keeping who did it.
    pub async fn set_password_for(
        &self,
        user: &crate::User,
        password_hash: &str,
        summary: &str,
        by: &str,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.set_password_for(user, password_hash, (summary, by), at))
    }

    /// Take away someone's two-step sign-in and end their sessions, keeping who did it.
    pub async fn reset_two_step(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        user: asbcase_domain::UserId,
        summary: &str,
        by: &str,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.reset_two_step(tenant, org, user, summary, by, at))
    }

    /// Who entered the organisation's homes-owned figures, and what, newest first.
    pub async fn homes_owned_changes(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<SettingChange>> {
        dispatch!(self.settings_changes(tenant, org, "homes_owned", CHANGES_SHOWN))
    }

    /// Who changed the organisation's staff's access, and how, newest first.
    pub async fn user_changes(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<SettingChange>> {
        dispatch!(self.settings_changes(tenant, org, "users", CHANGES_SHOWN))
    }

    /// Who changed an organisation's service standards, to what and when, newest first.
    pub async fn service_standards_changes(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<SettingChange>> {
        dispatch!(self.settings_changes(tenant, org, SERVICE_STANDARDS, CHANGES_SHOWN))
    }
}
