//! One-time links for residents. A link is stored with the message that carries it; its token
//! is made only when that message is delivered (the message holds a placeholder until then), and
//! only the token's hash is kept.
use asbcase_domain::PersonId;
use asbcase_domain::case::Case;
use asbcase_domain::tracker::{LinkPurpose, TOKEN_PLACEHOLDER};
use asbcase_store::ResidentLink;
use jiff::{SignedDuration, Timestamp};

pub fn hash(token: &str) -> String {
    asbcase_domain::tracker::token_hash(token)
}

/// A new link to `case` for `person`, working for `ttl` once delivered: the address to put in
/// the message (with the token's placeholder), and the link to store with it.
pub fn new_link(
    state: &crate::AppState,
    case: &Case,
    person: PersonId,
    purpose: LinkPurpose,
    ttl: SignedDuration,
    now: Timestamp,
) -> (String, ResidentLink) {
    let link = ResidentLink {
        id: uuid::Uuid::now_v7(),
        token_hash: None,
        ttl_seconds: ttl.as_secs(),
        tenant: case.tenant,
        case: case.id,
        person,
        purpose,
        created_at: now,
        expires_at: now + ttl,
        used_at: None,
    };
    let path = match purpose {
        LinkPurpose::Tracker => "track",
        LinkPurpose::Survey => "survey",
    };
    (state.public_link(&format!("/{path}/{TOKEN_PLACEHOLDER}")), link)
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
    let link = complainant
        .map(|person| new_link(state, case, person, LinkPurpose::Tracker, asbcase_domain::tracker::LINK_TTL, now));
    asbcase_notify::Tracker { link, page: state.public_link("/track") }
}
