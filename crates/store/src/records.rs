//! What the store reads and writes besides domain types.
use asbcase_domain::calendar::Division;
use asbcase_domain::case::Status;
use asbcase_domain::contact::Contact;
use asbcase_domain::organisation::{OrganisationKind, Role};
use asbcase_domain::reference::CaseReference;
use asbcase_domain::risk::RiskBand;
use asbcase_domain::{CaseId, OrganisationId, TenantId, UserId};
use jiff::Timestamp;

mod kept;
pub use kept::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    /// Whose bank holidays count as non-working days.
    pub division: Division,
    pub created_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organisation {
    pub tenant: TenantId,
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub tenant: TenantId,
    pub id: UserId,
    pub organisation: OrganisationId,
    /// Stored lower-case; unique across the deployment.
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// The area the officer works, if any.
    pub patch: Option<String>,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub active: bool,
    pub created_at: Timestamp,
}

impl User {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the cookie's token: a stolen database does not give working sessions.
    pub token_hash: String,
    pub tenant: TenantId,
    pub user: UserId,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    /// Signed in with a password, waiting for the two-step code: not yet a session for anything.
    pub mfa_pending: bool,
}

/// Which cases to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub organisation: Option<OrganisationId>,
    pub status: Option<Status>,
    /// Only cases not closed.
    pub active_only: bool,
    pub risk: Option<RiskBand>,
    pub officer: Option<UserId>,
    /// Only cases whose complainant contact is overdue.
    pub overdue_only: bool,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CaseSummary {
    pub id: CaseId,
    pub reference: CaseReference,
    pub status: Status,
    pub channel: asbcase_domain::case::Channel,
    pub risk_band: RiskBand,
    pub primary_category: String,
    pub address: String,
    pub postcode: Option<String>,
    pub officer: Option<UserId>,
    pub officer_name: Option<String>,
    pub reported_at: Timestamp,
    pub next_contact_due: Option<Timestamp>,
    pub hate_incident: bool,
    pub overdue: bool,
}

/// A list of cases someone saved: the Cases page's filters under a name of theirs.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedList {
    pub id: uuid::Uuid,
    pub user: UserId,
    pub name: String,
    /// The Cases page's query string (`status=open&risk=high`), as checked when saved.
    pub query: String,
    pub created_at: Timestamp,
}

/// What was just written in bulk, for `Store::refresh_statistics`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// Many cases (a demo, a large import).
    Cases,
    /// Many cases' search documents (a run of `asbcase search index`).
    SearchDocuments,
}

/// What a search found.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub hits: Vec<SearchHit>,
    /// Some of the words are in so many cases that only the newest of the searcher's
    /// organisation's cases, and of those shared with it, were looked through for them: an
    /// older case that matches may not be listed.
    pub newest_only: bool,
}

/// A case found by a search.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub summary: CaseSummary,
    /// The searcher's own organisation's case, rather than one shared with it.
    pub own: bool,
    /// The organisation whose case it is.
    pub organisation: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CaseList {
    pub rows: Vec<CaseSummary>,
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactRecord {
    pub seq: i64,
    pub contact: Contact,
    pub recorded_by: Option<UserId>,
}

/// Simple counts of an organisation's cases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overview {
    pub reported: i64,
    pub triaged: i64,
    pub open: i64,
    /// Not closed and the complainant's next contact is past due.
    pub overdue: i64,
    pub closed: i64,
    /// Cases not closed, by risk band, most urgent first.
    pub by_risk: Vec<(RiskBand, i64)>,
    /// (officer, name, not closed, overdue), most overdue first; unassigned has no officer.
    pub by_officer: Vec<(Option<UserId>, String, i64, i64)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifyReport {
    pub cases: u64,
    pub events: u64,
    /// Events among them whose personal data was removed (erasure or retention).
    pub redacted: u64,
    /// Redacted events written before digests: only their place in the chain was checked.
    pub redacted_unchecked: u64,
    /// Records of the access log checked.
    pub access_records: u64,
}

/// A resident's report in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftRecord {
    pub tenant: TenantId,
    pub draft: serde_json::Value,
    /// Set once the report has been sent.
    pub case_reference: Option<CaseReference>,
}

/// What happened when a report was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubmitOutcome {
    Sent(CaseReference),
    /// Sent before (a double click, or back and send again): nothing new was created.
    AlreadySent(CaseReference),
    /// No report in progress under that token.
    NoDraft,
}

/// A message to a resident, waiting for delivery or delivered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMessage {
    pub tenant: TenantId,
    pub id: uuid::Uuid,
    pub case: Option<CaseId>,
    /// What it is: `acknowledgement`, later `update`, …
    pub kind: String,
    pub medium: asbcase_domain::message::Medium,
    /// Email address, phone number or postal address.
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// `pending`, `sending`, `sent` or `failed` (gave up).
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: Timestamp,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    /// Whose message it is: chooses the channel (their SMTP server or Notify service).
    pub organisation: Option<OrganisationId>,
    /// The provider's id for it (GOV.UK Notify's notification id).
    pub provider_ref: Option<String>,
    /// The provider's last word on delivery: `delivered`, `permanent-failure`, …
    pub delivery_status: Option<String>,
    /// A link the message carries, stored with it in the same transaction (never read back).
    pub link: Option<ResidentLink>,
    /// The link it carries, whose token is made when the message is delivered.
    pub link_id: Option<uuid::Uuid>,
}

/// A one-time link to a resident's tracker or survey. Its token is made when the message
/// carrying it is delivered, and only the token's hash is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidentLink {
    pub id: uuid::Uuid,
    /// None until the message carrying it is delivered.
    pub token_hash: Option<String>,
    /// How long it works once issued, in seconds.
    pub ttl_seconds: i64,
    pub tenant: TenantId,
    pub case: CaseId,
    pub person: asbcase_domain::PersonId,
    pub purpose: asbcase_domain::tracker::LinkPurpose,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
}

/// An invitation for a member of staff to choose their password. Its token is made when the
/// email carrying it is sent; an invitation sent again replaces (uses up) the earlier one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffInvite {
    pub id: uuid::Uuid,
    pub tenant: TenantId,
    pub user: asbcase_domain::UserId,
    /// Whether the email carrying it has been sent (its token made).
    pub sent: bool,
    /// Whether delivering the email carrying it was given up.
    pub failed: bool,
    /// How long it works once sent, in seconds.
    pub ttl_seconds: i64,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
}

/// What became of a tracker link someone followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkOutcome {
    /// Opened a visit to the tracker.
    Opened(ResidentVisit),
    Used,
    Expired,
    Unknown,
}

/// A resident's visit to their tracker, begun by following a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidentVisit {
    pub tenant: TenantId,
    pub case: CaseId,
    pub person: asbcase_domain::PersonId,
    pub expires_at: Timestamp,
}

/// How an organisation's messages travel, as stored (secrets are named, never held).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationSettings {
    pub tenant: TenantId,
    pub organisation: OrganisationId,
    /// `file`, `smtp` or `notify`.
    pub provider: String,
    /// The provider's settings as JSON.
    pub settings: String,
    pub updated_at: Timestamp,
}

/// A key a partner's system uses for Open311. Only its hash is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Open311Key {
    pub tenant: TenantId,
    pub id: uuid::Uuid,
    /// Who holds it ("FixMyStreet", "Ashford Vale Police").
    pub name: String,
    /// Whose cases its reports become.
    pub receiving_organisation: OrganisationId,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    /// Who made it and who revoked it, as Settings or the command line named them (none for
    /// keys made before this was kept). Written from the `by` the store's calls are given.
    pub created_by: Option<String>,
    pub revoked_by: Option<String>,
}

/// How a case came in through Open311, stored with the case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Open311Link {
    pub key: uuid::Uuid,
    /// Handed back for `tokens/{token}`.
    pub token: String,
    /// The partner's own id, when given: a repeat returns the first request.
    pub external_id: Option<String>,
    pub media_url: Option<String>,
}

/// Which Open311 requests to list.
#[derive(Clone, Debug, Default)]
pub struct Open311Query {
    /// Case references; when given, the other conditions still apply.
    pub ids: Vec<String>,
    pub service_codes: Vec<String>,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    /// `open` or `closed`.
    pub status: Option<String>,
    pub limit: i64,
}

/// A case that came in through Open311, with what GeoReport can show of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Open311Request {
    pub reference: CaseReference,
    pub status: Status,
    pub service_code: String,
    pub description: String,
    pub address: String,
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub requested_at: Timestamp,
    pub updated_at: Timestamp,
    pub agency: String,
    pub key: uuid::Uuid,
    pub token: String,
    pub media_url: Option<String>,
}

/// A change to a case that came in through a key, for the updates feed.
#[derive(Clone, Debug, PartialEq)]
pub struct Open311Update {
    pub reference: CaseReference,
    pub seq: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    pub occurred_at: Timestamp,
}

/// A case shared with an organisation, as its list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedCase {
    pub case: CaseId,
    pub reference: String,
    /// The organisation the case belongs to.
    pub owner: OrganisationId,
    pub status: Status,
    pub primary_category: String,
    pub address: String,
    pub scope: asbcase_domain::partnership::ShareScope,
    pub purpose: String,
    pub shared_at: Timestamp,
}

/// A referral, as the lists of referrals made and received show it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferralRow {
    pub id: uuid::Uuid,
    pub case: CaseId,
    pub reference: String,
    pub from_org: OrganisationId,
    /// The receiving organisation, or none for a support service.
    pub to_org: Option<OrganisationId>,
    pub service: Option<uuid::Uuid>,
    /// The support service's name (empty for an organisation).
    pub to_name: String,
    pub reason: String,
    pub status: asbcase_domain::partnership::ReferralStatus,
    pub made_by: Option<UserId>,
    pub made_at: Timestamp,
    pub answered_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
}

/// A support service of the partnership's directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportService {
    pub id: uuid::Uuid,
    pub name: String,
    /// What it helps with: "Victims of crime and ASB, emotional and practical support".
    pub helps_with: String,
    /// Where it works: "Ashford Vale and the county".
    pub area: String,
    pub how_to_refer: String,
    /// Phone, email or web address.
    pub contact: String,
    /// Listed on the public pages.
    pub public: bool,
    pub active: bool,
}

/// Who applied for a case review and how to reach them. Kept apart from the review itself:
/// it is personal data the published figures never need.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Applicant {
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    /// For someone applying for the complainant: who they are to them.
    #[serde(default)]
    pub on_behalf_of: Option<String>,
    /// How they asked to be answered: `email`, `sms` or `letter`.
    #[serde(default)]
    pub preferred: Option<String>,
}

/// A case review as stored: the review, its reference, the organisation of the single point
/// of contact that runs it, the applicant, and the version a change must not have moved.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredReview {
    pub review: asbcase_domain::case_review::CaseReview,
    /// `CR-2026-0001`.
    pub reference: String,
    pub organisation: OrganisationId,
    pub applicant: Applicant,
    /// Steps recorded so far.
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A multi-agency case panel: a meeting cases are put forward to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panel {
    pub id: uuid::Uuid,
    pub tenant: TenantId,
    /// The organisation that convenes it.
    pub organisation: OrganisationId,
    pub title: String,
    pub meets_on: jiff::civil::Date,
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
}

/// A case put forward to a panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelCase {
    pub case: CaseId,
    pub reference: String,
    pub organisation: OrganisationId,
    pub reason: String,
    pub added_at: Timestamp,
}

/// Steps recorded on a case review, as one write: who and when, the messages they send, a new
/// feedback link (its hash and expiry) and the feedback link answered, spent with them.
pub struct ReviewChange<'a> {
    pub steps: &'a [asbcase_domain::case_review::ReviewStep],
    pub actor: Option<UserId>,
    pub at: Timestamp,
    pub messages: &'a [OutboxMessage],
    pub new_link: Option<(&'a str, Timestamp)>,
    pub spend_link: Option<&'a str>,
}

/// A member of staff's authenticator app for two-step sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserMfa {
    /// Base32, as the app was given it.
    pub secret: String,
    /// They have entered a code from it: two-step sign-in is on.
    pub confirmed: bool,
    /// The step of the last code accepted.
    pub last_step: Option<u64>,
}

/// What anonymising one case did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Anonymised {
    pub events_redacted: u64,
    pub files_deleted: u64,
    pub people_erased: u64,
}

/// One entry of the privacy log: what was done with personal data, when, by whom (none: the
/// retention job).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrivacyLogEntry {
    pub at: Timestamp,
    pub actor: Option<UserId>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// A token for the JSON API: it acts as its organisation. Only its hash is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    pub tenant: TenantId,
    pub id: uuid::Uuid,
    pub organisation: OrganisationId,
    /// Who or what uses it, as the administrator named it.
    pub name: String,
    pub scope: asbcase_domain::api::TokenScope,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
    /// Who made it and who revoked it, as Settings or the command line named them (none for
    /// tokens made before this was kept). Written from the `by` the store's calls are given.
    pub created_by: Option<String>,
    pub revoked_by: Option<String>,
}

/// An API write made with an Idempotency-Key: what it recorded, so a retry gets the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiRequest {
    pub tenant: TenantId,
    pub organisation: OrganisationId,
    /// SHA-256 of the key the caller gave.
    pub key_hash: String,
    /// SHA-256 of what was asked (the address and the body), to tell a retry from a reused key.
    pub fingerprint: String,
    pub case_reference: String,
    /// The case's event it made.
    pub event: i64,
    pub created_at: Timestamp,
}

/// One saved version of a public information page's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InformationChange {
    /// The page's address under `/information/` (`asbcase_domain::information::Topic::slug`).
    pub slug: String,
    pub title: String,
    pub body: String,
    /// Who saved it: their name and email address as they were then.
    pub changed_by: String,
    pub changed_at: jiff::Timestamp,
}

/// A change to one of an organisation's settings: what it became, who changed it and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingChange {
    pub summary: String,
    pub changed_by: String,
    pub changed_at: jiff::Timestamp,
}
