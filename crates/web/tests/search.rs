//! The search box on every staff page: finding a case by reference, name, phone, postcode or
//! words, and only among the cases the person may see.
mod common;

use asbcase_domain::calendar::{Calendar, Division};
use asbcase_domain::case::Rules;
use asbcase_domain::event::Change;
use asbcase_domain::partnership::ShareScope;
use asbcase_domain::standards::ServiceStandards;
use asbcase_store::both_backends;
use common::TestApp;
use jiff::Timestamp;

/// The case references listed on a results page, in order.
fn references(body: &str) -> Vec<String> {
    body.split("<a class=\"govuk-link\" href=\"/cases/")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

both_backends!(an_officer_finds_their_organisations_cases_by_name_however_it_is_spelt, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let officer = app.signed_in(&w.officer).await;

    let worklist = officer.get("/worklist").await;
    assert!(worklist.contains("action=\"/search\""), "the search box is on every staff page");

    let mut council = vec![w.officers_case.reference.to_string(), w.colleagues_case.reference.to_string()];
    council.sort();
    for q in ["Achterberg", "morgan+achterberg", "Achterburg+Morgan", "07700+900456", "AV1+4QT+achterberg"] {
        let page = officer.get(&format!("/search?q={q}")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let mut found = references(&page.body);
        found.sort();
        assert_eq!(found, council, "{q}: not the landlord's case, nor another partnership's");
        assert!(page.contains("2 cases found"), "{q}");
    }
    let music = officer.get("/search?q=loud+music").await;
    assert_eq!(references(&music.body), vec![w.colleagues_case.reference.to_string()]);
    let none = officer.get("/search?q=graffiti").await;
    assert!(none.contains("No cases found"));
    assert!(references(&none.body).is_empty());

    // The landlord's officer finds only the landlord's case.
    let landlord = app.signed_in(&w.landlord_officer).await;
    let theirs = landlord.get("/search?q=Achterberg").await;
    assert_eq!(references(&theirs.body), vec![w.landlords_case.reference.to_string()]);
});

both_backends!(a_case_reference_goes_straight_to_the_case_if_it_may_be_seen, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let officer = app.signed_in(&w.officer).await;
    let own = w.officers_case.reference.to_string();
    let jump = officer.get(&format!("/search?q={}", own.to_lowercase())).await;
    assert_eq!(jump.status, 303);
    assert_eq!(jump.location.as_deref(), Some(format!("/cases/{own}").as_str()));

    // Another organisation's case is not told to exist.
    let theirs = w.landlords_case.reference.to_string();
    let page = officer.get(&format!("/search?q={theirs}")).await;
    assert_eq!(page.status, 200);
    assert!(page.contains(&format!("No case {theirs} that you can see")), "{}", page.body);
});

both_backends!(a_partner_finds_a_shared_case_but_only_by_what_the_share_shows, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let landlord = app.signed_in(&w.landlord_officer).await;
    let shared = w.colleagues_case.reference.to_string();
    assert!(!references(&landlord.get("/search?q=loud+music").await.body).contains(&shared));

    let (standards, calendar) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &standards, calendar: &calendar };
    let mut case = app.db.store.case(w.tenant, w.colleagues_case.id).await.unwrap().unwrap();
    let share = Change::Shared { organisation: w.landlord, scope: ShareScope::Summary, purpose: "Joint visit".into() };
    case.record(share, Some(w.colleague.id), Timestamp::now(), &rules).unwrap();
    app.db.store.save_case(&mut case).await.unwrap();

    let page = landlord.get("/search?q=loud+music").await;
    assert_eq!(references(&page.body), vec![shared.clone()], "found by its report");
    assert!(page.contains("Shared by Ashford Vale"), "{}", page.body);
    let diary = landlord.get("/search?q=diary+loud").await;
    assert!(references(&diary.body).is_empty(), "contacts are not in a summary, so they do not find it");
    assert_eq!(references(&app.signed_in(&w.colleague).await.get("/search?q=diary+loud").await.body), vec![shared]);
});

both_backends!(an_empty_search_says_what_to_enter, |db| async move {
    let app = TestApp::start(db).await;
    let officer = app.signed_in(&app.world.officer).await;
    let blank = officer.get("/search").await;
    assert_eq!(blank.status, 200);
    assert!(!blank.title().starts_with("Error: "));
    for (q, says) in [
        ("+++", "Enter a case reference, a name, an address or postcode"),
        ("%21%3F", "Enter letters or numbers to search for"),
        (&"a".repeat(201), "Search for 200 characters or fewer"),
    ] {
        let page = officer.get(&format!("/search?q={q}")).await;
        assert_eq!(page.status, 200);
        assert!(page.title().starts_with("Error: "), "{q}");
        assert!(page.contains("href=\"#q\"") && page.contains(says), "{q}: {}", page.body);
    }
    // Someone who does not work on cases has no search.
    let analyst = app.signed_in(&app.world.analyst).await;
    assert!(!analyst.get("/performance").await.contains("action=\"/search\""));
    assert_eq!(analyst.get("/search?q=Achterberg").await.status, 403);
});
