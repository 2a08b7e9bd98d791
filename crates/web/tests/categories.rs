//! The partnership's category catalogue, changed from Settings by the administrator of the
//! organisation that takes reports: a new category is offered to residents at once.
mod common;

use asbcase_domain::category::{PoliceGroup, Priority};
use asbcase_store::both_backends;
use common::TestApp;

both_backends!(an_administrator_adds_a_category_and_residents_see_it_at_once, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let admin = app.signed_in(&w.admin).await;
    assert!(admin.get("/settings").await.contains("href=\"/settings/categories\""));
    let before = app.browser().get("/information/types-of-anti-social-behaviour").await;
    assert_eq!(before.status, 200);
    assert!(before.contains("Noise") && !before.contains("Dog fouling"));

    let csrf = admin.csrf("/settings/categories/new").await;
    let refused = admin
        .post("/settings/categories", &[("csrf_token", &csrf), ("name", ""), ("explanation", ""), ("priority", "7")])
        .await;
    assert_eq!(refused.status, 200);
    assert!(refused.title().starts_with("Error: "));
    for (field, says) in [
        ("name", "Enter the category"),
        ("explanation", "Enter what the category means"),
        ("priority", "Choose a priority from 1 (most urgent) to 4"),
        ("group", "Choose which of the police"),
    ] {
        assert!(refused.contains(&format!("href=\"#{field}\"")) && refused.contains(says), "{field}");
    }
    let taken = admin
        .post(
            "/settings/categories",
            &[("csrf_token", &csrf), ("name", "noise"), ("explanation", "x"), ("priority", "2"), ("group", "nuisance")],
        )
        .await;
    assert!(taken.contains("There is already a category called ‘noise’"), "{}", taken.body);

    let form = [
        ("csrf_token", csrf.as_str()),
        ("name", "Dog fouling"),
        ("explanation", "Dogs fouling paths, parks and play areas."),
        ("priority", "3"),
        ("group", "environmental"),
    ];
    let added = admin.post("/settings/categories", &form).await;
    assert_eq!(added.status, 303, "{}", added.body);
    let list = admin.get(added.location.as_deref().unwrap()).await;
    assert!(list.contains("The category is saved") && list.contains("Dog fouling"));
    assert!(list.contains("Alex Admin (alex.admin@ashfordvale.example)"), "kept with who added it");
    let catalogue = app.db.store.categories(w.tenant).await.unwrap();
    let dog = catalogue.iter().find(|c| c.code == "dog_fouling").unwrap();
    assert_eq!((dog.priority, dog.group), (Priority(3), PoliceGroup::Environmental));
    assert!(
        app.browser()
            .get("/information/types-of-anti-social-behaviour")
            .await
            .contains("Dogs fouling paths, parks and play areas.")
    );

    // Changed: its code stays, its priority moves.
    let edit = admin.get("/settings/categories/dog_fouling").await;
    assert!(edit.contains("value=\"Dog fouling\""));
    let mut changed = form;
    changed[3] = ("priority", "2");
    let saved = admin.post("/settings/categories/dog_fouling", &changed).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let catalogue = app.db.store.categories(w.tenant).await.unwrap();
    assert_eq!(catalogue.iter().filter(|c| c.name == "Dog fouling").count(), 1);
    assert_eq!(catalogue.iter().find(|c| c.code == "dog_fouling").unwrap().priority, Priority(2));

    assert_eq!(admin.get("/settings/categories/karaoke").await.status, 404);
    let manager = app.signed_in(&w.manager).await;
    assert_eq!(manager.get("/settings/categories").await.status, 403, "the catalogue is the partnership's");
});

both_backends!(a_team_manager_sets_the_patches_officers_cover, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let manager = app.signed_in(&w.manager).await;
    let page = manager.get("/settings/patches").await;
    assert_eq!(page.status, 200, "{}", page.body);
    // The world's council cases are in the Northgate patch, which its officers cover.
    assert!(page.contains("Northgate") && !page.contains("No officer"), "{}", page.body);

    let csrf = page.csrf().unwrap();
    let (priya, tom) = (format!("patch-{}", w.officer.id.0), format!("patch-{}", w.colleague.id.0));
    let long = "x".repeat(61);
    let refused =
        manager.post("/settings/patches", &[("csrf_token", &csrf), (&priya, "Riverside"), (&tom, &long)]).await;
    assert!(refused.title().starts_with("Error: "));
    assert!(refused.contains(&format!("href=\"#{tom}\"")) && refused.contains("60 characters or fewer"));
    assert!(refused.contains("value=\"Riverside\""), "what was typed is kept");

    // A form that did not show Tom (he became an officer after it was opened) leaves his patch.
    let partial = manager.post("/settings/patches", &[("csrf_token", &csrf), (&priya, "Northgate")]).await;
    assert_eq!(partial.status, 303);
    let tom_then = app.db.store.user(w.tenant, w.colleague.id).await.unwrap().unwrap();
    assert_eq!(tom_then.patch.as_deref(), Some("Northgate"));

    let saved = manager.post("/settings/patches", &[("csrf_token", &csrf), (&priya, " Riverside "), (&tom, "")]).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let after = manager.get(saved.location.as_deref().unwrap()).await;
    assert!(after.contains("The patches are saved"));
    assert!(after.contains("No officer"), "Northgate's open cases now have no officer: {}", after.body);
    assert!(after.contains("Helen Marsh (helen.marsh@ashfordvale.example)"));
    assert!(after.contains("Priya Shah: Northgate → Riverside; Tom Okafor: Northgate → no patch"), "{}", after.body);
    let priya_now = app.db.store.user(w.tenant, w.officer.id).await.unwrap().unwrap();
    assert_eq!(priya_now.patch.as_deref(), Some("Riverside"));
    let tom_now = app.db.store.user(w.tenant, w.colleague.id).await.unwrap().unwrap();
    assert_eq!(tom_now.patch, None);
    assert_eq!(app.signed_in(&w.officer).await.get("/settings/patches").await.status, 403);
});
