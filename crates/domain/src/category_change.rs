//! Changing the partnership's category catalogue from its settings page: a category's name,
//! the explanation residents read, its priority and police group, checked before it is kept.
//! A category is never removed: cases and figures refer to it by its code, which never
//! changes once given.
use crate::category::{Category, PoliceGroup, Priority};
use crate::report::FieldError;

/// The priorities a category may have: 1 is the most urgent.
pub const PRIORITIES: std::ops::RangeInclusive<u8> = 1..=4;
pub const NAME_MAX: usize = 80;
pub const EXPLANATION_MAX: usize = 400;

impl PoliceGroup {
    pub const ALL: [PoliceGroup; 3] = [PoliceGroup::Personal, PoliceGroup::Nuisance, PoliceGroup::Environmental];

    pub fn as_str(self) -> &'static str {
        match self {
            PoliceGroup::Personal => "personal",
            PoliceGroup::Nuisance => "nuisance",
            PoliceGroup::Environmental => "environmental",
        }
    }

    pub fn parse(s: &str) -> Option<PoliceGroup> {
        PoliceGroup::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// As the police's three types of anti-social behaviour name it.
    pub fn label(self) -> &'static str {
        match self {
            PoliceGroup::Personal => "Personal (aimed at a person or group)",
            PoliceGroup::Nuisance => "Nuisance (affecting a community)",
            PoliceGroup::Environmental => "Environmental (affecting a place)",
        }
    }
}

/// A category as typed on the settings page.
pub struct Typed<'a> {
    pub name: &'a str,
    pub explanation: &'a str,
    pub priority: &'a str,
    pub group: &'a str,
}

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// Check `typed` as the category `code` (or a new one, for `None`) of `catalogue`: its name
/// given, short and not another category's; its explanation given and short; a priority from
/// 1 to 4 and one of the police groups. A new category's code is made from its name.
pub fn check(code: Option<&str>, typed: &Typed, catalogue: &[Category]) -> Result<Category, Vec<FieldError>> {
    let mut errors = vec![];
    let name = typed.name.split_whitespace().collect::<Vec<_>>().join(" ");
    let explanation = typed.explanation.trim().to_string();
    if name.is_empty() {
        errors.push(err("name", "Enter the category's name"));
    } else if name.chars().count() > NAME_MAX {
        errors.push(err("name", format!("Name the category in {NAME_MAX} characters or fewer")));
    } else if catalogue.iter().any(|c| Some(c.code.as_str()) != code && c.name.to_lowercase() == name.to_lowercase()) {
        errors.push(err("name", format!("There is already a category called ‘{name}’")));
    }
    if explanation.is_empty() {
        errors.push(err("explanation", "Enter what the category means, in words a resident would use"));
    } else if explanation.chars().count() > EXPLANATION_MAX {
        errors.push(err("explanation", format!("Explain the category in {EXPLANATION_MAX} characters or fewer")));
    }
    let priority = match typed.priority.trim().parse::<u8>() {
        Ok(p) if PRIORITIES.contains(&p) => Some(Priority(p)),
        _ => {
            errors.push(err("priority", "Choose a priority from 1 (most urgent) to 4"));
            None
        }
    };
    let group = PoliceGroup::parse(typed.group);
    if group.is_none() {
        errors.push(err("group", "Choose which of the police's three types it is"));
    }
    let code = match code {
        Some(c) => c.to_string(),
        None => new_code(&name, catalogue),
    };
    match (priority, group) {
        (Some(priority), Some(group)) if errors.is_empty() => Ok(Category { code, name, explanation, priority, group }),
        _ => Err(errors),
    }
}

/// A code for a new category, from its name ("Dog fouling" is `dog_fouling`), not one the
/// catalogue has.
fn new_code(name: &str, catalogue: &[Category]) -> String {
    let mut base = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            base.push(c);
        } else if !base.ends_with('_') && !base.is_empty() {
            base.push('_');
        }
    }
    let short: String = base.chars().take(40).collect();
    let base = match short.trim_end_matches('_') {
        "" => "category".to_string(),
        b => b.to_string(),
    };
    let taken = |c: &str| catalogue.iter().any(|k| k.code == c);
    let mut code = base.clone();
    let mut n = 2;
    while taken(&code) {
        code = format!("{base}_{n}");
        n += 1;
    }
    code
}

/// In one line, for the history of changes: what a new category is, or what changed in one
/// ("Noise → Neighbour noise; priority 3 → 2; explanation changed").
pub fn describe(before: Option<&Category>, after: &Category) -> String {
    let Some(b) = before else {
        return format!("added {}: priority {}, {}", after.name, after.priority.0, after.group.as_str());
    };
    let mut parts = vec![];
    if b.name != after.name {
        parts.push(format!("{} → {}", b.name, after.name));
    } else {
        parts.push(after.name.clone());
    }
    if b.priority != after.priority {
        parts.push(format!("priority {} → {}", b.priority.0, after.priority.0));
    }
    if b.group != after.group {
        parts.push(format!("{} → {}", b.group.as_str(), after.group.as_str()));
    }
    if b.explanation != after.explanation {
        parts.push("explanation changed".into());
    }
    if parts.len() == 1 {
        parts.push("nothing changed".into());
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::default_catalogue;

    fn typed<'a>(name: &'a str, priority: &'a str) -> Typed<'a> {
        Typed { name, explanation: "Dogs fouling the paths and play areas.", priority, group: "environmental" }
    }

    #[test]
    fn a_new_category_gets_a_code_from_its_name_that_no_other_has() {
        let mut cat = default_catalogue();
        let c = check(None, &typed("  Dog   fouling ", "3"), &cat).unwrap();
        assert_eq!((c.code.as_str(), c.name.as_str(), c.priority), ("dog_fouling", "Dog fouling", Priority(3)));
        cat.push(c);
        let errors = check(None, &typed("dog fouling", "3"), &cat).unwrap_err();
        assert_eq!(errors[0].message, "There is already a category called ‘dog fouling’");
        let again = check(None, &typed("Dog fouling!", "3"), &cat[..cat.len() - 1]).unwrap();
        assert_eq!(again.code, "dog_fouling");
        let mut taken = cat.clone();
        taken[0].name = "Something else".into();
        taken.last_mut().unwrap().name = "Other".into();
        assert_eq!(check(None, &typed("Dog-fouling", "3"), &taken).unwrap().code, "dog_fouling_2");
    }

    #[test]
    fn a_category_keeps_its_code_and_may_keep_its_own_name() {
        let cat = default_catalogue();
        let noise = cat.iter().find(|c| c.code == "noise").unwrap();
        let t = Typed { name: &noise.name, explanation: "Loud music, shouting.", priority: "2", group: "nuisance" };
        let c = check(Some("noise"), &t, &cat).unwrap();
        assert_eq!((c.code.as_str(), c.priority), ("noise", Priority(2)));
    }

    #[test]
    fn a_change_is_described_by_what_changed() {
        let cat = default_catalogue();
        let noise = cat.iter().find(|c| c.code == "noise").unwrap();
        let mut renamed = noise.clone();
        renamed.name = "Neighbour noise".into();
        renamed.priority = Priority(1);
        assert_eq!(
            describe(Some(noise), &renamed),
            format!("{} → Neighbour noise; priority {} → 1", noise.name, noise.priority.0)
        );
        assert!(describe(None, &renamed).starts_with("added Neighbour noise"));
    }

    #[test]
    fn settings_that_would_break_the_catalogue_are_refused_with_the_reason() {
        let cat = default_catalogue();
        let bad = Typed { name: "", explanation: "", priority: "9", group: "weather" };
        let fields: Vec<String> = check(None, &bad, &cat).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "explanation", "priority", "group"]);
        let long = "x".repeat(81);
        assert!(check(None, &typed(&long, "1"), &cat).unwrap_err()[0].message.contains("80 characters"));
        assert!(check(None, &typed("Fly-tipping", "0"), &cat).is_err());
    }
}
