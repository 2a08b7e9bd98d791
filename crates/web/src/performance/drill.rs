//! `/performance/cases`: the cases behind one figure, so a manager can check a figure against
//! the cases (and from each case, its events). Only the viewer's own organisation's cases are
//! listed; the partnership's other cases in a figure are counted, not named.
use super::{Query, ask, sees_cases_behind};
use crate::auth::Staff;
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use asbcase_domain::kpi::{Definition, Kpi, Unit};
use asbcase_domain::time::human;
use askama::Template;
use axum::extract::{Query as Q, State};
use axum::response::Response;

/// At most this many cases are listed.
const LISTED: usize = 500;

struct Counted {
    reference: String,
    how: String,
    last_action: String,
}

#[derive(Template)]
#[template(path = "performance/cases.html")]
struct CasesPage {
    layout: Layout,
    title: String,
    period: String,
    definition: Definition,
    rows: Vec<Counted>,
    others: usize,
    more: usize,
    long_running: bool,
    back: String,
}

fn how(kpi: Kpi, counted: u64, base: u64) -> String {
    match (kpi, kpi.unit()) {
        (Kpi::ContactCadence | Kpi::ContactAttempts, _) => format!("{counted} of {base} periods"),
        (_, Unit::Percent) if counted > 0 => "Counted".into(),
        (_, Unit::Percent) => "In the base, not counted".into(),
        (_, Unit::Money) => format!("£{}.{:02}", counted / 100, counted % 100),
        (_, Unit::Minutes) => format!("{counted} minutes"),
        (_, _) if counted > 1 => format!("{counted} times"),
        _ => "Counted".into(),
    }
}

pub async fn show(State(state): State<AppState>, staff: Staff, Q(q): Q<Query>) -> Result<Response, AppError> {
    if !sees_cases_behind(&staff) {
        return Err(AppError::Forbidden);
    }
    let kpi = Kpi::parse(q.kpi.trim()).ok_or(AppError::NotFound)?;
    let (ask, errors) = ask(&state, &staff, &q).await?;
    if let Some((_, message)) = errors.first() {
        return Err(AppError::BadRequest(message.clone()));
    }
    let traced = asbcase_reports::cases_behind(state.store(), &ask, kpi, q.part.trim()).await?;
    let mut rows = vec![];
    let mut others = 0;
    let mut more = 0;
    for b in &traced {
        if b.organisation != staff.user.organisation {
            others += 1;
            continue;
        }
        if rows.len() >= LISTED {
            more += 1;
            continue;
        }
        let Some(reference) = state.store().case_reference(staff.user.tenant, b.traced.case).await? else { continue };
        rows.push(Counted {
            reference,
            how: how(kpi, b.traced.counted, b.traced.base),
            last_action: b.last_action.as_ref().map(|a| format!("{} ({})", a.what, human(a.at))).unwrap_or_default(),
        });
    }
    rows.sort_by(|a, b| a.reference.cmp(&b.reference));
    let part = q.part.trim();
    let title = if part.is_empty() { kpi.name().to_string() } else { format!("{}: {part}", kpi.name()) };
    render(&CasesPage {
        layout: staff.layout(&format!("Cases behind a figure: {title}"), "/performance"),
        title,
        period: ask.period.describe(),
        definition: kpi.definition(),
        rows,
        others,
        more,
        long_running: kpi == Kpi::LongRunning,
        back: format!("/performance?{}", q.same()),
    })
}
