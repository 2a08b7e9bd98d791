//! Open311 GeoReport v2 as far as it is a rule of the service: which attributes a service asks
//! (the risk questionnaire, in Open311's terms), how a partner's answers become a report, and
//! what a partner is told as the case moves on (FixMyStreet's richer statuses). Formats and
//! HTTP live in the web crate.
use crate::case::{ClosureOutcome, HateStrand, Status};
use crate::event::Change;
use crate::questionnaire::{Answers, HATE_KEY, Questionnaire};
use crate::report::{FREQUENCIES, SHORT_MAX};
use serde::{Deserialize, Serialize};

/// Attribute codes besides the questionnaire's.
pub const HATE_STRANDS: &str = "hate_strands";
pub const HOW_OFTEN: &str = "how_often";
pub const HAPPENING_NOW: &str = "happening_now";
pub const ABOUT: &str = "person_complained_about";
pub const EXTERNAL_ID: &str = "external_id";

/// Longest external id a partner may send.
pub const EXTERNAL_ID_MAX: usize = 100;

/// One attribute of a service definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeDef {
    pub code: String,
    /// `string`, `text`, `singlevaluelist` or `multivaluelist`.
    pub datatype: &'static str,
    pub required: bool,
    pub description: String,
    pub datatype_description: String,
    pub order: usize,
    /// (key, name) for list types.
    pub values: Vec<(String, String)>,
}

fn yes_no() -> Vec<(String, String)> {
    vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())]
}

/// The attributes every ASB service asks: each risk question (required, so a partner's report
/// is scored like any other), then what helps triage.
pub fn attributes(q: &Questionnaire) -> Vec<AttributeDef> {
    let mut out: Vec<AttributeDef> = q
        .questions
        .iter()
        .map(|question| AttributeDef {
            code: question.key.clone(),
            datatype: "singlevaluelist",
            required: true,
            description: question.text.clone(),
            datatype_description: question.hint.clone(),
            order: 0,
            values: yes_no(),
        })
        .collect();
    out.push(AttributeDef {
        code: HATE_STRANDS.into(),
        datatype: "multivaluelist",
        required: false,
        description: "If it is happening because of who they are: what about them".into(),
        datatype_description: format!("Only read when {HATE_KEY} is yes."),
        order: 0,
        values: HateStrand::ALL.iter().map(|h| (h.as_str().to_string(), h.label().to_string())).collect(),
    });
    out.push(AttributeDef {
        code: HOW_OFTEN.into(),
        datatype: "singlevaluelist",
        required: false,
        description: "How often it happens".into(),
        datatype_description: String::new(),
        order: 0,
        values: FREQUENCIES.iter().map(|(k, n)| (k.to_string(), n.to_string())).collect(),
    });
    out.push(AttributeDef {
        code: HAPPENING_NOW.into(),
        datatype: "singlevaluelist",
        required: false,
        description: "Is it happening now?".into(),
        datatype_description: String::new(),
        order: 0,
        values: yes_no(),
    });
    out.push(AttributeDef {
        code: ABOUT.into(),
        datatype: "string",
        required: false,
        description: "Name or description of the person or people it is about, if known".into(),
        datatype_description: format!("Up to {SHORT_MAX} characters."),
        order: 0,
        values: vec![],
    });
    out.push(AttributeDef {
        code: EXTERNAL_ID.into(),
        datatype: "string",
        required: false,
        description: "Your system's id for this report".into(),
        datatype_description: format!(
            "Up to {EXTERNAL_ID_MAX} characters. Sending the same id again returns the first request instead of making a second."
        ),
        order: 0,
        values: vec![],
    });
    for (i, a) in out.iter_mut().enumerate() {
        a.order = i + 1;
    }
    out
}

/// What a partner said through the attributes, read and checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Submitted {
    pub answers: Answers,
    pub how_often: String,
    pub happening_now: Option<bool>,
    pub about: Option<String>,
    pub external_id: Option<String>,
}

/// Read `attribute[code]` values (a multivaluelist may repeat its code) against the
/// definition. Every problem is reported, each naming the attribute.
pub fn read_attributes(q: &Questionnaire, given: &[(String, String)]) -> Result<Submitted, Vec<String>> {
    let defs = attributes(q);
    let mut problems = vec![];
    for (code, _) in given {
        if !defs.iter().any(|d| &d.code == code) {
            problems.push(format!("attribute[{code}] is not an attribute of this service"));
        }
    }
    let values = |code: &str| given.iter().filter(|(c, _)| c == code).map(|(_, v)| v.trim()).collect::<Vec<_>>();
    let mut out = Submitted::default();
    for def in &defs {
        let vs = values(&def.code);
        if def.datatype != "multivaluelist" && vs.len() > 1 {
            problems.push(format!("attribute[{}] was given more than once", def.code));
            continue;
        }
        let one = vs.first().copied().filter(|v| !v.is_empty());
        if def.required && one.is_none() {
            problems.push(format!("attribute[{}] is required: {}", def.code, def.description));
            continue;
        }
        for v in vs.iter().filter(|v| !v.is_empty()) {
            if !def.values.is_empty() && !def.values.iter().any(|(k, _)| k == v) {
                let keys = def.values.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", ");
                problems.push(format!("attribute[{}] must be one of: {keys} (got '{v}')", def.code));
            }
        }
        if q.question(&def.code).is_some() {
            if one == Some("yes") {
                out.answers.yes.push(def.code.clone());
            }
            continue;
        }
        match def.code.as_str() {
            HATE_STRANDS => {
                for s in vs.iter().filter_map(|v| HateStrand::parse(v)) {
                    if !out.answers.hate_strands.contains(&s) {
                        out.answers.hate_strands.push(s);
                    }
                }
            }
            HOW_OFTEN => out.how_often = one.unwrap_or_default().to_string(),
            HAPPENING_NOW => out.happening_now = one.map(|v| v == "yes"),
            ABOUT => match one {
                Some(a) if a.chars().count() > SHORT_MAX => {
                    problems.push(format!("attribute[{ABOUT}] must be {SHORT_MAX} characters or fewer"))
                }
                a => out.about = a.map(str::to_string),
            },
            EXTERNAL_ID => match one {
                Some(e) if e.chars().count() > EXTERNAL_ID_MAX => {
                    problems.push(format!("attribute[{EXTERNAL_ID}] must be {EXTERNAL_ID_MAX} characters or fewer"))
                }
                e => out.external_id = e.map(str::to_string),
            },
            _ => {}
        }
    }
    if !out.answers.yes.iter().any(|k| k == HATE_KEY) {
        out.answers.hate_strands.clear();
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// GeoReport's two statuses.
pub fn request_status(status: Status) -> &'static str {
    if status == Status::Closed { "closed" } else { "open" }
}

crate::contact::word_enum!(
    /// FixMyStreet's statuses for an update, beyond open and closed.
    UpdateStatus {
        Open => "OPEN", "Open",
        Investigating => "INVESTIGATING", "Investigating",
        InProgress => "IN_PROGRESS", "In progress",
        Fixed => "FIXED", "Fixed",
        Duplicate => "DUPLICATE", "Duplicate",
        InternalReferral => "INTERNAL_REFERRAL", "Internal referral",
        NoFurtherAction => "NO_FURTHER_ACTION", "No further action",
        NotCouncilsResponsibility => "NOT_COUNCILS_RESPONSIBILITY", "Not the council's responsibility",
        Closed => "CLOSED", "Closed",
    }
);

/// What a partner is told when a case changes, if anything: a status and words safe to show
/// the public (never names, descriptions or notes). Other changes are internal.
pub fn update_for(change: &Change) -> Option<(UpdateStatus, String)> {
    match change {
        Change::Triaged { .. } => {
            Some((UpdateStatus::Investigating, "The anti-social behaviour team is assessing this report.".into()))
        }
        Change::Opened => {
            Some((UpdateStatus::InProgress, "A case has been opened and an officer is dealing with it.".into()))
        }
        Change::Closed { outcome, .. } => {
            let status = match outcome {
                ClosureOutcome::Resolved
                | ClosureOutcome::ResolvedLegalAction
                | ClosureOutcome::ResolvedByOtherAgency => UpdateStatus::Fixed,
                ClosureOutcome::NoFurtherAction | ClosureOutcome::InsufficientEvidence => UpdateStatus::NoFurtherAction,
                ClosureOutcome::NotAsb | ClosureOutcome::Diverted => UpdateStatus::NotCouncilsResponsibility,
                ClosureOutcome::ReferredElsewhere => UpdateStatus::InternalReferral,
                ClosureOutcome::Linked => UpdateStatus::Duplicate,
                ClosureOutcome::ComplainantWithdrew | ClosureOutcome::NoContact | ClosureOutcome::MovedAway => {
                    UpdateStatus::Closed
                }
            };
            // Partners may publish updates beside the place: nothing that could identify anyone
            // (who moved, who went to court) is said, only a neutral sentence per status.
            let words = match status {
                UpdateStatus::Fixed => "The case has been closed and the problem has been dealt with.",
                UpdateStatus::InternalReferral => "The case has been closed and passed to another service.",
                _ => "The case has been closed.",
            };
            Some((status, words.to_string()))
        }
        Change::Reopened { .. } => Some((UpdateStatus::Open, "The case has been reopened.".into())),
        Change::Diverted { .. } => Some((
            UpdateStatus::NotCouncilsResponsibility,
            "This is not being dealt with as anti-social behaviour; advice has been given.".into(),
        )),
        Change::Linked { .. } => Some((
            UpdateStatus::Duplicate,
            "This report has been joined to an existing case about the same matter.".into(),
        )),
        Change::Referred { .. } => Some((
            UpdateStatus::InternalReferral,
            "This report has been passed to another organisation of the partnership.".into(),
        )),
        _ => None,
    }
}

/// Event kinds that can produce an update, for the store to filter on.
pub const UPDATE_KINDS: [&str; 7] = ["triaged", "opened", "closed", "reopened", "diverted", "linked", "referred"];

/// A new key for a partner's system: (what to give the partner once, what to keep). 32 random
/// bytes as hex; only its hash ([`key_hash`]) is kept.
pub fn new_key() -> (String, String) {
    let key = hex::encode(rand::random::<[u8; 32]>());
    let hash = key_hash(&key);
    (key, hash)
}

/// How a partner's api_key is stored and looked up: its SHA-256, in hex.
pub fn key_hash(key: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// The jurisdiction id of a partnership: its name in lower case, words joined by hyphens
/// ("Ashford Vale Community Safety Partnership" → "ashford-vale-community-safety-partnership").
pub fn jurisdiction_id(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_long_random_and_kept_only_as_its_hash() {
        let (a, hash) = new_key();
        let (b, _) = new_key();
        assert!(a.len() == 64 && a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_eq!(key_hash(&a), hash);
        assert_ne!(hash, a);
    }

    fn all_no(q: &Questionnaire) -> Vec<(String, String)> {
        q.questions.iter().map(|x| (x.key.clone(), "no".to_string())).collect()
    }

    #[test]
    fn every_question_is_a_required_yes_no_attribute() {
        let q = Questionnaire::default_set();
        let defs = attributes(&q);
        for question in &q.questions {
            let d = defs.iter().find(|d| d.code == question.key).unwrap();
            assert!(d.required);
            assert_eq!(d.datatype, "singlevaluelist");
        }
        let orders: Vec<usize> = defs.iter().map(|d| d.order).collect();
        assert_eq!(orders, (1..=defs.len()).collect::<Vec<_>>());
    }

    #[test]
    fn a_partner_who_answers_everything_gets_the_same_answers_as_the_web_form() {
        let q = Questionnaire::default_set();
        let mut given = all_no(&q);
        given.retain(|(k, _)| k != "threats_or_violence" && k != HATE_KEY);
        given.push(("threats_or_violence".into(), "yes".into()));
        given.push((HATE_KEY.into(), "yes".into()));
        given.push((HATE_STRANDS.into(), "race".into()));
        given.push((HATE_STRANDS.into(), "religion".into()));
        given.push((HOW_OFTEN.into(), "daily".into()));
        given.push((EXTERNAL_ID.into(), "FMS-1234".into()));
        let s = read_attributes(&q, &given).unwrap();
        assert_eq!(s.answers.yes, vec!["threats_or_violence".to_string(), HATE_KEY.to_string()]);
        assert_eq!(s.answers.hate_strands, vec![HateStrand::Race, HateStrand::Religion]);
        assert_eq!(s.how_often, "daily");
        assert_eq!(s.external_id.as_deref(), Some("FMS-1234"));
        assert_eq!(q.assess(&s.answers).band, crate::risk::RiskBand::High);
    }

    #[test]
    fn missing_unknown_and_wrong_values_are_each_named() {
        let q = Questionnaire::default_set();
        let mut given = all_no(&q);
        given.retain(|(k, _)| k != "feels_unsafe");
        given.push(("colour".into(), "red".into()));
        given.push((HOW_OFTEN.into(), "hourly".into()));
        let problems = read_attributes(&q, &given).unwrap_err();
        assert!(problems.iter().any(|p| p.starts_with("attribute[feels_unsafe] is required")), "{problems:?}");
        assert!(problems.iter().any(|p| p == "attribute[colour] is not an attribute of this service"));
        assert!(problems.iter().any(|p| p.starts_with("attribute[how_often] must be one of") && p.contains("hourly")));
    }

    #[test]
    fn strands_without_a_yes_to_the_hate_question_are_dropped() {
        let q = Questionnaire::default_set();
        let mut given = all_no(&q);
        given.push((HATE_STRANDS.into(), "race".into()));
        assert!(read_attributes(&q, &given).unwrap().answers.hate_strands.is_empty());
    }

    #[test]
    fn partners_hear_of_progress_but_not_of_notes() {
        assert_eq!(update_for(&Change::Opened).unwrap().0, UpdateStatus::InProgress);
        let closed = Change::Closed {
            outcome: ClosureOutcome::Resolved,
            summary: "Mr X moved out".into(),
            survey: false,
            open_actions_confirmed: false,
        };
        let (status, words) = update_for(&closed).unwrap();
        assert_eq!(status, UpdateStatus::Fixed);
        assert!(!words.contains("Mr X"));
        assert_eq!(update_for(&Change::NoteAdded { text: "private".into() }), None);
    }

    #[test]
    fn jurisdiction_ids_are_lower_case_words_joined_by_hyphens() {
        assert_eq!(
            jurisdiction_id("Ashford Vale  Community Safety Partnership"),
            "ashford-vale-community-safety-partnership"
        );
        assert_eq!(jurisdiction_id("St. Helen's & District"), "st-helen-s-district");
    }
}
