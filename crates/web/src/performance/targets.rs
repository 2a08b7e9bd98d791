//! `/performance/targets`: a team manager or administrator sets the organisation's target for
//! a KPI, saying who set or agreed it and when ("agreed with the tenants' ASB panel, March
//! 2025"). Every version is kept; dashboards show each figure's status against the latest.
use super::sees_figures;
use crate::auth::Staff;
use crate::cases::form::{self, Choice, Field, Kind, error, required_text};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::kpi::{Direction, Kpi, Target, Unit};
use asbcase_domain::organisation::Role;
use asbcase_domain::time::{human_date, now};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

pub fn may_set(staff: &Staff) -> bool {
    staff.has(Role::TeamManager) || staff.has(Role::Administrator)
}

struct TargetRow {
    name: &'static str,
    target: String,
    set_by: String,
    set_on: String,
}

#[derive(Template)]
#[template(path = "performance/targets.html")]
struct TargetsPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    fields: Vec<Field>,
    targets: Vec<TargetRow>,
    organisation: String,
    can_set: bool,
}

fn fields(f: &Fields) -> Vec<Field> {
    let kpis = Kpi::ALL.iter().map(|k| Choice::new(k.key(), k.name())).collect();
    vec![
        Field::select("kpi", "Measure", kpis).from(f),
        Field::short("value", "Target", "5")
            .hint("A percentage for measures given as percentages, for example 80")
            .from(f),
        Field::radios(
            "direction",
            "On target when the figure is",
            vec![Choice::new("at_least", "At least the target"), Choice::new("at_most", "At most the target")],
        )
        .from(f),
        Field::text("set_by", "Who set or agreed it").hint("For example, agreed with the tenants' ASB panel").from(f),
        Field::date("set_on", "When it was agreed").hint("For example, 12 3 2025. Leave blank for today").from(f),
    ]
}

async fn page(state: &AppState, staff: &Staff, csrf: String, f: &Fields, errors: Errors) -> Result<Response, AppError> {
    let targets = state
        .store()
        .targets(staff.user.tenant, staff.user.organisation)
        .await?
        .into_iter()
        .map(|t| TargetRow {
            name: t.kpi.name(),
            target: format!(
                "{} {}{}",
                t.direction.label(),
                t.value,
                if t.kpi.unit() == Unit::Percent { "%" } else { "" }
            ),
            set_by: t.set_by,
            set_on: human_date(t.set_on),
        })
        .collect();
    let mut layout = staff.layout("Targets", "/performance");
    layout.has_errors = errors.any();
    render(&TargetsPage {
        layout,
        csrf,
        errors,
        fields: fields(f),
        targets,
        organisation: staff.organisation_name.clone(),
        can_set: may_set(staff),
    })
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    sees_figures(&staff)?;
    page(&state, &staff, csrf, &Fields(vec![]), Errors::default()).await
}

pub async fn set(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    if !may_set(&staff) {
        return Err(AppError::Forbidden);
    }
    let f = Fields(raw);
    let mut errors = vec![];
    let kpi = Kpi::parse(f.get("kpi"));
    if kpi.is_none() {
        errors.push(error("kpi", "Choose the measure the target is for".to_string()));
    }
    let typed = f.get("value").trim().trim_end_matches('%').to_string();
    let value = typed.parse::<f64>().ok().filter(|v| v.is_finite());
    if typed.is_empty() {
        errors.push(error("value", "Enter the target".to_string()));
    } else if value.is_none() {
        errors.push(error("value", "Enter the target as a number, like 80".to_string()));
    }
    let direction = Direction::parse(f.get("direction"));
    if direction.is_none() {
        errors.push(error("direction", "Choose whether the figure should be at least or at most the target"));
    }
    let set_by = required_text(&f, "set_by", "who set or agreed the target", 200, &mut errors);
    let set_on = form::date(&f, "set_on", "the date it was agreed", false, &mut errors);
    if set_on.is_some_and(|d| d > form::today()) {
        errors.push(error("set_on", "The date it was agreed cannot be in the future".to_string()));
    }
    if let (Some(kpi), Some(value)) = (kpi, value)
        && let Err(message) = Target::check(kpi, value, &set_by)
    {
        errors.push(error("value", message));
    }
    let (Some(kpi), Some(value), Some(direction), true) = (kpi, value, direction, errors.is_empty()) else {
        return page(&state, &staff, csrf, &f, Errors(errors)).await;
    };
    let target = Target { kpi, value, direction, set_by, set_on: set_on.unwrap_or_else(form::today) };
    state.store().set_target(staff.user.tenant, staff.user.organisation, &target, &staff.user.name, now()).await?;
    Ok(Redirect::to("/performance/targets").into_response())
}
