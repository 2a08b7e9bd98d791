//! What the stories of kept dashboards share: cases made through the real case rules, the
//! dashboard worked out afresh to compare with, and a look at what is kept.
#![allow(dead_code)]
use crate::common::{World, report, rules};
use asbcase_domain::TenantId;
use asbcase_domain::calendar::Division;
use asbcase_domain::case::{Case, Rules};
use asbcase_domain::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use asbcase_domain::event::Change;
use asbcase_domain::ids::{PartyId, PersonId};
use asbcase_domain::kpi::{Kept, Kpi, Measure, OrganisationFacts, Period};
use asbcase_domain::party::{Party, PartyRole, Person};
use asbcase_domain::risk::RiskBand;
use asbcase_domain::time::parse;
use asbcase_reports::{Ask, Filter, Performance, performance};
use asbcase_store::Store;

pub type Line = (Kpi, String, Measure, Vec<Option<Measure>>);

pub fn lines(p: &Performance) -> Vec<Line> {
    p.rows.iter().map(|r| (r.kpi, r.part.clone(), r.now, r.trend.clone())).collect()
}

/// How many periods' figures of `kind` ("figures", "repeats" or "hotspots") are kept for the partnership.
pub async fn kept_of(store: &Store, tenant: TenantId, kind: &str) -> i64 {
    let sql = "SELECT COUNT(*) FROM kpi_kept WHERE tenant_id = $1 AND kind = $2 AND figures IS NOT NULL";
    match store {
        Store::Sqlite(pool) => sqlx::query_scalar(sql).bind(tenant.0).bind(kind).fetch_one(pool).await.unwrap(),
        Store::Postgres(pool) => sqlx::query_scalar(sql).bind(tenant.0).bind(kind).fetch_one(pool).await.unwrap(),
    }
}

pub async fn kept(store: &Store, tenant: TenantId) -> i64 {
    kept_of(store, tenant, "figures").await
}

/// The dashboard worked out from every case again, nothing kept.
pub async fn afresh(store: &Store, ask: &Ask) -> Vec<Line> {
    let sql = "DELETE FROM kpi_kept WHERE tenant_id = $1";
    match store {
        Store::Sqlite(pool) => sqlx::query(sql).bind(ask.tenant.0).execute(pool).await.map(|_| ()).unwrap(),
        Store::Postgres(pool) => sqlx::query(sql).bind(ask.tenant.0).execute(pool).await.map(|_| ()).unwrap(),
    }
    lines(&performance(store, ask).await.unwrap())
}

pub fn record(case: &mut Case, w: &World, at: &str, change: Change) {
    let (s, c) = rules();
    case.record(change, Some(w.officer), parse(at).unwrap(), &Rules { standards: &s, calendar: &c }).unwrap();
}

pub fn spoke_to(at: &str) -> Change {
    Change::ContactRecorded {
        contact: Contact {
            method: ContactMethod::Phone,
            direction: Direction::Outgoing,
            outcome: ContactOutcome::Successful,
            with: ContactWith::Complainant,
            summary: "Spoke to them about the noise".into(),
            at: parse(at).unwrap(),
        },
    }
}

/// A report at `at` with a named complainant, in `band`.
pub async fn with_complainant(store: &Store, w: &World, at: &str, band: RiskBand) -> Case {
    let person = Person { id: PersonId::new(), name: "Sam Okafor".into(), address: None, phone: None, email: None };
    store.create_person(w.tenant, &person, parse(at).unwrap()).await.unwrap();
    let mut case = report(store, w, at, band, &["noise"]).await;
    let party = Party { id: PartyId::new(), role: PartyRole::Complainant, person: Some(person.id), description: None };
    record(&mut case, w, at, Change::PartyAdded { party });
    case
}

/// A report at `reported` with a named complainant, triaged and opened at `opened`.
pub async fn open_case(store: &Store, w: &World, reported: &str, opened: &str, band: RiskBand) -> Case {
    let mut case = with_complainant(store, w, reported, band).await;
    record(&mut case, w, opened, Change::Triaged { note: "Antisocial behaviour".into() });
    record(&mut case, w, opened, Change::Opened);
    case
}

pub fn count(p: &Performance, kpi: Kpi) -> u64 {
    match p.row(kpi, "").unwrap().now {
        Measure::Count { count } => count,
        m => panic!("{m:?}"),
    }
}

/// When the latest kept figures were started: unchanged if nothing was worked out again.
pub async fn latest_start(store: &Store, tenant: TenantId) -> String {
    latest_start_of(store, tenant, "%").await
}

/// When the latest kept figures of `kind` were started.
pub async fn latest_start_of(store: &Store, tenant: TenantId, kind: &str) -> String {
    let sql = "SELECT CAST(MAX(kept_at) AS TEXT) FROM kpi_kept WHERE tenant_id = $1 AND kind LIKE $2";
    match store {
        Store::Sqlite(pool) => sqlx::query_scalar(sql).bind(tenant.0).bind(kind).fetch_one(pool).await.unwrap(),
        Store::Postgres(pool) => sqlx::query_scalar(sql).bind(tenant.0).bind(kind).fetch_one(pool).await.unwrap(),
    }
}

/// What the council's figures for `period` are worked out from, as at `as_of`, under the
/// settings the stories use.
pub fn council_kept(w: &World, period: &Period, as_of: jiff::Timestamp) -> Kept {
    Kept {
        period: period.clone(),
        filter: Filter::default(),
        organisations: vec![OrganisationFacts {
            id: w.org,
            name: "Ashford Vale District Council".into(),
            landlord: false,
            homes: None,
            contact_every: 10,
        }],
        long_running_months: 6,
        division: Division::EnglandAndWales,
        release: "test".into(),
        as_of,
    }
}
