//! Partners on the case page: who the case is shared with, and the referrals made from it with
//! what became of them (overdue when a partner has not answered in time).
use crate::view::{Tag, when};
use asbcase_domain::OrganisationId;
use asbcase_domain::calendar::Calendar;
use asbcase_domain::case::Case;
use asbcase_domain::ids::PartyId;
use asbcase_domain::partnership::{ReferralStatus, ReferralTo};
use jiff::civil::Date;
use std::collections::HashMap;

pub struct ShareView {
    pub organisation: String,
    pub scope: &'static str,
    pub purpose: String,
    pub since: String,
}

pub struct ReferralView {
    pub id: String,
    pub to: String,
    pub who: String,
    pub reason: String,
    pub status: Tag,
    pub answer: String,
    pub outcome: String,
}

pub struct PartnersView {
    pub shares: Vec<ShareView>,
    pub referrals: Vec<ReferralView>,
}

pub fn status_tag(status: ReferralStatus, overdue: bool) -> Tag {
    let class = match status {
        ReferralStatus::Sent if overdue => "govuk-tag--red",
        ReferralStatus::Sent => "govuk-tag--yellow",
        ReferralStatus::Accepted => "govuk-tag--blue",
        ReferralStatus::Declined => "govuk-tag--grey",
        ReferralStatus::Completed => "govuk-tag--green",
    };
    let text = if overdue { "No answer: overdue" } else { status.label() };
    Tag { text, class }
}

pub fn partners_view(
    case: &Case,
    organisations: &HashMap<OrganisationId, String>,
    parties: &HashMap<PartyId, String>,
    response_days: u32,
    calendar: &Calendar,
    today: Date,
) -> PartnersView {
    let org = |id: &OrganisationId| organisations.get(id).cloned().unwrap_or_else(|| "A partner".into());
    PartnersView {
        shares: case
            .casework
            .shares
            .iter()
            .map(|s| ShareView {
                organisation: org(&s.organisation),
                scope: s.scope.label(),
                purpose: s.purpose.clone(),
                since: when(s.shared_at),
            })
            .collect(),
        referrals: case
            .casework
            .referrals
            .iter()
            .map(|r| {
                let overdue = r.overdue(response_days, calendar, today);
                ReferralView {
                    id: r.id.to_string(),
                    to: match &r.to {
                        ReferralTo::Organisation { id } => org(id),
                        ReferralTo::Service { name, .. } => name.clone(),
                    },
                    who: r.party.and_then(|p| parties.get(&p).cloned()).unwrap_or_else(|| "The case as a whole".into()),
                    reason: r.reason.clone(),
                    status: status_tag(r.status, overdue),
                    answer: r.answer.clone().unwrap_or_default(),
                    outcome: r.outcome.clone().unwrap_or_default(),
                }
            })
            .collect(),
    }
}
