//! Working days counted fast, for the KPIs that step through years of open cases (contact
//! cadence): whole weeks at a time, the bank holidays among them made up after. They agree
//! with counting one day at a time (a proptest in `kpi::tests::periods` holds them to it).
use crate::calendar::Calendar;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// The day `n` working days after `d`. Outside the years the bank holiday calendar covers,
/// only weekends are skipped.
pub(crate) fn working_days_after(calendar: &Calendar, d: Date, n: u32) -> Date {
    let mut day = d;
    let mut left = n;
    while left > 0 {
        // Any seven days in a row hold five weekdays: whole weeks are taken at once and the bank
        // holidays among them made up after, keeping at least one working day to find day by
        // day (so the day found is a working day). Contact cadence steps through years of open
        // cases.
        let weeks = (left - 1) / 5;
        if weeks > 0
            && let Ok(to) = day.checked_add((7 * i64::from(weeks)).days())
            && let Ok(next) = day.tomorrow()
        {
            left = left - 5 * weeks + calendar.weekday_bank_holidays(next, to);
            day = to;
            continue;
        }
        let Ok(next) = day.tomorrow() else { return day };
        day = next;
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) && !calendar.is_bank_holiday(day) {
            left -= 1;
        }
    }
    day
}

/// The working days after `from` up to and including `to` (none when `to` is not after it).
pub(crate) fn working_days_between(calendar: &Calendar, from: Date, to: Date) -> u32 {
    let Ok(days) = from.until(to).map(|s| s.get_days()) else { return 0 };
    if days <= 0 {
        return 0;
    }
    let weeks = days / 7;
    let mut weekdays = 5 * weeks as u32;
    let mut d = from.checked_add((7 * i64::from(weeks)).days()).unwrap_or(to);
    while d < to {
        let Ok(next) = d.tomorrow() else { break };
        d = next;
        if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
            weekdays += 1;
        }
    }
    let holidays = from.tomorrow().map(|next| calendar.weekday_bank_holidays(next, to)).unwrap_or(0);
    weekdays - holidays
}
