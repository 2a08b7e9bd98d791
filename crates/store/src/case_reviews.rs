//! The store's calls for ASB Case Reviews.
use crate::{OutboxMessage, Result, Store, StoredReview, postgres, sqlite};
use asbcase_domain::case_review::{Complaint, ReviewRules, ReviewStep, RuleBook};
use asbcase_domain::{OrganisationId, TenantId, UserId};
use jiff::Timestamp;

impl Store {
    /// Every version of the partnership's review rules, earliest first, with who set each and when.
    pub async fn review_rules(&self, tenant: TenantId) -> Result<Vec<(ReviewRules, String, Timestamp)>> {
        dispatch!(self.review_rules(tenant))
    }
    /// The partnership's rule book (the law's rules until it sets its own).
    pub async fn review_rule_book(&self, tenant: TenantId) -> Result<RuleBook> {
        let versions = self.review_rules(tenant).await?.into_iter().map(|(r, _, _)| r).collect();
        RuleBook::new(versions).map_err(|e| crate::StoreError::Corrupt(format!("stored case review rules: {e}")))
    }
    /// Store a version of the rules (checked by the caller), agreed by `set_by`; `recorded`
    /// names the organisation and person whose settings page stored it, for its history.
    /// `Duplicate` when a version already takes effect that day.
    pub async fn add_review_rules(
        &self,
        tenant: TenantId,
        rules: &ReviewRules,
        set_by: &str,
        recorded: Option<(OrganisationId, &str)>,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.add_review_rules(tenant, rules, set_by, recorded, at))
    }

    /// Who stored case review rules from this organisation's settings pages, newest first.
    pub async fn review_rule_changes(
        &self,
        tenant: TenantId,
        org: OrganisationId,
    ) -> Result<Vec<crate::SettingChange>> {
        dispatch!(self.settings_changes(tenant, org, "case_review_rules", 50))
    }
    pub async fn next_review_reference(&self, tenant: TenantId, year: i16) -> Result<String> {
        dispatch!(self.next_review_reference(tenant, year))
    }
    /// A new review with the steps recorded as it was made and the messages its application
    /// sends, in one transaction.
    pub async fn create_review(
        &self,
        r: &StoredReview,
        steps: &[ReviewStep],
        messages: &[OutboxMessage],
    ) -> Result<()> {
        dispatch!(self.create_review(r, steps, messages))
    }
    /// Record steps on a review (already applied to `r.review`), unless it changed since read
    /// (`Conflict`); with the messages they send, a new feedback link (hash, expiry), and the
    /// feedback link answered, spent in the same transaction (`Duplicate` if it already was).
    pub async fn save_review_steps(&self, r: &StoredReview, c: &crate::ReviewChange<'_>) -> Result<()> {
        dispatch!(self.save_review_steps(r, c))
    }
    pub async fn case_review(&self, tenant: TenantId, reference: &str) -> Result<Option<StoredReview>> {
        dispatch!(self.case_review(tenant, reference))
    }
    /// Every review of the partnership, newest application first.
    pub async fn case_reviews(&self, tenant: TenantId) -> Result<Vec<StoredReview>> {
        dispatch!(self.case_reviews(tenant))
    }
    pub async fn review_steps(
        &self,
        tenant: TenantId,
        review: uuid::Uuid,
    ) -> Result<Vec<(ReviewStep, Option<UserId>, Timestamp)>> {
        dispatch!(self.review_steps(tenant, review))
    }
    /// Offers of a review for matters that reached the threshold: (matter key, date, note).
    pub async fn review_offers(&self, tenant: TenantId) -> Result<Vec<(String, String, String)>> {
        dispatch!(self.review_offers(tenant))
    }
    pub async fn record_review_offer(
        &self,
        tenant: TenantId,
        matter: &str,
        on: jiff::civil::Date,
        by: UserId,
        note: &str,
    ) -> Result<()> {
        dispatch!(self.record_review_offer(tenant, matter, on, by, note))
    }
    pub async fn review_link(&self, token_hash: &str) -> Result<Option<(TenantId, uuid::Uuid, Timestamp, bool)>> {
        dispatch!(self.review_link(token_hash))
    }
    /// The organisation of the single point of contact, if the partnership named one.
    pub async fn case_review_lead(&self, tenant: TenantId) -> Result<Option<OrganisationId>> {
        dispatch!(self.case_review_lead(tenant))
    }
    /// The organisation that runs case reviews: the one the partnership named, else its first
    /// council, else its first organisation (by name).
    pub async fn case_review_lead_org(&self, tenant: TenantId) -> Result<Option<crate::Organisation>> {
        let orgs = self.organisations(tenant).await?;
        let named = self.case_review_lead(tenant).await?;
        Ok(orgs
            .iter()
            .find(|o| Some(o.id) == named)
            .or_else(|| orgs.iter().find(|o| o.kind == asbcase_domain::organisation::OrganisationKind::Council))
            .or_else(|| orgs.first())
            .cloned())
    }
    pub async fn set_case_review_lead(&self, tenant: TenantId, org: OrganisationId) -> Result<()> {
        dispatch!(self.set_case_review_lead(tenant, org))
    }
    /// The complaints since `since` that could be repeats of `case` (same postcode, UPRN,
    /// address or people), and the case's own.
    pub async fn complaints_like(
        &self,
        tenant: TenantId,
        since: Timestamp,
        case: asbcase_domain::CaseId,
    ) -> Result<Vec<Complaint>> {
        dispatch!(self.complaints_like(tenant, since, case))
    }
    /// Every complaint to any organisation of the partnership since `since`.
    pub async fn complaints_since(&self, tenant: TenantId, since: Timestamp) -> Result<Vec<Complaint>> {
        dispatch!(self.complaints_since(tenant, since))
    }
    /// Every complaint to any organisation of the partnership from `since` until `before`.
    pub async fn complaints_between(
        &self,
        tenant: TenantId,
        since: Timestamp,
        before: Timestamp,
    ) -> Result<Vec<Complaint>> {
        dispatch!(self.complaints_between(tenant, since, before))
    }
}
