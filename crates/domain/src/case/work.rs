//! The rules for a case's working parts (action plan, interventions, evidence, costs): what
//! may be recorded, and how each change moves the case's `casework`.
use super::{Case, CaseError};
use crate::UserId;
use crate::casework::{EvidenceItem, EvidenceKind, PanelEntry};
use crate::event::Change;
use crate::intervention::{self, MediationStage};
use crate::partnership::{self, Answer, Referral, ReferralStatus, ReferralTo, Share};
use crate::time::london;
use jiff::Timestamp;

fn invalid<T>(message: impl Into<String>) -> Result<T, CaseError> {
    Err(CaseError::Invalid(message.into()))
}

fn nonempty(s: &str, what: &str) -> Result<(), CaseError> {
    if s.trim().is_empty() { invalid(format!("enter {what}")) } else { Ok(()) }
}

pub(super) fn check(case: &Case, change: &Change, at: Timestamp) -> Result<(), CaseError> {
    let today = at.to_zoned(london()).date();
    let work = &case.casework;
    let order = |id: &uuid::Uuid| {
        work.intervention(*id).ok_or_else(|| CaseError::Invalid("there is no such intervention on this case".into()))
    };
    match change {
        Change::ActionAdded { action } => {
            nonempty(&action.what, "what the action is")?;
            nonempty(&action.owner, "who will do it")?;
            if work.actions.iter().any(|a| a.id == action.id) {
                return invalid("that action is already on the plan");
            }
            Ok(())
        }
        Change::ActionDone { id } => match work.actions.iter().find(|a| a.id == *id) {
            None => invalid("there is no such action on the plan"),
            Some(a) if a.done_at.is_some() => invalid("that action is already done"),
            Some(_) => Ok(()),
        },
        Change::InterventionRecorded { intervention } => {
            if let Some(p) = intervention.party
                && !case.parties.iter().any(|x| x.id == p)
            {
                return invalid("that person is not a party to this case");
            }
            intervention::check_new(intervention, &work.interventions, today).map_err(CaseError::Invalid)
        }
        Change::MediationUpdated { id, stage, .. } => {
            let m = order(id)?;
            match (m.mediation, stage) {
                (None, _) => invalid("that intervention is not mediation"),
                (Some(MediationStage::Declined | MediationStage::Completed), _) => {
                    invalid("that mediation has ended: record a new offer instead")
                }
                (Some(MediationStage::Accepted), MediationStage::Offered | MediationStage::Accepted) => {
                    invalid("mediation was already accepted: record it as completed or declined")
                }
                _ => Ok(()),
            }
        }
        Change::BreachRecorded { id, breach } => {
            nonempty(&breach.note, "what happened")?;
            intervention::check_breach(order(id)?, breach.on, today).map_err(CaseError::Invalid)
        }
        Change::OrderExtended { id, ends } => {
            intervention::check_extension(order(id)?, *ends, today).map_err(CaseError::Invalid)
        }
        Change::CctvRequested { from, place, period } => {
            nonempty(from, "who holds the footage")?;
            nonempty(place, "where the camera is")?;
            nonempty(period, "the dates and times wanted")
        }
        Change::EvidenceReviewed { seq } => match work.evidence.iter().find(|e| e.seq == *seq) {
            None => invalid("there is no such evidence on this case"),
            Some(e) if e.reviewed_at.is_some() => invalid("that evidence has already been reviewed"),
            Some(_) => Ok(()),
        },
        Change::ComplainantMessage { text, .. } => nonempty(text, "the message"),
        Change::SurveyAnswered { .. } => {
            if case.status != super::Status::Closed || !work.survey_invited {
                return invalid(
                    "the satisfaction survey is only for a closed case whose complainant was invited to it",
                );
            }
            if work.survey.is_some() {
                return invalid("the survey for this case has already been answered");
            }
            Ok(())
        }
        Change::Shared { organisation, scope, purpose } => {
            if *organisation == case.organisation {
                return invalid("choose a partner organisation: this case is already your organisation's");
            }
            nonempty(purpose, "why the case is shared")?;
            match work.share_with(*organisation) {
                Some(s) if s.scope == *scope && s.purpose == purpose.trim() => {
                    invalid("the case is already shared with that organisation in this way")
                }
                _ => Ok(()),
            }
        }
        Change::Unshared { organisation, reason } => {
            if work.share_with(*organisation).is_none() {
                return invalid("the case is not shared with that organisation");
            }
            nonempty(reason, "why sharing stops")
        }
        Change::ReferralMade { .. } if case.status != super::Status::Open => invalid(
            "open the case before referring it: a report still at triage is referred to another organisation from the triage decision",
        ),
        Change::ReferralMade { id, to, party, reason } => {
            if let ReferralTo::Organisation { id: to } = to
                && *to == case.organisation
            {
                return invalid("choose another organisation to refer to");
            }
            if let Some(p) = party
                && !case.parties.iter().any(|x| x.id == *p)
            {
                return invalid("that person is not a party to this case");
            }
            if work.referral(*id).is_some() {
                return invalid("that referral has already been made");
            }
            nonempty(reason, "why you are making the referral")
        }
        Change::ReferralAnswered { id, answer, note } => {
            let r = work.referral(*id).ok_or_else(|| CaseError::Invalid("there is no such referral".into()))?;
            partnership::check_answer(r, *answer, note).map_err(CaseError::Invalid)
        }
        Change::ReferralCompleted { id, outcome } => {
            let r = work.referral(*id).ok_or_else(|| CaseError::Invalid("there is no such referral".into()))?;
            partnership::check_outcome(r, outcome).map_err(CaseError::Invalid)
        }
        Change::PutToPanel { panel, title, reason, .. } => {
            if work.panels.iter().any(|p| p.panel == *panel) {
                return invalid("the case has already been put forward to that panel");
            }
            nonempty(title, "the panel")?;
            nonempty(reason, "why the case is put forward")
        }
        Change::PanelDecided { panel, summary, action } => {
            let Some(entry) = work.panels.iter().find(|p| p.panel == *panel) else {
                return invalid("the case was not put forward to that panel");
            };
            if today < entry.meets_on {
                return invalid(format!(
                    "the panel meets on {}: record what it decided after the meeting",
                    crate::time::human_date(entry.meets_on)
                ));
            }
            nonempty(summary, "what the panel decided")?;
            match action {
                Some(a) => {
                    nonempty(&a.what, "what the action is")?;
                    nonempty(&a.owner, "who will do it")?;
                    if a.due < entry.meets_on {
                        return invalid("the action cannot be due before the panel met");
                    }
                    if work.actions.iter().any(|x| x.id == a.id) {
                        return invalid("that action is already on the plan");
                    }
                    Ok(())
                }
                None => Ok(()),
            }
        }
        Change::Signposted { name, party, .. } => {
            if let Some(p) = party
                && !case.parties.iter().any(|x| x.id == *p)
            {
                return invalid("that person is not a party to this case");
            }
            nonempty(name, "the support service")
        }
        Change::CostRecorded { minutes, spend, what } => {
            if *minutes == 0 && *spend == 0 {
                return invalid("enter the time spent or the money spent");
            }
            if *minutes > 24 * 60 {
                return invalid("record at most 24 hours of officer time at once");
            }
            nonempty(what, "what it was for")
        }
        _ => Ok(()),
    }
}

pub(super) fn apply(case: &mut Case, change: Change, at: Timestamp, seq: i64, actor: Option<UserId>) {
    let work = &mut case.casework;
    let evidence = |kind, summary: String| EvidenceItem {
        seq,
        kind,
        summary,
        added_at: at,
        added_by: actor,
        // An officer's own addition needs no one else's review.
        reviewed_by: None,
        reviewed_at: None,
    };
    match change {
        Change::DiaryEntryAdded { entry } => {
            work.evidence.push(evidence(EvidenceKind::Diary, entry.what_happened.chars().take(120).collect()))
        }
        Change::EvidenceAdded { file } => work.evidence.push(evidence(EvidenceKind::File, file.name)),
        Change::CctvRequested { from, place, .. } => {
            work.evidence.push(evidence(EvidenceKind::Cctv, format!("{place} (from {from})")))
        }
        Change::ComplainantMessage { text, call_back } => {
            let kind = if call_back { EvidenceKind::CallBack } else { EvidenceKind::Message };
            work.evidence.push(evidence(kind, text.chars().take(120).collect()))
        }
        Change::SurveyAnswered { response } => {
            work.survey = Some(response);
            work.survey_invited = false;
        }
        Change::EvidenceReviewed { seq } => {
            if let Some(e) = work.evidence.iter_mut().find(|e| e.seq == seq) {
                e.reviewed_by = actor;
                e.reviewed_at = Some(at);
            }
        }
        Change::ActionAdded { action } => work.actions.push(action),
        Change::ActionDone { id } => {
            if let Some(a) = work.actions.iter_mut().find(|a| a.id == id) {
                a.done_at = Some(at);
            }
        }
        Change::InterventionRecorded { intervention } => work.interventions.push(intervention),
        Change::MediationUpdated { id, stage, .. } => {
            if let Some(m) = work.intervention_mut(id) {
                m.mediation = Some(stage);
            }
        }
        Change::BreachRecorded { id, breach } => {
            if let Some(o) = work.intervention_mut(id) {
                o.breaches.push(breach);
            }
        }
        Change::OrderExtended { id, ends } => {
            if let Some(o) = work.intervention_mut(id) {
                o.ends = Some(ends);
            }
        }
        Change::Shared { organisation, scope, purpose } => {
            work.shares.retain(|s| s.organisation != organisation);
            work.shares.push(Share {
                organisation,
                scope,
                purpose: purpose.trim().to_string(),
                shared_at: at,
                shared_by: actor,
            });
        }
        Change::Unshared { organisation, .. } => work.shares.retain(|s| s.organisation != organisation),
        Change::ReferralMade { id, to, party, reason } => work.referrals.push(Referral {
            id,
            to,
            party,
            reason,
            made_at: at,
            made_by: actor,
            status: ReferralStatus::Sent,
            answer: None,
            answered_at: None,
            answered_by: None,
            outcome: None,
            completed_at: None,
        }),
        Change::ReferralAnswered { id, answer, note } => {
            if let Some(r) = work.referrals.iter_mut().find(|r| r.id == id) {
                r.status = match answer {
                    Answer::Accepted => ReferralStatus::Accepted,
                    Answer::Declined => ReferralStatus::Declined,
                };
                r.answer = Some(note).filter(|n| !n.trim().is_empty());
                r.answered_at = Some(at);
                r.answered_by = actor;
            }
        }
        Change::ReferralCompleted { id, outcome } => {
            if let Some(r) = work.referrals.iter_mut().find(|r| r.id == id) {
                r.status = ReferralStatus::Completed;
                r.outcome = Some(outcome);
                r.completed_at = Some(at);
            }
        }
        Change::PutToPanel { panel, title, meets_on, reason } => {
            work.panels.push(PanelEntry { panel, title, meets_on, reason, decisions: vec![] })
        }
        Change::PanelDecided { panel, summary, action } => {
            if let Some(p) = work.panels.iter_mut().find(|p| p.panel == panel) {
                p.decisions.push(summary);
            }
            work.actions.extend(action);
        }
        Change::CostRecorded { minutes, spend, .. } => {
            work.costs.minutes = work.costs.minutes.saturating_add(minutes);
            work.costs.spend = work.costs.spend.saturating_add(spend);
        }
        _ => {}
    }
}
