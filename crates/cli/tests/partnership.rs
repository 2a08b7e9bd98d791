//! An administrator sets up how a partnership's organisations work together from the command
//! line: the directory of support services, how long partners have to answer a referral, who
//! leads ASB Case Reviews and the rules reviews follow. Mistakes are one clear line and change
//! nothing. On SQLite and PostgreSQL, against the real binary.
mod common;

use asbcase_domain::TenantId;
use asbcase_store::{Store, both_backends};
use common::*;
use std::process::Output;

const CSP: &str = "Riverside CSP";

async fn tenant(store: &Store) -> TenantId {
    store.tenants().await.unwrap().into_iter().find(|t| t.name == CSP).unwrap().id
}

fn add_victim_support(url: &str, name: &str, extra: &[&str]) -> Output {
    let args = [
        "services",
        "add",
        "--partnership",
        CSP,
        "--name",
        name,
        "--helps-with",
        "Victims of crime and ASB: emotional and practical support",
        "--area",
        "Riverside and the county",
        "--how-to-refer",
        "Online referral form, with the person's consent",
        "--contact",
        "0808 168 9111",
    ];
    run(url, &[&args[..], extra].concat())
}

both_backends!(
    an_administrator_adds_a_victim_support_service_removes_it_and_finds_it_again_with_all,
    |db| async move {
        let url = db.url.clone();
        let (id, hidden) = blocking(move || {
            add_council(&url, CSP, "Riverside Council");
            let o = add_victim_support(&url, "Victim Support", &[]);
            assert!(o.status.success(), "{}", text(&o.stderr));
            let id: uuid::Uuid = text(&o.stdout).trim().parse().expect("add prints the new id alone");
            let o = add_victim_support(&url, "Riverside Recovery (drugs and alcohol)", &["--not-public"]);
            let hidden: uuid::Uuid = text(&o.stdout).trim().parse().unwrap();

            let listed = ok(&url, &["services", "list", "--partnership", CSP]);
            let row = listed.lines().find(|l| l.contains("Victim Support")).expect("listed");
            assert!(row.starts_with(&id.to_string()), "{listed}");
            assert!(
                row.contains("Riverside and the county") && row.contains("public") && row.contains("active"),
                "{row}"
            );
            let row = listed.lines().find(|l| l.contains("Riverside Recovery")).unwrap();
            assert!(row.contains("not listed"), "{row}");

            assert_one_line_error(
                &add_victim_support(&url, "  victim support ", &[]),
                "a support service called 'Victim Support' is already in the directory of Riverside CSP",
            );

            let o = ok(&url, &["services", "remove", &id.to_string(), "--partnership", CSP]);
            assert!(o.contains("Took Victim Support off the directory of Riverside CSP"), "{o}");
            let listed = ok(&url, &["services", "list", "--partnership", CSP]);
            assert!(!listed.contains("Victim Support"), "no longer listed: {listed}");
            assert!(listed.contains("(1 taken off the directory: see --all)"), "{listed}");
            let all = ok(&url, &["services", "list", "--partnership", CSP, "--all"]);
            let row = all.lines().find(|l| l.contains("Victim Support")).expect("still found with --all");
            assert!(row.contains("removed"), "{row}");
            assert_one_line_error(
                &add_victim_support(&url, "Victim Support", &[]),
                &format!("(taken off it: put it back with `asbcase services restore {id}`)"),
            );
            assert!(ok(&url, &["services", "remove", &id.to_string(), "--partnership", CSP]).contains("already off"));
            (id, hidden)
        })
        .await;

        // Taken off the directory, never deleted: referrals already made still point at it.
        let t = tenant(&db.store).await;
        let kept = db.store.support_service(t, id).await.unwrap().expect("never deleted");
        assert!(!kept.active);
        let offered: Vec<_> = db.store.support_services(t, false).await.unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(offered, vec![hidden], "officers are offered only the services on the directory");
        assert!(!db.store.support_service(t, hidden).await.unwrap().unwrap().public);

        let url = db.url.clone();
        blocking(move || {
            let o = ok(&url, &["services", "restore", &id.to_string(), "--partnership", CSP]);
            assert!(o.contains("Victim Support is back on the directory of Riverside CSP"), "{o}");
            assert!(ok(&url, &["services", "list", "--partnership", CSP]).contains("Victim Support"));
            let nowhere = uuid::Uuid::new_v4();
            assert_one_line_error(
                &run(&url, &["services", "remove", &nowhere.to_string(), "--partnership", CSP]),
                &format!("no support service with id {nowhere} in Riverside CSP"),
            );
            assert_one_line_error(
                &run(&url, &["services", "restore", "banana", "--partnership", CSP]),
                "'banana' is not a support service id",
            );
        })
        .await;
    }
);

both_backends!(every_text_of_a_service_is_required_trimmed_and_limited, |db| async move {
    let url = db.url.clone();
    blocking(move || {
        add_council(&url, CSP, "Riverside Council");
        assert_one_line_error(&add_victim_support(&url, "   ", &[]), "--name is empty");
        let long = "V".repeat(201);
        assert_one_line_error(
            &add_victim_support(&url, &long, &[]),
            "--name is 201 characters long: it can be at most 200",
        );
        assert_one_line_error(&add_victim_support(&url, "Victim\nSupport", &[]), "--name must be one line of text");
        let contact = "x".repeat(1001);
        let mut blank_area = vec![
            "services",
            "add",
            "--partnership",
            CSP,
            "--name",
            "Victim Support",
            "--helps-with",
            "Victims of ASB",
            "--area",
            " ",
            "--how-to-refer",
            "Phone them",
            "--contact",
            "0808 168 9111",
        ];
        assert_one_line_error(&run(&url, &blank_area), "--area is empty");
        blank_area[9] = "Riverside";
        blank_area[13] = &contact;
        assert_one_line_error(&run(&url, &blank_area), "--contact is 1001 characters long: it can be at most 1000");
        assert!(ok(&url, &["services", "list", "--partnership", CSP]).contains("has no support services"));
        let o = add_victim_support(&url, "  Victim Support  ", &[]);
        assert!(o.status.success(), "{}", text(&o.stderr));
    })
    .await;
    let t = tenant(&db.store).await;
    let stored = db.store.support_services(t, true).await.unwrap();
    assert_eq!(stored.len(), 1, "only the good one was stored");
    assert_eq!((stored[0].name.as_str(), stored[0].contact.as_str()), ("Victim Support", "0808 168 9111"));
});

both_backends!(a_partnerships_services_are_its_own, |db| async move {
    let url = db.url.clone();
    blocking(move || {
        add_council(&url, CSP, "Riverside Council");
        add_council(&url, "Hillside CSP", "Hillside Council");
        let o = add_victim_support(&url, "Victim Support", &[]);
        let id = text(&o.stdout).trim().to_string();
        assert_one_line_error(
            &run(&url, &["services", "list"]),
            "the database holds several partnerships: name one with --partnership",
        );
        assert!(ok(&url, &["services", "list", "--partnership", "hillside csp"]).contains("has no support services"));
        assert_one_line_error(
            &run(&url, &["services", "remove", &id, "--partnership", "Hillside CSP"]),
            "no support service with id",
        );
        assert_one_line_error(
            &run(&url, &["services", "list", "--partnership", "Lowland CSP"]),
            "no partnership called 'Lowland CSP'",
        );
    })
    .await;
});

both_backends!(referral_response_days_outside_1_to_60_are_refused_and_nothing_changes, |db| async move {
    let url = db.url.clone();
    blocking(move || {
        add_council(&url, CSP, "Riverside Council");
        let shown = ok(&url, &["partnership", "show", "--partnership", CSP]);
        assert!(shown.contains("Referrals: partners answer within 5 working days"), "{shown}");
        let set = ["partnership", "set", "--partnership", CSP, "--referral-response-days"];
        for bad in ["0", "61", "-3", "five"] {
            assert_one_line_error(
                &run(&url, &[&set[..], &[bad]].concat()),
                &format!("--referral-response-days must be a whole number of working days from 1 to 60, not '{bad}'"),
            );
        }
        // A refused value refuses the whole command: the good half is not stored either.
        assert_one_line_error(
            &run(&url, &[&set[..], &["0", "--case-review-lead", "Riverside Council"]].concat()),
            "from 1 to 60",
        );
        assert_one_line_error(
            &run(&url, &["partnership", "set", "--partnership", CSP]),
            "give --referral-response-days",
        );
        let o = ok(&url, &[&set[..], &["10"]].concat());
        assert!(o.contains("partners now answer referrals within 10 working days"), "{o}");
        assert!(ok(&url, &["partnership", "show"]).contains("within 10 working days"));
    })
    .await;
    let t = tenant(&db.store).await;
    assert_eq!(db.store.referral_response_days(t).await.unwrap(), 10);
    assert_eq!(db.store.case_review_lead(t).await.unwrap(), None, "the refused command stored nothing");
});

both_backends!(the_case_review_lead_must_be_one_of_the_partnerships_organisations, |db| async move {
    let url = db.url.clone();
    blocking(move || {
        add_council(&url, CSP, "Riverside Council");
        add_council(&url, "Hillside CSP", "Hillside Council");
        let homes = ok(
            &url,
            &["organisation", "add", "--partnership", CSP, "--name", "Riverside Homes", "--kind", "social_landlord"],
        );
        assert!(homes.contains("Added Riverside Homes"));
        let shown = ok(&url, &["partnership", "show", "--partnership", CSP]);
        // Adding Riverside Homes kept the case reviews, and residents' reports, where they were.
        assert!(shown.contains("Case review lead: Riverside Council\n"), "{shown}");
        assert!(shown.contains("Residents' reports go to: Riverside Council\n"), "{shown}");
        let set = ["partnership", "set", "--partnership", CSP, "--case-review-lead"];
        assert_one_line_error(
            &run(&url, &[&set[..], &["Hillside Council"]].concat()),
            "no organisation called 'Hillside Council' in Riverside CSP: the case review lead must be one of its \
             organisations (Riverside Council, Riverside Homes)",
        );
        assert_one_line_error(&run(&url, &[&set[..], &["  "]].concat()), "--case-review-lead is empty");
        let receiver = ["partnership", "set", "--partnership", CSP, "--report-receiver"];
        assert_one_line_error(
            &run(&url, &[&receiver[..], &["Hillside Council"]].concat()),
            "no organisation called 'Hillside Council' in Riverside CSP: the organisation residents' reports go to must be",
        );
        let o = ok(&url, &[&receiver[..], &["riverside homes"]].concat());
        assert!(o.contains("residents' reports now go to Riverside Homes"), "{o}");
        assert!(ok(&url, &["partnership", "show", "--partnership", CSP]).contains("Residents' reports go to: Riverside Homes\n"));
        let o = ok(&url, &[&set[..], &["riverside homes"]].concat());
        assert!(o.contains("the case review's single point of contact is now at Riverside Homes"), "{o}");
        let shown = ok(&url, &["partnership", "show", "--partnership", CSP]);
        assert!(shown.contains("Case review lead: Riverside Homes\n"), "{shown}");
    })
    .await;
    let t = tenant(&db.store).await;
    let orgs = db.store.organisations(t).await.unwrap();
    let homes = orgs.iter().find(|o| o.name == "Riverside Homes").unwrap();
    assert_eq!(db.store.case_review_lead(t).await.unwrap(), Some(homes.id));
});

both_backends!(a_rule_version_from_1_april_is_stored_and_shown_with_who_agreed_it, |db| async move {
    let url = db.url.clone();
    blocking(move || {
        add_council(&url, CSP, "Riverside Council");
        // None set: the law's rules.
        let shown: serde_json::Value =
            serde_json::from_str(&ok(&url, &["case-review", "rules", "show", "--partnership", CSP])).unwrap();
        let law = shown.as_array().unwrap();
        assert_eq!(law.len(), 1);
        assert_eq!((law[0]["effective_from"].as_str(), law[0]["threshold"].as_u64()), (Some("2014-10-20"), Some(3)));
        assert!(ok(&url, &["partnership", "show"]).contains("the law's rules (the partnership has set none)"));

        // A lower threshold from 1 April, with a local variant, agreed by the board. Fields
        // left out are the law's.
        let mut rules = law[0].clone();
        rules["effective_from"] = "2027-04-01".into();
        rules["threshold"] = 2.into();
        rules["hate_incident_triggers"] = true.into();
        let add = ["case-review", "rules", "add", "-", "--partnership", CSP, "--set-by"];
        let board = "Community safety partnership board, March 2026";
        let o = with_stdin(&[&add[..], &[board, "--database-url", &url]].concat(), &rules.to_string());
        assert!(o.status.success(), "{}", text(&o.stderr));
        let out = text(&o.stdout);
        assert!(
            out.contains("Stored the case review rules of Riverside CSP from 1 April 2027, set by Community"),
            "{out}"
        );
        assert!(out.contains("threshold 2 complaints") && out.contains("any complaint of a hate incident"), "{out}");

        let shown = ok(&url, &["partnership", "show", "--partnership", CSP]);
        assert!(shown.contains("from 20 October 2014: the law's rules (until the partnership's own)"), "{shown}");
        assert!(shown.contains("from 1 April 2027: threshold 2 complaints, counted for 6 months"), "{shown}");
        assert!(shown.contains(&format!("set by {board} (stored ")), "{shown}");
        assert_eq!(shown.matches("[in force today]").count(), 1, "{shown}");
        let versions: serde_json::Value =
            serde_json::from_str(&ok(&url, &["case-review", "rules", "show", "--partnership", CSP])).unwrap();
        assert_eq!(versions.as_array().unwrap().len(), 1, "the stored versions: {versions}");
        assert_eq!(versions[0], rules);

        // The same day again is refused: versions are never changed.
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), rules.to_string()).unwrap();
        let path = file.path().to_str().unwrap().to_string();
        let from_file =
            |who: &str| run(&url, &["case-review", "rules", "add", &path, "--partnership", CSP, "--set-by", who]);
        assert_one_line_error(
            &from_file("Someone else"),
            &format!("Riverside CSP already has case review rules from 1 April 2027 (set by {board})"),
        );
        assert_one_line_error(&from_file("   "), "--set-by is empty: say who agreed these rules");
    })
    .await;
    let t = tenant(&db.store).await;
    let stored = db.store.review_rules(t).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].0.threshold, stored[0].1.as_str()), (2, "Community safety partnership board, March 2026"));
    assert_eq!(db.store.review_rule_book(t).await.unwrap().in_force(jiff::civil::date(2027, 4, 1)).threshold, 2);
});

both_backends!(rules_the_law_does_not_allow_are_refused_with_its_reason, |db| async move {
    let url = db.url.clone();
    blocking(move || {
        add_council(&url, CSP, "Riverside Council");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("rules.json");
        let path = file.to_str().unwrap().to_string();
        let add = |json: &str| {
            std::fs::write(&file, json).unwrap();
            run(&url, &["case-review", "rules", "add", &path, "--partnership", CSP, "--set-by", "CSP board"])
        };
        assert_one_line_error(
            &add(r#"{"effective_from": "2027-04-01", "threshold": 4}"#),
            "the threshold must be between 1 and 3 complaints: the law says 3 or a lower number the area sets",
        );
        // Every problem, in one line.
        let o = add(r#"{"effective_from": "2027-04-01", "threshold": 4, "window_months": 3}"#);
        assert_one_line_error(&o, "the area sets; complaints must count for 6 to 12 months");
        assert_one_line_error(
            &add(r#"{"effective_from": "2027-04-01", "timescales": {"acknowledge": 5, "decision": 3}}"#),
            "the threshold decision (3 working days) cannot be due before the acknowledgement (5 working days)",
        );
        // A misspelt field would otherwise silently be the law's value.
        assert_one_line_error(
            &add(r#"{"effective_from": "2027-04-01", "threshhold": 2}"#),
            "unknown field 'threshhold'",
        );
        assert_one_line_error(
            &add(r#"{"effective_from": "2027-04-01", "timescales": {"decison": 8}}"#),
            "unknown field 'timescales.decison'",
        );
        assert_one_line_error(&add(r#"{"threshold": 2}"#), "give effective_from");
        assert_one_line_error(&add(r#"[{"effective_from": "2027-04-01"}]"#), "holds a list");
        assert_one_line_error(&add(r#"{"effective_from": "1 April"}"#), "is not one version of the case review rules");
        assert_one_line_error(&add(r#"{"effective_from": "2010-01-01"}"#), "before the ASB Case Review began");
        assert_one_line_error(&add("threshold = 2"), "is not JSON");
        assert_one_line_error(
            &run(&url, &["case-review", "rules", "add", "/no/such/rules.json", "--set-by", "CSP board"]),
            "cannot read /no/such/rules.json",
        );
    })
    .await;
    let t = tenant(&db.store).await;
    assert!(db.store.review_rules(t).await.unwrap().is_empty(), "nothing refused was stored");
});

both_backends!(
    an_area_s_homes_and_residents_are_entered_for_hotspot_rates_and_the_repeat_window_set,
    |db| async move {
        let url = db.url.clone();
        let shown = blocking(move || {
            add_council(&url, CSP, "Riverside Council");
            let said = ok(
                &url,
                &[
                    "partnership",
                    "area",
                    "--partnership",
                    CSP,
                    "--kind",
                    "estate",
                    "--name",
                    " Orchard   Estate ",
                    "--homes",
                    "420",
                ],
            );
            assert!(said.contains("Estate Orchard Estate has 420 homes and not known residents"), "{said}");
            // A later figure keeps the earlier one, whatever the case of the name.
            let said = ok(
                &url,
                &[
                    "partnership",
                    "area",
                    "--partnership",
                    CSP,
                    "--kind",
                    "estate",
                    "--name",
                    "orchard estate",
                    "--population",
                    "950",
                ],
            );
            assert!(said.contains("Orchard Estate has 420 homes and 950 residents"), "{said}");
            let bad = run(
                &url,
                &["partnership", "area", "--partnership", CSP, "--kind", "county", "--name", "X", "--homes", "1"],
            );
            assert_one_line_error(&bad, "--kind must be ward, estate or patch, not 'county'");
            let bad = run(
                &url,
                &["partnership", "area", "--partnership", CSP, "--kind", "ward", "--name", "X", "--homes", "-4"],
            );
            assert_one_line_error(&bad, "--homes must be a whole number of homes from 0 to 10000000, not '-4'");
            let bad = run(&url, &["partnership", "area", "--partnership", CSP, "--kind", "ward", "--name", "X"]);
            assert_one_line_error(&bad, "give --homes N, --population N or both");
            let bad = run(&url, &["partnership", "set", "--partnership", CSP, "--repeat-window-months", "0"]);
            assert_one_line_error(
                &bad,
                "--repeat-window-months must be a whole number of months from 1 to 36, not '0'",
            );
            let said = ok(&url, &["partnership", "set", "--partnership", CSP, "--repeat-window-months", "6"]);
            assert!(said.contains("repeats are now looked for over the last 6 months"));
            ok(&url, &["partnership", "show", "--partnership", CSP])
        })
        .await;
        assert!(shown.contains("Repeats: looked for over the last 6 months"), "{shown}");
        assert!(shown.contains("Estate Orchard Estate: 420 homes, 950 residents"), "{shown}");
        let t = tenant(&db.store).await;
        assert_eq!(db.store.repeat_window_months(t).await.unwrap(), 6);
    }
);

both_backends!(two_step_sign_in_is_required_of_everyone_or_reset_for_a_lost_phone, |db| async move {
    let url = db.url.clone();
    blocking(move || {
        add_council(&url, CSP, "Riverside Council");
        let bad = run(&url, &["partnership", "set", "--partnership", CSP, "--two-step-for", "managers"]);
        assert_one_line_error(&bad, "--two-step-for must be administrators or everyone, not 'managers'");
        let said = ok(&url, &["partnership", "set", "--partnership", CSP, "--two-step-for", "everyone"]);
        assert!(said.contains("two-step sign-in is now required of everyone"), "{said}");
        assert!(
            ok(&url, &["partnership", "show", "--partnership", CSP]).contains("Two-step sign-in: required of everyone")
        );
        let unknown = run(&url, &["user", "reset-two-step", "nobody@riverside.example"]);
        assert_one_line_error(&unknown, "no user with email nobody@riverside.example");
    })
    .await;
    let t = tenant(&db.store).await;
    assert!(db.store.mfa_for_everyone(t).await.unwrap());
    // A member of staff who lost their phone: their app is forgotten and their sessions end.
    let org = db.store.organisations(t).await.unwrap()[0].id;
    let user = asbcase_store::User {
        tenant: t,
        id: asbcase_domain::UserId::new(),
        organisation: org,
        email: "sam.lost@riverside.example".into(),
        name: "Sam Lost".into(),
        roles: vec![asbcase_domain::organisation::Role::Administrator],
        patch: None,
        password_hash: "x".into(),
        active: true,
        created_at: jiff::Timestamp::now(),
    };
    db.store.create_user(&user).await.unwrap();
    db.store.start_mfa(t, user.id, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", jiff::Timestamp::now()).await.unwrap();
    db.store.accept_mfa_step(t, user.id, 1, jiff::Timestamp::now()).await.unwrap();
    let url = db.url.clone();
    let said = blocking(move || ok(&url, &["user", "reset-two-step", "Sam.Lost@riverside.example"])).await;
    assert!(said.contains("Two-step sign-in is off for Sam Lost"), "{said}");
    assert!(db.store.user_mfa(t, user.id).await.unwrap().is_none());
});

both_backends!(
    a_partnership_set_up_with_its_landlord_first_sends_reports_to_its_council_once_it_joins,
    |db| async move {
        let url = db.url.clone();
        blocking(move || {
            let add = |name: &str, kind: &str| {
                ok(&url, &["organisation", "add", "--partnership", CSP, "--name", name, "--kind", kind])
            };
            assert!(add("Riverside Homes", "social_landlord").contains("Residents' reports go to Riverside Homes"));
            // The first council takes them, and the case reviews, as it joins.
            assert!(add("Zedbury Council", "council").contains("Residents' reports go to Zedbury Council"));
            // A second council, first by name, does not take them away.
            assert!(add("Abbeyfield Council", "council").contains("Residents' reports go to Zedbury Council"));
            let shown = ok(&url, &["partnership", "show", "--partnership", CSP]);
            assert!(shown.contains("Case review lead: Zedbury Council\n"), "{shown}");
            assert!(shown.contains("Residents' reports go to: Zedbury Council\n"), "{shown}");
        })
        .await;
    }
);

both_backends!(an_administrator_sets_a_password_from_the_command_line_when_email_is_down, |db| async move {
    let url = db.url.clone();
    blocking(move || add_council(&url, CSP, "Riverside Council")).await;
    let t = tenant(&db.store).await;
    let org = db.store.organisations(t).await.unwrap()[0].id;
    // Invited, but the invitation email never arrived; signed in somewhere once with an old one.
    let user = asbcase_store::User {
        tenant: t,
        id: asbcase_domain::UserId::new(),
        organisation: org,
        email: "kim.waiting@riverside.example".into(),
        name: "Kim Waiting".into(),
        roles: vec![asbcase_domain::organisation::Role::CaseOfficer],
        patch: None,
        password_hash: String::new(),
        active: true,
        created_at: jiff::Timestamp::now(),
    };
    db.store.create_user(&user).await.unwrap();
    db.store.record_login_failure(&user.email, jiff::Timestamp::now()).await.unwrap();
    let url = db.url.clone();
    let args = ["user", "set-password", "--database-url", &url, "Kim.Waiting@riverside.example"];
    let short = with_stdin(&args, "short\n");
    assert_one_line_error(&short, "12 characters");
    let unknown = with_stdin(&["user", "set-password", "--database-url", &url, "nobody@x.example"], "x\n");
    assert_one_line_error(&unknown, "no user with email nobody@x.example");
    let set = with_stdin(&args, "lantern orchard pebble\n");
    assert!(set.status.success(), "{}", text(&set.stderr));
    assert!(text(&set.stdout).contains("The password of Kim Waiting <kim.waiting@riverside.example> is set"));
    let kim = db.store.user_by_email(&user.email).await.unwrap().unwrap();
    assert!(asbcase_domain::password::verify("lantern orchard pebble", &kim.password_hash));
    assert_eq!(db.store.login_failures(&user.email).await.unwrap(), None, "failed sign-ins are forgotten");
    let history = db.store.user_changes(t, org).await.unwrap();
    assert!(history[0].summary.contains("set the password of Kim Waiting"), "kept: {:?}", history[0].summary);
});
