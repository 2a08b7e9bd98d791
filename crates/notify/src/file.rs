//! The default channel: each message becomes a text file in a folder (and a log line), so the
//! demo and the tests can read what a resident would receive. Letters are left there to print.
use crate::{Channel, DeliveryError};
use asbcase_store::OutboxMessage;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct FileChannel {
    pub dir: PathBuf,
}

impl FileChannel {
    pub fn new(dir: impl Into<PathBuf>) -> FileChannel {
        FileChannel { dir: dir.into() }
    }
}

impl Channel for FileChannel {
    async fn deliver(&self, m: &OutboxMessage) -> Result<Option<String>, DeliveryError> {
        let name = format!("{}-{}-{}.txt", m.created_at.strftime("%Y%m%dT%H%M%S"), m.medium.as_str(), m.id.simple());
        let text = format!(
            "To: {}\nMedium: {}\nKind: {}\nSubject: {}\n\n{}\n",
            m.recipient,
            m.medium.as_str(),
            m.kind,
            m.subject,
            m.body
        );
        tokio::fs::create_dir_all(&self.dir).await.map_err(|e| DeliveryError {
            message: format!("cannot create {}: {e}", self.dir.display()),
            permanent: false,
        })?;
        tokio::fs::write(self.dir.join(&name), text)
            .await
            .map_err(|e| DeliveryError { message: format!("cannot write {name}: {e}"), permanent: false })?;
        tracing::info!(to = %m.recipient, medium = m.medium.as_str(), kind = %m.kind, file = %name, "message delivered to file");
        Ok(None)
    }
}
