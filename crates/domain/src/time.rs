//! Instants as stored: UTC, truncated to whole microseconds so that every database keeps
//! exactly what the event hash was computed over.
use jiff::{Timestamp, tz::TimeZone};

/// The time zone every deadline and working day is computed in.
pub fn london() -> TimeZone {
    // Looked up once: the KPIs turn days into instants millions of times, and each look-up by
    // name checks the clock and searches the database (a sixth of a filtered dashboard's time).
    static LONDON: std::sync::LazyLock<TimeZone> = std::sync::LazyLock::new(|| {
        TimeZone::get("Europe/London").expect("Europe/London is in the bundled tz database")
    });
    LONDON.clone()
}

/// Truncate to microseconds (PostgreSQL's precision).
pub fn to_micros(t: Timestamp) -> Timestamp {
    let us = t.as_microsecond();
    Timestamp::from_microsecond(us).expect("truncation keeps the instant in range")
}

/// The current instant, truncated to microseconds.
pub fn now() -> Timestamp {
    to_micros(Timestamp::now())
}

/// Fixed-width `YYYY-MM-DDTHH:MM:SS.ffffffZ`: sorts as text in time order.
pub fn fixed(t: Timestamp) -> String {
    format!("{}", t.strftime("%Y-%m-%dT%H:%M:%S.%6fZ"))
}

/// Parse the fixed-width form (or any RFC 3339 instant).
pub fn parse(s: &str) -> Result<Timestamp, jiff::Error> {
    s.parse::<Timestamp>().map(to_micros)
}

/// ISO 8601 in London time with its offset, as Open311 asks: `2026-11-23T14:57:48+00:00`.
pub fn w3c(t: Timestamp) -> String {
    format!("{}", t.to_zoned(london()).strftime("%Y-%m-%dT%H:%M:%S%:z"))
}

/// A date and time in London as people read it, e.g. "3 March 2026 at 2:05pm".
pub fn human(t: Timestamp) -> String {
    let z = t.to_zoned(london());
    let hour = z.hour();
    let (h12, ampm) = match hour {
        0 => (12, "am"),
        1..=11 => (hour, "am"),
        12 => (12, "pm"),
        _ => (hour - 12, "pm"),
    };
    format!("{} {} {} at {}:{:02}{}", z.day(), month_name(z.month()), z.year(), h12, z.minute(), ampm)
}

/// A date as people read it, e.g. "3 March 2026".
pub fn human_date(d: jiff::civil::Date) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

pub fn month_name(m: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(m.clamp(1, 12) - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open311_times_carry_the_london_offset() {
        assert_eq!(w3c("2026-11-23T14:57:48.5Z".parse().unwrap()), "2026-11-23T14:57:48+00:00");
        assert_eq!(w3c("2026-07-01T09:00:00Z".parse().unwrap()), "2026-07-01T10:00:00+01:00");
    }

    #[test]
    fn fixed_width_sorts_in_time_order() {
        let a = parse("2026-03-01T10:00:00Z").unwrap();
        let b = parse("2026-03-01T10:00:00.5Z").unwrap();
        assert_eq!(fixed(a), "2026-03-01T10:00:00.000000Z");
        assert!(fixed(a) < fixed(b));
        assert_eq!(parse(&fixed(b)).unwrap(), b);
    }

    #[test]
    fn human_dates_are_in_london_time() {
        // 23:30 UTC in summer is 00:30 the next day in London.
        let t = parse("2026-07-01T23:30:00Z").unwrap();
        assert_eq!(human(t), "2 July 2026 at 12:30am");
    }
}
