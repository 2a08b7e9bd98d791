//! The store's calls for importing cases from a file (`asbcase import cases`).
use crate::{Result, Store, postgres, sqlite};
use asbcase_domain::case::{Case, Rules};
use asbcase_domain::import::{CaseRow, Problem};
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

    /// Import checked rows (see `asbcase_domain::import`): references taken in the year each
    /// case was reported, each case built with its history, then all written in one
    /// transaction, `by` (the member of staff importing, if any) named on each case's Imported
    /// entry. `progress` is told as each case is built. Problems building a case (the
    /// check should have found them first) are given back and nothing is written.
    #[allow(clippy::too_many_arguments)]
    pub async fn import_rows(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        rows: &[CaseRow],
        source: &str,
        rules: &Rules<'_>,
        at: Timestamp,
        by: Option<asbcase_domain::UserId>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<std::result::Result<Vec<CaseReference>, Vec<Problem>>> {
        let mut by_year: std::collections::BTreeMap<i16, Vec<usize>> = Default::default();
        for (i, r) in rows.iter().enumerate() {
            by_year.entry(r.reported_at.to_zoned(asbcase_domain::time::london()).year()).or_default().push(i);
        }
        let mut references = vec![None; rows.len()];
        for (year, indexes) in &by_year {
            let reserved = self.reserve_references(tenant, *year, indexes.len() as u32).await?;
            for (i, reference) in indexes.iter().zip(reserved) {
                references[*i] = Some(reference);
            }
        }
        let mut cases = Vec::with_capacity(rows.len());
        let mut people = vec![];
        let mut problems = vec![];
        for (done, (r, reference)) in rows.iter().zip(references).enumerate() {
            let Some(reference) = reference else {
                return Err(crate::StoreError::Corrupt("a case reference was not reserved".into()));
            };
            match r.to_case(tenant, org, reference, source, at, by, rules) {
                Ok((case, mut p)) => {
                    people.append(&mut p);
                    cases.push((case, r.former_reference.clone()));
                }
                Err(e) => problems.push(Problem { row: r.row, column: None, message: e.to_string() }),
            }
            progress(done as u64 + 1);
        }
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        self.import_cases(tenant, org, source, &people, &mut cases, at).await?;
        Ok(Ok(cases.into_iter().map(|(c, _)| c.reference).collect()))
    }
}
