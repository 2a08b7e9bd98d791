//! The working parts of a case as the case page shows them: the action plan, interventions
//! with their breaches, evidence and whether it has been reviewed, and costs.
use crate::view::when;
use asbcase_domain::case::Case;
use asbcase_domain::casework::{EvidenceKind, pounds};
use asbcase_domain::intervention::InterventionKind;
use asbcase_domain::time::human_date;
use jiff::civil::Date;
use std::collections::HashMap;

pub struct ActionView {
    pub id: String,
    pub what: String,
    pub owner: String,
    pub due: String,
    pub overdue: bool,
    pub done: Option<String>,
}

pub struct InterventionView {
    pub id: String,
    pub kind: &'static str,
    pub who: String,
    pub dates: String,
    pub state: String,
    pub breaches: Vec<String>,
    /// An order (a breach can be recorded against it, dated while it was in force).
    pub order: bool,
    pub mediation: bool,
    pub extendable: bool,
}

pub struct EvidenceItemView {
    pub seq: i64,
    pub kind: &'static str,
    pub summary: String,
    pub added: String,
    /// "Reviewed by Priya Shah, 3 March 2026 at 2:05pm", or empty when not yet.
    pub reviewed: String,
    /// Where a file can be downloaded.
    pub href: Option<String>,
}

pub struct WorkView {
    pub actions: Vec<ActionView>,
    pub interventions: Vec<InterventionView>,
    pub evidence: Vec<EvidenceItemView>,
    pub unreviewed: usize,
    pub time: String,
    pub spend: String,
}

/// `files` maps the event that added a file to its download address; `parties` and `staff`
/// name people.
pub fn work_view(
    case: &Case,
    today: Date,
    files: &HashMap<i64, String>,
    parties: &HashMap<asbcase_domain::ids::PartyId, String>,
    staff: &HashMap<asbcase_domain::UserId, String>,
) -> WorkView {
    let w = &case.casework;
    let staff_name = |id: Option<asbcase_domain::UserId>| {
        id.and_then(|u| staff.get(&u).cloned()).unwrap_or_else(|| "a member of staff".into())
    };
    WorkView {
        actions: w
            .actions
            .iter()
            .map(|a| ActionView {
                id: a.id.to_string(),
                what: a.what.clone(),
                owner: a.owner.clone(),
                due: human_date(a.due),
                overdue: a.done_at.is_none() && a.due < today,
                done: a.done_at.map(when),
            })
            .collect(),
        interventions: w
            .interventions
            .iter()
            .map(|i| InterventionView {
                id: i.id.to_string(),
                kind: i.kind.label(),
                who: i.party.and_then(|p| parties.get(&p).cloned()).unwrap_or_else(|| "No one named".into()),
                dates: match i.ends {
                    Some(e) => format!("{} to {}", human_date(i.on), human_date(e)),
                    None => human_date(i.on),
                },
                state: match (i.mediation, i.in_force(today), i.kind.is_order()) {
                    (Some(m), _, _) => m.label().to_string(),
                    (None, true, _) => "In force".into(),
                    (None, false, true) if i.ends.is_some_and(|e| e < today) => "Ended".into(),
                    _ => String::new(),
                },
                breaches: i.breaches.iter().map(|b| format!("{}: {}", human_date(b.on), b.note)).collect(),
                order: i.kind.is_order(),
                mediation: i.mediation.is_some_and(|m| {
                    matches!(
                        m,
                        asbcase_domain::intervention::MediationStage::Offered
                            | asbcase_domain::intervention::MediationStage::Accepted
                    )
                }),
                extendable: i.kind == InterventionKind::ClosureOrder && i.in_force(today),
            })
            .collect(),
        evidence: w
            .evidence
            .iter()
            .map(|e| EvidenceItemView {
                seq: e.seq,
                kind: e.kind.label(),
                summary: e.summary.clone(),
                added: when(e.added_at),
                reviewed: match e.reviewed_at {
                    Some(at) => format!("Reviewed by {}, {}", staff_name(e.reviewed_by), when(at)),
                    None => String::new(),
                },
                href: (e.kind == EvidenceKind::File).then(|| files.get(&e.seq).cloned()).flatten(),
            })
            .collect(),
        unreviewed: w.unreviewed(),
        time: format!("{} h {:02} min", w.costs.minutes / 60, w.costs.minutes % 60),
        spend: pounds(w.costs.spend),
    }
}
