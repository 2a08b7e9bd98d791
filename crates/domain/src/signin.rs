//! Slowing down password guessing: after a few failures for one address, each further attempt
//! waits longer, doubling up to a cap, and a quiet spell wipes the slate. After many failures
//! the address is locked out for a while, longer each time it goes on.
use jiff::SignedDuration;
use std::time::Duration;

/// Failures allowed before attempts are slowed.
pub const FREE_ATTEMPTS: i64 = 3;
/// After this long without a failure, earlier failures no longer count.
pub const FORGET_AFTER: SignedDuration = SignedDuration::from_mins(15);
pub const MAX_DELAY: Duration = Duration::from_secs(8);

/// How long the next attempt waits, given the failures so far and the time since the last.
pub fn delay_after(failures: i64, since_last: SignedDuration) -> Duration {
    if failures < FREE_ATTEMPTS || since_last > FORGET_AFTER {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(10) as u32;
    (Duration::from_millis(250) * 2u32.pow(doublings)).min(MAX_DELAY)
}

/// Failures after which an address is locked out.
pub const LOCK_AFTER: i64 = 10;
/// How long the first lock-out lasts; it doubles for every 5 failures after it, up to 8 times.
pub const LOCK_FOR: SignedDuration = SignedDuration::from_mins(15);

/// Until when an address is locked out, given its failures and when the last one was; none
/// when it is not (or no longer) locked.
pub fn locked_until(failures: i64, last_failure: jiff::Timestamp, now: jiff::Timestamp) -> Option<jiff::Timestamp> {
    if failures < LOCK_AFTER {
        return None;
    }
    let doublings = ((failures - LOCK_AFTER) / 5).min(3) as i32;
    let until = last_failure + LOCK_FOR * 2i32.pow(doublings as u32);
    (until > now).then_some(until)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_few_failures_cost_nothing_then_each_doubles_to_a_cap() {
        let recent = SignedDuration::from_secs(5);
        assert_eq!(delay_after(2, recent), Duration::ZERO);
        assert_eq!(delay_after(3, recent), Duration::from_millis(250));
        assert_eq!(delay_after(4, recent), Duration::from_millis(500));
        assert_eq!(delay_after(9, recent), Duration::from_secs(8));
        assert_eq!(delay_after(50, recent), MAX_DELAY);
    }

    #[test]
    fn ten_failures_lock_the_address_for_a_quarter_of_an_hour_and_more_for_longer() {
        let last: jiff::Timestamp = "2026-12-03T10:00:00Z".parse().unwrap();
        let at = |mins: i64| last + SignedDuration::from_mins(mins);
        assert_eq!(locked_until(9, last, at(1)), None);
        assert_eq!(locked_until(10, last, at(1)), Some(at(15)));
        assert_eq!(locked_until(10, last, at(16)), None, "the lock ends");
        assert_eq!(locked_until(15, last, at(1)), Some(at(30)), "five more: twice as long");
        assert_eq!(locked_until(100, last, at(1)), Some(at(120)), "at most two hours");
    }

    #[test]
    fn failures_are_forgotten_after_a_quiet_spell() {
        assert_eq!(delay_after(9, SignedDuration::from_mins(16)), Duration::ZERO);
    }
}
