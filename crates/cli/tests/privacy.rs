//! A data protection officer answers requests about personal data from the command line: a
//! subject access bundle with other people hidden, an erasure refused while a case is open,
//! and the retention periods applied (a dry run first, which changes nothing), after which
//! every chain still verifies. On SQLite and PostgreSQL, against the real binary.
mod common;

use asbcase_store::both_backends;
use common::*;

const COUNCIL: &str = "Ashford Vale District Council";

both_backends!(personal_data_requests_and_retention_from_the_command_line, |db| async move {
    let url = db.url.clone();
    blocking({
        let url = url.clone();
        move || {
            let o = asbcase(&["demo", "--database-url", &url, "--cases", "60", "--years", "8", "--no-serve"]);
            assert!(o.status.success(), "{}", text(&o.stderr));
        }
    })
    .await;
    let tenant = db.store.tenants().await.unwrap()[0].id;
    let council = db.store.organisations(tenant).await.unwrap().into_iter().find(|o| o.name == COUNCIL).unwrap();
    let filter = asbcase_store::CaseFilter {
        organisation: Some(council.id),
        active_only: true,
        page: 1,
        per_page: 100,
        ..Default::default()
    };
    let open = db.store.list_cases(tenant, &filter, jiff::Timestamp::now()).await.unwrap().rows;

    // Someone on an open case of the council, and everyone else on their cases.
    let mut subject = None;
    for c in &open {
        if let Some(p) = db.store.people(tenant, c.id).await.unwrap().into_iter().next() {
            subject = Some(p);
            break;
        }
    }
    let subject = subject.expect("the demo has people on open cases");
    let mut others = vec![];
    for (case, _) in db.store.cases_of_person(tenant, subject.id).await.unwrap() {
        others.extend(db.store.people(tenant, case).await.unwrap().into_iter().filter(|p| p.id != subject.id));
    }
    assert!(!others.is_empty(), "the subject's cases name other people, for the bundle to hide");
    let id = subject.id.0.to_string();

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sar");
    let (found, bundle_html, bundle_json) = blocking({
        let (url, id, out, name) = (url.clone(), id.clone(), out.clone(), subject.name.clone());
        move || {
            let found = ok(&url, &["privacy", "find", "--org", COUNCIL, &name]);
            let said =
                ok(&url, &["privacy", "access", "--org", COUNCIL, "--person", &id, "--out", out.to_str().unwrap()]);
            assert!(said.contains("Wrote the subject access bundle"), "{said}");
            assert_one_line_error(
                &run(&url, &["privacy", "access", "--org", COUNCIL, "--person", "not-an-id", "--out", "x"]),
                "--person must be a person's identifier",
            );
            assert_one_line_error(&run(&url, &["privacy", "find", "--org", COUNCIL, "ab"]), "at least three");
            (
                found,
                std::fs::read_to_string(out.join("bundle.html")).unwrap(),
                std::fs::read_to_string(out.join("bundle.json")).unwrap(),
            )
        }
    })
    .await;
    assert!(found.lines().any(|l| l.starts_with(&id)), "find lists them with their identifier: {found}");
    assert!(bundle_html.contains(&subject.name) && bundle_html.contains("Subject access bundle"));
    let json: serde_json::Value = serde_json::from_str(&bundle_json).unwrap();
    assert!(!json["cases"].as_array().unwrap().is_empty());
    for other in &others {
        assert!(!bundle_json.contains(&other.name), "{} is someone else: hidden", other.name);
        if let Some(phone) = &other.phone {
            assert!(!bundle_json.contains(phone.as_str()), "{phone} is someone else's");
        }
    }

    let (erase, dry, log_before, bad, run_out, verify, log_after) = blocking({
        let (url, id) = (url.clone(), id.clone());
        move || {
            let erase = run(&url, &["privacy", "erase", "--person", &id, "--reason", "Asked in writing"]);
            ok(&url, &["retention", "set", "--closed-cases-years", "1"]);
            let dry = ok(&url, &["retention", "run", "--dry-run"]);
            let log_before = ok(&url, &["privacy", "log"]);
            let bad = run(&url, &["retention", "set", "--closed-cases-years", "0"]);
            let run_out = ok(&url, &["retention", "run"]);
            let verify = ok(&url, &["verify"]);
            let log_after = ok(&url, &["privacy", "log"]);
            (erase, dry, log_before, bad, run_out, verify, log_after)
        }
    })
    .await;
    assert_one_line_error(&erase, "still open");
    assert!(db.store.person(tenant, subject.id).await.unwrap().is_some(), "nothing erased");

    assert!(dry.contains("Dry run") && dry.contains("nothing has been changed"), "{dry}");
    let due: usize = dry.lines().filter(|l| l.trim_start().starts_with("ASB-")).count();
    assert!(due > 0, "{dry}");
    assert!(log_before.contains("subject_access") && !log_before.contains("case_anonymised"), "{log_before}");
    assert_one_line_error(&bad, "between 1 and 50 years");
    assert!(
        run_out.contains(&format!("Anonymised {due} closed cases")),
        "the run does what the dry run said: {run_out}"
    );
    assert!(verify.contains("every chain is intact") && verify.contains("had personal data removed"), "{verify}");
    assert_eq!(log_after.lines().filter(|l| l.contains("case_anonymised")).count(), due, "{log_after}");
    let again = blocking(move || ok(&url, &["retention", "run", "--dry-run"])).await;
    assert!(again.contains("Would anonymise 0 closed cases"), "{again}");
});
