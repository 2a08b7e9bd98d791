//! The demo's steps up the ladder of interventions, as real interventions on the case (so the
//! case pages, worklists and funnels have something to show), in the order officers take them.
use crate::words;
use asbcase_domain::case::Case;
use asbcase_domain::event::Change;
use asbcase_domain::intervention::{Intervention, InterventionKind, MediationStage};
use asbcase_domain::party::PartyRole;
use asbcase_domain::time::london;
use jiff::{Timestamp, ToSpan};
use rand::Rng;

/// The `step`th rung for this case at `at`, or None for a rung that is only a note (a referral
/// to legal services).
pub(crate) fn rung(case: &Case, step: usize, at: Timestamp, rng: &mut impl Rng) -> Option<Change> {
    use InterventionKind::*;
    let kind = match step {
        0 => AdviceLetter,
        1 => FirstWarning,
        2 => Mediation,
        3 => SecondWarning,
        4 => AcceptableBehaviourAgreement,
        5 => FinalWarning,
        6 => CommunityProtectionWarning,
        _ => return None,
    };
    let party = case.parties.iter().find(|p| p.role == PartyRole::PersonComplainedAbout)?.id;
    let on = at.to_zoned(london()).date();
    let ends = (kind == AcceptableBehaviourAgreement).then(|| on.checked_add(6.months()).ok()).flatten();
    Some(Change::InterventionRecorded {
        intervention: Intervention {
            id: uuid::Uuid::from_u128(rng.random()),
            kind,
            party: Some(party),
            on,
            ends,
            details: words::LADDER[step].to_string(),
            mediation: (kind == Mediation).then_some(MediationStage::Offered),
            support: None,
            injunction: None,
            ground: None,
            breaches: vec![],
        },
    })
}
