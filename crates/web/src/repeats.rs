//! `/repeats`: repeat locations, complainants and persons complained about across the
//! partnership within its repeats window; and `/hotspots`: cases per ward, estate or patch for a
//! period, ranked, with rates per 1,000 homes and residents where the partnership entered them.
use crate::auth::Staff;
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use asbcase_domain::case_review::Matter;
use asbcase_domain::organisation::Role;
use asbcase_domain::repeats::{AreaKind, Hotspot, hotspots, repeats};
use asbcase_domain::time::{human_date, london};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use jiff::ToSpan;
use jiff::civil::Date;
use std::collections::HashMap;

struct RepeatRow {
    what: String,
    count: usize,
    organisations: String,
    latest: String,
    references: Vec<(String, Option<String>)>,
}

struct Section {
    title: &'static str,
    id: &'static str,
    rows: Vec<RepeatRow>,
}

#[derive(Template)]
#[template(path = "repeats.html")]
struct RepeatsPage {
    layout: Layout,
    months: u32,
    sections: Vec<Section>,
}

/// Repeats name people and places: case officers and team managers only.
fn works(staff: &Staff) -> Result<(), AppError> {
    if staff.has(Role::CaseOfficer) || staff.has(Role::TeamManager) { Ok(()) } else { Err(AppError::Forbidden) }
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    works(&staff)?;
    let store = state.store();
    let tenant = staff.user.tenant;
    let months = store.repeat_window_months(tenant).await?;
    let today = asbcase_domain::time::now().to_zoned(london()).date();
    let since_date = today.checked_sub(jiff::Span::new().months(i64::from(months))).unwrap_or(today);
    let since = asbcase_domain::time::now() - (i64::from(months) * 31 * 24).hours();
    let complaints = store.complaints_since(tenant, since).await?;
    let orgs: HashMap<_, _> = store.organisations(tenant).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let (mut locations, mut complainants, mut about) = (vec![], vec![], vec![]);
    let mut names: HashMap<asbcase_domain::PersonId, String> = HashMap::new();
    let mut visible_cases: HashMap<asbcase_domain::CaseId, bool> = HashMap::new();
    for r in repeats(&complaints, since_date) {
        // Only repeats that touch a case this organisation holds or was shared: who or where
        // is told from that case, and other organisations' cases only by reference.
        let mut visible = vec![];
        for c in &r.complaints {
            let seen = match visible_cases.get(&c.case) {
                Some(v) => *v,
                None => {
                    let v = c.organisation == staff.user.organisation
                        || store
                            .case(tenant, c.case)
                            .await?
                            .is_some_and(|x| x.casework.share_with(staff.user.organisation).is_some());
                    visible_cases.insert(c.case, v);
                    v
                }
            };
            visible.push(seen);
        }
        if !visible.iter().any(|v| *v) {
            continue;
        }
        let what = match &r.matter {
            Matter::Location(place) => place.clone(),
            Matter::Complainant(p) | Matter::PersonComplainedAbout(p) => {
                if !names.contains_key(p) {
                    for (c, _) in r.complaints.iter().zip(&visible).filter(|(_, v)| **v) {
                        names.extend(store.people(tenant, c.case).await?.into_iter().map(|x| (x.id, x.name)));
                    }
                }
                names.get(p).cloned().unwrap_or_else(|| "Name not recorded".into())
            }
        };
        let mut organisations: Vec<String> =
            r.complaints.iter().filter_map(|c| orgs.get(&c.organisation).cloned()).collect();
        organisations.sort();
        organisations.dedup();
        let references = r
            .complaints
            .iter()
            .zip(&visible)
            .rev()
            .map(|(c, v)| (c.reference.to_string(), v.then(|| format!("/cases/{}", c.reference))))
            .collect();
        let row = RepeatRow {
            what,
            count: r.complaints.len(),
            organisations: organisations.join(", "),
            latest: r.complaints.last().map(|c| human_date(c.reported_on)).unwrap_or_default(),
            references,
        };
        match r.matter {
            Matter::Location(_) => locations.push(row),
            Matter::Complainant(_) => complainants.push(row),
            Matter::PersonComplainedAbout(_) => about.push(row),
        }
    }
    let sections = vec![
        Section { title: "Repeat locations", id: "locations", rows: locations },
        Section { title: "Repeat complainants", id: "complainants", rows: complainants },
        Section { title: "Repeat persons complained about", id: "about", rows: about },
    ];
    render(&RepeatsPage { layout: staff.layout("Repeats", "/repeats"), months, sections })
}

#[derive(serde::Deserialize, Default)]
pub struct HotspotQuery {
    #[serde(default)]
    by: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(Template)]
#[template(path = "hotspots.html")]
struct HotspotsPage {
    layout: Layout,
    errors: Vec<(&'static str, String)>,
    by: AreaKind,
    kinds: &'static [AreaKind],
    from: String,
    to: String,
    period: String,
    rows: Vec<Hotspot>,
    total: u32,
}

/// Counts only, no one named: also for managers, analysts and administrators.
pub async fn hotspots_page(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<HotspotQuery>,
) -> Result<Response, AppError> {
    if !(staff.sees_cases() || staff.sees_overview()) {
        return Err(AppError::Forbidden);
    }
    let today = asbcase_domain::time::now().to_zoned(london()).date();
    let default_from = today.checked_sub(1.year()).unwrap_or(today).tomorrow().unwrap_or(today);
    let mut errors = vec![];
    let by = match q.by.as_str() {
        "" => AreaKind::Ward,
        v => AreaKind::parse(v).unwrap_or_else(|| {
            errors.push(("by", "Choose ward, estate or patch".to_string()));
            AreaKind::Ward
        }),
    };
    let (from, to) = match crate::view::period(&q.from, &q.to, (default_from, today)) {
        Ok(p) => p,
        Err(e) => {
            errors.extend(e);
            (default_from, today)
        }
    };
    let start =
        |d: Date| d.to_zoned(london().clone()).map(|z| z.timestamp()).map_err(|e| AppError::BadRequest(e.to_string()));
    let store = state.store();
    let tenant = staff.user.tenant;
    let counted = store.cases_per_area(tenant, by, start(from)?, start(to.tomorrow().unwrap_or(to))?).await?;
    let rows = hotspots(&counted, &store.area_figures(tenant, by).await?);
    let mut layout = staff.layout("Hotspots", "/hotspots");
    layout.has_errors = !errors.is_empty();
    render(&HotspotsPage {
        layout,
        errors,
        by,
        kinds: AreaKind::ALL,
        from: from.to_string(),
        to: to.to_string(),
        period: format!("{} to {}", human_date(from), human_date(to)),
        total: rows.iter().map(|r| r.cases).sum(),
        rows,
    })
}
