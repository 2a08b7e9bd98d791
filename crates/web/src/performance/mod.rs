//! Performance: the KPI dashboards (an organisation's and the whole partnership's), the cases
//! behind each figure, committee reports to download, targets, and the anonymised figures
//! published to residents at `/our-performance`.
pub mod dashboard;
pub mod drill;
pub mod public;
pub mod targets;

use crate::auth::Staff;
use crate::{AppError, AppState};
use asbcase_domain::kpi::Period;
use asbcase_domain::organisation::Role;
use asbcase_domain::risk::RiskBand;
use asbcase_domain::time::{london, now};
use asbcase_reports::{Ask, Filter};

/// What a performance page was asked for, as typed.
#[derive(serde::Deserialize, Default, Clone)]
pub struct Query {
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub patch: String,
    #[serde(default)]
    pub officer: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub risk: String,
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub anonymised: String,
    #[serde(default)]
    pub kpi: String,
    #[serde(default)]
    pub part: String,
}

impl Query {
    /// The query string that asks for the same figures (for links to downloads and cases).
    pub fn same(&self) -> String {
        let pairs = [
            ("scope", &self.scope),
            ("period", &self.period),
            ("from", &self.from),
            ("to", &self.to),
            ("patch", &self.patch),
            ("officer", &self.officer),
            ("category", &self.category),
            ("risk", &self.risk),
        ];
        pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", encode(v.trim())))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Percent-encode a query value.
pub fn encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Managers, analysts and administrators see performance figures.
pub fn sees_figures(staff: &Staff) -> Result<(), AppError> {
    if staff.sees_overview() { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Those who may see cases may follow a figure to the cases behind it (analysts never do).
pub fn sees_cases_behind(staff: &Staff) -> bool {
    staff.sees_cases() && staff.has(Role::TeamManager)
}

/// The last complete quarter of the reporting year.
pub fn last_quarter(year_start: i8) -> Period {
    Period::quarter_of(now().to_zoned(london()).date(), year_start).previous()
}

/// Periods offered in the period list: this quarter and the 7 before it, then this reporting
/// year and the 2 before it.
pub fn period_choices(year_start: i8, complete_only: bool) -> Vec<(String, String)> {
    let today = now().to_zoned(london()).date();
    let current = Period::quarter_of(today, year_start);
    let mut quarters = current.trend(8);
    quarters.reverse();
    let mut years = Period::year_of(today, year_start).trend(3);
    years.reverse();
    quarters
        .into_iter()
        .chain(years)
        .filter(|p| !complete_only || p.last < today)
        .map(|p| (p.code(), p.describe()))
        .collect()
}

/// The figures asked for, or every problem with the query (field, message).
pub async fn ask(state: &AppState, staff: &Staff, q: &Query) -> Result<(Ask, Vec<(&'static str, String)>), AppError> {
    let store = state.store();
    let tenant = staff.user.tenant;
    let (year_start, _) = store.reporting_settings(tenant).await?;
    let mut errors = vec![];
    let partnership = q.scope == "partnership";
    // Another organisation of the partnership, by id: its figures (never its cases).
    let chosen = match uuid::Uuid::parse_str(q.scope.trim()) {
        Ok(id) => {
            let org = asbcase_domain::OrganisationId(id);
            if store.organisations(tenant).await?.iter().any(|o| o.id == org) {
                Some(org)
            } else {
                errors.push(("scope", "Choose whose figures from the list".to_string()));
                None
            }
        }
        Err(_) if !partnership && !matches!(q.scope.trim(), "" | "organisation") => {
            errors.push(("scope", "Choose whose figures from the list".to_string()));
            None
        }
        Err(_) => None,
    };
    let own = chosen.is_none_or(|o| o == staff.user.organisation);
    let default = last_quarter(year_start);
    let period = if !q.from.trim().is_empty() || !q.to.trim().is_empty() {
        match crate::view::period(&q.from, &q.to, (default.first, default.last)) {
            Ok((first, last)) => Period::custom(first, last, year_start).unwrap_or(default),
            Err(e) => {
                errors.extend(e);
                default
            }
        }
    } else if q.period.trim().is_empty() {
        default
    } else {
        Period::parse(&q.period, year_start).unwrap_or_else(|e| {
            errors.push(("period", e));
            default
        })
    };
    let mut filter = Filter::default();
    if !q.patch.trim().is_empty() {
        filter.patch = Some(q.patch.trim().to_string());
    }
    if !q.category.trim().is_empty() {
        let known = store.categories(tenant).await?.iter().any(|c| c.code == q.category.trim());
        if known {
            filter.category = Some(q.category.trim().to_string());
        } else {
            errors.push(("category", "Choose a category from the list".into()));
        }
    }
    if !q.risk.trim().is_empty() {
        match RiskBand::parse(q.risk.trim()) {
            Some(r) => filter.risk = Some(r),
            None => errors.push(("risk", "Choose a risk band from the list".into())),
        }
    }
    if !q.officer.trim().is_empty() {
        let officer = uuid::Uuid::parse_str(q.officer.trim()).ok().map(asbcase_domain::UserId);
        let ours = match officer {
            Some(id) => store.user(tenant, id).await?.filter(|u| u.organisation == staff.user.organisation),
            None => None,
        };
        match ours {
            Some(u) if !partnership && own => filter.officer = Some(u.id),
            Some(_) => errors.push(("officer", "Figures for one officer are for your own organisation only".into())),
            None => errors.push(("officer", "Choose an officer from the list".into())),
        }
    }
    let ask = Ask {
        tenant,
        organisation: if partnership { None } else { Some(chosen.unwrap_or(staff.user.organisation)) },
        period,
        filter,
        as_of: now(),
    };
    Ok((ask, errors))
}

impl From<asbcase_reports::ReportError> for AppError {
    fn from(e: asbcase_reports::ReportError) -> AppError {
        match e {
            asbcase_reports::ReportError::Store(e) => AppError::from(e),
            _ => AppError::NotFound,
        }
    }
}
