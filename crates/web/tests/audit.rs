//! Every look at a case and every download of its evidence is recorded; the team manager sees
//! who looked; the record cannot be changed or removed, and `verify` walks it.
mod common;

use asbcase_domain::audit::AccessKind;
use asbcase_store::both_backends;
use common::TestApp;

both_backends!(a_manager_sees_who_looked_at_a_case_and_the_record_cannot_be_changed, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let work = common::add_work(&app.db.store, &w.officers_case).await;
    let reference = w.officers_case.reference.to_string();
    let officer = app.signed_in(&w.officer).await;
    assert_eq!(officer.get(&format!("/cases/{reference}")).await.status, 200);
    assert_eq!(officer.get(&format!("/cases/{reference}/evidence/{}", work.file)).await.status, 200);
    // Someone else's case is not found, and not recorded as looked at.
    assert_eq!(officer.get(&format!("/cases/{}", w.landlords_case.reference)).await.status, 404);

    let records = app.db.store.access_to_case(w.tenant, w.officers_case.id, 10).await.unwrap();
    let kinds: Vec<_> = records.iter().map(|r| (r.kind, r.user)).collect();
    assert_eq!(kinds, [(AccessKind::DownloadEvidence, w.officer.id), (AccessKind::ViewCase, w.officer.id)]);
    assert!(records[0].detail.contains("door.png"));
    assert!(app.db.store.access_to_case(w.tenant, w.landlords_case.id, 10).await.unwrap().is_empty());

    assert_eq!(officer.get(&format!("/cases/{reference}/access-log")).await.status, 403, "managers only");
    let manager = app.signed_in(&w.manager).await;
    let case_page = manager.get(&format!("/cases/{reference}")).await;
    assert!(case_page.contains("Who has looked at this case"));
    let log = manager.get(&format!("/cases/{reference}/access-log")).await;
    assert!(
        log.contains("Priya Shah") && log.contains("Downloaded evidence: door.png") && log.contains("Viewed the case")
    );
    assert!(log.contains("Helen Marsh"), "the manager's own look is there too");

    // Append-only, and verified.
    let pool_refuses = match &app.db.store {
        asbcase_store::Store::Sqlite(p) => {
            sqlx::query("UPDATE access_log SET detail = 'nothing'").execute(p).await.is_err()
                && sqlx::query("DELETE FROM access_log").execute(p).await.is_err()
        }
        asbcase_store::Store::Postgres(p) => {
            sqlx::query("UPDATE access_log SET detail = 'nothing'").execute(p).await.is_err()
                && sqlx::query("DELETE FROM access_log").execute(p).await.is_err()
        }
    };
    assert!(pool_refuses, "the access log cannot be changed or emptied");
    let report = app.db.store.verify().await.unwrap().unwrap();
    assert_eq!(report.access_records, 3);
});

both_backends!(looks_recorded_at_the_same_moment_never_fork_the_chain, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let store = &app.db.store;
    let writers: Vec<_> = (0..8)
        .map(|_| {
            let (store, tenant, user, case) = (store.clone(), w.tenant, w.officer.id, w.officers_case.id);
            tokio::spawn(async move {
                for _ in 0..5 {
                    let now = jiff::Timestamp::now();
                    store.record_access(tenant, user, AccessKind::ViewCase, Some(case), "", now).await.unwrap();
                }
            })
        })
        .collect();
    for t in writers {
        t.await.unwrap();
    }
    let report = store.verify().await.unwrap().unwrap();
    assert_eq!(report.access_records, 40);
});
