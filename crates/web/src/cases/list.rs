//! `/cases`: the organisation's cases, filtered and paged. Officers start with their own.
use crate::auth::Staff;
use crate::page::{Layout, render};
use crate::view::{Tag, category_name, date, due_phrase, risk_tag, status_tag};
use crate::{AppError, AppState};
use asbcase_domain::UserId;
use asbcase_domain::case::Status;
use asbcase_domain::organisation::Role;
use asbcase_domain::risk::RiskBand;
use asbcase_store::CaseFilter;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use jiff::Timestamp;
use serde::Deserialize;

pub const PER_PAGE: u32 = 25;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    scope: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    risk: String,
    #[serde(default)]
    officer: String,
    #[serde(default)]
    overdue: String,
    #[serde(default)]
    page: String,
}

struct Row {
    reference: String,
    reported: String,
    category: String,
    place: String,
    risk: Tag,
    status: Tag,
    officer: String,
    due: String,
    overdue: bool,
    hate: bool,
}

struct Choice {
    value: String,
    text: String,
    selected: bool,
}

struct PageLink {
    ellipsis_before: bool,
    number: u32,
    href: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    layout: Layout,
    heading: String,
    mine: bool,
    scope_links: Vec<(String, &'static str, bool)>,
    statuses: Vec<Choice>,
    risks: Vec<Choice>,
    officers: Vec<Choice>,
    overdue_only: bool,
    scope: String,
    rows: Vec<Row>,
    showing: String,
    pages: Vec<PageLink>,
    previous: Option<String>,
    next: Option<String>,
    /// The same list as a spreadsheet (CSV).
    export: String,
    /// Where to keep these filters as a list of one's own.
    save: String,
}

fn choices<T: Copy + PartialEq>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    text: impl Fn(T) -> &'static str,
    chosen: Option<T>,
    any: &str,
) -> Vec<Choice> {
    let mut v = vec![Choice { value: String::new(), text: any.to_string(), selected: chosen.is_none() }];
    v.extend(all.iter().map(|&x| Choice { value: value(x).into(), text: text(x).into(), selected: chosen == Some(x) }));
    v
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    if !staff.sees_cases() {
        return Err(AppError::Forbidden);
    }
    let store = state.store();
    let tenant = staff.user.tenant;
    let officers = officers_of(&state, &staff).await?;
    let Chosen { filter, mine, active_only, status, risk, officer, overdue_only } = chosen(&staff, &q, &officers)?;
    let page = filter.page;
    let now = Timestamp::now();
    let found = store.list_cases(tenant, &filter, now).await?;
    let catalogue = store.categories(tenant).await?;
    let rows = found
        .rows
        .iter()
        .map(|c| Row {
            reference: c.reference.to_string(),
            reported: date(c.reported_at),
            category: category_name(&c.primary_category, &catalogue),
            place: crate::view::place(c),
            risk: risk_tag(c.risk_band),
            status: status_tag(c.status),
            officer: c.officer_name.clone().unwrap_or_else(|| "Not assigned".into()),
            due: match (c.status, c.next_contact_due) {
                (Status::Closed, _) | (_, None) => String::new(),
                (_, Some(d)) => due_phrase(d, now),
            },
            overdue: c.overdue,
            hate: c.hate_incident,
        })
        .collect();

    let scope = if mine { "mine" } else { "all" };
    let filters = filters_query(&q, mine);
    let link = |p: u32| format!("/cases?{filters}&page={p}");
    let export = format!("/cases/export.csv?{filters}");
    let save = format!("/cases/saved/new?{filters}");
    let last_page = (found.total.max(1) as u32).div_ceil(PER_PAGE);
    let numbers = page_numbers(page, last_page);
    let pages = numbers
        .iter()
        .enumerate()
        .map(|(i, &n)| PageLink {
            ellipsis_before: i > 0 && n - numbers[i - 1] > 1,
            number: n,
            href: link(n),
            current: n == page,
        })
        .collect();
    let first_shown = (page - 1) * PER_PAGE + 1;
    let showing = if found.total == 0 {
        String::new()
    } else {
        format!("Showing {} to {} of {} cases", first_shown, first_shown - 1 + found.rows.len() as u32, found.total)
    };
    let heading = if mine { "Your cases".to_string() } else { format!("Cases of {}", staff.organisation_name) };
    render(&CasesPage {
        layout: staff.layout(&heading, "/cases"),
        heading,
        mine,
        scope_links: vec![
            ("/cases?scope=mine".into(), "Your cases", mine),
            ("/cases?scope=all".into(), "All cases in your organisation", !mine),
        ],
        statuses: {
            let mut v = vec![Choice { value: String::new(), text: "Not closed".into(), selected: active_only }];
            v.extend(choices(Status::ALL, Status::as_str, Status::label, status, "Any status"));
            v[1].value = "any".into();
            v[1].selected = q.status == "any";
            v
        },
        risks: choices(&RiskBand::ALL, RiskBand::as_str, RiskBand::label, risk, "Any risk"),
        officers: {
            let mut v =
                vec![Choice { value: String::new(), text: "Any officer".into(), selected: officer.is_none() || mine }];
            v.extend(officers.iter().map(|o| Choice {
                value: o.id.to_string(),
                text: o.name.clone(),
                selected: !mine && officer == Some(o.id),
            }));
            v
        },
        overdue_only,
        scope: scope.into(),
        rows,
        showing,
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < last_page).then(|| link(page + 1)),
        pages,
        export,
        save,
    })
}

/// The case officers of the user's organisation, whom the list may be filtered by.
pub(super) async fn officers_of(state: &AppState, staff: &Staff) -> Result<Vec<asbcase_store::User>, AppError> {
    let officers = state.store().users_of_organisation(staff.user.tenant, staff.user.organisation).await?;
    Ok(officers.into_iter().filter(|u| u.has(Role::CaseOfficer)).collect())
}

/// What the list's query chose, checked.
pub(super) struct Chosen {
    pub(super) filter: CaseFilter,
    pub(super) mine: bool,
    pub(super) active_only: bool,
    pub(super) status: Option<Status>,
    pub(super) risk: Option<RiskBand>,
    pub(super) officer: Option<UserId>,
    pub(super) overdue_only: bool,
}

/// The filter the query asks for, for the page or the download alike.
pub(super) fn chosen(staff: &Staff, q: &ListQuery, officers: &[asbcase_store::User]) -> Result<Chosen, AppError> {
    // With no status chosen, the list is the work in hand: every case not closed.
    let active_only = q.status.is_empty();
    let status =
        match q.status.as_str() {
            "" | "any" => None,
            s => Some(Status::parse(s).ok_or_else(|| {
                AppError::BadRequest(format!("'{s}' is not a case status: choose one from the list."))
            })?),
        };
    let risk = match q.risk.as_str() {
        "" => None,
        s => Some(
            RiskBand::parse(s)
                .ok_or_else(|| AppError::BadRequest(format!("'{s}' is not a risk band: choose one from the list.")))?,
        ),
    };
    let page: u32 = match q.page.as_str() {
        "" => 1,
        s => s
            .parse()
            .ok()
            .filter(|p| *p >= 1)
            .ok_or_else(|| AppError::BadRequest(format!("'{s}' is not a page number.")))?,
    };
    let default_mine = staff.has(Role::CaseOfficer) && !staff.has(Role::TeamManager);
    let mine = match q.scope.as_str() {
        "mine" => true,
        "all" => false,
        "" => default_mine && q.officer.is_empty(),
        s => return Err(AppError::BadRequest(format!("'{s}' is not a list of cases: choose 'mine' or 'all'."))),
    };
    let officer = if mine {
        Some(staff.user.id)
    } else {
        match q.officer.as_str() {
            "" => None,
            s => {
                let id: UserId =
                    s.parse().map_err(|_| AppError::BadRequest("Choose an officer from the list.".into()))?;
                if !officers.iter().any(|o| o.id == id) {
                    return Err(AppError::BadRequest("Choose an officer from the list.".into()));
                }
                Some(id)
            }
        }
    };
    let overdue_only = q.overdue == "yes";
    let filter = CaseFilter {
        organisation: Some(staff.user.organisation),
        status,
        active_only,
        risk,
        officer,
        overdue_only,
        page,
        per_page: PER_PAGE,
    };
    Ok(Chosen { filter, mine, active_only, status, risk, officer, overdue_only })
}

/// The list's filters as a query string, without the page: `scope=all&status=open&risk=high`.
pub(super) fn filters_query(q: &ListQuery, mine: bool) -> String {
    let mut params = vec![("scope", if mine { "mine" } else { "all" }.to_string())];
    for (k, v) in [("status", &q.status), ("risk", &q.risk), ("overdue", &q.overdue)] {
        if !v.is_empty() {
            params.push((k, v.clone()));
        }
    }
    if !mine && !q.officer.is_empty() {
        params.push(("officer", q.officer.clone()));
    }
    serde_urlencoded::to_string(&params).unwrap_or_default()
}

/// Page numbers to offer: first, last, and two either side of the current one.
fn page_numbers(current: u32, last: u32) -> Vec<u32> {
    (1..=last).filter(|&n| n == 1 || n == last || n.abs_diff(current) <= 2).collect()
}
