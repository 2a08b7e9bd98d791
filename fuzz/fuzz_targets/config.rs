//! The configuration file, `asbcase.toml`: read and checked. Nothing may panic, and whatever is
//! accepted passes the same checks the flags get (so a file cannot smuggle in a setting a flag
//! would refuse).
#![no_main]
use asbcase_config::FileConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(file) = FileConfig::parse(text) else { return };
    if let Some(url) = &file.public_url {
        let url = asbcase_config::public_url(url).expect("accepted public_url");
        assert!(url.starts_with("http"));
    }
    if let Some(name) = &file.service_name {
        assert!(!asbcase_config::service_name(name).expect("accepted service_name").is_empty());
    }
    if let Some(addr) = &file.addr {
        asbcase_config::listen_address(addr).expect("accepted addr");
    }
    for p in file.trusted_proxies.iter().flatten() {
        asbcase_config::trusted_proxy(p).expect("accepted proxy");
    }
});
