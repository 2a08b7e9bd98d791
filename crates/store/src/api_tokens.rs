//! The store's calls for the JSON API: its tokens, and cases by when they last changed.
use crate::{ApiRequest, ApiToken, CaseSummary, Result, SettingChange, Store, postgres, sqlite};
use asbcase_domain::{CaseId, OrganisationId, TenantId};
use jiff::Timestamp;

impl Store {
    /// Keep a new token (only its hash), with who made it (`by`, kept as its `created_by` and
    /// in the organisation's history of settings changes). `Duplicate` if the organisation has
    /// a live token of the same name.
    pub async fn create_api_token(&self, t: &ApiToken, hash: &str, by: &str) -> Result<()> {
        dispatch!(self.create_api_token(t, hash, by))
    }
    /// The token with this hash, revoked or not, its last use noted.
    pub async fn api_token(&self, hash: &str, now: Timestamp) -> Result<Option<ApiToken>> {
        dispatch!(self.api_token(hash, now))
    }
    /// A token by its identifier, revoked or not.
    pub async fn api_token_by_id(&self, tenant: TenantId, id: uuid::Uuid) -> Result<Option<ApiToken>> {
        dispatch!(self.api_token_by_id(tenant, id))
    }
    /// An organisation's tokens, oldest first.
    pub async fn api_tokens(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<ApiToken>> {
        dispatch!(self.api_tokens(tenant, org))
    }
    /// Revoke one of an organisation's tokens, with who did it (`by`, kept as in
    /// [`Store::create_api_token`]): false if there is no such live token.
    pub async fn revoke_api_token(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        id: uuid::Uuid,
        by: &str,
        at: Timestamp,
    ) -> Result<bool> {
        dispatch!(self.revoke_api_token(tenant, org, id, by, at))
    }
    /// Who made and revoked the organisation's tokens, newest first.
    pub async fn api_token_changes(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<SettingChange>> {
        let setting = asbcase_domain::credential::Kind::ApiToken.setting();
        dispatch!(self.settings_changes(tenant, org, setting, 50))
    }
    /// An organisation's cases by when they last changed, oldest change first, after the
    /// cursor `(updated_at, id)`, with when each changed.
    pub async fn cases_changed(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        since: Option<Timestamp>,
        after: Option<(Timestamp, CaseId)>,
        limit: i64,
        now: Timestamp,
    ) -> Result<Vec<(CaseSummary, Timestamp)>> {
        dispatch!(self.cases_changed(tenant, org, since, after, limit, now))
    }
    /// The write an organisation made with this Idempotency-Key (hashed), if any.
    pub async fn api_request(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        key_hash: &str,
    ) -> Result<Option<ApiRequest>> {
        dispatch!(self.api_request(tenant, org, key_hash))
    }
    /// Save the case's pending event and note `request` in one transaction: false, and
    /// nothing saved, when a request with the same key got there first.
    pub async fn save_case_for_request(
        &self,
        case: &mut asbcase_domain::case::Case,
        request: &ApiRequest,
    ) -> Result<bool> {
        dispatch!(self.save_case_for_request(case, request))
    }
}
