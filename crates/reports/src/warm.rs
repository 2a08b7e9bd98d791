//! Working out ahead of time the figures that dashboards open on, so that the first manager to
//! look does not wait for every case of the trend to be read. Dashboards and the public pages
//! open on the last quarter that has ended: for each organisation and for the whole
//! partnership, its figures and those of the quarters of its trend are kept (see `kept`), and
//! the partnership's last reporting year with its trend. The quarter and the year under way,
//! the next a manager looks at, are kept too. A save that changes an ended period's figures
//! drops them, and the next round works them out again; those of the periods under way are
//! brought up to date by each save, and worked out again by the first round after midnight.
use crate::engine::{Ask, Filter, ReportError, performance};
use asbcase_domain::TenantId;
use asbcase_domain::kpi::Period;
use asbcase_domain::kpi::period::day;
use asbcase_store::Store;
use jiff::Timestamp;

/// The dashboards a partnership's managers and residents open first, as at `as_of`: each
/// organisation's last ended quarter and the quarter under way, the partnership's, and the
/// partnership's last ended reporting year and the year under way.
pub async fn first_dashboards(store: &Store, tenant: TenantId, as_of: Timestamp) -> Result<Vec<Ask>, ReportError> {
    let (year_start, _) = store.reporting_settings(tenant).await?;
    let today = day(as_of);
    let this_quarter = Period::quarter_of(today, year_start);
    let this_year = Period::year_of(today, year_start);
    let (quarter, year) = (this_quarter.previous(), this_year.previous());
    let ask = |organisation, period: &Period| Ask {
        tenant,
        organisation,
        period: period.clone(),
        filter: Filter::default(),
        as_of,
    };
    let mut asks = vec![];
    for o in store.organisations(tenant).await? {
        asks.push(ask(Some(o.id), &quarter));
        asks.push(ask(Some(o.id), &this_quarter));
    }
    asks.push(ask(None, &quarter));
    asks.push(ask(None, &this_quarter));
    asks.push(ask(None, &year));
    asks.push(ask(None, &this_year));
    Ok(asks)
}

/// Work out (or find kept) the figures of every dashboard in [`first_dashboards`], as
/// each would be asked for at `as_of`. Returns how many dashboards there were; one that fails
/// is logged and the others are still worked out.
pub async fn warm(store: &Store, tenant: TenantId, as_of: Timestamp) -> Result<usize, ReportError> {
    let asks = first_dashboards(store, tenant, as_of).await?;
    for ask in &asks {
        if let Err(e) = performance(store, ask).await {
            tracing::warn!(error = %e, period = %ask.period.code(), "kept figures: working out a dashboard ahead");
        }
    }
    Ok(asks.len())
}
