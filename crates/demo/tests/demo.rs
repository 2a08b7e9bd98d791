//! The demo partnership, generated into real databases.
use asbcase_demo::{DemoOptions, DemoSummary, generate};
use asbcase_domain::case::{Case, Status};
use asbcase_domain::location::Postcode;
use asbcase_domain::organisation::Role;
use asbcase_domain::password;
use asbcase_domain::risk::RiskBand;
use asbcase_domain::time::parse;
use asbcase_store::testing::ScratchDb;
use asbcase_store::{CaseFilter, CaseSummary, Store, both_backends};
use jiff::Timestamp;

const PASSWORD: &str = "kettle orbit marmalade";

fn options() -> DemoOptions {
    DemoOptions { seed: 42, cases: 120, years: 2, now: now(), password: PASSWORD.into() }
}

fn now() -> Timestamp {
    parse("2026-06-17T14:32:10.123456Z").unwrap()
}

async fn demo(store: &Store) -> DemoSummary {
    let mut calls = vec![];
    let started = std::time::Instant::now();
    let summary = generate(store, &options(), &mut |done, total| calls.push((done, total))).await.unwrap();
    eprintln!(
        "{} demo cases ({} events) on {} in {:?}",
        summary.cases,
        summary.events,
        store.backend(),
        started.elapsed()
    );
    assert_eq!(summary.cases, 120);
    assert_eq!(calls.last(), Some(&(120, 120)), "progress reaches the total");
    summary
}

/// Every case of the tenant, newest first.
async fn all_cases(store: &Store, s: &DemoSummary, filter: CaseFilter) -> Vec<CaseSummary> {
    let mut rows = vec![];
    for page in 1.. {
        let list =
            store.list_cases(s.tenant, &CaseFilter { page, per_page: 200, ..filter.clone() }, now()).await.unwrap();
        let n = list.rows.len();
        rows.extend(list.rows);
        if n < 200 {
            break;
        }
    }
    rows
}

async fn full_cases(store: &Store, s: &DemoSummary) -> Vec<Case> {
    let mut cases = vec![];
    for row in all_cases(store, s, CaseFilter::default()).await {
        cases.push(store.case(s.tenant, row.id).await.unwrap().unwrap());
    }
    cases
}

both_backends!(the_demo_loads_verifies_and_every_login_signs_in, |db| async move {
    let s = demo(&db.store).await;
    let report = db.store.verify().await.unwrap().expect("every event chain is intact");
    assert_eq!(report.events, s.events);
    assert_eq!(report.cases, 120);

    let orgs = db.store.organisations(s.tenant).await.unwrap();
    assert_eq!(orgs.len(), 4);
    // The partnership works together: a directory, a panel, case reviews, shares and referrals.
    assert_eq!(db.store.support_services(s.tenant, true).await.unwrap().len(), 4);
    assert_eq!(db.store.panels(s.tenant).await.unwrap().len(), 1);
    assert_eq!(db.store.case_reviews(s.tenant).await.unwrap().len(), 2);
    let police = orgs.iter().find(|o| o.kind == asbcase_domain::organisation::OrganisationKind::Police).unwrap();
    assert!(!db.store.cases_shared_with(s.tenant, police.id).await.unwrap().is_empty());
    assert!(!db.store.referrals(s.tenant, police.id, false).await.unwrap().is_empty());
    let tenant = db.store.tenant(s.tenant).await.unwrap().unwrap();
    assert_eq!(tenant.name, "Ashford Vale Community Safety Partnership");
    assert_eq!(db.store.categories(s.tenant).await.unwrap().len(), asbcase_domain::category::default_catalogue().len());
    for o in &orgs {
        let homes = db.store.homes_owned(s.tenant, o.id).await.unwrap();
        match o.name.as_str() {
            "Vale Homes" | "Brookmere Housing Association" => assert_eq!(homes.len(), 3, "{}", o.name),
            _ => assert!(homes.is_empty(), "{}", o.name),
        }
    }

    let roles: Vec<Role> = s.logins.iter().map(|l| l.role).collect();
    assert_eq!(
        roles,
        vec![
            Role::CaseOfficer,
            Role::TeamManager,
            Role::PartnerOfficer,
            Role::Analyst,
            Role::Administrator,
            Role::CaseOfficer,
            Role::TeamManager
        ]
    );
    assert_eq!(s.logins[0].organisation, "Ashford Vale District Council");
    assert_eq!(s.logins[5].organisation, "Vale Homes");
    for login in &s.logins {
        assert!(login.email.ends_with(".example"), "{}", login.email);
        let user =
            db.store.user_by_email(&login.email).await.unwrap().unwrap_or_else(|| panic!("{} exists", login.email));
        assert_eq!(user.tenant, s.tenant);
        assert!(user.has(login.role));
        assert!(password::verify(PASSWORD, &user.password_hash), "{} signs in with the demo password", login.email);
    }

    // Nothing happens after `now`, and every case reads back valid.
    for case in full_cases(&db.store, &s).await {
        assert!(case.updated_at <= now(), "{}", case.reference);
        let year = case.reported_at.to_zoned(asbcase_domain::time::london()).year();
        assert!(case.reference.as_str().starts_with(&format!("ASB-{year}-")), "{}", case.reference);
        let postcode = case.location.postcode.as_ref().unwrap();
        assert_eq!(&Postcode::parse(postcode.as_str()).unwrap(), postcode);
        let events = db.store.events(s.tenant, case.id).await.unwrap();
        assert!(events.windows(2).all(|e| e[0].at <= e[1].at), "{} events are in time order", case.reference);
        let lower = case.description.to_lowercase();
        assert!(!lower.contains("victim") && !lower.contains("perpetrator"), "{}", case.description);
    }
    // A second load into the same database is refused with a clear message.
    let err = generate(&db.store, &options(), &mut |_, _| {}).await.unwrap_err();
    assert!(err.to_string().contains("already holds the demo"), "{err}");
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_and_now_give_the_same_demo() {
    let (a, b) = (ScratchDb::new("sqlite").await, ScratchDb::new("sqlite").await);
    let (sa, sb) = (demo(&a.store).await, demo(&b.store).await);
    assert_eq!(sa, sb);
    let (ca, cb) = (full_cases(&a.store, &sa).await, full_cases(&b.store, &sb).await);
    assert_eq!(ca.len(), 120);
    for (x, y) in ca.iter().zip(&cb) {
        assert_eq!(
            (&x.reference, x.status, x.risk_band, &x.description, x.reported_at),
            (&y.reference, y.status, y.risk_band, &y.description, y.reported_at)
        );
        assert_eq!(x, y, "{} is the same case, down to ids and event hashes", x.reference);
        assert_eq!(a.store.people(sa.tenant, x.id).await.unwrap(), b.store.people(sb.tenant, y.id).await.unwrap());
    }
    // References follow report order within each year.
    let mut by_time = ca.clone();
    by_time.sort_by_key(|c| c.reported_at);
    let refs: Vec<&str> = by_time.iter().map(|c| c.reference.as_str()).collect();
    let mut sorted = refs.clone();
    sorted.sort();
    assert_eq!(refs, sorted);

    // Another seed tells other stories.
    let c = ScratchDb::new("sqlite").await;
    let other = generate(&c.store, &DemoOptions { seed: 43, ..options() }, &mut |_, _| {}).await.unwrap();
    let cc = full_cases(&c.store, &other).await;
    assert_ne!(
        ca.iter().map(|c| &c.description).collect::<Vec<_>>(),
        cc.iter().map(|c| &c.description).collect::<Vec<_>>()
    );
}

both_backends!(the_demo_mix_looks_like_a_real_caseload, |db| async move {
    let s = demo(&db.store).await;
    let all = all_cases(&db.store, &s, CaseFilter::default()).await;
    let count = |f: &dyn Fn(&CaseSummary) -> bool| all.iter().filter(|c| f(c)).count();
    let open = count(&|c| c.status != Status::Closed);
    let closed = count(&|c| c.status == Status::Closed);
    let overdue = count(&|c| c.overdue);
    let hate = count(&|c| c.hate_incident);
    let high = count(&|c| c.risk_band >= RiskBand::High);
    eprintln!("open {open}, closed {closed}, overdue {overdue}, hate {hate}, high or emergency {high}");
    assert!(closed > open, "most cases are closed");
    assert!(overdue > 0 && overdue < open, "some open cases, not all, are overdue");
    assert!(hate > 0);
    assert!(high > 0 && high < 30);
    let noise = count(&|c| c.primary_category == "noise");
    assert!(noise > 15, "noise is the commonest ({noise})");

    let overdue_list = db
        .store
        .list_cases(s.tenant, &CaseFilter { overdue_only: true, page: 1, per_page: 50, ..CaseFilter::default() }, now())
        .await
        .unwrap();
    assert_eq!(overdue_list.total as usize, overdue);

    // Of the cases older than three months, about three in four are closed.
    let three_months_ago = now() - jiff::SignedDuration::from_hours(24 * 91);
    let older: Vec<_> = all.iter().filter(|c| c.reported_at < three_months_ago).collect();
    let older_closed = older.iter().filter(|c| c.status == Status::Closed).count();
    let share = older_closed as f64 / older.len() as f64;
    assert!((0.6..0.92).contains(&share), "{older_closed} of {} older cases closed", older.len());

    // The council's case officer has a caseload.
    let officer = db.store.user_by_email(&s.logins[0].email).await.unwrap().unwrap();
    let mine = db
        .store
        .list_cases(
            s.tenant,
            &CaseFilter { officer: Some(officer.id), page: 1, per_page: 50, ..CaseFilter::default() },
            now(),
        )
        .await
        .unwrap();
    assert!(mine.total > 0);
    assert!(mine.rows.iter().all(|c| c.officer_name.as_deref() == Some(s.logins[0].name.as_str())));

    // Every case has a complainant; the person complained about is named or described.
    for c in full_cases(&db.store, &s).await {
        use asbcase_domain::party::PartyRole;
        assert!(c.parties.iter().any(|p| p.role == PartyRole::Complainant && p.person.is_some()), "{}", c.reference);
        let pca = c.parties.iter().find(|p| p.role == PartyRole::PersonComplainedAbout).unwrap();
        assert!(pca.person.is_some() || pca.description.is_some());
        if c.categories.iter().any(|k| k == "hate_related") {
            assert!(c.hate_incident(), "{}", c.reference);
        }
        assert_eq!(
            c.status == Status::Reported || c.status == Status::Triaged,
            c.assigned_officer.is_none(),
            "{}",
            c.reference
        );
    }
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_longer_history_spreads_the_cases_back_and_one_past_the_bank_holidays_is_refused() {
    let db = ScratchDb::new("sqlite").await;
    let s = generate(&db.store, &DemoOptions { years: 6, ..options() }, &mut |_, _| {}).await.unwrap();
    let cases = full_cases(&db.store, &s).await;
    let oldest = cases.iter().map(|c| c.reported_at).min().unwrap();
    assert!(oldest < now() - jiff::SignedDuration::from_hours(24 * 365 * 3), "some cases are years old: {oldest}");
    assert!(oldest >= now() - jiff::SignedDuration::from_hours(24 * 365 * 6));

    let empty = ScratchDb::new("sqlite").await;
    let err = generate(&empty.store, &DemoOptions { years: 30, ..options() }, &mut |_, _| {}).await.unwrap_err();
    assert!(err.to_string().contains("before the bank holidays this version knows"), "{err}");
    assert!(!empty.store.has_data().await.unwrap(), "nothing is written before the refusal");
}
