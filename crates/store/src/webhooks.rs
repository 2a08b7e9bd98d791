//! The store's calls for webhooks: subscriptions, and the deliveries made to them. Deliveries
//! are queued in the same transaction as the case events they tell of (see `save_one`), so
//! none is lost and none is sent for a change that did not happen.
use crate::{Result, Store, postgres, sqlite};
use asbcase_domain::webhook::Topic;
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;

/// An address an organisation is told of case events at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookSubscription {
    pub tenant: TenantId,
    pub id: uuid::Uuid,
    pub organisation: OrganisationId,
    /// Whose system it is, as the administrator named it.
    pub name: String,
    pub url: String,
    pub topics: Vec<Topic>,
    /// The signing secret, shown once when the subscription was made.
    pub secret: String,
    pub created_at: Timestamp,
    pub removed_at: Option<Timestamp>,
}

/// Where a delivery has got to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryStatus {
    Pending,
    Sending,
    Delivered,
    /// Given up after every attempt failed (it can be sent again by hand).
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sending => "sending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> Option<DeliveryStatus> {
        [DeliveryStatus::Pending, DeliveryStatus::Sending, DeliveryStatus::Delivered, DeliveryStatus::Failed]
            .into_iter()
            .find(|d| d.as_str() == s)
    }
}

/// One notice to one subscription, with every attempt's result so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookDelivery {
    pub tenant: TenantId,
    pub id: uuid::Uuid,
    pub subscription: uuid::Uuid,
    pub organisation: OrganisationId,
    pub topic: Topic,
    pub case_reference: String,
    /// The JSON sent, exactly as signed.
    pub body: String,
    pub status: DeliveryStatus,
    pub attempts: i64,
    pub next_attempt_at: Timestamp,
    /// The HTTP status of the last answer, if there was one.
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
}

/// A delivery claimed for sending, with where to send it and how to sign it.
#[derive(Clone, Debug)]
pub struct DueDelivery {
    pub delivery: WebhookDelivery,
    pub url: String,
    pub secret: String,
}

/// What one attempt came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    Delivered {
        status: i64,
    },
    /// Failed; tried again at `retry_at`, or given up when `None`.
    Failed {
        status: Option<i64>,
        error: String,
        retry_at: Option<Timestamp>,
    },
}

impl Store {
    pub async fn create_webhook(&self, w: &WebhookSubscription) -> Result<()> {
        dispatch!(self.create_webhook(w))
    }
    /// An organisation's subscriptions, removed ones included, oldest first.
    pub async fn webhooks(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<WebhookSubscription>> {
        dispatch!(self.webhooks(tenant, org))
    }
    /// Stop one of an organisation's subscriptions (deliveries not yet made are dropped, marked
    /// failed): false if it has no such live subscription.
    pub async fn remove_webhook(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        id: uuid::Uuid,
        at: Timestamp,
    ) -> Result<bool> {
        dispatch!(self.remove_webhook(tenant, org, id, at))
    }
    /// Claim up to `limit` deliveries due at `now`, across tenants. A claim left unfinished for
    /// a few minutes (the sender stopped) is due again: receivers ignore a delivery id they have.
    pub async fn claim_due_webhooks(&self, now: Timestamp, limit: i64) -> Result<Vec<DueDelivery>> {
        dispatch!(self.claim_due_webhooks(now, limit))
    }
    pub async fn record_webhook_attempt(
        &self,
        tenant: TenantId,
        id: uuid::Uuid,
        attempt: &Attempt,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.record_webhook_attempt(tenant, id, attempt, at))
    }
    /// An organisation's deliveries, newest first: all, or only those that failed.
    pub async fn webhook_deliveries(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        failed_only: bool,
        limit: i64,
    ) -> Result<Vec<WebhookDelivery>> {
        dispatch!(self.webhook_deliveries(tenant, org, failed_only, limit))
    }
    /// Send a delivery that was given up again, from now (with a fresh count of attempts):
    /// false if the organisation has no such failed delivery to a live subscription.
    pub async fn resend_webhook(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        id: uuid::Uuid,
        now: Timestamp,
    ) -> Result<bool> {
        dispatch!(self.resend_webhook(tenant, org, id, now))
    }
}
