//! `/cases/{reference}/evidence/{id}`: a file given as evidence, for staff who may see the
//! case. Always a download (never shown inline), with the type judged when it was uploaded.
use crate::auth::Staff;
use crate::{AppError, AppState};
use asbcase_domain::audit::AccessKind;
use asbcase_domain::partnership::ShareScope;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub async fn download(
    State(state): State<AppState>,
    staff: Staff,
    Path((reference, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    if !staff.sees_cases() {
        return Err(AppError::Forbidden);
    }
    let id: uuid::Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    // Files go to the organisation holding the case and to partners it shared the full case with.
    let case = match super::access::visible_case(&state, &staff, &reference).await? {
        (case, super::access::Seen::Owner) => case,
        (case, super::access::Seen::Shared(s)) if s.scope == ShareScope::Full => case,
        _ => return Err(AppError::NotFound),
    };
    let reference = case.reference.clone();
    let (file, bytes) =
        state.store().evidence_content(staff.user.tenant, case.id, id).await?.ok_or(AppError::NotFound)?;
    // Recorded before the file goes out: no record, no file.
    let what = format!("{} ({})", file.name, file.mime);
    let (tenant, user, now) = (case.tenant, staff.user.id, asbcase_domain::time::now());
    state.store().record_access(tenant, user, AccessKind::DownloadEvidence, Some(case.id), &what, now).await?;
    let ext = file.mime.rsplit('/').next().unwrap_or("bin").trim_start_matches("x-");
    let disposition = format!("attachment; filename=\"{}-{}.{ext}\"", reference, &file.id.simple().to_string()[..8]);
    Ok((
        [
            (header::CONTENT_TYPE, file.mime.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
