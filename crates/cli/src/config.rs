//! Settings: flags and `ASBCASE_*` variables (through clap), then `asbcase.toml`, then defaults.
//! What the file may say, and the checks on each setting, are in `asbcase-config`; the same
//! checks apply here to the flags.
use crate::args::{Global, ServeArgs};
use crate::error::CliError;
pub use asbcase_config::FileConfig;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://asbcase.db";
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
pub const DEFAULT_OUTBOX_DIR: &str = "asbcase-outbox";

/// Settings in force for a command.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub addr: String,
    /// Where the file channel writes messages to residents.
    pub outbox_dir: std::path::PathBuf,
    /// SMTP for email, with the sender, when configured.
    pub smtp: Option<(String, String)>,
    pub web: asbcase_web::WebConfig,
}

pub fn resolve(global: &Global, file: &FileConfig, serve: Option<&ServeArgs>) -> Result<Settings, CliError> {
    let serve = serve.cloned().unwrap_or_default();
    let mut web = asbcase_web::WebConfig::default();
    if let Some(name) = serve.service_name.as_deref().or(file.service_name.as_deref()) {
        web.service_name = asbcase_config::service_name(name)?;
    }
    if let Some(url) = serve.public_url.as_deref().or(file.public_url.as_deref()) {
        web.public_url = asbcase_config::public_url(url)?;
    }
    if let Some(secure) = serve.secure_cookies.or(file.secure_cookies) {
        web.secure_cookies = secure;
    }
    if let Some(m) = file.session_idle_minutes {
        web.session_idle = Duration::from_secs(asbcase_config::session_idle_minutes(m)? * 60);
    }
    if let Some(h) = file.session_absolute_hours {
        web.session_absolute = Duration::from_secs(asbcase_config::session_absolute_hours(h)? * 3600);
    }
    web.limits = limits(&serve, file)?;
    if let Some(s) = serve.import_wait_seconds.or(file.import_wait_seconds) {
        web.import_wait = Duration::from_secs(asbcase_config::import_wait_seconds(s)?);
    }
    let database_url = global
        .database_url
        .clone()
        .or_else(|| file.database_url.clone())
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
    asbcase_store::backend_of(&database_url)?;
    let smtp_url = match serve.smtp_url.clone().or_else(|| file.smtp_url.clone()) {
        Some(u) => Some(u),
        None => match std::env::var_os("ASBCASE_SMTP_URL_FILE") {
            Some(path) => Some(
                std::fs::read_to_string(&path)
                    .map_err(|e| {
                        CliError::usage(format!("cannot read ASBCASE_SMTP_URL_FILE {}: {e}", path.to_string_lossy()))
                    })?
                    .trim()
                    .to_string(),
            ),
            None => None,
        },
    };
    let smtp = match (smtp_url, serve.mail_from.clone().or_else(|| file.mail_from.clone())) {
        (Some(url), Some(from)) => Some((url, from)),
        (Some(_), None) => {
            return Err(CliError::usage(
                "an SMTP server is configured but not the sender: set mail_from (--mail-from)",
            ));
        }
        (None, _) => None,
    };
    Ok(Settings {
        smtp,
        database_url,
        addr: asbcase_config::listen_address(serve.addr.as_deref().or(file.addr.as_deref()).unwrap_or(DEFAULT_ADDR))?,
        outbox_dir: match serve.outbox_dir.or_else(|| file.outbox_dir.clone()) {
            Some(d) if d.as_os_str().is_empty() => return Err(CliError::usage("outbox_dir must not be empty")),
            Some(d) => d,
            None => DEFAULT_OUTBOX_DIR.into(),
        },
        web,
    })
}

/// The rate limits: flags, then the file, then the defaults.
fn limits(serve: &ServeArgs, file: &FileConfig) -> Result<asbcase_web::RateLimits, CliError> {
    let mut l = asbcase_web::RateLimits::default();
    let given = [
        ("limit_public_per_hour", serve.limit_public_per_hour.or(file.limit_public_per_hour), &mut l.public_per_hour),
        (
            "limit_sign_in_per_minute",
            serve.limit_sign_in_per_minute.or(file.limit_sign_in_per_minute),
            &mut l.sign_in_per_minute,
        ),
        (
            "limit_open311_per_minute",
            serve.limit_open311_per_minute.or(file.limit_open311_per_minute),
            &mut l.open311_per_minute,
        ),
        ("limit_api_per_minute", serve.limit_api_per_minute.or(file.limit_api_per_minute), &mut l.api_per_minute),
    ];
    for (name, value, into) in given {
        if let Some(n) = value {
            *into = asbcase_config::at_least_one(name, n)?;
        }
    }
    for a in serve.trusted_proxies.clone().or_else(|| file.trusted_proxies.clone()).unwrap_or_default() {
        l.trusted_proxies.push(asbcase_config::trusted_proxy(&a)?);
    }
    Ok(l)
}
