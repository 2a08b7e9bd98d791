//! A resident's way through the public report form, for tests of what follows a report.
use super::QUESTIONS as RISK_NO;
use super::{Browser, Page};
use asbcase_domain::reference::CaseReference;

/// Answer a page: fetch it for its token, post the answers; returns where it sent us.
pub async fn answer(b: &Browser, page: &str, fields: &[(&str, &str)]) -> Page {
    // The diary and remove forms live on the evidence page.
    let token = b.csrf(page.trim_end_matches("/diary").trim_end_matches("/remove")).await;
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    b.post(page, &form).await
}

/// Answer every page before the contact details: shouting and loud music at 10 Orchard Court,
/// with yes to the risk questions in `risk_yes`.
pub async fn through_to_contact(b: &Browser, risk_yes: &[&str]) {
    assert_eq!(answer(b, "/report/danger", &[("danger", "no")]).await.location.as_deref(), Some("/report/what"));
    let what = answer(
        b,
        "/report/what",
        &[
            ("categories", "noise"),
            ("categories", "verbal_abuse"),
            ("description", "Shouting and loud music from number 12 every night until 3am"),
            ("started_day", "1"),
            ("started_month", "9"),
            ("started_year", "2026"),
            ("how_often", "daily"),
            ("happening_now", "no"),
        ],
    )
    .await;
    assert_eq!(what.location.as_deref(), Some("/report/where"), "{}", what.body);
    let place =
        answer(b, "/report/where", &[("address", "10 Orchard Court, Ashford Vale"), ("postcode", "av1 4qt")]).await;
    assert_eq!(place.location.as_deref(), Some("/report/risk"));
    let risk: Vec<(&str, &str)> =
        RISK_NO.iter().map(|k| (*k, if risk_yes.contains(k) { "yes" } else { "no" })).collect();
    let mut risk_form = risk.clone();
    if risk_yes.contains(&"targeted_for_who_they_are") {
        risk_form.push(("hate_strands", "religion"));
    }
    assert_eq!(answer(b, "/report/risk", &risk_form).await.location.as_deref(), Some("/report/about"));
    assert_eq!(
        answer(b, "/report/about", &[("known", "yes"), ("about_description", "The man at number 12")])
            .await
            .location
            .as_deref(),
        Some("/report/evidence")
    );
    assert_eq!(answer(b, "/report/evidence", &[]).await.location.as_deref(), Some("/report/contact"));
}

/// Send the report from the check page; the page that says it was sent.
pub async fn send(b: &Browser) -> Page {
    let check = b.get("/report/check").await;
    assert_eq!(check.status, 200, "{}", check.body);
    let token = check.csrf().unwrap();
    let sent = b.post("/report/check", &[("csrf_token", &token)]).await;
    assert_eq!(sent.location.as_deref(), Some("/report/done"));
    b.get("/report/done").await
}

/// The case reference a page shows.
pub fn reference_on(page: &Page) -> CaseReference {
    let at = page.body.find("ASB-").expect("a reference on the page");
    CaseReference::parse(&page.body[at..at + 15]).unwrap()
}
