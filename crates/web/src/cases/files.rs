//! `/cases/{reference}/file`: staff add a file to a case (a photo, a noise recording, a
//! screenshot, a letter). The type is judged by content, never by name; the file and the
//! event that records it are stored in one transaction, and it waits for review like any
//! other evidence.
use super::form::{self, Field, Form, error};
use crate::auth::Staff;
use crate::csrf::CsrfToken;
use crate::report::Errors;
use crate::{AppError, AppState};
use asbcase_domain::case::Case;
use asbcase_domain::event::Change;
use asbcase_domain::evidence::{EvidenceFile, MAX_FILE_BYTES};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

fn file_form(case: &Case) -> Form<'static> {
    Form {
        heading: "Add a file",
        intro: "",
        action: format!("/cases/{}/file", case.reference),
        button: "Upload file",
        fields: vec![
            Field::file(
                "file",
                "Photo, sound recording, video, screenshot or PDF",
                "image/*,audio/*,video/*,application/pdf",
            )
            .hint(&format!("The file must be smaller than {} MB.", MAX_FILE_BYTES / (1024 * 1024))),
        ],
    }
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(reference): Path<String>,
) -> Result<Response, AppError> {
    let case = form::open_for_work(&state, &staff, &reference).await?;
    form::page(&staff, &csrf, &case, &file_form(&case), &Errors::default())
}

pub async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(reference): Path<String>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let mut case = form::open_for_work(&state, &staff, &reference).await?;
    let upload = crate::upload::read(multipart, &csrf).await?;
    let (version, file) = (upload.version, upload.file);
    let refuse = |case: &Case, message: String| {
        form::page(&staff, &csrf, case, &file_form(case), &Errors(vec![error("file", message)]))
    };
    if !form::current(version, &case) {
        return form::page(&staff, &csrf, &case, &file_form(&case), &form::stale(&case));
    }
    let Some((name, bytes)) = file else {
        return refuse(&case, "Select a file".into());
    };
    let meta = match EvidenceFile::from_upload(&name, &bytes) {
        Ok(m) => m,
        Err(message) => return refuse(&case, message),
    };
    let now = asbcase_domain::time::now();
    let book = form::rule_book(&state, &case).await?;
    case.record(Change::EvidenceAdded { file: meta.clone() }, Some(staff.user.id), now, &book.rules())
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    match state.store().save_case_with_file(&mut case, &meta, &bytes, now).await {
        Ok(()) => Ok(Redirect::to(&format!("/cases/{}#evidence", case.reference)).into_response()),
        Err(asbcase_store::StoreError::Conflict) => {
            Err(AppError::BadRequest("The case changed meanwhile: the file was not added. Try again.".into()))
        }
        Err(e) => Err(e.into()),
    }
}
