//! A new version of the case review rules, as typed on the settings page: the day it takes
//! effect (tomorrow or later: applications already made keep the rules they were made under), the
//! threshold and its local variants, the timescales, and who agreed it. Versions are never
//! changed once stored.
use super::rules::{ReviewRules, STATUTORY, Step, Timescales};
use super::{ReviewError, problem};
use crate::report::FieldError;
use jiff::civil::Date;

/// Longest "agreed by", in characters.
pub const SET_BY_MAX: usize = 200;

/// The form's fields, as typed. The timescales are keyed by [`Step::as_str`].
pub struct TypedRules<'a> {
    pub day: &'a str,
    pub month: &'a str,
    pub year: &'a str,
    pub threshold: &'a str,
    pub window_months: &'a str,
    pub qualify_within_months: &'a str,
    /// Blank for no different-households variant.
    pub different_households: &'a str,
    pub hate_incident_triggers: bool,
    pub timescales: [&'a str; 4],
    pub set_by: &'a str,
}

fn number(field: &str, typed: &str, what: &str, errors: &mut Vec<FieldError>) -> u32 {
    match typed.trim().parse::<u32>() {
        Ok(n) => n,
        Err(_) => {
            errors.push(problem(field, format!("Enter {what} as a whole number")));
            0
        }
    }
}

/// Check a new version against the versions already stored (`taken`, the days they take
/// effect) on `today`: returns the rules and who agreed them, or every problem by field.
pub fn check(typed: &TypedRules, today: Date, taken: &[Date]) -> Result<(ReviewRules, String), Vec<FieldError>> {
    let mut errors = vec![];
    let from =
        match (typed.day.trim().parse::<i8>(), typed.month.trim().parse::<i8>(), typed.year.trim().parse::<i16>()) {
            (Ok(d), Ok(m), Ok(y)) => Date::new(y, m, d).ok(),
            _ => None,
        };
    match from {
        None => errors.push(problem("from_day", "Enter the day the rules take effect as a real date, like 1 4 2027")),
        Some(d) if d <= today => errors.push(problem(
            "from_day",
            "The rules must take effect from tomorrow or later: applications already made keep the rules they were made under",
        )),
        Some(d) if taken.contains(&d) || d == STATUTORY.effective_from => errors.push(problem(
            "from_day",
            format!("Rules already take effect on {}: choose another day", crate::time::human_date(d)),
        )),
        Some(_) => {}
    }
    let threshold = number("threshold", typed.threshold, "the number of complaints", &mut errors);
    let window_months = number("window_months", typed.window_months, "the months complaints count for", &mut errors);
    let qualify_within_months = number(
        "qualify_within_months",
        typed.qualify_within_months,
        "the months a complaint must be made within",
        &mut errors,
    );
    let different_households = match typed.different_households.trim() {
        "" => None,
        t => Some(number("different_households", t, "the number of households", &mut errors)),
    };
    let mut days = [0u32; 4];
    for (i, step) in Step::ALL.iter().enumerate() {
        days[i] =
            number(step.as_str(), typed.timescales[i], &format!("the working days for {}", step.noun()), &mut errors);
    }
    let set_by = typed.set_by.split_whitespace().collect::<Vec<_>>().join(" ");
    if set_by.is_empty() {
        errors.push(problem(
            "set_by",
            "Say who agreed these rules, like “Community safety partnership board, March 2027”",
        ));
    } else if set_by.chars().count() > SET_BY_MAX {
        errors.push(problem("set_by", format!("Say who agreed these rules in {SET_BY_MAX} characters or fewer")));
    }
    let rules = ReviewRules {
        effective_from: from.unwrap_or(today),
        threshold,
        window_months,
        qualify_within_months,
        different_households,
        hate_incident_triggers: typed.hate_incident_triggers,
        timescales: Timescales { acknowledge: days[0], decision: days[1], meeting: days[2], outcome: days[3] },
    };
    if let Err(ReviewError::Problems(problems)) = rules.check() {
        // A field already named for not being a number is not named again.
        for p in problems {
            if !errors.iter().any(|e| e.field == p.field) {
                errors.push(FieldError { message: capitalise(&p.message), ..p });
            }
        }
    }
    if errors.is_empty() { Ok((rules, set_by)) } else { Err(errors) }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn typed<'a>(day: &'a str, threshold: &'a str, timescales: [&'a str; 4], set_by: &'a str) -> TypedRules<'a> {
        TypedRules {
            day,
            month: "4",
            year: "2027",
            threshold,
            window_months: "6",
            qualify_within_months: "1",
            different_households: "",
            hate_incident_triggers: true,
            timescales,
            set_by,
        }
    }

    #[test]
    fn a_lower_threshold_from_next_april_is_kept_with_who_agreed_it() {
        let (rules, by) =
            check(&typed("1", "2", ["5", "10", "20", "25"], " CSP  board "), date(2026, 12, 6), &[]).unwrap();
        assert_eq!((rules.effective_from, rules.threshold, rules.hate_incident_triggers), (date(2027, 4, 1), 2, true));
        assert_eq!(by, "CSP board");
    }

    #[test]
    fn the_past_a_day_already_taken_and_the_laws_limits_are_refused_by_field() {
        let today = date(2027, 4, 2);
        let e = check(&typed("1", "4", ["x", "10", "20", "9"], ""), today, &[]).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["from_day", "acknowledge", "set_by", "threshold", "outcome"]);
        assert!(e[0].message.starts_with("The rules must take effect from tomorrow or later"));
        assert!(e[3].message.starts_with("The threshold must be between 1 and 3"));
        assert!(e[4].message.contains("cannot be due before"));
        let e = check(&typed("257", "3", ["5", "10", "20", "25"], "Board"), date(2027, 1, 1), &[]).unwrap_err();
        assert!(e[0].message.starts_with("Enter the day the rules take effect as a real date"), "day 257");
        let e = check(&typed("1", "3", ["5", "10", "20", "25"], "Board"), date(2027, 4, 1), &[]).unwrap_err();
        assert_eq!(e[0].field, "from_day", "not today: applications made today keep today's rules");
        let e = check(&typed("1", "3", ["5", "10", "20", "25"], "Board"), date(2027, 1, 1), &[date(2027, 4, 1)])
            .unwrap_err();
        assert_eq!(e[0].message, "Rules already take effect on 1 April 2027: choose another day");
        let e = check(&typed("31", "3", ["5", "10", "20", "25"], "Board"), date(2027, 1, 1), &[]).unwrap_err();
        assert!(e[0].message.starts_with("Enter the day the rules take effect as a real date"), "31 April");
    }
}
