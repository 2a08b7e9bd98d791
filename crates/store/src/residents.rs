//! The store's calls for residents without accounts (tracker links and visits, survey links,
//! link-request limits) and for how each organisation's messages are delivered.
use crate::{
    LinkOutcome, NotificationSettings, OutboxMessage, ResidentLink, ResidentVisit, Result, Store, postgres, sqlite,
};
use asbcase_domain::case::Case;
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;

impl Store {
    /// Record that someone looked at personal data (append-only, chained per partnership).
    pub async fn record_access(
        &self,
        tenant: TenantId,
        user: asbcase_domain::UserId,
        kind: asbcase_domain::audit::AccessKind,
        case: Option<asbcase_domain::CaseId>,
        detail: &str,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.record_access(tenant, user, kind, case, detail, at))
    }
    /// Who looked at a case, newest first.
    pub async fn access_to_case(
        &self,
        tenant: TenantId,
        case: asbcase_domain::CaseId,
        limit: i64,
    ) -> Result<Vec<asbcase_domain::audit::AccessRecord>> {
        dispatch!(self.access_to_case(tenant, case, limit))
    }

    pub async fn resident_link(&self, token_hash: &str) -> Result<Option<ResidentLink>> {
        dispatch!(self.resident_link(token_hash))
    }
    /// Follow a tracker link: once, before it expires, it opens a visit under `visit_hash`.
    pub async fn follow_tracker_link(
        &self,
        token_hash: &str,
        visit_hash: &str,
        now: Timestamp,
        visit_expires: Timestamp,
    ) -> Result<LinkOutcome> {
        dispatch!(self.follow_tracker_link(token_hash, visit_hash, now, visit_expires))
    }
    /// Give a link its token as its message is delivered (it works for its time from now).
    pub async fn issue_link(&self, tenant: TenantId, id: uuid::Uuid, token_hash: &str, now: Timestamp) -> Result<bool> {
        dispatch!(self.issue_link(tenant, id, token_hash, now))
    }
    pub async fn resident_visit(&self, visit_hash: &str, now: Timestamp) -> Result<Option<ResidentVisit>> {
        dispatch!(self.resident_visit(visit_hash, now))
    }
    pub async fn end_resident_visit(&self, visit_hash: &str) -> Result<()> {
        dispatch!(self.end_resident_visit(visit_hash))
    }
    /// Store the survey's answers (an event on the case) and spend its link together.
    pub async fn save_survey_answers(&self, case: &mut Case, token_hash: &str, now: Timestamp) -> Result<()> {
        dispatch!(self.save_survey_answers(case, token_hash, now))
    }
    /// Count a link request under each key; returns each key's count since its own time.
    pub async fn count_link_request(&self, keys: &[(String, Timestamp)], now: Timestamp) -> Result<Vec<i64>> {
        dispatch!(self.count_link_request(keys, now))
    }

    // --- how messages are delivered ---

    pub async fn notification_settings(
        &self,
        tenant: TenantId,
        org: OrganisationId,
    ) -> Result<Option<NotificationSettings>> {
        dispatch!(self.notification_settings(tenant, org))
    }
    pub async fn all_notification_settings(&self) -> Result<Vec<NotificationSettings>> {
        dispatch!(self.all_notification_settings())
    }
    pub async fn set_notification_settings(&self, s: &NotificationSettings) -> Result<()> {
        dispatch!(self.set_notification_settings(s))
    }
    pub async fn outbox_message(&self, tenant: TenantId, id: uuid::Uuid) -> Result<Option<OutboxMessage>> {
        dispatch!(self.outbox_message(tenant, id))
    }
    /// Cases whose officer should be reminded that contact falls due between `from` and `to`.
    pub async fn cases_needing_contact_reminder(
        &self,
        from: Timestamp,
        to: Timestamp,
        limit: i64,
    ) -> Result<Vec<Case>> {
        dispatch!(self.cases_needing_contact_reminder(from, to, limit))
    }
    /// Sent messages still waiting for the provider's final word on delivery.
    pub async fn messages_awaiting_status(&self, since: Timestamp, limit: i64) -> Result<Vec<OutboxMessage>> {
        dispatch!(self.messages_awaiting_status(since, limit))
    }
    /// The provider's word on delivery; `failed` marks a message that will never arrive.
    pub async fn record_delivery_status(&self, m: &OutboxMessage, status: &str, failed: bool) -> Result<()> {
        dispatch!(self.record_delivery_status(m, status, failed))
    }
}
