//! How domain values read on a page.
use asbcase_domain::case::Status;
use asbcase_domain::category::Category;
use asbcase_domain::risk::RiskBand;
use asbcase_domain::time::{human, human_date, london};
use jiff::Timestamp;

/// A GOV.UK tag: text and colour modifier.
pub struct Tag {
    pub text: &'static str,
    pub class: &'static str,
}

pub fn risk_tag(band: RiskBand) -> Tag {
    let class = match band {
        RiskBand::Emergency => "govuk-tag--red",
        RiskBand::High => "govuk-tag--orange",
        RiskBand::Medium => "govuk-tag--yellow",
        RiskBand::Standard => "govuk-tag--grey",
    };
    Tag { text: band.label(), class }
}

pub fn status_tag(status: Status) -> Tag {
    let class = match status {
        Status::Reported => "govuk-tag--purple",
        Status::Triaged => "govuk-tag--blue",
        Status::Open => "govuk-tag--turquoise",
        Status::Closed => "govuk-tag--grey",
    };
    Tag { text: status.label(), class }
}

pub fn when(t: Timestamp) -> String {
    human(t)
}

/// A deadline: "end of 3 December 2026" when it falls at London midnight (as working-day
/// deadlines do), otherwise the date and time.
pub fn deadline(t: Timestamp) -> String {
    let z = t.to_zoned(london());
    if z.hour() == 0 && z.minute() == 0 && z.second() == 0 {
        match z.date().yesterday() {
            Ok(day) => format!("end of {}", human_date(day)),
            Err(_) => human(t),
        }
    } else {
        human(t)
    }
}

pub fn date(t: Timestamp) -> String {
    human_date(t.to_zoned(london()).date())
}

/// Where a case is, as lists show it: its address, then its postcode if it has one.
pub fn place(c: &asbcase_store::CaseSummary) -> String {
    match &c.postcode {
        Some(p) => format!("{}, {p}", c.address),
        None => c.address.clone(),
    }
}

/// The category's name in the catalogue (the code if it has gone from it).
pub fn category_name(code: &str, catalogue: &[Category]) -> String {
    catalogue.iter().find(|c| c.code == code).map_or_else(|| code.to_string(), |c| c.name.clone())
}

/// "due in 3 days", "due today", "4 days overdue": relative to `now`, in London days.
pub fn due_phrase(due: Timestamp, now: Timestamp) -> String {
    let tz = london();
    // A deadline at midnight belongs to the day before it.
    let due_day = (due - jiff::SignedDuration::from_nanos(1)).to_zoned(tz.clone()).date();
    let today = now.to_zoned(tz).date();
    let days = (due_day - today).get_days();
    if due <= now {
        match days {
            0 => "overdue (due today)".into(),
            -1 => "1 day overdue".into(),
            d => format!("{} days overdue", -d),
        }
    } else {
        match days {
            0 => "due today".into(),
            1 => "due tomorrow".into(),
            d => format!("due in {d} days"),
        }
    }
}

/// A period asked for in a page's query as `from` and `to` (year-month-day; blank for the
/// default), or every problem with it, each with the field it belongs to.
pub fn period(
    from: &str,
    to: &str,
    default: (jiff::civil::Date, jiff::civil::Date),
) -> Result<(jiff::civil::Date, jiff::civil::Date), Vec<(&'static str, String)>> {
    let mut errors = vec![];
    let mut parse = |v: &str, field: &'static str, fallback: jiff::civil::Date| {
        if v.trim().is_empty() {
            return fallback;
        }
        match v.trim().parse::<jiff::civil::Date>() {
            Ok(d) if (2000..=2100).contains(&d.year()) => d,
            _ => {
                errors.push((field, format!("Enter a date from 2000 to 2100 as year-month-day, like {}", default.0)));
                fallback
            }
        }
    };
    let (from, to) = (parse(from, "from", default.0), parse(to, "to", default.1));
    if errors.is_empty() && to < from {
        errors.push(("to", "The end of the period must be on or after its start".to_string()));
    }
    if errors.is_empty() { Ok((from, to)) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use asbcase_domain::time::parse;

    #[test]
    fn a_midnight_deadline_is_the_end_of_the_day_before() {
        assert_eq!(deadline(parse("2026-12-04T00:00:00Z").unwrap()), "end of 3 December 2026");
        // Midnight in summer time is 23:00 UTC.
        assert_eq!(deadline(parse("2026-07-09T23:00:00Z").unwrap()), "end of 9 July 2026");
        assert_eq!(deadline(parse("2026-07-09T10:00:00Z").unwrap()), "9 July 2026 at 11:00am");
    }

    #[test]
    fn deadlines_read_as_people_say_them() {
        let now = parse("2026-03-10T12:00:00Z").unwrap();
        assert_eq!(due_phrase(parse("2026-03-11T00:00:00Z").unwrap(), now), "due today");
        assert_eq!(due_phrase(parse("2026-03-12T00:00:00Z").unwrap(), now), "due tomorrow");
        assert_eq!(due_phrase(parse("2026-03-14T00:00:00Z").unwrap(), now), "due in 3 days");
        assert_eq!(due_phrase(parse("2026-03-10T00:00:00Z").unwrap(), now), "1 day overdue");
        assert_eq!(due_phrase(parse("2026-03-06T00:00:00Z").unwrap(), now), "5 days overdue");
    }
}
