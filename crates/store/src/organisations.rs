//! The store's calls for a partnership's organisations: adding one, and which one takes
//! residents' reports.
use crate::{Organisation, Result, SettingChange, Store, postgres, sqlite};
use asbcase_domain::organisation::OrganisationKind;
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;

impl Store {
    /// The organisation that takes residents' reports (and whose administrators publish the
    /// partnership's pages): the one kept when organisations were added, else the first
    /// council, else the first organisation (by name).
    pub async fn report_receiver(&self, tenant: TenantId) -> Result<Option<Organisation>> {
        let orgs = self.organisations(tenant).await?;
        let kept = dispatch!(self.report_receiver(tenant))?;
        Ok(orgs
            .iter()
            .find(|o| Some(o.id) == kept)
            .or_else(|| orgs.iter().find(|o| o.kind == OrganisationKind::Council))
            .or_else(|| orgs.first())
            .cloned())
    }

    /// Add an organisation (from Settings or the command line) without moving residents'
    /// reports or the case reviews from the organisations that have them now. The change is
    /// kept, with `summary` and who made it, in the history of the organisation that takes
    /// residents' reports (the new one, when it is the partnership's first).
    pub async fn add_organisation(&self, o: &Organisation, summary: &str, by: &str, at: Timestamp) -> Result<()> {
        let receiver = self.report_receiver(o.tenant).await?.map(|r| r.id);
        let lead = self.case_review_lead_org(o.tenant).await?.map(|l| l.id);
        let recorded_in = receiver.unwrap_or(o.id);
        dispatch!(self.add_organisation(o, (receiver, lead), (recorded_in, summary, by), at))
    }

    /// Organisations added, newest first.
    pub async fn organisation_changes(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<SettingChange>> {
        dispatch!(self.settings_changes(tenant, org, "organisations", 50))
    }
}
