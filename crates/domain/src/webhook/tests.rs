use super::*;
use crate::TenantId;
use crate::calendar::{Calendar, Division};
use crate::case::{Channel, ClosureOutcome, Flags, NewReport, Rules};
use crate::category::Priority;
use crate::location::Location;
use crate::partnership::{Answer, ShareScope};
use crate::reference::CaseReference;
use crate::risk::RiskBand;
use crate::standards::ServiceStandards;
use crate::time::parse;

fn report(owner: OrganisationId) -> NewReport {
    NewReport {
        organisation: owner,
        channel: Channel::Phone,
        description: "Shouting at 2am by Sam Jones of 4 Mill Street".into(),
        categories: vec!["noise".into()],
        priority: Priority(3),
        risk_band: RiskBand::Standard,
        location: Location { address: "Flat 3, 12 Mill Street".into(), ..Location::default() },
        flags: Flags::default(),
        patch: None,
        reported_at: parse("2026-03-02T09:00:00Z").unwrap(),
        assessment: None,
        details: Default::default(),
    }
}

fn closed() -> Change {
    Change::Closed {
        outcome: ClosureOutcome::Resolved,
        summary: "Sam Jones moved away".into(),
        survey: false,
        open_actions_confirmed: false,
    }
}

fn saved(case: &mut Case) {
    case.pending.clear();
}

#[test]
fn an_opened_case_tells_its_own_organisation_and_no_one_else() {
    let (s, c) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &s, calendar: &c };
    let owner = OrganisationId::new();
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    let mut case = Case::report(TenantId::new(), CaseReference::new(2026, 7), report(owner), None, &rules).unwrap();
    assert!(notices(&case).is_empty(), "a report not yet opened tells no one");
    case.record(Change::Triaged { note: "n".into() }, None, at, &rules).unwrap();
    case.record(Change::Opened, None, at, &rules).unwrap();
    let n = notices(&case);
    assert_eq!(n.len(), 1);
    assert_eq!((n[0].topic, n[0].to, n[0].seq), (Topic::CaseOpened, owner, 3));
    assert_eq!(n[0].data, json!({"risk_band": "standard", "primary_category": "noise"}));
}

#[test]
fn a_closed_case_tells_its_owner_and_every_partner_it_is_shared_with_without_any_personal_data() {
    let (s, c) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &s, calendar: &c };
    let (owner, police, landlord) = (OrganisationId::new(), OrganisationId::new(), OrganisationId::new());
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    let mut case = Case::report(TenantId::new(), CaseReference::new(2026, 7), report(owner), None, &rules).unwrap();
    case.record(Change::Triaged { note: "n".into() }, None, at, &rules).unwrap();
    case.record(Change::Opened, None, at, &rules).unwrap();
    saved(&mut case);
    let share = |organisation| Change::Shared { organisation, scope: ShareScope::Summary, purpose: "Sam Jones".into() };
    case.record(share(police), None, at, &rules).unwrap();
    case.record(share(landlord), None, at, &rules).unwrap();
    let n = notices(&case);
    assert_eq!(
        n.iter().map(|n| (n.topic, n.to)).collect::<Vec<_>>(),
        [(Topic::CaseShared, police), (Topic::CaseShared, landlord)]
    );
    assert_eq!(n[0].data, json!({"scope": "summary"}));
    saved(&mut case);
    case.record(Change::Unshared { organisation: landlord, reason: "done".into() }, None, at, &rules).unwrap();
    assert!(notices(&case).is_empty(), "stopping a share is not one of the events");
    saved(&mut case);
    case.record(closed(), None, at, &rules).unwrap();
    let n = notices(&case);
    assert_eq!(
        n.iter().map(|n| (n.topic, n.to)).collect::<Vec<_>>(),
        [(Topic::CaseClosed, owner), (Topic::CaseClosed, police)]
    );
    let body = n[1].body(uuid::Uuid::nil());
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["type"], "case.closed");
    assert_eq!(v["case"]["reference"], case.reference.as_str());
    assert_eq!(v["data"], json!({"outcome": "resolved"}));
    for words in ["Sam", "Jones", "Mill", "moved"] {
        assert!(!body.contains(words), "{words} leaked into {body}");
    }
}

#[test]
fn a_referral_tells_the_receiver_when_made_and_both_sides_when_answered_or_completed() {
    let (s, c) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &s, calendar: &c };
    let (owner, social_care) = (OrganisationId::new(), OrganisationId::new());
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    let mut case = Case::report(TenantId::new(), CaseReference::new(2026, 7), report(owner), None, &rules).unwrap();
    case.record(Change::Triaged { note: "n".into() }, None, at, &rules).unwrap();
    case.record(Change::Opened, None, at, &rules).unwrap();
    saved(&mut case);
    let id = uuid::Uuid::new_v4();
    let to = ReferralTo::Organisation { id: social_care };
    case.record(Change::ReferralMade { id, to, party: None, reason: "support".into() }, None, at, &rules).unwrap();
    let n = notices(&case);
    assert_eq!(n.iter().map(|n| n.to).collect::<Vec<_>>(), [social_care]);
    assert_eq!(n[0].data, json!({"referral": id, "status": "sent", "from": owner.0, "to": social_care.0}));
    saved(&mut case);
    let answered = Change::ReferralAnswered { id, answer: Answer::Accepted, note: "ok".into() };
    case.record(answered, None, at, &rules).unwrap();
    case.record(Change::ReferralCompleted { id, outcome: "plan agreed".into() }, None, at, &rules).unwrap();
    let n = notices(&case);
    let got: Vec<_> = n.iter().map(|n| (n.to, n.data["status"].as_str().unwrap().to_string())).collect();
    assert_eq!(
        got,
        [
            (social_care, "accepted".to_string()),
            (owner, "accepted".to_string()),
            (social_care, "completed".to_string()),
            (owner, "completed".to_string())
        ]
    );
    // A referral to a support service outside the system tells only the referring side.
    saved(&mut case);
    let service = ReferralTo::Service { id: uuid::Uuid::new_v4(), name: "Victim support".into() };
    let other = uuid::Uuid::new_v4();
    case.record(Change::ReferralMade { id: other, to: service, party: None, reason: "x".into() }, None, at, &rules)
        .unwrap();
    assert!(notices(&case).is_empty());
}

#[test]
fn topics_are_read_from_a_list_and_unknown_ones_are_named() {
    assert_eq!(
        Topic::parse_list("case.closed, case.opened,case.closed").unwrap(),
        [Topic::CaseClosed, Topic::CaseOpened]
    );
    assert_eq!(Topic::parse_list("all").unwrap(), Topic::ALL);
    let e = Topic::parse_list("case.opened,case.deleted").unwrap_err();
    assert!(e.contains("\"case.deleted\"") && e.contains("referral.changed"), "{e}");
    assert!(Topic::parse_list(" , ").is_err());
}

#[test]
fn deliveries_go_to_https_addresses_or_to_this_machine() {
    assert_eq!(check_url(" https://hms.example.org/asb/hook ").unwrap(), "https://hms.example.org/asb/hook");
    assert!(check_url("http://127.0.0.1:8080/hook").is_ok());
    assert!(check_url("http://localhost/hook").is_ok());
    assert!(check_url("http://[::1]:9/hook").is_ok());
    for (bad, why) in [
        ("http://hms.example.org/hook", "https"),
        ("ftp://hms.example.org/", "https"),
        ("hms.example.org/hook", "not a web address"),
        ("https://user:pw@hms.example.org/", "user name"),
        ("https://hms.example.org/#x", "# part"),
    ] {
        let e = check_url(bad).unwrap_err();
        assert!(e.contains(why), "{bad}: {e}");
    }
    assert!(check_url(&format!("https://a.example/{}", "x".repeat(2000))).is_err());
}

#[test]
fn signatures_are_hmac_sha256_and_a_receiver_can_check_them() {
    // RFC 4231, test case 2.
    assert_eq!(
        hmac_hex(b"Jefe", b"what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    let secret = new_secret();
    assert!(secret.starts_with(SECRET_PREFIX) && secret.len() == SECRET_PREFIX.len() + 64);
    let now = parse("2026-03-02T10:00:00Z").unwrap();
    let t = now.as_second();
    let header = signature(&secret, t, "{\"a\":1}");
    assert_eq!(header, format!("t={t},v1={}", hmac_hex(secret.as_bytes(), format!("{t}.{{\"a\":1}}").as_bytes())));
    let five = SignedDuration::from_mins(5);
    assert!(verify(&secret, &header, "{\"a\":1}", now, five));
    assert!(!verify(&secret, &header, "{\"a\":2}", now, five), "a changed body");
    assert!(!verify("whsec_other", &header, "{\"a\":1}", now, five), "another secret");
    let later = now + SignedDuration::from_mins(6);
    assert!(!verify(&secret, &header, "{\"a\":1}", later, five), "replayed too late");
    assert!(!verify(&secret, "v1=abc", "{\"a\":1}", now, five), "no time");
}

#[test]
fn failed_deliveries_are_tried_again_further_apart_then_given_up() {
    let waits: Vec<_> = (1..=MAX_ATTEMPTS).map(|n| retry_after(n).map(|d| d.as_mins())).collect();
    assert_eq!(waits, [Some(1), Some(2), Some(4), Some(8), Some(16), Some(32), Some(64), Some(128), Some(256), None]);
    let total: i64 = waits.iter().flatten().sum();
    assert!(total > 8 * 60, "retries span most of a day, not minutes: {total} minutes");
}

#[test]
fn each_event_tells_whom_the_case_stood_shared_with_when_it_happened_even_in_one_save() {
    let (s, c) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &s, calendar: &c };
    let (owner, police, landlord) = (OrganisationId::new(), OrganisationId::new(), OrganisationId::new());
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    let mut case = Case::report(TenantId::new(), CaseReference::new(2026, 7), report(owner), None, &rules).unwrap();
    case.record(Change::Triaged { note: "n".into() }, None, at, &rules).unwrap();
    case.record(Change::Opened, None, at, &rules).unwrap();
    let share = |organisation| Change::Shared { organisation, scope: ShareScope::Full, purpose: "p".into() };
    case.record(share(police), None, at, &rules).unwrap();
    saved(&mut case);
    // Closed, then shared with the landlord and no longer with the police, all in one save.
    case.record(closed(), None, at, &rules).unwrap();
    case.record(share(landlord), None, at, &rules).unwrap();
    case.record(Change::Unshared { organisation: police, reason: "done".into() }, None, at, &rules).unwrap();
    let n: Vec<_> = notices(&case).iter().map(|n| (n.topic, n.to)).collect();
    assert_eq!(n, [(Topic::CaseClosed, owner), (Topic::CaseClosed, police), (Topic::CaseShared, landlord)]);
    saved(&mut case);
    case.record(Change::Reopened { reason: "It started again".into() }, None, at, &rules).unwrap();
    let n: Vec<_> = notices(&case).iter().map(|n| (n.topic, n.to)).collect();
    assert_eq!(n, [(Topic::CaseReopened, owner), (Topic::CaseReopened, landlord)]);
}

#[test]
fn a_report_referred_at_triage_tells_the_organisation_it_now_belongs_to() {
    let (s, c) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &s, calendar: &c };
    let (council, landlord) = (OrganisationId::new(), OrganisationId::new());
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    let mut case = Case::report(TenantId::new(), CaseReference::new(2026, 7), report(council), None, &rules).unwrap();
    case.record(Change::Referred { to: landlord, note: "Their tenant".into() }, None, at, &rules).unwrap();
    let n = notices(&case);
    assert_eq!((n.len(), n[0].topic, n[0].to, n[0].owner), (1, Topic::ReferralChanged, landlord, landlord));
    assert_eq!(n[0].data["status"], "referred_at_triage");
    assert_eq!(n[0].data["from"], json!(council.0));
}

#[test]
fn a_signature_with_an_absurd_time_is_refused_without_overflowing() {
    let now = parse("2026-03-02T10:00:00Z").unwrap();
    let header = format!("t={},v1=00", i64::MIN);
    assert!(!verify("whsec_x", &header, "{}", now, SignedDuration::from_mins(5)));
    let header = format!("t={},v1=00", i64::MAX);
    assert!(!verify("whsec_x", &header, "{}", now, SignedDuration::from_mins(5)));
}
