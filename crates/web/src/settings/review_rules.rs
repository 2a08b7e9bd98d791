//! `/settings/case-review`: the partnership's ASB Case Review rules. The threshold (3
//! qualifying complaints in law, or fewer), how long complaints count and how soon they must be
//! made, the local variants (complaints from different households, any hate incident) and the
//! timescales of each step, as versions that each take effect on a day. A version is never
//! changed once stored, and one takes effect from tomorrow at the soonest: applications already made keep
//! the rules they were made under. Set by the administrators of the organisation that runs the
//! partnership's case reviews.
use super::Change;
use crate::auth::Staff;
use crate::cases::form::today;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::case_review::{ReviewRules, STATUTORY, Step, TypedRules, check_typed_rules};
use asbcase_domain::organisation::Role;
use asbcase_domain::time::{human, human_date, now};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

const PATH: &str = "/settings/case-review";

/// Who sets the rules: administrators of the organisation that runs the partnership's case
/// reviews (the one it named, else its council).
pub(super) async fn sets_rules(state: &AppState, staff: &Staff) -> Result<(), AppError> {
    let lead = state.store().case_review_lead_org(staff.user.tenant).await?;
    let leads = lead.is_some_and(|o| o.id == staff.user.organisation);
    if staff.has(Role::Administrator) && leads { Ok(()) } else { Err(AppError::Forbidden) }
}

struct Version {
    from: String,
    rules: String,
    set_by: String,
    /// "in force", "to come" or "" for an earlier version.
    when: &'static str,
}

#[derive(Template)]
#[template(path = "settings/review_rules.html")]
struct RulesPage {
    layout: Layout,
    versions: Vec<Version>,
    changes: Vec<Change>,
    saved: bool,
}

/// A number on the form (or a part of the date), with its label, hint and width in characters.
struct Field {
    field: &'static str,
    label: &'static str,
    hint: &'static str,
    width: u8,
    value: String,
}

const NUMBERS: [(&str, &str, &str); 4] = [
    ("threshold", "Complaints that meet the threshold", "1 to 3. The law says 3; a partnership may set fewer."),
    (
        "window_months",
        "Months a complaint counts for",
        "6 to 12. An application may count complaints made up to this many months before it.",
    ),
    (
        "qualify_within_months",
        "Months from the behaviour to the complaint",
        "1 to 12. A complaint counts if made within this many months of the behaviour.",
    ),
    (
        "different_households",
        "Complaints from different households that meet the threshold (optional)",
        "2 to 50, or leave blank if the partnership has no such variant.",
    ),
];

#[derive(Template)]
#[template(path = "settings/review_rules_form.html")]
struct FormPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    date: Vec<Field>,
    numbers: Vec<Field>,
    hate_incident_triggers: bool,
    timescales: Vec<Field>,
    set_by: String,
}

/// `GET /settings/case-review` (with `?saved=1` after a version is stored).
pub async fn index(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    sets_rules(&state, &staff).await?;
    let store = state.store();
    let tenant = staff.user.tenant;
    let stored = store.review_rules(tenant).await?;
    let on = today();
    let in_force = store.review_rule_book(tenant).await?.in_force(on).effective_from;
    let when = |from| match from {
        f if f == in_force => "In force",
        f if f > on => "To come",
        _ => "",
    };
    let mut versions = vec![];
    if stored.first().is_none_or(|(r, _, _)| r.effective_from > STATUTORY.effective_from) {
        versions.push(Version {
            from: human_date(STATUTORY.effective_from),
            rules: STATUTORY.describe(),
            set_by: "The law (Anti-social Behaviour, Crime and Policing Act 2014)".into(),
            when: when(STATUTORY.effective_from),
        });
    }
    versions.extend(stored.into_iter().map(|(r, by, at)| Version {
        from: human_date(r.effective_from),
        rules: r.describe(),
        set_by: format!("{by} (stored {})", human(at)),
        when: when(r.effective_from),
    }));
    versions.reverse();
    let changes = store.review_rule_changes(tenant, staff.user.organisation).await?;
    render(&RulesPage {
        layout: staff.layout("Case review rules", "/settings"),
        versions,
        changes: changes.into_iter().map(Change::from).collect(),
        saved: query.as_deref() == Some("saved=1"),
    })
}

fn form_page(staff: &Staff, csrf: String, f: &Fields, errors: Errors) -> Result<Response, AppError> {
    let get = |name: &str| f.get(name).to_string();
    let mut page = FormPage {
        layout: staff.layout("New case review rules", "/settings"),
        csrf,
        date: [("from_day", "Day", 2), ("from_month", "Month", 2), ("from_year", "Year", 4)]
            .map(|(field, label, width)| Field { field, label, hint: "", width, value: get(field) })
            .into(),
        numbers: NUMBERS.map(|(field, label, hint)| Field { field, label, hint, width: 3, value: get(field) }).into(),
        hate_incident_triggers: f.get("hate_incident_triggers") == "yes",
        timescales: Step::ALL
            .iter()
            .map(|s| Field { field: s.as_str(), label: s.label(), hint: "", width: 3, value: get(s.as_str()) })
            .collect(),
        set_by: get("set_by"),
        errors,
    };
    page.layout.has_errors = page.errors.any();
    render(&page)
}

/// The form's fields filled from `r`, the rules in force, as the starting point.
fn fields_of(r: &ReviewRules) -> Fields {
    let mut f = vec![
        ("threshold".to_string(), r.threshold.to_string()),
        ("window_months".into(), r.window_months.to_string()),
        ("qualify_within_months".into(), r.qualify_within_months.to_string()),
        ("different_households".into(), r.different_households.map(|n| n.to_string()).unwrap_or_default()),
    ];
    if r.hate_incident_triggers {
        f.push(("hate_incident_triggers".into(), "yes".into()));
    }
    f.extend(Step::ALL.iter().map(|s| (s.as_str().to_string(), r.timescales.days(*s).to_string())));
    Fields(f)
}

/// `GET /settings/case-review/new`: starting from the rules in force today.
pub async fn new(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    sets_rules(&state, &staff).await?;
    let book = state.store().review_rule_book(staff.user.tenant).await?;
    form_page(&staff, csrf, &fields_of(book.in_force(today())), Errors(vec![]))
}

/// `POST /settings/case-review`: check and store a new version.
pub async fn add(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    sets_rules(&state, &staff).await?;
    let f = Fields(raw);
    let store = state.store();
    let tenant = staff.user.tenant;
    let taken: Vec<_> = store.review_rules(tenant).await?.into_iter().map(|(r, _, _)| r.effective_from).collect();
    let typed = TypedRules {
        day: f.get("from_day"),
        month: f.get("from_month"),
        year: f.get("from_year"),
        threshold: f.get("threshold"),
        window_months: f.get("window_months"),
        qualify_within_months: f.get("qualify_within_months"),
        different_households: f.get("different_households"),
        hate_incident_triggers: f.get("hate_incident_triggers") == "yes",
        timescales: [0, 1, 2, 3].map(|i| f.get(Step::ALL[i].as_str())),
        set_by: f.get("set_by"),
    };
    let (rules, set_by) = match check_typed_rules(&typed, today(), &taken) {
        Ok(checked) => checked,
        Err(errors) => return form_page(&staff, csrf, &f, Errors(errors)),
    };
    let by = staff.changed_by();
    match store.add_review_rules(tenant, &rules, &set_by, Some((staff.user.organisation, &by)), now()).await {
        Ok(()) => {}
        Err(asbcase_store::StoreError::Duplicate(_)) => {
            let problem = asbcase_domain::report::FieldError {
                field: "from_day".into(),
                message: format!(
                    "Rules were stored for {} just now: choose another day",
                    human_date(rules.effective_from)
                ),
            };
            return form_page(&staff, csrf, &f, Errors(vec![problem]));
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(user = %staff.user.id, from = %rules.effective_from, "case review rules stored");
    Ok(Redirect::to(&format!("{PATH}?saved=1")).into_response())
}
