//! An administrator points the council's housing system at its case events from the command
//! line: the signing secret is printed once, the webhook listed, its delivery log read, and
//! it is removed; wrong addresses and events are refused in one line. On SQLite and PostgreSQL.
mod common;

use asbcase_store::both_backends;
use common::*;

const COUNCIL: &str = "Ashford Vale District Council";

both_backends!(a_webhook_is_added_listed_logged_and_removed, |db| async move {
    let url = db.url.clone();
    let (made, listed, log, removed, listed_after, bad) = blocking(move || {
        add_council(&url, "Ashford Vale", COUNCIL);
        let made = run(
            &url,
            &[
                "webhook",
                "add",
                "--org",
                COUNCIL,
                "--name",
                "Housing system",
                "--url",
                "https://hms.example.org/asb",
                "--events",
                "case.opened,case.closed",
            ],
        );
        assert!(made.status.success(), "{}", text(&made.stderr));
        let listed = ok(&url, &["webhook", "list", "--org", COUNCIL]);
        let log = ok(&url, &["webhook", "deliveries", "--org", COUNCIL]);
        let id = listed.split_whitespace().next().unwrap().to_string();
        let removed = ok(&url, &["webhook", "remove", "--org", COUNCIL, "--id", &id]);
        let listed_after = ok(&url, &["webhook", "list", "--org", COUNCIL]);
        let bad = [
            run(&url, &["webhook", "add", "--org", COUNCIL, "--name", "X", "--url", "http://hms.example.org/asb"]),
            run(
                &url,
                &[
                    "webhook",
                    "add",
                    "--org",
                    COUNCIL,
                    "--name",
                    "X",
                    "--url",
                    "https://h.example/",
                    "--events",
                    "case.deleted",
                ],
            ),
            run(&url, &["webhook", "add", "--org", COUNCIL, "--name", " ", "--url", "https://h.example/"]),
            run(&url, &["webhook", "remove", "--org", COUNCIL, "--id", &id]),
            run(&url, &["webhook", "resend", "--org", COUNCIL, "--id", "not-an-id"]),
            run(&url, &["webhook", "list", "--org", "Nowhere Council"]),
        ];
        (made, listed, log, removed, listed_after, bad)
    })
    .await;
    let secret = text(&made.stdout).trim().to_string();
    assert!(secret.starts_with("whsec_") && secret.len() == 70, "the secret alone on stdout: {secret}");
    assert!(text(&made.stderr).contains("shown once"), "{}", text(&made.stderr));
    assert!(
        listed.contains("Housing system")
            && listed.contains("https://hms.example.org/asb")
            && listed.contains("case.opened,case.closed")
            && listed.contains("live"),
        "{listed}"
    );
    assert!(!listed.contains(&secret), "the secret is never shown again");
    assert!(log.contains("has no webhook deliveries"), "{log}");
    assert!(removed.contains("Removed webhook"));
    assert!(listed_after.contains("removed"), "{listed_after}");
    assert_one_line_error(&bad[0], "use an https address");
    assert_one_line_error(&bad[1], "\"case.deleted\" is not an event");
    assert_one_line_error(&bad[2], "give the webhook a name");
    assert_one_line_error(&bad[3], "has no live webhook");
    assert_one_line_error(&bad[4], "--id must be a delivery's identifier");
    assert_one_line_error(&bad[5], "Nowhere Council");
});
