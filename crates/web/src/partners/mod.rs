//! Working with partners beyond one case page: the cases shared with my organisation, the
//! referrals it made and received (overdue ones flagged), and a referral's own page where the
//! receiver accepts or declines it and says what it did, and the referrer is told.
pub mod referral;
pub mod shared;

use crate::auth::Staff;
use crate::{AppError, AppState};
use asbcase_domain::calendar::Calendar;

/// Only staff who work cases (officers, managers, partner officers) deal with partners' cases.
fn allowed(staff: &Staff) -> Result<(), AppError> {
    if staff.sees_cases() { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The partnership's calendar and the working days a referral may wait for its answer.
async fn referral_clock(state: &AppState, staff: &Staff) -> Result<(Calendar, u32), AppError> {
    let tenant = state.store().tenant(staff.user.tenant).await?.ok_or(AppError::NotFound)?;
    let days = state.store().referral_response_days(tenant.id).await?;
    Ok((Calendar::bundled(tenant.division), days))
}
