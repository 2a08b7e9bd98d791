//! `/cases/saved`: someone's own lists of cases, the Cases page's filters kept under a name of
//! theirs ("High risk, contact overdue"), listed on their home page. A list keeps the filters,
//! not the cases: it shows whatever matches when it is opened.
use super::list::{Chosen, ListQuery, chosen, filters_query, officers_of};
use crate::auth::Staff;
use crate::cases::form::error;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_store::{SavedList, StoreError};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;

/// The most lists one person keeps.
pub const MOST_LISTS: usize = 20;
/// The longest name of a list.
const NAME_MAX: usize = 60;

pub struct ListLink {
    pub id: String,
    pub name: String,
    pub href: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "saved_lists.html")]
struct SavedListsPage {
    layout: Layout,
    csrf: String,
    lists: Vec<ListLink>,
    saved: bool,
    removed: bool,
}

#[derive(Template)]
#[template(path = "saved_list_new.html")]
struct NewListPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    name: String,
    query: String,
    what: String,
}

fn sees(staff: &Staff) -> Result<(), AppError> {
    if staff.sees_cases() { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The filters of a query string, checked as the Cases page checks them; with the same
/// filters written the one way (`scope=mine&risk=high`) and in words ("Your cases: not closed,
/// high risk").
async fn read_filters(state: &AppState, staff: &Staff, query: &str) -> Result<(String, String), AppError> {
    let q: ListQuery = serde_urlencoded::from_str(query)
        .map_err(|_| AppError::BadRequest("These are not the Cases page's filters.".into()))?;
    let officers = officers_of(state, staff).await?;
    let Chosen { mine, active_only, status, risk, officer, overdue_only, .. } = chosen(staff, &q, &officers)?;
    let mut what = vec![];
    what.push(match status {
        Some(s) => s.label().to_lowercase(),
        None if active_only => "not closed".into(),
        None => "any status".into(),
    });
    if let Some(r) = risk {
        what.push(format!("{} risk", r.label().to_lowercase()));
    }
    if let (false, Some(o)) = (mine, officer.and_then(|id| officers.iter().find(|o| o.id == id))) {
        what.push(format!("officer {}", o.name));
    }
    if overdue_only {
        what.push("contact overdue".into());
    }
    let whose = if mine { "Your cases" } else { "All cases in your organisation" };
    Ok((filters_query(&q, mine), format!("{whose}: {}", what.join(", "))))
}

/// Someone's saved lists, each with its link and what it shows. A list whose filters no
/// longer make sense (an officer who left) is still shown, so it can be removed.
pub async fn links(state: &AppState, staff: &Staff) -> Result<Vec<ListLink>, AppError> {
    let lists = state.store().saved_lists(staff.user.tenant, staff.user.id).await?;
    let mut links = vec![];
    for l in lists {
        let what = match read_filters(state, staff, &l.query).await {
            Ok((_, what)) => what,
            Err(AppError::BadRequest(why)) => format!("No longer works: {why}"),
            Err(e) => return Err(e),
        };
        links.push(ListLink { id: l.id.to_string(), name: l.name, href: format!("/cases?{}", l.query), what });
    }
    Ok(links)
}

/// `GET /cases/saved` (with `?saved=1` or `?removed=1` after a change).
pub async fn index(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    sees(&staff)?;
    let lists = links(&state, &staff).await?;
    render(&SavedListsPage {
        layout: staff.layout("Your saved lists", "/cases"),
        csrf,
        lists,
        saved: query.as_deref() == Some("saved=1"),
        removed: query.as_deref() == Some("removed=1"),
    })
}

/// `GET /cases/saved/new?…`: name the Cases page's filters as they are.
pub async fn new(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    sees(&staff)?;
    let (query, what) = read_filters(&state, &staff, query.as_deref().unwrap_or_default()).await?;
    render(&NewListPage {
        layout: staff.layout("Save these filters as a list", "/cases"),
        csrf,
        errors: Errors(vec![]),
        name: String::new(),
        query,
        what,
    })
}

/// `POST /cases/saved`.
pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    sees(&staff)?;
    let f = Fields(raw);
    let (query, what) = read_filters(&state, &staff, f.get("query")).await?;
    let name = f.get("name").split_whitespace().collect::<Vec<_>>().join(" ");
    let store = state.store();
    let mut errors = vec![];
    if name.is_empty() {
        errors.push(error("name", "Enter a name for the list"));
    } else if name.chars().count() > NAME_MAX {
        errors.push(error("name", format!("Name the list in {NAME_MAX} characters or fewer")));
    } else if store.saved_lists(staff.user.tenant, staff.user.id).await?.len() >= MOST_LISTS {
        errors
            .push(error("name", format!("You have {MOST_LISTS} saved lists, the most you can keep: remove one first")));
    }
    if errors.is_empty() {
        let list = SavedList {
            id: uuid::Uuid::new_v4(),
            user: staff.user.id,
            name: name.clone(),
            query: query.clone(),
            created_at: Timestamp::now(),
        };
        match store.save_list(staff.user.tenant, &list).await {
            Ok(()) => return Ok(Redirect::to("/cases/saved?saved=1").into_response()),
            Err(StoreError::Duplicate(_)) => {
                errors.push(error("name", format!("You already have a list called ‘{name}’: choose another name")));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let mut page = NewListPage {
        layout: staff.layout("Save these filters as a list", "/cases"),
        csrf,
        errors: Errors(errors),
        name: f.get("name").to_string(),
        query,
        what,
    };
    page.layout.has_errors = true;
    render(&page)
}

/// `POST /cases/saved/{id}/remove`: one of the person's own lists; anyone else's is not found.
pub async fn remove(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    VerifiedForm(_): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    sees(&staff)?;
    let id: uuid::Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    if !state.store().remove_saved_list(staff.user.tenant, staff.user.id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/cases/saved?removed=1").into_response())
}
