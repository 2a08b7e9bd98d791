//! The complaints a case page weighs for its repeats and its ASB Case Review prompt, told as
//! stories; every test runs on SQLite and PostgreSQL.
use asbcase_domain::case::{Case, Rules};
use asbcase_domain::case_review::{Complaint, RuleBook, detect};
use asbcase_domain::event::Change;
use asbcase_domain::ids::PartyId;
use asbcase_domain::location::{Location, Postcode};
use asbcase_domain::party::{Party, PartyRole, Person};
use asbcase_domain::repeats::{repeats, repeats_of_case};
use asbcase_domain::risk::RiskBand;
use asbcase_domain::time::london;
use asbcase_domain::{CaseId, PersonId};
use asbcase_store::{Store, both_backends};
use jiff::{Timestamp, ToSpan};

mod common;
use common::{World, report_at, rules, world};

fn place(address: &str, postcode: Option<&str>, uprn: Option<&str>) -> Location {
    Location {
        address: address.into(),
        postcode: postcode.map(|p| Postcode::parse(p).unwrap()),
        uprn: uprn.map(str::to_string),
        ..Location::default()
    }
}

fn person(name: &str) -> Person {
    Person { id: PersonId::new(), name: name.into(), address: None, phone: None, email: None }
}

/// A report of `location` `days` ago, naming `people` (each with their role).
async fn case_of(store: &Store, w: &World, days: i64, location: Location, people: &[(PartyRole, &Person)]) -> Case {
    let at = Timestamp::now() - (days * 24).hours();
    let mut case = report_at(store, w, at, RiskBand::Standard, &["noise"], location).await;
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    for (role, p) in people {
        let party = Party { id: PartyId::new(), role: *role, person: Some(p.id), description: None };
        case.record(Change::PartyAdded { party }, Some(w.officer), at, &rules).unwrap();
    }
    store.save_case(&mut case).await.unwrap();
    case
}

fn references(complaints: &[Complaint]) -> Vec<String> {
    let mut out: Vec<String> = complaints.iter().map(|c| c.reference.to_string()).collect();
    out.sort();
    out.dedup();
    out
}

/// What a case page shows of `case` from `complaints`: its repeats, and the matters of it that
/// reach the threshold for a review.
fn shown(complaints: &[Complaint], case: CaseId, book: &RuleBook) -> (String, String) {
    let today = Timestamp::now().to_zoned(london()).date();
    let since = today.checked_sub(12.months()).unwrap();
    let repeats = repeats_of_case(&repeats(complaints, since), case);
    let review: Vec<_> =
        detect(complaints, book, today).into_iter().filter(|d| d.complaints.iter().any(|c| c.case == case)).collect();
    (format!("{repeats:?}"), format!("{review:?}"))
}

both_backends!(a_case_page_weighs_the_complaints_of_its_place_and_people_and_no_others, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    let kemi = person("Kemi Adeyemi");
    let dan = person("Dan Rowe");
    // A police officer who witnessed both Kemi's complaint and an unrelated one.
    let pcso = person("PCSO Lee");
    for p in [&kemi, &dan, &pcso] {
        store.create_person(w.tenant, p, Timestamp::now()).await.unwrap();
    }
    let (complainant, about, witness) = (PartyRole::Complainant, PartyRole::PersonComplainedAbout, PartyRole::Witness);
    let orchard = || place("14 Orchard Court, Ashford Vale", Some("AV1 4QT"), None);
    // Kemi complains about Dan at 14 Orchard Court; two more reports of the same flat, one
    // typed in capitals; a neighbour's flat of the same postcode; Kemi again from elsewhere;
    // Dan complained about elsewhere; and a place with nothing in common.
    let case = case_of(store, &w, 20, orchard(), &[(complainant, &kemi), (about, &dan), (witness, &pcso)]).await;
    let same_flat = case_of(store, &w, 15, orchard(), &[]).await;
    let shouted = case_of(store, &w, 12, place("14 ORCHARD COURT,  ASHFORD VALE", Some("AV1 4QT"), None), &[]).await;
    let neighbour = case_of(store, &w, 10, place("16 Orchard Court, Ashford Vale", Some("AV1 4QT"), None), &[]).await;
    let kemi_elsewhere =
        case_of(store, &w, 9, place("3 Mill Lane, Ashford Vale", Some("AV2 1AA"), None), &[(complainant, &kemi)]).await;
    let dan_elsewhere = case_of(store, &w, 8, place("7 Station Road", Some("AV3 2BB"), None), &[(about, &dan)]).await;
    let unrelated = case_of(store, &w, 7, place("9 Moat Close", Some("AV4 3CC"), None), &[(witness, &pcso)]).await;
    // Two reports of one property by its UPRN, its address written two ways.
    let by_uprn =
        case_of(store, &w, 6, place("Flat 1, 2 High Street", Some("AV5 5DD"), Some("100012345678")), &[]).await;
    let same_uprn = case_of(store, &w, 5, place("1/2 High St", None, Some("100012345678")), &[]).await;
    // The flat below, of the same postcode, with no UPRN recorded: another place.
    let _below = case_of(store, &w, 5, place("Flat 0, 2 High Street", Some("AV5 5DD"), None), &[]).await;
    // A place with no postcode: the alley, reported twice, and another alley.
    let by_alley = case_of(store, &w, 4, place("The alley behind Mill Street shops", None, None), &[]).await;
    let alley_again = case_of(store, &w, 3, place("the  Alley behind Mill Street Shops", None, None), &[]).await;
    let other_alley = case_of(store, &w, 2, place("The alley behind the station", None, None), &[]).await;
    // An imported address of 10,000 characters that do not compress, reported twice: longer
    // than an index entry may be, it is kept and matched whole (one that goes on further is
    // another place).
    let mut seed = 2026u64;
    let long: String = (0..10_000)
        .map(|_| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            char::from(b'a' + ((seed >> 58) % 26) as u8)
        })
        .collect();
    let long_once = case_of(store, &w, 2, place(&long, None, None), &[]).await;
    let long_again = case_of(store, &w, 1, place(&long, None, None), &[]).await;
    let _longer = case_of(store, &w, 1, place(&format!("{long}and the garages"), None, None), &[]).await;
    // Reported before the window: not weighed at all. And one of the flat reported before the
    // window but reported again since: its further report is weighed.
    let long_ago = case_of(store, &w, 800, place("9 Moat Close", Some("AV4 3CC"), None), &[(complainant, &kemi)]).await;
    let mut again = case_of(store, &w, 700, orchard(), &[]).await;
    let (s, c) = rules();
    let further = Change::FurtherReport {
        description: "The banging started again".into(),
        reported_at: Timestamp::now() - (2 * 24).hours(),
        channel: asbcase_domain::case::Channel::Phone,
        assessment: None,
        from: None,
    };
    again.record(further, Some(w.officer), Timestamp::now(), &Rules { standards: &s, calendar: &c }).unwrap();
    store.save_case(&mut again).await.unwrap();

    let since = Timestamp::now() - (13 * 31 * 24).hours();
    let book = store.review_rule_book(w.tenant).await.unwrap();
    let all = store.complaints_since(w.tenant, since).await.unwrap();
    assert!(!references(&all).contains(&long_ago.reference.to_string()));

    // The flat's page weighs the flat's reports (the one in capitals, and the further report
    // of the one from before), Kemi's and Dan's; not the neighbour's flat of the same postcode.
    let like = store.complaints_like(w.tenant, since, case.id).await.unwrap();
    let expected: Vec<String> = {
        let mut v: Vec<String> = [&case, &same_flat, &shouted, &again, &kemi_elsewhere, &dan_elsewhere]
            .iter()
            .map(|c| c.reference.to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(references(&like), expected);
    // What the page shows from them is what all the partnership's complaints show.
    assert_eq!(shown(&like, case.id, &book), shown(&all, case.id, &book));
    let (repeats, review) = shown(&like, case.id, &book);
    assert!(repeats.contains(&shouted.reference.to_string()), "the same flat in capitals is the same place");
    assert!(!repeats.contains(&neighbour.reference.to_string()), "the neighbour's flat is another place");
    assert!(repeats.contains(&again.reference.to_string()), "reported again since: {repeats}");
    assert!(review.contains("Threshold"), "three complaints about the flat: {review}");

    // A property is matched by its UPRN however its address is written.
    let like = store.complaints_like(w.tenant, since, by_uprn.id).await.unwrap();
    assert_eq!(references(&like), {
        let mut v = vec![by_uprn.reference.to_string(), same_uprn.reference.to_string()];
        v.sort();
        v
    });
    assert_eq!(shown(&like, by_uprn.id, &book), shown(&all, by_uprn.id, &book));

    // A place with no postcode is matched by its address, however it was typed.
    let like = store.complaints_like(w.tenant, since, alley_again.id).await.unwrap();
    assert_eq!(references(&like), {
        let mut v = vec![by_alley.reference.to_string(), alley_again.reference.to_string()];
        v.sort();
        v
    });
    assert_eq!(shown(&like, alley_again.id, &book), shown(&all, alley_again.id, &book));
    assert!(shown(&like, alley_again.id, &book).0.contains(&by_alley.reference.to_string()));

    let like = store.complaints_like(w.tenant, since, long_again.id).await.unwrap();
    assert_eq!(references(&like), {
        let mut v = vec![long_once.reference.to_string(), long_again.reference.to_string()];
        v.sort();
        v
    });

    // A case sharing nothing weighs only itself (a witness makes no matter).
    for lone in [&unrelated, &other_alley] {
        let like = store.complaints_like(w.tenant, since, lone.id).await.unwrap();
        assert_eq!(references(&like), vec![lone.reference.to_string()]);
        assert_eq!(shown(&like, lone.id, &book), shown(&all, lone.id, &book));
    }

    // Cases stored before their place was kept beside them are found by it once the store has
    // started (and filled it in).
    let sql = "UPDATE cases SET place_key = NULL";
    match store {
        Store::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        Store::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .unwrap();
    let alone = store.complaints_like(w.tenant, since, alley_again.id).await.unwrap();
    assert_eq!(references(&alone), vec![alley_again.reference.to_string()], "found by the key alone");
    store.migrate().await.unwrap();
    let like = store.complaints_like(w.tenant, since, alley_again.id).await.unwrap();
    assert!(references(&like).contains(&by_alley.reference.to_string()));
});

// A dashboard of a past period reads the complaints made in it and no later ones: a report
// after it is not read, and a further report recorded after it counts for the day it gives.
// Each report brings the day the behaviour last happened, where the report gave one.
both_backends!(a_past_periods_complaints_are_those_made_in_it_even_if_recorded_after_it, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    let days_ago = |days: i64| Timestamp::now() - (days * 24).hours();
    let (since, before) = (days_ago(150), days_ago(50));
    let flat = || place("14 Orchard Court, Ashford Vale", Some("AV1 4QT"), None);
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    let further_report = |given: Timestamp| Change::FurtherReport {
        description: "The banging started again".into(),
        reported_at: given,
        channel: asbcase_domain::case::Channel::Phone,
        assessment: None,
        from: None,
    };
    // In the period: a report.
    let inside = case_of(store, &w, 100, flat(), &[]).await;
    // After it: a report, not read.
    let after = case_of(store, &w, 30, flat(), &[]).await;
    // Reported before the period; a further report recorded today for a day inside it.
    let mut late = case_of(store, &w, 200, flat(), &[]).await;
    late.record(further_report(days_ago(60)), Some(w.officer), Timestamp::now(), &rules).unwrap();
    store.save_case(&mut late).await.unwrap();
    // Reported in the period, and again since it ended: only its report counts.
    let mut since_then = case_of(store, &w, 120, flat(), &[]).await;
    since_then.record(further_report(days_ago(10)), Some(w.officer), days_ago(10), &rules).unwrap();
    store.save_case(&mut since_then).await.unwrap();

    // In the period: a report saying when the behaviour last happened, which a review's
    // threshold weighs.
    let last_happened: jiff::civil::Date = days_ago(140).to_zoned(london()).date().checked_sub(3.days()).unwrap();
    let dated = {
        use asbcase_domain::case::{Channel, NewReport, ReportDetails};
        use asbcase_domain::category::{default_catalogue, rank};
        let at = days_ago(140);
        let (categories, priority) = rank(&["noise".to_string()], &default_catalogue()).unwrap();
        let reference = store.next_reference(w.tenant, at.to_zoned(london()).year()).await.unwrap();
        let report = NewReport {
            organisation: w.org,
            channel: Channel::Phone,
            description: "Music every night".into(),
            categories,
            priority,
            risk_band: RiskBand::Standard,
            location: flat(),
            flags: Default::default(),
            patch: None,
            reported_at: at,
            assessment: None,
            details: ReportDetails { last_happened: Some(last_happened), ..ReportDetails::default() },
        };
        let mut case = Case::report(w.tenant, reference, report, None, &rules).unwrap();
        store.save_case(&mut case).await.unwrap();
        case
    };
    let behaviour = |complaints: &[Complaint], case: CaseId| {
        complaints.iter().find(|c| c.case == case).map(|c| c.behaviour_on).expect("the report")
    };
    let between = store.complaints_between(w.tenant, since, before).await.unwrap();
    assert_eq!(behaviour(&between, dated.id), Some(last_happened));
    assert_eq!(behaviour(&between, inside.id), None, "not given");
    let all = store.complaints_since(w.tenant, since).await.unwrap();
    assert_eq!(behaviour(&all, dated.id), Some(last_happened));
    let like = store.complaints_like(w.tenant, since, inside.id).await.unwrap();
    assert_eq!(behaviour(&like, dated.id), Some(last_happened));
    assert_eq!(behaviour(&like, inside.id), None);

    let made = |complaints: Vec<Complaint>| {
        let mut out: Vec<(String, i64)> = complaints.iter().map(|c| (c.reference.to_string(), c.event)).collect();
        out.sort();
        out
    };
    let between = made(store.complaints_between(w.tenant, since, before).await.unwrap());
    let mut expected = vec![
        (inside.reference.to_string(), 1),
        (since_then.reference.to_string(), 1),
        (dated.reference.to_string(), 1),
    ];
    expected.push((late.reference.to_string(), late.version));
    expected.sort();
    assert_eq!(between, expected);
    // Everything since the period began has the later ones too.
    let all = made(store.complaints_since(w.tenant, since).await.unwrap());
    assert!(all.contains(&(after.reference.to_string(), 1)));
    assert_eq!(all.len(), 6);
});
