//! `/settings`: what a team manager or administrator can set for their organisation without a
//! developer, each change taking effect at once and kept with who made it.
use crate::AppError;
use crate::auth::Staff;
use crate::page::{Layout, render};
use asbcase_domain::organisation::Role;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

/// A kept change to a setting, as its page lists it: when, who, and what it became.
pub(crate) struct Change {
    pub when: String,
    pub by: String,
    pub summary: String,
}

impl From<asbcase_store::SettingChange> for Change {
    fn from(c: asbcase_store::SettingChange) -> Change {
        Change { when: asbcase_domain::time::human(c.changed_at), by: c.changed_by, summary: c.summary }
    }
}

pub mod categories;
pub mod homes;
pub mod invite;
pub mod keys;
pub mod messages;
pub mod organisations;
pub mod patches;
pub mod questionnaire;
pub mod retention;
pub mod review_rules;
pub mod standards;
pub mod users;

/// Who changes an organisation's settings.
pub fn sets(staff: &Staff) -> bool {
    staff.has(Role::TeamManager) || staff.has(Role::Administrator)
}

pub(crate) fn may_set(staff: &Staff) -> Result<(), AppError> {
    if sets(staff) { Ok(()) } else { Err(AppError::Forbidden) }
}

struct Entry {
    href: &'static str,
    title: &'static str,
    about: &'static str,
}

#[derive(Template)]
#[template(path = "settings/index.html")]
struct IndexPage {
    layout: Layout,
    organisation: String,
    entries: Vec<Entry>,
}

/// `GET /settings`.
pub async fn index(State(state): State<crate::AppState>, staff: Staff) -> Result<Response, AppError> {
    may_set(&staff)?;
    let mut entries = vec![
        Entry {
            href: "/settings/service-standards",
            title: "Service standards",
            about: "How soon complainants are first contacted for each level of risk, and how often after that.",
        },
        Entry {
            href: "/settings/messages",
            title: "Messages to residents",
            about: "How your emails, text messages and letters to residents are worded, with a preview of each.",
        },
        Entry {
            href: "/settings/homes",
            title: "Homes owned",
            about: "The homes owned at the end of each reporting year, for the regulator's measure NM01.",
        },
        Entry {
            href: "/settings/patches",
            title: "Patches",
            about: "Which patch each case officer covers, so new cases are suggested to the right officer.",
        },
        Entry {
            href: "/performance/targets",
            title: "Targets",
            about: "The target for each performance measure, and who agreed it.",
        },
    ];
    if staff.publishes {
        entries.push(Entry {
            href: "/settings/organisations",
            title: "Organisations",
            about: "The partnership's organisations: adding one, inviting its first administrator, and the homes each landlord owns.",
        });
        entries.push(Entry {
            href: "/settings/retention",
            title: "Retention",
            about: "How long the partnership keeps closed cases, copies of messages and reports never sent.",
        });
        entries.push(Entry {
            href: "/settings/categories",
            title: "Categories",
            about: "The partnership's categories of anti-social behaviour: their names, what residents are told they mean, and their priorities.",
        });
        entries.push(Entry {
            href: "/settings/questionnaire",
            title: "Risk questionnaire",
            about: "The questions that assess the risk of each report, their scores, and where the risk bands start.",
        });
        entries.push(Entry {
            href: "/public-pages",
            title: "Public information pages",
            about: "What residents read before they report.",
        });
    }
    if review_rules::sets_rules(&state, &staff).await.is_ok() {
        entries.push(Entry {
            href: "/settings/case-review",
            title: "Case review rules",
            about: "The ASB Case Review threshold, its local variants and the timescale of each step.",
        });
    }
    if staff.has(Role::Administrator) {
        entries.push(Entry {
            href: "/settings/users",
            title: "Staff accounts",
            about: "Inviting new staff, roles, switching off the account of someone who has left, and lost two-step sign-ins.",
        });
        entries.push(Entry {
            href: "/settings/open311-keys",
            title: "Open311 keys",
            about: "Keys for partners' systems, such as FixMyStreet, that send reports which become your cases: make one, or revoke one at once.",
        });
        entries.push(Entry {
            href: "/settings/api-tokens",
            title: "API tokens",
            about: "Tokens for partners' systems and your own to use the JSON API as your organisation: make one, or revoke one at once.",
        });
        entries.push(Entry {
            href: "/import",
            title: "Import cases",
            about: "Bring in cases from a spreadsheet or another case system.",
        });
    }
    render(&IndexPage {
        layout: staff.layout("Settings", "/settings"),
        organisation: staff.organisation_name.clone(),
        entries,
    })
}
