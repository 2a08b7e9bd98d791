//! Targets for KPIs (agreed with someone, on a date) and the red/amber/green status of a figure
//! against its target; and the rule that keeps published figures anonymous: small numbers are
//! shown as "<5".
use super::compute::Measure;
use super::definitions::{Kpi, Unit};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// At or above the target is on target.
    AtLeast,
    /// At or below the target is on target.
    AtMost,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::AtLeast => "at_least",
            Direction::AtMost => "at_most",
        }
    }

    pub fn parse(s: &str) -> Option<Direction> {
        match s {
            "at_least" => Some(Direction::AtLeast),
            "at_most" => Some(Direction::AtMost),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Direction::AtLeast => "at least",
            Direction::AtMost => "at most",
        }
    }
}

/// A target for one KPI of one organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub kpi: Kpi,
    pub value: f64,
    pub direction: Direction,
    /// Who set or agreed it: "agreed with the tenants' ASB panel".
    pub set_by: String,
    pub set_on: Date,
}

impl Target {
    /// Check a target someone is setting. Percentages must be 0–100; others not negative.
    pub fn check(kpi: Kpi, value: f64, set_by: &str) -> Result<(), String> {
        if !value.is_finite() {
            return Err("Enter the target as a number".into());
        }
        if kpi.unit() == Unit::Percent && !(0.0..=100.0).contains(&value) {
            return Err(format!("A target for '{}' is a percentage: enter 0 to 100", kpi.name()));
        }
        if value < 0.0 {
            return Err("A target cannot be below zero".into());
        }
        if set_by.trim().is_empty() {
            return Err("Say who set or agreed the target, for example 'agreed with the tenants' ASB panel'".into());
        }
        if set_by.chars().count() > 200 {
            return Err("Say who set the target in 200 characters or fewer".into());
        }
        Ok(())
    }

    /// The status of `value` against this target.
    pub fn rag(&self, value: f64) -> Rag {
        let (on, gap) = match self.direction {
            Direction::AtLeast => (value >= self.value, self.value - value),
            Direction::AtMost => (value <= self.value, value - self.value),
        };
        if on {
            return Rag::Green;
        }
        // Near: within 5 percentage points for a percentage, else within 10% of the target.
        let near = if self.kpi.unit() == Unit::Percent { 5.0 } else { (self.value * 0.1).abs() };
        if gap <= near { Rag::Amber } else { Rag::Red }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl Rag {
    pub fn label(self) -> &'static str {
        match self {
            Rag::Green => "On target",
            Rag::Amber => "Near target",
            Rag::Red => "Off target",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }
}

/// Counts below this are shown as "<5" in anonymised figures.
pub const SMALL: u64 = 5;

fn small(n: u64) -> bool {
    n > 0 && n < SMALL
}

/// A count as published: "<5" for 1 to 4.
pub fn published_count(n: u64) -> String {
    if small(n) { "<5".into() } else { n.to_string() }
}

/// Whether an anonymised report must withhold this figure: a percentage resting on fewer than
/// 5 cases, or with fewer than 5 on either side (which would give those few away), and a rate
/// or average over fewer than 5 cases.
pub fn withheld(m: &Measure) -> bool {
    match *m {
        Measure::Percent { counted, base } => {
            base > 0 && (base < SMALL || small(counted) || small(base.saturating_sub(counted)))
        }
        Measure::Count { .. } => false,
        Measure::PerThousandHomes { counted, .. } => small(counted),
        Measure::Money { cases, .. } | Measure::Minutes { cases, .. } => small(cases),
    }
}
