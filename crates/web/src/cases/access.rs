//! Which case a member of staff may see: one of their own organisation's, or one shared with
//! their organisation, found by reference in their own partnership. Anything else is "not
//! found", never "forbidden", so that the existence of another organisation's case is not told.
use crate::auth::Staff;
use crate::{AppError, AppState};
use asbcase_domain::case::Case;
use asbcase_domain::partnership::Share;
use asbcase_domain::reference::CaseReference;

/// How someone sees a case.
#[derive(Clone, Debug, PartialEq)]
pub enum Seen {
    /// Their organisation holds it.
    Owner,
    /// It is shared with their organisation.
    Shared(Share),
}

/// A case of the person's own organisation (for changing it).
pub async fn own_case(state: &AppState, staff: &Staff, reference: &str) -> Result<Case, AppError> {
    match visible_case(state, staff, reference).await? {
        (case, Seen::Owner) => Ok(case),
        (_, Seen::Shared(_)) => Err(AppError::NotFound),
    }
}

/// A case the person may look at: their organisation's own, or one shared with it.
pub async fn visible_case(state: &AppState, staff: &Staff, reference: &str) -> Result<(Case, Seen), AppError> {
    let reference = CaseReference::parse(reference).map_err(|_| AppError::NotFound)?;
    let case = state.store().case_by_reference(staff.user.tenant, &reference).await?.ok_or(AppError::NotFound)?;
    if case.organisation == staff.user.organisation {
        return Ok((case, Seen::Owner));
    }
    match case.casework.share_with(staff.user.organisation).cloned() {
        Some(share) => Ok((case, Seen::Shared(share))),
        None => Err(AppError::NotFound),
    }
}
