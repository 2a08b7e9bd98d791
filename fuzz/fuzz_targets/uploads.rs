//! A file a resident or an officer uploads: judged by its content, named as their device named
//! it (the first line of the input here). Nothing may panic.
#![no_main]
use asbcase_domain::evidence::{EvidenceFile, sniff};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = sniff(data);
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(0);
    let name = String::from_utf8_lossy(&data[..split]);
    let _ = EvidenceFile::from_upload(&name, &data[split..]);
});
