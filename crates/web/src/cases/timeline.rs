//! A case's events as people read them.
use crate::view::{category_name, when};
use asbcase_domain::category::Category;
use asbcase_domain::event::{Change, Event};
use asbcase_domain::party::Person;
use asbcase_domain::{PersonId, UserId};
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
}

impl Names<'_> {
    fn staff(&self, id: UserId) -> String {
        self.staff.get(&id).cloned().unwrap_or_else(|| "a member of staff".into())
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
        Change::CategoriesChanged { categories, priority_override, .. } => {
            let mut s = names.categories(categories);
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
        Change::Closed { outcome, summary } => format!("{}: {summary}", outcome.label()),
        Change::Reopened { reason } => reason.clone(),
    }
}

/// Newest first.
pub fn entries(events: &[Event], names: &Names) -> Vec<Entry> {
    events
        .iter()
        .rev()
        .map(|e| {
            let (title, detail) = match e.change() {
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
