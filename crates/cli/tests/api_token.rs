//! An administrator makes an API token for a partner's system from the command line: it is
//! printed once, listed without its secret, and revoked. On SQLite and PostgreSQL.
mod common;

use asbcase_store::both_backends;
use common::*;

const COUNCIL: &str = "Ashford Vale District Council";

both_backends!(an_api_token_is_made_listed_and_revoked, |db| async move {
    let url = db.url.clone();
    let (made, listed, revoked, listed_after, bad_scope, no_name, twice) = blocking(move || {
        add_council(&url, "Ashford Vale", COUNCIL);
        let made = run(&url, &["api-token", "create", "--org", COUNCIL, "--name", "Housing system", "--scope", "read"]);
        assert!(made.status.success(), "{}", text(&made.stderr));
        let twice = run(&url, &["api-token", "create", "--org", COUNCIL, "--name", "housing system"]);
        let listed = ok(&url, &["api-token", "list", "--org", COUNCIL]);
        let id = listed.split_whitespace().next().unwrap().to_string();
        let revoked = ok(&url, &["api-token", "revoke", "--org", COUNCIL, "--id", &id]);
        let listed_after = ok(&url, &["api-token", "list", "--org", COUNCIL]);
        let bad_scope = run(&url, &["api-token", "create", "--org", COUNCIL, "--name", "X", "--scope", "admin"]);
        let no_name = run(&url, &["api-token", "create", "--org", COUNCIL, "--name", " "]);
        (made, listed, revoked, listed_after, bad_scope, no_name, twice)
    })
    .await;
    let token = text(&made.stdout).trim().to_string();
    assert!(token.starts_with("asb_") && token.len() == 68, "the token alone on stdout: {token}");
    assert!(text(&made.stderr).contains("shown once"));
    assert!(listed.contains("Housing system") && listed.contains("read") && listed.contains("never used"), "{listed}");
    assert!(!listed.contains(&token), "a token is never shown again");
    assert!(revoked.contains("Revoked token"));
    assert!(listed_after.contains("revoked"), "{listed_after}");
    assert_one_line_error(&bad_scope, "--scope must be read or write");
    assert_one_line_error(&no_name, "give the token a name");
    assert_one_line_error(&twice, "already has a live token called 'housing system'");
    // Kept only as its hash.
    let tenant = db.store.tenants().await.unwrap()[0].id;
    let org = db.store.organisations(tenant).await.unwrap().remove(0);
    let kept = db.store.api_token(&asbcase_domain::api::token_hash(&token), jiff::Timestamp::now()).await.unwrap();
    assert_eq!(kept.unwrap().organisation, org.id);
    // Made and revoked, each kept in the organisation's history of settings changes.
    let changes = db.store.api_token_changes(tenant, org.id).await.unwrap();
    let said: Vec<&str> = changes.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(
        said,
        ["Revoked the API token ‘Housing system’", "Made the API token ‘Housing system’ (read cases and figures)"]
    );
    assert!(changes.iter().all(|c| c.changed_by.contains("command line")));
});
