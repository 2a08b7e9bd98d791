//! Settings: flags and `ASBCASE_*` variables (through clap), then `asbcase.toml`, then defaults.
use crate::args::{Global, ServeArgs};
use crate::error::CliError;
use serde::Deserialize;
use std::path::Path;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://asbcase.db";
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
pub const DEFAULT_OUTBOX_DIR: &str = "asbcase-outbox";

/// What `asbcase.toml` may say. Unknown keys are refused, so a typo is not silently ignored.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub addr: Option<String>,
    pub service_name: Option<String>,
    pub secure_cookies: Option<bool>,
    pub session_idle_minutes: Option<u64>,
    pub session_absolute_hours: Option<u64>,
    pub outbox_dir: Option<std::path::PathBuf>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub public_url: Option<String>,
    pub limit_public_per_hour: Option<u32>,
    pub limit_sign_in_per_minute: Option<u32>,
    pub limit_open311_per_minute: Option<u32>,
    pub trusted_proxies: Option<Vec<String>>,
}

impl FileConfig {
    /// The file named, or `asbcase.toml` if present; nothing if neither.
    pub fn load(path: Option<&Path>) -> Result<FileConfig, CliError> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (Path::new("asbcase.toml").to_path_buf(), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(FileConfig::default()),
            Err(e) => return Err(CliError::usage(format!("cannot read config file {}: {e}", path.display()))),
        };
        toml::from_str(&text)
            .map_err(|e| CliError::usage(format!("config file {} is not valid: {}", path.display(), e.message())))
    }
}

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
    if let Some(name) = serve.service_name.clone().or_else(|| file.service_name.clone()) {
        if name.trim().is_empty() {
            return Err(CliError::usage("service name must not be empty"));
        }
        web.service_name = name;
    }
    if let Some(url) = serve.public_url.clone().or_else(|| file.public_url.clone()) {
        let url = url.trim().trim_end_matches('/').to_string();
        if !(url.starts_with("https://") || url.starts_with("http://"))
            || url.len() < 10
            || url.contains(char::is_whitespace)
        {
            return Err(CliError::usage(format!(
                "public_url '{url}' is not a web address: give the address residents use, like https://asb.example.org"
            )));
        }
        web.public_url = url;
    }
    if let Some(secure) = serve.secure_cookies.or(file.secure_cookies) {
        web.secure_cookies = secure;
    }
    if let Some(m) = file.session_idle_minutes {
        if m == 0 {
            return Err(CliError::usage("session_idle_minutes must be at least 1"));
        }
        web.session_idle = Duration::from_secs(m * 60);
    }
    if let Some(h) = file.session_absolute_hours {
        if h == 0 {
            return Err(CliError::usage("session_absolute_hours must be at least 1"));
        }
        web.session_absolute = Duration::from_secs(h * 3600);
    }
    web.limits = limits(&serve, file)?;
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
        addr: serve.addr.or_else(|| file.addr.clone()).unwrap_or_else(|| DEFAULT_ADDR.to_string()),
        outbox_dir: serve.outbox_dir.or_else(|| file.outbox_dir.clone()).unwrap_or_else(|| DEFAULT_OUTBOX_DIR.into()),
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
    ];
    for (name, value, into) in given {
        match value {
            Some(0) => return Err(CliError::usage(format!("{name} must be at least 1"))),
            Some(n) => *into = n,
            None => {}
        }
    }
    for a in serve.trusted_proxies.clone().or_else(|| file.trusted_proxies.clone()).unwrap_or_default() {
        let ip = a.trim().parse().map_err(|_| {
            CliError::usage(format!("trusted proxy '{}' is not an IP address, like 10.0.0.1 or ::1", a.trim()))
        })?;
        l.trusted_proxies.push(ip);
    }
    Ok(l)
}
