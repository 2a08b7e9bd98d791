//! The store's calls for importing cases from a file (`asbcase import cases`).
use crate::{Result, Store, postgres, sqlite};
use asbcase_domain::case::Case;
use asbcase_domain::party::Person;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;
use std::collections::HashSet;

impl Store {
    /// The references (lower case) of the cases already imported for an organisation.
    pub async fn imported_references(&self, tenant: TenantId, org: OrganisationId) -> Result<HashSet<String>> {
        Ok(dispatch!(self.imported_references(tenant, org))?.into_iter().collect())
    }

    /// `n` new case references of `year`, in order (a failed import leaves a gap in the numbers).
    pub async fn reserve_references(&self, tenant: TenantId, year: i16, n: u32) -> Result<Vec<CaseReference>> {
        if n == 0 {
            return Ok(vec![]);
        }
        dispatch!(self.reserve_references(tenant, year, n))
    }

    /// Write imported cases (each with its reference in the old system) and their people, all
    /// in one transaction: every case or, on any error, none.
    pub async fn import_cases(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        source: &str,
        people: &[Person],
        cases: &mut [(Case, String)],
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.import_cases(tenant, org, source, people, cases, at))
    }
}
