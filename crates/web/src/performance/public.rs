//! `/our-performance`: the figures each organisation publishes to residents, with no sign-in.
//! Anonymised like the residents' panel report: nobody named, no addresses or free text, small
//! numbers hidden, and parts withheld with them so that a total cannot give them away. Only
//! whole quarters that have ended can be chosen, so overlapping periods cannot be compared to
//! uncover the small numbers.
use super::{last_quarter, period_choices};
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use asbcase_domain::OrganisationId;
use asbcase_domain::kpi::{Definition, Kpi, Period};
use asbcase_domain::time::now;
use asbcase_reports::document::{self, Document};
use asbcase_reports::present::Audience;
use asbcase_reports::{Ask, Filter};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;

#[derive(Template)]
#[template(path = "performance/public_index.html")]
struct IndexPage {
    layout: Layout,
    partnership: String,
    organisations: Vec<(String, String)>,
}

pub async fn index(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let (tenant, _) = crate::report::intake(&state, &headers).await?;
    let organisations =
        state.store().organisations(tenant.id).await?.into_iter().map(|o| (o.id.to_string(), o.name)).collect();
    render(&IndexPage { layout: Layout::public("Our performance"), partnership: tenant.name, organisations })
}

#[derive(serde::Deserialize, Default)]
pub struct Choice {
    #[serde(default)]
    period: String,
    #[serde(default)]
    format: String,
}

#[derive(Template)]
#[template(path = "performance/public.html")]
struct FiguresPage {
    layout: Layout,
    errors: Vec<(&'static str, String)>,
    doc: Document,
    organisation: String,
    period: String,
    periods: Vec<(String, String)>,
    drill: bool,
    query: String,
    definitions: Vec<(&'static str, &'static str, Definition)>,
}

pub async fn figures(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
    Query(c): Query<Choice>,
) -> Result<Response, AppError> {
    let (tenant, _) = crate::report::intake(&state, &headers).await?;
    let org = uuid::Uuid::parse_str(&org).map(OrganisationId).map_err(|_| AppError::NotFound)?;
    let store = state.store();
    let organisation = store.organisation(tenant.id, org).await?.ok_or(AppError::NotFound)?;
    let (year_start, _) = store.reporting_settings(tenant.id).await?;
    // Quarters only: a year's figures less three of its quarters would give the fourth's small
    // numbers away.
    let periods: Vec<_> =
        period_choices(year_start, true).into_iter().filter(|(code, _)| code.contains("-Q")).collect();
    let mut errors = vec![];
    let period = match c.period.trim() {
        "" => last_quarter(year_start),
        code if periods.iter().any(|(p, _)| p == code) => {
            Period::parse(code, year_start).unwrap_or_else(|_| last_quarter(year_start))
        }
        _ => {
            errors
                .push(("period", "Choose a quarter from the list: only quarters that have ended are published".into()));
            last_quarter(year_start)
        }
    };
    let ask = Ask { tenant: tenant.id, organisation: Some(org), period, filter: Filter::default(), as_of: now() };
    let performance = asbcase_reports::performance(store, &ask).await?;
    let doc = document::document(&performance, Audience::Public);
    if c.format == "csv" && errors.is_empty() {
        return super::dashboard::download(&doc, "csv");
    }
    let mut layout = Layout::public(&format!("{}: our performance", organisation.name));
    layout.has_errors = !errors.is_empty();
    render(&FiguresPage {
        layout,
        errors,
        organisation: organisation.name,
        period: ask.period.code(),
        periods,
        drill: false,
        query: String::new(),
        definitions: Kpi::ALL.iter().map(|k| (k.key(), k.name(), k.definition())).collect(),
        doc,
    })
}
