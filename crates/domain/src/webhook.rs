//! Webhooks: an organisation's own or partners' systems are told when something happens to a
//! case the organisation may see, so they need not poll the API.
//!
//! A notice names the case and what happened, never a person: no names, addresses or free
//! text. The receiver reads the rest through the API with its token, under the same rules (and
//! the same access log) as anyone else. Each delivery is signed with the subscription's secret
//! (HMAC-SHA256 over `{unix time}.{body}`) and carries its own id, so a receiver can check it
//! came from us and ignore a retry it already has.
use crate::OrganisationId;
use crate::case::Case;
use crate::contact::word_enum;
use crate::event::Change;
use crate::partnership::ReferralTo;
use hmac::{Hmac, Mac};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::Sha256;

word_enum!(
    /// What a subscription can be told about.
    Topic {
        CaseOpened => "case.opened", "One of our cases is opened",
        CaseShared => "case.shared", "A case is shared with us, or what we see of it changes",
        ReferralChanged => "referral.changed", "A referral to us or from one of our cases is made, answered or completed",
        CaseClosed => "case.closed", "One of our cases, or one shared with us, is closed",
        CaseReopened => "case.reopened", "One of our cases, or one shared with us, is reopened",
    }
);

impl Topic {
    /// Topics as written in settings and on the command line: `case.opened,case.closed`, or
    /// `all`.
    pub fn parse_list(s: &str) -> Result<Vec<Topic>, String> {
        if s.trim() == "all" {
            return Ok(Topic::ALL.to_vec());
        }
        let mut topics = vec![];
        for word in s.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match Topic::parse(word) {
                Some(t) if !topics.contains(&t) => topics.push(t),
                Some(_) => {}
                None => {
                    let known: Vec<&str> = Topic::ALL.iter().map(|t| t.as_str()).collect();
                    return Err(format!(
                        "{word:?} is not an event a webhook can be sent for: use {} or all",
                        known.join(", ")
                    ));
                }
            }
        }
        if topics.is_empty() {
            return Err("choose at least one event to be told about".into());
        }
        Ok(topics)
    }
}

/// One thing to tell one organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub topic: Topic,
    /// Who is told.
    pub to: OrganisationId,
    pub reference: String,
    /// The organisation whose case it is.
    pub owner: OrganisationId,
    /// The case's event that caused it.
    pub seq: i64,
    pub occurred_at: Timestamp,
    /// What happened, without personal data.
    pub data: Value,
}

impl Notice {
    /// The body delivered, as JSON. `id` is the delivery's own identifier (the same on every
    /// retry).
    pub fn body(&self, id: uuid::Uuid) -> String {
        json!({
            "id": id,
            "type": self.topic.as_str(),
            "occurred_at": self.occurred_at.to_string(),
            "case": {
                "reference": self.reference,
                "owner": self.owner.0,
                "event": self.seq,
            },
            "data": self.data,
        })
        .to_string()
    }
}

/// What the case's unsaved events tell whom, in order. Imported history tells no one: it
/// happened long ago, and a partner's system should not hear of years of cases as if new.
pub fn notices(case: &Case) -> Vec<Notice> {
    if case.pending.iter().any(|e| e.kind == "imported") {
        return vec![];
    }
    case.pending.iter().flat_map(|e| e.notices.iter().cloned()).collect()
}

/// Whom `change`, just recorded as event `seq` of `case` (which now stands as it left it),
/// tells, and what. `owner_before` is whose case it was before the change.
pub fn notices_of(case: &Case, change: &Change, owner_before: OrganisationId, seq: i64, at: Timestamp) -> Vec<Notice> {
    let mut out = vec![];
    let mut tell = |topic: Topic, to: Vec<OrganisationId>, data: Value| {
        for org in to {
            if out.iter().any(|n: &Notice| n.to == org && n.topic == topic) {
                continue;
            }
            out.push(Notice {
                topic,
                to: org,
                reference: case.reference.as_str().to_string(),
                owner: case.organisation,
                seq,
                occurred_at: at,
                data: data.clone(),
            });
        }
    };
    // The owner and every partner the case is shared with now.
    let everyone = || {
        let mut to = vec![case.organisation];
        to.extend(case.casework.shares.iter().map(|s| s.organisation));
        to
    };
    match change {
        Change::Opened => tell(
            Topic::CaseOpened,
            vec![case.organisation],
            json!({ "risk_band": case.risk_band.as_str(), "primary_category": case.primary_category() }),
        ),
        Change::Shared { organisation, scope, .. } => {
            tell(Topic::CaseShared, vec![*organisation], json!({ "scope": scope.as_str() }))
        }
        Change::Closed { outcome, .. } => tell(Topic::CaseClosed, everyone(), json!({ "outcome": outcome.as_str() })),
        Change::Reopened { .. } => tell(Topic::CaseReopened, everyone(), json!({})),
        // Referred at triage: the case is now the receiver's, to triage.
        Change::Referred { to, .. } => tell(
            Topic::ReferralChanged,
            vec![*to],
            json!({ "referral": null, "status": "referred_at_triage", "from": owner_before.0, "to": to.0 }),
        ),
        Change::ReferralMade { id, .. }
        | Change::ReferralAnswered { id, .. }
        | Change::ReferralCompleted { id, .. } => {
            let Some(r) = case.casework.referrals.iter().find(|r| r.id == *id) else { return out };
            let mut to = vec![];
            let receiver = match &r.to {
                ReferralTo::Organisation { id } => {
                    to.push(*id);
                    Some(id.0)
                }
                ReferralTo::Service { .. } => None,
            };
            // The referring organisation made the referral itself; it hears of answers.
            if !matches!(change, Change::ReferralMade { .. }) {
                to.push(case.organisation);
            }
            tell(
                Topic::ReferralChanged,
                to,
                json!({ "referral": id, "status": r.status.as_str(), "from": case.organisation.0, "to": receiver }),
            )
        }
        _ => {}
    }
    out
}

/// Where deliveries may go: an `https` address, or plain `http` to this machine only (a relay
/// or a test). No user name or password in it, no fragment.
pub fn check_url(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.len() > 2000 {
        return Err("the address is longer than 2,000 characters".into());
    }
    let url = url::Url::parse(s).map_err(|e| format!("{s:?} is not a web address ({e})"))?;
    let host = url.host_str().unwrap_or_default();
    if host.is_empty() {
        return Err("the address has no host".into());
    }
    let local = matches!(url.host(), Some(url::Host::Ipv4(ip)) if ip.is_loopback())
        || matches!(url.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
        || host == "localhost";
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        "http" => return Err("deliveries carry case references: use an https address".into()),
        other => return Err(format!("{other}: is not a web address; use https")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("put no user name or password in the address: deliveries are signed instead".into());
    }
    if url.fragment().is_some() {
        return Err("the address has a # part, which is never sent: remove it".into());
    }
    Ok(url.to_string())
}

/// A name for a subscription: one line, 1 to 100 characters.
pub fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("give the webhook a name that says whose system receives it".into());
    }
    if name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err("a webhook's name must be one line of at most 100 characters".into());
    }
    Ok(name.to_string())
}

/// What every signing secret begins with.
pub const SECRET_PREFIX: &str = "whsec_";

/// A new signing secret, shown to the administrator once to give to the receiver.
pub fn new_secret() -> String {
    let random = [uuid::Uuid::new_v4(), uuid::Uuid::new_v4()];
    format!("{SECRET_PREFIX}{}{}", hex::encode(random[0].as_bytes()), hex::encode(random[1].as_bytes()))
}

/// HMAC-SHA256 of `data` under `key`, in hex.
pub fn hmac_hex(key: &[u8], data: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

/// The name of the header carrying the signature.
pub const SIGNATURE_HEADER: &str = "Asbcase-Signature";

/// The signature header's value for `body` sent at unix time `t`: `t={t},v1={hex}`, where the
/// hex is the HMAC-SHA256, under the secret, of `{t}.{body}`.
pub fn signature(secret: &str, t: i64, body: &str) -> String {
    format!("t={t},v1={}", hmac_hex(secret.as_bytes(), format!("{t}.{body}").as_bytes()))
}

/// How a receiver checks a delivery: the signature matches and was made within `tolerance`
/// of `now` (so a recorded delivery cannot be replayed later).
pub fn verify(secret: &str, header: &str, body: &str, now: Timestamp, tolerance: SignedDuration) -> bool {
    let mut t = None;
    let mut given = vec![];
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => given.push(v.to_string()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    match now.as_second().checked_sub(t) {
        Some(age) if age.unsigned_abs() <= tolerance.as_secs().unsigned_abs() => {}
        _ => return false,
    }
    let expected = hmac_hex(secret.as_bytes(), format!("{t}.{body}").as_bytes());
    // Compared in full whatever the contents, so timing says nothing about the secret.
    given.iter().any(|g| {
        g.len() == expected.len() && g.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    })
}

/// Attempts before a delivery is given up (over about eight and a half hours).
pub const MAX_ATTEMPTS: i64 = 10;

/// After `attempts` failed attempts, when to try again: 1, 2, 4 … 256 minutes; `None` once
/// [`MAX_ATTEMPTS`] have failed.
pub fn retry_after(attempts: i64) -> Option<SignedDuration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let minutes = 1i64 << (attempts - 1).clamp(0, 9);
    Some(SignedDuration::from_mins(minutes.min(6 * 60)))
}

#[cfg(test)]
mod tests;
