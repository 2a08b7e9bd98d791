//! Repeats on the case page: other complaints, to any organisation of the partnership within
//! its repeats window, about the same place, by the same complainant or about the same person.
use crate::{AppError, AppState};
use asbcase_domain::case::Case;
use asbcase_domain::case_review::Matter;
use asbcase_domain::repeats::{repeats, repeats_of_case};
use asbcase_domain::time::{human_date, london};
use asbcase_domain::{OrganisationId, PersonId};
use jiff::ToSpan;
use std::collections::HashMap;

pub struct OtherComplaint {
    pub reference: String,
    /// The case page, when the person may see that case.
    pub href: Option<String>,
    pub organisation: String,
    pub reported: String,
}

pub struct RepeatView {
    /// "The same location: 14 ORCHARD COURT" or "The same complainant: Morgan Achterberg".
    pub heading: String,
    pub others: Vec<OtherComplaint>,
}

#[derive(Default)]
pub struct RepeatsView {
    pub months: u32,
    pub repeats: Vec<RepeatView>,
    /// Why the case's complaints reach the case review threshold, when they do: the single
    /// point of contact should offer the complainant a review.
    pub review: Vec<String>,
}

/// The repeats `case` is part of, as `viewer` (of that organisation) may see them.
pub async fn repeats_view(
    state: &AppState,
    case: &Case,
    viewer: OrganisationId,
    organisations: &HashMap<OrganisationId, String>,
    names: &HashMap<PersonId, String>,
) -> Result<RepeatsView, AppError> {
    let store = state.store();
    let months = store.repeat_window_months(case.tenant).await?;
    let today = asbcase_domain::time::now().to_zoned(london()).date();
    let since_date = today.checked_sub(jiff::Span::new().months(i64::from(months))).unwrap_or(today);
    let since = asbcase_domain::time::now() - (i64::from(months) * 31 * 24).hours();
    let book = store.review_rule_book(case.tenant).await?;
    let rules = book.in_force(today);
    let back = i64::from(months.max(rules.window_months + rules.qualify_within_months + 1));
    let since = since.min(asbcase_domain::time::now() - (back * 31 * 24).hours());
    let complaints = store.complaints_like(case.tenant, since, case.id).await?;
    // Every complaint sharing a matter with this case is among them, so detection over them is
    // exact for the matters this case is part of.
    let review = asbcase_domain::case_review::detect(&complaints, &book, today)
        .into_iter()
        .filter(|d| d.complaints.iter().any(|c| c.case == case.id))
        .map(|d| {
            let why: Vec<String> = d.triggers.iter().map(|t| t.describe()).collect();
            format!("{}: {}", d.matter.label(), why.join("; "))
        })
        .collect();
    let mut out = vec![];
    for r in repeats_of_case(&repeats(&complaints, since_date), case.id) {
        let heading = match &r.matter {
            Matter::Location(place) => format!("{}: {place}", r.matter.label()),
            Matter::Complainant(p) | Matter::PersonComplainedAbout(p) => {
                format!(
                    "{}: {}",
                    r.matter.label(),
                    names.get(p).cloned().unwrap_or_else(|| "named on this case".into())
                )
            }
        };
        let mut others = vec![];
        for c in r.complaints.iter().rev() {
            let visible = c.organisation == viewer
                || store.case(case.tenant, c.case).await?.is_some_and(|x| x.casework.share_with(viewer).is_some());
            others.push(OtherComplaint {
                reference: c.reference.to_string(),
                href: visible.then(|| format!("/cases/{}", c.reference)),
                organisation: organisations.get(&c.organisation).cloned().unwrap_or_default(),
                reported: human_date(c.reported_on),
            });
        }
        out.push(RepeatView { heading, others });
    }
    Ok(RepeatsView { months, repeats: out, review })
}
