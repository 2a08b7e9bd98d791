//! `/settings/categories`: the partnership's category catalogue. Each category's name, the
//! explanation residents read on the report form and the information pages, its priority
//! (a case's priority is its most urgent category's) and its police group. Changes take
//! effect at once for new reports; categories are added, never removed, since cases and
//! figures refer to them. Set by the administrators of the organisation that takes reports,
//! as the catalogue is the whole partnership's.
use super::Change;
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::category::{Category, PoliceGroup};
use asbcase_domain::category_change::{PRIORITIES, Typed, check};
use asbcase_domain::time::now;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

const PATH: &str = "/settings/categories";

fn sets_categories(staff: &Staff) -> Result<(), AppError> {
    if staff.publishes { Ok(()) } else { Err(AppError::Forbidden) }
}

struct Row {
    code: String,
    name: String,
    priority: u8,
    group: &'static str,
}

#[derive(Template)]
#[template(path = "settings/categories.html")]
struct CategoriesPage {
    layout: Layout,
    rows: Vec<Row>,
    changes: Vec<Change>,
    saved: bool,
}

struct Choice {
    value: String,
    text: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "settings/category.html")]
struct CategoryPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    /// The category's code when changing one; none when adding.
    code: Option<String>,
    name: String,
    explanation: String,
    priorities: Vec<Choice>,
    groups: Vec<Choice>,
}

/// `GET /settings/categories` (with `?saved=1` after a change).
pub async fn index(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    sets_categories(&staff)?;
    let store = state.store();
    let rows = store
        .categories(staff.user.tenant)
        .await?
        .into_iter()
        .map(|c| Row { code: c.code, name: c.name, priority: c.priority.0, group: c.group.label() })
        .collect();
    let changes = store.category_changes(staff.user.tenant, staff.user.organisation).await?;
    render(&CategoriesPage {
        layout: staff.layout("Categories", "/settings"),
        rows,
        changes: changes.into_iter().map(Change::from).collect(),
        saved: query.as_deref() == Some("saved=1"),
    })
}

fn form_page(
    staff: &Staff,
    csrf: String,
    code: Option<String>,
    typed: &Typed,
    errors: Errors,
) -> Result<Response, AppError> {
    let title = if code.is_some() { "Change a category" } else { "Add a category" };
    let mut page = CategoryPage {
        layout: staff.layout(title, "/settings"),
        csrf,
        code,
        name: typed.name.to_string(),
        explanation: typed.explanation.to_string(),
        priorities: PRIORITIES
            .map(|p| Choice {
                value: p.to_string(),
                text: match p {
                    1 => "1 – most urgent".to_string(),
                    4 => "4 – least urgent".to_string(),
                    p => p.to_string(),
                },
                checked: typed.priority == p.to_string(),
            })
            .collect(),
        groups: PoliceGroup::ALL
            .iter()
            .map(|g| Choice { value: g.as_str().into(), text: g.label().into(), checked: typed.group == g.as_str() })
            .collect(),
        errors,
    };
    page.layout.has_errors = page.errors.any();
    render(&page)
}

async fn find(state: &AppState, staff: &Staff, code: &str) -> Result<(Category, Vec<Category>), AppError> {
    let catalogue = state.store().categories(staff.user.tenant).await?;
    let category = catalogue.iter().find(|c| c.code == code).cloned().ok_or(AppError::NotFound)?;
    Ok((category, catalogue))
}

/// `GET /settings/categories/new`.
pub async fn new(staff: Staff, CsrfToken(csrf): CsrfToken) -> Result<Response, AppError> {
    sets_categories(&staff)?;
    let typed = Typed { name: "", explanation: "", priority: "", group: "" };
    form_page(&staff, csrf, None, &typed, Errors(vec![]))
}

/// `GET /settings/categories/{code}`.
pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    sets_categories(&staff)?;
    let (c, _) = find(&state, &staff, &code).await?;
    let priority = c.priority.0.to_string();
    let typed = Typed { name: &c.name, explanation: &c.explanation, priority: &priority, group: c.group.as_str() };
    form_page(&staff, csrf, Some(code), &typed, Errors(vec![]))
}

/// Check and keep a category as typed: `code` is the one changed, or none for a new one.
async fn keep(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    code: Option<String>,
    raw: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let f = Fields(raw);
    let catalogue = state.store().categories(staff.user.tenant).await?;
    let typed = Typed {
        name: f.get("name"),
        explanation: f.get("explanation"),
        priority: f.get("priority"),
        group: f.get("group"),
    };
    match check(code.as_deref(), &typed, &catalogue) {
        Ok(category) => {
            let by = staff.changed_by();
            let before = code.as_ref().and_then(|c| catalogue.iter().find(|k| &k.code == c));
            let (tenant, org) = (staff.user.tenant, staff.user.organisation);
            match state.store().change_category(tenant, org, before, &category, &by, now()).await {
                Ok(()) => {}
                Err(asbcase_store::StoreError::Duplicate(_)) => {
                    let problem = asbcase_domain::report::FieldError {
                        field: "name".into(),
                        message:
                            "Someone added a category with a name like this just now: check the list, then try again"
                                .into(),
                    };
                    return form_page(staff, csrf, code, &typed, Errors(vec![problem]));
                }
                Err(e) => return Err(e.into()),
            }
            tracing::info!(user = %staff.user.id, code = %category.code, "category changed");
            Ok(Redirect::to(&format!("{PATH}?saved=1")).into_response())
        }
        Err(errors) => form_page(staff, csrf, code, &typed, Errors(errors)),
    }
}

/// `POST /settings/categories`: add one.
pub async fn add(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    sets_categories(&staff)?;
    keep(&state, &staff, csrf, None, raw).await
}

/// `POST /settings/categories/{code}`: change one.
pub async fn change(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(code): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    sets_categories(&staff)?;
    find(&state, &staff, &code).await?;
    keep(&state, &staff, csrf, Some(code), raw).await
}
