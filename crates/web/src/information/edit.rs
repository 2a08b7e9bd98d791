//! `/public-pages`: the administrators of the organisation that takes the public's reports
//! change the information pages' words, see a preview first if they wish, and can put the
//! default back. Every save is kept: the history says who changed the page and when. A change
//! shows at once, without a restart.
use super::{Figures, figures, names, words};
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::information::{MAX_BODY, PLACEHOLDERS, PageText, Topic, check, render as to_html, title};
use asbcase_domain::time::{human, now};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

/// Only the administrators of the organisation the public's reports go to (whose name the
/// pages speak in) change them.
fn publishes(staff: &Staff) -> Result<(), AppError> {
    if staff.publishes { Ok(()) } else { Err(AppError::Forbidden) }
}

struct Row {
    href: String,
    title: String,
    changed: String,
}

#[derive(Template)]
#[template(path = "information/admin.html")]
struct AdminPage {
    layout: Layout,
    rows: Vec<Row>,
}

/// `GET /public-pages`.
pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    publishes(&staff)?;
    let saved = state.store().information_pages(staff.user.tenant).await?;
    let rows = Topic::ALL
        .into_iter()
        .map(|t| {
            let s = saved.iter().find(|s| s.slug == t.slug());
            let own = s.filter(|s| !s.title.is_empty());
            let mut changed = match (own, s) {
                (Some(s), _) => format!("Changed by {} on {}", s.changed_by, human(s.changed_at)),
                (None, Some(s)) => format!("Default text, put back by {} on {}", s.changed_by, human(s.changed_at)),
                (None, None) => "Default text".into(),
            };
            if own.is_none() && t.needs_local_details() {
                changed.push_str(": add your own details");
            }
            Row {
                href: format!("/public-pages/{}", t.slug()),
                title: own.map_or(t.default_title().to_string(), |s| s.title.clone()),
                changed,
            }
        })
        .collect();
    render(&AdminPage { layout: staff.layout("Public information pages", "/public-pages"), rows })
}

use crate::settings::Change;

#[derive(Template)]
#[template(path = "information/edit.html")]
struct EditPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    slug: &'static str,
    /// The page's title in force (not what was typed, which may be empty or refused).
    heading: String,
    title: String,
    body: String,
    /// The words as residents would see them, when a preview was asked for.
    preview: Option<(String, String)>,
    figures: Figures,
    changes: Vec<Change>,
    placeholders: String,
    max_body: usize,
    saved: bool,
}

impl EditPage {
    fn months(&self, n: &u32) -> String {
        if *n == 1 { "1 month".into() } else { format!("{n} months") }
    }
}

/// How the form is shown: to change, with a preview of what was typed, or just after a save.
#[derive(PartialEq, Eq)]
enum Mode {
    Editing,
    Preview,
    Saved,
}

async fn page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    topic: Topic,
    text: PageText,
    mode: Mode,
    errors: Errors,
) -> Result<Response, AppError> {
    let store = state.store();
    let tenant = store.tenant(staff.user.tenant).await?.ok_or(AppError::NotFound)?;
    let org = store.organisation(staff.user.tenant, staff.user.organisation).await?.ok_or(AppError::NotFound)?;
    let n = names(&tenant, &org);
    let changes = store
        .information_history(tenant.id, topic.slug())
        .await?
        .into_iter()
        .map(|c| Change {
            when: human(c.changed_at),
            by: c.changed_by,
            summary: if c.title.is_empty() { "The default text put back".into() } else { c.title },
        })
        .collect();
    let heading = super::words(state, tenant.id, topic).await?.title;
    let mut p = EditPage {
        layout: staff.layout(&format!("Change: {heading}"), "/public-pages"),
        heading,
        csrf,
        slug: topic.slug(),
        preview: (mode == Mode::Preview).then(|| (title(&text, &n), to_html(&text.body, &n))),
        figures: figures(state, &tenant, &org, topic).await?,
        title: text.title,
        body: text.body,
        changes,
        placeholders: PLACEHOLDERS.join(" and "),
        max_body: MAX_BODY,
        saved: mode == Mode::Saved,
        errors,
    };
    p.layout.has_errors = p.errors.any();
    render(&p)
}

/// `GET /public-pages/{slug}` (with `?saved=1` after a save, to say so).
pub async fn form(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    publishes(&staff)?;
    let topic = Topic::parse(&slug).ok_or(AppError::NotFound)?;
    let text = words(&state, staff.user.tenant, topic).await?;
    let mode = if query.as_deref() == Some("saved=1") { Mode::Saved } else { Mode::Editing };
    page(&state, &staff, csrf, topic, text, mode, Errors(vec![])).await
}

/// `POST /public-pages/{slug}`: preview, save, or put the default text back.
pub async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(slug): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    publishes(&staff)?;
    let topic = Topic::parse(&slug).ok_or(AppError::NotFound)?;
    let f = Fields(raw);
    let by = staff.changed_by();
    if f.get("action") == "default" {
        // Kept as an empty title and text: the page then follows the defaults, even as they change.
        state.store().save_information_page(staff.user.tenant, topic.slug(), "", "", &by, now()).await?;
        tracing::info!(user = %staff.user.id, page = topic.slug(), "information page's default put back");
        return Ok(Redirect::to(&format!("/public-pages/{}?saved=1", topic.slug())).into_response());
    }
    let (typed_title, typed_body) = (f.get("title"), f.get("body"));
    let text = match check(typed_title, typed_body) {
        Ok(text) => text,
        Err(problems) => {
            let errors = problems.into_iter().map(|p| crate::cases::form::error(p.field, p.message)).collect();
            // What was typed comes back as it was, to be put right.
            let typed = PageText { title: typed_title.into(), body: typed_body.into() };
            return page(&state, &staff, csrf, topic, typed, Mode::Editing, Errors(errors)).await;
        }
    };
    if f.get("action") == "preview" {
        return page(&state, &staff, csrf, topic, text, Mode::Preview, Errors(vec![])).await;
    }
    state.store().save_information_page(staff.user.tenant, topic.slug(), &text.title, &text.body, &by, now()).await?;
    tracing::info!(user = %staff.user.id, page = topic.slug(), "information page changed");
    Ok(Redirect::to(&format!("/public-pages/{}?saved=1", topic.slug())).into_response())
}
