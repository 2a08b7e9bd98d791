//! What residents (and partners' systems through Open311) send as forms: decoded as the web
//! pages decode them, then checked by the domain's rules. Nothing may panic.
#![no_main]
use asbcase_domain::category::default_catalogue;
use asbcase_domain::questionnaire::Questionnaire;
use asbcase_domain::{evidence, location, open311, report};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = jiff::civil::date(2026, 12, 4);
    if let Ok(f) = serde_urlencoded::from_bytes::<report::WhatForm>(data) {
        let _ = report::check_what(&f, &default_catalogue(), today);
    }
    if let Ok(f) = serde_urlencoded::from_bytes::<report::ContactForm>(data) {
        let _ = report::check_contact(&f);
    }
    let Ok(fields) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(data) else { return };
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("");
    let _ = report::check_where(get("address"), get("postcode"));
    let _ = location::check_point(get("lat"), get("long"));
    let _ = report::check_about(get("known"), get("description"));
    let _ = report::check_description(get("description"), &mut vec![]);
    let _ = report::parse_date("date", "The date", get("day"), get("month"), get("year"), today);
    let _ =
        evidence::check_diary(get("day"), get("month"), get("year"), get("time"), get("what"), get("affected"), today);
    let _ = evidence::parse_time(get("time"));
    let q = Questionnaire::default_set();
    let strands: Vec<String> = fields.iter().filter(|(k, _)| k == "strands").map(|(_, v)| v.clone()).collect();
    let _ = report::check_risk(&q, &fields, &strands);
    let _ = open311::read_attributes(&q, &fields);
});
