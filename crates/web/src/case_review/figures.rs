//! `/case-review/figures`: the figures each area must publish about case reviews at least once
//! a year (applications received, threshold not met, reviews carried out, reviews resulting in
//! recommendations), for any period, as a public page and as CSV. Counts only: no one is named.
use super::today;
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use asbcase_domain::case_review::{Figures, figures};
use asbcase_domain::time::human_date;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;

#[derive(serde::Deserialize, Default)]
pub struct Period {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    format: String,
}

/// The reporting year (1 April to 31 March) that `today` falls in.
fn reporting_year(today: Date) -> (Date, Date) {
    let start_year = if today.month() >= 4 { today.year() } else { today.year() - 1 };
    (jiff::civil::date(start_year, 4, 1), jiff::civil::date(start_year + 1, 3, 31))
}

/// The period asked for (the reporting year by default), or what is wrong with it.
fn period(p: &Period) -> Result<(Date, Date), Vec<(&'static str, String)>> {
    crate::view::period(&p.from, &p.to, reporting_year(today()))
}

#[derive(Template)]
#[template(path = "case_review/figures.html")]
struct FiguresPage {
    layout: Layout,
    errors: Vec<(&'static str, String)>,
    from: String,
    to: String,
    period: String,
    figures: Figures,
    csv: String,
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<Period>,
) -> Result<Response, AppError> {
    let (tenant, _) = crate::report::intake(&state, &headers).await?;
    let (range, errors) = match period(&p) {
        Ok(r) => (r, vec![]),
        Err(e) => (reporting_year(today()), e),
    };
    let reviews = state.store().case_reviews(tenant.id).await?;
    let counted = figures(reviews.iter().map(|r| &r.review), range.0, range.1);
    if p.format == "csv" && errors.is_empty() {
        let mut w = csv::Writer::from_writer(vec![]);
        let row = |w: &mut csv::Writer<Vec<u8>>, what: &str, n: u32| {
            w.write_record([tenant.name.as_str(), &range.0.to_string(), &range.1.to_string(), what, &n.to_string()])
        };
        let write = (|| -> Result<Vec<u8>, csv::Error> {
            w.write_record(["partnership", "from", "to", "measure", "count"])?;
            row(&mut w, "applications received", counted.applications_received)?;
            row(&mut w, "threshold not met", counted.threshold_not_met)?;
            row(&mut w, "reviews carried out", counted.reviews_carried_out)?;
            row(&mut w, "reviews resulting in recommendations", counted.with_recommendations)?;
            w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
        })();
        let body = write.map_err(|e| AppError::BadRequest(e.to_string()))?;
        let name = format!("attachment; filename=\"case-reviews-{}-to-{}.csv\"", range.0, range.1);
        return Ok((
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, name)],
            body,
        )
            .into_response());
    }
    let mut layout = Layout::public("ASB Case Review figures");
    layout.has_errors = !errors.is_empty();
    render(&FiguresPage {
        layout,
        errors,
        from: if p.from.is_empty() { range.0.to_string() } else { p.from.clone() },
        to: if p.to.is_empty() { range.1.to_string() } else { p.to.clone() },
        period: format!("{} to {}", human_date(range.0), human_date(range.1)),
        figures: counted,
        csv: format!("/case-review/figures?from={}&to={}&format=csv", range.0, range.1),
    })
}
