//! Slowing down password guessing: after a few failures for one address, each further attempt
//! waits longer, doubling up to a cap. A quiet spell wipes the slate.
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
    fn failures_are_forgotten_after_a_quiet_spell() {
        assert_eq!(delay_after(9, SignedDuration::from_mins(16)), Duration::ZERO);
    }
}
