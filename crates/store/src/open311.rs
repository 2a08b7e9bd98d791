//! The store's Open311 calls: partners' keys, and the requests and updates GeoReport serves.
use crate::{Open311Key, Open311Query, Open311Request, Open311Update, Result, SettingChange, Store, postgres, sqlite};
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;

impl Store {
    /// Store a new key (by hash; the key itself is shown once, to whoever made it), with who
    /// made it (`by`, kept as its `created_by` and in the receiving organisation's history of
    /// settings changes). `Duplicate` if that organisation has a live key of the same name.
    pub async fn add_open311_key(&self, key: &Open311Key, key_hash: &str, by: &str) -> Result<()> {
        dispatch!(self.add_open311_key(key, key_hash, by))
    }

    /// The key with this hash, revoked or not.
    pub async fn open311_key(&self, key_hash: &str) -> Result<Option<Open311Key>> {
        dispatch!(self.open311_key(key_hash))
    }

    /// Every key of the partnership, whichever organisation receives its reports.
    pub async fn open311_keys(&self, tenant: TenantId) -> Result<Vec<Open311Key>> {
        dispatch!(self.open311_keys(tenant))
    }

    /// The keys whose reports become `org`'s cases, live and revoked, oldest first.
    pub async fn open311_keys_of(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<Open311Key>> {
        dispatch!(self.open311_keys_of(tenant, org))
    }

    /// Stop one of the keys whose reports become `org`'s cases working, with who did it (`by`,
    /// kept as in [`Store::add_open311_key`]). False when `org` had no such live key.
    pub async fn revoke_open311_key(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        id: uuid::Uuid,
        by: &str,
        at: Timestamp,
    ) -> Result<bool> {
        dispatch!(self.revoke_open311_key(tenant, org, id, by, at))
    }

    /// Who made and revoked the keys whose reports become `org`'s cases, newest first.
    pub async fn open311_key_changes(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<SettingChange>> {
        let setting = asbcase_domain::credential::Kind::Open311Key.setting();
        dispatch!(self.settings_changes(tenant, org, setting, 50))
    }

    /// Cases that came in through Open311, newest first.
    pub async fn open311_requests(&self, tenant: TenantId, q: &Open311Query) -> Result<Vec<Open311Request>> {
        dispatch!(self.open311_requests(tenant, q))
    }

    /// The request a key already sent with this external id, if any.
    pub async fn open311_by_external_id(
        &self,
        tenant: TenantId,
        key: uuid::Uuid,
        external_id: &str,
    ) -> Result<Option<Open311Request>> {
        dispatch!(self.open311_by_external_id(tenant, key, external_id))
    }

    /// The event number an update a key already POSTed became, if it did.
    pub async fn open311_update_received(
        &self,
        tenant: TenantId,
        key: uuid::Uuid,
        update_id: &str,
    ) -> Result<Option<i64>> {
        dispatch!(self.open311_update_received(tenant, key, update_id))
    }

    /// Store a case with a partner's update on it, remembering the update's id, in one transaction.
    pub async fn save_case_with_open311_update(
        &self,
        case: &mut asbcase_domain::case::Case,
        key: uuid::Uuid,
        update_id: Option<&str>,
    ) -> Result<()> {
        dispatch!(self.save_case_with_open311_update(case, key, update_id))
    }

    pub async fn open311_by_token(&self, tenant: TenantId, token: &str) -> Result<Option<Open311Request>> {
        dispatch!(self.open311_by_token(tenant, token))
    }

    /// Changes of `kinds` between `start` and `end` to cases that came in through `key`.
    pub async fn open311_updates(
        &self,
        tenant: TenantId,
        key: uuid::Uuid,
        kinds: &[&str],
        start: Timestamp,
        end: Timestamp,
        limit: i64,
    ) -> Result<Vec<Open311Update>> {
        dispatch!(self.open311_updates(tenant, key, kinds, start, end, limit))
    }
}
