//! Contacts and interventions files for `asbcase import cases`: any bytes are read without a
//! panic, and every case whose history is accepted is one the import can build. The input is
//! three files (cases, contacts, interventions) separated by form feeds; cases files too
//! broken to read are replaced by a small good one, so the fuzzer works on the history.
#![no_main]
use asbcase_domain::calendar::{Calendar, Division};
use asbcase_domain::case::Rules;
use asbcase_domain::category::default_catalogue;
use asbcase_domain::import::{ImportContext, attach, read_cases, read_contacts, read_interventions};
use asbcase_domain::reference::CaseReference;
use asbcase_domain::standards::ServiceStandards;
use asbcase_domain::{OrganisationId, TenantId};
use libfuzzer_sys::fuzz_target;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static CALENDAR: LazyLock<Calendar> = LazyLock::new(|| Calendar::bundled(Division::EnglandAndWales));

const CASES: &[u8] = b"reference,reported_on,description,categories,risk,address,status,opened_on,closed_on,outcome,complainant_name,person_complained_about\n\
A,04/03/2019,Music,noise,high,4 Mill St,closed,05/03/2019,28/06/2019,resolved,Jo,Sam\n\
B,01/04/2019,Shouting,noise,standard,1 High St,open,,,,,\n";

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == 0x0c);
    let (cases, contacts, interventions) = (parts.next().unwrap_or_default(), parts.next(), parts.next());
    let catalogue = default_catalogue();
    let officers = HashMap::new();
    let already = HashSet::new();
    let now = jiff::Timestamp::from_second(1_796_000_000).unwrap();
    let ctx = ImportContext {
        catalogue: &catalogue,
        officers: &officers,
        already_imported: &already,
        now,
        covers: CALENDAR.covers(),
    };
    let mut rows = match read_cases(cases, &ctx) {
        Ok(rows) => rows,
        Err(_) => read_cases(CASES, &ctx).expect("the fallback cases file reads"),
    };
    let contacts = match contacts.map(|c| read_contacts(c, &ctx)) {
        Some(Ok(c)) => c,
        Some(Err(_)) => return,
        None => vec![],
    };
    let interventions = match interventions.map(|i| read_interventions(i, &ctx)) {
        Some(Ok(i)) => i,
        Some(Err(_)) => return,
        None => vec![],
    };
    let standards = ServiceStandards::default();
    let rules = Rules { standards: &standards, calendar: &CALENDAR };
    if !attach(&mut rows, contacts, interventions, &rules, now).is_empty() {
        return;
    }
    for r in rows.iter().take(20) {
        let made = r.to_case(
            TenantId::new(),
            OrganisationId::new(),
            CaseReference::new(2026, 1),
            "fuzz.csv",
            now,
            None,
            &rules,
        );
        let (case, _) = match made {
            Ok(m) => m,
            Err(e) => panic!("row {} was accepted with its history but cannot become a case: {e:?}", r.row),
        };
        // The history is in order, never later than the import, never before the report.
        assert!(case.pending.windows(2).all(|w| w[0].at <= w[1].at), "row {}: events out of order", r.row);
        assert!(case.pending.iter().all(|e| e.at <= now), "row {}: an event after the import ran", r.row);
        for c in &r.contacts {
            assert!(c.contact.at >= r.reported_at, "row {}: a contact before the report", r.row);
        }
        if let Some(closed) = case.closed_at {
            assert!(case.pending.iter().all(|e| e.at <= closed), "row {}: history after the closing", r.row);
        }
    }
});
