//! Making a new version of the risk questionnaire from its settings page: the current version's
//! questions as typed (changed, kept or removed), any new ones, and the scores at which the
//! medium and high bands start. A version once stored is never edited: every save is a new
//! version, and each assessment keeps the version that scored it. Refused with a reason when
//! the result would break the service: bands that overlap or cannot be reached, no questions,
//! or the question that hate incidents are counted from removed.
use crate::questionnaire::{HATE_KEY, Question, Questionnaire};
use crate::report::FieldError;

pub const TEXT_MAX: usize = 300;
pub const HINT_MAX: usize = 500;
pub const WEIGHT_MAX: u32 = 100;
/// Blank rows the page offers for new questions.
pub const NEW_ROWS: usize = 3;

/// One question as typed. `field` names its inputs (`q3` for `q3-text`, `q3-weight`, …);
/// `key` is the existing question's, or empty for a new one.
pub struct TypedQuestion<'a> {
    pub field: String,
    pub key: &'a str,
    pub text: &'a str,
    pub hint: &'a str,
    pub weight: &'a str,
    pub high_on_yes: bool,
    pub remove: bool,
}

impl TypedQuestion<'_> {
    fn is_blank(&self) -> bool {
        self.key.is_empty()
            && self.text.trim().is_empty()
            && self.hint.trim().is_empty()
            && self.weight.trim().is_empty()
    }
}

pub struct Typed<'a> {
    pub questions: Vec<TypedQuestion<'a>>,
    pub medium_from: &'a str,
    pub high_from: &'a str,
}

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two questions ask the same, ignoring case, spacing and punctuation.
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    words(a) == words(b)
}

fn score(s: &str) -> Option<u32> {
    s.trim().parse::<u32>().ok()
}

/// Check `typed` as the next version after `current`. Returns the new questionnaire (its
/// version is `current`'s; the store numbers it) or every problem, by field.
pub fn check(current: &Questionnaire, typed: &Typed) -> Result<Questionnaire, Vec<FieldError>> {
    let mut errors = vec![];
    let mut questions: Vec<Question> = vec![];
    for row in typed.questions.iter().filter(|r| !r.is_blank()) {
        let f = &row.field;
        let existing = if row.key.is_empty() { None } else { current.question(row.key) };
        if !row.key.is_empty() && existing.is_none() {
            errors.push(err(&format!("{f}-text"), "This question is not in the current version: start again from it"));
            continue;
        }
        if row.remove {
            if row.key == HATE_KEY {
                errors.push(err(
                    &format!("{f}-text"),
                    "Keep the question about being targeted for who they are: hate incidents are counted from it",
                ));
            }
            continue;
        }
        let text = tidy(row.text);
        let hint = row.hint.trim().to_string();
        let n = questions.len() + 1;
        if text.is_empty() {
            errors.push(err(&format!("{f}-text"), format!("Enter question {n}'s words, or remove it")));
        } else if text.chars().count() > TEXT_MAX {
            errors.push(err(&format!("{f}-text"), format!("Ask question {n} in {TEXT_MAX} characters or fewer")));
        } else if questions.iter().any(|q| same_words(&q.text, &text)) {
            errors.push(err(&format!("{f}-text"), format!("Question {n} is asked twice: remove one or change it")));
        }
        if hint.chars().count() > HINT_MAX {
            errors
                .push(err(&format!("{f}-hint"), format!("Keep question {n}'s hint to {HINT_MAX} characters or fewer")));
        }
        let weight = match score(row.weight) {
            Some(w) if w <= WEIGHT_MAX => w,
            _ => {
                errors.push(err(
                    &format!("{f}-weight"),
                    format!("Enter question {n}'s score for yes as a whole number from 0 to {WEIGHT_MAX}"),
                ));
                0
            }
        };
        let key = match existing {
            Some(q) => q.key.clone(),
            None => new_key(&text, current, &questions),
        };
        questions.push(Question { key, text, hint, weight, high_on_yes: row.high_on_yes });
    }
    if questions.is_empty() && errors.is_empty() {
        let first = typed.questions.first().map_or("q0".to_string(), |q| q.field.clone());
        errors.push(err(&format!("{first}-text"), "Keep at least one question"));
    }
    // Every question of the current version is on the form, kept or removed: one missing (the
    // form began from an older version) would otherwise be dropped without anyone choosing to.
    for q in &current.questions {
        if !typed.questions.iter().any(|r| r.key == q.key) {
            errors.push(err(
                "version",
                format!(
                    "{} is in version {} but not on this form: start again from version {}",
                    short(&q.text),
                    current.version,
                    current.version
                ),
            ));
        }
    }
    let hate_kept = current.question(HATE_KEY).is_none() || questions.iter().any(|q| q.key == HATE_KEY);
    if errors.is_empty() && !hate_kept {
        errors.push(err(
            "version",
            "Keep the question about being targeted for who they are: hate incidents are counted from it",
        ));
    }
    let medium_from = score(typed.medium_from).filter(|m| *m >= 1);
    let high_from = score(typed.high_from);
    if medium_from.is_none() {
        errors.push(err(
            "medium_from",
            "Enter the score that makes a report medium risk, as a whole number of 1 or more",
        ));
    }
    match (medium_from, high_from) {
        (_, None) => {
            errors.push(err("high_from", "Enter the score that makes a report high risk, as a whole number"));
        }
        (Some(m), Some(h)) if h <= m => errors.push(err(
            "high_from",
            format!("The score for high risk must be more than the score for medium risk ({m}), or the bands overlap"),
        )),
        _ => {}
    }
    let most: u32 = questions.iter().map(|q| q.weight).sum();
    if errors.is_empty() {
        if let Some(m) = medium_from.filter(|m| *m > most) {
            errors.push(err(
                "medium_from",
                format!("No answers could reach medium risk at {m}: the scores for yes add up to {most}"),
            ));
        }
        let forced = questions.iter().any(|q| q.high_on_yes);
        if let Some(h) = high_from.filter(|h| *h > most && !forced) {
            errors.push(err(
                "high_from",
                format!(
                    "No answers could reach high risk at {h}: the scores for yes add up to {most} and no question makes a report high risk on its own"
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let next = Questionnaire {
        version: current.version,
        questions,
        medium_from: medium_from.unwrap_or(1),
        high_from: high_from.unwrap_or(2),
    };
    if next == *current {
        let first = typed.questions.first().map_or("q0".to_string(), |q| q.field.clone());
        return Err(vec![err(
            &format!("{first}-text"),
            format!("Nothing has changed from version {}: change a question or a score first", current.version),
        )]);
    }
    if let Err(problems) = next.check() {
        return Err(problems.into_iter().map(|p| err("version", p)).collect());
    }
    Ok(next)
}

/// A key for a new question, from its words, that no question of the current version or of
/// the new one has (answers are stored by key, so a removed question's key is not reused
/// within a version's life).
fn new_key(text: &str, current: &Questionnaire, new: &[Question]) -> String {
    let mut base = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            base.push(c);
        } else if !base.ends_with('_') && !base.is_empty() {
            base.push('_');
        }
    }
    let short: String = base.chars().take(40).collect();
    let base = match short.trim_end_matches('_') {
        b if b.starts_with(|c: char| c.is_ascii_lowercase()) => b.to_string(),
        b => format!("q_{b}").trim_end_matches('_').to_string(),
    };
    let taken = |k: &str| current.question(k).is_some() || new.iter().any(|q| q.key == k);
    let mut key = base.clone();
    let mut n = 2;
    while taken(&key) {
        key = format!("{base}_{n}");
        n += 1;
    }
    key
}

fn short(text: &str) -> String {
    let words: String = text.chars().take(50).collect();
    if words.len() < text.len() { format!("‘{}…’", words.trim_end()) } else { format!("‘{text}’") }
}

/// In one line, for the history of changes: what the new version changed
/// ("added ‘Does it keep you awake?’ (4); ‘Do you feel unsafe…’: score 3 → 4; medium from 4 → 5").
pub fn describe(before: &Questionnaire, after: &Questionnaire) -> String {
    let mut parts = vec![];
    for q in &after.questions {
        let Some(b) = before.question(&q.key) else {
            let high = if q.high_on_yes { ", high risk on yes" } else { "" };
            parts.push(format!("added {} (score {}{high})", short(&q.text), q.weight));
            continue;
        };
        let mut what = vec![];
        if b.text != q.text {
            what.push("words changed".to_string());
        }
        if b.hint != q.hint {
            what.push("hint changed".to_string());
        }
        if b.weight != q.weight {
            what.push(format!("score {} → {}", b.weight, q.weight));
        }
        if b.high_on_yes != q.high_on_yes {
            what.push(if q.high_on_yes { "now high risk on yes" } else { "no longer high risk on yes" }.to_string());
        }
        if !what.is_empty() {
            parts.push(format!("{}: {}", short(&q.text), what.join(", ")));
        }
    }
    for b in before.questions.iter().filter(|b| after.question(&b.key).is_none()) {
        parts.push(format!("removed {}", short(&b.text)));
    }
    if before.medium_from != after.medium_from {
        parts.push(format!("medium risk from {} → {}", before.medium_from, after.medium_from));
    }
    if before.high_from != after.high_from {
        parts.push(format!("high risk from {} → {}", before.high_from, after.high_from));
    }
    format!("version {}: {}", after.version, parts.join("; "))
}

#[cfg(test)]
mod tests;
