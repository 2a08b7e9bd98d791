//! `/worklist`: an officer's next things to do on the cases they hold, overdue first.
use crate::auth::Staff;
use crate::page::{Layout, render};
use crate::view::{deadline, due_phrase, when};
use crate::{AppError, AppState};
use asbcase_domain::organisation::Role;
use asbcase_domain::time::london;
use asbcase_domain::worklist::{WorkKind, items};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jiff::Timestamp;

struct Row {
    reference: String,
    kind: &'static str,
    what: String,
    due: String,
    phrase: String,
    overdue: bool,
}

struct Count {
    kind: &'static str,
    n: usize,
    overdue: usize,
}

/// A case the officer looked at lately.
struct Recent {
    reference: String,
    place: String,
    status: crate::view::Tag,
    looked: String,
}

/// How many recently viewed cases the worklist lists.
const RECENT: i64 = 8;

#[derive(Template)]
#[template(path = "worklist.html")]
struct WorklistPage {
    layout: Layout,
    rows: Vec<Row>,
    review: Vec<Row>,
    counts: Vec<Count>,
    recent: Vec<Recent>,
    lists: Vec<super::saved::ListLink>,
}

pub async fn show(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    if !staff.has(Role::CaseOfficer) {
        return Err(AppError::Forbidden);
    }
    let now = Timestamp::now();
    let today = now.to_zoned(london()).date();
    let cases = state.store().cases_of_officer(staff.user.tenant, staff.user.id).await?;
    let mut all = vec![];
    for case in &cases {
        for item in items(case, today) {
            all.push((case.reference.to_string(), item));
        }
    }
    all.sort_by_key(|(r, i)| (i.due, r.clone()));
    let row = |(reference, i): &(String, asbcase_domain::worklist::WorkItem)| Row {
        reference: reference.clone(),
        kind: i.kind.label(),
        what: i.what.clone(),
        due: if i.kind == WorkKind::Evidence { when(i.due) } else { deadline(i.due) },
        phrase: if i.kind == WorkKind::Evidence { String::new() } else { due_phrase(i.due, now) },
        overdue: i.kind != WorkKind::Evidence && i.due <= now,
    };
    let counts = WorkKind::ALL
        .iter()
        .map(|k| Count {
            kind: k.label(),
            n: all.iter().filter(|(_, i)| i.kind == *k).count(),
            overdue: all.iter().filter(|(_, i)| i.kind == *k && *k != WorkKind::Evidence && i.due <= now).count(),
        })
        .collect();
    let (review, due): (Vec<_>, Vec<_>) = all.iter().partition(|(_, i)| i.kind == WorkKind::Evidence);
    let recent = state
        .store()
        .recently_viewed(staff.user.tenant, staff.user.id, staff.user.organisation, RECENT, now)
        .await?
        .into_iter()
        .map(|(c, at)| Recent {
            reference: c.reference.to_string(),
            place: crate::view::place(&c),
            status: crate::view::status_tag(c.status),
            looked: when(at),
        })
        .collect();
    let lists = super::saved::links(&state, &staff).await?;
    render(&WorklistPage {
        layout: staff.layout("My worklist", "/worklist"),
        rows: due.into_iter().map(row).collect(),
        review: review.into_iter().map(row).collect(),
        counts,
        recent,
        lists,
    })
}
