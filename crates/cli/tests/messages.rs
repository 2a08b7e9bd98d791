//! An administrator words their organisation's messages to residents and chooses how they are
//! delivered, from the command line; mistakes are one clear line and change nothing.
mod common;

use common::*;

#[test]
fn an_organisation_words_its_own_messages_and_a_misspelt_placeholder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "wording.db");
    add_council(&url, "Riverside CSP", "Riverside Council");
    let which =
        ["--database-url", &url, "--organisation", "Riverside Council", "--kind", "case_closed", "--medium", "email"];
    let shown = asbcase(&[&["template", "show"][..], &which[..]].concat());
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    let out = text(&shown.stdout);
    assert!(
        out.contains("the default wording") && out.contains("((reference))") && out.contains("# placeholders:"),
        "{out}"
    );

    let file = dir.path().join("closed.txt");
    std::fs::write(
        &file,
        "Subject: Case ((reference)) closed\n\nHello ((name)), ((organisation)) has closed ((refrence)).",
    )
    .unwrap();
    let refused = asbcase(&[&["template", "set"][..], &which[..], &[file.to_str().unwrap()][..]].concat());
    assert_one_line_error(&refused, "((refrence))");

    std::fs::write(
        &file,
        "Subject: Case ((reference)) closed\n\nHello ((name)), ((organisation)) has closed your case.",
    )
    .unwrap();
    let set = asbcase(&[&["template", "set"][..], &which[..], &[file.to_str().unwrap()][..]].concat());
    assert!(set.status.success(), "{}", text(&set.stderr));
    let preview = asbcase(&[&["template", "preview"][..], &which[..]].concat());
    let out = text(&preview.stdout);
    assert!(out.contains("its own wording"), "{out}");
    assert!(out.contains("Subject: Case ASB-2026-000042 closed"), "{out}");
    assert!(out.contains("Hello Sam Okoro, Ashford Vale District Council has closed your case."), "{out}");

    let reset = asbcase(&[&["template", "reset"][..], &which[..]].concat());
    assert!(text(&reset.stdout).contains("is back to the standard wording"), "{}", text(&reset.stderr));
    let shown = asbcase(&[&["template", "show"][..], &which[..]].concat());
    assert!(text(&shown.stdout).contains("the default wording"));
    let again = asbcase(&[&["template", "reset"][..], &which[..]].concat());
    assert!(text(&again.stdout).contains("already has the standard wording"));

    assert_one_line_error(
        &asbcase(&[
            "template",
            "show",
            "--database-url",
            &url,
            "--organisation",
            "Riverside Council",
            "--kind",
            "thanks",
            "--medium",
            "email",
        ]),
        "--kind 'thanks' is not one of acknowledgement, update, tracker_link, report_diverted, case_closed, contact_due, referral_changed, review_acknowledgement, review_outcome, survey_invitation",
    );
}

#[test]
fn an_organisation_sends_through_gov_uk_notify_without_storing_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "notify.db");
    add_council(&url, "Riverside CSP", "Riverside Council");
    let base = ["notify", "set", "--database-url", &url, "--organisation", "Riverside Council"];
    assert_one_line_error(
        &asbcase(&[&base[..], &["--provider", "pigeon"][..]].concat()),
        "--provider 'pigeon' is not one of file, smtp, notify",
    );
    assert_one_line_error(
        &asbcase(
            &[
                &base[..],
                &["--provider", "notify", "--api-key-env", "RIVERSIDE_NOTIFY_KEY", "--sms-template", "nope"][..],
            ]
            .concat(),
        ),
        "--sms-template 'nope' is not a Notify template id",
    );
    assert_one_line_error(
        &asbcase(&[&base[..], &["--provider", "notify", "--api-key-env", "RIVERSIDE_NOTIFY_KEY"][..]].concat()),
        "give at least one of --email-template",
    );
    let set = asbcase(
        &[
            &base[..],
            &[
                "--provider",
                "notify",
                "--api-key-env",
                "RIVERSIDE_NOTIFY_KEY",
                "--sms-template",
                "22222222-2222-4222-8222-222222222222",
            ][..],
        ]
        .concat(),
    );
    assert!(set.status.success(), "{}", text(&set.stderr));
    let out = text(&set.stdout);
    assert!(out.contains("Riverside Council's messages now go by notify."), "{out}");
    assert!(out.contains("RIVERSIDE_NOTIFY_KEY (or RIVERSIDE_NOTIFY_KEY_FILE) is not set here"), "{out}");
    let shown = asbcase(&["notify", "show", "--database-url", &url, "--organisation", "Riverside Council"]);
    let out = text(&shown.stdout);
    assert!(
        out.contains("notify")
            && out.contains("RIVERSIDE_NOTIFY_KEY")
            && out.contains("api.notifications.service.gov.uk"),
        "{out}"
    );
}

#[test]
fn the_public_address_for_links_must_be_a_web_address() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "public.db");
    assert_one_line_error(
        &asbcase(&["serve", "--database-url", &url, "--addr", "127.0.0.1:0", "--public-url", "asb.example.org"]),
        "public_url 'asb.example.org' is not a web address",
    );
}
