use super::*;

/// The current version as the page shows it, each row unchanged.
fn rows(q: &Questionnaire) -> Vec<(String, String, String, String, bool, bool)> {
    q.questions
        .iter()
        .map(|x| (x.key.clone(), x.text.clone(), x.hint.clone(), x.weight.to_string(), x.high_on_yes, false))
        .collect()
}

fn typed<'a>(rows: &'a [(String, String, String, String, bool, bool)], medium: &'a str, high: &'a str) -> Typed<'a> {
    Typed {
        questions: rows
            .iter()
            .enumerate()
            .map(|(i, r)| TypedQuestion {
                field: format!("q{i}"),
                key: &r.0,
                text: &r.1,
                hint: &r.2,
                weight: &r.3,
                high_on_yes: r.4,
                remove: r.5,
            })
            .collect(),
        medium_from: medium,
        high_from: high,
    }
}

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn a_new_question_gets_a_key_from_its_words_and_the_summary_says_what_changed() {
    let current = Questionnaire::default_set();
    let mut r = rows(&current);
    r[0].3 = "4".into();
    r[5].5 = true; // children in the household
    r.push((String::new(), "  Does it keep you   awake at night? ".into(), String::new(), "2".into(), false, false));
    r.push(Default::default()); // a blank row is ignored
    let next = check(&current, &typed(&r, "5", "9")).unwrap();
    assert_eq!(next.questions.len(), 8);
    let added = next.questions.last().unwrap();
    assert_eq!(
        (added.key.as_str(), added.text.as_str()),
        ("does_it_keep_you_awake_at_night", "Does it keep you awake at night?")
    );
    assert!(next.question("children_in_household").is_none());
    let mut numbered = next.clone();
    numbered.version = 2;
    assert_eq!(
        describe(&current, &numbered),
        "version 2: ‘Do you feel unsafe in or around your home because…’: score 3 → 4; \
         added ‘Does it keep you awake at night?’ (score 2); removed ‘Are there children living in your home?’; \
         medium risk from 4 → 5"
    );
}

#[test]
fn bands_that_overlap_or_cannot_be_reached_are_refused() {
    let current = Questionnaire::default_set();
    let r = rows(&current);
    let e = check(&current, &typed(&r, "6", "6")).unwrap_err();
    assert_eq!(fields(&e), ["high_from"]);
    assert!(e[0].message.contains("or the bands overlap"));
    let e = check(&current, &typed(&r, "0", "x")).unwrap_err();
    assert_eq!(fields(&e), ["medium_from", "high_from"]);
    let e = check(&current, &typed(&r, "23", "30")).unwrap_err();
    assert_eq!(e[0].message, "No answers could reach medium risk at 23: the scores for yes add up to 22");
    // High at 30 is out of reach by score, but threats or violence make a report high on their own.
    assert!(check(&current, &typed(&r, "4", "30")).is_ok());
    let mut none_forced = r.clone();
    none_forced[1].4 = false;
    let e = check(&current, &typed(&none_forced, "4", "30")).unwrap_err();
    assert_eq!(fields(&e), ["high_from"]);
}

#[test]
fn the_hate_question_stays_and_at_least_one_question_is_kept() {
    let current = Questionnaire::default_set();
    let mut r = rows(&current);
    let hate = r.iter().position(|x| x.0 == HATE_KEY).unwrap();
    r[hate].5 = true;
    let e = check(&current, &typed(&r, "4", "9")).unwrap_err();
    assert_eq!(fields(&e), [format!("q{hate}-text").as_str()]);
    // Left off the form altogether (a form from an older version), it is not dropped either.
    let mut missing = rows(&current);
    missing.remove(hate);
    let e = check(&current, &typed(&missing, "4", "9")).unwrap_err();
    assert_eq!(fields(&e), ["version"]);
    assert!(e[0].message.ends_with("is in version 1 but not on this form: start again from version 1"));
    let mut one = Questionnaire::default_set();
    one.questions.retain(|q| q.key == "feels_unsafe");
    let mut r = rows(&one);
    r[0].5 = true;
    let e = check(&one, &typed(&r, "1", "2")).unwrap_err();
    assert_eq!(e[0].message, "Keep at least one question");
}

#[test]
fn each_question_is_checked_by_its_own_field() {
    let current = Questionnaire::default_set();
    let mut r = rows(&current);
    r[0].1 = "   ".into();
    r[1].3 = "lots".into();
    r[2].3 = "101".into();
    r[3].1 = r[4].1.to_uppercase();
    r[6].2 = "x".repeat(HINT_MAX + 1);
    r.push((String::new(), "A new question".into(), String::new(), String::new(), false, false));
    r.push(("no_such_key".into(), "Made up".into(), String::new(), "1".into(), false, false));
    let e = check(&current, &typed(&r, "4", "9")).unwrap_err();
    assert_eq!(fields(&e), ["q0-text", "q1-weight", "q2-weight", "q4-text", "q6-hint", "q8-weight", "q9-text"]);
}

#[test]
fn saving_the_same_version_again_is_refused_and_keys_are_never_reused() {
    let current = Questionnaire::default_set();
    let r = rows(&current);
    let e = check(&current, &typed(&r, "4", "9")).unwrap_err();
    assert_eq!(e[0].message, "Nothing has changed from version 1: change a question or a score first");
    let mut r = rows(&current);
    r[0].5 = true;
    r.push((String::new(), "Feels unsafe".into(), String::new(), "3".into(), false, false));
    r.push((String::new(), "Feels  UNSAFE!".into(), String::new(), "3".into(), false, false));
    let e = check(&current, &typed(&r, "4", "9")).unwrap_err();
    assert_eq!(fields(&e), ["q9-text"], "asked twice");
    r.pop();
    let next = check(&current, &typed(&r, "4", "9")).unwrap();
    assert_eq!(next.questions.last().unwrap().key, "feels_unsafe_2", "the removed question's key is still current's");
    let mut digits = rows(&current);
    digits.push((String::new(), "2 or more people?".into(), String::new(), "1".into(), false, false));
    assert_eq!(check(&current, &typed(&digits, "4", "9")).unwrap().questions[8].key, "q_2_or_more_people");
}
