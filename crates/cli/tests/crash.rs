//! No lost reports: partners' systems send reports while the server is killed with SIGKILL at
//! random moments and started again, over and over. Every report that was answered with a
//! reference must be there afterwards, whole, and every case's event chain must verify.
//! Runs on SQLite and PostgreSQL, against the real binary.
mod common;

use asbcase_store::both_backends;
use common::*;
use std::process::{Child, Command, Stdio};

const KILLS: usize = 20;

fn serve(url: &str, addr: &str, outbox: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_asbcase"))
        // Partners' systems send as fast as they can here: far beyond the usual rate limit.
        .args(["serve", "--database-url", url, "--addr", addr, "--limit-open311-per-minute", "1000000", "--outbox-dir"])
        .arg(outbox)
        .env("ASBCASE_LOG", "error")
        .current_dir(std::env::temp_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn wait_until_up(client: &reqwest::Client, addr: &str) {
    for _ in 0..200 {
        if client.get(format!("http://{addr}/health")).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the server did not come up at {addr}");
}

/// Send reports one after another until one gets no answer; return the references given.
async fn report_until_cut_off(client: reqwest::Client, addr: String, key: String, who: usize) -> Vec<(String, String)> {
    let mut given = vec![];
    for n in 0.. {
        let description = format!("Report {who}-{n}: music and shouting from the flat above until 3am");
        let mut form: Vec<(String, String)> = vec![
            ("api_key".into(), key.clone()),
            ("service_code".into(), "noise".into()),
            ("description".into(), description.clone()),
            ("address_string".into(), format!("Flat {n}, {who} Mill Street, Ashford Vale")),
            ("email".into(), format!("resident{who}.{n}@example.org")),
        ];
        let questions = asbcase_domain::questionnaire::Questionnaire::default_set().questions;
        form.extend(questions.iter().map(|q| (format!("attribute[{}]", q.key), "no".to_string())));
        let res = client.post(format!("http://{addr}/open311/v2/requests.json")).form(&form).send().await;
        let Ok(res) = res else { return given };
        let status = res.status();
        let Ok(body) = res.text().await else { return given };
        assert!(status.is_success() || status.is_server_error(), "unexpected answer {status}: {body}");
        if status.is_success() {
            let v: serde_json::Value = serde_json::from_str(&body).expect("a whole JSON answer");
            let reference = v[0]["service_request_id"].as_str().expect("a reference").to_string();
            given.push((reference, description));
        }
    }
    given
}

both_backends!(every_report_that_got_a_reference_survives_the_server_being_killed, |db| async move {
    let url = db.url.clone();
    let setup = tokio::task::spawn_blocking(move || {
        add_council(&url, "Ashford Vale CSP", "Ashford Vale District Council");
        let o = asbcase(&[
            "open311",
            "add-key",
            "--database-url",
            &url,
            "--name",
            "FixMyStreet",
            "--organisation",
            "Ashford Vale District Council",
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        text(&o.stdout).lines().find_map(|l| l.trim().strip_prefix("api_key=")).unwrap().to_string()
    });
    let key = setup.await.unwrap();
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build().unwrap();
    let outbox = tempfile::tempdir().unwrap();
    let mut given: Vec<(String, String)> = vec![];
    for round in 0..KILLS {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let addr = format!("127.0.0.1:{port}");
        let mut server = serve(&db.url, &addr, outbox.path());
        wait_until_up(&client, &addr).await;
        let senders: Vec<_> = (0..3)
            .map(|who| tokio::spawn(report_until_cut_off(client.clone(), addr.clone(), key.clone(), round * 10 + who)))
            .collect();
        // Let it take reports for a moment that differs every round, then kill it outright.
        let ms = 40 + (round as u64 * 37) % 260;
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        server.kill().unwrap();
        server.wait().unwrap();
        for s in senders {
            given.extend(s.await.unwrap());
        }
    }
    assert!(given.len() > KILLS, "reports were taken between the kills ({} in all)", given.len());

    // Every reference given is a whole case, as reported.
    let store = asbcase_store::Store::connect(&db.url).await.unwrap();
    let tenant = store.tenants().await.unwrap()[0].id;
    for (reference, description) in &given {
        let r = asbcase_domain::reference::CaseReference::parse(reference).unwrap();
        let case = store.case_by_reference(tenant, &r).await.unwrap().unwrap_or_else(|| panic!("{reference} was lost"));
        assert_eq!(&case.description, description, "{reference} is intact");
        assert!(!store.events(tenant, case.id).await.unwrap().is_empty());
    }
    store.close().await;
    let url = db.url.clone();
    let v = tokio::task::spawn_blocking(move || asbcase(&["verify", "--database-url", &url])).await.unwrap();
    assert!(v.status.success(), "{}{}", text(&v.stdout), text(&v.stderr));
    assert!(text(&v.stdout).contains("every chain is intact"));
});
