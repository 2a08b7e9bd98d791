//! Partners' systems (FixMyStreet and the like) report ASB by Open311 GeoReport v2 and follow
//! what happens, without ever learning more than their own reports said.
mod common;

use asbcase_domain::calendar::Division;
use asbcase_domain::case::{Channel, ClosureOutcome, RuleBook, Status};
use asbcase_domain::event::Change;
use asbcase_domain::open311::jurisdiction_id;
use asbcase_domain::party::PartyRole;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::risk::RiskBand;
use asbcase_store::both_backends;
use common::QUESTIONS;
use common::{TestApp, open311_key};
use std::collections::BTreeMap;

const JURISDICTION: &str = "ashford-vale-community-safety-partnership";

struct Reply {
    status: u16,
    content_type: String,
    body: String,
}

async fn get(app: &TestApp, path: &str) -> Reply {
    let res = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
    reply(res).await
}

async fn post(app: &TestApp, path: &str, form: &[(String, String)]) -> Reply {
    let res = reqwest::Client::new().post(format!("{}{path}", app.base)).form(form).send().await.unwrap();
    reply(res).await
}

async fn reply(res: reqwest::Response) -> Reply {
    let status = res.status().as_u16();
    let content_type = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    Reply { status, content_type, body: res.text().await.unwrap() }
}

/// Each `<item>` under the root, as a map of its leaf children's text ("" for an empty element).
fn xml_items(body: &str, root: &str, item: &str) -> Vec<BTreeMap<String, String>> {
    let doc = roxmltree::Document::parse(body).unwrap_or_else(|e| panic!("not XML ({e}): {body}"));
    assert!(body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), "{body}");
    assert_eq!(doc.root_element().tag_name().name(), root, "{body}");
    doc.root_element()
        .children()
        .filter(|n| n.tag_name().name() == item)
        .map(|n| {
            n.children()
                .filter(|c| c.is_element() && c.children().all(|g| g.is_text()))
                .map(|c| (c.tag_name().name().to_string(), c.text().unwrap_or("").to_string()))
                .collect()
        })
        .collect()
}

/// The JSON array's objects, with every leaf as text (null as "") to compare with the XML.
fn json_items(body: &str) -> Vec<BTreeMap<String, String>> {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"));
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {body}"))
        .iter()
        .map(|o| {
            o.as_object()
                .unwrap()
                .iter()
                .filter(|(_, v)| !v.is_array() && !v.is_object())
                .map(|(k, v)| {
                    let text = match v {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (k.clone(), text)
                })
                .collect()
        })
        .collect()
}

/// A form as a partner's system sends it.
fn report_form(api_key: &str, yes: &[&str], extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = vec![
        ("api_key".into(), api_key.into()),
        ("service_code".into(), "noise".into()),
        ("description".into(), "Music from the flat above until 4am most nights, and shouting".into()),
        ("address_string".into(), "Flat 7, 3 Mill Street, Ashford Vale, AV2 3RT".into()),
        ("lat".into(), "51.14802".into()),
        ("long".into(), "0.87512".into()),
        ("email".into(), "grace.mensah@example.com".into()),
        ("first_name".into(), "Grace".into()),
        ("last_name".into(), "Mensah".into()),
        ("media_url".into(), "https://fixmystreet.example/photo/1.jpeg".into()),
    ];
    for q in QUESTIONS {
        form.push((format!("attribute[{q}]"), if yes.contains(&q) { "yes" } else { "no" }.into()));
    }
    for (k, v) in extra {
        form.push(((*k).into(), (*v).into()));
    }
    form
}

fn errors_of(r: &Reply) -> Vec<(String, String)> {
    if r.content_type.starts_with("application/json") {
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| (e["code"].to_string(), e["description"].as_str().unwrap().to_string()))
            .collect()
    } else {
        xml_items(&r.body, "errors", "error")
            .into_iter()
            .map(|e| (e["code"].clone(), e["description"].clone()))
            .collect()
    }
}

both_backends!(a_partner_finds_the_services_and_the_questions_each_asks, |db| async move {
    let app = TestApp::start(db).await;
    assert_eq!(jurisdiction_id("Ashford Vale Community Safety Partnership"), JURISDICTION);

    let d = get(&app, "/open311/v2/discovery.xml").await;
    assert_eq!(d.status, 200);
    assert!(d.content_type.starts_with("text/xml"), "{}", d.content_type);
    let doc = roxmltree::Document::parse(&d.body).unwrap();
    let spec = doc.descendants().find(|n| n.has_tag_name("specification")).unwrap();
    assert_eq!(spec.text(), Some("http://wiki.open311.org/GeoReport_v2"));
    let formats: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("format")).filter_map(|n| n.text()).collect();
    assert_eq!(formats, ["text/xml", "application/json"]);

    // Two partnerships share this server: anonymous callers name theirs.
    let no_j = get(&app, "/open311/v2/services.xml").await;
    assert_eq!(no_j.status, 400);
    assert!(errors_of(&no_j)[0].1.contains("jurisdiction_id is required"));

    let xml = get(&app, &format!("/open311/v2/services.xml?jurisdiction_id={JURISDICTION}")).await;
    let json = get(&app, &format!("/open311/v2/services.json?jurisdiction_id={JURISDICTION}")).await;
    assert!(json.content_type.starts_with("application/json"));
    let from_xml = xml_items(&xml.body, "services", "service");
    assert_eq!(from_xml, json_items(&json.body), "XML and JSON list the same services field by field");
    let noise = from_xml.iter().find(|s| s["service_code"] == "noise").expect("noise is a service");
    assert_eq!(noise["metadata"], "true");
    assert_eq!(noise["type"], "realtime");
    assert_eq!(noise["group"], "Anti-social behaviour");
    assert!(!noise["service_name"].is_empty() && !noise["description"].is_empty());

    let def = get(&app, &format!("/open311/v2/services/noise.xml?jurisdiction_id={JURISDICTION}")).await;
    assert_eq!(def.status, 200, "{}", def.body);
    let doc = roxmltree::Document::parse(&def.body).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "service_definition");
    let attrs: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("attribute")).collect();
    let text = |n: &roxmltree::Node, tag: &str| {
        n.children().find(|c| c.has_tag_name(tag)).and_then(|c| c.text()).unwrap_or("").to_string()
    };
    for q in QUESTIONS {
        let a = attrs.iter().find(|a| text(a, "code") == q).unwrap_or_else(|| panic!("{q} is an attribute"));
        assert_eq!(text(a, "datatype"), "singlevaluelist");
        assert_eq!(text(a, "required"), "true");
        assert_eq!(text(a, "variable"), "true");
        let keys: Vec<_> = a.descendants().filter(|n| n.has_tag_name("key")).filter_map(|n| n.text()).collect();
        assert_eq!(keys, ["yes", "no"]);
    }
    let json_def = get(&app, &format!("/open311/v2/services/noise.json?jurisdiction_id={JURISDICTION}")).await;
    let v: serde_json::Value = serde_json::from_str(&json_def.body).unwrap();
    assert_eq!(v["service_code"], "noise");
    assert_eq!(v["attributes"].as_array().unwrap().len(), attrs.len());
    assert_eq!(v["attributes"][0]["values"][0]["key"], "yes");

    let unknown = get(&app, &format!("/open311/v2/services/karaoke.xml?jurisdiction_id={JURISDICTION}")).await;
    assert_eq!(unknown.status, 404);
    assert_eq!(errors_of(&unknown), [("404".to_string(), "service_code 'karaoke' was not found".to_string())]);
    let bad_j = get(&app, "/open311/v2/services.json?jurisdiction_id=atlantis").await;
    assert_eq!(bad_j.status, 404);
    assert_eq!(errors_of(&bad_j)[0].1, "jurisdiction_id 'atlantis' was not found");
    assert_eq!(get(&app, "/open311/v2/services.csv").await.status, 404);
});

both_backends!(a_partners_report_becomes_a_case_scored_and_acknowledged_like_any_other, |db| async move {
    let app = TestApp::start(db).await;
    let (k, secret) = open311_key(&app, "fixmystreet").await;
    let r = post(&app, "/open311/v2/requests.xml", &report_form(&secret, &["threats_or_violence"], &[])).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let made = xml_items(&r.body, "service_requests", "request");
    assert_eq!(made.len(), 1);
    let reference = CaseReference::parse(&made[0]["service_request_id"]).unwrap();
    assert_eq!(made[0]["token"].len(), 32);
    assert!(made[0]["service_notice"].contains("will contact the person who reported this by"));
    assert_eq!(made[0]["account_id"], "");

    let store = &app.db.store;
    let case = store.case_by_reference(app.world.tenant, &reference).await.unwrap().unwrap();
    assert_eq!(case.channel, Channel::Open311);
    assert_eq!(case.organisation, app.world.council);
    assert_eq!(case.status, Status::Reported);
    assert_eq!(case.risk_band, RiskBand::High, "threats alone make it high risk, as on the web form");
    assert_eq!(case.location.postcode.as_ref().map(|p| p.as_str()), Some("AV2 3RT"));
    assert_eq!(case.location.latitude, Some(51.14802));
    assert!(case.parties.iter().any(|p| p.role == PartyRole::Complainant));
    let people = store.people(app.world.tenant, case.id).await.unwrap();
    assert!(people.iter().any(|p| p.name == "Grace Mensah" && p.email.as_deref() == Some("grace.mensah@example.com")));
    let messages = store.messages_of_case(app.world.tenant, case.id).await.unwrap();
    assert_eq!(messages.len(), 1, "an acknowledgement is queued");
    assert_eq!(messages[0].recipient, "grace.mensah@example.com");

    // The token leads back to the request, in either format.
    let t = get(&app, &format!("/open311/v2/tokens/{}.json?jurisdiction_id={JURISDICTION}", made[0]["token"])).await;
    assert_eq!(json_items(&t.body)[0]["service_request_id"], reference.to_string());
    assert_eq!(get(&app, &format!("/open311/v2/tokens/nope.xml?api_key={secret}")).await.status, 404);

    // JSON asks get JSON answers; an anonymous report gets no acknowledgement.
    let mut anon = report_form(&secret, &[], &[]);
    anon.retain(|(k, _)| !["email", "first_name", "last_name"].contains(&k.as_str()));
    let r = post(&app, "/open311/v2/requests.json", &anon).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let made = json_items(&r.body);
    assert!(made[0]["service_notice"].contains("Without contact details"));
    let anon_ref = CaseReference::parse(&made[0]["service_request_id"]).unwrap();
    let anon_case = store.case_by_reference(app.world.tenant, &anon_ref).await.unwrap().unwrap();
    assert_eq!(anon_case.risk_band, RiskBand::Standard);
    assert!(store.messages_of_case(app.world.tenant, anon_case.id).await.unwrap().is_empty());
    assert_ne!(k.id, uuid::Uuid::nil());
});

both_backends!(the_same_external_id_sent_twice_makes_one_request, |db| async move {
    let app = TestApp::start(db).await;
    let (_, secret) = open311_key(&app, "fixmystreet").await;
    let form = report_form(&secret, &[], &[("attribute[external_id]", "FMS-4411")]);
    let first = post(&app, "/open311/v2/requests.xml", &form).await;
    let second = post(&app, "/open311/v2/requests.xml", &form).await;
    let a = xml_items(&first.body, "service_requests", "request");
    let b = xml_items(&second.body, "service_requests", "request");
    assert_eq!(a[0]["service_request_id"], b[0]["service_request_id"]);
    assert_eq!(a[0]["token"], b[0]["token"]);
    assert_eq!(b[0]["service_notice"], "This request was already received.");
    // The repeat used up no case number: the next request is numbered straight after the first.
    let next = post(&app, "/open311/v2/requests.xml", &report_form(&secret, &[], &[])).await;
    let first = CaseReference::parse(&a[0]["service_request_id"]).unwrap();
    let next =
        CaseReference::parse(&xml_items(&next.body, "service_requests", "request")[0]["service_request_id"]).unwrap();
    let (year, number) = (first.as_str()[4..8].parse::<i16>().unwrap(), first.as_str()[9..].parse::<u64>().unwrap());
    assert_eq!(next, CaseReference::new(year, number + 1));
    let listed = get(&app, &format!("/open311/v2/requests.xml?api_key={secret}")).await;
    assert_eq!(
        xml_items(&listed.body, "service_requests", "request").len(),
        2,
        "the first and the next, not the repeat"
    );
});

both_backends!(bad_partner_input_gets_the_specs_error_body_and_status, |db| async move {
    let app = TestApp::start(db).await;
    let (revoked, revoked_secret) = open311_key(&app, "old-system").await;
    app.db
        .store
        .revoke_open311_key(app.world.tenant, app.world.council, revoked.id, "test", jiff::Timestamp::now())
        .await
        .unwrap();
    let (_, secret) = open311_key(&app, "fixmystreet").await;
    let count = |r: &Reply| errors_of(r).len();

    let mut no_key = report_form("", &[], &[]);
    no_key.retain(|(k, _)| k != "api_key");
    let r = post(&app, &format!("/open311/v2/requests.xml?jurisdiction_id={JURISDICTION}"), &no_key).await;
    assert_eq!((r.status, errors_of(&r)[0].1.as_str()), (403, "An api_key is required"));
    let r = post(&app, "/open311/v2/requests.xml", &report_form("guessed", &[], &[])).await;
    assert_eq!((r.status, errors_of(&r)[0].1.as_str()), (403, "The api_key is not valid"));
    let r = post(&app, "/open311/v2/requests.json", &report_form(&revoked_secret, &[], &[])).await;
    assert_eq!((r.status, errors_of(&r)[0].1.as_str()), (403, "This api_key has been revoked"));
    assert_eq!(errors_of(&r)[0].0, "403", "JSON errors carry the code as a number");

    let r = post(&app, "/open311/v2/requests.xml", &report_form(&secret, &[], &[("service_code", "graffiti")])).await;
    assert_eq!((r.status, errors_of(&r)[0].1.as_str()), (400, "service_code was given more than once"));
    let mut unknown = report_form(&secret, &[], &[]);
    unknown.retain(|(k, _)| k != "service_code");
    unknown.push(("service_code".into(), "karaoke".into()));
    let r = post(&app, "/open311/v2/requests.xml", &unknown).await;
    assert_eq!((r.status, errors_of(&r)[0].1.as_str()), (404, "service_code 'karaoke' was not found"));
    let mut none = report_form(&secret, &[], &[]);
    none.retain(|(k, _)| k != "service_code");
    let r = post(&app, "/open311/v2/requests.xml", &none).await;
    assert_eq!((r.status, errors_of(&r)[0].1.as_str()), (400, "service_code was not provided"));

    // Every problem with the report itself is listed at once, each naming its parameter.
    let mut bad = report_form(&secret, &[], &[("attribute[colour]", "red"), ("email", "not-an-address")]);
    bad.retain(|(k, _)| {
        !["address_string", "long", "description", "attribute[feels_unsafe]", "email", "media_url"]
            .contains(&k.as_str())
    });
    bad.push(("email".into(), "not-an-address".into()));
    bad.push(("media_url".into(), "file:///etc/passwd".into()));
    let r = post(&app, "/open311/v2/requests.xml", &bad).await;
    assert_eq!(r.status, 400, "{}", r.body);
    let said: Vec<String> = errors_of(&r)
        .into_iter()
        .map(|(code, d)| {
            assert_eq!(code, "400");
            d
        })
        .collect();
    for expected in [
        "lat and long must be given together",
        "Give where it is happening: lat and long, address_string or address_id",
        "description: Describe what is happening",
        "attribute[colour] is not an attribute of this service",
        "attribute[feels_unsafe] is required",
        "email: Enter an email address in the correct format",
        "media_url must be an http or https address",
    ] {
        assert!(said.iter().any(|s| s.starts_with(expected)), "missing '{expected}' in {said:?}");
    }
    let mut north_pole = report_form(&secret, &[], &[("lat", "91")]);
    north_pole.retain(|(k, v)| k != "lat" || v == "91");
    let r = post(&app, "/open311/v2/requests.xml", &north_pole).await;
    assert_eq!(r.status, 400);
    assert_eq!(count(&r), 1);
    assert_eq!(errors_of(&r)[0].1, "lat '91' must be a number of degrees between -90 and 90");

    let r = get(&app, &format!("/open311/v2/requests.xml?api_key={secret}&start_date=last%20tuesday")).await;
    assert_eq!(r.status, 400);
    assert!(errors_of(&r)[0].1.starts_with("start_date 'last tuesday' is not a date and time in W3C format"));
    let r = get(&app, &format!("/open311/v2/requests.xml?api_key={secret}&start_date=2026-11-01T00:00:00")).await;
    assert_eq!(r.status, 400, "a time without a zone is refused");
    let r = get(&app, &format!("/open311/v2/requests.xml?api_key={secret}&status=pending")).await;
    assert_eq!((r.status, errors_of(&r)[0].1.as_str()), (400, "status 'pending' must be open or closed"));
    let r = get(&app, &format!("/open311/v2/requests/ASB-2026-999999.json?api_key={secret}")).await;
    assert_eq!((r.status, errors_of(&r)[0].1.as_str()), (404, "service_request_id 'ASB-2026-999999' was not found"));
    let r = post(&app, "/open311/v2/requests.xml", &[("api_key".to_string(), "%ZZ".to_string())]).await;
    assert_eq!(r.status, 403);
});

both_backends!(asb_requests_are_private_except_to_the_key_that_sent_them, |db| async move {
    let app = TestApp::start(db).await;
    let (_, secret) = open311_key(&app, "fixmystreet").await;
    let (_, other_secret) = open311_key(&app, "police").await;
    let r = post(&app, "/open311/v2/requests.xml", &report_form(&secret, &[], &[])).await;
    let id = xml_items(&r.body, "service_requests", "request")[0]["service_request_id"].clone();

    let private = ["description", "address", "zipcode", "lat", "long", "media_url", "status_notes"];
    for path in [
        format!("/open311/v2/requests.xml?jurisdiction_id={JURISDICTION}"),
        format!("/open311/v2/requests/{id}.xml?jurisdiction_id={JURISDICTION}"),
        format!("/open311/v2/requests.xml?api_key={other_secret}"),
    ] {
        let r = get(&app, &path).await;
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        let items = xml_items(&r.body, "service_requests", "request");
        assert_eq!(items.len(), 1, "{path}: only Open311 requests are listed, never other cases");
        let item = &items[0];
        assert_eq!(item["service_request_id"], id);
        assert_eq!(item["status"], "open");
        assert_eq!(item["service_code"], "noise");
        assert_eq!(item["agency_responsible"], "Ashford Vale District Council");
        assert!(item["requested_datetime"].ends_with("+00:00") || item["requested_datetime"].ends_with("+01:00"));
        for f in private {
            assert_eq!(item[f], "", "{path}: {f} must not be shown");
        }
        for secret_text in ["Mill Street", "AV2", "Grace", "Mensah", "grace.mensah", "4am", "51.148"] {
            assert!(!r.body.contains(secret_text), "{path} leaks '{secret_text}'");
        }
    }
    let json = get(&app, &format!("/open311/v2/requests.json?jurisdiction_id={JURISDICTION}")).await;
    assert_eq!(json_items(&json.body)[0]["description"], "");

    // The key that sent it sees what it sent, the same in both formats.
    let xml = get(&app, &format!("/open311/v2/requests/{id}.xml?api_key={secret}")).await;
    let json = get(&app, &format!("/open311/v2/requests/{id}.json?api_key={secret}")).await;
    let (x, j) = (xml_items(&xml.body, "service_requests", "request"), json_items(&json.body));
    assert_eq!(x, j, "field by field");
    assert!(x[0]["description"].starts_with("Music from the flat above"));
    assert_eq!(x[0]["zipcode"], "AV2 3RT");
    assert_eq!(x[0]["lat"], "51.14802");
    assert_eq!(x[0]["media_url"], "https://fixmystreet.example/photo/1.jpeg");
    assert!(!xml.body.contains("Grace"), "names and contact details are never sent back");

    // Filters: closed and other codes find nothing; another partnership sees nothing.
    for q in ["status=closed", "service_code=graffiti", "end_date=2020-01-01T00:00:00Z"] {
        let r = get(&app, &format!("/open311/v2/requests.xml?api_key={secret}&{q}")).await;
        assert!(xml_items(&r.body, "service_requests", "request").is_empty(), "{q}");
    }
    let r = get(&app, "/open311/v2/requests.xml?jurisdiction_id=brookmere-partnership").await;
    assert!(xml_items(&r.body, "service_requests", "request").is_empty());
    let r =
        get(&app, &format!("/open311/v2/requests.xml?api_key={secret}&jurisdiction_id=brookmere-partnership")).await;
    assert_eq!(r.status, 403);
});

both_backends!(a_partner_hears_how_its_report_moves_on_and_can_add_to_it, |db| async move {
    let app = TestApp::start(db).await;
    let (_, secret) = open311_key(&app, "fixmystreet").await;
    let (_, other_secret) = open311_key(&app, "police").await;
    let r = post(&app, "/open311/v2/requests.xml", &report_form(&secret, &[], &[])).await;
    let id = xml_items(&r.body, "service_requests", "request")[0]["service_request_id"].clone();
    let reference = CaseReference::parse(&id).unwrap();

    // A resident adds to it on the partner's site.
    let update = |key: &str, update_id: &str, text: &str| {
        vec![
            ("api_key".to_string(), key.to_string()),
            ("service_request_id".to_string(), id.clone()),
            ("update_id".to_string(), update_id.to_string()),
            ("updated_datetime".to_string(), "2026-11-23T10:00:00Z".to_string()),
            ("status".to_string(), "OPEN".to_string()),
            ("description".to_string(), text.to_string()),
        ]
    };
    let r = post(
        &app,
        "/open311/v2/servicerequestupdates.xml",
        &update(&secret, "FMS-U-1", "It happened again last night"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        xml_items(&r.body, "service_request_updates", "request_update")[0]["update_id"],
        format!("{id}-4"),
        "the fourth event: reported, two parties, then this"
    );
    let retried = post(
        &app,
        "/open311/v2/servicerequestupdates.xml",
        &update(&secret, "FMS-U-1", "It happened again last night"),
    )
    .await;
    assert_eq!(
        xml_items(&retried.body, "service_request_updates", "request_update")[0]["update_id"],
        format!("{id}-4"),
        "a retried update is answered as before, not added twice"
    );
    let r = post(&app, "/open311/v2/servicerequestupdates.xml", &update(&other_secret, "FMS-U-2", "Not mine")).await;
    assert_eq!(r.status, 404, "another partner cannot add to it");

    let store = &app.db.store;
    let tenant = app.world.tenant;
    let book = RuleBook::for_division(Division::EnglandAndWales);
    let rules = book.rules();
    let mut case = store.case_by_reference(tenant, &reference).await.unwrap().unwrap();
    let events = store.events(tenant, case.id).await.unwrap();
    assert!(
        matches!(events.last().unwrap().change().unwrap(), Change::FurtherReport { channel: Channel::Open311, description, .. } if description == "It happened again last night")
    );
    let by = Some(app.world.officer.id);
    let now = asbcase_domain::time::now();
    case.record(Change::Triaged { note: "Neighbour dispute, music".into() }, by, now, &rules).unwrap();
    case.record(Change::Opened, by, now, &rules).unwrap();
    case.record(Change::NoteAdded { text: "Spoke to Mr Khan at flat 9".into() }, by, now, &rules).unwrap();
    case.record(
        Change::Closed {
            outcome: ClosureOutcome::Resolved,
            summary: "Mr Khan agreed to stop".into(),
            survey: false,
            open_actions_confirmed: false,
        },
        by,
        now,
        &rules,
    )
    .unwrap();
    store.save_case(&mut case).await.unwrap();

    let r = get(&app, &format!("/open311/v2/servicerequestupdates.xml?api_key={secret}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let updates = xml_items(&r.body, "service_request_updates", "request_update");
    let statuses: Vec<&str> = updates.iter().map(|u| u["status"].as_str()).collect();
    assert_eq!(statuses, ["INVESTIGATING", "IN_PROGRESS", "FIXED"]);
    assert!(updates.iter().all(|u| u["service_request_id"] == id && !u["updated_datetime"].is_empty()));
    assert!(!r.body.contains("Khan") && !r.body.contains("flat 9"), "notes and summaries stay inside");
    let json = get(&app, &format!("/open311/v2/servicerequestupdates.json?api_key={secret}")).await;
    assert_eq!(json_items(&json.body), updates, "field by field");

    let r = get(&app, &format!("/open311/v2/servicerequestupdates.xml?api_key={other_secret}")).await;
    assert!(xml_items(&r.body, "service_request_updates", "request_update").is_empty());
    let r = get(&app, &format!("/open311/v2/servicerequestupdates.xml?jurisdiction_id={JURISDICTION}")).await;
    assert_eq!(r.status, 403);
    let r = get(&app, &format!("/open311/v2/requests/{id}.xml?api_key={secret}")).await;
    assert_eq!(xml_items(&r.body, "service_requests", "request")[0]["status"], "closed");
    let r = post(&app, "/open311/v2/servicerequestupdates.xml", &update(&secret, "FMS-U-3", "And again")).await;
    assert_eq!((r.status, errors_of(&r)[0].1.as_str()), (400, "The case is closed: send a new request instead"));
});
