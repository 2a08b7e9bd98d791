//! A manager looks at the dashboard of the quarter under way. What its cases add up to is kept
//! for the day and brought up to date by each save, including the saves made while it was
//! being worked out, so the dashboard always shows what working everything out afresh shows.
//! On SQLite and PostgreSQL.
#[path = "../../store/tests/common/mod.rs"]
mod common;
mod dashboards;

use asbcase_domain::TenantId;
use asbcase_domain::kpi::running::Running;
use asbcase_domain::kpi::{Kpi, Measure, Period};
use asbcase_domain::risk::RiskBand;
use asbcase_domain::time::parse;
use asbcase_reports::{Ask, Filter, Performance, performance};
use asbcase_store::{KeptKind, Store, both_backends};
use common::world;
use dashboards::*;
use sqlx::types::Json;

/// Set what the cases add to "cases opened" in the kept tallies of October–December 2026.
async fn tamper_with_running_cases_opened(store: &Store, tenant: TenantId, count: u64) {
    let read = "SELECT figures FROM kpi_kept WHERE tenant_id = $1 AND kind = 'running' AND first_day = '2026-10-01'";
    let write =
        "UPDATE kpi_kept SET figures = $2 WHERE tenant_id = $1 AND kind = 'running' AND first_day = '2026-10-01'";
    let mut running: serde_json::Value = match store {
        Store::Sqlite(pool) => {
            sqlx::query_scalar::<_, Json<serde_json::Value>>(read).bind(tenant.0).fetch_one(pool).await
        }
        Store::Postgres(pool) => {
            sqlx::query_scalar::<_, Json<serde_json::Value>>(read).bind(tenant.0).fetch_one(pool).await
        }
    }
    .unwrap()
    .0;
    for t in running["tallies"].as_array_mut().unwrap() {
        if t["kpi"] == "cases_opened" && t["part"] == "" {
            t["counted"] = count.into();
        }
    }
    let running = Json(&running);
    match store {
        Store::Sqlite(pool) => sqlx::query(write).bind(tenant.0).bind(running).execute(pool).await.map(|_| ()),
        Store::Postgres(pool) => sqlx::query(write).bind(tenant.0).bind(running).execute(pool).await.map(|_| ()),
    }
    .unwrap();
}

both_backends!(the_quarter_under_way_is_kept_for_the_day_and_brought_up_to_date_by_each_save, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    // A: reported and opened on 1 October 2026, spoken to the next day, still open.
    let mut a = open_case(store, &w, "2026-10-01T08:00:00Z", "2026-10-01T09:00:00Z", RiskBand::Standard).await;
    record(&mut a, &w, "2026-10-02T10:00:00Z", spoke_to("2026-10-02T10:00:00Z"));
    store.save_case(&mut a).await.unwrap();
    // B: an emergency reported at 2pm on Sunday 6 December, its first contact due 24 hours later.
    let mut b = open_case(store, &w, "2026-12-06T14:00:00Z", "2026-12-06T14:10:00Z", RiskBand::Emergency).await;
    store.save_case(&mut b).await.unwrap();

    // The council's October–December looked at on Monday 7 December at 8am: what its cases add
    // up to is kept (the four ended quarters of its trend as figures).
    let ask = |at: &str| Ask {
        tenant: w.tenant,
        organisation: Some(w.org),
        period: Period::parse("2026-Q3", 4).unwrap(),
        filter: Filter::default(),
        as_of: parse(at).unwrap(),
    };
    let eight = ask("2026-12-07T08:00:00Z");
    let first = performance(store, &eight).await.unwrap();
    assert_eq!(count(&first, Kpi::CasesOpened), 2);
    assert_eq!(kept_of(store, w.tenant, "running").await, 1);
    assert_eq!(kept(store, w.tenant).await, 4);
    // What is kept is what is shown.
    tamper_with_running_cases_opened(store, w.tenant, 999).await;
    assert_eq!(count(&performance(store, &eight).await.unwrap(), Kpi::CasesOpened), 999);
    tamper_with_running_cases_opened(store, w.tenant, 2).await;
    let started = latest_start_of(store, w.tenant, "running").await;

    // During the morning A is spoken to and a new high-risk report comes in and is opened: each
    // save brings the kept tallies up to date rather than dropping them. (The new report does
    // drop the quarter's kept repeats and busiest wards, counted again at the next look.)
    record(&mut a, &w, "2026-12-07T09:00:00Z", spoke_to("2026-12-07T09:00:00Z"));
    store.save_case(&mut a).await.unwrap();
    let mut c = open_case(store, &w, "2026-12-07T09:30:00Z", "2026-12-07T09:40:00Z", RiskBand::High).await;
    store.save_case(&mut c).await.unwrap();
    assert_eq!(kept_of(store, w.tenant, "running").await, 1);
    let ten = ask("2026-12-07T10:00:00Z");
    let served = performance(store, &ten).await.unwrap();
    assert_eq!(latest_start_of(store, w.tenant, "running").await, started, "nothing worked out again");
    assert_eq!(count(&served, Kpi::CasesOpened), 3);
    assert_eq!(lines(&served), afresh(store, &ten).await);

    // At 2pm B's first contact falls due unmade: with no save in between, it counts as missed.
    performance(store, &eight).await.unwrap();
    let started = latest_start_of(store, w.tenant, "running").await;
    let first_contact = |p: &Performance| p.row(Kpi::FirstContact, "").unwrap().now;
    let before_two = performance(store, &ask("2026-12-07T13:59:00Z")).await.unwrap();
    let after_two = performance(store, &ask("2026-12-07T14:00:00Z")).await.unwrap();
    assert_eq!(latest_start_of(store, w.tenant, "running").await, started, "nothing worked out again");
    assert_eq!(first_contact(&before_two), Measure::Percent { counted: 1, base: 1 }, "A's, in time");
    assert_eq!(first_contact(&after_two), Measure::Percent { counted: 1, base: 2 });
    assert_eq!(lines(&after_two), afresh(store, &ask("2026-12-07T14:00:00Z")).await);

    // At midnight a contact period may end with no save: the next look works them out again,
    // and the day before's tallies that no one looked at again (the partnership's) are dropped.
    performance(store, &eight).await.unwrap();
    performance(store, &Ask { organisation: None, ..eight.clone() }).await.unwrap();
    assert_eq!(kept_of(store, w.tenant, "running").await, 2);
    let started = latest_start_of(store, w.tenant, "running").await;
    let tomorrow = ask("2026-12-08T00:00:00Z");
    let next_day = performance(store, &tomorrow).await.unwrap();
    assert_ne!(latest_start_of(store, w.tenant, "running").await, started);
    assert_eq!(kept_of(store, w.tenant, "running").await, 1);
    assert_eq!(lines(&next_day), afresh(store, &tomorrow).await);
});

/// The tallies kept under `key`.
async fn kept_running(store: &Store, tenant: TenantId, key: &str) -> Running {
    let sql = "SELECT figures FROM kpi_kept WHERE tenant_id = $1 AND key = $2";
    let figures: Json<Running> = match store {
        Store::Sqlite(pool) => sqlx::query_scalar(sql).bind(tenant.0).bind(key).fetch_one(pool).await.unwrap(),
        Store::Postgres(pool) => sqlx::query_scalar(sql).bind(tenant.0).bind(key).fetch_one(pool).await.unwrap(),
    };
    figures.0
}

both_backends!(cases_saved_while_the_tallies_are_worked_out_are_counted_as_they_are_now, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    // A: open since 1 October, spoken to the next day. B: a high-risk report of 1 December.
    let mut a = open_case(store, &w, "2026-10-01T08:00:00Z", "2026-10-01T09:00:00Z", RiskBand::Standard).await;
    record(&mut a, &w, "2026-10-02T10:00:00Z", spoke_to("2026-10-02T10:00:00Z"));
    store.save_case(&mut a).await.unwrap();
    let mut b = open_case(store, &w, "2026-12-01T08:00:00Z", "2026-12-01T09:00:00Z", RiskBand::High).await;
    store.save_case(&mut b).await.unwrap();

    // At 8am on Monday 7 December a dashboard starts working out the council's October–December
    // (at a million cases, reading them takes half a minute).
    let quarter = Period::parse("2026-Q3", 4).unwrap();
    let as_of = parse("2026-12-07T08:00:00Z").unwrap();
    let kept = council_kept(&w, &quarter, as_of);
    let key = "running|the quarter";
    let settings = serde_json::to_value(&kept).unwrap();
    let token = store.begin_keeping(w.tenant, key, KeptKind::Running, &quarter, "", &settings, as_of).await.unwrap();
    let token = token.unwrap();
    // What a dashboard reads: the facts of the council's cases.
    let since = parse("2020-01-01T00:00:00Z").unwrap();
    let everything = Filter::default();
    let read = || store.kpi_facts(w.tenant, w.org, since, quarter.end(), &everything);
    // B is spoken to before the cases are read, so what is read has it.
    record(&mut b, &w, "2026-12-07T08:01:00Z", spoke_to("2026-12-07T08:01:00Z"));
    store.save_case(&mut b).await.unwrap();
    let facts = read().await.unwrap();
    // While the tallies are worked out, A is spoken to again and C is reported and opened:
    // what was read has neither.
    record(&mut a, &w, "2026-12-07T08:02:00Z", spoke_to("2026-12-07T08:02:00Z"));
    store.save_case(&mut a).await.unwrap();
    let mut c = open_case(store, &w, "2026-12-07T08:03:00Z", "2026-12-07T08:04:00Z", RiskBand::High).await;
    store.save_case(&mut c).await.unwrap();
    let worked_out = Running::work_out(&kept, &facts);

    // They are kept, brought up to date with the three cases as they are now.
    assert!(store.keep_running(w.tenant, key, token, &worked_out, &facts).await.unwrap(), "kept, not dropped");
    let now = [as_of, parse("2026-12-07T12:00:00Z").unwrap(), parse("2026-12-07T23:59:00Z").unwrap()];
    let same_as_afresh = |kept_now: Running, facts: Vec<_>| {
        let afresh = Running::work_out(&kept, &facts);
        for at in now {
            assert_eq!(kept_now.figures(&kept, at), afresh.figures(&kept, at), "at {at}");
        }
    };
    same_as_afresh(kept_running(store, w.tenant, key).await, read().await.unwrap());
    let opened = |r: &Running| {
        let figures = r.figures(&kept, as_of);
        figures.into_iter().find(|f| f.kpi == Kpi::CasesOpened && f.part.is_empty()).unwrap().measure
    };
    assert_eq!(opened(&worked_out), Measure::Count { count: 2 }, "as read");
    assert_eq!(opened(&kept_running(store, w.tenant, key).await), Measure::Count { count: 3 }, "as kept");

    // Later saves bring them up to date from there, as ever.
    record(&mut c, &w, "2026-12-07T09:00:00Z", spoke_to("2026-12-07T09:00:00Z"));
    store.save_case(&mut c).await.unwrap();
    same_as_afresh(kept_running(store, w.tenant, key).await, read().await.unwrap());

    // Tallies worked out again meanwhile (started twice): only the later start keeps them.
    let first = store.begin_keeping(w.tenant, key, KeptKind::Running, &quarter, "", &settings, as_of).await.unwrap();
    let second = store.begin_keeping(w.tenant, key, KeptKind::Running, &quarter, "", &settings, as_of).await.unwrap();
    let facts = read().await.unwrap();
    let worked_out = Running::work_out(&kept, &facts);
    assert!(!store.keep_running(w.tenant, key, first.unwrap(), &worked_out, &facts).await.unwrap());
    assert!(store.keep_running(w.tenant, key, second.unwrap(), &worked_out, &facts).await.unwrap());

    // A case saved meanwhile and read twice (each organisation's cases are read apart, and it
    // moved between the two reads) was counted twice: not kept, and worked out at the next look.
    let token = store.begin_keeping(w.tenant, key, KeptKind::Running, &quarter, "", &settings, as_of).await.unwrap();
    record(&mut c, &w, "2026-12-07T09:20:00Z", spoke_to("2026-12-07T09:20:00Z"));
    store.save_case(&mut c).await.unwrap();
    let mut facts = read().await.unwrap();
    facts.push(facts.iter().find(|(id, _)| *id == c.id).unwrap().clone());
    let worked_out = Running::work_out(&kept, &facts);
    assert!(!store.keep_running(w.tenant, key, token.unwrap(), &worked_out, &facts).await.unwrap());
    assert_eq!(kept_of(store, w.tenant, "running").await, 0);
});
