//! Contact cadence of cases open for years: the contact periods before the reporting period are
//! stepped over at once, and the figure is the one walking every period from the day the case
//! opened gives (as the definition reads).
use crate::calendar::{Calendar, Division};
use crate::kpi::compute::DEFAULT_LONG_RUNNING_MONTHS;
use crate::kpi::facts::{ComplainantContact, Spell};
use crate::kpi::period::{day, instant};
use crate::kpi::{CaseFacts, Kpi, Measure, OrganisationFacts, Period, Scope, compute};
use crate::risk::RiskBand;
use crate::{CaseId, OrganisationId};
use jiff::civil::{Date, Weekday};
use jiff::{Timestamp, ToSpan};
use proptest::prelude::*;

/// The definition, walked period by period from the day the spell began, a day at a time.
fn walked(f: &CaseFacts, period: &Period, as_of: Timestamp, calendar: &Calendar, every: u32) -> (u64, u64) {
    let after = |mut d: Date, n: u32| {
        let mut left = n;
        while left > 0 {
            d = d.tomorrow().unwrap();
            if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !calendar.is_bank_holiday(d) {
                left -= 1;
            }
        }
        d
    };
    let (start, limit) = (period.start(), period.end().min(as_of));
    let (mut spoke_in, mut periods) = (0, 0);
    for s in &f.spells {
        if s.from >= limit || s.to.is_some_and(|to| to <= start) {
            continue;
        }
        let mut from = s.from;
        let mut last_day = after(day(from), every);
        loop {
            let until = instant(last_day.tomorrow().unwrap());
            if until > limit || s.to.is_some_and(|to| to < until) {
                break;
            }
            if until > start {
                periods += 1;
                spoke_in += u64::from(f.contacts.iter().any(|c| c.successful && c.at >= from && c.at < until));
            }
            from = until;
            last_day = after(last_day, every);
        }
    }
    (spoke_in, periods)
}

proptest! {
    #[test]
    fn a_case_open_for_years_is_counted_as_walking_every_contact_period_from_its_opening(
        opened_days_before in 0i64..2500,
        opened_hour in 0i64..24,
        closed_after in proptest::option::of(0i64..2600),
        contacts in proptest::collection::vec((0i64..2600, 0i64..24, any::<bool>()), 0..30),
        quarter in 0usize..4,
        every in 1u32..25,
    ) {
        let calendar = Calendar::bundled(Division::EnglandAndWales);
        let period = Period::parse(["2025-Q2", "2025-Q3", "2026-Q1", "2026-Q2"][quarter], 4).unwrap();
        let org = OrganisationId::new();
        let opened = period.start() - (opened_days_before * 24 - opened_hour).hours();
        let mut f = CaseFacts::new(org, opened, RiskBand::Standard);
        f.complainant = true;
        let at = |d: i64, h: i64| opened + (d * 24 + h).hours();
        f.spells = vec![Spell { from: opened, to: closed_after.map(|d| at(d, 5)), outcome: None }];
        f.contacts = contacts.iter().map(|(d, h, ok)| ComplainantContact { at: at(*d, *h), successful: *ok }).collect();
        let as_of = period.end() + (30 * 24).hours();
        let orgs = [OrganisationFacts { id: org, name: "Council".into(), landlord: false, homes: None, contact_every: every }];
        let scope = Scope {
            period: &period,
            as_of,
            calendar: &calendar,
            organisations: &orgs,
            long_running_months: DEFAULT_LONG_RUNNING_MONTHS,
        };
        let figures = compute(&[(CaseId::new(), f.clone())], &scope);
        let counted = figures.iter().find(|x| x.kpi == Kpi::ContactCadence && x.part.is_empty()).map(|x| x.measure);
        let (spoke_in, periods) = walked(&f, &period, as_of, &calendar, every);
        let expected = Measure::Percent { counted: spoke_in, base: periods };
        prop_assert!(counted == Some(expected) || (periods == 0 && counted.is_none()), "{counted:?} against {expected:?}");
    }
}
