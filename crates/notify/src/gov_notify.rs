//! GOV.UK Notify (https://docs.notifications.service.gov.uk/rest-api.html): text messages,
//! email and letters through its REST API. Each request carries a JWT signed (HS256) with the
//! API key's secret, with the service id as issuer and the time of issue. We word messages
//! ourselves (each organisation's templates), so Notify holds one plain template per medium
//! whose content is `((subject))` / `((body))` (a letter's address comes as `address_line_n`);
//! their ids are part of the organisation's settings.
use crate::DeliveryError;
use asbcase_domain::message::Medium;
use asbcase_store::OutboxMessage;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub const LIVE_URL: &str = "https://api.notifications.service.gov.uk";

/// An organisation's Notify settings as stored (the key itself is never stored: only the name
/// of the environment variable holding it, or of `{name}_FILE`, a file holding it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifySettings {
    pub api_key_env: String,
    #[serde(default = "live_url")]
    pub base_url: String,
    pub email_template: Option<String>,
    pub sms_template: Option<String>,
    pub letter_template: Option<String>,
}

fn live_url() -> String {
    LIVE_URL.into()
}

/// A Notify API key: `{key name}-{service id}-{secret}`, the last two being UUIDs.
#[derive(Clone)]
pub struct ApiKey {
    pub service_id: String,
    secret: String,
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKey").field("service_id", &self.service_id).finish_non_exhaustive()
    }
}

fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok() && s.len() == 36
}

impl ApiKey {
    pub fn parse(key: &str) -> Result<ApiKey, String> {
        let key = key.trim();
        let n = key.len();
        let bad = || "a GOV.UK Notify API key looks like name-<service id>-<secret>, two UUIDs at the end".to_string();
        if n < 74 || !key.is_ascii() {
            return Err(bad());
        }
        let (service_id, secret) = (&key[n - 73..n - 37], &key[n - 36..]);
        if !is_uuid(service_id) || !is_uuid(secret) || &key[n - 37..n - 36] != "-" {
            return Err(bad());
        }
        Ok(ApiKey { service_id: service_id.into(), secret: secret.into() })
    }

    /// The bearer token for a request made at `now` (seconds since 1970).
    pub fn token(&self, now: i64) -> Result<String, String> {
        #[derive(Serialize)]
        struct Claims<'a> {
            iss: &'a str,
            iat: i64,
        }
        let header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        jsonwebtoken::encode(
            &header,
            &Claims { iss: &self.service_id, iat: now },
            &jsonwebtoken::EncodingKey::from_secret(self.secret.as_bytes()),
        )
        .map_err(|e| format!("could not sign the Notify token: {e}"))
    }
}

/// Read a secret from the environment variable `name`, or from the file `{name}_FILE` names.
pub fn secret_from_env(name: &str) -> Result<String, String> {
    if let Ok(v) = std::env::var(name)
        && !v.trim().is_empty()
    {
        return Ok(v.trim().to_string());
    }
    let file = format!("{name}_FILE");
    match std::env::var_os(&file) {
        Some(path) => std::fs::read_to_string(&path)
            .map(|s| s.trim().to_string())
            .map_err(|e| format!("cannot read {file} ({}): {e}", path.to_string_lossy())),
        None => Err(format!("neither {name} nor {file} is set")),
    }
}

/// An organisation's Notify service.
#[derive(Clone, Debug)]
pub struct NotifyChannel {
    key: ApiKey,
    settings: NotifySettings,
    http: reqwest::Client,
}

/// Notify's last word on a message: its status, and whether that means it will never arrive.
#[derive(Debug, PartialEq, Eq)]
pub struct Status {
    pub status: String,
    pub failed: bool,
    pub final_: bool,
}

impl NotifyChannel {
    /// With the key from the environment variable the settings name.
    pub fn new(settings: NotifySettings) -> Result<NotifyChannel, String> {
        let key = secret_from_env(&settings.api_key_env)?;
        NotifyChannel::with_key(settings, &key)
    }

    pub fn with_key(settings: NotifySettings, key: &str) -> Result<NotifyChannel, String> {
        let key = ApiKey::parse(key)?;
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .map_err(|e| format!("could not set up HTTPS: {e}"))?;
        Ok(NotifyChannel { key, settings, http })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.base_url.trim_end_matches('/'))
    }

    fn bearer(&self) -> Result<String, DeliveryError> {
        let now = jiff::Timestamp::now().as_second();
        self.key.token(now).map(|t| format!("Bearer {t}")).map_err(|message| DeliveryError { message, permanent: true })
    }

    /// The request for a message: its path and JSON body.
    pub fn request(&self, m: &OutboxMessage) -> Result<(&'static str, Value), DeliveryError> {
        let missing = |what: &str| DeliveryError {
            message: format!("no GOV.UK Notify {what} template is set for this organisation"),
            permanent: true,
        };
        let reference = m.id.to_string();
        match m.medium {
            Medium::Email => Ok((
                "/v2/notifications/email",
                json!({
                    "email_address": m.recipient,
                    "template_id": self.settings.email_template.as_ref().ok_or_else(|| missing("email"))?,
                    "personalisation": { "subject": m.subject, "body": m.body },
                    "reference": reference,
                }),
            )),
            Medium::Sms => Ok((
                "/v2/notifications/sms",
                json!({
                    "phone_number": m.recipient,
                    "template_id": self.settings.sms_template.as_ref().ok_or_else(|| missing("text message"))?,
                    "personalisation": { "body": m.body },
                    "reference": reference,
                }),
            )),
            Medium::Letter => {
                let mut p = serde_json::Map::new();
                let lines: Vec<&str> = m.recipient.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
                if lines.len() < 3 {
                    return Err(DeliveryError {
                        message: "a letter needs a name and at least two address lines, the last a postcode".into(),
                        permanent: true,
                    });
                }
                for (i, line) in lines.iter().take(7).enumerate() {
                    p.insert(format!("address_line_{}", i + 1), json!(line));
                }
                p.insert("subject".into(), json!(m.subject));
                p.insert("body".into(), json!(m.body));
                Ok((
                    "/v2/notifications/letter",
                    json!({
                        "template_id": self.settings.letter_template.as_ref().ok_or_else(|| missing("letter"))?,
                        "personalisation": p,
                        "reference": reference,
                    }),
                ))
            }
        }
    }

    /// Send a message; Notify's id for it on success.
    pub async fn send(&self, m: &OutboxMessage) -> Result<Option<String>, DeliveryError> {
        let (path, body) = self.request(m)?;
        let res =
            self.http.post(self.url(path)).header("Authorization", self.bearer()?).json(&body).send().await.map_err(
                |e| DeliveryError { message: format!("GOV.UK Notify could not be reached: {e}"), permanent: false },
            )?;
        let status = res.status();
        let answer: Value = res.json().await.unwrap_or(Value::Null);
        if status.is_success() {
            return Ok(answer.get("id").and_then(Value::as_str).map(str::to_string));
        }
        let why = answer["errors"]
            .as_array()
            .map(|es| es.iter().filter_map(|e| e["message"].as_str()).collect::<Vec<_>>().join("; "))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| status.to_string());
        // 400 (a bad number, a missing placeholder) and 403 (a bad key) will not get better;
        // 429 (rate limit) and 5xx will.
        let permanent = matches!(status.as_u16(), 400 | 403);
        Err(DeliveryError { message: format!("GOV.UK Notify answered {}: {why}", status.as_u16()), permanent })
    }

    /// Whether Notify already has this message (an earlier attempt that timed out may have been
    /// accepted): its id if so. Asked before trying again, so a resident never gets it twice.
    pub async fn already_sent(&self, m: &OutboxMessage) -> Result<Option<String>, DeliveryError> {
        let unreachable =
            |e: String| DeliveryError { message: format!("GOV.UK Notify could not be asked: {e}"), permanent: false };
        let res = self
            .http
            .get(self.url("/v2/notifications"))
            .query(&[("reference", m.id.to_string())])
            .header("Authorization", self.bearer()?)
            .send()
            .await
            .map_err(|e| unreachable(e.to_string()))?;
        if !res.status().is_success() {
            return Err(unreachable(format!("it answered {}", res.status().as_u16())));
        }
        let answer: Value = res.json().await.map_err(|e| unreachable(e.to_string()))?;
        Ok(answer["notifications"]
            .as_array()
            .and_then(|ns| ns.iter().find(|n| n["reference"] == m.id.to_string()))
            .and_then(|n| n["id"].as_str())
            .map(str::to_string))
    }

    /// Ask Notify how a message it accepted is getting on.
    pub async fn status(&self, provider_ref: &str) -> Result<Status, String> {
        if uuid::Uuid::parse_str(provider_ref).is_err() {
            return Err(format!("'{provider_ref}' is not a Notify notification id"));
        }
        let bearer = self.bearer().map_err(|e| e.message)?;
        let res = self
            .http
            .get(self.url(&format!("/v2/notifications/{provider_ref}")))
            .header("Authorization", bearer)
            .send()
            .await
            .map_err(|e| format!("GOV.UK Notify could not be reached: {e}"))?;
        if !res.status().is_success() {
            return Err(format!("GOV.UK Notify answered {} for {provider_ref}", res.status().as_u16()));
        }
        let answer: Value = res.json().await.map_err(|e| format!("GOV.UK Notify's answer was not JSON: {e}"))?;
        let status = answer["status"].as_str().unwrap_or("unknown").to_string();
        Ok(classify(status))
    }
}

/// What a Notify status means for us.
pub fn classify(status: String) -> Status {
    let failed = matches!(
        status.as_str(),
        "permanent-failure"
            | "temporary-failure"
            | "technical-failure"
            | "validation-failed"
            | "virus-scan-failed"
            | "cancelled"
    );
    let final_ = failed || matches!(status.as_str(), "delivered" | "sent" | "received");
    Status { status, failed, final_ }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "asbcase_live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";

    #[test]
    fn a_key_gives_its_service_id_and_signs_tokens_with_its_secret() {
        let key = ApiKey::parse(KEY).unwrap();
        assert_eq!(key.service_id, "26785a09-ab16-4eb0-8407-a37497a57506");
        let token = key.token(1_764_000_000).unwrap();
        let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
        v.required_spec_claims.clear();
        v.validate_exp = false;
        let claims = jsonwebtoken::decode::<Value>(
            &token,
            &jsonwebtoken::DecodingKey::from_secret(b"3d844edf-8d35-48ac-975b-e847b4f122b0"),
            &v,
        )
        .unwrap()
        .claims;
        assert_eq!(claims, json!({ "iss": "26785a09-ab16-4eb0-8407-a37497a57506", "iat": 1_764_000_000 }));
        assert!(
            ApiKey::parse(&KEY.replace("-3d84", "\u{2013}3d84")).is_err(),
            "a pasted en dash is refused, not a panic"
        );
        for bad in [
            "",
            "not-a-key",
            &KEY[..KEY.len() - 1],
            "x-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf8d3548ac975be847b4f122b0ab",
        ] {
            assert!(ApiKey::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn failures_and_final_states_are_told_apart() {
        assert_eq!(classify("delivered".into()), Status { status: "delivered".into(), failed: false, final_: true });
        assert!(classify("permanent-failure".into()).failed);
        assert!(!classify("sending".into()).final_);
    }
}
