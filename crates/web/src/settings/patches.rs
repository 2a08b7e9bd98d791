//! `/settings/patches`: which patch each of the organisation's case officers covers. A new
//! case is suggested to the officer of its patch (`asbcase_domain::assignment`), so a patch
//! of open cases that no officer covers is pointed out. Set by a team manager or administrator.
use super::{Change, may_set};
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::Fields;
use crate::{AppError, AppState};
use asbcase_domain::assignment::{check_patches, same_patch};
use asbcase_domain::organisation::Role;
use asbcase_domain::time::now;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

const PATH: &str = "/settings/patches";

struct Officer {
    /// The form field: `patch-{id}`.
    field: String,
    name: String,
    patch: String,
    error: Option<String>,
}

struct OpenPatch {
    patch: String,
    cases: i64,
    covered_by: String,
}

#[derive(Template)]
#[template(path = "settings/patches.html")]
struct PatchesPage {
    layout: Layout,
    csrf: String,
    errors: Vec<(String, String)>,
    officers: Vec<Officer>,
    open: Vec<OpenPatch>,
    changes: Vec<Change>,
    saved: bool,
}

/// The organisation's case officers, by name.
async fn officers(state: &AppState, staff: &Staff) -> Result<Vec<asbcase_store::User>, AppError> {
    let users = state.store().users_of_organisation(staff.user.tenant, staff.user.organisation).await?;
    Ok(users.into_iter().filter(|u| u.active && u.has(Role::CaseOfficer)).collect())
}

async fn page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    officers: Vec<Officer>,
    saved: bool,
) -> Result<Response, AppError> {
    let store = state.store();
    let (tenant, org) = (staff.user.tenant, staff.user.organisation);
    let covering = store.users_of_organisation(tenant, org).await?;
    let open = store
        .open_case_patches(tenant, org)
        .await?
        .into_iter()
        .map(|(patch, cases)| {
            let names: Vec<String> = covering
                .iter()
                .filter(|u| u.active && u.has(Role::CaseOfficer))
                .filter(|u| u.patch.as_deref().is_some_and(|p| same_patch(p, &patch)))
                .map(|u| u.name.clone())
                .collect();
            OpenPatch { patch, cases, covered_by: names.join(", ") }
        })
        .collect();
    let errors: Vec<(String, String)> =
        officers.iter().filter_map(|o| o.error.clone().map(|e| (o.field.clone(), e))).collect();
    let changes = store.patch_changes(tenant, org).await?.into_iter().map(Change::from).collect();
    let mut p =
        PatchesPage { layout: staff.layout("Patches", "/settings"), csrf, errors, officers, open, changes, saved };
    p.layout.has_errors = !p.errors.is_empty();
    render(&p)
}

/// `GET /settings/patches` (with `?saved=1` after a change).
pub async fn form(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    may_set(&staff)?;
    let rows = officers(&state, &staff)
        .await?
        .into_iter()
        .map(|u| Officer {
            field: format!("patch-{}", u.id.0),
            name: u.name,
            patch: u.patch.unwrap_or_default(),
            error: None,
        })
        .collect();
    page(&state, &staff, csrf, rows, query.as_deref() == Some("saved=1")).await
}

/// `POST /settings/patches`.
pub async fn set(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    may_set(&staff)?;
    let f = Fields(raw);
    let officers = officers(&state, &staff).await?;
    // Only officers the form showed: one added since keeps their patch.
    let shown = |u: &asbcase_store::User| f.0.iter().any(|(k, _)| k == &format!("patch-{}", u.id.0));
    let typed: Vec<String> = officers.iter().map(|u| f.get(&format!("patch-{}", u.id.0)).to_string()).collect();
    match check_patches(&typed.iter().map(String::as_str).collect::<Vec<_>>()) {
        Ok(patches) => {
            let changed: Vec<(&asbcase_store::User, Option<String>)> =
                officers.iter().zip(patches).filter(|(u, p)| shown(u) && u.patch != *p).collect();
            if !changed.is_empty() {
                let summary = changed
                    .iter()
                    .map(|(u, p)| {
                        let was = u.patch.as_deref().unwrap_or("no patch");
                        format!("{}: {was} → {}", u.name, p.as_deref().unwrap_or("no patch"))
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                let by = staff.changed_by();
                let pairs: Vec<_> = changed.iter().map(|(u, p)| (u.id, p.clone())).collect();
                let (tenant, org) = (staff.user.tenant, staff.user.organisation);
                state.store().set_patches(tenant, org, &pairs, &summary, &by, now()).await?;
                tracing::info!(user = %staff.user.id, "patches changed");
            }
            Ok(Redirect::to(&format!("{PATH}?saved=1")).into_response())
        }
        Err(problems) => {
            let rows = officers
                .into_iter()
                .zip(typed)
                .enumerate()
                .map(|(i, (u, patch))| Officer {
                    field: format!("patch-{}", u.id.0),
                    error: problems.iter().find(|(at, _)| *at == i).map(|(_, e)| format!("{}: {e}", u.name)),
                    name: u.name,
                    patch,
                })
                .collect();
            page(&state, &staff, csrf, rows, false).await
        }
    }
}
