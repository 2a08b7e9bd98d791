//! A database is backed up while it could be in use, restored somewhere else, and the restored
//! copy holds the same cases with every event chain intact. On SQLite always; on PostgreSQL
//! through pg_dump and pg_restore.
mod common;

use asbcase_store::testing::ScratchDb;
use common::*;

fn count_cases(out: &std::process::Output) -> String {
    let s = text(&out.stdout);
    s.split(": ").nth(1).and_then(|r| r.split(" cases").next()).unwrap_or("").to_string()
}

#[test]
fn a_sqlite_database_is_backed_up_and_restored_whole() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "live.db");
    let o = asbcase(&["demo", "--database-url", &url, "--cases", "40", "--no-serve"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let file = dir.path().join("nightly.sqlite");
    let f = file.to_str().unwrap();
    let backed = asbcase(&["backup", "--database-url", &url, f]);
    assert!(backed.status.success(), "{}", text(&backed.stderr));
    assert!(text(&backed.stdout).contains("every chain intact"), "{}", text(&backed.stdout));
    assert_one_line_error(&asbcase(&["backup", "--database-url", &url, f]), "already exists");

    let elsewhere = sqlite_url(&dir, "restored.db");
    let restored = asbcase(&["restore", "--database-url", &elsewhere, f]);
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    assert_eq!(count_cases(&restored), count_cases(&backed), "the same cases");
    let v = asbcase(&["verify", "--database-url", &elsewhere]);
    assert!(v.status.success() && text(&v.stdout).contains("every chain is intact"));

    // Restoring over data needs --force; a file that is not a backup is refused.
    assert_one_line_error(&asbcase(&["restore", "--database-url", &url, f]), "add --force to replace it");
    let forced = asbcase(&["restore", "--database-url", &url, "--force", f]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, "not a database").unwrap();
    let fresh = sqlite_url(&dir, "fresh.db");
    assert_one_line_error(&asbcase(&["restore", "--database-url", &fresh, junk.to_str().unwrap()]), "junk.sqlite");
}

#[test]
fn a_postgres_database_is_backed_up_with_pg_dump_and_restored_whole() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (live, other) = rt.block_on(async { (ScratchDb::new("postgres").await, ScratchDb::new("postgres").await) });
    let o = asbcase(&["demo", "--database-url", &live.url, "--cases", "30", "--no-serve"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nightly.dump");
    let f = file.to_str().unwrap();
    let backed = asbcase(&["backup", "--database-url", &live.url, f]);
    assert!(backed.status.success(), "{}", text(&backed.stderr));
    let restored = asbcase(&["restore", "--database-url", &other.url, "--force", f]);
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    assert_eq!(count_cases(&restored), count_cases(&backed), "the same cases");
    rt.block_on(async {
        live.store.close().await;
        other.store.close().await;
    });
    drop((live, other));
}
