//! `asbcase search index`: an operator makes the search documents of every changed case at
//! once (after a large import, say), and is told how many and how fast.
mod common;

use asbcase_store::both_backends;
use common::*;

both_backends!(search_index_makes_the_documents_of_every_changed_case_once, |db| async move {
    let url = db.url.clone();
    blocking(move || {
        let o = asbcase(&["demo", "--database-url", &url, "--cases", "40", "--no-serve"]);
        assert!(o.status.success(), "{}", text(&o.stderr));

        // On PostgreSQL it then runs VACUUM ANALYZE on the search tables, outside a transaction.
        let out = ok(&url, &["search", "index"]);
        assert!(out.contains("Made the search documents of 40 cases in"), "{out}");
        assert!(out.contains("cases a second"), "{out}");
        assert!(!out.contains("still wait"), "nothing changed while it ran: {out}");
        let again = ok(&url, &["search", "index"]);
        assert!(again.contains("of 0 cases"), "nothing is left to make: {again}");
    })
    .await;
});

#[test]
fn search_index_on_a_database_it_cannot_open_is_one_clear_line() {
    let o = asbcase(&["search", "index", "--database-url", "sqlite:///nonexistent-dir/for/sure/asbcase.db"]);
    assert_one_line_error(&o, "cannot open SQLite database");
}

#[test]
fn search_index_fails_when_a_case_cannot_be_found_by_search() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "damaged.db");
    assert!(asbcase(&["demo", "--database-url", &url, "--cases", "20", "--no-serve"]).status.success());
    // One case's note is damaged on disk (no longer JSON): its words cannot be read.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = asbcase_store::Store::connect(&url).await.unwrap();
        let asbcase_store::Store::Sqlite(pool) = &store else { unreachable!() };
        sqlx::query("DROP TRIGGER case_events_no_update").execute(pool).await.unwrap();
        sqlx::query(
            "UPDATE case_events SET payload = 'not json' WHERE case_id =
                 (SELECT MIN(case_id) FROM case_events WHERE kind IN ('note_added', 'closed'))
               AND kind IN ('note_added', 'closed')",
        )
        .execute(pool)
        .await
        .unwrap();
        store.close().await;
    });
    let o = asbcase(&["search", "index", "--database-url", &url]);
    assert_one_line_error(&o, "the search documents of 1 case could not be made (the log above says why)");
    assert!(text(&o.stdout).contains("Made the search documents of 19 cases"), "the others: {}", text(&o.stdout));
    assert!(text(&o.stderr).contains("the case's search documents could not be made"), "the log says which");
    // Run again, the damaged case is tried again, and logged again: the run is about now.
    let again = asbcase(&["search", "index", "--database-url", &url]);
    assert_one_line_error(&again, "the search documents of 1 case could not be made");
    assert!(text(&again.stderr).contains("the case's search documents could not be made"), "{}", text(&again.stderr));
}
