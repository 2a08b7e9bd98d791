//! `asbcase.toml`: what the file may say, read and checked in one place. The same checks apply
//! to the flags and `ASBCASE_*` variables that override it (see the `asbcase` binary), so a
//! setting is refused with the same message wherever it was given.
//!
//! A library of its own so that the fuzz target for configuration (`fuzz/fuzz_targets/config.rs`)
//! can reach it without building the server.
use serde::Deserialize;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// What `asbcase.toml` may say. Unknown keys are refused, so a typo is not silently ignored.
#[derive(Deserialize, Default, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub addr: Option<String>,
    pub service_name: Option<String>,
    pub secure_cookies: Option<bool>,
    pub session_idle_minutes: Option<u64>,
    pub session_absolute_hours: Option<u64>,
    pub outbox_dir: Option<PathBuf>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub public_url: Option<String>,
    pub limit_public_per_hour: Option<u32>,
    pub limit_sign_in_per_minute: Option<u32>,
    pub limit_open311_per_minute: Option<u32>,
    pub limit_api_per_minute: Option<u32>,
    pub trusted_proxies: Option<Vec<String>>,
    pub import_wait_seconds: Option<u64>,
}

/// A setting that cannot be used, in one line for the person at the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.replace('\n', " "))
    }
}

impl std::error::Error for ConfigError {}

fn refuse<T>(message: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError(message.into()))
}

/// Longest a session may last, idle or in all: a year. Larger values would overflow the clock
/// arithmetic, and no one means them.
const MINUTES_MAX: u64 = 366 * 24 * 60;
const HOURS_MAX: u64 = 366 * 24;

impl FileConfig {
    /// The file named, or `asbcase.toml` in the working folder if present; nothing if neither.
    pub fn load(path: Option<&Path>) -> Result<FileConfig, ConfigError> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from("asbcase.toml"), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(FileConfig::default()),
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return refuse(format!("config file {} is not UTF-8 text", path.display()));
            }
            Err(e) => return refuse(format!("cannot read config file {}: {e}", path.display())),
        };
        FileConfig::parse(&text).map_err(|e| ConfigError(format!("config file {} is not valid: {e}", path.display())))
    }

    /// Read the text of a config file and check every setting it gives.
    pub fn parse(text: &str) -> Result<FileConfig, ConfigError> {
        let file: FileConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().trim();
            match e.span() {
                Some(span) => {
                    let line = text.get(..span.start).map_or(1, |before| before.matches('\n').count() + 1);
                    ConfigError(format!("line {line}: {message}"))
                }
                None => ConfigError(message.to_string()),
            }
        })?;
        file.check()?;
        Ok(file)
    }

    /// Every setting given is usable (what is left out takes its default).
    pub fn check(&self) -> Result<(), ConfigError> {
        if let Some(url) = &self.database_url
            && url.trim().is_empty()
        {
            return refuse("database_url must not be empty");
        }
        if let Some(addr) = &self.addr {
            listen_address(addr)?;
        }
        if let Some(name) = &self.service_name {
            service_name(name)?;
        }
        if let Some(url) = &self.public_url {
            public_url(url)?;
        }
        if let Some(m) = self.session_idle_minutes {
            session_idle_minutes(m)?;
        }
        if let Some(h) = self.session_absolute_hours {
            session_absolute_hours(h)?;
        }
        for (name, value) in [
            ("limit_public_per_hour", self.limit_public_per_hour),
            ("limit_sign_in_per_minute", self.limit_sign_in_per_minute),
            ("limit_open311_per_minute", self.limit_open311_per_minute),
            ("limit_api_per_minute", self.limit_api_per_minute),
        ] {
            if let Some(n) = value {
                at_least_one(name, n)?;
            }
        }
        if let Some(s) = self.import_wait_seconds {
            import_wait_seconds(s)?;
        }
        for p in self.trusted_proxies.iter().flatten() {
            trusted_proxy(p)?;
        }
        if self.outbox_dir.as_ref().is_some_and(|d| d.as_os_str().is_empty()) {
            return refuse("outbox_dir must not be empty");
        }
        Ok(())
    }
}

/// The service's name as residents see it.
pub fn service_name(name: &str) -> Result<String, ConfigError> {
    let name = name.trim();
    if name.is_empty() {
        return refuse("service name must not be empty");
    }
    if name.chars().count() > 80 || name.chars().any(char::is_control) {
        return refuse("service name must be one line of at most 80 characters");
    }
    Ok(name.to_string())
}

/// The address residents use, without a trailing slash.
pub fn public_url(url: &str) -> Result<String, ConfigError> {
    let url = url.trim().trim_end_matches('/');
    let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or("");
    if host.is_empty() || url.len() < 10 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse(format!(
            "public_url '{}' is not a web address: give the address residents use, like https://asb.example.org",
            url.escape_debug()
        ));
    }
    Ok(url.to_string())
}

/// Where the server listens: a host (or IP address) and port, like 127.0.0.1:8080.
pub fn listen_address(addr: &str) -> Result<String, ConfigError> {
    let addr = addr.trim();
    let ok = match addr.rsplit_once(':') {
        Some((host, port)) => {
            !host.is_empty()
                && port.parse::<u16>().is_ok()
                && !host.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if !ok {
        return refuse(format!(
            "addr '{}' is not a host and port to listen on, like 127.0.0.1:8080",
            addr.escape_debug()
        ));
    }
    Ok(addr.to_string())
}

pub fn session_idle_minutes(m: u64) -> Result<u64, ConfigError> {
    if m == 0 || m > MINUTES_MAX {
        return refuse(format!("session_idle_minutes must be from 1 to {MINUTES_MAX} (a year)"));
    }
    Ok(m)
}

pub fn session_absolute_hours(h: u64) -> Result<u64, ConfigError> {
    if h == 0 || h > HOURS_MAX {
        return refuse(format!("session_absolute_hours must be from 1 to {HOURS_MAX} (a year)"));
    }
    Ok(h)
}

/// The longest the Import page waits for an import before showing how far it has got: a
/// minute (a browser, or a proxy in front of the server, may give up on a page that takes longer).
pub const IMPORT_WAIT_MAX: u64 = 60;

/// How long the Import page waits for a check or import to finish before showing its progress.
pub fn import_wait_seconds(s: u64) -> Result<u64, ConfigError> {
    if s > IMPORT_WAIT_MAX {
        return refuse(format!("import_wait_seconds must be from 0 to {IMPORT_WAIT_MAX}"));
    }
    Ok(s)
}

/// A rate limit: at least one request in its window.
pub fn at_least_one(name: &str, n: u32) -> Result<u32, ConfigError> {
    if n == 0 {
        return refuse(format!("{name} must be at least 1"));
    }
    Ok(n)
}

/// A proxy whose X-Forwarded-For the server believes.
pub fn trusted_proxy(a: &str) -> Result<IpAddr, ConfigError> {
    a.trim().parse().or_else(|_| {
        refuse(format!("trusted proxy '{}' is not an IP address, like 10.0.0.1 or ::1", a.trim().escape_debug()))
    })
}

#[cfg(test)]
mod tests;
