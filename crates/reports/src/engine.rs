//! The KPI engine over the store: one organisation's or the whole partnership's figures for a
//! period, beside the period before and a trend, against targets, filtered by patch, officer,
//! category or risk; and the cases behind any one figure.
use asbcase_domain::calendar::{Calendar, Division};
pub use asbcase_domain::kpi::Filter;
use asbcase_domain::kpi::compute::window_start;
use asbcase_domain::kpi::{CaseFacts, Kpi, Measure, OrganisationFacts, Period, Rag, Scope, Target, Traced};
use asbcase_domain::organisation::OrganisationKind;
use asbcase_domain::{CaseId, OrganisationId, TenantId};
use asbcase_store::{Store, StoreError};
use jiff::Timestamp;
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("there is no such organisation in this partnership")]
    UnknownOrganisation,
    #[error("there is no such partnership")]
    UnknownPartnership,
}

/// What figures are wanted.
#[derive(Clone, Debug)]
pub struct Ask {
    pub tenant: TenantId,
    /// One organisation, or `None` for the whole partnership.
    pub organisation: Option<OrganisationId>,
    pub period: Period,
    pub filter: Filter,
    /// When the figures are produced (the end of the data window).
    pub as_of: Timestamp,
}

/// Periods shown in a trend, this one included.
pub const TREND: usize = 5;

/// One line of the figures: a KPI or a part of it, now, before and over time.
#[derive(Clone, Debug)]
pub struct Row {
    pub kpi: Kpi,
    /// The part as counted (a category's code, a risk band, a landlord's name); empty for all.
    pub part: String,
    /// The part as people read it (a category's name).
    pub label: String,
    pub now: Measure,
    pub before: Option<Measure>,
    /// The figure in each period of the trend, oldest first.
    pub trend: Vec<Option<Measure>>,
    pub target: Option<Target>,
    pub rag: Option<Rag>,
}

/// The figures asked for.
#[derive(Clone, Debug)]
pub struct Performance {
    /// The organisation's or the partnership's name.
    pub scope: String,
    pub partnership: String,
    pub organisation: Option<OrganisationId>,
    pub period: Period,
    pub trend: Vec<Period>,
    pub as_of: Timestamp,
    pub filter: Filter,
    pub rows: Vec<Row>,
    pub long_running_months: i32,
}

impl Performance {
    /// Every figure with its measure, the period before, the target and the definition, as
    /// `asbcase kpi` prints them and the API gives them.
    pub fn json(&self) -> serde_json::Value {
        let figures: Vec<_> = self
            .rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "kpi": r.kpi.key(),
                    "name": r.kpi.name(),
                    "part": r.part,
                    "label": r.label,
                    "unit": r.kpi.unit(),
                    "value": r.now.value(),
                    "measure": r.now,
                    "previous": r.before.as_ref().map(|m| m.value()),
                    "target": r.target,
                    "status": r.rag,
                    "definition": r.kpi.definition(),
                })
            })
            .collect();
        serde_json::json!({
            "scope": self.scope,
            "partnership": self.partnership,
            "period": { "code": self.period.code(), "first": self.period.first.to_string(), "last": self.period.last.to_string() },
            "produced": asbcase_domain::time::w3c(self.as_of),
            "figures": figures,
        })
    }

    /// The figure for a KPI as a whole (or one part of it).
    pub fn row(&self, kpi: Kpi, part: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.kpi == kpi && r.part == part)
    }

    pub fn parts(&self, kpi: Kpi) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| r.kpi == kpi && !r.part.is_empty())
    }
}

/// Everything the figures need that is not the cases themselves.
pub(crate) struct Setting {
    scope: String,
    partnership: String,
    calendar: Calendar,
    pub(crate) division: Division,
    organisations: Vec<OrganisationFacts>,
    /// Homes owned by each organisation, per reporting year.
    homes: HashMap<OrganisationId, Vec<(i64, i64)>>,
    pub(crate) long_running_months: i32,
}

impl Setting {
    /// The organisations with the homes they owned in `period`'s reporting year.
    pub(crate) fn organisations_in(&self, period: &Period) -> Vec<OrganisationFacts> {
        let year = i64::from(period.reporting_year());
        let mut out = self.organisations.clone();
        for o in &mut out {
            o.homes = self
                .homes
                .get(&o.id)
                .and_then(|h| h.iter().find(|(y, _)| *y == year))
                .and_then(|(_, n)| u64::try_from(*n).ok());
        }
        out
    }
}

async fn setting(store: &Store, ask: &Ask) -> Result<Setting, ReportError> {
    let tenant = store.tenant(ask.tenant).await?.ok_or(ReportError::UnknownPartnership)?;
    let all = store.organisations(ask.tenant).await?;
    if let Some(o) = ask.organisation
        && !all.iter().any(|x| x.id == o)
    {
        return Err(ReportError::UnknownOrganisation);
    }
    let mut organisations = vec![];
    let mut homes_by_org = HashMap::new();
    for o in all.iter().filter(|o| ask.organisation.is_none_or(|id| id == o.id)) {
        let homes = store.homes_owned(ask.tenant, o.id).await?;
        let standards = store.service_standards(ask.tenant, o.id).await?;
        organisations.push(OrganisationFacts {
            id: o.id,
            name: o.name.clone(),
            landlord: o.kind == OrganisationKind::SocialLandlord,
            homes: None,
            contact_every: standards.ongoing_contact_working_days,
        });
        homes_by_org.insert(o.id, homes);
    }
    let scope = match ask.organisation {
        Some(_) => organisations.first().map(|o| o.name.clone()).unwrap_or_default(),
        None => tenant.name.clone(),
    };
    let (_, long_running_months) = store.reporting_settings(ask.tenant).await?;
    Ok(Setting {
        scope,
        partnership: tenant.name,
        calendar: Calendar::bundled(tenant.division),
        division: tenant.division,
        organisations,
        homes: homes_by_org,
        long_running_months,
    })
}

/// The cases that can count in any of `periods`, filtered.
pub(crate) async fn cases(
    store: &Store,
    ask: &Ask,
    setting: &Setting,
    periods: &[Period],
) -> Result<Vec<(CaseId, CaseFacts)>, ReportError> {
    // Each period counts only the cases of its own window (`kpi::compute::in_window`).
    let since = periods.iter().map(window_start).min().unwrap_or_else(|| window_start(&ask.period));
    let before = periods.iter().map(|p| p.end()).max().unwrap_or_else(|| ask.period.end());
    // Each organisation's cases are read at once, over the pool's connections; the store reads
    // only those the filter can keep.
    let reads = setting.organisations.iter().map(|o| store.kpi_facts(ask.tenant, o.id, since, before, &ask.filter));
    let mut out = vec![];
    for facts in futures_util::future::try_join_all(reads).await? {
        out.extend(facts.into_iter().filter(|(_, f)| ask.filter.keeps(f)));
    }
    Ok(out)
}

pub(crate) fn scope<'a>(
    ask: &Ask,
    setting: &'a Setting,
    period: &'a Period,
    organisations: &'a [OrganisationFacts],
) -> Scope<'a> {
    Scope {
        period,
        as_of: ask.as_of,
        calendar: &setting.calendar,
        organisations,
        long_running_months: setting.long_running_months,
    }
}

/// The figures for the period, the one before, and the trend, with targets.
pub async fn performance(store: &Store, ask: &Ask) -> Result<Performance, ReportError> {
    let setting = setting(store, ask).await?;
    let trend = ask.period.trend(TREND);
    let targets = match ask.organisation {
        Some(o) => store.targets(ask.tenant, o).await?,
        None => vec![],
    };
    // The cases and the partnership's complaints (for repeats and hotspots) are read together.
    let (figures, elsewhere) = futures_util::try_join!(
        crate::kept::trend_figures(store, ask, &setting, &trend),
        repeats_and_hotspots(store, ask, &setting, &trend, &targets)
    )?;
    let names: HashMap<String, String> =
        store.categories(ask.tenant).await?.into_iter().map(|c| (c.code, c.name)).collect();
    let now = figures.last().cloned().unwrap_or_default();
    let value_in = |i: usize, kpi: Kpi, part: &str| {
        figures.get(i)?.iter().find(|f| f.kpi == kpi && f.part == part).map(|f| f.measure)
    };
    let rows = now
        .into_iter()
        .map(|f| {
            let before = trend.len().checked_sub(2).and_then(|i| value_in(i, f.kpi, &f.part));
            let series = (0..trend.len()).map(|i| value_in(i, f.kpi, &f.part)).collect();
            let target = if f.part.is_empty() { targets.iter().find(|t| t.kpi == f.kpi).cloned() } else { None };
            let rag = target.as_ref().and_then(|t| Some(t.rag(f.measure.value()?)));
            let label = names.get(&f.part).cloned().unwrap_or_else(|| f.part.clone());
            Row { kpi: f.kpi, part: f.part, label, now: f.measure, before, trend: series, target, rag }
        })
        .collect::<Vec<Row>>();
    let mut rows = rows;
    rows.extend(elsewhere);
    Ok(Performance {
        scope: setting.scope,
        partnership: setting.partnership,
        organisation: ask.organisation,
        period: ask.period.clone(),
        trend,
        as_of: ask.as_of,
        filter: ask.filter.clone(),
        rows,
        long_running_months: setting.long_running_months,
    })
}

/// The cases behind one figure of the period.
pub async fn cases_behind(store: &Store, ask: &Ask, kpi: Kpi, part: &str) -> Result<Vec<Behind>, ReportError> {
    let setting = setting(store, ask).await?;
    let cases = cases(store, ask, &setting, std::slice::from_ref(&ask.period)).await?;
    let organisations = setting.organisations_in(&ask.period);
    let traced = asbcase_domain::kpi::trace(&cases, &scope(ask, &setting, &ask.period, &organisations), kpi, part);
    let facts: HashMap<CaseId, &CaseFacts> = cases.iter().map(|(id, f)| (*id, f)).collect();
    Ok(traced
        .into_iter()
        .filter_map(|t| {
            let f = facts.get(&t.case)?;
            Some(Behind { traced: t, organisation: f.organisation, last_action: f.last_action.clone() })
        })
        .collect())
}

/// A case counted in a figure, with what the list of them shows.
#[derive(Clone, Debug)]
pub struct Behind {
    pub traced: Traced,
    pub organisation: OrganisationId,
    pub last_action: Option<asbcase_domain::kpi::facts::LastAction>,
}

/// Repeats (from every organisation's complaints) and the busiest wards, beside the KPIs.
async fn repeats_and_hotspots(
    store: &Store,
    ask: &Ask,
    setting: &Setting,
    trend: &[Period],
    targets: &[Target],
) -> Result<Vec<Row>, ReportError> {
    use asbcase_domain::repeats::{AreaKind, NOT_RECORDED, hotspots};
    let counts = crate::kept::trend_repeats(store, ask, setting, trend).await?;
    let mut rows = vec![];
    type Count = fn(&asbcase_domain::kpi::repeats::RepeatCounts) -> u64;
    let kinds: [(Kpi, Count); 3] = [
        (Kpi::RepeatComplainants, |c| c.complainants),
        (Kpi::RepeatLocations, |c| c.locations),
        (Kpi::RepeatPersons, |c| c.persons),
    ];
    for (kpi, of) in kinds {
        let series: Vec<Option<Measure>> = counts.iter().map(|c| Some(Measure::Count { count: of(c) })).collect();
        let now = series.last().copied().flatten().unwrap_or(Measure::Count { count: 0 });
        let before = series.len().checked_sub(2).and_then(|i| series[i]);
        let target = targets.iter().find(|t| t.kpi == kpi).cloned();
        let rag = target.as_ref().and_then(|t| Some(t.rag(now.value()?)));
        rows.push(Row { kpi, part: String::new(), label: String::new(), now, before, trend: series, target, rag });
    }
    let counted = crate::kept::period_wards(store, ask).await?;
    let sizes = store.area_figures(ask.tenant, AreaKind::Ward).await?;
    for h in hotspots(&counted, &sizes).into_iter().filter(|h| h.area != NOT_RECORDED).take(5) {
        // A rate beside fewer than 5 reports would give the count away (homes are known).
        let label = match h.per_1000_homes {
            Some(rate) if h.cases >= 5 => format!("{} ({rate} per 1,000 homes)", h.area),
            _ => h.area.clone(),
        };
        let now = Measure::Count { count: u64::from(h.cases) };
        rows.push(Row {
            kpi: Kpi::Hotspots,
            part: h.area,
            label,
            now,
            before: None,
            trend: vec![],
            target: None,
            rag: None,
        });
    }
    Ok(rows)
}
