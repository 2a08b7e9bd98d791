//! The store's calls for the staff search: finding cases, and the indexer that makes each
//! case's search documents (see `queries/search`).
use crate::{Found, Result, Store, Written, postgres, sqlite};
use asbcase_domain::{OrganisationId, TenantId};
use jiff::Timestamp;

impl Store {
    /// The cases a member of `org` may see that have every entry of `entries` (any one of its
    /// terms: see `asbcase_domain::search::Query`), best match first; at most `limit`. Words
    /// in very many cases are looked for among the newest only: see [`Found::newest_only`].
    pub async fn search_cases(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        entries: &[Vec<String>],
        limit: i64,
        now: Timestamp,
    ) -> Result<Found> {
        dispatch!(self.search_cases(tenant, org, entries, limit, now))
    }
    /// [`Store::search_cases`] with words common from `common` documents rather than 5,000:
    /// for tests of searches of common words on a small database.
    #[doc(hidden)]
    pub async fn search_cases_within(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        entries: &[Vec<String>],
        limit: i64,
        now: Timestamp,
        common: i64,
    ) -> Result<Found> {
        dispatch!(self.search_cases_within(tenant, org, entries, limit, now, common))
    }
    /// Make the search documents of up to `limit` cases changed since theirs were made (of
    /// one partnership, or of all); gives back how many were made.
    pub async fn index_queued(&self, tenant: Option<TenantId>, limit: i64) -> Result<usize> {
        dispatch!(self.index_queued(tenant, limit))
    }
    /// How many cases, over every partnership, whose search documents could not be made,
    /// until they change again.
    pub async fn search_failures(&self) -> Result<i64> {
        dispatch!(self.search_failures())
    }
    /// After many rows were written at once: let the database's planner catch up with the
    /// tables written (PostgreSQL: ANALYZE, and VACUUM of the search queue after indexing;
    /// SQLite: nothing).
    pub async fn refresh_statistics(&self, written: Written) -> Result<()> {
        dispatch!(self.refresh_statistics(written))
    }
    /// Queue again every case whose search documents could not be made; how many.
    pub async fn retry_search_failures(&self) -> Result<u64> {
        dispatch!(self.retry_search_failures())
    }
    /// How many of a partnership's changed cases wait for their search documents.
    pub async fn search_queue_length(&self, tenant: TenantId) -> Result<i64> {
        dispatch!(self.search_queue_length(tenant))
    }
}
