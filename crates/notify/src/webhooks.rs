//! Delivering webhooks: each due delivery is POSTed to its subscription's address, signed
//! with the subscription's secret, and tried again with back-off until the receiver answers
//! with a 2xx status or the attempts run out (see `asbcase_domain::webhook`).
use asbcase_domain::webhook::{SIGNATURE_HEADER, retry_after, signature};
use asbcase_store::{Attempt, DueDelivery, Store, StoreError};
use jiff::Timestamp;

/// How long a receiver has to answer.
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Sends deliveries over HTTP. Redirects are not followed: deliveries go only to the address
/// an administrator set.
#[derive(Clone)]
pub struct WebhookSender {
    client: reqwest::Client,
}

impl WebhookSender {
    pub fn new() -> WebhookSender {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("asbcase/", env!("CARGO_PKG_VERSION"), " (webhooks)"))
            .build()
            .expect("the HTTP client's settings are fixed");
        WebhookSender { client }
    }

    /// One attempt at `d`, at `now`.
    pub async fn send(&self, d: &DueDelivery, now: Timestamp) -> Attempt {
        let body = &d.delivery.body;
        let sent = self
            .client
            .post(&d.url)
            .header("Content-Type", "application/json")
            .header(SIGNATURE_HEADER, signature(&d.secret, now.as_second(), body))
            .header("Asbcase-Delivery", d.delivery.id.to_string())
            .header("Asbcase-Event", d.delivery.topic.as_str())
            .body(body.clone())
            .send()
            .await;
        let retry_at = retry_after(d.delivery.attempts + 1).map(|wait| now + wait);
        match sent {
            Ok(r) if r.status().is_success() => Attempt::Delivered { status: i64::from(r.status().as_u16()) },
            Ok(r) => Attempt::Failed {
                status: Some(i64::from(r.status().as_u16())),
                error: format!("the receiver answered {}", r.status()),
                retry_at,
            },
            Err(e) => {
                let why = if e.is_timeout() {
                    format!("no answer within {} seconds", TIMEOUT.as_secs())
                } else if e.is_connect() {
                    "could not connect to the address".to_string()
                } else {
                    format!("the request failed: {e}")
                };
                Attempt::Failed { status: None, error: why, retry_at }
            }
        }
    }
}

impl Default for WebhookSender {
    fn default() -> Self {
        WebhookSender::new()
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct WebhookReport {
    pub delivered: usize,
    pub retrying: usize,
    pub gave_up: usize,
}

/// Send every delivery due, reading the time from `clock` afresh for each claim and each
/// attempt (a run with a slow receiver can take minutes: signatures must be fresh and back-off
/// counted from the attempt).
pub async fn deliver_webhooks(
    store: &Store,
    sender: &WebhookSender,
    clock: impl Fn() -> Timestamp,
) -> Result<WebhookReport, StoreError> {
    let mut report = WebhookReport::default();
    loop {
        let batch = store.claim_due_webhooks(clock(), 10).await?;
        if batch.is_empty() {
            return Ok(report);
        }
        for d in &batch {
            let now = clock();
            let attempt = sender.send(d, now).await;
            match &attempt {
                Attempt::Delivered { .. } => report.delivered += 1,
                Attempt::Failed { retry_at: Some(_), error, .. } => {
                    tracing::warn!(delivery = %d.delivery.id, %error, "webhook not delivered; will try again");
                    report.retrying += 1;
                }
                Attempt::Failed { retry_at: None, error, .. } => {
                    tracing::error!(delivery = %d.delivery.id, %error, "webhook given up");
                    report.gave_up += 1;
                }
            }
            store.record_webhook_attempt(d.delivery.tenant, d.delivery.id, &attempt, clock()).await?;
        }
    }
}

/// Deliver webhooks every `every` until `stop`. Apart from residents' messages, so that a
/// receiver that is slow to answer never holds up a message to a resident.
pub async fn run_webhooks(store: Store, every: std::time::Duration, stop: impl std::future::Future<Output = ()>) {
    tokio::pin!(stop);
    let sender = WebhookSender::new();
    loop {
        if let Err(e) = deliver_webhooks(&store, &sender, Timestamp::now).await {
            tracing::error!(error = %e, "delivering webhooks");
        }
        tokio::select! {
            _ = &mut stop => return,
            _ = tokio::time::sleep(every) => {}
        }
    }
}
