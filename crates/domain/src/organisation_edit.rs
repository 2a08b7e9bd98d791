//! Adding an organisation to a partnership, and entering the homes a landlord owns (for the
//! regulator's measure NM01), as checked before anything is stored. The same checks serve the
//! Settings pages and the command line.
use crate::organisation::OrganisationKind;
use crate::report::FieldError;

pub const NAME_MAX: usize = 100;
/// The most homes one organisation can be entered as owning (the largest English landlords own
/// under 200,000; this leaves room for a typing slip to be caught).
pub const HOMES_MAX: i64 = 10_000_000;
/// The earliest reporting year homes can be entered for.
pub const FIRST_YEAR: i64 = 1990;

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// An organisation's name as kept: spaces collapsed, so "Vale  Homes" and "Vale Homes" are one.
pub fn tidy_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A character that shows nothing or changes how the text around it is shown (zero-width
/// spaces and joiners, direction marks and overrides, the byte-order mark, soft hyphens), with
/// which two names could look the same.
fn invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// Check a new organisation's name and kind against the partnership's organisations (their
/// names): a name of at most 100 characters that no other organisation of the partnership has
/// (in any mix of capitals), and one of the kinds.
pub fn check_new(name: &str, kind: &str, existing: &[&str]) -> Result<(String, OrganisationKind), Vec<FieldError>> {
    let mut errors = vec![];
    // Checked as typed: tidying turns a tab into a space, but not an invisible character.
    let hidden = name.chars().any(|c| (c.is_control() && !c.is_whitespace()) || invisible(c));
    let name = tidy_name(name);
    if name.is_empty() {
        errors.push(err("name", "Enter the organisation's name"));
    } else if name.chars().count() > NAME_MAX {
        errors.push(err("name", format!("Enter a name of {NAME_MAX} characters or fewer")));
    } else if hidden {
        errors.push(err(
            "name",
            "Enter the name without invisible characters, such as ones copied from another document",
        ));
    } else if existing.iter().any(|e| tidy_name(e).to_lowercase() == name.to_lowercase()) {
        errors.push(err("name", format!("The partnership already has an organisation called {name}")));
    }
    let kind = OrganisationKind::parse(kind.trim());
    if kind.is_none() {
        errors.push(err("kind", "Choose what kind of organisation it is"));
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok((name, kind)),
        _ => Err(errors),
    }
}

/// "2025/26" for the reporting year starting in 2025.
pub fn year_label(year: i64) -> String {
    format!("{year}/{:02}", (year + 1) % 100)
}

/// The reporting year (April to March, the regulator's) that `today` falls in, as the year it
/// starts: the latest homes can be entered for.
pub fn reporting_year_of(today: jiff::civil::Date) -> i64 {
    i64::from(if today.month() >= 4 { today.year() } else { today.year() - 1 })
}

/// Check an entry of homes owned: the reporting year (as the year it starts, "2025", or as
/// "2025/26"), no later than `latest`, and a whole number of homes (commas allowed).
pub fn check_homes(year: &str, homes: &str, latest: i64) -> Result<(i64, i64), Vec<FieldError>> {
    let mut errors = vec![];
    let (year, homes) = (year.trim(), homes.trim().replace(',', ""));
    let first = year.split('/').next().unwrap_or_default();
    let parsed = first.parse::<i64>().ok().filter(|y| {
        // "2025/26" must name the year after; "2025" alone is the year it starts.
        year.split('/').nth(1).is_none_or(|end| end.parse::<i64>().ok() == Some((y + 1) % 100))
    });
    let year = match parsed {
        _ if year.is_empty() => {
            errors.push(err("year", "Enter the reporting year, like 2025 for 2025/26"));
            None
        }
        Some(y) if (FIRST_YEAR..=latest).contains(&y) => Some(y),
        Some(_) => {
            errors.push(err("year", format!("Enter a reporting year from {FIRST_YEAR} to {latest} (this one)")));
            None
        }
        None => {
            errors.push(err("year", "Enter the reporting year as the year it starts, like 2025 for 2025/26"));
            None
        }
    };
    let homes = match homes.parse::<i64>() {
        _ if homes.is_empty() => {
            errors.push(err("homes", "Enter how many homes it owned at the end of that year"));
            None
        }
        Ok(h) if (0..=HOMES_MAX).contains(&h) => Some(h),
        _ => {
            errors.push(err("homes", "Enter the homes as a whole number from 0 to 10,000,000"));
            None
        }
    };
    match (year, homes) {
        (Some(y), Some(h)) => Ok((y, h)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: Vec<FieldError>) -> Vec<(String, String)> {
        e.into_iter().map(|e| (e.field, e.message)).collect()
    }

    #[test]
    fn a_new_organisation_needs_a_name_no_one_else_has_and_a_kind() {
        let existing = ["Ashford Vale Council", "Vale Homes"];
        assert_eq!(
            check_new("  Riverside   Housing ", "social_landlord", &existing),
            Ok(("Riverside Housing".into(), OrganisationKind::SocialLandlord))
        );
        let refused = fields(check_new("vale  HOMES", "", &existing).unwrap_err());
        assert_eq!(
            refused,
            vec![
                ("name".into(), "The partnership already has an organisation called vale HOMES".into()),
                ("kind".into(), "Choose what kind of organisation it is".into()),
            ]
        );
        assert_eq!(fields(check_new(" ", "police", &existing).unwrap_err())[0].1, "Enter the organisation's name");
        let long = "x".repeat(NAME_MAX + 1);
        assert_eq!(fields(check_new(&long, "police", &existing).unwrap_err())[0].0, "name");
        assert!(check_new(&"x".repeat(NAME_MAX), "police", &existing).is_ok());
    }

    #[test]
    fn a_name_of_exactly_the_limit_is_taken_and_a_kind_must_be_one_of_the_list() {
        assert!(check_new(&"é".repeat(NAME_MAX), "health", &[]).is_ok(), "characters, not bytes");
        assert_eq!(fields(check_new("Clinic", "hospital", &[]).unwrap_err())[0].0, "kind");
        assert_eq!(fields(check_new("Bad\u{7}name", "other", &[]).unwrap_err())[0].0, "name");
        for spoof in ["Vale\u{200b} Homes", "Vale \u{202e}semoH", "\u{feff}Vale Homes"] {
            assert!(fields(check_new(spoof, "other", &[]).unwrap_err())[0].1.contains("invisible"), "{spoof:?}");
        }
        assert_eq!(check_new("Vale\tHomes", "other", &[]).unwrap().0, "Vale Homes", "a tab is a space");
    }

    #[test]
    fn homes_are_entered_for_a_reporting_year_up_to_this_one() {
        assert_eq!(check_homes("2025", "12,480", 2026), Ok((2025, 12480)));
        assert_eq!(check_homes("2025/26", "0", 2026), Ok((2025, 0)));
        assert_eq!(fields(check_homes("2025/27", "10", 2026).unwrap_err())[0].0, "year", "a year that is not one");
        assert_eq!(
            fields(check_homes("2027", "10", 2026).unwrap_err())[0].1,
            "Enter a reporting year from 1990 to 2026 (this one)"
        );
        assert_eq!(fields(check_homes("1989", "10", 2026).unwrap_err())[0].0, "year");
        let both = fields(check_homes("", "-3", 2026).unwrap_err());
        assert_eq!(both.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["year", "homes"]);
        assert_eq!(fields(check_homes("2020", "10000001", 2026).unwrap_err())[0].0, "homes");
        assert_eq!(fields(check_homes("2020", "", 2026).unwrap_err())[0].0, "homes");
        assert_eq!(year_label(2025), "2025/26");
        assert_eq!(year_label(2099), "2099/00");
    }
}
