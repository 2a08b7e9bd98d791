//! An organisation leaving the product (or keeping its own copy) takes everything it holds:
//! every table it owns rows of, as JSON and CSV, its evidence files, and a manifest; never
//! another organisation's cases, and never a secret. On SQLite and PostgreSQL.
mod common;

use asbcase_store::both_backends;
use common::*;

const COUNCIL: &str = "Ashford Vale District Council";

both_backends!(an_organisation_takes_its_whole_record_and_nothing_else, |db| async move {
    let url = db.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    let (said, again) = blocking({
        let (url, out) = (url.clone(), out.clone());
        move || {
            ok(&url, &["demo", "--no-serve", "--cases", "60"]);
            let out = out.to_str().unwrap();
            let said = ok(&url, &["export", "organisation", "--org", COUNCIL, "--out", out]);
            let again = run(&url, &["export", "organisation", "--org", COUNCIL, "--out", out]);
            (said, again)
        }
    })
    .await;
    assert!(said.contains(&format!("Exported {COUNCIL}")) && said.contains("holds personal data"), "{said}");
    assert_one_line_error(&again, "is not an empty folder");

    let read = |path: &str| std::fs::read_to_string(out.join(path)).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&read("manifest.json")).unwrap();
    let tables = manifest["tables"].as_array().unwrap();
    assert_eq!(tables.len(), asbcase_store::EXPORT_TABLES.len());

    // Every case of the council, and only those.
    let tenant = db.store.tenants().await.unwrap()[0].id;
    let orgs = db.store.organisations(tenant).await.unwrap();
    let council = orgs.iter().find(|o| o.name == COUNCIL).unwrap();
    let all =
        |org| asbcase_store::CaseFilter { organisation: Some(org), page: 1, per_page: 10_000, ..Default::default() };
    let now = jiff::Timestamp::now();
    let ours = db.store.list_cases(tenant, &all(council.id), now).await.unwrap().rows;
    let cases: Vec<serde_json::Value> = serde_json::from_str(&read("json/cases.json")).unwrap();
    assert!(!ours.is_empty());
    assert_eq!(cases.len(), ours.len());
    let exported: std::collections::HashSet<&str> = cases.iter().map(|c| c["id"].as_str().unwrap()).collect();
    for c in &ours {
        assert!(exported.contains(c.id.0.to_string().as_str()), "{} is missing", c.reference);
    }
    let events: Vec<serde_json::Value> = serde_json::from_str(&read("json/case_events.json")).unwrap();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| exported.contains(e["case_id"].as_str().unwrap())), "only the council's events");
    assert!(events[0]["payload"].is_object(), "stored JSON comes out as JSON: {}", events[0]);

    // Nothing of another organisation's cases, and no secret, in any file.
    let mut everything = String::new();
    for folder in ["json", "csv"] {
        for entry in std::fs::read_dir(out.join(folder)).unwrap() {
            everything.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
    }
    for other in orgs.iter().filter(|o| o.id != council.id) {
        for c in db.store.list_cases(tenant, &all(other.id), now).await.unwrap().rows {
            assert!(!everything.contains(c.reference.as_str()), "{} is {}'s", c.reference, other.name);
        }
    }
    assert!(!everything.contains("$argon2"), "no password hash");
    assert!(!everything.contains("password_hash") && !everything.contains("key_hash"));

    // The CSV is the same rows, with a header.
    let csv = read("csv/cases.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert!(reader.headers().unwrap().iter().any(|h| h == "reference"));
    assert_eq!(reader.records().count(), ours.len());
});
