//! Which case a member of staff may see: one of their own organisation's, found by reference
//! in their own partnership. Anything else is "not found", never "forbidden", so that the
//! existence of another organisation's case is not told.
use crate::auth::Staff;
use crate::{AppError, AppState};
use asbcase_domain::case::Case;
use asbcase_domain::reference::CaseReference;

pub async fn own_case(state: &AppState, staff: &Staff, reference: &str) -> Result<Case, AppError> {
    let reference = CaseReference::parse(reference).map_err(|_| AppError::NotFound)?;
    let case = state.store().case_by_reference(staff.user.tenant, &reference).await?.ok_or(AppError::NotFound)?;
    if case.organisation != staff.user.organisation {
        return Err(AppError::NotFound);
    }
    Ok(case)
}
