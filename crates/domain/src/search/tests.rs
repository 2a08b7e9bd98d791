use super::*;

fn document(build: impl FnOnce(&mut Terms)) -> Vec<String> {
    let mut terms = Terms::new();
    build(&mut terms);
    terms.to_document().split(' ').map(str::to_string).collect()
}

/// Whether a case with `doc` is found by `query`: every entry has a term in it.
fn finds(doc: &[String], query: &str) -> bool {
    match Query::parse(query).expect("a query") {
        Query::Terms(entries) => entries.iter().all(|alternatives| alternatives.iter().any(|t| doc.contains(t))),
        Query::Reference(r) => panic!("{query} is read as the reference {r}"),
    }
}

#[test]
fn a_whole_case_reference_goes_straight_to_the_case_however_it_is_typed() {
    let reference = Ok(Query::Reference(CaseReference::parse("ASB-2026-000123").unwrap()));
    for typed in ["  asb-2026-000123 ", "ASB 2026 000123", "asb-2026-123", "2026-000123", "ASB/2026/123"] {
        assert_eq!(Query::parse(typed), reference, "{typed}");
    }
    assert!(matches!(Query::parse("2026 000123"), Ok(Query::Terms(_))), "two numbers are words");
}

#[test]
fn accents_are_found_with_or_without_them() {
    let doc = document(|t| {
        t.name("José Ñúñez").text("Café on the corner");
    });
    assert!(finds(&doc, "jose nunez"));
    assert!(finds(&doc, "José"));
    assert!(finds(&doc, "cafe"));
}

#[test]
fn words_with_a_hyphen_or_apostrophe_are_found_as_typed() {
    let doc = document(|t| {
        t.text("Her ex-partner keeps calling").name("Siobhan O'Brien");
    });
    assert!(finds(&doc, "ex-partner"));
    assert!(finds(&doc, "expartner"));
    assert!(finds(&doc, "O'Brien"));
    assert!(finds(&doc, "OBrien"));
}

#[test]
fn a_long_number_finds_a_phone_number_or_the_same_digits_written_elsewhere() {
    let doc = document(|t| {
        t.text("Crime reference 201700123456").phone("07700 900123");
    });
    assert!(finds(&doc, "201700123456"));
    assert!(finds(&doc, "07700900123"));
    assert!(finds(&doc, "Crime 07700900123"), "a phone number among other words");
    assert!(finds(&doc, "900123"), "the last six digits, as read out");
}

#[test]
fn the_postcode_at_the_end_of_an_address_finds_it() {
    let doc = document(|t| {
        t.address("Flat 2, 14 Orchard Court, Ashford Vale AV1 4QT");
    });
    assert!(finds(&doc, "AV1 4QT"));
    assert!(finds(&doc, "av1"));
}

#[test]
fn an_empty_or_overlong_search_is_refused_with_the_reason() {
    assert_eq!(Query::parse("   "), Err(QueryError::Empty));
    assert_eq!(Query::parse(&"a".repeat(201)), Err(QueryError::TooLong));
    assert_eq!(Query::parse("!!! ???"), Err(QueryError::NothingToFind));
}

#[test]
fn a_name_is_found_whatever_the_spelling_or_order() {
    let doc = document(|t| {
        t.name("Jonathan Smith");
    });
    assert!(finds(&doc, "Smith"));
    assert!(finds(&doc, "smith jonathan"));
    assert!(finds(&doc, "Smyth"));
    assert!(finds(&doc, "Jonathon Smythe"));
    assert!(!finds(&doc, "Jones"));
}

#[test]
fn names_with_an_apostrophe_or_hyphen_are_found_written_either_way() {
    let doc = document(|t| {
        t.name("Siobhan O'Brien-Walsh");
    });
    assert!(finds(&doc, "O'Brien"));
    assert!(finds(&doc, "obrienwalsh"));
    assert!(finds(&doc, "O'Brien-Walsh"));
    assert!(finds(&doc, "Walsh Siobhan"));
}

#[test]
fn sound_alike_keys_are_kept_for_names_only() {
    // "Knight" sounds like "night", but a description's words match only as written.
    let doc = document(|t| {
        t.text("Loud music every night");
    });
    assert!(finds(&doc, "night"));
    assert!(!finds(&doc, "knight"));
}

#[test]
fn a_phone_number_is_found_however_it_was_written() {
    let doc = document(|t| {
        t.phone("+44 (0)7700 900123");
    });
    assert!(finds(&doc, "07700 900123"));
    assert!(finds(&doc, "07700-900-123"));
    assert!(finds(&doc, "+447700900123"));
    assert!(!finds(&doc, "07700 900124"));
}

#[test]
fn short_numbers_are_words_not_phone_numbers() {
    // The number of a case reference, say.
    let doc = document(|t| {
        t.reference("ASB-2026-000123");
    });
    assert!(finds(&doc, "000123"));
    assert!(finds(&doc, "123"));
    assert!(matches!(Query::parse("000123"), Ok(Query::Terms(_))));
}

#[test]
fn an_email_address_is_found_in_any_case() {
    let doc = document(|t| {
        t.email("Jo.Bloggs@Example.org");
    });
    assert!(finds(&doc, "jo.bloggs@example.org"));
    assert!(!finds(&doc, "jo.bloggs@example.com"));
}

#[test]
fn a_postcode_is_found_whole_with_or_without_its_space_or_by_its_outward_part() {
    let doc = document(|t| {
        t.text("14 Mill Lane").postcode("e1 6an");
    });
    assert!(finds(&doc, "E1 6AN"));
    assert!(finds(&doc, "e16an"));
    assert!(finds(&doc, "E1"));
    assert!(finds(&doc, "mill lane E1 6AN"));
    assert!(!finds(&doc, "E2"));
    assert!(!finds(&doc, "E1 6AP"));
}

#[test]
fn every_word_must_be_found() {
    let doc = document(|t| {
        t.text("Shouting in the stairwell").name("Ann Lee");
    });
    assert!(finds(&doc, "stairwell lee"));
    assert!(!finds(&doc, "stairwell graffiti"));
}

#[test]
fn terms_are_letters_and_digits_only_and_each_appears_once() {
    let mut terms = Terms::new();
    terms.text("Noise, noise; NOISE! \"quoted\" (AND) OR NEAR* -x").name("Zoë Ó Dónaill");
    let doc = terms.to_document();
    assert!(doc.split(' ').all(|t| !t.is_empty() && t.chars().all(char::is_alphanumeric)), "{doc}");
    assert_eq!(doc.matches("noise").count(), 1);
}

#[test]
fn extra_terms_cannot_be_typed_as_words() {
    // Someone typing a term's prefix finds only cases where the word itself appears.
    let doc = document(|t| {
        t.phone("07700 900123");
    });
    assert!(!finds(&doc, "qqtel"));
}

#[test]
fn a_partner_seeing_a_summary_does_not_find_the_case_by_its_casework() {
    let text = CaseText {
        reference: "ASB-2026-000042".into(),
        descriptions: vec!["Music late at night".into()],
        address: "Flat 3, 14 Mill Lane".into(),
        postcode: Some("E1 6AN".into()),
        people: vec![PersonText {
            name: "Kemi Adeyemi".into(),
            address: Some("Flat 3, 14 Mill Lane, London E1 6AN".into()),
            phone: Some("07700 900123".into()),
            email: Some("kemi@example.org".into()),
        }],
        casework: vec!["Visited; the neighbour mentioned a dog".into()],
        ..CaseText::default()
    };
    let (open, all) = text.documents();
    let open: Vec<String> = open.split(' ').map(str::to_string).collect();
    let all: Vec<String> = all.split(' ').map(str::to_string).collect();
    for query in ["Adeyemi", "E1 6AN", "mill lane music", "42"] {
        assert!(finds(&open, query), "{query}");
        assert!(finds(&all, query), "{query}");
    }
    // A summary names the people but gives no way of reaching them: their contact details do
    // not find the case either.
    for query in ["dog", "kemi@example.org", "07700900123", "900123"] {
        assert!(!finds(&open, query), "{query}");
        assert!(finds(&all, query), "{query}");
    }
}

#[test]
fn queries_are_written_for_each_database() {
    let Ok(Query::Terms(entries)) = Query::parse("Smith noise") else { panic!("terms") };
    assert_eq!(Query::to_fts5(&entries), r#"("smith" OR "qqphsm0" OR "qqphxmt") AND ("noise" OR "qqphns")"#);
    assert_eq!(Query::to_tsquery(&entries), "(smith | qqphsm0 | qqphxmt) & (noise | qqphns)");
}

#[test]
fn a_document_never_holds_an_empty_term() {
    // Found by the fuzzer: a case with no reference yet gave an empty term.
    let typed = "E1 6AN mill\u{fffd} lJ\u{fffd}Oane2";
    let person = PersonText { name: typed.into(), ..PersonText::default() };
    let text = CaseText { address: typed.into(), people: vec![person], ..CaseText::default() };
    let (open, all) = text.documents();
    for document in [open, all] {
        assert!(document.split(' ').all(|t| !t.is_empty()), "{document:?}");
    }
}

#[test]
fn the_whole_document_says_whose_case_it_is() {
    let org = OrganisationId(uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef));
    let text = CaseText { reference: "ASB-2026-000042".into(), owner: Some(org), ..CaseText::default() };
    let (open, all) = text.documents();
    let term = owner_term(org);
    assert_eq!(term, "qqorg0123456789abcdef0123456789abcdef");
    assert!(all.split(' ').any(|t| t == term), "{all:?}");
    assert!(!open.split(' ').any(|t| t == term), "a summary is found only through its share: {open:?}");
    // Typed, the term is a word like any other, found only where it is written.
    let doc = document(|t| {
        t.text("Music");
    });
    assert!(!finds(&doc, &term));
}
