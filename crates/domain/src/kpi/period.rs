//! Reporting periods: quarters, halves and years of the reporting year (1 April – 31 March by
//! default), or any run of days. Days are London days; a period covers whole days.
use crate::time::london;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

/// The month the reporting year starts in, unless configured otherwise (April).
pub const DEFAULT_YEAR_START: i8 = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Quarter,
    Half,
    Year,
    Custom,
}

/// A reporting period of whole days, first to last inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub first: Date,
    pub last: Date,
    /// Month the reporting year starts in (for naming and stepping quarters).
    pub year_start: i8,
}

impl Period {
    /// Read a period: `2025-Q3` (third quarter of the 2025/26 reporting year), `2025-H1`,
    /// `2025` (the reporting year starting in 2025), or `2025-04-01..2025-06-30`.
    pub fn parse(text: &str, year_start: i8) -> Result<Period, String> {
        let t = text.trim();
        let bad = || {
            format!(
                "'{t}' is not a period: use a quarter like 2025-Q3, a half like 2025-H1, a reporting year like 2025, \
                 or two dates like 2025-04-01..2025-06-30"
            )
        };
        if let Some((a, b)) = t.split_once("..") {
            let first: Date = a.trim().parse().map_err(|_| bad())?;
            let last: Date = b.trim().parse().map_err(|_| bad())?;
            return Period::custom(first, last, year_start);
        }
        let (year, part) = match t.split_once('-') {
            Some((y, p)) => (y, Some(p.to_ascii_uppercase())),
            None => (t, None),
        };
        let year: i16 = year.parse().map_err(|_| bad())?;
        if !(1990..=2200).contains(&year) {
            return Err(format!("{year} is not a reporting year this service can hold"));
        }
        let start = Date::new(year, year_start, 1).map_err(|_| bad())?;
        let (kind, offset, months) = match part.as_deref() {
            None => (PeriodKind::Year, 0, 12),
            Some(q @ ("Q1" | "Q2" | "Q3" | "Q4")) => (PeriodKind::Quarter, 3 * (i32::from(q.as_bytes()[1] - b'1')), 3),
            Some(h @ ("H1" | "H2")) => (PeriodKind::Half, 6 * (i32::from(h.as_bytes()[1] - b'1')), 6),
            Some(_) => return Err(bad()),
        };
        let first = start.checked_add(offset.months()).map_err(|_| bad())?;
        let last = first.checked_add(months.months()).and_then(|d| d.yesterday()).map_err(|_| bad())?;
        Ok(Period { kind, first, last, year_start })
    }

    /// Any run of days.
    pub fn custom(first: Date, last: Date, year_start: i8) -> Result<Period, String> {
        if last < first {
            return Err(format!("the period ends ({last}) before it starts ({first})"));
        }
        if first.year() < 1990 || last.year() > 2200 {
            return Err("a period must fall between 1990 and 2200".into());
        }
        Ok(Period { kind: PeriodKind::Custom, first, last, year_start })
    }

    /// The quarter of the reporting year that `day` falls in.
    pub fn quarter_of(day: Date, year_start: i8) -> Period {
        let months_in = (i32::from(day.month()) - i32::from(year_start)).rem_euclid(12);
        let year = if day.month() >= year_start { day.year() } else { day.year() - 1 };
        let q = months_in / 3 + 1;
        Period::parse(&format!("{year}-Q{q}"), year_start).expect("a quarter of a real day is a period")
    }

    /// The reporting year `day` falls in.
    pub fn year_of(day: Date, year_start: i8) -> Period {
        let year = if day.month() >= year_start { day.year() } else { day.year() - 1 };
        Period::parse(&year.to_string(), year_start).expect("a year of a real day is a period")
    }

    /// The reporting year this period starts in (e.g. 2025 for 2025/26).
    pub fn reporting_year(&self) -> i16 {
        if self.first.month() >= self.year_start { self.first.year() } else { self.first.year() - 1 }
    }

    /// The period of the same kind just before this one.
    pub fn previous(&self) -> Period {
        let months = match self.kind {
            PeriodKind::Quarter => 3,
            PeriodKind::Half => 6,
            PeriodKind::Year => 12,
            PeriodKind::Custom => {
                let days = (self.last - self.first).get_days() + 1;
                let last = self.first.yesterday().unwrap_or(self.first);
                let first = self.first.checked_sub(days.days()).unwrap_or(self.first);
                return Period { kind: PeriodKind::Custom, first, last, year_start: self.year_start };
            }
        };
        let first = self.first.checked_sub(months.months()).unwrap_or(self.first);
        let last = self.first.yesterday().unwrap_or(self.first);
        Period { kind: self.kind, first, last, year_start: self.year_start }
    }

    /// This period and the `n - 1` before it, oldest first (for trends).
    pub fn trend(&self, n: usize) -> Vec<Period> {
        let mut out = vec![self.clone()];
        while out.len() < n {
            let p = out.last().map(Period::previous).unwrap_or_else(|| self.clone());
            out.push(p);
        }
        out.reverse();
        out
    }

    /// The first instant of the period.
    pub fn start(&self) -> Timestamp {
        instant(self.first)
    }

    /// The first instant after the period.
    pub fn end(&self) -> Timestamp {
        instant(self.last.tomorrow().unwrap_or(self.last))
    }

    /// Whether `t` falls in the period.
    pub fn contains(&self, t: Timestamp) -> bool {
        t >= self.start() && t < self.end()
    }

    /// Whether day `d` falls in the period.
    pub fn contains_day(&self, d: Date) -> bool {
        self.first <= d && d <= self.last
    }

    /// A short name: `2025-Q3`, `2025-H1`, `2025/26` or `1 Apr 2025 to 30 Jun 2025`.
    pub fn code(&self) -> String {
        let y = self.reporting_year();
        let n = |step: i32| {
            let months = (i32::from(self.first.month()) - i32::from(self.year_start)).rem_euclid(12);
            months / step + 1
        };
        match self.kind {
            PeriodKind::Quarter => format!("{y}-Q{}", n(3)),
            PeriodKind::Half => format!("{y}-H{}", n(6)),
            PeriodKind::Year => format!("{y}"),
            PeriodKind::Custom => format!("{}..{}", self.first, self.last),
        }
    }

    /// How people say it: "Quarter 3, 2025/26 (1 October to 31 December 2025)".
    pub fn describe(&self) -> String {
        let y = self.reporting_year();
        let years = format!("{y}/{:02}", (y + 1) % 100);
        let span = format!("{} to {}", crate::time::human_date(self.first), crate::time::human_date(self.last));
        match self.kind {
            PeriodKind::Quarter => format!("Quarter {}, {years} ({span})", &self.code()[6..]),
            PeriodKind::Half => format!("Half {}, {years} ({span})", &self.code()[6..]),
            PeriodKind::Year => format!("Reporting year {years} ({span})"),
            PeriodKind::Custom => span,
        }
    }

    /// A short label for a chart's axis.
    pub fn short(&self) -> String {
        match self.kind {
            PeriodKind::Year => {
                let y = self.reporting_year();
                format!("{y}/{:02}", (y + 1) % 100)
            }
            _ => self.code(),
        }
    }
}

/// The first instant of a London day.
pub fn instant(d: Date) -> Timestamp {
    d.to_zoned(london()).map(|z| z.timestamp()).unwrap_or_else(|_| Timestamp::UNIX_EPOCH)
}

/// The London day an instant falls on.
pub fn day(t: Timestamp) -> Date {
    t.to_zoned(london()).date()
}
