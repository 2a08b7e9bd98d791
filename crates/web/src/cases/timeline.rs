//! A case's events as people read them.
use crate::view::{category_name, when};
use asbcase_domain::category::Category;
use asbcase_domain::event::{Change, Event};
use asbcase_domain::ids::PartyId;
use asbcase_domain::partnership::ReferralTo;
use asbcase_domain::party::Person;
use asbcase_domain::time::human_date;
use asbcase_domain::{OrganisationId, PersonId, UserId};
use std::collections::HashMap;

pub struct Entry {
    pub title: &'static str,
    pub detail: String,
    pub actor: String,
    pub when: String,
    pub at: String,
}

/// Names of the people and staff an event can mention.
pub struct Names<'a> {
    pub people: &'a HashMap<PersonId, &'a Person>,
    pub staff: &'a HashMap<UserId, String>,
    pub catalogue: &'a [Category],
    /// How to call each party: "Complainant: Grace Mensah".
    pub parties: &'a HashMap<PartyId, String>,
    pub organisations: &'a HashMap<OrganisationId, String>,
}

impl Names<'_> {
    fn staff(&self, id: UserId) -> String {
        self.staff.get(&id).cloned().unwrap_or_else(|| "a member of staff".into())
    }

    fn organisation(&self, id: OrganisationId) -> String {
        self.organisations.get(&id).cloned().unwrap_or_else(|| "another organisation".into())
    }

    fn party(&self, id: Option<PartyId>) -> String {
        id.and_then(|p| self.parties.get(&p).cloned()).unwrap_or_else(|| "no one named".into())
    }

    fn categories(&self, codes: &[String]) -> String {
        codes.iter().map(|c| category_name(c, self.catalogue)).collect::<Vec<_>>().join(", ")
    }
}

pub fn describe(change: &Change, names: &Names) -> String {
    match change {
        Change::Reported { channel, description, categories, .. } => {
            format!("By {}: {} ({})", channel.label().to_lowercase(), description, names.categories(categories))
        }
        Change::FurtherReport { channel, description, .. } => {
            format!("By {}: {description}", channel.label().to_lowercase())
        }
        Change::Imported { former_reference, source, imported_at } => format!(
            "Imported from {source} on {} (reference there: {former_reference}); its history is shown at the dates it happened",
            asbcase_domain::time::human(*imported_at)
        ),
        Change::DiaryEntryAdded { entry } => {
            let when = match entry.time {
                Some(t) => format!("{} at {}", asbcase_domain::time::human_date(entry.date), t.strftime("%H:%M")),
                None => asbcase_domain::time::human_date(entry.date),
            };
            if entry.how_it_affected.is_empty() {
                format!("{when}: {}", entry.what_happened)
            } else {
                format!("{when}: {} How it affected them: {}", entry.what_happened, entry.how_it_affected)
            }
        }
        Change::EvidenceAdded { file } => {
            format!("{}: {} ({} KB)", file.kind.label(), file.name, file.size.div_ceil(1024))
        }
        Change::PartyAdded { party } => {
            let who = match party.person.and_then(|p| names.people.get(&p)) {
                Some(p) => p.name.clone(),
                None => party.description.clone().unwrap_or_else(|| "not known".into()),
            };
            format!("{}: {who}", party.role.label())
        }
        Change::Triaged { note } => note.clone(),
        Change::Opened => String::new(),
        Change::Assigned { officer } => format!("Assigned to {}", names.staff(*officer)),
        Change::RiskBandChanged { band, reason } => format!("Now {}: {reason}", band.label().to_lowercase()),
        Change::CategoriesChanged { categories, priority_override, reason, .. } => {
            let mut s = names.categories(categories);
            if !reason.is_empty() {
                s.push_str(&format!(". {reason}"));
            }
            if let Some(o) = priority_override {
                s.push_str(&format!(". Priority set to {} because: {}", o.priority.0, o.reason));
            }
            s
        }
        Change::FlagsChanged { flags } => {
            let mut parts = vec![];
            if flags.hate_incident() {
                parts.push(format!(
                    "hate incident ({})",
                    flags.hate_strands.iter().map(|h| h.label().to_lowercase()).collect::<Vec<_>>().join(", ")
                ));
            }
            if flags.vulnerability {
                parts.push("vulnerability".into());
            }
            if let Some(r) = &flags.crime_reference {
                parts.push(format!("crime reference {r}"));
            }
            if flags.homelessness_related {
                parts.push("homelessness-related".into());
            }
            if parts.is_empty() { "No flags".into() } else { format!("Flags: {}", parts.join("; ")) }
        }
        Change::ContactRecorded { contact } => format!(
            "{} with {} ({}), {}: {}",
            contact.method.label(),
            contact.with.label().to_lowercase(),
            contact.direction.label().to_lowercase(),
            contact.outcome.label().to_lowercase(),
            contact.summary
        ),
        Change::NoteAdded { text } => text.clone(),
        Change::Closed { outcome, summary, survey, .. } => {
            format!("{}: {summary}{}", outcome.label(), if *survey { " Satisfaction survey to be sent." } else { "" })
        }
        Change::Reopened { reason } => reason.clone(),
        Change::Diverted { route, note } => format!("{}: {note}", route.label()),
        Change::Linked { into } => format!("Joined to case {into} as a further report about the same matter"),
        Change::Referred { to, note } => format!(
            "To {}: {note}",
            names.organisations.get(to).cloned().unwrap_or_else(|| "another organisation".into())
        ),
        Change::ActionAdded { action } => {
            format!("{} (by {}, due {})", action.what, action.owner, human_date(action.due))
        }
        Change::ActionDone { .. } => "An action of the plan was done".into(),
        Change::InterventionRecorded { intervention: i } => {
            let mut s = format!("{} for {}, {}", i.kind.label(), names.party(i.party), human_date(i.on));
            if let Some(end) = i.ends {
                s.push_str(&format!(" until {}", human_date(end)));
            }
            if let Some(m) = i.mediation {
                s.push_str(&format!(" ({})", m.label().to_lowercase()));
            }
            if let Some((who, need)) = i.support {
                s.push_str(&format!(": {} for {}", need.label().to_lowercase(), who.label().to_lowercase()));
            }
            if let Some(t) = &i.injunction {
                if t.persons_unknown {
                    s.push_str(", against persons unknown");
                }
                if t.power_of_arrest {
                    s.push_str(", with power of arrest");
                }
                if t.exclusion {
                    s.push_str(", with exclusion");
                }
            }
            if let Some(g) = i.ground {
                s.push_str(&format!(": {}", g.label().to_lowercase()));
            }
            if !i.details.is_empty() {
                s.push_str(&format!(". {}", i.details));
            }
            s
        }
        Change::MediationUpdated { stage, note, .. } => format!("{}: {note}", stage.label()),
        Change::BreachRecorded { breach, .. } => format!("On {}: {}", human_date(breach.on), breach.note),
        Change::OrderExtended { ends, .. } => format!("Now in force until {}", human_date(*ends)),
        Change::CctvRequested { from, place, period } => format!("From {from}: {place}, {period}"),
        Change::EvidenceReviewed { seq } => format!("Reviewed the evidence added in entry {seq}"),
        Change::CostRecorded { minutes, spend, what } => {
            let mut parts = vec![];
            if *minutes > 0 {
                parts.push(format!("{} h {:02} min", minutes / 60, minutes % 60));
            }
            if *spend > 0 {
                parts.push(asbcase_domain::casework::pounds(*spend));
            }
            format!("{}: {what}", parts.join(" and "))
        }
        Change::ComplainantMessage { text, .. } => format!("From their case tracker: {text}"),
        Change::SurveyAnswered { response: r } => {
            let mut s = format!(
                "Handling: {}. Kept informed: {}. Outcome: {}. Would report again: {}.",
                r.handling.label().to_lowercase(),
                r.kept_informed.label().to_lowercase(),
                r.outcome.label().to_lowercase(),
                r.report_again.label().to_lowercase()
            );
            if !r.comments.is_empty() {
                s.push_str(&format!(" Comments: {}", r.comments));
            }
            s
        }
        Change::Shared { organisation, scope, purpose } => {
            format!("With {} ({}): {purpose}", names.organisation(*organisation), scope.label().to_lowercase())
        }
        Change::Unshared { organisation, reason } => format!("With {}: {reason}", names.organisation(*organisation)),
        Change::ReferralMade { to, party, reason, .. } => {
            let to = match to {
                ReferralTo::Organisation { id } => names.organisation(*id),
                ReferralTo::Service { name, .. } => name.clone(),
            };
            match party {
                Some(_) => format!("{} referred to {to}: {reason}", names.party(*party)),
                None => format!("The case referred to {to}: {reason}"),
            }
        }
        Change::ReferralAnswered { note, .. } if note.trim().is_empty() => "No note given".into(),
        Change::ReferralAnswered { note, .. } => note.clone(),
        Change::ReferralCompleted { outcome, .. } => outcome.clone(),
        Change::PutToPanel { title, meets_on, reason, .. } => {
            format!("{title}, meeting on {}: {reason}", human_date(*meets_on))
        }
        Change::PanelDecided { summary, action: None, .. } => summary.clone(),
        Change::PanelDecided { summary, action: Some(a), .. } => {
            format!("{summary} Action: {} (by {}, due {})", a.what, a.owner, human_date(a.due))
        }
        Change::Signposted { name, party, note, .. } => {
            let who = if party.is_some() { names.party(*party) } else { "Details".into() };
            if note.trim().is_empty() { format!("{who} given {name}") } else { format!("{who} given {name}: {note}") }
        }
    }
}

/// Whether a change is kept from a partner the case is shared with in summary: evidence, the
/// contact log, officers' notes, what the complainant wrote and their survey answers.
fn is_evidence(change: &Change) -> bool {
    matches!(
        change,
        Change::DiaryEntryAdded { .. }
            | Change::EvidenceAdded { .. }
            | Change::CctvRequested { .. }
            | Change::ComplainantMessage { .. }
            | Change::EvidenceReviewed { .. }
            | Change::ContactRecorded { .. }
            | Change::NoteAdded { .. }
            | Change::SurveyAnswered { .. }
    )
}

/// Newest first; without what evidence says when `hide_evidence` (a summary for a partner).
pub fn entries(events: &[Event], names: &Names, hide_evidence: bool) -> Vec<Entry> {
    events
        .iter()
        .rev()
        .map(|e| {
            let (title, detail) = match e.change() {
                Ok(c) if hide_evidence && is_evidence(&c) => {
                    (c.title(), "Not shared with your organisation.".to_string())
                }
                Ok(c) => (c.title(), describe(&c, names)),
                Err(_) => ("Unreadable event", format!("An event of kind '{}' could not be read.", e.kind)),
            };
            Entry {
                title,
                detail,
                actor: e.actor.map_or_else(|| "System or member of the public".into(), |a| names.staff(a)),
                when: when(e.at),
                at: asbcase_domain::time::fixed(e.at),
            }
        })
        .collect()
}
