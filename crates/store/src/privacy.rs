//! The store's calls for personal data under the UK GDPR: retention, anonymising closed cases,
//! message copies, erasing a person, and the privacy log.
use crate::{Anonymised, PrivacyLogEntry, Result, Store, StoreError, postgres, sqlite};
use asbcase_domain::case::Status;
use asbcase_domain::casework::EvidenceKind;
use asbcase_domain::event::Change;
use asbcase_domain::party::{PartyRole, Person};
use asbcase_domain::privacy::{ApplicantDetails, Retention, ReviewOfPerson, Scrubber, remove};
use asbcase_domain::reference::CaseReference;
use asbcase_domain::{CaseId, OrganisationId, PersonId, TenantId, UserId};
use jiff::Timestamp;

/// What the retention rules found due, and (unless a dry run) did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionRun {
    pub retention: Retention,
    /// Closed cases due to be anonymised: reference and when each closed, oldest first.
    pub cases: Vec<(CaseReference, Timestamp)>,
    /// What anonymising them did, added up.
    pub anonymised: Anonymised,
    /// Copies of sent messages due to have their wording and address removed.
    pub messages: u64,
    /// Finished case reviews due to be anonymised: their references, oldest first.
    pub reviews: Vec<String>,
    /// Reports in progress (or sent) due to be deleted.
    pub drafts: u64,
    /// Cases that could not be anonymised this time, and why (tried again on the next run).
    pub failed: Vec<(String, String)>,
}

/// What erasing a person did, or why it was not done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Erasure {
    /// Their record was erased and their name and contact details removed from the free text
    /// of their cases and of case reviews of them (what they wrote themselves removed whole,
    /// reviews they applied for anonymised, files they gave deleted).
    Erased { cases: usize, events_redacted: usize, reviews: usize, files_deleted: usize },
    /// No such person, or already erased.
    NotFound,
    /// Cases of theirs still open: they must close first (or the request be refused).
    CasesOpen(Vec<CaseReference>),
    /// Case reviews they applied for, or of their cases, still going on: their references and
    /// the organisations that run them.
    ReviewsOpen(Vec<(String, OrganisationId)>),
}

/// A case review's text rewritten: as a whole (`whole`: anonymised, with its applicant's
/// details and feedback link) or with someone's details taken out of it.
pub(crate) struct ReviewRewrite<'a> {
    pub(crate) id: uuid::Uuid,
    /// The version it was read at: `Conflict` if a step was recorded since.
    pub(crate) version: i64,
    pub(crate) review: &'a asbcase_domain::case_review::CaseReview,
    pub(crate) whole: bool,
}

/// What erasing a person rewrites, all in one transaction.
pub(crate) struct ErasureWrite<'a> {
    pub(crate) person: &'a asbcase_domain::party::Person,
    pub(crate) reason: &'a str,
    /// The redacted events of their cases.
    pub(crate) events: &'a [asbcase_domain::event::Event],
    /// Their cases with the free text rewritten.
    pub(crate) cases: &'a [asbcase_domain::case::Case],
    /// Case reviews they applied for (whole) or that concern their cases.
    pub(crate) reviews: &'a [ReviewRewrite<'a>],
    /// Takes their name and contact details out of text (a review's steps).
    pub(crate) scrub: &'a Scrubber,
    /// Where messages to them went (their record's email and phone, and those their case review
    /// applications gave): the copies of messages sent there lose their wording and address.
    pub(crate) sent_to: &'a [String],
    /// Files they gave as evidence themselves: (case, file) deleted.
    pub(crate) files: &'a [(CaseId, uuid::Uuid)],
}

/// A case review as erasure reads it.
pub(crate) struct ReviewHeld {
    pub(crate) id: uuid::Uuid,
    pub(crate) reference: String,
    pub(crate) version: i64,
    pub(crate) organisation: OrganisationId,
    pub(crate) review: asbcase_domain::case_review::CaseReview,
    pub(crate) applicant: crate::Applicant,
}

impl Store {
    pub async fn retention(&self, tenant: TenantId) -> Result<Retention> {
        dispatch!(self.retention(tenant))
    }
    pub async fn set_retention(&self, tenant: TenantId, retention: Retention) -> Result<()> {
        dispatch!(self.set_retention(tenant, retention))
    }

    /// Set the partnership's retention periods from an organisation's pages, keeping who did it
    /// (under that organisation's "retention" setting) in the same transaction.
    pub async fn change_retention(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        retention: Retention,
        by: &str,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.change_retention(tenant, org, retention, by, at))
    }

    /// Add a category to the partnership's catalogue (`before` none; `Duplicate` if its code
    /// was taken meanwhile), or change one, keeping who did it and what changed.
    pub async fn change_category(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        before: Option<&asbcase_domain::category::Category>,
        category: &asbcase_domain::category::Category,
        by: &str,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.change_category(tenant, org, before, category, by, at))
    }

    /// Set which patch each of an organisation's officers covers, keeping who did it.
    pub async fn set_patches(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        patches: &[(asbcase_domain::UserId, Option<String>)],
        summary: &str,
        by: &str,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.set_patches(tenant, org, patches, summary, by, at))
    }

    /// The patches of an organisation's cases not closed, with how many each has.
    pub async fn open_case_patches(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<(String, i64)>> {
        dispatch!(self.open_case_patches(tenant, org))
    }

    /// Who changed the patches officers cover, newest first.
    pub async fn patch_changes(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<crate::SettingChange>> {
        dispatch!(self.settings_changes(tenant, org, "patches", 50))
    }

    /// Who changed the category catalogue from this organisation's pages, newest first.
    pub async fn category_changes(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<crate::SettingChange>> {
        dispatch!(self.settings_changes(tenant, org, "categories", 50))
    }

    /// Who changed the retention periods from this organisation's pages, newest first.
    pub async fn retention_changes(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<crate::SettingChange>> {
        dispatch!(self.settings_changes(tenant, org, "retention", 50))
    }

    /// Anonymise a closed case: its free text and exact place removed from every event (the
    /// hashes kept, so the chain still verifies) and from its projection, its files and
    /// residents' links deleted, and the records of its people who are on no other case
    /// holding personal data erased. `None` if there is no such closed case.
    pub async fn anonymise_case(
        &self,
        tenant: TenantId,
        id: CaseId,
        actor: Option<UserId>,
        at: Timestamp,
    ) -> Result<Option<Anonymised>> {
        let Some(mut case) = self.case(tenant, id).await? else { return Ok(None) };
        if case.status != Status::Closed {
            return Ok(None);
        }
        let mut events = vec![];
        for mut e in self.events(tenant, id).await? {
            let change = e.change().map_err(|err| StoreError::Corrupt(err.to_string()))?;
            let anonymised = change.anonymised();
            let changed = anonymised != change;
            if changed {
                e.redact(&anonymised, at);
            }
            events.push((e, changed));
        }
        case.anonymise();
        case.anonymised_at = Some(at);
        dispatch!(self.write_anonymised_case(&case, &events, actor, at)).map(Some)
    }

    /// Apply the partnership's retention rules at `now`: anonymise the closed cases due and
    /// remove old message copies, each logged; with `dry_run`, only say what is due.
    pub async fn apply_retention(
        &self,
        tenant: TenantId,
        now: Timestamp,
        actor: Option<UserId>,
        dry_run: bool,
    ) -> Result<RetentionRun> {
        let retention = self.retention(tenant).await?;
        self.run_retention(tenant, retention, now, actor, dry_run).await
    }

    /// What `retention` would remove at `now` if it were the partnership's: nothing is changed.
    pub async fn retention_due(&self, tenant: TenantId, retention: Retention, now: Timestamp) -> Result<RetentionRun> {
        self.run_retention(tenant, retention, now, None, true).await
    }

    async fn run_retention(
        &self,
        tenant: TenantId,
        retention: Retention,
        now: Timestamp,
        actor: Option<UserId>,
        dry_run: bool,
    ) -> Result<RetentionRun> {
        let due = dispatch!(self.cases_closed_before(tenant, retention.closed_before(now)))?;
        let sent_before = retention.sent_before(now);
        let mut run = RetentionRun {
            retention,
            cases: due.iter().map(|(_, r, at)| (r.clone(), *at)).collect(),
            ..RetentionRun::default()
        };
        let drafts_before = retention.drafts_before(now);
        // A review finished on a London day before the one cases must have closed before.
        let reviews: Vec<_> = dispatch!(self.reviews_not_anonymised(tenant))?
            .into_iter()
            .filter(|(_, _, _, r)| retention.review_due(r, now))
            .collect();
        run.reviews = reviews.iter().map(|(_, reference, _, _)| reference.clone()).collect();
        if dry_run {
            run.messages = dispatch!(self.message_copies_before(tenant, sent_before))?.max(0) as u64;
            run.drafts = dispatch!(self.drafts_before(tenant, drafts_before))?.max(0) as u64;
            return Ok(run);
        }
        // One case that cannot be done (changed at that moment, say) does not stop the rest.
        for (id, reference, _) in &due {
            match self.anonymise_case(tenant, *id, actor, now).await {
                Ok(Some(a)) => {
                    run.anonymised.events_redacted += a.events_redacted;
                    run.anonymised.files_deleted += a.files_deleted;
                    run.anonymised.people_erased += a.people_erased;
                }
                Ok(None) => {}
                Err(e) => run.failed.push((reference.to_string(), e.to_string())),
            }
        }
        for (id, reference, version, review) in &reviews {
            let anonymised = review.anonymised();
            let written =
                dispatch!(self.write_anonymised_review(tenant, *id, reference, *version, &anonymised, actor, now));
            if let Err(e) = written {
                run.failed.push((reference.clone(), e.to_string()));
            }
        }
        run.messages = dispatch!(self.remove_message_copies(tenant, sent_before, actor, now))?;
        run.drafts = dispatch!(self.remove_drafts(tenant, drafts_before, actor, now))?;
        Ok(run)
    }

    /// A person's record, unless erased.
    pub async fn person(&self, tenant: TenantId, id: PersonId) -> Result<Option<Person>> {
        dispatch!(self.person(tenant, id))
    }

    /// People on cases of `org` whose name, email, phone or address contains `term`.
    pub async fn find_people(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        term: &str,
        limit: i64,
    ) -> Result<Vec<Person>> {
        dispatch!(self.find_people(tenant, org, term, limit))
    }

    /// The cases a person is a party to, with their role on each, oldest first.
    pub async fn cases_of_person(&self, tenant: TenantId, person: PersonId) -> Result<Vec<(CaseId, PartyRole)>> {
        dispatch!(self.cases_of_person(tenant, person))
    }

    /// Erase a person (UK GDPR article 17): their record's name, address, phone and email,
    /// what they wrote themselves (diary, messages, survey comments, further reports), their
    /// name and contact details wherever written in their cases' free text, copies of messages
    /// sent to them, and their tracker links. The cases, their facts and the event chain stay.
    /// Refused while a case of theirs is open. `reason` is kept in the privacy log.
    pub async fn erase_person(
        &self,
        tenant: TenantId,
        id: PersonId,
        reason: &str,
        actor: Option<UserId>,
        at: Timestamp,
    ) -> Result<Erasure> {
        let Some(person) = self.person(tenant, id).await? else { return Ok(Erasure::NotFound) };
        let scrubber = Scrubber::new(std::slice::from_ref(&person));
        let scrub = |t: &str| scrubber.scrub(t);
        let mut cases = vec![];
        let mut open = vec![];
        for (case_id, _) in self.cases_of_person(tenant, id).await? {
            let Some(case) = self.case(tenant, case_id).await? else { continue };
            if case.status != Status::Closed {
                open.push(case.reference.clone());
            }
            if !cases.iter().any(|c: &asbcase_domain::case::Case| c.id == case.id) {
                cases.push(case);
            }
        }
        if !open.is_empty() {
            return Ok(Erasure::CasesOpen(open));
        }
        // Case reviews: the ones they applied for go whole, as retention would anonymise them;
        // the others of their cases lose their name and contact details. Not while one goes on.
        let references: Vec<CaseReference> = cases.iter().map(|c| c.reference.clone()).collect();
        let mut reviews = vec![];
        let mut reviews_open = vec![];
        // Where messages to them went: email, phone, and a letter's name and address.
        let letter = |name: &str, address: &Option<String>| address.as_ref().map(|a| format!("{name}\n{a}"));
        let mut sent_to: Vec<String> = person.email.iter().chain(&person.phone).cloned().collect();
        sent_to.extend(letter(&person.name, &person.address));
        for ReviewHeld { id: review_id, reference, version, organisation, review, applicant } in
            dispatch!(self.reviews_with_applicants(tenant))?
        {
            let details = ApplicantDetails {
                name: &applicant.name,
                email: applicant.email.as_deref(),
                phone: applicant.phone.as_deref(),
            };
            let whole = match review.of_person(details, &person, &references) {
                ReviewOfPerson::Unrelated => continue,
                _ if review.finished_on().is_none() => {
                    reviews_open.push((reference, organisation));
                    continue;
                }
                ReviewOfPerson::Applied => true,
                ReviewOfPerson::Concerns => false,
            };
            if whole {
                sent_to.extend(applicant.email.iter().chain(&applicant.phone).cloned());
                sent_to.extend(letter(&applicant.name, &applicant.address));
            }
            let rewritten = if whole { review.anonymised() } else { review.map_text(&scrub) };
            reviews.push((review_id, version, rewritten, whole));
        }
        if !reviews_open.is_empty() {
            return Ok(Erasure::ReviewsOpen(reviews_open));
        }
        let mut events = vec![];
        let mut files = vec![];
        for case in &mut cases {
            let complainant = case
                .parties
                .iter()
                .find(|p| p.role == PartyRole::Complainant && p.person.is_some())
                .and_then(|p| p.person);
            // Once they are the case's complainant, a file no member of staff recorded is one
            // they gave (through the report form or their tracker); one given before they were
            // added (an anonymous report's photos) is someone else's.
            let mut complainant_since = None;
            let mut their_files = vec![];
            for mut e in self.events(tenant, case.id).await? {
                let change = e.change().map_err(|err| StoreError::Corrupt(err.to_string()))?;
                if let Change::PartyAdded { party } = &change
                    && party.person == Some(id)
                    && party.role == PartyRole::Complainant
                    && complainant_since.is_none()
                {
                    complainant_since = Some(e.seq);
                }
                let their_file = match &change {
                    Change::EvidenceAdded { file }
                        if e.actor.is_none() && complainant == Some(id) && complainant_since.is_some() =>
                    {
                        files.push((case.id, file.id));
                        their_files.push(e.seq);
                        true
                    }
                    _ => false,
                };
                let mut redacted = if their_file || change.written_by(id, complainant) {
                    change.map_text(&remove)
                } else {
                    change.map_text(&scrub)
                };
                // Their home as the place reported: the exact place goes with the address.
                if let (Change::Reported { location: before, .. }, Change::Reported { location, .. }) =
                    (&change, &mut redacted)
                    && location.address != before.address
                {
                    *location = location.anonymised();
                }
                if redacted != change {
                    e.redact(&redacted, at);
                    events.push(e);
                }
            }
            let address = case.location.address.clone();
            case.map_text(&scrub);
            if case.location.address != address {
                case.location = case.location.anonymised();
            }
            if complainant == Some(id) {
                // The case's own copies of what they wrote: survey comments, diary entries and
                // messages (shown in the evidence list).
                if let Some(s) = &mut case.casework.survey {
                    s.comments = remove(&s.comments);
                }
                for e in case.casework.evidence.iter_mut().filter(|e| {
                    matches!(e.kind, EvidenceKind::Diary | EvidenceKind::Message | EvidenceKind::CallBack)
                        || their_files.contains(&e.seq)
                }) {
                    e.summary = remove(&e.summary);
                }
            }
        }
        let rewrites: Vec<ReviewRewrite<'_>> = reviews
            .iter()
            .map(|(id, version, review, whole)| ReviewRewrite { id: *id, version: *version, review, whole: *whole })
            .collect();
        let write = ErasureWrite {
            person: &person,
            reason,
            events: &events,
            cases: &cases,
            reviews: &rewrites,
            scrub: &scrubber,
            sent_to: &sent_to,
            files: &files,
        };
        dispatch!(self.write_erased_person(tenant, &write, actor, at))?;
        Ok(Erasure::Erased {
            cases: cases.len(),
            events_redacted: events.len(),
            reviews: rewrites.len(),
            files_deleted: files.len(),
        })
    }

    /// Record something done with personal data (a subject access bundle made).
    #[allow(clippy::too_many_arguments)]
    pub async fn log_privacy(
        &self,
        tenant: TenantId,
        org: Option<OrganisationId>,
        actor: Option<UserId>,
        action: &str,
        subject: &str,
        detail: &str,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.log_privacy(tenant, org, actor, action, subject, detail, at))
    }

    /// The most recent entries of the privacy log, newest first: an organisation's own (and
    /// what retention did for the whole partnership), or with `None` every entry.
    pub async fn privacy_log(
        &self,
        tenant: TenantId,
        org: Option<OrganisationId>,
        limit: i64,
    ) -> Result<Vec<PrivacyLogEntry>> {
        dispatch!(self.privacy_log(tenant, org, limit))
    }
}
