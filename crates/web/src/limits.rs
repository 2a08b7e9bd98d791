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
    /// Reverse proxies in front of the service, whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits { public_per_hour: 20, sign_in_per_minute: 30, open311_per_minute: 300, trusted_proxies: vec![] }
    }
}

/// What is being limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Public,
    SignIn,
    Open311,
}

pub(crate) struct Limiters {
    public: DefaultKeyedRateLimiter<String>,
    sign_in: DefaultKeyedRateLimiter<String>,
    open311: DefaultKeyedRateLimiter<String>,
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
        };
        // Forget addresses that have been quiet long enough to be back to a full burst.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 1024 == 1023 {
            for l in [&self.public, &self.sign_in, &self.open311] {
                l.retain_recent();
                l.shrink_to_fit();
            }
        }
        let key = key.to_string();
        limiter.check_key(&key).map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// The client's address: the peer, or what a trusted proxy says it is.
    fn client(&self, parts: &Parts) -> Option<IpAddr> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())?;
        if !self.trusted_proxies.contains(&peer) {
            return Some(peer);
        }
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>();
        Some(forwarded.into_iter().rev().find(|a| !self.trusted_proxies.contains(a)).unwrap_or(peer))
    }
}

/// Who is sending, as the rate limits count them: the client's address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client(pub String);

impl FromRequestParts<AppState> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Client, Infallible> {
        let addr = state.limiters().client(parts);
        // Without a connection's address (only in tests that skip the server) all share one.
        Ok(Client(addr.map_or_else(|| "unknown".to_string(), |a| a.to_string())))
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
    }
}
