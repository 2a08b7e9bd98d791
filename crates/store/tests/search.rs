//! Finding cases from the search box, told as stories; every test runs on SQLite and
//! PostgreSQL, so both find exactly the same cases.
use asbcase_domain::PersonId;
use asbcase_domain::case::{Case, Rules};
use asbcase_domain::event::Change;
use asbcase_domain::ids::PartyId;
use asbcase_domain::organisation::OrganisationKind;
use asbcase_domain::partnership::ShareScope;
use asbcase_domain::party::{Party, PartyRole, Person};
use asbcase_domain::risk::RiskBand;
use asbcase_domain::search::Query;
use asbcase_domain::time::parse;
use asbcase_domain::{OrganisationId, TenantId};
use asbcase_store::{Erasure, Organisation, Store, Written, both_backends};
use jiff::Timestamp;

mod common;
use common::{World, report, rules, world};

/// The references of the cases `org` finds with `text`, once the index has caught up.
async fn find(store: &Store, tenant: TenantId, org: OrganisationId, text: &str) -> Vec<String> {
    while store.index_queued(Some(tenant), 100).await.unwrap() > 0 {}
    let Query::Terms(entries) = Query::parse(text).unwrap() else { panic!("{text} is a reference") };
    let found = store.search_cases(tenant, org, &entries, 50, Timestamp::now()).await.unwrap();
    found.hits.iter().map(|h| h.summary.reference.to_string()).collect()
}

/// A noise case with a named complainant, a note and, when given, a share.
async fn case_with(
    store: &Store,
    w: &World,
    complainant: &Person,
    note: &str,
    share: Option<(OrganisationId, ShareScope)>,
) -> Case {
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    store.create_person(w.tenant, complainant, Timestamp::now()).await.unwrap();
    let mut case = report(store, w, "2026-10-05T09:00:00Z", RiskBand::Standard, &["noise"]).await;
    let at = parse("2026-10-06T10:00:00Z").unwrap();
    let party =
        Party { id: PartyId::new(), role: PartyRole::Complainant, person: Some(complainant.id), description: None };
    case.record(Change::PartyAdded { party }, Some(w.officer), at, &rules).unwrap();
    case.record(Change::NoteAdded { text: note.into() }, Some(w.officer), at, &rules).unwrap();
    if let Some((organisation, scope)) = share {
        let shared = Change::Shared { organisation, scope, purpose: "Joint visit".into() };
        case.record(shared, Some(w.officer), at, &rules).unwrap();
    }
    store.save_case(&mut case).await.unwrap();
    case
}

fn person(name: &str, phone: &str, email: &str) -> Person {
    Person {
        id: PersonId::new(),
        name: name.into(),
        address: Some("Flat 2, 14 Orchard Court, Ashford Vale AV1 4QT".into()),
        phone: Some(phone.into()),
        email: Some(email.into()),
    }
}

async fn police(store: &Store, w: &World) -> OrganisationId {
    let org = Organisation {
        tenant: w.tenant,
        id: OrganisationId::new(),
        name: "Ashford Vale Police".into(),
        kind: OrganisationKind::Police,
    };
    store.create_organisation(&org).await.unwrap();
    org.id
}

both_backends!(an_officer_finds_a_case_by_name_phone_email_postcode_or_words, |db| async move {
    let w = world(&db.store).await;
    let kemi = person("Kemi Adeyemi", "+44 7700 900123", "Kemi.A@example.org");
    let case = case_with(&db.store, &w, &kemi, "Visited; a barking dog was heard", None).await;
    let other = person("Tom Price", "07700 900999", "tom@example.org");
    let _other = case_with(&db.store, &w, &other, "Called back", None).await;
    let reference = case.reference.to_string();

    for query in [
        "Adeyemi",
        "adeyemi kemi",
        "Kemmy Adeyemmi",
        "07700 900123",
        "kemi.a@example.org",
        "barking dog",
        "AV1 4QT adeyemi",
        "stairwell adeyemi",
    ] {
        assert_eq!(find(&db.store, w.tenant, w.org, query).await, vec![reference.clone()], "{query}");
    }
    assert_eq!(find(&db.store, w.tenant, w.org, "stairwell").await.len(), 2, "both reports mention the stairwell");
    assert!(find(&db.store, w.tenant, w.org, "graffiti").await.is_empty());
});

both_backends!(a_partner_never_finds_a_case_not_shared_with_it, |db| async move {
    let w = world(&db.store).await;
    let police = police(&db.store, &w).await;
    let kemi = person("Kemi Adeyemi", "07700 900123", "kemi@example.org");
    let unshared = case_with(&db.store, &w, &kemi, "Barking dog", None).await;
    let jo = person("Jo Okafor", "07700 900456", "jo@example.org");
    let summary = case_with(&db.store, &w, &jo, "Barking dog next door", Some((police, ShareScope::Summary))).await;
    let sam = person("Sam Okafor", "07700 900789", "sam@example.org");
    let full = case_with(&db.store, &w, &sam, "Barking dog again", Some((police, ShareScope::Full))).await;

    assert!(find(&db.store, w.tenant, police, "Adeyemi").await.is_empty(), "not shared: not found");
    let mut okafor = find(&db.store, w.tenant, police, "Okafor").await;
    okafor.sort();
    assert_eq!(okafor, vec![summary.reference.to_string(), full.reference.to_string()]);
    assert_eq!(
        find(&db.store, w.tenant, police, "barking").await,
        vec![full.reference.to_string()],
        "a summary does not show the notes, so its notes do not find it"
    );
    assert_eq!(find(&db.store, w.tenant, w.org, "barking").await.len(), 3, "the council finds all of its own");
    assert!(!find(&db.store, w.tenant, w.org, "Adeyemi").await.is_empty());
    let _ = unshared;

    // Another partnership finds nothing of this one's.
    let elsewhere = world(&db.store).await;
    assert!(find(&db.store, elsewhere.tenant, elsewhere.org, "Okafor").await.is_empty());
});

/// As [`find`], with every word that two documents have taken as common (on a large database,
/// 5,000): common words are not ranked, and only the newest matches and the cases shared with
/// the searcher are looked at.
async fn find_common(store: &Store, tenant: TenantId, org: OrganisationId, text: &str) -> Vec<String> {
    while store.index_queued(Some(tenant), 100).await.unwrap() > 0 {}
    let Query::Terms(entries) = Query::parse(text).unwrap() else { panic!("{text} is a reference") };
    let hits = store.search_cases_within(tenant, org, &entries, 50, Timestamp::now(), 2).await.unwrap().hits;
    let mut found: Vec<String> = hits.iter().map(|h| h.summary.reference.to_string()).collect();
    found.sort();
    found
}

/// Whether a search of `text` with the words of two documents taken as common left out
/// older cases.
async fn newest_only(store: &Store, tenant: TenantId, org: OrganisationId, text: &str) -> bool {
    let Query::Terms(entries) = Query::parse(text).unwrap() else { panic!("{text} is a reference") };
    store.search_cases_within(tenant, org, &entries, 50, Timestamp::now(), 2).await.unwrap().newest_only
}

both_backends!(a_common_word_in_other_organisations_cases_does_not_hide_an_organisations_own, |db| async move {
    // The police's one case about a barking dog is the oldest; then the council of the same
    // partnership and another partnership record three each, all newer.
    let w = world(&db.store).await;
    let police = police(&db.store, &w).await;
    let as_police = World { tenant: w.tenant, org: police, officer: w.officer };
    let kemi = person("Kemi Adeyemi", "07700 900123", "kemi@example.org");
    let theirs = case_with(&db.store, &as_police, &kemi, "Barking dog", None).await;
    let (theirs_id, theirs) = (theirs.id, theirs.reference.to_string());
    while db.store.index_queued(Some(w.tenant), 100).await.unwrap() > 0 {}
    let elsewhere = world(&db.store).await;
    for (i, partnership) in [&w, &w, &w, &elsewhere, &elsewhere, &elsewhere].into_iter().enumerate() {
        let p = person(&format!("Sam Okafor {i}"), "07700 900789", "sam@example.org");
        case_with(&db.store, partnership, &p, "Barking dog again", None).await;
    }
    while db.store.index_queued(None, 100).await.unwrap() > 0 {}

    // "barking" is common (14 documents, over two here): the newest matches are the others'.
    assert_eq!(
        find_common(&db.store, w.tenant, police, "barking").await,
        vec![theirs.clone()],
        "the police's own case"
    );
    assert!(!newest_only(&db.store, w.tenant, police, "barking").await, "all the police's cases were looked through");
    assert_eq!(find_common(&db.store, elsewhere.tenant, elsewhere.org, "barking").await.len(), 2);
    assert!(newest_only(&db.store, elsewhere.tenant, elsewhere.org, "barking").await, "its third was left out");

    // After the upgrade that added the organisation's term, until the indexer has remade every
    // document, an older document without it is still found (SQLite, whose search of common
    // words looks through an organisation's own documents by that term), and the search says
    // older cases may be left out meanwhile.
    if let Store::Sqlite(pool) = &db.store {
        let document: i64 = sqlx::query_scalar("SELECT id FROM search_documents WHERE case_id = $1 AND part = 'all'")
            .bind(theirs_id.0)
            .fetch_one(pool)
            .await
            .unwrap();
        // Made again as before the upgrade: the newest document, without the term.
        sqlx::query("DELETE FROM search_terms WHERE rowid = $1").bind(document).execute(pool).await.unwrap();
        sqlx::query("DELETE FROM search_documents WHERE id = $1").bind(document).execute(pool).await.unwrap();
        let document: i64 = sqlx::query_scalar(
            "INSERT INTO search_documents (tenant_id, case_id, part) VALUES ($1, $2, 'all') RETURNING id",
        )
        .bind(w.tenant.0)
        .bind(theirs_id.0)
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO search_terms (rowid, terms) VALUES ($1, 'barking dog')")
            .bind(document)
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO search_remaking (tenant_id) VALUES ($1)")
            .bind(w.tenant.0)
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("UPDATE search_queue SET version = version + 1").execute(pool).await.unwrap();
        let Query::Terms(entries) = Query::parse("barking").unwrap() else { panic!() };
        let found = db.store.search_cases_within(w.tenant, police, &entries, 50, Timestamp::now(), 2).await.unwrap();
        let refs: Vec<String> = found.hits.iter().map(|h| h.summary.reference.to_string()).collect();
        assert_eq!(refs, vec![theirs.clone()], "found while documents are remade");
        assert!(found.newest_only, "and older cases may be left out meanwhile");
        // Remade, the document has the term again and the partnership is no longer marked.
        assert_eq!(find_common(&db.store, w.tenant, police, "barking").await, vec![theirs.clone()]);
        assert!(!newest_only(&db.store, w.tenant, police, "barking").await);
        let marked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM search_remaking").fetch_one(pool).await.unwrap();
        assert_eq!(marked, 0);
    }
});

both_backends!(a_search_of_common_words_finds_only_what_the_searcher_may_see, |db| async move {
    let w = world(&db.store).await;
    let police = police(&db.store, &w).await;
    let kemi = person("Kemi Adeyemi", "07700 900123", "kemi@example.org");
    let unshared = case_with(&db.store, &w, &kemi, "Barking dog", None).await.reference.to_string();
    let jo = person("Jo Okafor", "07700 900456", "jo@example.org");
    let summary = case_with(&db.store, &w, &jo, "Barking dog next door", Some((police, ShareScope::Summary))).await;
    let summary = summary.reference.to_string();
    let sam = person("Sam Okafor", "07700 900789", "sam@example.org");
    let full = case_with(&db.store, &w, &sam, "Barking dog again", Some((police, ShareScope::Full))).await;
    let full = full.reference.to_string();

    // The same searches before and after PostgreSQL has taken statistics of the documents'
    // terms, from which it knows the clearly common ones without counting them.
    for statistics in [false, true] {
        if statistics {
            db.store.refresh_statistics(Written::SearchDocuments).await.unwrap();
            if let Store::Postgres(pool) = &db.store {
                let sampled: String = sqlx::query_scalar(
                    "SELECT most_common_elems::text FROM pg_stats WHERE tablename = 'search_documents' AND attname = 'terms'",
                )
                .fetch_one(pool)
                .await
                .unwrap();
                assert!(sampled.contains("barking"), "{sampled}");
            }
        }
        // Words of many documents only: not ranked, and still only what each may see.
        assert_eq!(
            find_common(&db.store, w.tenant, police, "barking").await,
            vec![full.clone()],
            "notes: full share only"
        );
        let mut both = vec![summary.clone(), full.clone()];
        both.sort();
        assert_eq!(find_common(&db.store, w.tenant, police, "Okafor").await, both);
        assert!(find_common(&db.store, w.tenant, police, "Adeyemi").await.is_empty(), "not shared: not found");
        // Only about the council's newest two cases are looked through here (5,000 on a large
        // database): its third is left out, the price of not ranking a common word, and the
        // search says so.
        assert_eq!(find_common(&db.store, w.tenant, w.org, "barking dog").await.len(), 2, "the council's own");
        assert!(newest_only(&db.store, w.tenant, w.org, "barking dog").await, "an older case may be left out");
        assert!(
            !newest_only(&db.store, w.tenant, police, "barking dog").await,
            "the police's two shares were looked at"
        );
        // A common word with a rare one (the last six digits of a phone, in one document):
        // ranked by the rare one, though the council's case with it is its oldest.
        assert_eq!(find_common(&db.store, w.tenant, police, "barking 900789").await, vec![full.clone()]);
        assert!(find_common(&db.store, w.tenant, police, "Okafor 900456").await.is_empty(), "a summary has no phone");
        assert!(find_common(&db.store, w.tenant, police, "barking 900123").await.is_empty(), "not shared");
        assert_eq!(find_common(&db.store, w.tenant, w.org, "barking 900123").await, vec![unshared.clone()]);
    }
});

both_backends!(a_rare_spelling_comes_first_though_its_sound_alikes_are_common, |db| async move {
    let w = world(&db.store).await;
    // The oldest case is Smythe's; two newer ones are Smith's, which sound the same: the
    // sound-alike key is in many documents (6: each case has two), the spelling in 2, under the
    // threshold here of 3.
    let smythe = person("Jayne Smythe", "07700 900111", "jayne@example.org");
    let smythe = case_with(&db.store, &w, &smythe, "Shouting", None).await.reference.to_string();
    while db.store.index_queued(Some(w.tenant), 100).await.unwrap() > 0 {}
    let (mut smiths, mut newest) = (vec![], String::new());
    for (name, phone) in [("Jane Smith", "07700 900222"), ("Jon Smith", "07700 900333")] {
        let p = person(name, phone, "smith@example.org");
        newest = case_with(&db.store, &w, &p, "Shouting", None).await.reference.to_string();
        smiths.push(newest.clone());
    }
    while db.store.index_queued(Some(w.tenant), 100).await.unwrap() > 0 {}
    let Query::Terms(entries) = Query::parse("Smythe").unwrap() else { panic!() };
    let hits = db.store.search_cases_within(w.tenant, w.org, &entries, 50, Timestamp::now(), 3).await.unwrap().hits;
    let found: Vec<String> = hits.iter().map(|h| h.summary.reference.to_string()).collect();
    assert_eq!(found.first(), Some(&smythe), "the spelling searched for first, though oldest: {found:?}");
    assert!(found.contains(&newest), "then the sound-alikes: {found:?}");
    assert_eq!(found.iter().filter(|r| **r == smythe).count(), 1, "once");
});

both_backends!(an_erased_person_is_no_longer_found_by_their_details, |db| async move {
    let w = world(&db.store).await;
    let kemi = person("Kemi Adeyemi", "07700 900123", "kemi@example.org");
    let mut case = case_with(&db.store, &w, &kemi, "Visited", None).await;
    assert_eq!(find(&db.store, w.tenant, w.org, "Adeyemi").await.len(), 1);
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    let at = parse("2026-11-30T10:00:00Z").unwrap();
    case.record(Change::Triaged { note: "Noise".into() }, Some(w.officer), at, &rules).unwrap();
    case.record(Change::Opened, Some(w.officer), at, &rules).unwrap();
    let closed = Change::Closed {
        outcome: asbcase_domain::case::ClosureOutcome::Resolved,
        summary: "Resolved".into(),
        survey: false,
        open_actions_confirmed: false,
    };
    case.record(closed, Some(w.officer), at, &rules).unwrap();
    db.store.save_case(&mut case).await.unwrap();

    let at = parse("2026-12-04T12:00:00Z").unwrap();
    let erased = db.store.erase_person(w.tenant, kemi.id, "Asked by email", Some(w.officer), at).await.unwrap();
    assert!(matches!(erased, Erasure::Erased { .. }), "{erased:?}");
    // Before the indexer has run again: the old documents are gone with the erasure.
    let Query::Terms(entries) = Query::parse("Adeyemi").unwrap() else { panic!() };
    let hits = db.store.search_cases(w.tenant, w.org, &entries, 50, Timestamp::now()).await.unwrap().hits;
    assert!(hits.is_empty(), "{hits:?}");
    for query in ["Adeyemi", "07700 900123", "kemi@example.org"] {
        assert!(find(&db.store, w.tenant, w.org, query).await.is_empty(), "{query}");
    }
    assert_eq!(find(&db.store, w.tenant, w.org, "stairwell").await, vec![case.reference.to_string()]);
});

both_backends!(a_note_added_later_finds_the_case_once_indexed, |db| async move {
    let w = world(&db.store).await;
    let kemi = person("Kemi Adeyemi", "07700 900123", "kemi@example.org");
    let mut case = case_with(&db.store, &w, &kemi, "Visited", None).await;
    assert_eq!(db.store.search_queue_length(w.tenant).await.unwrap(), 1);
    assert_eq!(db.store.index_queued(Some(w.tenant), 100).await.unwrap(), 1);
    assert_eq!(db.store.search_queue_length(w.tenant).await.unwrap(), 0);

    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    let at = parse("2026-10-07T10:00:00Z").unwrap();
    case.record(Change::NoteAdded { text: "Graffiti on the door".into() }, Some(w.officer), at, &rules).unwrap();
    db.store.save_case(&mut case).await.unwrap();
    assert_eq!(db.store.search_queue_length(w.tenant).await.unwrap(), 1, "a change queues the case");
    assert_eq!(find(&db.store, w.tenant, w.org, "graffiti").await, vec![case.reference.to_string()]);
});

both_backends!(an_anonymised_case_is_not_found_by_a_person_still_on_another_case, |db| async move {
    let w = world(&db.store).await;
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    let kemi = person("Kemi Adeyemi", "07700 900123", "kemi@example.org");
    db.store.create_person(w.tenant, &kemi, Timestamp::now()).await.unwrap();
    // An old case, closed in 2019, and a new one about the same person, still open.
    let mut old = report(&db.store, &w, "2019-03-04T09:00:00Z", RiskBand::Standard, &["noise"]).await;
    let at = parse("2019-03-05T10:00:00Z").unwrap();
    let party = Party { id: PartyId::new(), role: PartyRole::Complainant, person: Some(kemi.id), description: None };
    old.record(Change::PartyAdded { party }, Some(w.officer), at, &rules).unwrap();
    old.record(Change::Triaged { note: "Noise".into() }, Some(w.officer), at, &rules).unwrap();
    old.record(Change::Opened, Some(w.officer), at, &rules).unwrap();
    let closed = Change::Closed {
        outcome: asbcase_domain::case::ClosureOutcome::Resolved,
        summary: "Resolved".into(),
        survey: false,
        open_actions_confirmed: false,
    };
    old.record(closed, Some(w.officer), parse("2019-06-28T15:00:00Z").unwrap(), &rules).unwrap();
    db.store.save_case(&mut old).await.unwrap();
    let mut new = report(&db.store, &w, "2026-10-05T09:00:00Z", RiskBand::Standard, &["noise"]).await;
    let party = Party { id: PartyId::new(), role: PartyRole::Complainant, person: Some(kemi.id), description: None };
    new.record(Change::PartyAdded { party }, Some(w.officer), parse("2026-10-05T10:00:00Z").unwrap(), &rules).unwrap();
    db.store.save_case(&mut new).await.unwrap();
    assert_eq!(find(&db.store, w.tenant, w.org, "Adeyemi").await.len(), 2);

    let run = db.store.apply_retention(w.tenant, parse("2026-12-04T12:00:00Z").unwrap(), None, false).await.unwrap();
    assert_eq!(run.cases.len(), 1);
    assert_eq!(run.anonymised.people_erased, 0, "Kemi is still on an open case");
    assert_eq!(find(&db.store, w.tenant, w.org, "Adeyemi").await, vec![new.reference.to_string()]);
    assert_eq!(find(&db.store, w.tenant, w.org, "07700 900123").await, vec![new.reference.to_string()]);
});

/// A case whose documents wait because another writer held the database is not marked as
/// one that cannot be searched: it is made next time. (SQLite: waits out its 10-second lock
/// timeout once.)
#[tokio::test]
async fn a_busy_database_leaves_a_case_waiting_rather_than_unsearchable() {
    use sqlx::Connection;
    let db = asbcase_store::testing::ScratchDb::new("sqlite").await;
    let w = world(&db.store).await;
    let kemi = person("Kemi Adeyemi", "07700 900123", "kemi@example.org");
    let case = case_with(&db.store, &w, &kemi, "Visited", None).await;

    let mut other = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE").execute(&mut other).await.unwrap();
    assert_eq!(db.store.index_queued(Some(w.tenant), 100).await.unwrap(), 0, "nothing could be written");
    assert_eq!(db.store.search_queue_length(w.tenant).await.unwrap(), 1, "still waiting");
    assert_eq!(db.store.search_failures().await.unwrap(), 0, "not marked as failed");
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    other.close().await.unwrap();

    assert_eq!(find(&db.store, w.tenant, w.org, "Adeyemi").await, vec![case.reference.to_string()]);
    // The transaction the lock refused is rolled back by this test's runtime: the store is
    // closed here, while it runs, rather than from the scratch database's drop, which would
    // wait for that forever.
    db.store.close().await;
}
