//! Settings an administrator loads from a file (the risk questionnaire, service standards) and
//! event payloads read back from the database: parsed, then checked. Nothing may panic.
#![no_main]
use asbcase_domain::event::Change;
use asbcase_domain::questionnaire::Questionnaire;
use asbcase_domain::standards::ServiceStandards;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(q) = serde_json::from_slice::<Questionnaire>(data) {
        let _ = q.check();
    }
    if let Ok(s) = serde_json::from_slice::<ServiceStandards>(data) {
        let _ = s.check();
    }
    if let Ok(serde_json::Value::Object(m)) = serde_json::from_slice::<serde_json::Value>(data) {
        for (kind, payload) in m {
            if let Ok(change) = Change::join(&kind, payload) {
                let _ = change.title();
                let _ = change.outline();
            }
        }
    }
});
