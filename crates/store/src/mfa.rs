//! The store's calls for two-step sign-in, password changes and signing out everywhere.
use crate::{Result, Store, UserMfa, postgres, sqlite};
use asbcase_domain::{TenantId, UserId};
use jiff::Timestamp;

impl Store {
    pub async fn user_mfa(&self, tenant: TenantId, user: UserId) -> Result<Option<UserMfa>> {
        dispatch!(self.user_mfa(tenant, user))
    }
    /// Give a new, unconfirmed authenticator secret (base32).
    pub async fn start_mfa(&self, tenant: TenantId, user: UserId, secret: &str, at: Timestamp) -> Result<()> {
        dispatch!(self.start_mfa(tenant, user, secret, at))
    }
    /// Accept a code's step (confirming the secret); false if that step or a later one was used.
    pub async fn accept_mfa_step(&self, tenant: TenantId, user: UserId, step: u64, at: Timestamp) -> Result<bool> {
        dispatch!(self.accept_mfa_step(tenant, user, step, at))
    }
    pub async fn remove_mfa(&self, tenant: TenantId, user: UserId) -> Result<()> {
        dispatch!(self.remove_mfa(tenant, user))
    }
    /// The session's two-step code was right: it now counts.
    pub async fn complete_session(&self, token_hash: &str, at: Timestamp) -> Result<()> {
        dispatch!(self.complete_session(token_hash, at))
    }
    /// End every session of a member of staff; how many there were.
    pub async fn delete_sessions_of_user(&self, tenant: TenantId, user: UserId) -> Result<u64> {
        dispatch!(self.delete_sessions_of_user(tenant, user))
    }
    /// End every session of a member of staff but `keep`.
    pub async fn delete_other_sessions(&self, tenant: TenantId, user: UserId, keep: &str) -> Result<u64> {
        dispatch!(self.delete_other_sessions(tenant, user, keep))
    }
    pub async fn set_password_hash(&self, tenant: TenantId, user: UserId, hash: &str) -> Result<()> {
        dispatch!(self.set_password_hash(tenant, user, hash))
    }
    /// Whether the partnership requires two-step sign-in of everyone (not only administrators).
    pub async fn mfa_for_everyone(&self, tenant: TenantId) -> Result<bool> {
        dispatch!(self.mfa_for_everyone(tenant))
    }
    pub async fn set_mfa_for_everyone(&self, tenant: TenantId, on: bool) -> Result<()> {
        dispatch!(self.set_mfa_for_everyone(tenant, on))
    }
}
