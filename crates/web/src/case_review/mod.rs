//! The ASB Case Review (formerly the Community Trigger), run in the product: matters whose
//! complaints to any organisation of the partnership reach the threshold are detected so the
//! single point of contact can offer a review; complainants (or someone for them, with consent)
//! apply on a public page, or staff record an application; each step after it is recorded with
//! its due date in working days; the outcome goes to the applicant with a feedback link; and the
//! figures the law asks to be published are a page and a CSV.
pub mod apply;
pub mod detected;
pub mod feedback;
pub mod figures;
pub mod show;
pub mod steps;

use crate::auth::Staff;
use crate::{AppError, AppState};
use asbcase_domain::calendar::Calendar;
use asbcase_store::{Organisation, StoredReview};
use jiff::civil::Date;

/// Reviews are run by the single point of contact: the case officers and team managers of the
/// partnership's lead organisation. Other organisations take part through the meeting, but do
/// not see applicants' details or the list of matters.
fn runs_reviews(staff: &Staff) -> Result<(), AppError> {
    if staff.runs_reviews { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The organisation of the single point of contact: the one the partnership named, else its
/// council, else its first organisation. Its wording and channel carry the applicant's messages.
async fn lead(state: &AppState, tenant: asbcase_domain::TenantId) -> Result<Organisation, AppError> {
    state.store().case_review_lead_org(tenant).await?.ok_or(AppError::NotFound)
}

/// A review of the person's partnership, by reference.
async fn load(state: &AppState, staff: &Staff, reference: &str) -> Result<StoredReview, AppError> {
    runs_reviews(staff)?;
    let review = state.store().case_review(staff.user.tenant, reference.trim()).await?.ok_or(AppError::NotFound)?;
    // A review begun while another organisation led reviews stays with that organisation.
    if review.organisation != staff.user.organisation {
        return Err(AppError::NotFound);
    }
    Ok(review)
}

/// The partnership's bank-holiday calendar.
async fn calendar(state: &AppState, tenant: asbcase_domain::TenantId) -> Result<Calendar, AppError> {
    let t = state.store().tenant(tenant).await?.ok_or(AppError::NotFound)?;
    Ok(Calendar::bundled(t.division))
}

fn today() -> Date {
    asbcase_domain::time::now().to_zoned(asbcase_domain::time::london()).date()
}
