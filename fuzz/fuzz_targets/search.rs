//! What staff type in the search box: reading it never panics, and what goes to the
//! database is only terms of letters and digits in the query syntax we write, so nothing
//! typed is taken as FTS5 or tsquery syntax.
#![no_main]
use asbcase_domain::search::{CaseText, PersonText, Query};
use libfuzzer_sys::fuzz_target;

fn plain(term: &str) -> bool {
    !term.is_empty() && term.chars().all(char::is_alphanumeric)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(Query::Terms(entries)) = Query::parse(&text) {
        assert!(!entries.is_empty());
        assert!(entries.iter().flatten().all(|t| plain(t)), "{entries:?}");
        let fts5 = Query::to_fts5(&entries);
        assert!(fts5.chars().all(|c| c.is_alphanumeric() || " ()\"".contains(c)), "{fts5}");
        let tsquery = Query::to_tsquery(&entries);
        assert!(tsquery.chars().all(|c| c.is_alphanumeric() || " ()|&".contains(c)), "{tsquery}");
    }
    let case = CaseText {
        reference: text.to_string(),
        descriptions: vec![text.to_string()],
        address: text.to_string(),
        postcode: Some(text.to_string()),
        people: vec![PersonText {
            name: text.to_string(),
            address: Some(text.to_string()),
            phone: Some(text.to_string()),
            email: Some(text.to_string()),
        }],
        casework: vec![text.to_string()],
        ..CaseText::default()
    };
    let (open, all) = case.documents();
    for document in [open, all] {
        assert!(document.is_empty() || document.split(' ').all(plain), "{document}");
    }
});
