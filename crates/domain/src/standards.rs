//! Service standards: how soon a complainant must first be contacted for each risk band, and
//! how often while the case is open. Per organisation; these are the defaults.
use crate::calendar::{Calendar, CalendarError};
use crate::risk::RiskBand;
use crate::time::london;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "unit", content = "value")]
pub enum Deadline {
    /// Clock hours from the report, weekends included.
    Hours(u32),
    /// By the end of the nth working day after the day of the report.
    WorkingDays(u32),
}

impl Deadline {
    pub fn describe(self) -> String {
        match self {
            Deadline::Hours(1) => "1 hour".into(),
            Deadline::Hours(h) => format!("{h} hours"),
            Deadline::WorkingDays(1) => "1 working day".into(),
            Deadline::WorkingDays(d) => format!("{d} working days"),
        }
    }

    /// When this deadline falls for something that started at `from`.
    pub fn due(self, from: Timestamp, calendar: &Calendar) -> Result<Timestamp, CalendarError> {
        match self {
            Deadline::Hours(h) => Ok(from + (i64::from(h)).hours()),
            Deadline::WorkingDays(n) => {
                let tz = london();
                let day = from.to_zoned(tz.clone()).date();
                let due_day = calendar.add_working_days(day, n)?;
                let end = due_day
                    .tomorrow()
                    .and_then(|d| d.to_zoned(tz))
                    .map_err(|e| CalendarError::BadData(e.to_string()))?;
                Ok(end.timestamp())
            }
        }
    }
}

/// Something wrong with service standards, and which setting it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandardsProblem {
    pub setting: &'static str,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceStandards {
    pub first_contact_emergency: Deadline,
    pub first_contact_high: Deadline,
    pub first_contact_medium: Deadline,
    pub first_contact_standard: Deadline,
    /// Contact the complainant at least every this many working days while the case is open.
    pub ongoing_contact_working_days: u32,
}

impl Default for ServiceStandards {
    fn default() -> Self {
        ServiceStandards {
            first_contact_emergency: Deadline::Hours(24),
            first_contact_high: Deadline::Hours(24),
            first_contact_medium: Deadline::WorkingDays(3),
            first_contact_standard: Deadline::WorkingDays(5),
            ongoing_contact_working_days: 10,
        }
    }
}

impl ServiceStandards {
    /// Everything wrong with standards someone set, before they are used.
    pub fn check(&self) -> Result<(), Vec<String>> {
        let problems = self.problems();
        if problems.is_empty() { Ok(()) } else { Err(problems.into_iter().map(|p| p.message).collect()) }
    }

    /// Everything wrong, each with the setting it is about: a band's key ("high") for its first
    /// contact, or "ongoing" for the contact every so many working days.
    pub fn problems(&self) -> Vec<StandardsProblem> {
        let mut problems = vec![];
        let mut refuse = |setting: &'static str, message: String| problems.push(StandardsProblem { setting, message });
        for band in RiskBand::ALL {
            match self.first_contact(band) {
                Deadline::Hours(h) if !(1..=168).contains(&h) => refuse(
                    band.as_str(),
                    format!("first contact for {} risk: give 1 to 168 hours", band.label().to_lowercase()),
                ),
                Deadline::WorkingDays(d) if !(1..=30).contains(&d) => refuse(
                    band.as_str(),
                    format!("first contact for {} risk: give 1 to 30 working days", band.label().to_lowercase()),
                ),
                _ => {}
            }
        }
        // A more urgent band is never given longer than a less urgent one.
        let rough = |d: Deadline| match d {
            Deadline::Hours(h) => h,
            Deadline::WorkingDays(n) => n * 24,
        };
        let order = [RiskBand::Emergency, RiskBand::High, RiskBand::Medium, RiskBand::Standard];
        for pair in order.windows(2) {
            if rough(self.first_contact(pair[0])) > rough(self.first_contact(pair[1])) {
                refuse(
                    pair[0].as_str(),
                    format!(
                        "first contact for {} risk ({}) is slower than for {} risk ({})",
                        pair[0].label().to_lowercase(),
                        self.first_contact(pair[0]).describe(),
                        pair[1].label().to_lowercase(),
                        self.first_contact(pair[1]).describe()
                    ),
                );
            }
        }
        if !(1..=30).contains(&self.ongoing_contact_working_days) {
            refuse("ongoing", "ongoing contact: give 1 to 30 working days".into());
        }
        problems
    }

    /// In one line: "first contact 24 hours (emergency), …; then every 10 working days".
    pub fn describe(&self) -> String {
        let bands: Vec<String> = RiskBand::ALL
            .into_iter()
            .map(|b| format!("{} ({})", self.first_contact(b).describe(), b.label().to_lowercase()))
            .collect();
        format!("first contact {}; then every {} working days", bands.join(", "), self.ongoing_contact_working_days)
    }

    /// Set a band's first-contact deadline.
    pub fn set_first_contact(&mut self, band: RiskBand, deadline: Deadline) {
        match band {
            RiskBand::Emergency => self.first_contact_emergency = deadline,
            RiskBand::High => self.first_contact_high = deadline,
            RiskBand::Medium => self.first_contact_medium = deadline,
            RiskBand::Standard => self.first_contact_standard = deadline,
        }
    }

    pub fn first_contact(&self, band: RiskBand) -> Deadline {
        match band {
            RiskBand::Emergency => self.first_contact_emergency,
            RiskBand::High => self.first_contact_high,
            RiskBand::Medium => self.first_contact_medium,
            RiskBand::Standard => self.first_contact_standard,
        }
    }

    pub fn ongoing_contact(&self) -> Deadline {
        Deadline::WorkingDays(self.ongoing_contact_working_days)
    }

    /// When the complainant must next be contacted: the first-contact deadline until a
    /// successful contact, then the ongoing cadence from the last successful contact.
    pub fn next_contact_due(
        &self,
        reported_at: Timestamp,
        band: RiskBand,
        last_successful_contact: Option<Timestamp>,
        calendar: &Calendar,
    ) -> Result<Timestamp, CalendarError> {
        match last_successful_contact {
            None => self.first_contact(band).due(reported_at, calendar),
            Some(at) => self.ongoing_contact().due(at, calendar),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Division;
    use crate::time::parse;

    #[test]
    fn a_standard_report_on_friday_is_due_by_the_end_of_the_fifth_working_day() {
        let cal = Calendar::bundled(Division::EnglandAndWales);
        // Friday 6 March 2026, 4pm: five working days are Mon 9 .. Fri 13 March.
        let due = ServiceStandards::default()
            .next_contact_due(parse("2026-03-06T16:00:00Z").unwrap(), RiskBand::Standard, None, &cal)
            .unwrap();
        assert_eq!(due, parse("2026-03-14T00:00:00Z").unwrap());
    }

    #[test]
    fn deadlines_end_at_london_midnight_in_summer_time() {
        let cal = Calendar::bundled(Division::EnglandAndWales);
        // Mon 6 July 2026: three working days on is Thu 9 July; midnight BST is 23:00 UTC.
        let due = Deadline::WorkingDays(3).due(parse("2026-07-06T09:00:00Z").unwrap(), &cal).unwrap();
        assert_eq!(due, parse("2026-07-09T23:00:00Z").unwrap());
    }

    proptest::proptest! {
        /// Whatever the start (weekends, bank holidays, either side of a clock change), a
        /// working-day deadline falls at a London midnight that closes a working day, exactly
        /// n working days on; an hours deadline is exactly that many real hours later.
        #[test]
        fn deadlines_hold_across_weekends_bank_holidays_and_clock_changes(
            secs in 1_451_606_400i64..1_893_456_000, // 2016-01-01 .. 2029-12-31
            n in 1u32..25,
            hours in 1u32..72,
        ) {
            let cal = Calendar::bundled(Division::EnglandAndWales);
            let from = jiff::Timestamp::from_second(secs).unwrap();
            let due = Deadline::WorkingDays(n).due(from, &cal).unwrap();
            let local = due.to_zoned(london());
            proptest::prop_assert_eq!((local.hour(), local.minute(), local.second()), (0, 0, 0));
            let last_day = local.date().yesterday().unwrap();
            proptest::prop_assert!(cal.is_working_day(last_day).unwrap());
            let start_day = from.to_zoned(london()).date();
            proptest::prop_assert_eq!(cal.working_days_between(start_day, last_day).unwrap(), n);
            proptest::prop_assert!(due > from);
            let by_hours = Deadline::Hours(hours).due(from, &cal).unwrap();
            proptest::prop_assert_eq!(by_hours.duration_since(from), jiff::SignedDuration::from_hours(i64::from(hours)));
        }
    }

    #[test]
    fn a_deadline_over_the_spring_clock_change_ends_at_bst_midnight() {
        let cal = Calendar::bundled(Division::EnglandAndWales);
        // Fri 27 March 2026; clocks go forward Sun 29 March. 3 working days: Mon 30, Tue 31, Wed 1 April.
        let due = Deadline::WorkingDays(3).due(parse("2026-03-27T15:00:00Z").unwrap(), &cal).unwrap();
        assert_eq!(due, parse("2026-04-01T23:00:00Z").unwrap());
    }

    #[test]
    fn high_risk_is_24_clock_hours() {
        let cal = Calendar::bundled(Division::EnglandAndWales);
        let due = ServiceStandards::default()
            .next_contact_due(parse("2026-03-07T10:00:00Z").unwrap(), RiskBand::High, None, &cal)
            .unwrap();
        assert_eq!(due, parse("2026-03-08T10:00:00Z").unwrap());
    }

    #[test]
    fn after_a_successful_contact_the_ten_working_day_clock_runs_from_it() {
        let cal = Calendar::bundled(Division::EnglandAndWales);
        // Contact Wed 1 April 2026; Good Friday 3 Apr and Easter Monday 6 Apr are skipped:
        // Thu 2, Tue 7, Wed 8, Thu 9, Fri 10, Mon 13, Tue 14, Wed 15, Thu 16, Fri 17 April.
        let due = ServiceStandards::default()
            .next_contact_due(
                parse("2026-03-20T10:00:00Z").unwrap(),
                RiskBand::Standard,
                Some(parse("2026-04-01T10:00:00Z").unwrap()),
                &cal,
            )
            .unwrap();
        assert_eq!(due, parse("2026-04-17T23:00:00Z").unwrap());
    }
}

#[cfg(test)]
mod check_tests {
    use super::*;

    #[test]
    fn standards_an_organisation_sets_are_checked() {
        assert_eq!(ServiceStandards::default().check(), Ok(()));
        let s = ServiceStandards {
            first_contact_high: Deadline::WorkingDays(10),
            first_contact_medium: Deadline::WorkingDays(0),
            ongoing_contact_working_days: 45,
            ..ServiceStandards::default()
        };
        let problems = s.check().unwrap_err();
        assert!(
            problems.iter().any(|p| p == "first contact for medium risk: give 1 to 30 working days"),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("first contact for high risk (10 working days) is slower than for medium"))
        );
        assert!(problems.iter().any(|p| p == "ongoing contact: give 1 to 30 working days"));
    }
}
