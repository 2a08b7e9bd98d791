//! A council moving to asbcase brings its old cases from a spreadsheet: a dry run names every
//! problem by row and column and changes nothing; the corrected file goes in whole, each case
//! with its history at the original dates and its old reference; the figures for those past
//! quarters count them; and the same file cannot go in twice. On SQLite and PostgreSQL.
mod common;

use asbcase_store::both_backends;
use common::*;

const COUNCIL: &str = "Ashford Vale District Council";
const HEADER: &str = "Reference,Reported on,Description,Categories,Risk,Address,Postcode,Status,Opened on,First contact on,Closed on,Outcome,Complainant name,Complainant phone,Officer\n";

both_backends!(old_cases_come_in_from_a_spreadsheet_whole_or_not_at_all, |db| async move {
    let url = db.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        path.to_str().unwrap().to_string()
    };
    let with_mistakes = file(
        "with-mistakes.csv",
        &format!(
            "{HEADER}\
             OLD-101,04/03/2019,Music at night,noise,high,4 Mill Street,AV1 4QT,closed,05/03/2019,05/03/2019,28/06/2019,resolved,Jo Adebayo,07700 900111,sam@ashford.example\n\
             OLD-102,31/02/2019,Bins in the stairwell,rubbish,standard,Orchard Court,,open,,,,,,,\n"
        ),
    );
    let good = file(
        "cases.csv",
        &format!(
            "{HEADER}\
             OLD-101,04/03/2019,Music at night,noise,high,4 Mill Street,AV1 4QT,closed,05/03/2019,05/03/2019,28/06/2019,resolved,Jo Adebayo,07700 900111,sam@ashford.example\n\
             OLD-102,11/03/2019,Bins in the stairwell,litter,standard,Orchard Court,,closed,11/03/2019,,02/05/2019,no_further_action,,,\n\
             OLD-103,02/11/2026,Shouting in the street,verbal_abuse;noise,medium,High Street,,open,03/11/2026,,,,Ayesha Khan,07700 900222,\n"
        ),
    );
    let (dry_bad, real_bad) = blocking({
        let url = url.clone();
        move || {
            add_council(&url, "Ashford Vale", COUNCIL);
            let user = [
                "user",
                "add",
                "--database-url",
                &url,
                "--email",
                "sam@ashford.example",
                "--name",
                "Sam Officer",
                "--organisation",
                COUNCIL,
                "--role",
                "case_officer",
            ];
            let added = with_stdin(&user, "correct horse battery staple\n");
            assert!(added.status.success(), "{}", text(&added.stderr));
            let dry_bad = run(&url, &["import", "cases", &with_mistakes, "--org", COUNCIL, "--dry-run"]);
            let real_bad = run(&url, &["import", "cases", &with_mistakes, "--org", COUNCIL]);
            (dry_bad, real_bad)
        }
    })
    .await;

    // Every problem by row and column, and nothing written, dry run or not.
    for o in [&dry_bad, &real_bad] {
        assert_one_line_error(o, "2 problems found in with-mistakes.csv (listed above): nothing was imported");
        let listed = text(&o.stdout);
        assert!(listed.contains("row 3, column reported_on: '31/02/2019' is not a date"), "{listed}");
        assert!(listed.contains("row 3, column categories: 'rubbish' is not a category"), "{listed}");
    }
    let tenant = db.store.tenants().await.unwrap()[0].id;
    let org = db.store.organisations(tenant).await.unwrap().remove(0);
    assert!(db.store.imported_references(tenant, org.id).await.unwrap().is_empty(), "nothing imported");

    // The dry run says what each row would become.
    let dry = blocking({
        let (url, good) = (url.clone(), good.clone());
        move || ok(&url, &["import", "cases", &good, "--org", COUNCIL, "--dry-run"])
    })
    .await;
    assert!(dry.contains("row 2: OLD-101 would become a case reported 4 March 2019, closed 28 June 2019"), "{dry}");
    assert!(dry.contains("complainant Jo Adebayo; assigned"), "{dry}");
    assert!(dry.contains("Dry run: 3 cases would be imported"), "{dry}");
    assert!(db.store.imported_references(tenant, org.id).await.unwrap().is_empty(), "a dry run writes nothing");

    // The real run: numbered by the year reported, history at the original dates.
    let (done, again, kpi) = blocking(move || {
        let done = ok(&url, &["import", "cases", &good, "--org", COUNCIL]);
        let again = run(&url, &["import", "cases", &good, "--org", COUNCIL]);
        let kpi = ok(&url, &["kpi", "--org", COUNCIL, "--from", "2019-01-01", "--to", "2019-06-30"]);
        (done, again, kpi)
    })
    .await;
    assert!(done.contains("Imported 3 cases") && done.contains("ASB-2019-"), "{done}");
    let imported = db.store.imported_references(tenant, org.id).await.unwrap();
    assert_eq!(imported.len(), 3);
    let case = db
        .store
        .case_by_reference(tenant, &asbcase_domain::reference::CaseReference::new(2019, 1))
        .await
        .unwrap()
        .expect("the first case reported in 2019");
    assert_eq!(case.status, asbcase_domain::case::Status::Closed);
    assert_eq!(case.reported_at.to_string(), "2019-03-04T09:00:00Z");
    assert!(case.assigned_officer.is_some());
    let events = db.store.events(tenant, case.id).await.unwrap();
    assert_eq!(events[1].kind, "imported");
    assert!(events[1].payload.to_string().contains("OLD-101"));
    assert!(events.iter().all(|e| e.at.to_string().starts_with("2019-")), "every event at its original date");
    assert!(db.store.verify().await.unwrap().is_ok());

    // Once is enough.
    assert_one_line_error(&again, "3 problems found in cases.csv");
    assert!(text(&again.stdout).contains("row 2, column reference: 'OLD-101' has already been imported"));

    // The figures for the first half of 2019 count the imported cases.
    let json: serde_json::Value = serde_json::from_str(&kpi).unwrap();
    let figure = |key: &str| {
        json["figures"].as_array().unwrap().iter().find(|f| f["kpi"] == key && f["part"] == "").unwrap().clone()
    };
    assert_eq!(figure("cases_opened")["value"].as_f64(), Some(2.0), "{kpi}");
    assert_eq!(figure("cases_closed")["value"].as_f64(), Some(2.0), "{kpi}");
});

both_backends!(cases_move_to_another_installation_and_come_back_the_same, |db| async move {
    // From this database (SQLite or PostgreSQL) to a new SQLite one with the same staff.
    let url = db.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("first.csv"), dir.path().join("second.csv"));
    let target = sqlite_url(&dir, "elsewhere.db");
    let (said, imported) = blocking({
        let (first, second, target) = (first.clone(), second.clone(), target.clone());
        move || {
            ok(&url, &["demo", "--no-serve", "--cases", "80", "--years", "3"]);
            let said = ok(&url, &["export", "cases", "--org", COUNCIL, "--out", first.to_str().unwrap()]);
            assert_one_line_error(
                &run(&url, &["export", "cases", "--org", COUNCIL, "--out", first.to_str().unwrap()]),
                "already exists",
            );
            ok(&target, &["demo", "--no-serve", "--cases", "1"]);
            let imported = ok(&target, &["import", "cases", first.to_str().unwrap(), "--org", COUNCIL]);
            ok(&target, &["export", "cases", "--org", COUNCIL, "--out", second.to_str().unwrap()]);
            (said, imported)
        }
    })
    .await;
    assert!(said.contains("in the columns asbcase import cases reads"), "{said}");
    let rows = |path: &std::path::Path| -> Vec<Vec<(String, String)>> {
        let mut r = csv::Reader::from_path(path).unwrap();
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        r.records()
            .map(|rec| {
                header
                    .iter()
                    .cloned()
                    .zip(rec.unwrap().iter().map(str::to_string))
                    .filter(|(k, _)| k != "reference")
                    .collect()
            })
            .collect()
    };
    let (before, after) = (rows(&first), rows(&second));
    assert!(before.len() > 10, "the council has cases to move");
    assert!(imported.contains(&format!("Imported {} cases", before.len())), "{imported}");
    // Every case comes back with everything the file holds, except its new reference.
    for row in &before {
        assert!(after.contains(row), "{row:?} did not come back the same");
    }
});

both_backends!(cases_come_with_their_contacts_and_interventions_or_not_at_all, |db| async move {
    let url = db.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        path.to_str().unwrap().to_string()
    };
    let cases = file(
        "cases.csv",
        "reference,reported_on,description,categories,risk,address,status,opened_on,closed_on,outcome,complainant_name,complainant_phone,person_complained_about\n\
         OLD-7,04/03/2019,Music at night,noise,high,4 Mill Street,closed,05/03/2019,28/06/2019,resolved,Jo Adebayo,07700 900111,Sam at number 6\n",
    );
    let contacts = file(
        "contacts.csv",
        "case_reference,contacted_on,with,method,outcome,summary\n\
         OLD-7,06/03/2019 10:15,complainant,phone,successful,Called Jo about the music\n\
         OLD-7,20/03/2019,person_complained_about,visit,attempted,No answer at number 6\n",
    );
    let interventions = file(
        "interventions.csv",
        "case_reference,kind,given_on,for,details\nOLD-7,First warning letter,25/03/2019,person_complained_about,Noise after 11pm\n",
    );
    let wrong_contacts = file(
        "wrong-contacts.csv",
        "case_reference,contacted_on,with,method,outcome,summary\nOLD-8,06/03/2019,complainant,phone,successful,Which case?\n",
    );
    let (refused, dry, done) = blocking(move || {
        add_council(&url, "Ashford Vale", COUNCIL);
        let refused = run(
            &url,
            &[
                "import",
                "cases",
                &cases,
                "--contacts",
                &wrong_contacts,
                "--interventions",
                &interventions,
                "--org",
                COUNCIL,
            ],
        );
        let dry = ok(
            &url,
            &[
                "import",
                "cases",
                &cases,
                "--contacts",
                &contacts,
                "--interventions",
                &interventions,
                "--org",
                COUNCIL,
                "--dry-run",
            ],
        );
        let done = ok(
            &url,
            &["import", "cases", &cases, "--contacts", &contacts, "--interventions", &interventions, "--org", COUNCIL],
        );
        (refused, dry, done)
    })
    .await;
    assert_one_line_error(&refused, "1 problem found in wrong-contacts.csv (listed above): nothing was imported");
    let listed = text(&refused.stdout);
    assert!(
        listed
            .contains("wrong-contacts.csv: row 2, column case_reference: 'OLD-8' is not a reference in the cases file"),
        "{listed}"
    );
    assert!(dry.contains("with 2 contacts and 1 intervention"), "{dry}");
    assert!(done.contains("Imported 1 cases"), "{done}");

    let tenant = db.store.tenants().await.unwrap()[0].id;
    let case = db
        .store
        .case_by_reference(tenant, &asbcase_domain::reference::CaseReference::new(2019, 1))
        .await
        .unwrap()
        .expect("the imported case");
    let contacts = db.store.contacts(tenant, case.id).await.unwrap();
    assert_eq!(contacts.len(), 2);
    let call = contacts.iter().find(|c| c.contact.summary == "Called Jo about the music").unwrap();
    assert_eq!(call.contact.at.to_string(), "2019-03-06T10:15:00Z", "at its original time");
    let warning = &case.casework.interventions[0];
    assert_eq!(warning.kind, asbcase_domain::intervention::InterventionKind::FirstWarning);
    let about = case.parties.iter().find(|p| p.role == asbcase_domain::party::PartyRole::PersonComplainedAbout);
    assert_eq!(warning.party, about.map(|p| p.id));
    assert_eq!(case.last_successful_contact.map(|t| t.to_string()).as_deref(), Some("2019-03-06T10:15:00Z"));
    assert!(db.store.verify().await.unwrap().is_ok());
});
