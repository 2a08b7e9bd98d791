//! The store's calls for the public information pages.
use crate::{InformationChange, Result, Store, postgres, sqlite};
use asbcase_domain::TenantId;
use jiff::Timestamp;

/// How many of a page's saves its history shows.
pub const HISTORY_SHOWN: i64 = 50;

impl Store {
    /// The words in force on each page the partnership has changed (the others use the defaults).
    pub async fn information_pages(&self, tenant: TenantId) -> Result<Vec<InformationChange>> {
        dispatch!(self.information_pages(tenant))
    }

    /// The page's words in force, if it has been changed.
    pub async fn information_page(&self, tenant: TenantId, slug: &str) -> Result<Option<InformationChange>> {
        Ok(dispatch!(self.information_history(tenant, slug, 1))?.into_iter().next())
    }

    /// Who changed the page and when, newest first.
    pub async fn information_history(&self, tenant: TenantId, slug: &str) -> Result<Vec<InformationChange>> {
        dispatch!(self.information_history(tenant, slug, HISTORY_SHOWN))
    }

    /// Save new words for a page (the caller has checked them); `by` names who.
    pub async fn save_information_page(
        &self,
        tenant: TenantId,
        slug: &str,
        title: &str,
        body: &str,
        by: &str,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.save_information_page(tenant, slug, title, body, by, at))
    }
}
