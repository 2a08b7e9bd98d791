//! `/overview`: a manager's counts of the organisation's cases (open, overdue, by risk, by
//! officer). Aggregate only: no names of residents, so analysts may see it too.
use crate::auth::Staff;
use crate::page::{Layout, render};
use crate::view::{Tag, risk_tag};
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jiff::Timestamp;

struct Count {
    label: &'static str,
    value: i64,
    href: String,
}

struct OfficerRow {
    name: String,
    active: i64,
    overdue: i64,
    href: Option<String>,
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    layout: Layout,
    organisation: String,
    links: bool,
    show_officers: bool,
    counts: Vec<Count>,
    by_risk: Vec<(Tag, i64, String)>,
    officers: Vec<OfficerRow>,
}

pub async fn show(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    if !staff.sees_overview() {
        return Err(AppError::Forbidden);
    }
    let o = state.store().overview(staff.user.tenant, staff.user.organisation, Timestamp::now()).await?;
    // Links into case lists only for people who may see cases.
    let links = staff.sees_cases();
    let count = |label, value, query: &str| Count { label, value, href: format!("/cases?scope=all&{query}") };
    render(&OverviewPage {
        layout: staff.layout("Overview", "/overview"),
        organisation: staff.organisation_name.clone(),
        links,
        show_officers: staff.has(asbcase_domain::organisation::Role::TeamManager),
        counts: vec![
            count("New reports awaiting triage", o.reported, "status=reported"),
            count("Triaged, not yet opened", o.triaged, "status=triaged"),
            count("Open cases", o.open, "status=open"),
            count("Complainant contact overdue", o.overdue, "overdue=yes"),
            count("Closed cases", o.closed, "status=closed"),
        ],
        by_risk: o
            .by_risk
            .iter()
            .map(|(band, n)| (risk_tag(*band), *n, format!("/cases?scope=all&risk={}", band.as_str())))
            .collect(),
        officers: o
            .by_officer
            .iter()
            .map(|(id, name, active, overdue)| OfficerRow {
                name: name.clone(),
                active: *active,
                overdue: *overdue,
                href: id.map(|id| format!("/cases?scope=all&officer={id}")),
            })
            .collect(),
    })
}
