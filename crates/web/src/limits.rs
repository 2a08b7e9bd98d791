//! Rate limits on what can be sent without an account: reports and other public forms, sign-in
//! attempts, and Open311. Each is counted per client address (or, for Open311, per partner
//! key), in memory, with a burst as large as the limit: GCRA from the `governor` crate.
//!
//! The client's address is the connection's peer, unless that peer is one of the reverse
//! proxies named in `trusted_proxies`: then it is the last address in `X-Forwarded-For` that is
//! not a trusted proxy. A header from anyone else is ignored, so it cannot be used to dodge
//! the limits.
use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How much may be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Reports, requests for a tracker link and case review applications from one address,
    /// per hour.
    pub public_per_hour: u32,
    /// Sign-in attempts (passwords and two-step codes) from one address, per minute.
    pub sign_in_per_minute: u32,
    /// Open311 requests per partner key (without a key, per address), per minute.
    pub open311_per_minute: u32,
    /// JSON API requests per token, per minute.
    pub api_per_minute: u32,
    /// Reverse proxies in front of the service, whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            public_per_hour: 20,
            sign_in_per_minute: 30,
            open311_per_minute: 300,
            api_per_minute: 600,
            trusted_proxies: vec![],
        }
    }
}

/// What is being limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Public,
    SignIn,
    Open311,
    Api,
}

pub(crate) struct Limiters {
    public: DefaultKeyedRateLimiter<String>,
    sign_in: DefaultKeyedRateLimiter<String>,
    open311: DefaultKeyedRateLimiter<String>,
    api: DefaultKeyedRateLimiter<String>,
    trusted_proxies: Vec<IpAddr>,
    checks: AtomicU64,
}

fn quota(per: Duration, n: u32) -> Quota {
    let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(per / n.get()).unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX)).allow_burst(n)
}

impl Limiters {
    pub fn new(l: &RateLimits) -> Limiters {
        Limiters {
            public: RateLimiter::keyed(quota(Duration::from_secs(3600), l.public_per_hour)),
            sign_in: RateLimiter::keyed(quota(Duration::from_secs(60), l.sign_in_per_minute)),
            open311: RateLimiter::keyed(quota(Duration::from_secs(60), l.open311_per_minute)),
            api: RateLimiter::keyed(quota(Duration::from_secs(60), l.api_per_minute)),
            trusted_proxies: l.trusted_proxies.clone(),
            checks: AtomicU64::new(0),
        }
    }

    /// Count one more from `key`: `Err` with how long to wait when it is one too many.
    pub fn check(&self, bucket: Bucket, key: &str) -> Result<(), Duration> {
        let limiter = match bucket {
            Bucket::Public => &self.public,
            Bucket::SignIn => &self.sign_in,
            Bucket::Open311 => &self.open311,
            Bucket::Api => &self.api,
        };
        // Forget addresses that have been quiet long enough to be back to a full burst.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 1024 == 1023 {
            for l in [&self.public, &self.sign_in, &self.open311, &self.api] {
                l.retain_recent();
                l.shrink_to_fit();
            }
        }
        let key = key.to_string();
        limiter.check_key(&key).map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// The client's address: the peer, or what a trusted proxy says it is. Walking
    /// `X-Forwarded-For` from the right (the entries our proxies wrote), the first address that
    /// is not a trusted proxy is the client; an entry that cannot be read stops the walk, so
    /// nothing the client wrote further left is believed.
    fn client(&self, parts: &Parts) -> Option<IpAddr> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_canonical())?;
        let trusted = |a: &IpAddr| self.trusted_proxies.iter().any(|t| t.to_canonical() == *a);
        let mut client = peer;
        let entries: Vec<String> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|a| a.trim().to_string())
            .collect();
        let mut entries = entries.iter().rev();
        while trusted(&client) {
            let Some(entry) = entries.next() else { break };
            let Some(addr) = read_address(entry) else { break };
            client = addr;
        }
        Some(client)
    }
}

/// An address as a proxy writes it: bare, or with a port (`192.0.2.7:5678`, `[2001:db8::1]:443`).
fn read_address(entry: &str) -> Option<IpAddr> {
    entry.parse::<IpAddr>().ok().or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip())).map(|a| a.to_canonical())
}

/// How the limits count an address: IPv4 as it is, IPv6 by its /64 (one household or phone
/// has a whole /64 to pick addresses from).
pub fn counted_as(addr: IpAddr) -> String {
    match addr {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// Seconds to wait, rounded up: waiting exactly this long is always enough.
pub fn wait_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

/// Who is sending, as the rate limits count them: the client's address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client(pub String);

impl FromRequestParts<AppState> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Client, Infallible> {
        let addr = state.limiters().client(parts);
        // Without a connection's address (only in tests that skip the server) all share one.
        Ok(Client(addr.map_or_else(|| "unknown".to_string(), counted_as)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(n: u32) -> Limiters {
        Limiters::new(&RateLimits {
            public_per_hour: n,
            sign_in_per_minute: n,
            open311_per_minute: n,
            api_per_minute: n,
            trusted_proxies: vec!["10.0.0.1".parse().unwrap()],
        })
    }

    #[test]
    fn a_burst_up_to_the_limit_is_let_through_and_the_next_is_told_how_long_to_wait() {
        let l = limits(3);
        for _ in 0..3 {
            assert!(l.check(Bucket::Public, "192.0.2.7").is_ok());
        }
        let wait = l.check(Bucket::Public, "192.0.2.7").unwrap_err();
        assert!(wait > Duration::from_secs(60 * 19) && wait <= Duration::from_secs(60 * 20), "{wait:?}");
        // Another address, and another kind of request, have their own allowance.
        assert!(l.check(Bucket::Public, "192.0.2.8").is_ok());
        assert!(l.check(Bucket::SignIn, "192.0.2.7").is_ok());
    }

    fn parts(peer: &str, forwarded: Option<&str>) -> Parts {
        let mut req = axum::http::Request::builder();
        if let Some(f) = forwarded {
            req = req.header("x-forwarded-for", f);
        }
        let (mut parts, ()) = req.body(()).unwrap().into_parts();
        parts.extensions.insert(ConnectInfo(SocketAddr::new(peer.parse().unwrap(), 40000)));
        parts
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_a_trusted_proxy() {
        let l = limits(3);
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        assert_eq!(l.client(&parts("192.0.2.7", Some("198.51.100.1"))), ip("192.0.2.7"));
        assert_eq!(l.client(&parts("10.0.0.1", Some("198.51.100.1"))), ip("198.51.100.1"));
        // A client cannot put a made-up address in front of its own.
        assert_eq!(l.client(&parts("10.0.0.1", Some("203.0.113.9, 198.51.100.1"))), ip("198.51.100.1"));
        assert_eq!(l.client(&parts("10.0.0.1", None)), ip("10.0.0.1"));
        // A port is read past; an entry that cannot be read stops the walk at the proxy.
        assert_eq!(l.client(&parts("10.0.0.1", Some("203.0.113.9, 198.51.100.1:5678"))), ip("198.51.100.1"));
        assert_eq!(l.client(&parts("10.0.0.1", Some("203.0.113.9, unknown"))), ip("10.0.0.1"));
        // The proxy seen over IPv6 as an IPv4-mapped address is still the proxy.
        assert_eq!(l.client(&parts("::ffff:10.0.0.1", Some("198.51.100.1"))), ip("198.51.100.1"));
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_and_waits_round_up() {
        let a = counted_as("2001:db8:1:2:aaaa::1".parse().unwrap());
        assert_eq!(a, counted_as("2001:db8:1:2:bbbb::9".parse().unwrap()));
        assert_ne!(a, counted_as("2001:db8:1:3::1".parse().unwrap()));
        assert_eq!(counted_as("192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(wait_seconds(Duration::from_millis(1500)), 2);
        assert_eq!(wait_seconds(Duration::from_secs(3)), 3);
        assert_eq!(wait_seconds(Duration::ZERO), 1);
    }
}
