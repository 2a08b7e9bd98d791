//! A performance lead gets the figures from the command line: every KPI as JSON for a script,
//! a quarterly report for the committee and an anonymised one for the residents' panel, and
//! sets the targets they are measured against. On SQLite and PostgreSQL, against the real
//! binary and the demo's cases.
mod common;

use asbcase_store::both_backends;
use common::*;

both_backends!(figures_reports_and_targets_from_the_command_line, |db| async move {
    let url = db.url.clone();
    blocking(move || {
        ok(&url, &["demo", "--no-serve", "--cases", "120"]);

        // Every KPI as JSON, each with its definition; the main categories add up to the new cases.
        let json: serde_json::Value = serde_json::from_str(&ok(&url, &["kpi", "--format", "json"])).unwrap();
        let figures = json["figures"].as_array().unwrap();
        let whole = |key: &str| figures.iter().find(|f| f["kpi"] == key && f["part"] == "").unwrap().clone();
        let opened = whole("cases_opened")["value"].as_f64().unwrap();
        let by_category: f64 = figures
            .iter()
            .filter(|f| f["kpi"] == "new_by_primary_category")
            .map(|f| f["value"].as_f64().unwrap())
            .sum();
        assert_eq!(opened, by_category);
        assert!(whole("first_contact")["definition"]["counted"].as_str().unwrap().contains("service standard"));
        assert!(figures.iter().any(|f| f["kpi"] == "nm01_1" && f["part"] == "Vale Homes"));

        // A target, then the report shows it; nonsense is refused in one line.
        ok(
            &url,
            &[
                "target",
                "set",
                "--org",
                "Vale Homes",
                "--kpi",
                "resolution_rate",
                "--value",
                "80",
                "--set-by",
                "Agreed with the tenants' ASB panel",
                "--set-on",
                "2025-03-12",
            ],
        );
        assert!(ok(&url, &["target", "list", "--org", "Vale Homes"]).contains("resolution_rate: at least 80"));
        let bad = run(
            &url,
            &[
                "target",
                "set",
                "--org",
                "Vale Homes",
                "--kpi",
                "resolution_rate",
                "--value",
                "120",
                "--set-by",
                "Panel",
            ],
        );
        assert_one_line_error(&bad, "0 to 100");
        assert_one_line_error(
            &run(
                &url,
                &["target", "set", "--org", "Vale Homes", "--kpi", "happiness", "--value", "1", "--set-by", "x"],
            ),
            "not a KPI",
        );

        let dir = tempfile::tempdir().unwrap();
        let staff = dir.path().join("committee.html");
        let said = ok(
            &url,
            &["report", "quarterly", "--org", "Vale Homes", "--format", "html", "--out", staff.to_str().unwrap()],
        );
        assert!(said.contains("Vale Homes"), "{said}");
        let html = std::fs::read_to_string(&staff).unwrap();
        assert!(
            html.contains("Agreed with the tenants&#39; ASB panel")
                || html.contains("Agreed with the tenants' ASB panel")
        );
        assert!(html.contains("How each figure is worked out"));
        assert!(html.contains("<svg"), "trend charts are drawn");

        let public = dir.path().join("panel.html");
        ok(
            &url,
            &[
                "report",
                "quarterly",
                "--org",
                "Vale Homes",
                "--format",
                "html",
                "--anonymised",
                "--out",
                public.to_str().unwrap(),
            ],
        );
        let html = std::fs::read_to_string(&public).unwrap();
        assert!(html.contains("anonymised"));
        // A landlord's share of 120 demo cases in a quarter is small: small numbers are hidden.
        assert!(html.contains("&lt;5") || html.contains("Withheld"), "small numbers are hidden");

        let pdf = dir.path().join("committee.pdf");
        ok(&url, &["report", "quarterly", "--org", "Vale Homes", "--format", "pdf", "--out", pdf.to_str().unwrap()]);
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

        // Another year's homes for NM01, and the years entered; a year not yet begun is refused.
        let listed = ok(&url, &["organisation", "homes", "--org", "Vale Homes", "--year", "2019", "--homes", "12,100"]);
        assert!(listed.contains("12100 homes at the end of 2019/20"), "{listed}");
        assert_one_line_error(
            &run(&url, &["organisation", "homes", "--org", "Vale Homes", "--year", "2999", "--homes", "12100"]),
            "--year: Enter a reporting year from 1990 to",
        );
        assert_one_line_error(
            &run(&url, &["organisation", "homes", "--org", "Vale Homes", "--year", "2026"]),
            "--year goes with --homes",
        );
        assert_one_line_error(
            &run(&url, &["organisation", "homes", "--org", "Vale Homes", "--year", "2026", "--homes", "lots"]),
            "--homes: Enter the homes as a whole number",
        );

        // A calendar reporting year: 2026-Q1 is then January to March.
        let said = ok(&url, &["partnership", "set", "--year-start-month", "1", "--long-running-months", "12"]);
        assert!(said.contains("starts in January") && said.contains("after 12 months"), "{said}");
        let json: serde_json::Value = serde_json::from_str(&ok(&url, &["kpi", "--period", "2026-Q1"])).unwrap();
        assert_eq!(json["period"]["first"], "2026-01-01");
        assert_one_line_error(&run(&url, &["partnership", "set", "--year-start-month", "13"]), "--year-start-month");

        let csv_path = dir.path().join("figures.csv");
        ok(&url, &["report", "quarterly", "--format", "csv", "--out", csv_path.to_str().unwrap()]);
        let csv = std::fs::read_to_string(&csv_path).unwrap();
        assert!(csv.starts_with("scope,period,section,kpi"));

        assert_one_line_error(&run(&url, &["report", "quarterly", "--format", "docx"]), "html, csv or pdf");
        assert_one_line_error(&run(&url, &["kpi", "--period", "2025-Q9"]), "not a period");
        assert_one_line_error(&run(&url, &["kpi", "--org", "Nobody Homes"]), "no organisation called");
    })
    .await;
});

both_backends!(a_running_service_works_out_the_figures_dashboards_open_on_before_anyone_looks, |db| async move {
    use asbcase_store::Store;
    let url = db.url.clone();
    blocking({
        let url = url.clone();
        move || ok(&url, &["demo", "--no-serve", "--cases", "120"])
    })
    .await;
    let tenant = db.store.tenants().await.unwrap()[0].id;
    let organisations = db.store.organisations(tenant).await.unwrap().len() as i64;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // The demo's messages due to residents are delivered while it runs: to a folder of the test's.
    let outbox = tempfile::tempdir().unwrap();
    let outbox_dir = outbox.path().to_str().unwrap();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_asbcase"))
        .args(["serve", "--database-url", &url, "--addr", &format!("127.0.0.1:{port}"), "--outbox-dir", outbox_dir])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Soon after it starts, without a dashboard being opened, figures are kept for every
    // organisation's last ended quarter and the partnership's (the trend's older quarters at
    // least: a report on the quarter's last evening leaves it unkept until first contact is due).
    let sql = "SELECT COUNT(DISTINCT scope) FROM kpi_kept WHERE kind = 'figures' AND figures IS NOT NULL";
    let mut scopes: i64 = 0;
    for _ in 0..600 {
        scopes = match &db.store {
            Store::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
            Store::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        };
        if scopes == organisations + 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    std::process::Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert!(server.wait().unwrap().success(), "stops cleanly while working figures out");
    assert_eq!(scopes, organisations + 1, "kept for each of {organisations} organisations and the partnership");
});
