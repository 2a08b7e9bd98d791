//! Categories of ASB. A case can carry several; each has a default priority in the
//! organisation's catalogue, and the case priority is the highest of them unless overridden.
use serde::{Deserialize, Serialize};

/// Priority of a category or a case: 1 is the most urgent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Priority(pub u8);

impl Priority {
    pub fn label(self) -> String {
        format!("Priority {}", self.0)
    }
}

/// The police grouping of incidents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoliceGroup {
    Personal,
    Nuisance,
    Environmental,
}

/// One entry of a catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub code: String,
    pub name: String,
    /// Plain-English explanation for residents.
    pub explanation: String,
    pub priority: Priority,
    pub group: PoliceGroup,
}

/// The default catalogue a new organisation starts with.
pub fn default_catalogue() -> Vec<Category> {
    use PoliceGroup::*;
    let c = |code: &str, name: &str, explanation: &str, p: u8, group| Category {
        code: code.into(),
        name: name.into(),
        explanation: explanation.into(),
        priority: Priority(p),
        group,
    };
    vec![
        c(
            "violence_threats",
            "Violence or threats of violence",
            "Someone has been hurt or threatened with harm.",
            1,
            Personal,
        ),
        c(
            "hate_related",
            "Hate-related",
            "Behaviour targeted at someone because of disability, race, religion, sexual orientation or transgender identity.",
            1,
            Personal,
        ),
        c(
            "harassment",
            "Harassment or intimidation",
            "Repeated behaviour meant to frighten or distress someone.",
            1,
            Personal,
        ),
        c(
            "exploitation",
            "Exploitation or cuckooing",
            "Someone's home taken over or a person used by others, often for drugs.",
            1,
            Personal,
        ),
        c(
            "domestic_abuse",
            "Domestic abuse (referral)",
            "Abuse between family members or partners; we refer it to specialist services.",
            1,
            Personal,
        ),
        c("verbal_abuse", "Verbal abuse", "Shouting, swearing or insults aimed at someone.", 2, Personal),
        c("drugs", "Drugs", "Using or dealing drugs, or drug paraphernalia left behind.", 2, Nuisance),
        c(
            "criminal_damage",
            "Criminal damage or vandalism",
            "Property broken, damaged or covered in graffiti.",
            2,
            Nuisance,
        ),
        c(
            "sexual_acts",
            "Sexual acts or prostitution",
            "Sexual activity or soliciting in a public or shared place.",
            2,
            Nuisance,
        ),
        c("alcohol", "Alcohol-related", "Drinking in the street or behaviour caused by drinking.", 3, Nuisance),
        c(
            "noise",
            "Noise",
            "Loud music, shouting, parties, banging or other noise that is more than everyday living.",
            3,
            Nuisance,
        ),
        c(
            "communal_areas",
            "Misuse of communal areas",
            "Loitering, smoking or blocking shared stairs, halls, lifts or gardens.",
            3,
            Nuisance,
        ),
        c(
            "vehicles",
            "Vehicles",
            "Nuisance or abandoned vehicles, dangerous or noisy driving on estates.",
            3,
            Environmental,
        ),
        c("animals", "Animals", "Dogs or other animals that are out of control, noisy or fouling.", 3, Environmental),
        c("litter", "Litter or fly-tipping", "Rubbish dumped or left in shared or public places.", 4, Environmental),
        c("garden", "Garden nuisance", "Overgrown or neglected gardens, bonfires, items piled up.", 4, Environmental),
        c(
            "other",
            "Other",
            "Something else that is causing you harassment, alarm, distress, nuisance or annoyance.",
            4,
            Nuisance,
        ),
    ]
}

/// The primary category of a set: the most urgent, earliest in the list on a tie.
pub fn primary<'a>(codes: &[String], catalogue: &'a [Category]) -> Option<&'a Category> {
    codes.iter().filter_map(|code| catalogue.iter().find(|c| &c.code == code)).min_by_key(|c| c.priority)
}

/// Order a case's categories most urgent first (the primary first) and give the case priority.
/// Unknown or repeated codes are refused.
pub fn rank(codes: &[String], catalogue: &[Category]) -> Result<(Vec<String>, Priority), String> {
    let mut found: Vec<&Category> = Vec::new();
    for code in codes {
        let c = catalogue
            .iter()
            .find(|c| &c.code == code)
            .ok_or_else(|| format!("'{code}' is not a category in this catalogue"))?;
        if found.iter().any(|f| f.code == c.code) {
            return Err(format!("'{code}' is listed twice"));
        }
        found.push(c);
    }
    if found.is_empty() {
        return Err("choose at least one category".into());
    }
    found.sort_by_key(|c| c.priority); // stable: ties keep the order given
    let priority = found[0].priority;
    Ok((found.into_iter().map(|c| c.code.clone()).collect(), priority))
}

#[cfg(test)]
mod tests {
    #[test]
    fn ranking_puts_the_primary_first_and_refuses_unknown_codes() {
        let cat = default_catalogue();
        let (codes, p) = rank(&["litter".into(), "harassment".into()], &cat).unwrap();
        assert_eq!(codes, vec!["harassment".to_string(), "litter".to_string()]);
        assert_eq!(p, Priority(1));
        assert!(rank(&["karaoke".into()], &cat).unwrap_err().contains("'karaoke'"));
        assert!(rank(&[], &cat).is_err());
    }

    use super::*;

    #[test]
    fn the_primary_category_is_the_most_urgent() {
        let cat = default_catalogue();
        let codes = vec!["noise".to_string(), "verbal_abuse".to_string(), "litter".to_string()];
        assert_eq!(primary(&codes, &cat).unwrap().code, "verbal_abuse");
    }

    #[test]
    fn codes_are_unique() {
        let cat = default_catalogue();
        let mut codes: Vec<_> = cat.iter().map(|c| &c.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), cat.len());
    }
}
