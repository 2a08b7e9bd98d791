//! A cases file for `asbcase import cases`: any bytes are read without a panic, and every row
//! accepted is one the import can turn into a case.
#![no_main]
use asbcase_domain::calendar::{Calendar, Division};
use asbcase_domain::case::Rules;
use asbcase_domain::category::default_catalogue;
use asbcase_domain::import::{ImportContext, read_cases};
use asbcase_domain::reference::CaseReference;
use asbcase_domain::standards::ServiceStandards;
use asbcase_domain::{OrganisationId, TenantId};
use libfuzzer_sys::fuzz_target;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static CALENDAR: LazyLock<Calendar> = LazyLock::new(|| Calendar::bundled(Division::EnglandAndWales));

fuzz_target!(|data: &[u8]| {
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
    let Ok(rows) = read_cases(data, &ctx) else { return };
    let standards = ServiceStandards::default();
    let rules = Rules { standards: &standards, calendar: &CALENDAR };
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
        assert!(made.is_ok(), "row {} was accepted but cannot become a case: {:?}", r.row, made.err());
    }
});
