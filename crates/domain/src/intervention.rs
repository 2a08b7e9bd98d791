//! The ladder of interventions, from advice to possession, and the statutory limits the
//! orders carry (ASB, Crime and Policing Act 2014). Each is recorded with its date; orders
//! carry start and end dates and can be breached.
use crate::contact::word_enum;
use crate::ids::PartyId;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

word_enum!(
    /// A step on the ladder.
    InterventionKind {
        AdviceLetter => "advice_letter", "Advice or letter",
        FirstWarning => "first_warning", "First warning letter",
        SecondWarning => "second_warning", "Second warning letter",
        FinalWarning => "final_warning", "Final warning letter",
        Mediation => "mediation", "Mediation",
        RestorativeApproach => "restorative_approach", "Restorative approach",
        SupportReferral => "support_referral", "Support referral",
        AcceptableBehaviourAgreement => "acceptable_behaviour_agreement", "Acceptable Behaviour Agreement",
        CommunityProtectionWarning => "community_protection_warning", "Community Protection Warning",
        CommunityProtectionNotice => "community_protection_notice", "Community Protection Notice",
        CivilInjunction => "civil_injunction", "Civil injunction",
        CriminalBehaviourOrder => "criminal_behaviour_order", "Criminal Behaviour Order",
        DispersalDirection => "dispersal_direction", "Dispersal direction",
        ClosureNotice => "closure_notice", "Closure notice",
        ClosureOrder => "closure_order", "Closure order",
        Possession => "possession", "Possession proceedings",
    }
);

impl InterventionKind {
    /// Orders and agreements run from a start to an end date and can be breached.
    pub fn is_order(self) -> bool {
        use InterventionKind::*;
        matches!(
            self,
            AcceptableBehaviourAgreement
                | CommunityProtectionNotice
                | CivilInjunction
                | CriminalBehaviourOrder
                | DispersalDirection
                | ClosureNotice
                | ClosureOrder
        )
    }

    /// Orders whose last day must be given (statute limits how long they last). Others, such as
    /// a Community Protection Notice, a Criminal Behaviour Order or an injunction, may run until
    /// further order.
    pub fn needs_end(self) -> bool {
        use InterventionKind::*;
        matches!(self, DispersalDirection | ClosureNotice | ClosureOrder)
    }

    /// Directed at a person, so the person must be named (an injunction may instead be
    /// against persons unknown; dispersal, closure and possession are about a place or tenancy).
    pub fn needs_person(self) -> bool {
        use InterventionKind::*;
        matches!(
            self,
            FirstWarning
                | SecondWarning
                | FinalWarning
                | SupportReferral
                | AcceptableBehaviourAgreement
                | CommunityProtectionWarning
                | CommunityProtectionNotice
                | CriminalBehaviourOrder
        )
    }
}

word_enum!(MediationStage {
    Offered => "offered", "Offered",
    Accepted => "accepted", "Accepted",
    Declined => "declined", "Declined",
    Completed => "completed", "Completed",
});

word_enum!(
    /// Who a support referral is for: support is offered to both sides.
    SupportFor {
        Complainant => "complainant", "The complainant",
        PersonComplainedAbout => "person_complained_about", "The person complained about",
    }
);

word_enum!(SupportNeed {
    Homelessness => "homelessness", "Homelessness",
    MentalHealth => "mental_health", "Mental health",
    SubstanceMisuse => "substance_misuse", "Drugs or alcohol",
    DomesticAbuse => "domestic_abuse", "Domestic abuse",
    Debt => "debt", "Money and debt",
    SocialCare => "social_care", "Social care",
    Victim => "victim_support", "Victim support",
    Other => "other", "Other support",
});

word_enum!(
    /// The five conditions of the absolute ground for possession (Housing Act 1985 s.84A,
    /// Housing Act 1988 Sch 2 ground 7A), one of which must be chosen.
    AbsoluteGround {
        SeriousOffence => "serious_offence", "Convicted of a serious offence",
        InjunctionBreach => "injunction_breach", "Breach of a civil injunction proved",
        CboBreach => "cbo_breach", "Convicted of breaching a Criminal Behaviour Order",
        ClosureOrder => "closure_order", "Closure order in force for more than 48 hours",
        NoiseAbatement => "noise_abatement", "Convicted of breaching a noise abatement notice or order",
    }
);

/// What an injunction covers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InjunctionTerms {
    pub persons_unknown: bool,
    pub power_of_arrest: bool,
    pub exclusion: bool,
}

/// A breach of an order, on the day it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breach {
    pub on: Date,
    pub note: String,
}

/// One intervention as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intervention {
    pub id: uuid::Uuid,
    pub kind: InterventionKind,
    /// The party it is directed at or for.
    pub party: Option<PartyId>,
    /// The day it was given, served or made.
    pub on: Date,
    /// Last day in force, for orders.
    pub ends: Option<Date>,
    pub details: String,
    #[serde(default)]
    pub mediation: Option<MediationStage>,
    #[serde(default)]
    pub support: Option<(SupportFor, SupportNeed)>,
    #[serde(default)]
    pub injunction: Option<InjunctionTerms>,
    #[serde(default)]
    pub ground: Option<AbsoluteGround>,
    #[serde(default)]
    pub breaches: Vec<Breach>,
}

impl Intervention {
    /// In force on `day`.
    pub fn in_force(&self, day: Date) -> bool {
        self.kind.is_order() && self.on <= day && self.ends.is_none_or(|e| day <= e)
    }
}

fn invalid<T>(message: impl Into<String>) -> Result<T, String> {
    Err(message.into())
}

/// Whether `new` may be recorded after `earlier` (the case's interventions so far), on `today`.
/// Each refusal says what is wrong and what would make it right.
pub fn check_new(new: &Intervention, earlier: &[Intervention], today: Date) -> Result<(), String> {
    refuse_new(new, earlier, today).map_err(|r| r.message)
}

/// A refusal of a new intervention, and which part of it is at fault (`kind`, `party`, `on`,
/// `ends`, `ground`, `support_for` or `mediation`), so a form can show it beside that field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub about: &'static str,
    pub message: String,
}

/// [`check_new`], saying which part is at fault.
pub fn refuse_new(new: &Intervention, earlier: &[Intervention], today: Date) -> Result<(), Refusal> {
    let no = |about: &'static str, message: String| Err(Refusal { about, message });
    let bad_date = |e: jiff::Error| Refusal { about: "ends", message: e.to_string() };
    use InterventionKind::*;
    let label = new.kind.label();
    if new.on > today {
        return no("on", format!("The date of the {} cannot be in the future", label.to_lowercase()));
    }
    if new.kind.needs_person() && new.party.is_none() {
        return no("party", format!("Choose who the {} is for", label.to_lowercase()));
    }
    if new.kind == CivilInjunction {
        let unknown = new.injunction.as_ref().is_some_and(|t| t.persons_unknown);
        if unknown == new.party.is_some() {
            return no(
                "party",
                "An injunction is against a named person or against persons unknown: choose one".into(),
            );
        }
    }
    if new.kind == CommunityProtectionNotice {
        let warned =
            // The warning must come first, with time to act on it: not the same day.
            earlier.iter().any(|i| i.kind == CommunityProtectionWarning && i.party == new.party && i.on < new.on);
        if !warned {
            return no(
                "party",
                "A Community Protection Notice needs a written Community Protection Warning to the same person first"
                    .into(),
            );
        }
    }
    if new.kind == Possession && new.ground.is_none() {
        return no("ground", "Choose which condition of the absolute ground for possession is met".into());
    }
    if new.kind == SupportReferral && new.support.is_none() {
        return no("support_for", "Choose who the support is for and what it is".into());
    }
    if new.kind == Mediation && new.mediation.is_none() {
        return no("mediation", "Say where mediation is: offered, accepted, declined or completed".into());
    }
    match (new.kind.is_order(), new.ends) {
        (true, None) if new.kind.needs_end() => {
            return no("ends", format!("Enter the last day the {} is in force", label.to_lowercase()));
        }
        (false, Some(_)) => return no("ends", format!("A {} has no end date", label.to_lowercase())),
        (true, Some(end)) if end < new.on => {
            return no("ends", "The end date must be on or after the start date".into());
        }
        _ => {}
    }
    let longest = |days: i64| new.on.checked_add(days.days()).map_err(bad_date);
    match (new.kind, new.ends) {
        (DispersalDirection, Some(end)) if end > longest(2)? => {
            return no("ends", "A dispersal direction lasts at most 48 hours".into());
        }
        (ClosureNotice, Some(end)) if end > longest(2)? => {
            return no("ends", "A closure notice lasts at most 24 hours, or 48 hours if extended".into());
        }
        (ClosureOrder, Some(end)) => {
            // The notice this order follows: the latest served on or before the order.
            let notice = earlier.iter().filter(|i| i.kind == ClosureNotice && i.on <= new.on).max_by_key(|i| i.on);
            match notice {
                None => return no("kind", "A closure order needs a closure notice first".into()),
                Some(n) if new.on > n.on.checked_add(2.days()).map_err(bad_date)? => {
                    return no(
                        "on",
                        format!(
                            "The court must hear a closure order within 48 hours of the notice (served {})",
                            crate::time::human_date(n.on)
                        ),
                    );
                }
                _ => {}
            }
            if end > new.on.checked_add(3.months()).map_err(bad_date)? {
                return no("ends", "A closure order lasts at most 3 months (it can be extended to 6 in all)".into());
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether a breach on `on` can be recorded against `order`.
pub fn check_breach(order: &Intervention, on: Date, today: Date) -> Result<(), String> {
    if !order.kind.is_order() {
        return invalid(format!("A {} is not an order: it cannot be breached", order.kind.label().to_lowercase()));
    }
    if on > today {
        return invalid("The date of the breach cannot be in the future");
    }
    if on < order.on {
        return invalid(format!("The order did not start until {}", crate::time::human_date(order.on)));
    }
    if let Some(end) = order.ends
        && on > end
    {
        return invalid(format!("The order had expired: it ended on {}", crate::time::human_date(end)));
    }
    Ok(())
}

/// Whether a closure order can be extended to `ends` (6 months in all from when it was made),
/// on `today`: only while it is still in force.
pub fn check_extension(order: &Intervention, ends: Date, today: Date) -> Result<(), String> {
    if order.kind != InterventionKind::ClosureOrder {
        return invalid("Only a closure order is extended here");
    }
    if !order.in_force(today) {
        return invalid("The closure order has ended: it can no longer be extended");
    }
    if order.ends.is_some_and(|e| ends <= e) {
        return invalid("The new end date must be after the current one");
    }
    if ends > order.on.checked_add(6.months()).map_err(|e| e.to_string())? {
        return invalid("A closure order cannot last more than 6 months in all");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn made(kind: InterventionKind, on: Date, ends: Option<Date>, party: Option<PartyId>) -> Intervention {
        Intervention {
            id: uuid::Uuid::new_v4(),
            kind,
            party,
            on,
            ends,
            details: String::new(),
            mediation: None,
            support: None,
            injunction: None,
            ground: None,
            breaches: vec![],
        }
    }

    const TODAY: Date = date(2026, 11, 23);

    #[test]
    fn a_notice_needs_a_warning_to_the_same_person_first() {
        let (a, b) = (Some(PartyId::new()), Some(PartyId::new()));
        let cpn = made(InterventionKind::CommunityProtectionNotice, date(2026, 11, 20), Some(date(2027, 11, 20)), a);
        assert!(check_new(&cpn, &[], TODAY).unwrap_err().contains("Community Protection Warning"));
        let warned_b = made(InterventionKind::CommunityProtectionWarning, date(2026, 11, 1), None, b);
        assert!(check_new(&cpn, std::slice::from_ref(&warned_b), TODAY).is_err(), "a warning to someone else");
        let same_day = made(InterventionKind::CommunityProtectionWarning, date(2026, 11, 20), None, a);
        assert!(check_new(&cpn, std::slice::from_ref(&same_day), TODAY).is_err(), "time to act on the warning first");
        let warned_a = made(InterventionKind::CommunityProtectionWarning, date(2026, 11, 1), None, a);
        assert_eq!(check_new(&cpn, &[warned_b, warned_a], TODAY), Ok(()));
        let open_ended = made(InterventionKind::CriminalBehaviourOrder, date(2026, 11, 20), None, a);
        assert_eq!(check_new(&open_ended, &[], TODAY), Ok(()), "a CBO may run until further order");
    }

    #[test]
    fn closure_powers_keep_to_their_statutory_limits() {
        let notice = made(InterventionKind::ClosureNotice, date(2026, 11, 2), Some(date(2026, 11, 5)), None);
        assert!(check_new(&notice, &[], TODAY).unwrap_err().contains("at most 24 hours"));
        let notice = made(InterventionKind::ClosureNotice, date(2026, 11, 2), Some(date(2026, 11, 3)), None);
        assert_eq!(check_new(&notice, &[], TODAY), Ok(()));
        let order = made(InterventionKind::ClosureOrder, date(2026, 11, 4), Some(date(2027, 2, 4)), None);
        assert!(check_new(&order, &[], TODAY).unwrap_err().contains("needs a closure notice first"));
        assert_eq!(check_new(&order, std::slice::from_ref(&notice), TODAY), Ok(()));
        let late = made(InterventionKind::ClosureOrder, date(2026, 11, 6), Some(date(2027, 1, 6)), None);
        assert!(check_new(&late, std::slice::from_ref(&notice), TODAY).unwrap_err().contains("within 48 hours"));
        let long = made(InterventionKind::ClosureOrder, date(2026, 11, 4), Some(date(2027, 2, 5)), None);
        assert!(check_new(&long, std::slice::from_ref(&notice), TODAY).unwrap_err().contains("at most 3 months"));
        assert_eq!(check_extension(&order, date(2027, 5, 4), TODAY), Ok(()));
        assert!(check_extension(&order, date(2027, 5, 5), TODAY).unwrap_err().contains("6 months"));
        assert!(check_extension(&order, date(2027, 5, 4), date(2027, 3, 1)).unwrap_err().contains("has ended"));
        // A notice served after the order is not the one it follows.
        let later_notice = made(InterventionKind::ClosureNotice, date(2026, 11, 10), Some(date(2026, 11, 11)), None);
        assert!(
            check_new(&order, std::slice::from_ref(&later_notice), TODAY)
                .unwrap_err()
                .contains("needs a closure notice first")
        );
        let dispersal = made(InterventionKind::DispersalDirection, date(2026, 11, 20), Some(date(2026, 11, 23)), None);
        assert!(check_new(&dispersal, &[], TODAY).unwrap_err().contains("48 hours"));
    }

    #[test]
    fn a_breach_must_fall_while_the_order_is_in_force() {
        let order = made(InterventionKind::CivilInjunction, date(2026, 1, 10), Some(date(2026, 7, 10)), None);
        assert_eq!(check_breach(&order, date(2026, 7, 10), TODAY), Ok(()));
        assert!(check_breach(&order, date(2026, 7, 11), TODAY).unwrap_err().contains("The order had expired"));
        assert!(check_breach(&order, date(2026, 1, 9), TODAY).unwrap_err().contains("did not start"));
        let letter = made(InterventionKind::FirstWarning, date(2026, 1, 10), None, Some(PartyId::new()));
        assert!(check_breach(&letter, date(2026, 2, 1), TODAY).unwrap_err().contains("not an order"));
    }

    #[test]
    fn injunctions_name_someone_or_persons_unknown_and_possession_names_its_ground() {
        let mut inj = made(InterventionKind::CivilInjunction, date(2026, 11, 1), Some(date(2027, 5, 1)), None);
        assert!(check_new(&inj, &[], TODAY).unwrap_err().contains("persons unknown"));
        inj.injunction = Some(InjunctionTerms { persons_unknown: true, power_of_arrest: true, exclusion: false });
        assert_eq!(check_new(&inj, &[], TODAY), Ok(()));
        let mut p = made(InterventionKind::Possession, date(2026, 11, 1), None, None);
        assert!(check_new(&p, &[], TODAY).unwrap_err().contains("absolute ground"));
        p.ground = Some(AbsoluteGround::InjunctionBreach);
        assert_eq!(check_new(&p, &[], TODAY), Ok(()));
        let future = made(InterventionKind::AdviceLetter, date(2026, 12, 1), None, None);
        assert!(check_new(&future, &[], TODAY).unwrap_err().contains("cannot be in the future"));
    }
}
