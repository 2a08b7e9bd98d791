//! An administrator brings the council's old cases in from the Import page: a check names
//! every problem by file, row and column and imports nothing; a clean check says what each row
//! would become; "Check and import" puts every case in, with its contacts and interventions.
//! Other staff cannot. On SQLite and PostgreSQL.
mod common;

use asbcase_store::both_backends;
use common::{Browser, Page, TestApp};

const CASES: &str = "reference,reported_on,description,categories,risk,address,status,opened_on,closed_on,outcome,complainant_name,complainant_phone,person_complained_about\n\
OLD-7,04/03/2019,Music at night,noise,high,4 Mill Street,closed,05/03/2019,28/06/2019,resolved,Jo Adebayo,07700 900111,Sam at number 6\n\
OLD-8,01/04/2019,Shouting,noise,standard,1 High St,open,01/04/2019,,,,,\n";
const CONTACTS: &str = "case_reference,contacted_on,with,method,outcome,summary\n\
OLD-7,06/03/2019 10:15,complainant,phone,successful,Called Jo\n";
const INTERVENTIONS: &str = "case_reference,kind,given_on,for,details\n\
OLD-7,first_warning,25/03/2019,person_complained_about,Noise after 11pm\n";

async fn send(b: &Browser, files: &[(&str, &str, &str)], action: &str) -> Page {
    send_to_job(b, files, action).await.1
}

/// Send the files; the answer is the address of the job they went to (if they were taken) and
/// its page once it has finished.
async fn send_to_job(b: &Browser, files: &[(&str, &str, &str)], action: &str) -> (Option<String>, Page) {
    let page = b.get("/import").await;
    let mut form = reqwest::multipart::Form::new().text("csrf_token", page.csrf().expect("the form has a token"));
    for (field, name, body) in files {
        form = form.part(
            field.to_string(),
            reqwest::multipart::Part::bytes(body.as_bytes().to_vec()).file_name(name.to_string()),
        );
    }
    form = form.text("action", action.to_string());
    let res = b.client.post(format!("{}/import", b.base)).multipart(form).send().await.unwrap();
    let sent = Page::from_response(res).await;
    // The files go to a job of their own; its page says how far it has got while it runs and,
    // looked at again, how it ended.
    let Some(job) = sent.location.clone().filter(|l| sent.status == 303 && l.starts_with("/import/")) else {
        return (None, sent);
    };
    let mut page = b.get(&job).await;
    for _ in 0..600 {
        if !page.contains(" in progress</h1>") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        page = b.get(&job).await;
    }
    (Some(job), page)
}

both_backends!(an_administrator_checks_then_imports_old_cases_with_their_history, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let admin = app.signed_in(&w.admin).await;
    let page = admin.get("/import").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Import cases") && page.contains("href=\"/import\""), "linked from the menu");
    let guide = admin.get("/assets/import.md").await;
    assert!(guide.status == 200 && guide.contains("## Contacts and interventions"));

    // No cases file: said beside the field.
    let none = send(&admin, &[], "check").await;
    assert!(none.contains("There is a problem") && none.contains("Choose the cases file"), "{}", none.body);
    assert!(none.title().starts_with("Error:"));

    // A problem in any file: every one listed by file, row and column; nothing imported.
    let wrong_contacts = "case_reference,contacted_on,with,method,outcome,summary\nOLD-9,06/03/2019,complainant,pigeon,successful,Who?\n";
    let refused = send(
        &admin,
        &[
            ("cases", "old.csv", CASES),
            ("contacts", "contacts.csv", wrong_contacts),
            ("interventions", "interventions.csv", INTERVENTIONS),
        ],
        "import",
    )
    .await;
    assert_eq!(refused.status, 200);
    assert!(refused.contains("There is 1 problem in the files: nothing was imported"), "{}", refused.body);
    assert!(
        refused.contains("contacts.csv")
            && refused.contains("method")
            && refused.contains("&#39;pigeon&#39; is not one of"),
        "{}",
        refused.body
    );
    let tenant = w.tenant;
    assert!(app.db.store.imported_references(tenant, w.council).await.unwrap().is_empty());

    // A clean check says what each row would become, and imports nothing.
    let files = [
        ("cases", "old.csv", CASES),
        ("contacts", "contacts.csv", CONTACTS),
        ("interventions", "interventions.csv", INTERVENTIONS),
    ];
    let checked = send(&admin, &files, "check").await;
    assert!(checked.contains("No problems found: 2 cases would be imported"), "{}", checked.body);
    assert!(
        checked.contains("OLD-7: reported 4 March 2019, closed 28 June 2019")
            && checked.contains("with 1 contact and 1 intervention"),
        "{}",
        checked.body
    );
    assert!(app.db.store.imported_references(tenant, w.council).await.unwrap().is_empty());

    // Imported: every case, with its history.
    let (job, done) = send_to_job(&admin, &files, "import").await;
    assert!(done.contains("2 cases imported for"), "{}", done.body);
    // The job's page keeps its result, for whoever started it only.
    let job = job.expect("the import ran as a job");
    assert!(admin.get(&job).await.contains("2 cases imported for"), "looked at again");
    let imported = app.db.store.imported_references(tenant, w.council).await.unwrap();
    assert_eq!(imported.len(), 2);
    // Each case's record says who imported it.
    let case = app
        .db
        .store
        .case_by_reference(tenant, &asbcase_domain::reference::CaseReference::new(2019, 1))
        .await
        .unwrap()
        .unwrap();
    let events = app.db.store.events(tenant, case.id).await.unwrap();
    assert_eq!((events[1].kind.as_str(), events[1].actor), ("imported", Some(w.admin.id)));
    let again = send(&admin, &files, "import").await;
    assert!(again.contains("has already been imported"), "the same file cannot go in twice");

    // Only administrators.
    let officer = app.signed_in(&w.officer).await;
    assert_eq!(officer.get("/import").await.status, 403);
    assert_eq!(officer.get(&job).await.status, 403);
});
