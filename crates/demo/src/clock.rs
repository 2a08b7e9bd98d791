//! When things happen in the demo: working hours and working days in London, and when reports
//! arrive over the years before `now`.
use crate::place::{COUNCIL, ORGS};
use crate::story::Spec;
use crate::{DemoError, weighted};
use asbcase_domain::calendar::{Calendar, CalendarError};
use asbcase_domain::case::Channel;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rand::Rng;

pub(crate) fn plus(t: Timestamp, secs: i64) -> Timestamp {
    t + SignedDuration::from_secs(secs)
}

/// Working hours and working days in London.
pub(crate) struct Clock<'a> {
    pub calendar: &'a Calendar,
    pub tz: &'a TimeZone,
}

impl Clock<'_> {
    pub fn date(&self, t: Timestamp) -> Date {
        t.to_zoned(self.tz.clone()).date()
    }

    pub fn at(&self, d: Date, minute_of_day: i32, second: i32) -> Result<Timestamp, CalendarError> {
        let dt = d.at((minute_of_day / 60) as i8, (minute_of_day % 60) as i8, second as i8, 0);
        Ok(dt.to_zoned(self.tz.clone()).map_err(bad_time)?.timestamp())
    }

    /// Some time in office hours on `d`.
    pub(crate) fn office(&self, rng: &mut impl Rng, d: Date) -> Result<Timestamp, CalendarError> {
        self.at(d, rng.random_range(8 * 60 + 45..17 * 60), rng.random_range(0..60))
    }

    /// Office hours `n` (at least 1) working days after `t`.
    pub(crate) fn working_days_later(
        &self,
        rng: &mut impl Rng,
        t: Timestamp,
        n: u32,
    ) -> Result<Timestamp, CalendarError> {
        let d = self.calendar.add_working_days(self.date(t), n.max(1))?;
        self.office(rng, d)
    }

    /// A little later the same working day, or the next working morning.
    pub(crate) fn soon_after(&self, rng: &mut impl Rng, t: Timestamp) -> Result<Timestamp, CalendarError> {
        let z = t.to_zoned(self.tz.clone());
        let m = i32::from(z.hour()) * 60 + i32::from(z.minute());
        if self.calendar.is_working_day(z.date())? && m < 16 * 60 + 30 {
            let lo = (m + 10).max(8 * 60 + 45);
            let hi = (lo + 150).min(17 * 60 + 15).max(lo + 1);
            self.at(z.date(), rng.random_range(lo..hi), rng.random_range(0..60))
        } else {
            let d = self.calendar.add_working_days(z.date(), 1)?;
            self.at(d, rng.random_range(8 * 60 + 45..11 * 60), rng.random_range(0..60))
        }
    }
}

pub(crate) fn bad_time(e: jiff::Error) -> CalendarError {
    CalendarError::BadData(e.to_string())
}

/// When reports arrive: spread over the `years` before `now`, a little more in summer, by
/// phone in office hours and online at any hour (mostly evenings). Sorted oldest first.
pub(crate) fn plan_reports(
    rng: &mut impl Rng,
    clock: &Clock,
    now: Timestamp,
    n: u32,
    years: u16,
) -> Result<Vec<Spec>, DemoError> {
    let days = 365 * i64::from(years);
    let today = clock.date(now);
    let org_weights: Vec<(usize, u32)> = ORGS.iter().enumerate().map(|(i, o)| (i, o.case_weight)).collect();
    const HOURS: [u32; 24] = [2, 1, 1, 0, 0, 0, 1, 3, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 7, 8, 9, 9, 7, 4];
    let mut specs = Vec::with_capacity(n as usize);
    while specs.len() < n as usize {
        let org = weighted(rng, &org_weights);
        let mut channel = weighted(
            rng,
            &[
                (Channel::Phone, 34),
                (Channel::WebForm, 30),
                (Channel::Email, 14),
                (Channel::InPerson, 6),
                (Channel::PartnerReferral, 9),
                (Channel::Open311, 4),
                (Channel::DropBox, 3),
            ],
        );
        if channel == Channel::Open311 && org != COUNCIL {
            channel = Channel::WebForm;
        }
        let reported_at = loop {
            let day = today.checked_sub(jiff::Span::new().days(rng.random_range(0..days))).map_err(bad_time)?;
            let season = match day.month() {
                6..=8 => 1.0,
                5 | 9 => 0.9,
                12 | 1 | 2 => 0.7,
                _ => 0.8,
            };
            if !rng.random_bool(season) {
                continue;
            }
            let minute = match channel {
                Channel::Phone | Channel::InPerson | Channel::PartnerReferral | Channel::DropBox => {
                    if !clock.calendar.is_working_day(day)? {
                        continue;
                    }
                    rng.random_range(8 * 60 + 30..17 * 60)
                }
                _ => {
                    let hours: Vec<(i32, u32)> = (0..24).map(|h| (h, HOURS[h as usize])).collect();
                    weighted(rng, &hours) * 60 + rng.random_range(0..60)
                }
            };
            let t = clock.at(day, minute, rng.random_range(0..60))?;
            if t <= plus(now, -600) {
                break t;
            }
        };
        specs.push(Spec { reported_at, org, channel, to_first_officer: false });
    }
    specs.sort_by_key(|s| s.reported_at);
    Ok(specs)
}
