//! Dates as UK spreadsheets write them. Day before month always: 04/03/2019 is 4 March.
use jiff::civil::{Date, DateTime, Time};

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// A date, with a time of day when one is given. Accepted: `04/03/2019`, `4/3/2019`,
/// `04-03-2019`, `04.03.2019`, `04/03/19` (19xx only when later than `this_year`'s last two
/// digits), `2019-03-04`, `4 March 2019`, `4 Mar 2019`, `04-Mar-2019`; each optionally followed
/// by a time `14:05` or `14:05:30` (24-hour clock), or joined to it by `T` in the ISO form.
pub fn parse_uk(text: &str, this_year: i16) -> Result<(Date, Option<Time>), String> {
    let text = text.trim();
    let (date_part, time_part) = split_time(text);
    let date = date(date_part, this_year)
        .ok_or_else(|| format!("'{text}' is not a date: write day, month, year, like 04/03/2019 or 2019-03-04"))?;
    let time = match time_part {
        None => None,
        Some(t) => Some(time(t).ok_or_else(|| format!("'{t}' is not a time of day: write it like 14:05"))?),
    };
    Ok((date, time))
}

fn split_time(text: &str) -> (&str, Option<&str>) {
    if let Some((d, t)) = text.split_once('T')
        && d.len() == 10
        && d.as_bytes().get(4) == Some(&b'-')
    {
        return (d, Some(t.trim_end_matches('Z')));
    }
    match text.rsplit_once(' ') {
        Some((d, t)) if t.contains(':') => (d.trim(), Some(t)),
        _ => (text, None),
    }
}

fn time(t: &str) -> Option<Time> {
    let mut parts = t.split(':');
    let h: i8 = parts.next()?.parse().ok()?;
    let m: i8 = parts.next()?.parse().ok()?;
    let s: i8 = match parts.next() {
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    Time::new(h, m, s, 0).ok()
}

fn date(text: &str, this_year: i16) -> Option<Date> {
    let parts: Vec<&str> = text.split(['/', '-', '.', ' ']).filter(|p| !p.is_empty()).collect();
    let [a, b, c] = parts[..] else { return None };
    // ISO: year first.
    if a.len() == 4 {
        return Date::new(a.parse().ok()?, b.parse().ok()?, c.parse().ok()?).ok();
    }
    let day: i8 = a.parse().ok()?;
    let month: i8 = match b.parse() {
        Ok(m) => m,
        Err(_) => {
            let b = b.to_lowercase();
            let i = MONTHS.iter().position(|m| b.starts_with(m) && (b.len() == 3 || full_month(&b)))?;
            i as i8 + 1
        }
    };
    let year: i16 = match c.len() {
        4 => c.parse().ok()?,
        2 => {
            let yy: i16 = c.parse().ok()?;
            let century = if yy > this_year % 100 { 1900 } else { 2000 };
            century + yy
        }
        _ => return None,
    };
    if !c.chars().all(|ch| ch.is_ascii_digit()) {
        return None;
    }
    Date::new(year, month, day).ok()
}

fn full_month(word: &str) -> bool {
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "sept",
        "october",
        "november",
        "december",
    ]
    .contains(&word)
}

/// A date and time in London as a moment. A date alone is taken as 9am that day (the office's
/// day, well clear of midnight and clock changes).
pub fn london(date: Date, time: Option<Time>) -> Result<jiff::Timestamp, String> {
    let at = DateTime::from_parts(date, time.unwrap_or(Time::constant(9, 0, 0, 0)));
    at.to_zoned(crate::time::london()).map(|z| z.timestamp()).map_err(|e| e.to_string())
}
