//! Names and sentences the demo is written with. Everything here is fictional; the wording is
//! neutral ("complainant", "person complained about"), as the service itself must be.
use asbcase_domain::case::{ClosureOutcome, HateStrand};

mod contacts;
mod names;

pub(crate) use contacts::*;
pub(crate) use names::*;

/// What a kind of behaviour looks like in reports, contacts and closing summaries.
pub(crate) struct Theme {
    pub code: &'static str,
    /// How often it is the main thing reported, relative to the others.
    pub weight: u32,
    /// A short phrase for the behaviour: "the noise", "the drug activity".
    pub issue: &'static str,
    /// How likely the person complained about is known by name.
    pub named: f64,
    /// Whether it happens at or next to the complainant's home (else in a public or shared place).
    pub at_home: bool,
    /// Categories often ticked with it.
    pub companions: &'static [&'static str],
    /// Opening sentences of a report. Slots: {neighbour} {late} {block} {street} {hood}.
    pub main: &'static [&'static str],
    /// A sentence added when this is a second category.
    pub extra: &'static str,
    /// How an unknown person complained about is described.
    pub unknown: &'static [&'static str],
}

const YOUNG_GROUP: &str = "A group of five or six young people, aged about 14 to 17";
const NOT_KNOWN_HOUSEHOLD: &str = "Occupants of {neighbour} (names not known)";

pub(crate) const THEMES: &[Theme] = &[
    Theme {
        code: "noise",
        weight: 300,
        issue: "the noise",
        named: 0.8,
        at_home: true,
        companions: &["verbal_abuse", "alcohol", "communal_areas", "drugs", "animals"],
        main: &[
            "Loud music and shouting from {neighbour} most nights until {late}; my children cannot sleep.",
            "Banging, stamping and doors slammed at all hours from {neighbour}, often after midnight.",
            "Parties at {neighbour} every weekend with music until {late} and people shouting in the street when they leave.",
            "Music with heavy bass from {neighbour} during the day and late into the night; I work nights and cannot rest.",
            "Drilling and hammering from {neighbour} late in the evening and on Sundays, for weeks now.",
            "Arguments and screaming from {neighbour} several times a week, usually after midnight.",
            "A television or music turned up very loud at {neighbour} until {late}; I can hear every word through the wall.",
        ],
        extra: "There is also loud music late at night.",
        unknown: &[NOT_KNOWN_HOUSEHOLD],
    },
    Theme {
        code: "verbal_abuse",
        weight: 80,
        issue: "the verbal abuse",
        named: 0.6,
        at_home: true,
        companions: &["harassment", "noise", "alcohol"],
        main: &[
            "The neighbour at {neighbour} swears and shouts insults at me whenever I go in or out.",
            "I was called names and sworn at in front of my children when I asked them to turn the music down.",
            "Young people shout abuse at residents going in and out of {block}, especially older people.",
            "Every time I park my car the man from {neighbour} shouts at me and calls me names.",
        ],
        extra: "When I asked them to stop they swore at me.",
        unknown: &[YOUNG_GROUP, "A man in his 30s, often with a woman of a similar age"],
    },
    Theme {
        code: "harassment",
        weight: 80,
        issue: "the harassment",
        named: 0.85,
        at_home: true,
        companions: &["verbal_abuse", "criminal_damage", "violence_threats"],
        main: &[
            "Since I complained about the noise, the people at {neighbour} stare at me, block my path and shout my name.",
            "Someone keeps knocking on my door late at night and leaving notes under it telling me to move out.",
            "I am watched and filmed from {neighbour} whenever I leave the house; it has gone on for months.",
            "The man at {neighbour} follows me to the shops and waits by my car; I no longer go out alone.",
        ],
        extra: "It feels like I am being targeted.",
        unknown: &["Not known; notes are left at night", "A man in his 40s, usually in a dark hooded top"],
    },
    Theme {
        code: "violence_threats",
        weight: 30,
        issue: "the threats",
        named: 0.7,
        at_home: true,
        companions: &["harassment", "verbal_abuse", "criminal_damage"],
        main: &[
            "The man at {neighbour} threatened to smash my car and hurt me if I report him again.",
            "I was pushed on the stairs of {block} and told I would be 'sorted out' if I call anyone.",
            "Threats shouted through my letterbox and a brick thrown at my window last night.",
        ],
        extra: "I was threatened when I complained.",
        unknown: &["Two men in their 20s, one with a shaved head", YOUNG_GROUP],
    },
    Theme {
        code: "drugs",
        weight: 80,
        issue: "the drug activity",
        named: 0.45,
        at_home: false,
        companions: &["communal_areas", "exploitation", "criminal_damage", "noise"],
        main: &[
            "People coming and going from {neighbour} at all hours, staying a few minutes each; I can smell cannabis in my flat.",
            "Drug dealing on the stairs of {block} most evenings; needles left on the landing.",
            "Strong smell of cannabis coming into my home every night from {neighbour}.",
            "Cars pull up on {street} for a few minutes at a time all evening; I think drugs are being sold.",
        ],
        extra: "I often smell cannabis.",
        unknown: &[
            "Visitors to the block, not known to residents",
            "The drivers of cars that stop on {street} in the evenings",
        ],
    },
    Theme {
        code: "communal_areas",
        weight: 70,
        issue: "the problems in the communal areas",
        named: 0.2,
        at_home: false,
        companions: &["litter", "drugs", "alcohol", "noise"],
        main: &[
            "Young people gather in the stairwell of {block} every evening, smoking and leaving cans and rubbish.",
            "The lift and entrance hall at {block} are used as a toilet and people sleep on the landings.",
            "Bikes and rubbish left blocking the fire exit on our landing at {block}, and the door is wedged open at night.",
            "The door entry system at {block} is broken and people who do not live here hang around in the hallway.",
        ],
        extra: "They also leave rubbish on the stairs.",
        unknown: &[YOUNG_GROUP, "People who do not live in {block}"],
    },
    Theme {
        code: "vehicles",
        weight: 55,
        issue: "the nuisance vehicles",
        named: 0.3,
        at_home: false,
        companions: &["noise", "criminal_damage"],
        main: &[
            "Motorbikes ridden at speed across the green and the footpaths by {street} in the evenings.",
            "An abandoned car with no plates has been left in the car park behind {street} for two months.",
            "Cars revving and racing around {hood} late at night; one nearly hit a child last week.",
            "A van is repaired on the street outside {neighbour}; oil on the pavement and engines running late.",
        ],
        extra: "Cars are often parked across my drive.",
        unknown: &["Two young men on off-road motorbikes", "The driver of a black hatchback"],
    },
    Theme {
        code: "litter",
        weight: 55,
        issue: "the fly-tipping",
        named: 0.25,
        at_home: false,
        companions: &["communal_areas", "animals"],
        main: &[
            "Mattresses and bags of rubbish dumped by the bin store at {block} every week.",
            "Someone keeps throwing rubbish from a window at {block} into the shared garden.",
            "Fly-tipping in the alley behind {street}: furniture, builders' waste and black bags.",
        ],
        extra: "Rubbish is left everywhere.",
        unknown: &["Not known; rubbish is dumped at night", "A man with a white van, seen twice"],
    },
    Theme {
        code: "animals",
        weight: 50,
        issue: "the problems with the dog",
        named: 0.85,
        at_home: true,
        companions: &["noise", "litter"],
        main: &[
            "The dog at {neighbour} barks for hours when the owner is out and has gone for people in the shared garden.",
            "Dog mess is left on the landing outside {neighbour} every day and the smell is terrible.",
            "An aggressive dog off its lead on {street}; it bit my dog last week.",
        ],
        extra: "Their dog barks constantly.",
        unknown: &["The owner of a large brown dog, not known by name"],
    },
    Theme {
        code: "criminal_damage",
        weight: 50,
        issue: "the damage",
        named: 0.35,
        at_home: false,
        companions: &["vehicles", "communal_areas", "harassment"],
        main: &[
            "My car tyres were slashed and the windows of the bin store at {block} smashed.",
            "Graffiti sprayed on the garages behind {street} and fences kicked in.",
            "The door entry system at {block} has been broken three times this month.",
        ],
        extra: "My door and fence have been damaged.",
        unknown: &[YOUNG_GROUP, "Not known; the damage happens overnight"],
    },
    Theme {
        code: "alcohol",
        weight: 30,
        issue: "the street drinking",
        named: 0.3,
        at_home: false,
        companions: &["verbal_abuse", "noise", "litter"],
        main: &[
            "A group drinks on the benches by the shops on {street} all day and shouts at people passing.",
            "People who have been drinking at {neighbour} fight in the street at closing time.",
        ],
        extra: "They are usually drunk.",
        unknown: &["A group of adults who drink by the shops on {street}"],
    },
    Theme {
        code: "garden",
        weight: 25,
        issue: "the garden nuisance",
        named: 0.9,
        at_home: true,
        companions: &["litter", "animals"],
        main: &[
            "The garden at {neighbour} is piled with rubbish and attracting rats.",
            "Bonfires of household rubbish in the garden at {neighbour} most weekends; the smoke comes into my home.",
        ],
        extra: "Their garden is full of rubbish.",
        unknown: &[NOT_KNOWN_HOUSEHOLD],
    },
    Theme {
        code: "exploitation",
        weight: 8,
        issue: "the activity at the flat",
        named: 0.7,
        at_home: true,
        companions: &["drugs", "noise"],
        main: &[
            "I think the flat at {neighbour} has been taken over by people from outside the area; the tenant looks frightened and strangers are there day and night.",
        ],
        extra: "I am worried the tenant is being used by others.",
        unknown: &["People from outside the area staying at {neighbour}"],
    },
    Theme {
        code: "domestic_abuse",
        weight: 6,
        issue: "the concerns about the household",
        named: 0.9,
        at_home: true,
        companions: &["noise"],
        main: &["I hear a man shouting and a woman crying at {neighbour} most nights and I am worried for her safety."],
        extra: "I am worried about the woman who lives there.",
        unknown: &[NOT_KNOWN_HOUSEHOLD],
    },
    Theme {
        code: "sexual_acts",
        weight: 5,
        issue: "the activity in the stairwell",
        named: 0.1,
        at_home: false,
        companions: &["communal_areas", "drugs"],
        main: &["People having sex in the stairwell of {block} late at night and leaving condoms on the stairs."],
        extra: "Condoms are left on the stairs.",
        unknown: &["Adults who do not live in {block}"],
    },
    Theme {
        code: "other",
        weight: 12,
        issue: "the behaviour",
        named: 0.4,
        at_home: false,
        companions: &["criminal_damage", "communal_areas"],
        main: &["People climb onto the garage roofs behind {street} and throw things at windows."],
        extra: "Things are thrown at our windows.",
        unknown: &[YOUNG_GROUP],
    },
    Theme {
        code: "hate_related",
        weight: 0, // drawn separately: a report becomes a hate incident first, then this theme
        issue: "the abuse",
        named: 0.55,
        at_home: true,
        companions: &["verbal_abuse", "harassment", "criminal_damage", "violence_threats"],
        main: &[],
        extra: "The abuse is about who I am.",
        unknown: &[YOUNG_GROUP, "A man and a woman in their 50s, not known by name"],
    },
];

pub(crate) fn theme(code: &str) -> &'static Theme {
    THEMES.iter().find(|t| t.code == code).unwrap_or(&THEMES[THEMES.len() - 2])
}

/// How hate incidents are described, by the strand perceived to be targeted.
pub(crate) fn hate_sentence(strand: HateStrand) -> &'static str {
    match strand {
        HateStrand::Race => {
            "Racist abuse shouted at me and my son on the stairs, and we were told to go back to where we came from."
        }
        HateStrand::Religion => {
            "My headscarf was pulled in the street near {block} and people shouted abuse about my religion."
        }
        HateStrand::SexualOrientation => {
            "Homophobic names shouted at me and my partner when we walk past {neighbour}, and someone wrote abuse on our door."
        }
        HateStrand::Disability => {
            "Children from {neighbour} copy the way I walk, call me names because of my disability and knocked my walking frame over."
        }
        HateStrand::TransgenderIdentity => {
            "I am called names every time I leave my flat and someone wrote transphobic graffiti on my door."
        }
    }
}

/// Weighted strands: race is most often reported, then religion, sexual orientation, disability.
pub(crate) const STRANDS: &[(HateStrand, u32)] = &[
    (HateStrand::Race, 50),
    (HateStrand::Religion, 15),
    (HateStrand::SexualOrientation, 15),
    (HateStrand::Disability, 12),
    (HateStrand::TransgenderIdentity, 8),
];

/// How the report affects the complainant; the last few suggest vulnerability.
pub(crate) const IMPACTS: &[&str] = &[
    "It is affecting my sleep and my health.",
    "I feel anxious every time I come home.",
    "I have reported this before and nothing has changed.",
    "My children are scared to play outside.",
    "I am thinking about moving.",
    "I work early shifts and cannot get enough sleep.",
    "My elderly mother lives with me and she is frightened.",
    "I suffer with my mental health and this is making it much worse.",
    "I use a wheelchair and feel trapped in my flat.",
];
/// Impacts from this index on mark the complainant as vulnerable.
pub(crate) const VULNERABLE_IMPACTS_FROM: usize = 7;

pub(crate) const LATE: &[&str] = &["2am", "3am", "4am", "the early hours"];
pub(crate) const FLAT_NEIGHBOURS: &[&str] =
    &["the flat above", "the flat below", "the flat next door", "the flat across the landing"];
pub(crate) const HOUSE_NEIGHBOURS: &[&str] =
    &["the house next door", "the house opposite", "the house behind mine", "the house two doors down"];

/// Steps of the ladder of interventions, in order, when the person complained about is known.
pub(crate) const LADDER: &[&str] = &[
    "Advice letter sent to the person complained about.",
    "First warning letter sent to the person complained about.",
    "Mediation offered to both households.",
    "Second warning letter sent to the person complained about.",
    "Acceptable Behaviour Agreement signed by the person complained about, for six months.",
    "Final warning letter sent to the person complained about.",
    "Community Protection Warning issued to the person complained about.",
    "Case referred to legal services to consider applying for a civil injunction.",
];

/// Notes that fit any case.
pub(crate) const NOTES: &[&str] = &[
    "Diary sheets received: {n} entries over the past two weeks.",
    "Noise app recordings reviewed: loud music clearly audible after midnight on {n} nights.",
    "Checked police incident logs: {n} calls about this address in the last month.",
    "CCTV requested for the area; footage awaited.",
    "Estate walkabout with the police community support officer; no activity seen at the time.",
    "Referred the complainant, with consent, to the local support service for people affected by ASB.",
    "Case reviewed with the team manager; action plan updated.",
    "Neighbours on the same floor sent a letter asking them to report any incidents.",
];

pub(crate) const TRIAGE_NOTES: &[&str] = &[
    "Risk assessment completed over the phone: {band} risk. For the {patch} patch officer.",
    "Report checked: this is ASB, not everyday household noise. {band} risk.",
    "New report; no open case for this address. Risk assessed as {band}.",
    "Triaged: {band} risk; complainant would like a phone call in the evenings.",
];

pub(crate) const RISK_UP: &[&str] = &[
    "Threats made during the latest incident; risk reassessed.",
    "The complainant has disclosed a mental health condition and is not sleeping; risk reassessed.",
    "Incidents are now happening every night and the complainant feels unsafe at home.",
];

pub(crate) const RISK_DOWN: &[&str] = &[
    "No incidents reported for four weeks; risk reassessed.",
    "The person complained about has agreed to support and things have calmed down; risk reassessed.",
];

pub(crate) const REOPEN: &[&str] = &[
    "The complainant reports that {issue} has started again.",
    "New reports from two neighbours about the same address.",
    "The complainant called to say the problems came back within a month of closing.",
];

pub(crate) fn closing_summaries(outcome: ClosureOutcome) -> &'static [&'static str] {
    match outcome {
        ClosureOutcome::Resolved => &[
            "{Issue} stopped after a warning letter and a visit; the complainant is happy for the case to close.",
            "Mediation between the households worked; no further reports for six weeks.",
            "The Acceptable Behaviour Agreement was kept for three months; the complainant is satisfied.",
            "Action plan completed and {issue} has stopped; the complainant agrees to closing the case.",
        ],
        ClosureOutcome::ResolvedLegalAction => &[
            "A civil injunction was granted and has been kept; no further reports since.",
            "Environmental health served a noise abatement notice and the noise stopped.",
            "The police took enforcement action and the reports have stopped.",
        ],
        ClosureOutcome::InsufficientEvidence => &[
            "Not enough evidence to take further action; the complainant was told to report any new incidents straight away.",
        ],
        ClosureOutcome::MovedAway => &[
            "The person complained about has moved away; no further incidents.",
            "The complainant has moved home and asked for the case to close.",
        ],
        ClosureOutcome::ReferredElsewhere => &[
            "Adult social care are supporting the household; referred to them and closed for us.",
            "Assessed as everyday household noise rather than ASB; referred to the environmental health noise team.",
        ],
        ClosureOutcome::ComplainantWithdrew => {
            &["The complainant asked us to close the case as things have settled down."]
        }
        _ => &[
            "No further incidents could be verified after six weeks of diaries and visits; advised the complainant how to report again.",
        ],
    }
}

/// The summary of a case closed because the complainant stopped answering.
pub(crate) const NO_REPLY_CLOSING: &str =
    "No reply after calls, a visit and a letter; closed with a letter explaining how to get back in touch.";

/// How cases end, mostly resolved.
pub(crate) const OUTCOMES: &[(ClosureOutcome, u32)] = &[
    (ClosureOutcome::Resolved, 56),
    (ClosureOutcome::ResolvedLegalAction, 6),
    (ClosureOutcome::NoFurtherAction, 12),
    (ClosureOutcome::InsufficientEvidence, 6),
    (ClosureOutcome::ComplainantWithdrew, 8),
    (ClosureOutcome::MovedAway, 6),
    (ClosureOutcome::ReferredElsewhere, 6),
];

/// Whether a stock sentence fits a case: sentences about noise only where noise is reported,
/// sentences about the person complained about only where that person is known.
pub(crate) fn fits(text: &str, noise: bool, named: bool) -> bool {
    let lower = text.to_lowercase();
    let about_named = ["person complained about", "acceptable behaviour", "mediation between"];
    (noise || !lower.contains("noise")) && (named || !about_named.iter().any(|w| lower.contains(w)))
}

/// Fill the slots of a template. `issue` also fills "{Issue}" with a capital letter.
pub(crate) fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (key, value) in slots {
        if *key == "issue" {
            out = out.replace("{Issue}", &capitalise(value));
        }
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_text() -> Vec<String> {
        let mut all: Vec<String> = vec![];
        for t in THEMES {
            all.extend(t.main.iter().map(|s| s.to_string()));
            all.extend(t.unknown.iter().map(|s| s.to_string()));
            all.push(t.extra.into());
            all.push(t.issue.into());
        }
        for list in [
            FIRST_CONTACT,
            COMPLAINANT_SPOKE,
            COMPLAINANT_ATTEMPT,
            CLOSING_CALL,
            NO_CONTACT_ATTEMPTS,
            PERSON_COMPLAINED_ABOUT_SPOKE,
            PERSON_COMPLAINED_ABOUT_ATTEMPT,
            PARTNER,
            WITNESS,
        ] {
            all.extend(list.iter().map(|(_, _, s)| s.to_string()));
        }
        for list in [LADDER, NOTES, TRIAGE_NOTES, RISK_UP, RISK_DOWN, REOPEN, IMPACTS] {
            all.extend(list.iter().map(|s| s.to_string()));
        }
        for (o, _) in OUTCOMES {
            all.extend(closing_summaries(*o).iter().map(|s| s.to_string()));
        }
        for (s, _) in STRANDS {
            all.push(hate_sentence(*s).into());
        }
        all
    }

    #[test]
    fn the_wording_is_neutral() {
        for text in all_text() {
            let lower = text.to_lowercase();
            assert!(!lower.contains("victim") && !lower.contains("perpetrator"), "{text}");
        }
    }

    #[test]
    fn every_theme_is_a_default_category_and_companions_are_too() {
        let cat = asbcase_domain::category::default_catalogue();
        for t in THEMES {
            assert!(cat.iter().any(|c| c.code == t.code), "{}", t.code);
            for c in t.companions {
                assert!(cat.iter().any(|k| k.code == *c), "{c}");
                assert_ne!(*c, t.code);
            }
            assert!(t.code == "hate_related" || !t.main.is_empty(), "{}", t.code);
        }
    }

    #[test]
    fn every_kind_of_case_has_a_fitting_sentence_of_each_kind() {
        for (noise, named) in [(false, false), (true, false), (false, true), (true, true)] {
            for list in [NOTES, TRIAGE_NOTES, RISK_UP, RISK_DOWN, REOPEN] {
                assert!(list.iter().any(|t| fits(t, noise, named)), "{list:?}");
            }
            assert!(COMPLAINANT_SPOKE.iter().any(|t| fits(t.2, noise, named)));
            for (o, _) in OUTCOMES {
                assert!(
                    closing_summaries(*o).iter().any(|t| fits(t, noise, named) || *o == ClosureOutcome::NotAsb),
                    "{o:?}"
                );
            }
        }
        assert!(!fits("Noise app recordings reviewed", false, true));
        assert!(!fits("Mediation between the households worked", true, false));
    }

    #[test]
    fn slots_are_filled() {
        assert_eq!(
            fill("{Issue} stopped; {issue} gone", &[("issue", "the noise")]),
            "The noise stopped; the noise gone"
        );
    }
}
