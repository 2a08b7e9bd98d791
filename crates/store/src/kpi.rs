//! The store's calls for performance reporting: cases' KPI facts, targets and reporting
//! settings, and filling in the facts of cases stored before they were kept.
use crate::{KeptKind, KeptRow, Result, Store, postgres, sqlite};
use asbcase_domain::calendar::Calendar;
use asbcase_domain::case::Status;
use asbcase_domain::kpi::running::Running;
use asbcase_domain::kpi::{CaseFacts, Filter, Period, Target};
use asbcase_domain::{CaseId, OrganisationId, TenantId};
use jiff::Timestamp;

/// A digest of how the store reads complaints for repeats and counts cases per ward for
/// hotspots (kept figures counted by a build that read them differently are counted again).
pub fn complaints_rules() -> String {
    let sources = [include_str!("queries/case_reviews.rs"), include_str!("queries/areas.rs")];
    format!("{:016x}", asbcase_domain::kpi::kept::digest(&sources))
}

impl Store {
    /// Fill in the columns this release keeps beside what they are worked out from, for rows
    /// stored before it: the dashboard's filters beside each case's KPI facts, and the key of
    /// each case's place.
    pub async fn fill_in_kept_columns(&self) -> Result<()> {
        // Each pass goes on from the last case the one before filled in.
        let first = (TenantId(uuid::Uuid::nil()), CaseId(uuid::Uuid::nil()));
        let mut after = first;
        while let Some(last) = dispatch!(self.fill_in_filters(after, 500))? {
            after = last;
        }
        if after != first {
            tracing::info!("wrote the dashboard's filters beside the KPI facts kept before them");
        }
        let mut after = first;
        while let Some(last) = dispatch!(self.fill_in_place_keys(after, 500))? {
            after = last;
        }
        if after != first {
            tracing::info!("wrote the place key of cases stored before it was kept");
        }
        Ok(())
    }

    /// The facts of `org`'s cases reported before `before` and still counting on or after
    /// `since`, narrowed by the dashboard's `filter` (by the columns written beside the facts;
    /// what the caller counts is still for `Filter::keeps` to decide).
    pub async fn kpi_facts(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        since: Timestamp,
        before: Timestamp,
        filter: &Filter,
    ) -> Result<Vec<(CaseId, CaseFacts)>> {
        dispatch!(self.facts_between(tenant, org, since, before, filter))
    }

    /// Figures kept for ended periods, by key (those kept or being worked out).
    pub async fn kept_figures(&self, tenant: TenantId, keys: &[String]) -> Result<Vec<KeptRow>> {
        dispatch!(self.kept_figures(tenant, keys))
    }

    /// Start working out figures of `kind` for `period` to keep under `key`; `scope` is the
    /// organisation counted (empty for the partnership) and `kept` what they are worked out
    /// from. From now on a save that changes them drops them. Returns the token `keep_figures`
    /// must give, or none if saves are under way that cannot be waited for (a long import):
    /// then they are not kept this time.
    #[allow(clippy::too_many_arguments)]
    pub async fn begin_keeping(
        &self,
        tenant: TenantId,
        key: &str,
        kind: KeptKind,
        period: &Period,
        scope: &str,
        kept: &serde_json::Value,
        at: Timestamp,
    ) -> Result<Option<uuid::Uuid>> {
        dispatch!(self.begin_keeping(tenant, key, kind, period, scope, kept, at))
    }

    /// Keep the figures started with `begin_keeping`; false if a save dropped them meanwhile.
    pub async fn keep_figures(
        &self,
        tenant: TenantId,
        key: &str,
        token: uuid::Uuid,
        figures: &serde_json::Value,
    ) -> Result<bool> {
        dispatch!(self.keep_figures(tenant, key, token, figures))
    }

    /// Keep the tallies of a period under way started with `begin_keeping`, worked out from
    /// the cases' facts as `read`, brought up to date with the cases saved meanwhile; false if
    /// they were dropped or started again meanwhile.
    pub async fn keep_running(
        &self,
        tenant: TenantId,
        key: &str,
        token: uuid::Uuid,
        running: &Running,
        read: &[(CaseId, CaseFacts)],
    ) -> Result<bool> {
        dispatch!(self.keep_running(tenant, key, token, running, read))
    }

    /// Give up figures started with `begin_keeping`.
    pub async fn forget_kept(&self, tenant: TenantId, key: &str, token: uuid::Uuid) -> Result<()> {
        dispatch!(self.forget_kept(tenant, key, token))
    }

    /// A case's reference, without loading the case.
    pub async fn case_reference(&self, tenant: TenantId, case: CaseId) -> Result<Option<String>> {
        dispatch!(self.case_reference(tenant, case))
    }

    pub async fn set_target(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        target: &Target,
        recorded_by: &str,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.set_target(tenant, org, target, recorded_by, at))
    }

    /// The targets in force for `org`.
    pub async fn targets(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<Target>> {
        dispatch!(self.targets(tenant, org))
    }

    /// The month the reporting year starts in, and the age in months of a long-running case.
    pub async fn reporting_settings(&self, tenant: TenantId) -> Result<(i8, i32)> {
        dispatch!(self.reporting_settings(tenant))
    }

    pub async fn set_reporting_settings(
        &self,
        tenant: TenantId,
        year_start: Option<i8>,
        long_running_months: Option<i32>,
    ) -> Result<()> {
        dispatch!(self.set_reporting_settings(tenant, year_start, long_running_months))
    }

    /// Work out every case's facts again from its events (after the way they are counted has
    /// changed), overwriting each in turn so figures stay whole meanwhile. Returns how many.
    pub async fn rebuild_kpi_facts(&self) -> Result<u64> {
        let mut done = 0;
        let mut after = None;
        loop {
            let batch = dispatch!(self.cases_after(after, 500))?;
            let Some(last) = batch.last() else { return Ok(done) };
            after = Some((last.0, last.1));
            for (tenant, case, status) in batch {
                self.refold(tenant, case, &status).await?;
                done += 1;
            }
        }
    }

    /// Work out the facts of cases stored before they were kept, from their events. Returns
    /// how many cases were filled in.
    pub async fn fill_in_kpi_facts(&self) -> Result<u64> {
        let mut done = 0;
        loop {
            let batch = dispatch!(self.cases_without_facts(500))?;
            if batch.is_empty() {
                return Ok(done);
            }
            for (tenant, case, status) in batch {
                self.refold(tenant, case, &status).await?;
                done += 1;
            }
        }
    }

    /// One case's facts from its events; the first-contact deadline comes from the
    /// organisation's service standards now.
    async fn refold(&self, tenant: TenantId, case: CaseId, status: &str) -> Result<()> {
        let events = self.events(tenant, case).await?;
        let changes = events
            .iter()
            .map(|e| e.change().map(|c| (c, e.at)))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
        let division = self.tenant(tenant).await?.map(|t| t.division);
        let org = changes.iter().find_map(|(c, _)| match c {
            asbcase_domain::event::Change::Reported { organisation, .. } => Some(*organisation),
            _ => None,
        });
        let standards = match org {
            Some(o) => Some(self.service_standards(tenant, o).await?),
            None => None,
        };
        let calendar = division.map(Calendar::bundled);
        let facts = CaseFacts::replay(changes.iter().map(|(c, at)| (c, *at)), |at, band| {
            standards.as_ref()?.first_contact(band).due(at, calendar.as_ref()?).ok()
        });
        let Some(facts) = facts else {
            return Err(crate::StoreError::Corrupt(format!("case {case} has no events")));
        };
        let waiting = matches!(Status::parse(status), Some(Status::Reported | Status::Triaged));
        dispatch!(self.put_facts(tenant, case, &facts, waiting))
    }
}
