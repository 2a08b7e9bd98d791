//! Messages to residents, and webhooks to partners' systems. A message is queued in the outbox in the same transaction as what it
//! is about; delivering it is a separate step ([`deliver_due`]) that retries with back-off, so
//! a provider being down never loses a message and never holds up a report.
//!
//! Channels sit behind [`Channel`]. The default, [`FileChannel`], writes each message to a file
//! (and the log) so a demo or a test can read what a resident would receive; [`SmtpChannel`]
//! sends email; [`Deployment`] routes each message to the right one.

mod acknowledgement;
mod compose;
mod deployment;
mod file;
pub mod gov_notify;
mod reminders;
mod resident;
mod smtp;
mod update;
mod webhooks;

pub use acknowledgement::{Tracker, acknowledgement};
pub use compose::Sender;
pub use deployment::{Deployment, Provider, SmtpSettings};
pub use file::FileChannel;
pub use gov_notify::{NotifyChannel, NotifySettings};
pub use reminders::remind_officers;
pub use resident::{ResidentMessage, resident_message};
pub use smtp::SmtpChannel;
pub use update::{Update, update};
pub use webhooks::{WebhookReport, WebhookSender, deliver_webhooks, run_webhooks};

use asbcase_store::{OutboxMessage, Store, StoreError};
use jiff::{SignedDuration, Timestamp};

/// Why a delivery failed, and whether trying again could help.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct DeliveryError {
    pub message: String,
    /// A bad address will not get better: give up at once.
    pub permanent: bool,
}

/// A way of delivering messages (file, SMTP, GOV.UK Notify). A delivery that is accepted
/// answers with the provider's own id for the message, where it gives one.
pub trait Channel: Send + Sync {
    fn deliver(
        &self,
        m: &OutboxMessage,
    ) -> impl std::future::Future<Output = Result<Option<String>, DeliveryError>> + Send;

    /// Before trying a message again: whether the provider already has it from an attempt that
    /// seemed to fail (its id if so). Channels that cannot tell say no.
    fn already_sent(
        &self,
        _m: &OutboxMessage,
    ) -> impl std::future::Future<Output = Result<Option<String>, DeliveryError>> + Send {
        async { Ok(None) }
    }
}

/// Attempts before giving up on a message.
pub const MAX_ATTEMPTS: i64 = 8;

/// When to try again after `attempts` failed attempts: 1, 2, 4 … minutes, at most 6 hours.
pub fn retry_after(attempts: i64) -> SignedDuration {
    let minutes = 1i64 << attempts.clamp(0, 9);
    SignedDuration::from_mins(minutes.min(6 * 60))
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: usize,
    pub retrying: usize,
    pub gave_up: usize,
}

/// Deliver every message due at `now` through `channel`.
pub async fn deliver_due(store: &Store, channel: &impl Channel, now: Timestamp) -> Result<DeliveryReport, StoreError> {
    let mut report = DeliveryReport::default();
    loop {
        // Small batches: a claim older than a few minutes counts as interrupted.
        let batch = store.claim_due_messages(now, 10).await?;
        if batch.is_empty() {
            return Ok(report);
        }
        for m in &batch {
            let earlier = match m.attempts {
                0 => Ok(None),
                _ => channel.already_sent(m).await,
            };
            let sent = match earlier {
                Ok(Some(provider_ref)) => Ok(Some(provider_ref)),
                Ok(None) => match with_link(store, m, now).await? {
                    Ok(copy) => channel.deliver(&copy).await,
                    Err(e) => Err(e),
                },
                Err(e) => Err(e),
            };
            match sent {
                Ok(provider_ref) => {
                    store.record_delivery(m, Ok((Timestamp::now(), provider_ref))).await?;
                    report.sent += 1;
                }
                Err(e) => {
                    let attempts = m.attempts + 1;
                    let retry = (!e.permanent && attempts < MAX_ATTEMPTS)
                        .then(|| asbcase_domain::message::not_before(&m.kind, m.medium, now + retry_after(attempts)));
                    tracing::warn!(message = %m.id, attempts, error = %e, gave_up = retry.is_none(), "message not delivered");
                    if retry.is_some() {
                        report.retrying += 1;
                    } else {
                        report.gave_up += 1;
                    }
                    store.record_delivery(m, Err((e.message, retry))).await?;
                }
            }
        }
    }
}

/// The copy of `m` to send: a link it carries gets its token now (a fresh one at each attempt),
/// put in place of the placeholder; the stored message never holds it.
async fn with_link(
    store: &Store,
    m: &OutboxMessage,
    now: Timestamp,
) -> Result<Result<OutboxMessage, DeliveryError>, StoreError> {
    let Some(link) = m.link_id else { return Ok(Ok(m.clone())) };
    let token = hex::encode(rand::random::<[u8; 24]>());
    if !store.issue_link(m.tenant, link, &asbcase_domain::tracker::token_hash(&token), now).await? {
        let message = "the one-time link this message carries no longer exists or was already used".to_string();
        return Ok(Err(DeliveryError { message, permanent: true }));
    }
    let placeholder = asbcase_domain::tracker::TOKEN_PLACEHOLDER;
    Ok(Ok(OutboxMessage { body: m.body.replace(placeholder, &token), ..m.clone() }))
}

/// Deliver due messages every `every` until `stop` resolves, reading organisations' choice
/// of channel each time; every minute, ask providers how sent messages are getting on; every
/// ten minutes, remind officers of contacts falling due.
pub async fn run(
    store: Store,
    channel: Deployment,
    public_url: String,
    every: std::time::Duration,
    stop: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stop);
    let mut last_tracked = std::time::Instant::now();
    let mut last_reminded: Option<std::time::Instant> = None;
    loop {
        if last_reminded.is_none_or(|t| t.elapsed() >= std::time::Duration::from_secs(600)) {
            last_reminded = Some(std::time::Instant::now());
            if let Err(e) = remind_officers(&store, &public_url, Timestamp::now()).await {
                tracing::error!(error = %e, "reminding officers of contacts due");
            }
        }
        if let Err(e) = channel.load(&store).await {
            tracing::error!(error = %e, "reading how organisations send messages");
        }
        if let Err(e) = deliver_due(&store, &channel, Timestamp::now()).await {
            tracing::error!(error = %e, "delivering messages");
        }
        if last_tracked.elapsed() >= std::time::Duration::from_secs(60) {
            last_tracked = std::time::Instant::now();
            if let Err(e) = channel.track(&store).await {
                tracing::error!(error = %e, "asking about delivery");
            }
        }
        tokio::select! {
            _ = &mut stop => return,
            _ = tokio::time::sleep(every) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_six_hours() {
        assert_eq!(retry_after(1), SignedDuration::from_mins(2));
        assert_eq!(retry_after(3), SignedDuration::from_mins(8));
        assert_eq!(retry_after(30), SignedDuration::from_mins(360));
    }
}
