//! The risk assessment questionnaire: versioned data (questions, weights, band cut-offs), not
//! code. The same questionnaire serves the public report and staff intake; every assessment
//! records the version that scored it. Its origin is the Home Office "Focus on the Victim"
//! call-handling trials: find repeat and vulnerable complainants at first contact.
use crate::case::HateStrand;
use crate::risk::RiskBand;
use serde::{Deserialize, Serialize};

/// One yes/no question, in plain words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable key stored with answers: `feels_unsafe`.
    pub key: String,
    /// As asked of a resident: "Do you feel unsafe in or around your home?"
    pub text: String,
    /// Extra words under the question, if any.
    pub hint: String,
    /// Added to the score for "yes".
    pub weight: u32,
    /// A "yes" puts the report in the high band whatever the score (threats, violence).
    pub high_on_yes: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Increases whenever anything changes; a version once used is never edited.
    pub version: u32,
    pub questions: Vec<Question>,
    /// Score at or above which the band is medium.
    pub medium_from: u32,
    /// Score at or above which the band is high.
    pub high_from: u32,
}

/// A resident's or officer's answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    /// Someone is in immediate danger or a crime is happening now.
    pub danger_now: bool,
    /// Keys of the questions answered "yes".
    pub yes: Vec<String>,
    /// Strands, when the behaviour is felt to target who they are.
    pub hate_strands: Vec<HateStrand>,
}

/// The outcome, stored with the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub version: u32,
    pub score: u32,
    pub band: RiskBand,
    pub answers: Answers,
}

/// Key of the question about hostility because of who they are (a hate incident).
pub const HATE_KEY: &str = "targeted_for_who_they_are";

impl Questionnaire {
    /// The default set (version 1).
    pub fn default_set() -> Questionnaire {
        let q = |key: &str, text: &str, hint: &str, weight, high_on_yes| Question {
            key: key.into(),
            text: text.into(),
            hint: hint.into(),
            weight,
            high_on_yes,
        };
        Questionnaire {
            version: 1,
            questions: vec![
                q("feels_unsafe", "Do you feel unsafe in or around your home because of this?", "", 3, false),
                q(
                    "threats_or_violence",
                    "Has anyone threatened you or been violent towards you?",
                    "This includes threats made online or by text message.",
                    5,
                    true,
                ),
                q(
                    "health_or_sleep",
                    "Is it affecting your health, your sleep or your daily life?",
                    "For example, you cannot sleep, feel anxious or avoid going out.",
                    2,
                    false,
                ),
                q(
                    "disability_or_vulnerability",
                    "Do you, or does anyone in your home, have a disability, illness or other reason that makes this harder to cope with?",
                    "This helps us give you the right support. You do not have to tell us the details.",
                    3,
                    false,
                ),
                q(
                    HATE_KEY,
                    "Do you think it is happening because of who you are?",
                    "For example, because of your disability, race, religion, sexual orientation or because you are transgender.",
                    4,
                    false,
                ),
                q("children_in_household", "Are there children living in your home?", "", 1, false),
                q("happened_before", "Has this happened before, or have you reported it before?", "", 2, false),
                q("considering_moving", "Are you thinking about moving home because of this?", "", 2, false),
            ],
            medium_from: 4,
            high_from: 9,
        }
    }

    /// Everything wrong with a questionnaire someone wrote, so it is refused before it is asked.
    pub fn check(&self) -> Result<(), Vec<String>> {
        let mut problems = vec![];
        if self.questions.is_empty() {
            problems.push("there must be at least one question".to_string());
        }
        for (i, q) in self.questions.iter().enumerate() {
            let n = i + 1;
            let key_ok = !q.key.is_empty()
                && q.key.len() <= 60
                && q.key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && q.key.as_bytes()[0].is_ascii_lowercase();
            if !key_ok {
                problems.push(format!(
                    "question {n}: key '{}' must be lower-case letters, digits and underscores, starting with a letter",
                    q.key
                ));
            }
            if self.questions[..i].iter().any(|p| p.key == q.key) {
                problems.push(format!("question {n}: key '{}' is used twice", q.key));
            }
            if q.text.trim().is_empty() {
                problems.push(format!("question {n} ('{}') has no text", q.key));
            } else if q.text.chars().count() > 300 || q.hint.chars().count() > 500 {
                problems.push(format!(
                    "question {n} ('{}'): keep the text under 300 and the hint under 500 characters",
                    q.key
                ));
            }
            if q.weight > 100 {
                problems.push(format!("question {n} ('{}'): weight {} is more than 100", q.key, q.weight));
            }
        }
        if self.medium_from == 0 {
            problems.push("medium_from must be at least 1, or every report would be medium risk".into());
        }
        if self.high_from <= self.medium_from {
            problems
                .push(format!("high_from ({}) must be more than medium_from ({})", self.high_from, self.medium_from));
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// Score and band the answers. Danger now is always an emergency; a hate incident is at
    /// least medium.
    pub fn assess(&self, answers: &Answers) -> Assessment {
        let yes = |q: &Question| answers.yes.iter().any(|k| k == &q.key);
        let score: u32 = self.questions.iter().filter(|q| yes(q)).map(|q| q.weight).sum();
        let forced_high = self.questions.iter().any(|q| q.high_on_yes && yes(q));
        let mut band = if answers.danger_now {
            RiskBand::Emergency
        } else if forced_high || score >= self.high_from {
            RiskBand::High
        } else if score >= self.medium_from {
            RiskBand::Medium
        } else {
            RiskBand::Standard
        };
        let hate = answers.yes.iter().any(|k| k == HATE_KEY) || !answers.hate_strands.is_empty();
        if hate && band < RiskBand::Medium {
            band = RiskBand::Medium;
        }
        Assessment { version: self.version, score, band, answers: answers.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn answers(yes: &[&str]) -> Answers {
        Answers { yes: yes.iter().map(|s| s.to_string()).collect(), ..Answers::default() }
    }

    #[test]
    fn the_default_set_passes_its_own_checks_and_a_careless_edit_does_not() {
        assert_eq!(Questionnaire::default_set().check(), Ok(()));
        let mut q = Questionnaire::default_set();
        q.questions[1].key = "feels_unsafe".into();
        q.questions[2].text = " ".into();
        q.questions[3].key = "Has Spaces".into();
        q.high_from = q.medium_from;
        let problems = q.check().unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("'feels_unsafe' is used twice"));
        assert!(problems[1].contains("has no text"));
        assert!(problems[2].contains("'Has Spaces' must be lower-case"));
        assert!(problems[3].starts_with("high_from (4) must be more than medium_from (4)"));
    }

    #[test]
    fn no_yes_answers_is_standard_risk() {
        let a = Questionnaire::default_set().assess(&answers(&[]));
        assert_eq!((a.score, a.band, a.version), (0, RiskBand::Standard, 1));
    }

    #[test]
    fn scores_add_up_to_medium_and_high() {
        let q = Questionnaire::default_set();
        assert_eq!(q.assess(&answers(&["health_or_sleep", "happened_before"])).band, RiskBand::Medium);
        let high = q.assess(&answers(&[
            "feels_unsafe",
            "disability_or_vulnerability",
            "considering_moving",
            "health_or_sleep",
        ]));
        assert_eq!((high.score, high.band), (10, RiskBand::High));
    }

    #[test]
    fn threats_are_high_risk_on_their_own_and_danger_now_is_an_emergency() {
        let q = Questionnaire::default_set();
        assert_eq!(q.assess(&answers(&["threats_or_violence"])).band, RiskBand::High);
        let mut a = answers(&[]);
        a.danger_now = true;
        assert_eq!(q.assess(&a).band, RiskBand::Emergency);
    }

    #[test]
    fn a_hate_incident_is_never_standard_risk() {
        let q = Questionnaire::default_set();
        assert_eq!(q.assess(&answers(&[HATE_KEY])).band, RiskBand::Medium);
    }

    proptest! {
        #[test]
        fn answering_yes_to_more_never_lowers_the_band(mask in 0u32..256, extra in 0usize..8) {
            let q = Questionnaire::default_set();
            let keys: Vec<&str> = q.questions.iter().map(|x| x.key.as_str()).collect();
            let chosen: Vec<&str> = keys.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, k)| *k).collect();
            let mut more = chosen.clone();
            if !more.contains(&keys[extra]) { more.push(keys[extra]); }
            prop_assert!(q.assess(&answers(&more)).band >= q.assess(&answers(&chosen)).band);
        }
    }
}
