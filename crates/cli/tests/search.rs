//! `asbcase search index`: an operator makes the search documents of every changed case at
//! once (after a large import, say), and is told how many and how fast.
mod common;

use common::*;

#[test]
fn search_index_makes_the_documents_of_every_changed_case_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "demo.db");
    let o = asbcase(&["demo", "--database-url", &url, "--cases", "40", "--no-serve"]);
    assert!(o.status.success(), "{}", text(&o.stderr));

    let out = ok(&url, &["search", "index"]);
    assert!(out.contains("Made the search documents of 40 cases in"), "{out}");
    assert!(out.contains("cases a second"), "{out}");
    assert!(!out.contains("changed meanwhile"), "nothing changed while it ran: {out}");
    let again = ok(&url, &["search", "index"]);
    assert!(again.contains("of 0 cases"), "nothing is left to make: {again}");
}

#[test]
fn search_index_on_a_database_it_cannot_open_is_one_clear_line() {
    let o = asbcase(&["search", "index", "--database-url", "sqlite:///nonexistent-dir/for/sure/asbcase.db"]);
    assert_one_line_error(&o, "cannot open SQLite database");
}
