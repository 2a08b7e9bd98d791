//! `/search`: the search box on every staff page. A whole case reference goes straight to
//! the case; anything else lists the cases the person may see whose report, people, places,
//! phone numbers, email addresses or notes match every word (see `asbcase_domain::search`),
//! best match first. Each search is kept in the access log: it looks into personal data.
use crate::auth::Staff;
use crate::page::{Layout, render};
use crate::view::{Tag, category_name, date, risk_tag, status_tag};
use crate::{AppError, AppState};
use asbcase_domain::audit::AccessKind;
use asbcase_domain::search::{MAX_QUERY_CHARS, Query, QueryError};
use askama::Template;
use axum::extract::{Query as Params, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::Deserialize;

/// The most cases a search lists: it is for finding one case, not for reports.
const MOST: usize = 50;
/// A search first indexes the changed cases waiting, when there are no more than this, so that
/// what was just recorded is found; a longer queue (after an import) is left to the indexer
/// running in the background, and the page says how many cases are not searched yet.
const CATCH_UP: i64 = 50;

#[derive(Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: Option<String>,
}

struct Hit {
    reference: String,
    reported: String,
    category: String,
    place: String,
    risk: Tag,
    status: Tag,
    officer: String,
    /// The organisation whose case it is, when not the searcher's own.
    shared_by: Option<String>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    errors: Vec<(String, String)>,
    /// What was searched for, once a search was made.
    searched: bool,
    /// A case reference that is not one of the person's cases.
    no_such_reference: Option<String>,
    hits: Vec<Hit>,
    more: bool,
    /// Common words were looked for among the newest cases only.
    newest_only: bool,
    /// Changed cases the background indexer has not reached yet.
    waiting: i64,
}

pub async fn search(
    State(state): State<AppState>,
    staff: Staff,
    Params(params): Params<SearchParams>,
) -> Result<Response, AppError> {
    if !staff.sees_cases() {
        return Err(AppError::Forbidden);
    }
    let mut layout = staff.layout("Search cases", "");
    layout.search = None;
    let mut page = SearchPage {
        layout,
        q: String::new(),
        errors: vec![],
        searched: false,
        no_such_reference: None,
        hits: vec![],
        more: false,
        newest_only: false,
        waiting: 0,
    };
    let Some(text) = params.q else {
        return render(&page);
    };
    page.q = text.chars().take(MAX_QUERY_CHARS * 2).collect();
    let query = match Query::parse(&text) {
        Ok(q) => q,
        Err(e) => return refused(page, &e),
    };
    page.layout.title = format!("{} – Search cases", page.q.trim());
    page.searched = true;
    let store = state.store();
    let at = Timestamp::now();
    match query {
        Query::Reference(reference) => {
            match crate::cases::access::visible_case(&state, &staff, reference.as_str()).await {
                Ok(_) => return Ok(Redirect::to(&format!("/cases/{reference}")).into_response()),
                Err(AppError::NotFound) => page.no_such_reference = Some(reference.to_string()),
                Err(e) => return Err(e),
            }
        }
        Query::Terms(entries) => {
            let tenant = staff.user.tenant;
            // Catching up is a courtesy: if it fails, the search runs on what is indexed.
            let waiting = store.search_queue_length(tenant).await?;
            if (1..=CATCH_UP).contains(&waiting)
                && let Err(e) = store.index_queued(Some(tenant), CATCH_UP).await
            {
                tracing::warn!(error = %e, "catching up the search index failed");
            }
            let detail = format!("Searched for \"{}\"", page.q.trim());
            store.record_access(staff.user.tenant, staff.user.id, AccessKind::SearchCases, None, &detail, at).await?;
            let found =
                store.search_cases(staff.user.tenant, staff.user.organisation, &entries, MOST as i64 + 1, at).await?;
            let catalogue = store.categories(staff.user.tenant).await?;
            page.more = found.hits.len() > MOST;
            page.newest_only = found.newest_only;
            page.hits = found
                .hits
                .into_iter()
                .take(MOST)
                .map(|h| {
                    let c = h.summary;
                    Hit {
                        reference: c.reference.to_string(),
                        reported: date(c.reported_at),
                        category: category_name(&c.primary_category, &catalogue),
                        place: crate::view::place(&c),
                        risk: risk_tag(c.risk_band),
                        status: status_tag(c.status),
                        officer: c.officer_name.unwrap_or_else(|| "Not assigned".into()),
                        shared_by: (!h.own).then_some(h.organisation),
                    }
                })
                .collect();
            page.waiting = store.search_queue_length(staff.user.tenant).await?;
        }
    }
    render(&page)
}

/// The search page again, saying what is wrong with what was typed.
fn refused(mut page: SearchPage, e: &QueryError) -> Result<Response, AppError> {
    page.layout.has_errors = true;
    page.errors = vec![("q".into(), e.to_string())];
    render(&page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(hits: usize, newest_only: bool) -> String {
        let hit = || Hit {
            reference: "ASB-2026-000001".into(),
            reported: "1 October 2026".into(),
            category: "Noise".into(),
            place: "Mill Lane".into(),
            risk: risk_tag(asbcase_domain::risk::RiskBand::Standard),
            status: status_tag(asbcase_domain::case::Status::Reported),
            officer: "Priya Shah".into(),
            shared_by: None,
        };
        let page = SearchPage {
            layout: Layout::public("Search cases"),
            q: "noise".into(),
            errors: vec![],
            searched: true,
            no_such_reference: None,
            hits: (0..hits).map(|_| hit()).collect(),
            more: false,
            newest_only,
            waiting: 0,
        };
        page.render().unwrap()
    }

    // Words in over 5,000 cases are looked for among the newest only: the store's tests show
    // when (`crates/store/tests/search.rs`); here, that the page tells the officer.
    #[test]
    fn a_search_of_very_common_words_says_older_cases_may_be_left_out() {
        for hits in [0, 1] {
            let html = page(hits, true);
            assert!(html.contains("only your organisation's most recently changed cases"), "{html}");
            assert!(html.contains("to find older cases"));
            assert!(!page(hits, false).contains("newest-only"));
        }
    }
}
