//! The KPI engine on a large database (issue 6): one organisation's quarter dashboard and the
//! whole partnership's year, each beside a hand-written SQL query over the same cases.
//!
//! The databases are built by `benches/kpi.sh` with the demo generator, and named here by
//! `ASBCASE_BENCH_SQLITE_URL` and `ASBCASE_BENCH_POSTGRES_URL` (either may be left out).
//!
//! "Ours" is exactly what the dashboard does ([`performance`]): every KPI for the period, the
//! one before and the trend, with targets, repeats and hotspots; "first look" with no figures
//! kept from before, and "kept" once the figures of ended periods are kept (the quarter and the
//! year measured have ended, so after the first look their case figures, repeats and busiest
//! wards are all kept). The quarter and the year under way are measured kept too: their KPIs as
//! tallies kept for the day (brought up to date by each save), their repeats and busiest wards
//! as for ended periods. The hand-written SQL reads the
//! same organisation's cases for the same periods and counts, in the database, the figures that
//! plain SQL over the case rows can count (reported, opened, closed, resolved, open at the end
//! of each period); it is the floor for reading those cases at all, not a second KPI engine.
//!
//! Beside them: where a first look's time goes, what a save costs, the service's round of
//! working out ahead, what a case page reads for its repeats, and the first look at what the
//! service does not work out ahead: the council's quarter two years before, and its quarter
//! filtered by a patch, an officer, a category or a risk band, on the same dataset.
use asbcase_domain::kpi::Period;
use asbcase_domain::time::london;
use asbcase_domain::{OrganisationId, TenantId};
use asbcase_reports::engine::{Ask, Filter, TREND, performance};
use asbcase_reports::warm::warm;
use asbcase_store::{Store, Ts};
use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use std::time::Duration;

/// The dataset the benchmark runs on, found in the database.
struct Dataset {
    store: Store,
    raw: Raw,
    tenant: TenantId,
    council: OrganisationId,
    quarter: Period,
    year: Period,
    this_quarter: Period,
    this_year: Period,
    now: Timestamp,
}

/// A plain connection for the hand-written SQL.
enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

async fn open(url: &str) -> Dataset {
    let store = Store::connect(url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    // A dataset built by an earlier build is brought up to this one's schema (its indexes), as
    // `asbcase serve` would.
    store.migrate().await.unwrap_or_else(|e| panic!("cannot migrate {url}: {e}"));
    let tenant = store.tenants().await.expect("tenants").into_iter().next().expect("run benches/kpi.sh first");
    let orgs = store.organisations(tenant.id).await.expect("organisations");
    let council = orgs.iter().find(|o| o.name.contains("Council")).expect("the demo council").id;
    let (year_start, _) = store.reporting_settings(tenant.id).await.expect("settings");
    let now = Timestamp::now();
    let today = now.to_zoned(london()).date();
    let raw = if url.starts_with("postgres") {
        Raw::Postgres(sqlx::PgPool::connect(url).await.expect("postgres"))
    } else {
        Raw::Sqlite(sqlx::SqlitePool::connect(url).await.expect("sqlite"))
    };
    Dataset {
        store,
        raw,
        tenant: tenant.id,
        council,
        quarter: Period::quarter_of(today, year_start).previous(),
        year: Period::year_of(today, year_start).previous(),
        this_quarter: Period::quarter_of(today, year_start),
        this_year: Period::year_of(today, year_start),
        now,
    }
}

impl Dataset {
    fn ask(&self, organisation: Option<OrganisationId>, period: &Period) -> Ask {
        Ask { tenant: self.tenant, organisation, period: period.clone(), filter: Filter::default(), as_of: self.now }
    }

    async fn ours(&self, organisation: Option<OrganisationId>, period: &Period) -> usize {
        performance(&self.store, &self.ask(organisation, period)).await.expect("figures").rows.len()
    }

    /// The dashboard as the first to look at it sees it: no figures kept from before.
    async fn ours_afresh(&self, organisation: Option<OrganisationId>, period: &Period) -> usize {
        self.forget_kept().await;
        self.ours(organisation, period).await
    }

    /// A filtered dashboard as the first to look at it sees it: the unfiltered figures, repeats
    /// and busiest wards kept (as the service keeps them), the filtered figures not.
    async fn ours_filtered_afresh(&self, filter: &Filter) -> usize {
        let sql = "DELETE FROM kpi_kept WHERE tenant_id = $1 AND key LIKE $2";
        let pattern = format!("%|{}", serde_json::to_string(filter).expect("a filter"));
        match &self.raw {
            Raw::Sqlite(pool) => sqlx::query(sql).bind(self.tenant.0).bind(&pattern).execute(pool).await.map(|_| ()),
            Raw::Postgres(pool) => sqlx::query(sql).bind(self.tenant.0).bind(&pattern).execute(pool).await.map(|_| ()),
        }
        .expect("filtered figures forgotten");
        let ask = Ask { filter: filter.clone(), ..self.ask(Some(self.council), &self.quarter) };
        performance(&self.store, &ask).await.expect("figures").rows.len()
    }

    /// The filters a manager might pick: the patch, officer, main category and risk band of the
    /// council's newest open case that has an officer.
    async fn filters(&self) -> Vec<(&'static str, Filter)> {
        let sql = "SELECT c.patch, c.assigned_officer, c.primary_category, c.risk_band FROM cases c
                   WHERE c.tenant_id = $1 AND c.organisation_id = $2 AND c.status = 'open'
                   AND c.assigned_officer IS NOT NULL AND c.patch IS NOT NULL ORDER BY c.reported_at DESC LIMIT 1";
        type Picked = (Option<String>, Option<uuid::Uuid>, Option<String>, String);
        let (patch, officer, category, risk): Picked = match &self.raw {
            Raw::Sqlite(pool) => sqlx::query_as(sql).bind(self.tenant.0).bind(self.council.0).fetch_one(pool).await,
            Raw::Postgres(pool) => sqlx::query_as(sql).bind(self.tenant.0).bind(self.council.0).fetch_one(pool).await,
        }
        .expect("an open case of the council's with an officer");
        let risk = asbcase_domain::risk::RiskBand::ALL.into_iter().find(|r| r.as_str() == risk);
        vec![
            ("a patch", Filter { patch, ..Filter::default() }),
            ("an officer", Filter { officer: officer.map(asbcase_domain::UserId), ..Filter::default() }),
            ("a category", Filter { category, ..Filter::default() }),
            ("a risk band", Filter { risk, ..Filter::default() }),
        ]
    }

    async fn forget_kept(&self) {
        let sql = "DELETE FROM kpi_kept WHERE tenant_id = $1";
        match &self.raw {
            Raw::Sqlite(pool) => sqlx::query(sql).bind(self.tenant.0).execute(pool).await.map(|_| ()),
            Raw::Postgres(pool) => sqlx::query(sql).bind(self.tenant.0).execute(pool).await.map(|_| ()),
        }
        .expect("kept figures forgotten");
    }

    /// The council's most recently reported open case, on which a save is measured.
    async fn open_case(&self) -> asbcase_domain::CaseId {
        let sql = "SELECT id FROM cases WHERE tenant_id = $1 AND organisation_id = $2 AND status = 'open'
                   ORDER BY reported_at DESC LIMIT 1";
        let id: uuid::Uuid = match &self.raw {
            Raw::Sqlite(pool) => sqlx::query_scalar(sql).bind(self.tenant.0).bind(self.council.0).fetch_one(pool).await,
            Raw::Postgres(pool) => {
                sqlx::query_scalar(sql).bind(self.tenant.0).bind(self.council.0).fetch_one(pool).await
            }
        }
        .expect("an open case of the council's");
        asbcase_domain::CaseId(id)
    }

    /// An officer's save: a call with the complainant recorded on `case` (read first, as the
    /// page does) and saved, which brings every kept tally of its periods under way up to date.
    async fn save_contact(&self, case: asbcase_domain::CaseId) {
        use asbcase_domain::case::Rules;
        use asbcase_domain::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
        let mut c = self.store.case(self.tenant, case).await.expect("case").expect("the case");
        let standards = self.store.service_standards(self.tenant, c.organisation).await.expect("standards");
        let calendar = asbcase_domain::calendar::Calendar::bundled(asbcase_domain::calendar::Division::EnglandAndWales);
        let now = Timestamp::now();
        let contact = Contact {
            method: ContactMethod::Phone,
            direction: Direction::Outgoing,
            outcome: ContactOutcome::Successful,
            with: ContactWith::Complainant,
            summary: "Called about the noise".into(),
            at: now,
        };
        let change = asbcase_domain::event::Change::ContactRecorded { contact };
        c.record(change, None, now, &Rules { standards: &standards, calendar: &calendar }).expect("recorded");
        self.store.save_case(&mut c).await.expect("saved");
    }

    /// The hand-written query: for each period of the trend, the cases reported, opened,
    /// closed, closed resolved, and open at its end, counted in the database.
    async fn hand_written(&self, organisation: Option<OrganisationId>, period: &Period) -> i64 {
        let mut total = 0;
        let resolved = "('resolved', 'resolved_legal_action', 'resolved_by_other_agency')";
        let org = if organisation.is_some() { "AND organisation_id = $4" } else { "AND $4 IS NULL" };
        let sql = format!(
            "SELECT COUNT(*) AS touched,
                SUM(CASE WHEN reported_at >= $2 THEN 1 ELSE 0 END) AS reported,
                SUM(CASE WHEN opened_at >= $2 AND opened_at < $3 THEN 1 ELSE 0 END) AS opened,
                SUM(CASE WHEN closed_at >= $2 AND closed_at < $3 THEN 1 ELSE 0 END) AS closed,
                SUM(CASE WHEN closed_at >= $2 AND closed_at < $3 AND outcome IN {resolved} THEN 1 ELSE 0 END) AS resolved,
                SUM(CASE WHEN opened_at < $3 AND (closed_at IS NULL OR closed_at >= $3) THEN 1 ELSE 0 END) AS open_at_end
             FROM cases
             WHERE tenant_id = $1 {org} AND reported_at < $3 AND (closed_at IS NULL OR closed_at >= $2)"
        );
        for p in period.trend(TREND) {
            let (since, before) = (Ts::from(p.start()), Ts::from(p.end()));
            let org = organisation.map(|o| o.0);
            // The same query on either pool (their types differ, so sqlx needs it written per pool).
            macro_rules! count {
                ($pool:expr) => {
                    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
                        .bind(self.tenant.0)
                        .bind(since)
                        .bind(before)
                        .bind(org)
                        .fetch_one($pool)
                        .await
                        .expect("the hand-written query")
                };
            }
            let touched: i64 = match &self.raw {
                Raw::Sqlite(pool) => count!(pool),
                Raw::Postgres(pool) => count!(pool),
            };
            total += touched;
        }
        total
    }
}

fn kpi(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("tokio");
    for (backend, var) in [("sqlite", "ASBCASE_BENCH_SQLITE_URL"), ("postgres", "ASBCASE_BENCH_POSTGRES_URL")] {
        let Ok(url) = std::env::var(var) else {
            eprintln!("{var} is not set: skipping {backend} (benches/kpi.sh builds the databases)");
            continue;
        };
        let d = rt.block_on(open(&url));
        let mut g = c.benchmark_group(format!("kpi/{backend}"));
        g.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(3));
        g.bench_function("organisation quarter: ours, first look", |b| {
            b.to_async(&rt).iter(|| d.ours_afresh(Some(d.council), &d.quarter));
        });
        // A quarter two years before, which the service does not work out ahead.
        let older = (0..8).fold(d.quarter.clone(), |p, _| p.previous());
        g.bench_function("organisation quarter two years before: ours, first look", |b| {
            b.to_async(&rt).iter(|| d.ours_afresh(Some(d.council), &older));
        });
        g.bench_function("organisation quarter: ours, ended quarters kept", |b| {
            b.to_async(&rt).iter(|| d.ours(Some(d.council), &d.quarter));
        });
        g.bench_function("organisation quarter: hand-written SQL", |b| {
            b.to_async(&rt).iter(|| d.hand_written(Some(d.council), &d.quarter));
        });
        g.bench_function("organisation quarter under way: ours, kept", |b| {
            b.to_async(&rt).iter(|| d.ours(Some(d.council), &d.this_quarter));
        });
        g.bench_function("organisation quarter under way: hand-written SQL", |b| {
            b.to_async(&rt).iter(|| d.hand_written(Some(d.council), &d.this_quarter));
        });
        // Where the quarter's time goes: the partnership's complaints of the trend (repeats), and
        // the council's case facts of the trend and the six months before it.
        let since = d.quarter.trend(TREND)[0].start();
        g.bench_function("organisation quarter: complaints of the trend", |b| {
            b.to_async(&rt).iter(|| async {
                d.store.complaints_between(d.tenant, since, d.quarter.end()).await.expect("complaints").len()
            });
        });
        let facts_since = asbcase_domain::kpi::period::instant(
            d.quarter.trend(TREND)[0].first.saturating_sub(jiff::ToSpan::months(6)),
        );
        g.bench_function("organisation quarter: case facts of the trend", |b| {
            b.to_async(&rt).iter(|| async {
                d.store
                    .kpi_facts(d.tenant, d.council, facts_since, d.quarter.end(), &Filter::default())
                    .await
                    .expect("facts")
                    .len()
            });
        });
        // What a case page reads for its repeats and its case review prompt: the complaints of the
        // last 12 months like the council's newest open case (by its place and its people).
        let case = rt.block_on(d.open_case());
        let twelve_months = d.now - jiff::ToSpan::hours(12 * 31 * 24);
        g.bench_function("a case page: the complaints like the case", |b| {
            b.to_async(&rt).iter(|| async {
                d.store.complaints_like(d.tenant, twelve_months, case).await.expect("complaints").len()
            });
        });
        // A filtered dashboard's first look, with the unfiltered one kept.
        rt.block_on(d.ours(Some(d.council), &d.quarter));
        for (name, filter) in rt.block_on(d.filters()) {
            g.bench_function(format!("organisation quarter filtered by {name}: ours, first look"), |b| {
                b.to_async(&rt).iter(|| d.ours_filtered_afresh(&filter));
            });
        }
        g.bench_function("partnership year: ours, first look", |b| {
            b.to_async(&rt).iter(|| d.ours_afresh(None, &d.year));
        });
        g.bench_function("partnership year: ours, ended years kept", |b| {
            b.to_async(&rt).iter(|| d.ours(None, &d.year));
        });
        g.bench_function("partnership year: hand-written SQL", |b| {
            b.to_async(&rt).iter(|| d.hand_written(None, &d.year));
        });
        g.bench_function("partnership year under way: ours, kept", |b| {
            b.to_async(&rt).iter(|| d.ours(None, &d.this_year));
        });
        g.bench_function("partnership year under way: hand-written SQL", |b| {
            b.to_async(&rt).iter(|| d.hand_written(None, &d.this_year));
        });
        // What keeping the periods under way costs a save (each iteration adds a contact to one
        // open case of the council's: the dataset grows by that many events).
        g.bench_function("a save (a call with the complainant): the periods under way kept", |b| {
            b.to_async(&rt).iter(|| d.save_contact(case));
        });
        g.bench_function("a save (a call with the complainant): nothing kept", |b| {
            rt.block_on(d.forget_kept());
            b.to_async(&rt).iter(|| d.save_contact(case));
        });
        // What the service does every five minutes once everything it works out ahead is kept.
        g.bench_function("every first dashboard worked out ahead: a round with all kept", |b| {
            b.to_async(&rt).iter(|| async { warm(&d.store, d.tenant, d.now).await.expect("round") });
        });
        g.finish();
    }
}

criterion_group!(benches, kpi);
criterion_main!(benches);
