//! The KPI facts kept beside each case, targets and reporting settings; on SQLite and PostgreSQL.
mod common;
use asbcase_domain::case::{ClosureOutcome, Rules};
use asbcase_domain::category::{default_catalogue, rank};
use asbcase_domain::event::Change;
use asbcase_domain::kpi::Filter;
use asbcase_domain::kpi::{Direction, Kpi, Target};
use asbcase_domain::location::Location;
use asbcase_domain::organisation::Role;
use asbcase_domain::risk::RiskBand;
use asbcase_domain::time::parse;
use asbcase_domain::{CaseId, UserId};
use asbcase_store::User;
use asbcase_store::both_backends;
use common::{report, report_on_patch, rules, world};

both_backends!(a_cases_kpi_facts_are_kept_with_its_events_and_found_by_period, |db| async move {
    let w = world(&db.store).await;
    let mut case = report(&db.store, &w, "2026-04-01T09:00:00Z", RiskBand::High, &["noise"]).await;
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    let at = parse("2026-04-01T10:00:00Z").unwrap();
    case.record(Change::Triaged { note: "ASB".into() }, Some(w.officer), at, &rules).unwrap();
    case.record(Change::Opened, Some(w.officer), at, &rules).unwrap();
    let closed = parse("2026-05-01T10:00:00Z").unwrap();
    let close = Change::Closed {
        outcome: ClosureOutcome::Resolved,
        summary: "Stopped".into(),
        survey: false,
        open_actions_confirmed: true,
    };
    case.record(close, Some(w.officer), closed, &rules).unwrap();
    db.store.save_case(&mut case).await.unwrap();

    let loaded = db.store.case(w.tenant, case.id).await.unwrap().unwrap();
    assert_eq!(loaded.facts, case.facts);
    assert_eq!(loaded.facts.spells.len(), 1);

    // Found for a period it was active in; not for one that began after it closed.
    let q1 = |from: &str, to: &str| {
        let store = db.store.clone();
        let (from, to) = (parse(from).unwrap(), parse(to).unwrap());
        async move { store.kpi_facts(w.tenant, w.org, from, to, &Default::default()).await.unwrap() }
    };
    assert_eq!(q1("2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z").await.len(), 1);
    assert_eq!(q1("2026-06-01T00:00:00Z", "2026-09-01T00:00:00Z").await.len(), 0);
    assert_eq!(q1("2025-01-01T00:00:00Z", "2026-03-01T00:00:00Z").await.len(), 0);
});

both_backends!(facts_worked_out_again_from_the_events_match_those_kept_as_they_happened, |db| async move {
    let w = world(&db.store).await;
    let mut case = report(&db.store, &w, "2026-04-01T09:00:00Z", RiskBand::Standard, &["noise"]).await;
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    let at = parse("2026-04-02T10:00:00Z").unwrap();
    case.record(Change::Triaged { note: "ASB".into() }, Some(w.officer), at, &rules).unwrap();
    case.record(Change::Opened, Some(w.officer), at, &rules).unwrap();
    db.store.save_case(&mut case).await.unwrap();
    let waiting = report(&db.store, &w, "2026-04-03T09:00:00Z", RiskBand::Medium, &["criminal_damage"]).await;

    assert_eq!(db.store.rebuild_kpi_facts().await.unwrap(), 2);
    let again = db.store.case(w.tenant, case.id).await.unwrap().unwrap();
    assert_eq!(again.facts, case.facts);
    assert!(again.facts.first_contact_due.is_some());
    let still_waiting = db.store.case(w.tenant, waiting.id).await.unwrap().unwrap();
    assert_eq!(still_waiting.facts, waiting.facts);
    // A report waiting for triage still counts in the current period's window.
    let everything = asbcase_domain::kpi::Filter::default();
    let now = db.store.kpi_facts(
        w.tenant,
        w.org,
        parse("2030-01-01T00:00:00Z").unwrap(),
        parse("2031-01-01T00:00:00Z").unwrap(),
        &everything,
    );
    assert_eq!(now.await.unwrap().len(), 2);
    // Nothing left to fill in.
    assert_eq!(db.store.fill_in_kpi_facts().await.unwrap(), 0);
});

both_backends!(the_latest_target_is_in_force_and_reporting_settings_default_sensibly, |db| async move {
    let w = world(&db.store).await;
    assert_eq!(db.store.reporting_settings(w.tenant).await.unwrap(), (4, 6));
    let mut target = Target {
        kpi: Kpi::ResolutionRate,
        value: 75.0,
        direction: Direction::AtLeast,
        set_by: "Agreed with the tenants' ASB panel".into(),
        set_on: "2025-03-12".parse().unwrap(),
    };
    db.store.set_target(w.tenant, w.org, &target, "Sam Manager", parse("2025-03-13T10:00:00Z").unwrap()).await.unwrap();
    target.value = 80.0;
    target.set_on = "2026-03-10".parse().unwrap();
    db.store.set_target(w.tenant, w.org, &target, "Sam Manager", parse("2026-03-11T10:00:00Z").unwrap()).await.unwrap();
    assert_eq!(db.store.targets(w.tenant, w.org).await.unwrap(), vec![target]);

    db.store.set_reporting_settings(w.tenant, Some(1), None).await.unwrap();
    assert_eq!(db.store.reporting_settings(w.tenant).await.unwrap(), (1, 6));
    db.store.set_reporting_settings(w.tenant, None, Some(12)).await.unwrap();
    assert_eq!(db.store.reporting_settings(w.tenant).await.unwrap(), (1, 12));
    // A month that is not one is refused by the database too.
    assert!(db.store.set_reporting_settings(w.tenant, Some(13), None).await.is_err());
});

/// A dashboard's large reads are not held up compiling themselves: every PostgreSQL connection
/// of the store has just-in-time compilation off (it took 0.2–0.7 s of each such query at
/// 1,000,000 cases).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_connections_do_not_compile_queries_just_in_time() {
    let db = asbcase_store::testing::ScratchDb::new("postgres").await;
    let asbcase_store::Store::Postgres(pool) = &db.store else { unreachable!("a PostgreSQL scratch database") };
    // More connections than one, so that each is seen to have it, not only the first.
    let (a, b) = tokio::join!(
        sqlx::query_scalar::<_, String>("SELECT current_setting('jit') FROM pg_sleep(0.1)").fetch_one(pool),
        sqlx::query_scalar::<_, String>("SELECT current_setting('jit') FROM pg_sleep(0.1)").fetch_one(pool),
    );
    assert_eq!((a.unwrap().as_str(), b.unwrap().as_str()), ("off", "off"));
}

/// How many sets of figures are kept (or being worked out) for the partnership.
async fn kept_sets(store: &asbcase_store::Store, tenant: asbcase_domain::TenantId) -> i64 {
    let sql = "SELECT COUNT(*) FROM kpi_kept WHERE tenant_id = $1";
    match store {
        asbcase_store::Store::Sqlite(p) => sqlx::query_scalar(sql).bind(tenant.0).fetch_one(p).await.unwrap(),
        asbcase_store::Store::Postgres(p) => sqlx::query_scalar(sql).bind(tenant.0).fetch_one(p).await.unwrap(),
    }
}

both_backends!(a_partnership_of_many_organisations_keeps_the_dashboards_worked_out_for_each, |db| async move {
    use asbcase_domain::OrganisationId;
    use asbcase_domain::kpi::Period;
    use asbcase_domain::organisation::OrganisationKind;
    use asbcase_store::{KeptKind, Organisation};
    let store = &db.store;
    let w = world(store).await;
    // A community safety partnership of forty: the council and 39 housing associations.
    let mut organisations = vec![w.org];
    for i in 1..40 {
        let org = Organisation {
            tenant: w.tenant,
            id: OrganisationId::new(),
            name: format!("Housing association {i}"),
            kind: OrganisationKind::SocialLandlord,
        };
        store.create_organisation(&org).await.unwrap();
        organisations.push(org.id);
    }
    // The service works out thirteen sets of figures for each organisation before anyone looks,
    // and thirty for the partnership: 550, more than the 400 a partnership of a few keeps.
    let period = Period::parse("2026-Q1", 4).unwrap();
    let kept = serde_json::json!({});
    let (period, kept) = (&period, &kept);
    let begin = |key: String, scope: String, at: &'static str| async move {
        let at = parse(at).unwrap();
        store.begin_keeping(w.tenant, &key, KeptKind::Figures, period, &scope, kept, at).await.unwrap().unwrap();
    };
    for org in &organisations {
        for n in 0..13 {
            begin(format!("figures|{}|{n}", org.0), org.0.to_string(), "2026-12-07T08:00:00Z").await;
        }
    }
    for n in 0..30 {
        begin(format!("figures||{n}"), String::new(), "2026-12-07T08:00:00Z").await;
    }
    assert_eq!(kept_sets(store, w.tenant).await, 550, "every one of them is kept");

    // It keeps at most 400 and twenty for each organisation (1,200 here): past that, the
    // oldest go first.
    for n in 0..700 {
        begin(format!("figures|later|{n:03}"), String::new(), "2026-12-07T09:00:00Z").await;
    }
    assert_eq!(kept_sets(store, w.tenant).await, 1200);
    let sql = "SELECT COUNT(*) FROM kpi_kept WHERE tenant_id = $1 AND key LIKE 'figures|later|%'";
    let later: i64 = match store {
        asbcase_store::Store::Sqlite(p) => sqlx::query_scalar(sql).bind(w.tenant.0).fetch_one(p).await.unwrap(),
        asbcase_store::Store::Postgres(p) => sqlx::query_scalar(sql).bind(w.tenant.0).fetch_one(p).await.unwrap(),
    };
    assert_eq!(later, 700, "the latest are all kept");
});

/// The cases a filtered dashboard reads: those of the period the filter keeps, found by the
/// columns written beside the facts, however a case has changed since it was reported (and no
/// others but a patch's that shares its first 100 characters, which the filter then leaves out).
async fn filtered_reads_match_the_filter(store: &asbcase_store::Store, w: &common::World, filters: &[Filter]) {
    let (since, before) = (parse("2026-04-01T00:00:00Z").unwrap(), parse("2026-07-01T00:00:00Z").unwrap());
    let all = store.kpi_facts(w.tenant, w.org, since, before, &Filter::default()).await.unwrap();
    let first = |p: &Option<String>| p.as_deref().unwrap_or_default().chars().take(100).collect::<String>();
    for filter in filters {
        let mut expected: Vec<CaseId> = all.iter().filter(|(_, f)| filter.keeps(f)).map(|(id, _)| *id).collect();
        let read = store.kpi_facts(w.tenant, w.org, since, before, filter).await.unwrap();
        for (_, f) in read.iter().filter(|(_, f)| !filter.keeps(f)) {
            assert_eq!(first(&f.patch), first(&filter.patch), "{filter:?} read {f:?}");
        }
        let mut read: Vec<CaseId> = read.into_iter().filter(|(_, f)| filter.keeps(f)).map(|(id, _)| id).collect();
        expected.sort_by_key(|c| c.0);
        read.sort_by_key(|c| c.0);
        assert_eq!(read, expected, "{filter:?}");
    }
}

both_backends!(
    a_filtered_dashboard_reads_the_cases_of_its_patch_officer_category_and_risk_as_they_are_now,
    |db| async move {
        let w = world(&db.store).await;
        let s = &db.store;
        let colleague = UserId::new();
        s.create_user(&User {
            tenant: w.tenant,
            id: colleague,
            organisation: w.org,
            email: "colleague@example.org".into(),
            name: "Tom Reid".into(),
            roles: vec![Role::CaseOfficer],
            patch: Some("South".into()),
            password_hash: "x".into(),
            active: true,
            created_at: jiff::Timestamp::now(),
        })
        .await
        .unwrap();
        let at = |t: &str| parse(t).unwrap();
        let here = Location { address: "3 Mill Street, Ashford Vale".into(), ..Location::default() };
        // A patch name longer than an index entry may hold, and one that shares its first 100 characters.
        let long = "Riverside ".repeat(400);
        let longer = format!("{long}and the quay");
        let mut noise_north = report_on_patch(
            s,
            &w,
            at("2026-04-02T09:00:00Z"),
            RiskBand::Standard,
            &["noise"],
            here.clone(),
            Some("North"),
        )
        .await;
        let mut damage_south = report_on_patch(
            s,
            &w,
            at("2026-04-03T09:00:00Z"),
            RiskBand::High,
            &["criminal_damage", "noise"],
            here.clone(),
            Some("South"),
        )
        .await;
        report_on_patch(s, &w, at("2026-04-04T09:00:00Z"), RiskBand::Medium, &["vehicles"], here.clone(), None).await;
        report_on_patch(s, &w, at("2026-05-04T09:00:00Z"), RiskBand::Medium, &["noise"], here.clone(), Some(&long))
            .await;
        report_on_patch(s, &w, at("2026-05-05T09:00:00Z"), RiskBand::Medium, &["noise"], here.clone(), Some(&longer))
            .await;
        // Reported after the quarter: never read for it.
        report_on_patch(s, &w, at("2026-07-02T09:00:00Z"), RiskBand::High, &["noise"], here.clone(), Some("South"))
            .await;
        let (st, c) = rules();
        let rules = Rules { standards: &st, calendar: &c };
        for (case, officer) in [(&mut noise_north, w.officer), (&mut damage_south, colleague)] {
            case.record(Change::Triaged { note: "ASB".into() }, Some(officer), at("2026-04-05T10:00:00Z"), &rules)
                .unwrap();
            case.record(Change::Opened, Some(officer), at("2026-04-05T10:00:00Z"), &rules).unwrap();
            case.record(Change::Assigned { officer }, Some(officer), at("2026-04-05T10:00:00Z"), &rules).unwrap();
            s.save_case(case).await.unwrap();
        }
        let filter = |patch: Option<&str>, officer: Option<UserId>, category: Option<&str>, risk: Option<RiskBand>| {
            Filter { patch: patch.map(str::to_string), officer, category: category.map(str::to_string), risk }
        };
        let filters = [
            filter(Some("North"), None, None, None),
            filter(Some("South"), None, None, None),
            filter(Some(&long), None, None, None),
            filter(Some(&longer), None, None, None),
            filter(None, Some(w.officer), None, None),
            filter(None, Some(colleague), None, None),
            filter(None, None, Some("noise"), None),
            filter(None, None, Some("criminal_damage"), None),
            filter(None, None, Some("harassment"), None),
            filter(None, None, None, Some(RiskBand::High)),
            filter(None, None, None, Some(RiskBand::Medium)),
            filter(Some("South"), Some(colleague), Some("noise"), Some(RiskBand::High)),
            filter(Some("North"), None, Some("criminal_damage"), None),
        ];
        let count = |f: Filter| {
            let s = s.clone();
            async move {
                let (since, before) = (parse("2026-04-01T00:00:00Z").unwrap(), parse("2026-07-01T00:00:00Z").unwrap());
                s.kpi_facts(w.tenant, w.org, since, before, &f)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|(_, x)| f.keeps(x))
                    .count()
            }
        };
        assert_eq!(count(filter(None, None, Some("noise"), None)).await, 4, "a secondary category counts too");
        // The store narrows a patch by its first 100 characters (as indexed): both long patches
        // are read, and the engine's filter keeps the one asked for, compared whole.
        let (since, before) = (parse("2026-04-01T00:00:00Z").unwrap(), parse("2026-07-01T00:00:00Z").unwrap());
        let read = s.kpi_facts(w.tenant, w.org, since, before, &filter(Some(&long), None, None, None)).await.unwrap();
        let mut patches: Vec<Option<String>> = read.into_iter().map(|(_, f)| f.patch).collect();
        patches.sort();
        assert_eq!(patches, vec![Some(long.clone()), Some(longer.clone())], "read by the first 100 characters");
        assert_eq!(count(filter(Some(&long), None, None, None)).await, 1, "kept by the whole patch name");
        filtered_reads_match_the_filter(s, &w, &filters).await;

        // The case changes hands, risk and categories: the filters follow it, and nothing is read
        // under what it was.
        damage_south
            .record(Change::Assigned { officer: w.officer }, Some(colleague), at("2026-05-01T10:00:00Z"), &rules)
            .unwrap();
        damage_south
            .record(
                Change::RiskBandChanged { band: RiskBand::Standard, reason: "Calmer now".into() },
                Some(w.officer),
                at("2026-05-01T10:00:00Z"),
                &rules,
            )
            .unwrap();
        let (categories, priority) = rank(&["harassment".to_string()], &default_catalogue()).unwrap();
        let recategorised = Change::CategoriesChanged {
            categories,
            priority,
            priority_override: None,
            reason: "It is harassment".into(),
        };
        damage_south.record(recategorised, Some(w.officer), at("2026-05-01T10:00:00Z"), &rules).unwrap();
        s.save_case(&mut damage_south).await.unwrap();
        assert_eq!(count(filter(None, Some(colleague), None, None)).await, 0);
        assert_eq!(count(filter(None, None, Some("criminal_damage"), None)).await, 0);
        assert_eq!(count(filter(None, None, Some("harassment"), None)).await, 1);
        assert_eq!(count(filter(None, None, None, Some(RiskBand::High))).await, 0);
        filtered_reads_match_the_filter(s, &w, &filters).await;

        // Facts kept before the filters were written beside them are filled in when the store starts.
        let forget =
            ["UPDATE case_facts SET patch = NULL, officer = NULL, risk = NULL", "DELETE FROM case_fact_categories"];
        for sql in forget {
            match s {
                asbcase_store::Store::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
                asbcase_store::Store::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            }
            .unwrap();
        }
        assert_eq!(
            count(filter(None, None, Some("noise"), None)).await,
            0,
            "nothing found by the columns until filled in"
        );
        s.migrate().await.unwrap();
        assert_eq!(count(filter(None, None, Some("noise"), None)).await, 3);
        filtered_reads_match_the_filter(s, &w, &filters).await;
    }
);
