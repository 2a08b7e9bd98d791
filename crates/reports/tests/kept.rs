//! A manager looks at the dashboard of a quarter that has ended. Its figures, and those of the
//! quarters of its trend, are kept, so the next look need not read every case again. A contact
//! with a long-running case today leaves them kept; a contact recorded late for a day inside the
//! quarter, a new report in it or a change of settings makes them be worked out again. Either
//! way every dashboard shows what working everything out afresh shows. On SQLite and PostgreSQL.
#[path = "../../store/tests/common/mod.rs"]
mod common;
mod dashboards;

use asbcase_domain::TenantId;
use asbcase_domain::case::{Channel, ClosureOutcome};
use asbcase_domain::category::{default_catalogue, rank};
use asbcase_domain::event::Change;
use asbcase_domain::kpi::{Kpi, Measure, Period};
use asbcase_domain::risk::RiskBand;
use asbcase_domain::time::parse;
use asbcase_reports::{Ask, Filter, Performance, performance};
use asbcase_store::{KeptKind, Store, both_backends};
use common::{World, report_in_ward, world};
use dashboards::*;
use sqlx::types::Json;

/// Change what is kept of `kind` for April–June 2026, behind the engine's back.
async fn tamper(store: &Store, tenant: TenantId, kind: &str, edit: impl FnOnce(&mut serde_json::Value)) {
    let read = "SELECT figures FROM kpi_kept WHERE tenant_id = $1 AND kind = $2 AND first_day = '2026-04-01'";
    let write = "UPDATE kpi_kept SET figures = $3 WHERE tenant_id = $1 AND kind = $2 AND first_day = '2026-04-01'";
    let mut figures: serde_json::Value = match store {
        Store::Sqlite(pool) => {
            sqlx::query_scalar::<_, Json<serde_json::Value>>(read).bind(tenant.0).bind(kind).fetch_one(pool).await
        }
        Store::Postgres(pool) => {
            sqlx::query_scalar::<_, Json<serde_json::Value>>(read).bind(tenant.0).bind(kind).fetch_one(pool).await
        }
    }
    .unwrap()
    .0;
    edit(&mut figures);
    let figures = Json(&figures);
    match store {
        Store::Sqlite(pool) => {
            sqlx::query(write).bind(tenant.0).bind(kind).bind(figures).execute(pool).await.map(|_| ())
        }
        Store::Postgres(pool) => {
            sqlx::query(write).bind(tenant.0).bind(kind).bind(figures).execute(pool).await.map(|_| ())
        }
    }
    .unwrap();
}

/// Set the kept "cases opened" figure of April–June 2026 to `count`.
async fn tamper_with_cases_opened(store: &Store, tenant: TenantId, count: u64) {
    tamper(store, tenant, "figures", |figures| {
        for f in figures.as_array_mut().unwrap() {
            if f["kpi"] == "cases_opened" && f["part"] == "" {
                f["measure"]["count"] = count.into();
            }
        }
    })
    .await;
}

/// The council's April–June 2026 dashboard, looked at on 6 December 2026.
fn april_to_june_in_december(w: &World) -> Ask {
    Ask {
        tenant: w.tenant,
        organisation: Some(w.org),
        period: Period::parse("2026-Q1", 4).unwrap(),
        filter: Filter::default(),
        as_of: parse("2026-12-06T12:00:00Z").unwrap(),
    }
}

fn cadence(p: &[Line]) -> Measure {
    p.iter().find(|l| l.0 == Kpi::ContactCadence && l.1.is_empty()).unwrap().2
}

both_backends!(an_ended_quarters_figures_are_kept_until_a_case_changes_them, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    // A: reported and opened on 1 April 2026, spoken to on 2 April, still open.
    let mut a = open_case(store, &w, "2026-04-01T08:00:00Z", "2026-04-01T09:00:00Z", RiskBand::Standard).await;
    record(&mut a, &w, "2026-04-02T10:00:00Z", spoke_to("2026-04-02T10:00:00Z"));
    store.save_case(&mut a).await.unwrap();
    // B: reported on 10 April, opened, closed as resolved on 1 May.
    let mut b = open_case(store, &w, "2026-04-10T08:00:00Z", "2026-04-10T09:00:00Z", RiskBand::Medium).await;
    record(&mut b, &w, "2026-04-10T11:00:00Z", spoke_to("2026-04-10T11:00:00Z"));
    let close = Change::Closed {
        outcome: ClosureOutcome::Resolved,
        summary: "Stopped".into(),
        survey: false,
        open_actions_confirmed: true,
    };
    record(&mut b, &w, "2026-05-01T10:00:00Z", close);
    store.save_case(&mut b).await.unwrap();

    // The council's April–June 2026 quarter, looked at in December: it and the four quarters
    // of its trend before it have all ended, so all five are kept.
    let ask = april_to_june_in_december(&w);
    let first = lines(&performance(store, &ask).await.unwrap());
    assert_eq!(kept(store, w.tenant).await, 5);
    assert_eq!(lines(&performance(store, &ask).await.unwrap()), first, "the kept figures are the same");
    // They are what is shown: a kept figure altered in the database shows as altered.
    let opened = |p: &Performance| p.row(Kpi::CasesOpened, "").unwrap().now;
    tamper_with_cases_opened(store, w.tenant, 999).await;
    assert_eq!(opened(&performance(store, &ask).await.unwrap()), Measure::Count { count: 999 });
    tamper_with_cases_opened(store, w.tenant, 2).await;

    // A call with A today is after the quarter: nothing kept changes.
    record(&mut a, &w, "2026-12-01T10:00:00Z", spoke_to("2026-12-01T10:00:00Z"));
    store.save_case(&mut a).await.unwrap();
    assert_eq!(kept(store, w.tenant).await, 5);
    let served = lines(&performance(store, &ask).await.unwrap());
    assert_eq!(served, first);
    assert_eq!(served, afresh(store, &ask).await);

    // A call on 20 April recorded only now fills a contact period of the quarter that had none:
    // that quarter's kept figures go (the trend's others stay) and it is worked out again.
    record(&mut a, &w, "2026-12-02T10:00:00Z", spoke_to("2026-04-20T10:00:00Z"));
    store.save_case(&mut a).await.unwrap();
    assert_eq!(kept(store, w.tenant).await, 4);
    let served = lines(&performance(store, &ask).await.unwrap());
    assert_ne!(cadence(&served), cadence(&first));
    assert_eq!(kept(store, w.tenant).await, 5);
    assert_eq!(served, afresh(store, &ask).await);

    // A case open longer than 2 months is now long-running: every kept figure is worked out
    // again under the new setting.
    store.set_reporting_settings(w.tenant, None, Some(2)).await.unwrap();
    let served = performance(store, &ask).await.unwrap();
    let long = served.row(Kpi::LongRunning, "").unwrap().now;
    assert_eq!(long, Measure::Count { count: 1 }, "A, open since 1 April, at the end of June");
    assert_eq!(lines(&served), afresh(store, &ask).await);

    // C is reported and opened on the quarter's last evening, high risk. Looked at the next morning, before
    // its first contact is due, the quarter's first-contact figure leaves C out for now, so the
    // quarter is not kept; by December C is overdue and counts, and the quarter is kept again.
    let mut c = open_case(store, &w, "2026-06-30T20:00:00Z", "2026-06-30T20:30:00Z", RiskBand::High).await;
    store.save_case(&mut c).await.unwrap();
    let morning = Ask { as_of: parse("2026-07-01T06:00:00Z").unwrap(), ..ask.clone() };
    let early = performance(store, &morning).await.unwrap();
    assert_eq!(kept(store, w.tenant).await, 4, "every quarter of the trend but the last");
    let december = performance(store, &ask).await.unwrap();
    let base = |p: &Performance| match p.row(Kpi::FirstContact, "").unwrap().now {
        Measure::Percent { base, .. } => base,
        m => panic!("{m:?}"),
    };
    assert_eq!(base(&december), base(&early) + 1);
    assert_eq!(kept(store, w.tenant).await, 5);
    assert_eq!(lines(&december), afresh(store, &ask).await);

    // The whole partnership's dashboard is kept apart from the council's, and kept right alike.
    let whole = Ask { organisation: None, ..ask.clone() };
    let once = lines(&performance(store, &whole).await.unwrap());
    assert_eq!(kept(store, w.tenant).await, 10);
    assert_eq!(lines(&performance(store, &whole).await.unwrap()), once);
    record(&mut c, &w, "2026-12-04T10:00:00Z", spoke_to("2026-06-30T21:00:00Z"));
    store.save_case(&mut c).await.unwrap();
    assert_eq!(kept(store, w.tenant).await, 8, "April–June went for the council and the partnership");
    let served = lines(&performance(store, &whole).await.unwrap());
    assert_ne!(served, once);
    assert_eq!(served, afresh(store, &whole).await);
});

both_backends!(an_ended_quarters_repeats_are_kept_until_a_complaint_made_in_it_changes, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    // Two reports about 14 Orchard Court in April 2026, from different people: one repeat place.
    let mut a = open_case(store, &w, "2026-04-01T08:00:00Z", "2026-04-01T09:00:00Z", RiskBand::Standard).await;
    store.save_case(&mut a).await.unwrap();
    let mut b = with_complainant(store, &w, "2026-04-10T08:00:00Z", RiskBand::Standard).await;
    store.save_case(&mut b).await.unwrap();
    let ask = april_to_june_in_december(&w);
    let first = performance(store, &ask).await.unwrap();
    assert_eq!(count(&first, Kpi::RepeatLocations), 1);
    assert_eq!(count(&first, Kpi::RepeatComplainants), 0);
    assert_eq!(kept_of(store, w.tenant, "repeats").await, 5);
    // The quarter's cases per ward (the busiest wards) are kept with them.
    assert_eq!(kept_of(store, w.tenant, "hotspots").await, 1);

    // A call with A, and a new report about the same place in December: no complaint made in
    // the trend's quarters changes, so their repeats stay kept.
    record(&mut a, &w, "2026-12-01T10:00:00Z", spoke_to("2026-12-01T10:00:00Z"));
    store.save_case(&mut a).await.unwrap();
    let mut december = with_complainant(store, &w, "2026-12-02T08:00:00Z", RiskBand::Standard).await;
    store.save_case(&mut december).await.unwrap();
    assert_eq!(kept_of(store, w.tenant, "repeats").await, 5);
    assert_eq!(kept_of(store, w.tenant, "hotspots").await, 1);
    assert_eq!(lines(&performance(store, &ask).await.unwrap()), lines(&first));

    // A's complainant rang again on 1 May, recorded only now: a further report made in the
    // quarter, so its repeats are counted again; A's complainant is now a repeat complainant.
    let further = Change::FurtherReport {
        channel: Channel::Phone,
        description: "The noise is back".into(),
        reported_at: parse("2026-05-01T09:00:00Z").unwrap(),
        assessment: None,
        from: None,
    };
    record(&mut a, &w, "2026-12-03T10:00:00Z", further);
    store.save_case(&mut a).await.unwrap();
    assert_eq!(kept_of(store, w.tenant, "repeats").await, 4);
    assert_eq!(kept_of(store, w.tenant, "hotspots").await, 0);
    let again = performance(store, &ask).await.unwrap();
    assert_eq!(kept_of(store, w.tenant, "hotspots").await, 1);
    assert_eq!(count(&again, Kpi::RepeatComplainants), 1);
    assert_eq!(count(&again, Kpi::RepeatLocations), 1);
    assert_eq!(kept_of(store, w.tenant, "repeats").await, 5);
    assert_eq!(lines(&again), afresh(store, &ask).await);
});

/// The busiest wards shown: each ward with its count of reports.
fn wards(p: &Performance) -> Vec<(String, Measure)> {
    p.parts(Kpi::Hotspots).map(|r| (r.part.clone(), r.now)).collect()
}

both_backends!(an_ended_quarters_busiest_wards_are_kept_until_a_report_in_it_is_joined_to_another, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    // Three reports from Castlefields in April 2026 and one from Northgate.
    let mut first_report = None;
    for (at, ward) in [
        ("2026-04-01T08:00:00Z", "Castlefields"),
        ("2026-04-08T08:00:00Z", "Castlefields"),
        ("2026-04-15T08:00:00Z", "Castlefields"),
        ("2026-05-01T08:00:00Z", "Northgate"),
    ] {
        let case = report_in_ward(store, &w, at, RiskBand::Standard, &["noise"], Some(ward)).await;
        first_report.get_or_insert(case);
    }
    let ask = april_to_june_in_december(&w);
    let first = performance(store, &ask).await.unwrap();
    let three = vec![
        ("Castlefields".to_string(), Measure::Count { count: 3 }),
        ("Northgate".to_string(), Measure::Count { count: 1 }),
    ];
    assert_eq!(wards(&first), three);
    assert_eq!(kept_of(store, w.tenant, "hotspots").await, 1);

    // What is kept is what is shown.
    tamper(store, w.tenant, "hotspots", |wards| {
        for ward in wards.as_array_mut().unwrap().iter_mut().filter(|w| w[0] == "Castlefields") {
            ward[1] = 30.into();
        }
    })
    .await;
    assert_eq!(wards(&performance(store, &ask).await.unwrap())[0].1, Measure::Count { count: 30 });

    // A fourth report from Castlefields, made on 20 June and recorded now, is found to be about
    // the same thing as the first and joined to it: Castlefields still has three reports that count.
    let mut late =
        report_in_ward(store, &w, "2026-06-20T08:00:00Z", RiskBand::Standard, &["noise"], Some("Castlefields")).await;
    assert_eq!(kept_of(store, w.tenant, "hotspots").await, 0);
    assert_eq!(wards(&performance(store, &ask).await.unwrap())[0].1, Measure::Count { count: 4 });
    let into = first_report.unwrap().reference;
    record(&mut late, &w, "2026-12-05T10:00:00Z", Change::Linked { into });
    store.save_case(&mut late).await.unwrap();
    assert_eq!(kept_of(store, w.tenant, "hotspots").await, 0);
    let now = performance(store, &ask).await.unwrap();
    assert_eq!(wards(&now), three);
    assert_eq!(lines(&now), afresh(store, &ask).await);
});

both_backends!(figures_being_worked_out_when_a_case_changes_them_are_not_kept, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    let mut a = open_case(store, &w, "2026-04-01T08:00:00Z", "2026-04-01T09:00:00Z", RiskBand::Standard).await;
    store.save_case(&mut a).await.unwrap();
    let q1 = Period::parse("2026-Q1", 4).unwrap();
    let kept = council_kept(&w, &q1, parse("2026-12-06T12:00:00Z").unwrap());
    let kept = serde_json::to_value(&kept).unwrap();
    let at = parse("2026-12-06T12:00:00Z").unwrap();
    let begin = |key: &'static str| {
        let kept = kept.clone();
        let q1 = q1.clone();
        async move { store.begin_keeping(w.tenant, key, KeptKind::Figures, &q1, "", &kept, at).await.unwrap().unwrap() }
    };
    let figures = serde_json::json!([]);

    // Started, then a call with A today (after the quarter): the figures are kept.
    let token = begin("figures|one").await;
    record(&mut a, &w, "2026-12-01T10:00:00Z", spoke_to("2026-12-01T10:00:00Z"));
    store.save_case(&mut a).await.unwrap();
    assert!(store.keep_figures(w.tenant, "figures|one", token, &figures).await.unwrap());

    // Started, then a call dated inside the quarter is recorded: what was read may miss it, so
    // they are not kept.
    let token = begin("figures|two").await;
    record(&mut a, &w, "2026-12-02T10:00:00Z", spoke_to("2026-04-20T10:00:00Z"));
    store.save_case(&mut a).await.unwrap();
    assert!(!store.keep_figures(w.tenant, "figures|two", token, &figures).await.unwrap());

    // The tallies of a period under way, started, then any save of a case they count: what was
    // read may miss it, so they are not kept as read; only brought up to date with the case as
    // it is now (tests/running.rs).
    let token =
        store.begin_keeping(w.tenant, "running|one", KeptKind::Running, &q1, "", &kept, at).await.unwrap().unwrap();
    record(&mut a, &w, "2026-12-03T10:00:00Z", spoke_to("2026-12-03T10:00:00Z"));
    store.save_case(&mut a).await.unwrap();
    assert!(!store.keep_figures(w.tenant, "running|one", token, &figures).await.unwrap());

    // Started twice: only the later start can fill them in.
    let first = begin("figures|three").await;
    let second = begin("figures|three").await;
    assert!(!store.keep_figures(w.tenant, "figures|three", first, &figures).await.unwrap());
    assert!(store.keep_figures(w.tenant, "figures|three", second, &figures).await.unwrap());
});

both_backends!(a_dashboard_while_a_long_import_is_saving_is_shown_but_not_kept, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    let mut a = open_case(store, &w, "2026-04-01T08:00:00Z", "2026-04-01T09:00:00Z", RiskBand::Standard).await;
    store.save_case(&mut a).await.unwrap();
    let ask = april_to_june_in_december(&w);
    // Another connection is part-way through saving cases, as a long import is: on SQLite it
    // holds the write lock, on PostgreSQL the partnership's lock shared.
    let b = w.tenant.0.as_bytes();
    let key = i64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
    let started = std::time::Instant::now();
    let shown = match store {
        Store::Sqlite(pool) => {
            let mut saving = pool.acquire().await.unwrap();
            sqlx::query("BEGIN IMMEDIATE").execute(&mut *saving).await.unwrap();
            let shown = performance(store, &ask).await.unwrap();
            sqlx::query("ROLLBACK").execute(&mut *saving).await.unwrap();
            shown
        }
        Store::Postgres(pool) => {
            let mut saving = pool.begin().await.unwrap();
            sqlx::query("SELECT pg_advisory_xact_lock_shared($1)").bind(key).execute(&mut *saving).await.unwrap();
            let shown = performance(store, &ask).await.unwrap();
            saving.rollback().await.unwrap();
            shown
        }
    };
    // Shown without waiting for the import (each keeping gives up after a quarter of a second),
    // but nothing kept.
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    assert_eq!(shown.row(Kpi::CasesOpened, "").unwrap().now, Measure::Count { count: 1 });
    assert_eq!(kept(store, w.tenant).await, 0);
    // Once it has finished, the next look keeps them.
    performance(store, &ask).await.unwrap();
    assert_eq!(kept(store, w.tenant).await, 5);
    db.store.close().await;
});

both_backends!(the_dashboards_managers_open_first_are_worked_out_before_anyone_looks, |db| async move {
    use asbcase_reports::warm::{first_dashboards, warm};
    let store = &db.store;
    let w = world(store).await;
    // Reported and opened on 1 July 2026, spoken to the next day, still open.
    let mut a = open_case(store, &w, "2026-07-01T08:00:00Z", "2026-07-01T09:00:00Z", RiskBand::Standard).await;
    record(&mut a, &w, "2026-07-02T10:00:00Z", spoke_to("2026-07-02T10:00:00Z"));
    store.save_case(&mut a).await.unwrap();

    // On 6 December 2026 dashboards open on July–September: the council's, the partnership's,
    // and the partnership's last reporting year (April 2025 to March 2026). The quarter and the
    // year under way are the next they look at.
    let as_of = parse("2026-12-06T12:00:00Z").unwrap();
    let asks = first_dashboards(store, w.tenant, as_of).await.unwrap();
    let shown: Vec<(Option<_>, String)> = asks.iter().map(|a| (a.organisation, a.period.code())).collect();
    let code = |c: &str| c.to_string();
    assert_eq!(
        shown,
        [
            (Some(w.org), code("2026-Q2")),
            (Some(w.org), code("2026-Q3")),
            (None, code("2026-Q2")),
            (None, code("2026-Q3")),
            (None, code("2025")),
            (None, code("2026"))
        ]
    );
    assert_eq!(kept(store, w.tenant).await, 0);

    // Worked out ahead: each ended dashboard's five periods (the four ended periods of the trend
    // of each period under way are among them), the periods under way, and their repeats.
    assert_eq!(warm(store, w.tenant, as_of).await.unwrap(), 6);
    assert_eq!(kept_of(store, w.tenant, "figures").await, 15);
    assert_eq!(kept_of(store, w.tenant, "running").await, 3);
    assert_eq!(kept_of(store, w.tenant, "repeats").await, 18);
    // The busiest wards of the two quarters and the two years, whoever asks.
    assert_eq!(kept_of(store, w.tenant, "hotspots").await, 4);
    // The next round an hour later, and the manager who then looks, work nothing out again.
    let started = latest_start(store, w.tenant).await;
    let later = parse("2026-12-06T13:00:00Z").unwrap();
    warm(store, w.tenant, later).await.unwrap();
    let council = performance(store, &Ask { as_of: later, ..asks[0].clone() }).await.unwrap();
    performance(store, &Ask { as_of: later, ..asks[1].clone() }).await.unwrap();
    assert_eq!(latest_start(store, w.tenant).await, started);
    assert_eq!(count(&council, Kpi::CasesOpened), 1);

    // A call made on 3 August, recorded only now, changes July–September for the council and
    // the partnership; the next round works them out again, as they now are. The quarter and
    // the year under way are brought up to date by the save instead.
    record(&mut a, &w, "2026-12-04T10:00:00Z", spoke_to("2026-08-03T10:00:00Z"));
    store.save_case(&mut a).await.unwrap();
    assert_eq!(kept_of(store, w.tenant, "figures").await, 13);
    assert_eq!(kept_of(store, w.tenant, "running").await, 3);
    warm(store, w.tenant, as_of).await.unwrap();
    assert_eq!(kept_of(store, w.tenant, "figures").await, 15);
    let council = lines(&performance(store, &asks[0]).await.unwrap());
    assert_eq!(council, afresh(store, &asks[0]).await);
    let year = lines(&performance(store, &asks[5]).await.unwrap());
    assert_eq!(year, afresh(store, &asks[5]).await);
});

both_backends!(a_dashboard_filtered_by_category_or_risk_counts_each_case_as_it_is_now, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    // Three cases opened in April 2026: A and B about noise (B high risk), C about damage.
    let mut a = open_case(store, &w, "2026-04-01T08:00:00Z", "2026-04-01T09:00:00Z", RiskBand::Standard).await;
    store.save_case(&mut a).await.unwrap();
    let mut b = open_case(store, &w, "2026-04-02T08:00:00Z", "2026-04-02T09:00:00Z", RiskBand::High).await;
    store.save_case(&mut b).await.unwrap();
    let mut c = open_case(store, &w, "2026-04-03T08:00:00Z", "2026-04-03T09:00:00Z", RiskBand::Standard).await;
    let damage = || {
        let (categories, priority) = rank(&["criminal_damage".to_string()], &default_catalogue()).unwrap();
        Change::CategoriesChanged { categories, priority, priority_override: None, reason: "Damage, not noise".into() }
    };
    record(&mut c, &w, "2026-04-03T10:00:00Z", damage());
    store.save_case(&mut c).await.unwrap();

    let by = |filter: Filter| Ask { filter, ..april_to_june_in_december(&w) };
    let noise = by(Filter { category: Some("noise".into()), ..Filter::default() });
    let high = by(Filter { risk: Some(RiskBand::High), ..Filter::default() });
    let opened = |ask: Ask| async move { count(&performance(store, &ask).await.unwrap(), Kpi::CasesOpened) };
    assert_eq!(opened(by(Filter::default())).await, 3);
    assert_eq!(opened(noise.clone()).await, 2, "A and B");
    assert_eq!(opened(high.clone()).await, 1, "B");
    assert_eq!(opened(noise.clone()).await, 2, "the same, kept");

    // In December B turns out to be about damage, and its risk is lowered: the dashboards
    // filtered by what it was no longer count it.
    record(&mut b, &w, "2026-12-01T10:00:00Z", damage());
    let lowered = Change::RiskBandChanged { band: RiskBand::Standard, reason: "The threats have stopped".into() };
    record(&mut b, &w, "2026-12-01T10:00:00Z", lowered);
    store.save_case(&mut b).await.unwrap();
    assert_eq!(opened(noise.clone()).await, 1, "A");
    assert_eq!(opened(high.clone()).await, 0);
    for ask in [noise, high] {
        assert_eq!(lines(&performance(store, &ask).await.unwrap()), afresh(store, &ask).await);
    }
});
