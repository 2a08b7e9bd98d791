//! What an officer has to do next on the cases they hold, soonest first: first contacts,
//! contacts with the complainant every 10 working days, actions of the plan, orders about to
//! end, and evidence waiting for review.
use crate::case::{Case, Status};
use crate::contact::word_enum;
use crate::time::london;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

/// How far ahead the worklist looks for actions and orders ending.
pub const ACTIONS_AHEAD_DAYS: i64 = 7;
pub const ORDERS_AHEAD_DAYS: i64 = 28;

word_enum!(WorkKind {
    FirstContact => "first_contact", "First contact",
    Contact => "contact", "Contact the complainant",
    Action => "action", "Action due",
    OrderEnding => "order_ending", "Order ends",
    Evidence => "evidence", "Evidence to review",
    Message => "message", "From the complainant",
});

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkItem {
    pub kind: WorkKind,
    /// When it is due (evidence: when it was added).
    pub due: Timestamp,
    pub what: String,
}

/// The end of a London day, as the instant it becomes overdue.
fn end_of(day: Date) -> Option<Timestamp> {
    day.checked_add(1.day()).ok()?.to_zoned(london()).ok().map(|z| z.timestamp())
}

/// The items of one case, on `today`.
pub fn items(case: &Case, today: Date) -> Vec<WorkItem> {
    let mut out = vec![];
    if case.status == Status::Closed {
        return out;
    }
    if let Some(due) = case.next_contact_due {
        let kind = if case.last_successful_contact.is_none() { WorkKind::FirstContact } else { WorkKind::Contact };
        out.push(WorkItem { kind, due, what: kind.label().to_string() });
    }
    let w = &case.casework;
    let horizon = |days: i64| today.checked_add(days.days()).unwrap_or(today);
    for a in w.open_actions().filter(|a| a.due <= horizon(ACTIONS_AHEAD_DAYS)) {
        if let Some(due) = end_of(a.due) {
            out.push(WorkItem { kind: WorkKind::Action, due, what: format!("{} ({})", a.what, a.owner) });
        }
    }
    for o in w.orders_ending(today, horizon(ORDERS_AHEAD_DAYS)) {
        if let Some(due) = o.ends.and_then(end_of) {
            out.push(WorkItem { kind: WorkKind::OrderEnding, due, what: o.kind.label().to_string() });
        }
    }
    for e in w.evidence.iter().filter(|e| e.reviewed_at.is_none()) {
        out.push(WorkItem {
            kind: if e.kind.is_message() { WorkKind::Message } else { WorkKind::Evidence },
            due: e.added_at,
            what: format!("{}: {}", e.kind.label(), e.summary),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Division;
    use crate::case::{Channel, Flags, NewReport, RuleBook};
    use crate::category::Priority;
    use crate::event::Change;
    use crate::location::Location;
    use crate::reference::CaseReference;
    use crate::risk::RiskBand;
    use crate::time::parse;

    #[test]
    fn an_officer_sees_first_contact_then_actions_and_orders_about_to_end() {
        let book = RuleBook::for_division(Division::EnglandAndWales);
        let rules = book.rules();
        let at = parse("2026-11-23T09:00:00Z").unwrap();
        let report = NewReport {
            organisation: crate::OrganisationId::new(),
            channel: Channel::Phone,
            description: "Noise".into(),
            categories: vec!["noise".into()],
            priority: Priority(3),
            risk_band: RiskBand::Standard,
            location: Location::default(),
            flags: Flags::default(),
            patch: None,
            reported_at: at,
            assessment: None,
            details: Default::default(),
        };
        let mut case = Case::report(crate::TenantId::new(), CaseReference::new(2026, 1), report, None, &rules).unwrap();
        let today = jiff::civil::date(2026, 11, 23);
        assert_eq!(items(&case, today).iter().map(|i| i.kind).collect::<Vec<_>>(), [WorkKind::FirstContact]);
        let action = |what: &str, due| crate::casework::Action {
            id: uuid::Uuid::new_v4(),
            what: what.into(),
            owner: "Officer".into(),
            due,
            done_at: None,
        };
        case.record(Change::ActionAdded { action: action("Visit", jiff::civil::date(2026, 11, 25)) }, None, at, &rules)
            .unwrap();
        case.record(Change::ActionAdded { action: action("Review", jiff::civil::date(2027, 1, 25)) }, None, at, &rules)
            .unwrap();
        let kinds: Vec<_> = items(&case, today).iter().map(|i| (i.kind, i.what.clone())).collect();
        assert_eq!(
            kinds,
            [(WorkKind::FirstContact, "First contact".into()), (WorkKind::Action, "Visit (Officer)".into())]
        );
        let visit = &items(&case, today)[1];
        assert_eq!(visit.due, parse("2026-11-26T00:00:00Z").unwrap(), "due by the end of its day");
    }
}
