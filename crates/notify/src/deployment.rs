//! How a deployment delivers each message: by the channel its organisation has chosen (GOV.UK
//! Notify, its own SMTP server, or the file channel), else by the deployment's own SMTP server
//! for email, else to the file channel (letters are printed from there). Organisations'
//! choices are read from the store at every round, so a change takes effect without a restart.
use crate::gov_notify::{NotifyChannel, NotifySettings, secret_from_env};
use crate::{Channel, DeliveryError, FileChannel, SmtpChannel};
use asbcase_domain::message::Medium;
use asbcase_domain::{OrganisationId, TenantId};
use asbcase_store::{NotificationSettings, OutboxMessage, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// An organisation's own SMTP server: the URL comes from an environment variable (it holds
/// the password), the sender is plain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub url_env: String,
    pub from: String,
}

/// An organisation's choice, as `asbcase notify set` stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provider {
    Files,
    Smtp(SmtpSettings),
    Notify(NotifySettings),
}

impl Provider {
    pub fn name(&self) -> &'static str {
        match self {
            Provider::Files => "file",
            Provider::Smtp(_) => "smtp",
            Provider::Notify(_) => "notify",
        }
    }

    pub fn settings_json(&self) -> String {
        match self {
            Provider::Files => "{}".into(),
            Provider::Smtp(s) => serde_json::to_string(s).unwrap_or_default(),
            Provider::Notify(s) => serde_json::to_string(s).unwrap_or_default(),
        }
    }

    pub fn from_stored(s: &NotificationSettings) -> Result<Provider, String> {
        let bad = |e: serde_json::Error| format!("the stored {} settings are not valid: {e}", s.provider);
        match s.provider.as_str() {
            "file" => Ok(Provider::Files),
            "smtp" => serde_json::from_str(&s.settings).map(Provider::Smtp).map_err(bad),
            "notify" => serde_json::from_str(&s.settings).map(Provider::Notify).map_err(bad),
            other => Err(format!("unknown delivery provider '{other}'")),
        }
    }
}

enum OrgChannel {
    Files,
    Smtp(SmtpChannel),
    Notify(NotifyChannel),
}

type Orgs = HashMap<(TenantId, OrganisationId), Result<Arc<OrgChannel>, String>>;

#[derive(Clone)]
pub struct Deployment {
    pub smtp: Option<SmtpChannel>,
    pub files: FileChannel,
    orgs: Arc<RwLock<Orgs>>,
}

impl std::fmt::Debug for Deployment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deployment").field("smtp", &self.smtp).field("files", &self.files).finish_non_exhaustive()
    }
}

fn build(p: Provider) -> Result<OrgChannel, String> {
    match p {
        Provider::Files => Ok(OrgChannel::Files),
        Provider::Smtp(s) => Ok(OrgChannel::Smtp(SmtpChannel::new(&secret_from_env(&s.url_env)?, &s.from)?)),
        Provider::Notify(s) => Ok(OrgChannel::Notify(NotifyChannel::new(s)?)),
    }
}

impl Deployment {
    pub fn new(smtp: Option<SmtpChannel>, files: FileChannel) -> Deployment {
        Deployment { smtp, files, orgs: Arc::default() }
    }

    /// Read every organisation's choice from the store. One that cannot be set up (a missing
    /// key) is remembered as such: its messages wait and retry, and the log says why.
    pub async fn load(&self, store: &Store) -> Result<(), StoreError> {
        let mut orgs = Orgs::new();
        for s in store.all_notification_settings().await? {
            let channel = Provider::from_stored(&s).and_then(build).map(Arc::new);
            if let Err(e) = &channel {
                tracing::error!(organisation = %s.organisation.0, error = %e, "message delivery is not set up");
            }
            orgs.insert((s.tenant, s.organisation), channel);
        }
        if let Ok(mut w) = self.orgs.write() {
            *w = orgs;
        }
        Ok(())
    }

    /// Send an organisation's messages through a Notify service set up by the caller (for
    /// embedding, and for tests against a stand-in Notify), until the next `load`.
    pub fn use_notify(&self, tenant: TenantId, org: OrganisationId, channel: NotifyChannel) {
        if let Ok(mut w) = self.orgs.write() {
            w.insert((tenant, org), Ok(Arc::new(OrgChannel::Notify(channel))));
        }
    }

    fn channel_of(&self, m: &OutboxMessage) -> Option<Result<Arc<OrgChannel>, String>> {
        let org = m.organisation?;
        self.orgs.read().ok()?.get(&(m.tenant, org)).cloned()
    }

    /// Ask providers that report on delivery (Notify) how sent messages are getting on, and
    /// record what they say; a message that will never arrive is marked failed.
    pub async fn track(&self, store: &Store) -> Result<usize, StoreError> {
        let mut updated = 0;
        // Notify keeps messages for 7 days: older ones will never be answered about.
        let since = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(7 * 24);
        for m in store.messages_awaiting_status(since, 100).await? {
            let (Some(Ok(channel)), Some(id)) = (self.channel_of(&m), m.provider_ref.as_deref()) else { continue };
            let OrgChannel::Notify(notify) = channel.as_ref() else { continue };
            match notify.status(id).await {
                Ok(s) if m.delivery_status.as_deref() != Some(s.status.as_str()) => {
                    store.record_delivery_status(&m, &s.status, s.failed).await?;
                    updated += 1;
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(message = %m.id, error = %e, "could not ask about delivery"),
            }
        }
        Ok(updated)
    }
}

impl Channel for Deployment {
    async fn already_sent(&self, m: &OutboxMessage) -> Result<Option<String>, DeliveryError> {
        match self.channel_of(m) {
            Some(Ok(channel)) => match channel.as_ref() {
                OrgChannel::Notify(n) => n.already_sent(m).await,
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }

    async fn deliver(&self, m: &OutboxMessage) -> Result<Option<String>, DeliveryError> {
        match self.channel_of(m) {
            Some(Ok(channel)) => match channel.as_ref() {
                OrgChannel::Notify(n) => n.send(m).await,
                OrgChannel::Smtp(s) if m.medium == Medium::Email => s.deliver(m).await,
                OrgChannel::Smtp(_) | OrgChannel::Files => self.files.deliver(m).await,
            },
            Some(Err(why)) => Err(DeliveryError { message: why, permanent: false }),
            None => match (&self.smtp, m.medium) {
                (Some(smtp), Medium::Email) => smtp.deliver(m).await,
                _ => self.files.deliver(m).await,
            },
        }
    }
}
