//! The `asbcase` command as a person at a terminal uses it: the real binary, real databases.
mod common;

use common::*;
use std::process::{Command, Stdio};

#[test]
fn help_explains_every_command() {
    let o = asbcase(&["--help"]);
    assert!(o.status.success());
    let out = text(&o.stdout);
    for cmd in ["serve", "migrate", "demo", "user", "verify"] {
        assert!(out.contains(cmd), "--help lists {cmd}");
    }
    let v = asbcase(&["--version"]);
    assert!(text(&v.stdout).starts_with("asbcase "));
}

#[test]
fn a_bad_database_url_is_one_clear_line() {
    let o = asbcase(&["migrate", "--database-url", "mysql://localhost/x"]);
    assert_one_line_error(&o, "is not supported");
}

#[test]
fn an_unwritable_sqlite_path_is_one_clear_line() {
    let o = asbcase(&["migrate", "--database-url", "sqlite:///nonexistent-dir/for/sure/asbcase.db"]);
    assert_one_line_error(&o, "cannot open SQLite database");
}

#[test]
fn an_unreachable_postgres_is_one_clear_line() {
    let o = asbcase(&["migrate", "--database-url", "postgres://postgres@127.0.0.1:1/asbcase"]);
    assert_one_line_error(&o, "cannot connect to PostgreSQL at 127.0.0.1:1");
}

#[test]
fn a_malformed_config_file_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("asbcase.toml");
    std::fs::write(&cfg, "addr = \"127.0.0.1:8080\"\nadress = \"oops\"\n").unwrap();
    let o = asbcase(&["migrate", "--config", cfg.to_str().unwrap()]);
    assert_one_line_error(&o, "is not valid: line 2: unknown field `adress`");
    assert_eq!(o.status.code(), Some(2));
    // A value the flags would refuse is refused in the file too, before anything runs.
    std::fs::write(&cfg, "session_idle_minutes = 0\n").unwrap();
    let o = asbcase(&["migrate", "--config", cfg.to_str().unwrap()]);
    assert_one_line_error(&o, "session_idle_minutes must be from 1");
    std::fs::write(&cfg, "addr = [not toml").unwrap();
    let o = asbcase(&["migrate", "--config", cfg.to_str().unwrap()]);
    assert_one_line_error(&o, "is not valid");
}

#[test]
fn the_config_file_supplies_what_flags_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "from-config.db");
    let cfg = dir.path().join("asbcase.toml");
    std::fs::write(&cfg, format!("database_url = \"{url}\"\n")).unwrap();
    let o = asbcase(&["migrate", "--config", cfg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(dir.path().join("from-config.db").exists());
}

#[test]
fn a_port_in_use_is_one_clear_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let o = asbcase(&["serve", "--database-url", &sqlite_url(&dir, "a.db"), "--addr", &addr]);
    assert_one_line_error(&o, "already in use");
}

#[test]
fn demo_builds_a_database_prints_sign_ins_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "demo.db");
    let o = asbcase(&["demo", "--database-url", &url, "--cases", "60", "--no-serve"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    for role in ["Case officer", "Team manager", "Partner officer", "Analyst", "Administrator"] {
        assert!(out.contains(role), "a sign-in for {role}: {out}");
    }
    assert!(out.contains("demo-password-2026"));
    assert!(out.contains("60 cases"));
    assert!(out.contains("A complainant's case tracker: /track, with reference ASB-"), "{out}");

    let again = asbcase(&["demo", "--database-url", &url, "--cases", "60", "--no-serve"]);
    assert_one_line_error(&again, "already holds data");
    let forced = asbcase(&["demo", "--database-url", &url, "--cases", "30", "--no-serve", "--force"]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert!(text(&forced.stdout).contains("30 cases"));

    let v = asbcase(&["verify", "--database-url", &url]);
    assert!(v.status.success(), "{}", text(&v.stderr));
    assert!(text(&v.stdout).contains("every chain is intact"));
}

#[test]
fn demo_never_touches_a_database_that_is_not_asbcases() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "other.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = asbcase_store::Store::connect(&url).await.unwrap();
        let asbcase_store::Store::Sqlite(pool) = &store else { unreachable!() };
        sqlx::query("CREATE TABLE invoices (id INTEGER PRIMARY KEY)").execute(pool).await.unwrap();
        store.close().await;
    });
    let o = asbcase(&["demo", "--database-url", &url, "--cases", "10", "--no-serve"]);
    assert_one_line_error(&o, "already holds other tables (invoices)");
    let tables = rt.block_on(async {
        let store = asbcase_store::Store::connect(&url).await.unwrap();
        let t = store.table_names().await.unwrap();
        store.close().await;
        t
    });
    assert_eq!(tables, vec!["invoices".to_string()], "nothing was added to it");
    // An empty database made by `asbcase migrate` is fine.
    let fresh = sqlite_url(&dir, "migrated.db");
    assert!(asbcase(&["migrate", "--database-url", &fresh]).status.success());
    assert!(asbcase(&["demo", "--database-url", &fresh, "--cases", "10", "--no-serve"]).status.success());
}

#[test]
fn verify_reports_a_tampered_event_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "tampered.db");
    assert!(asbcase(&["demo", "--database-url", &url, "--cases", "20", "--no-serve"]).status.success());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = asbcase_store::Store::connect(&url).await.unwrap();
        let asbcase_store::Store::Sqlite(pool) = &store else { unreachable!() };
        sqlx::query("DROP TRIGGER case_events_no_update").execute(pool).await.unwrap();
        sqlx::query("UPDATE case_events SET occurred_at = '2020-01-01T00:00:00.000000Z' WHERE seq = 2 AND case_id = (SELECT MIN(case_id) FROM case_events)")
            .execute(pool)
            .await
            .unwrap();
        store.close().await;
    });
    let o = asbcase(&["verify", "--database-url", &url]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("chain broken") && err.contains("event 2"), "{err}");
}

#[test]
fn a_user_is_added_with_a_password_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "users.db");
    assert!(asbcase(&["demo", "--database-url", &url, "--cases", "10", "--no-serve"]).status.success());
    let args = [
        "user",
        "add",
        "--database-url",
        &url,
        "--email",
        "Jo.Bloggs@AshfordVale.example",
        "--name",
        "Jo Bloggs",
        "--organisation",
        "ashford vale district council",
        "--role",
        "case_officer",
        "--role",
        "team_manager",
    ];
    let short = with_stdin(&args, "short\n");
    assert_one_line_error(&short, "12 characters or more");
    let o = with_stdin(&args, "kettle orbit marmalade\n");
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("Added Jo Bloggs <jo.bloggs@ashfordvale.example> to Ashford Vale District Council")
    );
    let again = with_stdin(&args, "kettle orbit marmalade\n");
    assert_one_line_error(&again, "already exists");
    let mut wrong_role = args.to_vec();
    let last = wrong_role.len() - 1;
    wrong_role[last] = "boss";
    assert_one_line_error(&with_stdin(&wrong_role, "kettle orbit marmalade\n"), "unknown role 'boss'");
    let mut wrong_org = args.to_vec();
    wrong_org[9] = "Nowhere Council";
    assert_one_line_error(
        &with_stdin(&wrong_org, "kettle orbit marmalade\n"),
        "no organisation called 'Nowhere Council'",
    );
}

#[test]
fn serve_answers_health_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "serve.db");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_asbcase"))
        .args(["serve", "--database-url", &url, "--addr", &addr])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let body = rt.block_on(async {
        for _ in 0..100 {
            if let Ok(res) = reqwest::get(format!("http://{addr}/health")).await {
                return res.text().await.unwrap();
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the server did not answer");
    });
    assert!(body.contains("\"status\":\"ok\""), "{body}");
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "stops cleanly on SIGTERM");
}

#[test]
fn a_new_database_is_set_up_with_organisation_add_then_user_add_and_the_user_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "new.db");
    let base = ["organisation", "add", "--database-url", &url, "--partnership", "Riverside CSP"];
    let o = asbcase(&[&base[..], &["--name", "Riverside Council", "--kind", "council"]].concat());
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("Created the partnership Riverside CSP"));
    let o = asbcase(
        &[&base[..], &["--name", "Riverside Homes", "--kind", "social_landlord", "--homes", "8200", "--year", "2026"]]
            .concat(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(!text(&o.stdout).contains("Created the partnership"), "the partnership is reused");
    assert_one_line_error(
        &asbcase(&[&base[..], &["--name", "riverside council", "--kind", "council"]].concat()),
        "already has an organisation",
    );
    assert_one_line_error(
        &asbcase(&[&base[..], &["--name", "X", "--kind", "charity"]].concat()),
        "unknown kind 'charity'",
    );
    assert_one_line_error(
        &asbcase(&[&base[..], &["--name", "Y", "--kind", "council", "--homes", "10"]].concat()),
        "--year",
    );

    let add = [
        "user",
        "add",
        "--database-url",
        &url,
        "--email",
        "lee@riverside.example",
        "--name",
        "Lee Chen",
        "--organisation",
        "Riverside Council",
        "--role",
        "team_manager",
    ];
    let o = with_stdin(&add, "kettle orbit marmalade\n");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = asbcase_store::Store::connect(&url).await.unwrap();
        let user = store.user_by_email("lee@riverside.example").await.unwrap().unwrap();
        assert!(asbcase_domain::password::verify("kettle orbit marmalade", &user.password_hash));
        assert_eq!(
            store.categories(user.tenant).await.unwrap().len(),
            asbcase_domain::category::default_catalogue().len()
        );
        let orgs = store.organisations(user.tenant).await.unwrap();
        let homes = orgs.iter().find(|o| o.name == "Riverside Homes").unwrap();
        assert_eq!(store.homes_owned(user.tenant, homes.id).await.unwrap(), vec![(2026, 8200)]);
        store.close().await;
    });
}

#[test]
fn smtp_settings_are_checked_before_serving() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "smtp.db");
    let o = asbcase(&["serve", "--database-url", &url, "--addr", "127.0.0.1:0", "--smtp-url", "smtp://127.0.0.1:2525"]);
    assert_one_line_error(&o, "set mail_from");
    let o = asbcase(&[
        "serve",
        "--database-url",
        &url,
        "--addr",
        "127.0.0.1:0",
        "--smtp-url",
        "ftp://x",
        "--mail-from",
        "asb@council.example",
    ]);
    assert_one_line_error(&o, "SMTP URL is not valid");
}

#[test]
fn a_partner_key_for_open311_is_shown_once_stored_as_a_hash_and_can_be_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "keys.db");
    add_council(&url, "Riverside CSP", "Riverside Council");
    let add = ["open311", "add-key", "--database-url", &url, "--name", "FixMyStreet", "--organisation"];
    assert_one_line_error(
        &asbcase(&[&add[..], &["Nowhere Council"]].concat()),
        "no organisation called 'Nowhere Council'",
    );
    let o = asbcase(&[&add[..], &["riverside council"]].concat());
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let secret = out.lines().find_map(|l| l.trim().strip_prefix("api_key=")).unwrap().to_string();
    assert!(out.contains("jurisdiction_id=riverside-csp"), "{out}");

    let o = asbcase(&["open311", "keys", "--database-url", &url]);
    let listed = text(&o.stdout);
    assert!(listed.contains("FixMyStreet") && listed.contains("live"), "{listed}");
    assert!(!listed.contains(&secret), "the key itself is never shown again");
    let id = listed.split_whitespace().next().unwrap().to_string();

    let rt = tokio::runtime::Runtime::new().unwrap();
    let stored = |secret: String| {
        let url = url.clone();
        rt.block_on(async move {
            let store = asbcase_store::Store::connect(&url).await.unwrap();
            let k = store.open311_key(&asbcase_domain::open311::key_hash(&secret)).await.unwrap();
            store.close().await;
            k
        })
    };
    assert!(stored(secret.clone()).unwrap().revoked_at.is_none());
    assert!(asbcase(&["open311", "revoke-key", "--database-url", &url, &id]).status.success());
    assert!(stored(secret).unwrap().revoked_at.is_some());
    assert_one_line_error(&asbcase(&["open311", "revoke-key", "--database-url", &url, &id]), "no live key");
    assert_one_line_error(&asbcase(&["open311", "revoke-key", "--database-url", &url, "banana"]), "is not a key id");
}

#[test]
fn a_partnership_stores_a_new_questionnaire_version_and_a_careless_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "q.db");
    add_council(&url, "Riverside CSP", "Riverside Council");
    let o = asbcase(&["questionnaire", "show", "--database-url", &url]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let mut q: serde_json::Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    assert_eq!(q["version"], 1);
    q["high_from"] = 8.into();
    let file = dir.path().join("q.json");
    std::fs::write(&file, q.to_string()).unwrap();
    let o = asbcase(&["questionnaire", "set", "--database-url", &url, file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("Stored version 2"), "{}", text(&o.stdout));
    let o = asbcase(&["questionnaire", "show", "--database-url", &url]);
    let shown: serde_json::Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    assert_eq!((shown["version"].as_u64(), shown["high_from"].as_u64()), (Some(2), Some(8)));

    q["high_from"] = 2.into();
    std::fs::write(&file, q.to_string()).unwrap();
    assert_one_line_error(
        &asbcase(&["questionnaire", "set", "--database-url", &url, file.to_str().unwrap()]),
        "high_from (2) must be more than medium_from (4)",
    );
    std::fs::write(&file, "{\"version\": 1, \"questions\": []}").unwrap();
    assert_one_line_error(
        &asbcase(&["questionnaire", "set", "--database-url", &url, file.to_str().unwrap()]),
        "is not a questionnaire",
    );
}

#[test]
fn a_public_address_is_given_to_a_partnership() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "hosts.db");
    add_council(&url, "Riverside CSP", "Riverside Council");
    add_council(&url, "Hillside CSP", "Hillside Council");
    assert_one_line_error(
        &asbcase(&["public-host", "--database-url", &url, "report.hillside.example"]),
        "--partnership",
    );
    assert_one_line_error(
        &asbcase(&["public-host", "--database-url", &url, "--partnership", "Hillside CSP", "not a host/"]),
        "is not a host name",
    );
    let o = asbcase(&[
        "public-host",
        "--database-url",
        &url,
        "--partnership",
        "hillside csp",
        "Report.Hillside.example:443",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("report.hillside.example now serves the public report pages of Hillside CSP"));
}

#[test]
fn an_organisation_sets_its_own_service_standards_and_nonsense_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "standards.db");
    add_council(&url, "Riverside CSP", "Riverside Council");
    let o = asbcase(&["standards", "show", "--database-url", &url, "--organisation", "Riverside Council"]);
    let mut s: serde_json::Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    assert_eq!(s["ongoing_contact_working_days"], 10);
    s["first_contact_medium"] = serde_json::json!({"unit": "working_days", "value": 2});
    let file = dir.path().join("s.json");
    std::fs::write(&file, s.to_string()).unwrap();
    let o = asbcase(&[
        "standards",
        "set",
        "--database-url",
        &url,
        "--organisation",
        "riverside council",
        file.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("2 working days (medium)"), "{}", text(&o.stdout));
    s["first_contact_high"] = serde_json::json!({"unit": "working_days", "value": 9});
    std::fs::write(&file, s.to_string()).unwrap();
    assert_one_line_error(
        &asbcase(&[
            "standards",
            "set",
            "--database-url",
            &url,
            "--organisation",
            "Riverside Council",
            file.to_str().unwrap(),
        ]),
        "first contact for high risk (9 working days) is slower than for medium risk",
    );
}

#[test]
fn limits_that_make_no_sense_are_refused_before_serving() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "limits.db");
    let serve = |extra: &[&str]| {
        let mut args = vec!["serve", "--database-url", &url, "--addr", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        asbcase(&args)
    };
    let o = serve(&["--trusted-proxies", "10.0.0.1,proxy.example"]);
    assert_one_line_error(&o, "trusted proxy 'proxy.example' is not an IP address");
    let o = serve(&["--limit-sign-in-per-minute", "0"]);
    assert!(!o.status.success());
    let o = serve(&["--import-wait-seconds", "3600"]);
    assert_one_line_error(&o, "import_wait_seconds must be from 0 to 60");
    let cfg = dir.path().join("asbcase.toml");
    std::fs::write(&cfg, "limit_public_per_hour = 0\n").unwrap();
    let o = asbcase(&["serve", "--config", cfg.to_str().unwrap(), "--database-url", &url, "--addr", "127.0.0.1:0"]);
    assert_one_line_error(&o, "limit_public_per_hour must be at least 1");
}
