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
        // Built and written a batch at a time, all in one transaction: 100,000 cases with their
        // events held at once would take gigabytes. (Building is done on the caller's thread,
        // with the transaction open; on SQLite other writers wait for it.)
        let mut problems = vec![];
        let mut unreserved = false;
        let mut made = Vec::with_capacity(rows.len());
        let mut pending = rows.iter().zip(references).enumerate();
        let mut next = || {
            let mut batch = ImportBatch::default();
            for (done, (r, reference)) in pending.by_ref() {
                let Some(reference) = reference else {
                    unreserved = true;
                    return Next::Abandon;
                };
                match r.to_case(tenant, org, reference, source, at, by, rules) {
                    Ok((case, mut p)) if problems.is_empty() => {
                        made.push(case.reference.clone());
                        batch.people.append(&mut p);
                        batch.cases.push((case, r.former_reference.clone()));
                    }
                    Ok(_) => {}
                    Err(e) => problems.push(Problem { row: r.row, column: None, message: e.to_string() }),
                }
                progress(done as u64 + 1);
                if batch.cases.len() == IMPORT_BATCH {
                    break;
                }
            }
            match (problems.is_empty(), batch.cases.is_empty()) {
                (false, _) => Next::Abandon,
                (true, true) => Next::Done,
                (true, false) => Next::Write(batch),
            }
        };
        dispatch!(self.import_cases(tenant, org, source, at, &mut next))?;
        if unreserved {
            return Err(crate::StoreError::Corrupt("a case reference was not reserved".into()));
        }
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        Ok(Ok(made))
    }
}

/// Cases built and written together in an import.
const IMPORT_BATCH: usize = 10_000;

/// Imported cases with their people, and the reference each had in the old system.
#[derive(Default)]
pub(crate) struct ImportBatch {
    pub people: Vec<Person>,
    pub cases: Vec<(Case, String)>,
}

/// What an import writes next.
pub(crate) enum Next {
    Write(ImportBatch),
    /// Everything is written: commit.
    Done,
    /// A case could not be built: write nothing.
    Abandon,
}
