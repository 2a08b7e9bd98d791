//! Email through an SMTP server (lettre), configured by one URL:
//! `smtps://user:password@mail.example.org:465` (TLS), `smtp://user:password@host:587?tls=required`
//! (STARTTLS), or `smtp://localhost:25` for a local relay without TLS.
use crate::{Channel, DeliveryError};
use asbcase_domain::message::Medium;
use asbcase_store::OutboxMessage;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Clone)]
pub struct SmtpChannel {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for SmtpChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpChannel").field("from", &self.from.to_string()).finish_non_exhaustive()
    }
}

impl SmtpChannel {
    /// From an SMTP URL and the sender, e.g. `ASB Team <asb@ashfordvale.gov.example>`.
    pub fn new(url: &str, from: &str) -> Result<SmtpChannel, String> {
        let from: Mailbox = from.parse().map_err(|e| format!("mail_from '{from}' is not an email address: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| {
                format!(
                    "the SMTP URL is not valid (smtps://user:password@host:465 or smtp://host:587?tls=required): {e}"
                )
            })?
            .build();
        Ok(SmtpChannel { transport, from })
    }
}

impl Channel for SmtpChannel {
    async fn deliver(&self, m: &OutboxMessage) -> Result<Option<String>, DeliveryError> {
        if m.medium != Medium::Email {
            return Err(DeliveryError {
                message: format!("SMTP cannot deliver a {} message", m.medium.as_str()),
                permanent: true,
            });
        }
        let to: Mailbox = m.recipient.parse().map_err(|e| DeliveryError {
            message: format!("'{}' is not an email address: {e}", m.recipient),
            permanent: true,
        })?;
        let email =
            Message::builder().from(self.from.clone()).to(to).subject(&m.subject).body(m.body.clone()).map_err(
                |e| DeliveryError { message: format!("the message could not be built: {e}"), permanent: true },
            )?;
        self.transport
            .send(email)
            .await
            .map_err(|e| DeliveryError { permanent: e.is_permanent(), message: format!("SMTP: {e}") })?;
        Ok(None)
    }
}
