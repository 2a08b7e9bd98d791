//! `/information`: the pages residents read before they report (what ASB is and is not, the
//! categories, what happens after a report, evidence, tools and powers, the case review, court,
//! anonymous reports, privacy, contacting the team). Each shows its partnership's words, or
//! the defaults, and the figures that live in the settings (categories, service standards, the
//! case review threshold) read from them as the page is shown, so they are never retyped.
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use asbcase_domain::information::{Live, Names, PageText, Topic, render as to_html, title};
use asbcase_domain::risk::RiskBand;
use asbcase_store::{Organisation, Tenant};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

pub mod edit;

/// A page's words in force: the partnership's own if saved, else the default (also when the
/// default was put back, saved as an empty title and text, so later versions' defaults apply).
pub(crate) async fn words(
    state: &AppState,
    tenant: asbcase_domain::TenantId,
    topic: Topic,
) -> Result<PageText, AppError> {
    Ok(match state.store().information_page(tenant, topic.slug()).await? {
        Some(saved) if !saved.title.is_empty() => PageText { title: saved.title, body: saved.body },
        _ => PageText { title: topic.default_title().into(), body: topic.default_body().into() },
    })
}

pub(crate) fn names<'a>(tenant: &'a Tenant, org: &'a Organisation) -> Names<'a> {
    Names { organisation: &org.name, partnership: &tenant.name }
}

struct Entry {
    href: String,
    title: String,
}

#[derive(Template)]
#[template(path = "information/index.html")]
struct IndexPage {
    layout: Layout,
    organisation: String,
    pages: Vec<Entry>,
}

/// `GET /information`.
pub async fn index(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let (tenant, org) = crate::report::intake(&state, &headers).await?;
    let saved = state.store().information_pages(tenant.id).await?;
    let n = names(&tenant, &org);
    let pages = Topic::ALL
        .into_iter()
        .map(|t| {
            let text = match saved.iter().find(|s| s.slug == t.slug() && !s.title.is_empty()) {
                Some(s) => PageText { title: s.title.clone(), body: String::new() },
                None => PageText { title: t.default_title().into(), body: String::new() },
            };
            Entry { href: format!("/information/{}", t.slug()), title: title(&text, &n) }
        })
        .collect();
    render(&IndexPage {
        layout: Layout::public("Information about anti-social behaviour"),
        organisation: org.name,
        pages,
    })
}

/// What a page shows from the live settings.
pub(crate) enum Figures {
    None,
    Categories(Vec<(String, String)>),
    /// (risk level, first contact within), then the working days between contacts.
    Standards(Vec<(&'static str, String)>, u32),
    /// Complaints that meet the threshold, within how many months, and the local variants.
    Threshold {
        complaints: u32,
        months: u32,
        /// Each complaint made within this many months of the behaviour.
        within: u32,
        households: Option<u32>,
        hate: bool,
    },
}

pub(crate) async fn figures(
    state: &AppState,
    tenant: &Tenant,
    org: &Organisation,
    topic: Topic,
) -> Result<Figures, AppError> {
    let store = state.store();
    Ok(match topic.live() {
        None => Figures::None,
        Some(Live::Categories) => Figures::Categories(
            store.categories(tenant.id).await?.into_iter().map(|c| (c.name, c.explanation)).collect(),
        ),
        Some(Live::ServiceStandards) => {
            let s = store.service_standards(tenant.id, org.id).await?;
            let bands = RiskBand::ALL.into_iter().map(|b| (b.label(), s.first_contact(b).describe())).collect();
            Figures::Standards(bands, s.ongoing_contact_working_days)
        }
        Some(Live::CaseReviewThreshold) => {
            let book = store.review_rule_book(tenant.id).await?;
            let rules = book.in_force(crate::cases::form::today());
            Figures::Threshold {
                complaints: rules.threshold,
                months: rules.window_months,
                within: rules.qualify_within_months,
                households: rules.different_households,
                hate: rules.hate_incident_triggers,
            }
        }
    })
}

#[derive(Template)]
#[template(path = "information/page.html")]
struct InfoPage {
    layout: Layout,
    title: String,
    html: String,
    figures: Figures,
    others: Vec<Entry>,
}

/// `GET /information/{slug}`.
pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let topic = Topic::parse(&slug).ok_or(AppError::NotFound)?;
    let (tenant, org) = crate::report::intake(&state, &headers).await?;
    let text = words(&state, tenant.id, topic).await?;
    let n = names(&tenant, &org);
    let heading = title(&text, &n);
    let html = to_html(&text.body, &n);
    let figures = figures(&state, &tenant, &org, topic).await?;
    let others = vec![
        Entry { href: "/report".into(), title: "Report anti-social behaviour".into() },
        Entry { href: "/information".into(), title: "All information about anti-social behaviour".into() },
    ];
    render(&InfoPage { layout: Layout::public(&heading), title: heading, html, figures, others })
}

impl InfoPage {
    fn months(&self, n: &u32) -> String {
        if *n == 1 { "1 month".into() } else { format!("{n} months") }
    }
}
