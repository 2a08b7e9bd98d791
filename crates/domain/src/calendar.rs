//! Working days: Monday to Friday, less the bank holidays of a UK division, in Europe/London.
//!
//! The bank holidays come from GOV.UK's published JSON (vendored in `data/`). The calendar knows
//! which years its data covers and refuses to count past them rather than guess.
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The UK division whose bank holidays a service observes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Division {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

impl Division {
    pub const ALL: [Division; 3] = [Division::EnglandAndWales, Division::Scotland, Division::NorthernIreland];

    pub fn as_str(self) -> &'static str {
        match self {
            Division::EnglandAndWales => "england-and-wales",
            Division::Scotland => "scotland",
            Division::NorthernIreland => "northern-ireland",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CalendarError {
    #[error("the bank holiday calendar covers {first}–{last}; {date} is outside it (refresh the calendar)")]
    OutOfRange { date: Date, first: i16, last: i16 },
    #[error("bank holiday data is not valid: {0}")]
    BadData(String),
}

/// Bank holidays of one division and the years the data covers.
#[derive(Clone, Debug)]
pub struct Calendar {
    division: Division,
    holidays: BTreeSet<Date>,
    first_year: i16,
    last_year: i16,
}

#[derive(Deserialize)]
struct GovUkDivision {
    events: Vec<GovUkEvent>,
}

#[derive(Deserialize)]
struct GovUkEvent {
    date: String,
}

/// The bank holiday file shipped with the product.
pub const BUNDLED_BANK_HOLIDAYS: &str = include_str!("../data/uk-bank-holidays.json");

impl Calendar {
    /// The calendar of `division` from the bundled GOV.UK data.
    pub fn bundled(division: Division) -> Calendar {
        Self::bundled_ref(division).clone()
    }

    /// [`Calendar::bundled`] without a copy: the file is read once per division.
    pub fn bundled_ref(division: Division) -> &'static Calendar {
        static READ: [std::sync::OnceLock<Calendar>; 3] =
            [std::sync::OnceLock::new(), std::sync::OnceLock::new(), std::sync::OnceLock::new()];
        let slot = match division {
            Division::EnglandAndWales => 0,
            Division::Scotland => 1,
            Division::NorthernIreland => 2,
        };
        READ[slot].get_or_init(|| {
            Self::from_govuk_json(BUNDLED_BANK_HOLIDAYS, division)
                .expect("the bundled bank holiday file is valid (checked by tests)")
        })
    }

    /// Parse GOV.UK's `bank-holidays.json` shape.
    pub fn from_govuk_json(json: &str, division: Division) -> Result<Calendar, CalendarError> {
        let all: BTreeMap<String, GovUkDivision> =
            serde_json::from_str(json).map_err(|e| CalendarError::BadData(e.to_string()))?;
        let div = all
            .get(division.as_str())
            .ok_or_else(|| CalendarError::BadData(format!("no division {}", division.as_str())))?;
        let mut holidays = BTreeSet::new();
        for e in &div.events {
            let d: Date = e.date.parse().map_err(|err| CalendarError::BadData(format!("{}: {err}", e.date)))?;
            holidays.insert(d);
        }
        let (first, last) = match (holidays.first(), holidays.last()) {
            (Some(f), Some(l)) => (f.year(), l.year()),
            _ => return Err(CalendarError::BadData("no bank holidays listed".into())),
        };
        Ok(Calendar { division, holidays, first_year: first, last_year: last })
    }

    pub fn division(&self) -> Division {
        self.division
    }

    /// The years the calendar covers, inclusive.
    pub fn covers(&self) -> (i16, i16) {
        (self.first_year, self.last_year)
    }

    fn check(&self, date: Date) -> Result<(), CalendarError> {
        if date.year() < self.first_year || date.year() > self.last_year {
            return Err(CalendarError::OutOfRange { date, first: self.first_year, last: self.last_year });
        }
        Ok(())
    }

    pub fn is_bank_holiday(&self, date: Date) -> bool {
        self.holidays.contains(&date)
    }

    /// How many bank holidays fall on a weekday from `from` to `to`, both included.
    pub fn weekday_bank_holidays(&self, from: Date, to: Date) -> u32 {
        if from > to {
            return 0;
        }
        let weekday = |d: &&Date| !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
        self.holidays.range(from..=to).filter(weekday).count() as u32
    }

    pub fn is_working_day(&self, date: Date) -> Result<bool, CalendarError> {
        self.check(date)?;
        Ok(!matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.is_bank_holiday(date))
    }

    /// The `n`th working day after `date` (`date` itself never counts).
    pub fn add_working_days(&self, date: Date, n: u32) -> Result<Date, CalendarError> {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            d = d.tomorrow().map_err(|e| CalendarError::BadData(e.to_string()))?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        self.check(d)?;
        Ok(d)
    }

    /// Working days after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_between(&self, from: Date, to: Date) -> Result<u32, CalendarError> {
        let mut count = 0;
        let mut d = from;
        while d < to {
            d = d.tomorrow().map_err(|e| CalendarError::BadData(e.to_string()))?;
            if self.is_working_day(d)? {
                count += 1;
            }
        }
        Ok(count)
    }
}

impl fmt::Display for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} bank holidays {}–{}", self.division.as_str(), self.first_year, self.last_year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn every_division_of_the_bundled_file_loads() {
        for d in Division::ALL {
            let cal = Calendar::bundled(d);
            assert_eq!(cal.covers(), (2015, 2030));
        }
    }

    #[test]
    fn christmas_and_boxing_day_are_skipped() {
        let cal = Calendar::bundled(Division::EnglandAndWales);
        // Wed 23 Dec 2026 + 3 working days: Thu 24, (Fri 25 Christmas), (Sat, Sun),
        // (Mon 28 Dec: Boxing Day substitute), Tue 29, Wed 30.
        assert_eq!(cal.add_working_days(date(2026, 12, 23), 3).unwrap(), date(2026, 12, 30));
    }

    #[test]
    fn scotland_has_its_own_holidays() {
        let ew = Calendar::bundled(Division::EnglandAndWales);
        let sc = Calendar::bundled(Division::Scotland);
        // 2 January is a bank holiday in Scotland only (Fri 2 Jan 2026).
        assert!(ew.is_working_day(date(2026, 1, 2)).unwrap());
        assert!(!sc.is_working_day(date(2026, 1, 2)).unwrap());
    }

    #[test]
    fn a_date_past_the_data_is_refused_not_guessed() {
        let cal = Calendar::bundled(Division::EnglandAndWales);
        let err = cal.add_working_days(date(2030, 12, 20), 10).unwrap_err();
        assert!(matches!(err, CalendarError::OutOfRange { .. }), "{err}");
        assert!(err.to_string().contains("2015–2030"));
    }

    proptest! {
        #[test]
        fn adding_working_days_lands_on_a_working_day_n_days_on(
            y in 2016i16..2029, doy in 1i16..360, n in 1u32..40
        ) {
            let cal = Calendar::bundled(Division::EnglandAndWales);
            let start = date(y, 1, 1).checked_add(jiff::Span::new().days(i64::from(doy) - 1)).unwrap();
            let end = cal.add_working_days(start, n).unwrap();
            prop_assert!(cal.is_working_day(end).unwrap());
            prop_assert_eq!(cal.working_days_between(start, end).unwrap(), n);
        }
    }
}
