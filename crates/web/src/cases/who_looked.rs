//! `/cases/{reference}/access-log`: who has looked at a case and downloaded its evidence, for
//! the team manager of the organisation that holds it.
use super::access::own_case;
use crate::auth::Staff;
use crate::page::render;
use crate::{AppError, AppState};
use asbcase_domain::organisation::Role;
use asbcase_domain::time::human;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use std::collections::HashMap;

struct Row {
    when: String,
    who: String,
    what: String,
}

#[derive(Template)]
#[template(path = "case_access.html")]
struct AccessPage {
    layout: crate::page::Layout,
    reference: String,
    rows: Vec<Row>,
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
) -> Result<Response, AppError> {
    if !staff.has(Role::TeamManager) {
        return Err(AppError::Forbidden);
    }
    let case = own_case(&state, &staff, &reference).await?;
    let store = state.store();
    let records = store.access_to_case(case.tenant, case.id, 500).await?;
    let mut names = HashMap::new();
    let mut rows = vec![];
    for r in records {
        if let std::collections::hash_map::Entry::Vacant(v) = names.entry(r.user) {
            let name = match store.user(case.tenant, r.user).await? {
                Some(u) => u.name,
                None => match store.api_token_by_id(case.tenant, r.user.0).await? {
                    Some(t) => format!("API token: {}", t.name),
                    None => "A former user".into(),
                },
            };
            v.insert(name);
        }
        let what =
            if r.detail.is_empty() { r.kind.label().to_string() } else { format!("{}: {}", r.kind.label(), r.detail) };
        rows.push(Row { when: human(r.at), who: names[&r.user].clone(), what });
    }
    render(&AccessPage {
        layout: staff.layout(&format!("Who has looked at {}", case.reference), "/cases"),
        reference: case.reference.to_string(),
        rows,
    })
}
