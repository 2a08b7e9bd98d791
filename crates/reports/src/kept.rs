//! The figures of each period of a trend, and the cases per ward of the period asked for: those
//! kept where they still hold, the rest worked out afresh and kept for the next dashboard (see
//! `asbcase_domain::kpi::kept` for when kept figures hold, and `asbcase_domain::kpi::running`
//! for the KPIs of a period not yet ended, kept for the day and brought up to date by each
//! save). Keeping only saves time: if the database will not take it, the figures are still
//! worked out.
use crate::engine::{Ask, ReportError, Setting, cases, scope};
use asbcase_domain::kpi::kept::settled;
use asbcase_domain::kpi::repeats::{RepeatCounts, repeat_counts};
use asbcase_domain::kpi::running::Running;
use asbcase_domain::kpi::{Figure, Kept, KeptHotspots, KeptRepeats, Period};
use asbcase_domain::repeats::AreaKind;
use asbcase_store::{KeptKind, Store};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

/// The rules kept figures were worked out by: the KPI rules, and how the store reads
/// complaints for repeats and counts cases per ward. Figures kept under other rules are worked
/// out again.
fn rules(kind: KeptKind) -> String {
    match kind {
        KeptKind::Figures | KeptKind::Running => asbcase_domain::kpi::kept::rules().to_string(),
        KeptKind::Repeats | KeptKind::Hotspots => {
            format!("{}+{}", asbcase_domain::kpi::kept::rules(), asbcase_store::complaints_rules())
        }
    }
}

/// Under what kept figures are found: what they are, the organisation (or the partnership),
/// the period and the filter.
fn key(kind: KeptKind, ask: &Ask, period: &Period) -> String {
    let filter = serde_json::to_string(&ask.filter).unwrap_or_default();
    match kind {
        KeptKind::Figures => format!("figures|{}|{}|{}|{filter}", scope_of(ask), period.first, period.last),
        KeptKind::Running => format!("running|{}|{}|{}|{filter}", scope_of(ask), period.first, period.last),
        // Repeats count no filter.
        KeptKind::Repeats => format!("repeats|{}|{}|{}", scope_of(ask), period.first, period.last),
        // Hotspots count the whole partnership's cases, whoever asks.
        KeptKind::Hotspots => format!("hotspots|{}|{}", period.first, period.last),
    }
}

fn scope_of(ask: &Ask) -> String {
    ask.organisation.map(|o| o.0.to_string()).unwrap_or_default()
}

/// Kept values of each period, where kept from what `wanted` says and still holding.
async fn look_up<K: Serialize + DeserializeOwned, F: DeserializeOwned>(
    store: &Store,
    ask: &Ask,
    keys: &[String],
    holds: impl Fn(&K, usize) -> bool,
) -> Result<Vec<Option<F>>, ReportError> {
    let found = look_up_kept(store, ask, keys, holds).await?;
    Ok(found.into_iter().map(|x| x.map(|(_, f)| f)).collect())
}

/// Kept values of each period as [`look_up`] finds them, with what they were kept from.
async fn look_up_kept<K: Serialize + DeserializeOwned, F: DeserializeOwned>(
    store: &Store,
    ask: &Ask,
    keys: &[String],
    holds: impl Fn(&K, usize) -> bool,
) -> Result<Vec<Option<(K, F)>>, ReportError> {
    let found: HashMap<String, asbcase_store::KeptRow> =
        store.kept_figures(ask.tenant, keys).await?.into_iter().map(|r| (r.key.clone(), r)).collect();
    Ok(keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let row = found.get(k)?;
            let kept: K = serde_json::from_value(row.kept.clone()).ok()?;
            if !holds(&kept, i) {
                return None;
            }
            Some((kept, serde_json::from_value(row.figures.clone()?).ok()?))
        })
        .collect())
}

/// Start keeping the periods among `todo` that can be kept as `kind`, before what they count is
/// read: the KPIs of ended periods as they are, those of periods not yet ended as tallies
/// brought up to date by each save, and repeats and hotspots (counted from dated complaints,
/// so they do not change with time alone) of any period.
async fn begin<K: Serialize>(
    store: &Store,
    ask: &Ask,
    kind: KeptKind,
    trend: &[Period],
    todo: &[usize],
    wanted: impl Fn(usize) -> K,
) -> Vec<(usize, uuid::Uuid)> {
    let mut started = vec![];
    let can_keep = |p: &Period| match kind {
        KeptKind::Figures => p.end() <= ask.as_of,
        KeptKind::Running => p.end() > ask.as_of,
        KeptKind::Repeats | KeptKind::Hotspots => true,
    };
    for &i in todo.iter().filter(|i| can_keep(&trend[**i])) {
        let kept = serde_json::to_value(wanted(i)).unwrap_or_default();
        let key = key(kind, ask, &trend[i]);
        // Hotspots are the whole partnership's, whoever asks.
        let scope = if kind == KeptKind::Hotspots { String::new() } else { scope_of(ask) };
        match store.begin_keeping(ask.tenant, &key, kind, &trend[i], &scope, &kept, ask.as_of).await {
            Ok(Some(token)) => started.push((i, token)),
            // Saves are under way that will not finish soon: not kept this time.
            Ok(None) => break,
            Err(e) => tracing::warn!(error = %e, "could not keep the {} of {}", kind.as_str(), trend[i].code()),
        }
    }
    started
}

/// Keep (or, if `keep` says no, give up) what was started.
async fn finish<F: Serialize>(
    store: &Store,
    ask: &Ask,
    kind: KeptKind,
    trend: &[Period],
    started: Vec<(usize, uuid::Uuid)>,
    values: &[Option<F>],
    keep: impl Fn(usize) -> bool,
) {
    for (i, token) in started {
        let key = key(kind, ask, &trend[i]);
        let done = match values[i].as_ref().filter(|_| keep(i)) {
            Some(v) => store.keep_figures(ask.tenant, &key, token, &serde_json::to_value(v).unwrap_or_default()).await,
            None => store.forget_kept(ask.tenant, &key, token).await.map(|_| false),
        };
        if let Err(e) = done {
            tracing::warn!(error = %e, "could not keep the {} of {}", kind.as_str(), trend[i].code());
        }
    }
}

/// Every KPI from the cases' facts for each period of `trend`, oldest first.
pub(crate) async fn trend_figures(
    store: &Store,
    ask: &Ask,
    setting: &Setting,
    trend: &[Period],
) -> Result<Vec<Vec<Figure>>, ReportError> {
    let wanted: Vec<Kept> = trend
        .iter()
        .map(|p| Kept {
            period: p.clone(),
            filter: ask.filter.clone(),
            organisations: setting.organisations_in(p),
            long_running_months: setting.long_running_months,
            division: setting.division,
            release: rules(KeptKind::Figures),
            as_of: ask.as_of,
        })
        .collect();
    let ended = |i: usize| trend[i].end() <= ask.as_of;
    let keys: Vec<String> = trend.iter().map(|p| key(KeptKind::Figures, ask, p)).collect();
    let mut figures: Vec<Option<Vec<Figure>>> =
        look_up(store, ask, &keys, |k: &Kept, i| ended(i) && k.serves(&wanted[i])).await?;
    // A period not yet ended: its kept tallies, brought up to date by the saves since.
    let keys: Vec<String> = trend.iter().map(|p| key(KeptKind::Running, ask, p)).collect();
    let kept: Vec<Option<(Kept, Running)>> =
        look_up_kept(store, ask, &keys, |k: &Kept, i| !ended(i) && k.serves(&wanted[i])).await?;
    for (i, kept) in kept.into_iter().enumerate() {
        if let Some((k, running)) = kept.filter(|(k, running)| running.serves(k, &wanted[i])) {
            figures[i] = Some(running.figures(&k, ask.as_of));
        }
    }
    let todo: Vec<usize> = (0..trend.len()).filter(|i| figures[*i].is_none()).collect();
    if todo.is_empty() {
        return Ok(figures.into_iter().flatten().collect());
    }
    let started = begin(store, ask, KeptKind::Figures, trend, &todo, |i| wanted[i].clone()).await;
    let started_running = begin(store, ask, KeptKind::Running, trend, &todo, |i| wanted[i].clone()).await;
    let periods: Vec<Period> = todo.iter().map(|i| trend[*i].clone()).collect();
    let facts = match cases(store, ask, setting, &periods).await {
        Ok(facts) => facts,
        Err(e) => {
            // Nothing was read: what was started is given up.
            let none: Vec<Option<()>> = vec![None; trend.len()];
            finish(store, ask, KeptKind::Figures, trend, started, &none, |_| false).await;
            finish(store, ask, KeptKind::Running, trend, started_running, &none, |_| false).await;
            return Err(e);
        }
    };
    let mut running: Vec<Option<Running>> = vec![None; trend.len()];
    for &i in &todo {
        if ended(i) {
            let scope = scope(ask, setting, &trend[i], &wanted[i].organisations);
            figures[i] = Some(asbcase_domain::kpi::compute(&facts, &scope));
        } else {
            let tallies = Running::work_out(&wanted[i], &facts);
            figures[i] = Some(tallies.figures(&wanted[i], ask.as_of));
            running[i] = Some(tallies);
        }
    }
    // Kept only if nothing in them can still change with time alone.
    let settled = |i: usize| facts.iter().all(|(_, f)| settled(f, &trend[i], ask.as_of));
    finish(store, ask, KeptKind::Figures, trend, started, &figures, settled).await;
    // Tallies are kept brought up to date with the cases saved while they were worked out.
    for (i, token) in started_running {
        let key = key(KeptKind::Running, ask, &trend[i]);
        let done = match &running[i] {
            Some(tallies) => store.keep_running(ask.tenant, &key, token, tallies, &facts).await.map(|_| ()),
            None => store.forget_kept(ask.tenant, &key, token).await,
        };
        if let Err(e) = done {
            tracing::warn!(error = %e, "could not keep the running tallies of {}", trend[i].code());
        }
    }
    Ok(figures.into_iter().flatten().collect())
}

/// The repeats of each period of `trend` among the partnership's complaints, oldest first.
pub(crate) async fn trend_repeats(
    store: &Store,
    ask: &Ask,
    setting: &Setting,
    trend: &[Period],
) -> Result<Vec<RepeatCounts>, ReportError> {
    let orgs: Vec<asbcase_domain::OrganisationId> =
        setting.organisations_in(&ask.period).iter().map(|o| o.id).collect();
    let release = rules(KeptKind::Repeats);
    let wanted =
        |i: usize| KeptRepeats { period: trend[i].clone(), organisations: orgs.clone(), release: release.clone() };
    let keys: Vec<String> = trend.iter().map(|p| key(KeptKind::Repeats, ask, p)).collect();
    let mut counts: Vec<Option<RepeatCounts>> =
        look_up(store, ask, &keys, |k: &KeptRepeats, i| *k == wanted(i)).await?;
    let todo: Vec<usize> = (0..trend.len()).filter(|i| counts[*i].is_none()).collect();
    if todo.is_empty() {
        return Ok(counts.into_iter().flatten().collect());
    }
    let started = begin(store, ask, KeptKind::Repeats, trend, &todo, wanted).await;
    // Only the years of the periods counted: complaints since are never counted in them.
    let since = todo.iter().map(|i| trend[*i].start()).min().unwrap_or_else(|| ask.period.start());
    let before = todo.iter().map(|i| trend[*i].end()).max().unwrap_or_else(|| ask.period.end());
    let complaints = store.complaints_between(ask.tenant, since, before).await?;
    for &i in &todo {
        counts[i] = Some(repeat_counts(&complaints, &trend[i], &orgs));
    }
    finish(store, ask, KeptKind::Repeats, trend, started, &counts, |_| true).await;
    Ok(counts.into_iter().flatten().collect())
}

/// Reports counted in each ward (none for those whose ward was not recorded).
type Wards = Vec<(Option<String>, u32)>;

/// The partnership's cases reported in each ward in the period asked for (the busiest wards
/// are taken from them), leaving out those joined to another case.
pub(crate) async fn period_wards(store: &Store, ask: &Ask) -> Result<Wards, ReportError> {
    let release = rules(KeptKind::Hotspots);
    let wanted = |_: usize| KeptHotspots { period: ask.period.clone(), release: release.clone() };
    let period = std::slice::from_ref(&ask.period);
    let keys = [key(KeptKind::Hotspots, ask, &ask.period)];
    let found: Vec<Option<Wards>> = look_up(store, ask, &keys, |k: &KeptHotspots, i| *k == wanted(i)).await?;
    if let Some(Some(counted)) = found.into_iter().next() {
        return Ok(counted);
    }
    let started = begin(store, ask, KeptKind::Hotspots, period, &[0], wanted).await;
    let counted = store.cases_per_area(ask.tenant, AreaKind::Ward, ask.period.start(), ask.period.end()).await?;
    let counted = [Some(counted)];
    finish(store, ask, KeptKind::Hotspots, period, started, &counted, |_| true).await;
    Ok(counted.into_iter().flatten().next().unwrap_or_default())
}
