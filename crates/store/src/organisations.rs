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
    /// While none has been kept or named, the partnership's first council takes them as it
    /// joins (a partnership set up with its landlord first), as the service has always chosen.
    pub async fn add_organisation(&self, o: &Organisation, summary: &str, by: &str, at: Timestamp) -> Result<()> {
        let first_council = o.kind == OrganisationKind::Council
            && !self.organisations(o.tenant).await?.iter().any(|x| x.kind == OrganisationKind::Council);
        let kept = dispatch!(self.report_receiver(o.tenant))?;
        let receiver = match kept.is_none() && first_council {
            true => None,
            false => self.report_receiver(o.tenant).await?.map(|r| r.id),
        };
        let lead = match self.case_review_lead(o.tenant).await?.is_none() && first_council {
            true => None,
            false => self.case_review_lead_org(o.tenant).await?.map(|l| l.id),
        };
        let recorded_in = receiver.unwrap_or(o.id);
        dispatch!(self.add_organisation(o, (receiver, lead), (recorded_in, summary, by), at))
    }

    /// Send residents' reports to `org` from now on (its administrators then publish the
    /// partnership's pages and settings).
    pub async fn set_report_receiver(&self, tenant: TenantId, org: OrganisationId) -> Result<()> {
        dispatch!(self.set_report_receiver(tenant, org))
    }

    /// Organisations added, newest first.
    pub async fn organisation_changes(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<SettingChange>> {
        dispatch!(self.settings_changes(tenant, org, "organisations", 50))
    }
}
