//! Figures in words: what a reader sees for each measure, for staff (exact) or published
//! (anonymised: small numbers hidden).
use asbcase_domain::kpi::target::{published_count, withheld};
use asbcase_domain::kpi::{Kpi, Measure, Section};

/// Whether the figures are for staff or for publishing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Staff,
    Public,
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn count(n: u64, who: Audience) -> String {
    match who {
        Audience::Staff => thousands(n),
        Audience::Public if published_count(n) == "<5" => "<5".into(),
        Audience::Public => thousands(n),
    }
}

fn pounds(pence: f64) -> String {
    let p = pence.round() as u64;
    format!("£{}.{:02}", thousands(p / 100), p % 100)
}

/// What a KPI with nothing to count says instead of a figure.
pub fn nothing(kpi: Kpi) -> &'static str {
    if kpi.section() == Section::Satisfaction || kpi == Kpi::Tp12 { "No responses" } else { "No cases to count" }
}

/// The figure itself: "68%", "12", "1.25", "£6.67", "40 minutes".
pub fn value(kpi: Kpi, m: &Measure, who: Audience) -> String {
    if who == Audience::Public && withheld(m) {
        return "Withheld".into();
    }
    match *m {
        Measure::Percent { base: 0, .. } => nothing(kpi).into(),
        Measure::Percent { .. } => format!("{:.0}%", m.value().unwrap_or(0.0)),
        Measure::Count { count: n } => count(n, who),
        Measure::PerThousandHomes { .. } => match m.value() {
            Some(v) => format!("{v:.2}"),
            None => "Homes not entered".into(),
        },
        Measure::Money { cases: 0, average: true, .. } => nothing(kpi).into(),
        Measure::Money { pence, cases, average } => {
            if average {
                pounds(pence as f64 / cases as f64)
            } else {
                pounds(pence as f64)
            }
        }
        Measure::Minutes { cases: 0, .. } => nothing(kpi).into(),
        Measure::Minutes { minutes, cases } => format!("{:.0} minutes", minutes as f64 / cases as f64),
    }
}

/// What the figure rests on: "34 of 50", "2 cases, 2,000 homes", "3 cases".
pub fn basis(m: &Measure, who: Audience) -> String {
    if who == Audience::Public && withheld(m) {
        return "Fewer than 5 cases on one side".into();
    }
    match *m {
        Measure::Percent { base: 0, .. } => String::new(),
        Measure::Percent { counted, base } => format!("{} of {}", count(counted, who), count(base, who)),
        Measure::Count { .. } => String::new(),
        Measure::PerThousandHomes { counted, homes } => match homes {
            Some(h) => format!("{} cases, {} homes", count(counted, who), thousands(h)),
            None => format!("{} cases", count(counted, who)),
        },
        Measure::Money { cases, average: false, .. } => format!("on {} cases", count(cases, who)),
        Measure::Money { cases, .. } | Measure::Minutes { cases, .. } => format!("{} cases", count(cases, who)),
    }
}

/// The change from the period before, in words, or empty when it cannot be compared.
pub fn change(now: &Measure, before: Option<&Measure>, who: Audience) -> String {
    let Some(before) = before else { return String::new() };
    if who == Audience::Public && (withheld(now) || withheld(before)) {
        return String::new();
    }
    let (Some(a), Some(b)) = (now.value(), before.value()) else { return String::new() };
    if who == Audience::Public && matches!(now, Measure::Count { .. }) && (a < 5.0 || b < 5.0) && (a > 0.0 || b > 0.0) {
        return String::new();
    }
    let d = a - b;
    let unit = match now {
        Measure::Percent { .. } if (d.abs() - 1.0).abs() < 0.5 => " point",
        Measure::Percent { .. } => " points",
        _ => "",
    };
    let size = match now {
        Measure::Money { .. } => pounds(d.abs() * 100.0),
        Measure::PerThousandHomes { .. } => format!("{:.2}", d.abs()),
        _ => format!("{:.0}", d.abs()),
    };
    if d.abs() < 0.005 {
        "No change".into()
    } else if d > 0.0 {
        format!("Up {size}{unit}")
    } else {
        format!("Down {size}{unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_without_survey_responses_says_so_rather_than_zero_percent() {
        let m = Measure::Percent { counted: 0, base: 0 };
        assert_eq!(value(Kpi::SatisfiedHandling, &m, Audience::Staff), "No responses");
        assert_eq!(value(Kpi::FirstContact, &m, Audience::Staff), "No cases to count");
    }

    #[test]
    fn published_figures_hide_small_numbers_that_staff_see() {
        let m = Measure::Count { count: 3 };
        assert_eq!(value(Kpi::HateCases, &m, Audience::Staff), "3");
        assert_eq!(value(Kpi::HateCases, &m, Audience::Public), "<5");
        let p = Measure::Percent { counted: 3, base: 40 };
        assert_eq!(value(Kpi::ResolutionRate, &p, Audience::Staff), "8%");
        assert_eq!(basis(&p, Audience::Staff), "3 of 40");
        assert_eq!(value(Kpi::ResolutionRate, &p, Audience::Public), "Withheld");
        let big = Measure::Percent { counted: 1234, base: 1500 };
        assert_eq!(basis(&big, Audience::Public), "1,234 of 1,500");
    }

    #[test]
    fn money_rates_and_changes_read_naturally() {
        let m = Measure::Money { pence: 2000, cases: 3, average: true };
        assert_eq!(value(Kpi::CostPerCase, &m, Audience::Staff), "£6.67");
        let nm = Measure::PerThousandHomes { counted: 2, homes: Some(2000) };
        assert_eq!(value(Kpi::Nm01Cases, &nm, Audience::Staff), "1.00");
        assert_eq!(basis(&nm, Audience::Staff), "2 cases, 2,000 homes");
        let now = Measure::Percent { counted: 68, base: 100 };
        let before = Measure::Percent { counted: 60, base: 100 };
        assert_eq!(change(&now, Some(&before), Audience::Staff), "Up 8 points");
        assert_eq!(change(&before, Some(&now), Audience::Staff), "Down 8 points");
    }
}
