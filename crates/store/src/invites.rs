//! The store's calls for inviting staff: the account, the one-time link and its email, kept
//! together; following the link to choose a password.
use crate::{OutboxMessage, Result, StaffInvite, Store, User, postgres, sqlite};
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;

impl Store {
    /// Make `user`'s account without a password and queue `message`, which carries `invite`'s
    /// link, with `summary` in the settings history: all or nothing. `Duplicate` when the email
    /// address already has an account.
    pub async fn invite_staff(
        &self,
        user: &User,
        invite: &StaffInvite,
        message: &OutboxMessage,
        summary: &str,
        by: &str,
    ) -> Result<()> {
        dispatch!(self.invite_staff(user, invite, message, summary, by))
    }

    /// Send an invitation again to one of `org`'s staff who has not chosen a password; the
    /// earlier links stop working. False when they have one by now (or are not `org`'s).
    pub async fn invite_again(
        &self,
        org: OrganisationId,
        invite: &StaffInvite,
        message: &OutboxMessage,
        summary: &str,
        by: &str,
    ) -> Result<bool> {
        dispatch!(self.invite_again(org, invite, message, summary, by))
    }

    /// The invitation a link's token opens, if any.
    pub async fn staff_invite(&self, token_hash: &str) -> Result<Option<StaffInvite>> {
        dispatch!(self.staff_invite(token_hash))
    }

    /// The latest invitation of each of an organisation's staff who was invited.
    pub async fn invites_of_organisation(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<StaffInvite>> {
        dispatch!(self.invites_of_organisation(tenant, org))
    }

    /// Choose a password with an invitation's link (its hash already made): once, in time,
    /// while the account is on and has none. False, with nothing changed, otherwise.
    pub async fn accept_invite(&self, token_hash: &str, password_hash: &str, now: Timestamp) -> Result<bool> {
        dispatch!(self.accept_invite(token_hash, password_hash, now))
    }
}
