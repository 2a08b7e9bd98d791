//! One-time links for residents: a random token goes in the message, only its hash is stored.
use asbcase_domain::PersonId;
use asbcase_domain::case::Case;
use asbcase_domain::tracker::LinkPurpose;
use asbcase_store::ResidentLink;
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new link to `case` for `person`, valid for `ttl`: the token to send, and what to store.
pub fn new_link(
    case: &Case,
    person: PersonId,
    purpose: LinkPurpose,
    ttl: SignedDuration,
    now: Timestamp,
) -> (String, ResidentLink) {
    let token = hex::encode(rand::random::<[u8; 24]>());
    let link = ResidentLink {
        token_hash: hash(&token),
        tenant: case.tenant,
        case: case.id,
        person,
        purpose,
        created_at: now,
        expires_at: now + ttl,
        used_at: None,
    };
    (token, link)
}

/// A token as it arrives in a path: hex of the length we make, else nothing.
pub fn well_formed(token: &str) -> bool {
    token.len() == 48 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What a new case's acknowledgement offers for following it: a one-time tracker link for its
/// complainant, and the page to ask for another.
pub fn for_acknowledgement(state: &crate::AppState, case: &Case, now: Timestamp) -> asbcase_notify::Tracker {
    let complainant =
        case.parties.iter().find(|p| p.role == asbcase_domain::party::PartyRole::Complainant).and_then(|p| p.person);
    let link = complainant.map(|person| {
        let (token, link) = new_link(case, person, LinkPurpose::Tracker, asbcase_domain::tracker::LINK_TTL, now);
        (state.public_link(&format!("/track/{token}")), link)
    });
    asbcase_notify::Tracker { link, page: state.public_link("/track") }
}
