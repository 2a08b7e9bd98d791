//! What a complainant sends from their tracker: diary entries, files (judged by content, like
//! the report form's), messages to the officer and requests for a call back. Each is an event
//! on the case, recorded with no member of staff as its actor, and waits on the officer's
//! worklist as new material until they have looked at it.
use super::visit::Resident;
use super::{ResidentForm, form_page};
use crate::cases::form::{Field, error, rule_book, today};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::case::{Case, Status};
use asbcase_domain::event::Change;
use asbcase_domain::evidence::{EvidenceFile, MAX_FILE_BYTES, check_diary};
use asbcase_domain::tracker::check_message;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

const BACK: &str = "/track/case";

fn still_open(case: &Case) -> Result<(), AppError> {
    if case.status == Status::Closed {
        return Err(AppError::BadRequest(format!(
            "Your case {} is closed, so it cannot take anything new. If the problem has started again, make a new report and mention {}.",
            case.reference, case.reference
        )));
    }
    Ok(())
}

/// Record `change` on the resident's case and store it (with a file's bytes, if any). A change
/// made meanwhile by the officer is not a conflict for the resident: the case is read again and
/// the change recorded on top.
async fn record(
    state: &AppState,
    mut case: Case,
    change: Change,
    file: Option<(&EvidenceFile, &[u8])>,
) -> Result<(), AppError> {
    for _ in 0..3 {
        let now = asbcase_domain::time::now();
        let book = rule_book(state, &case).await?;
        case.record(change.clone(), None, now, &book.rules()).map_err(|e| AppError::BadRequest(e.to_string()))?;
        let saved = match file {
            Some((meta, bytes)) => state.store().save_case_with_file(&mut case, meta, bytes, now).await,
            None => state.store().save_case(&mut case).await,
        };
        match saved {
            Ok(()) => return Ok(()),
            Err(asbcase_store::StoreError::Conflict) => {
                case = state.store().case(case.tenant, case.id).await?.ok_or(AppError::VisitEnded)?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::BadRequest("Your case is being updated right now: go back and send it again.".into()))
}

fn done(what: &str) -> Response {
    Redirect::to(&format!("{BACK}?done={what}")).into_response()
}

pub enum Kind {
    Diary,
    File,
    Message,
    CallBack,
}

impl Kind {
    fn from_path(s: &str) -> Option<Kind> {
        match s {
            "diary" => Some(Kind::Diary),
            "file" => Some(Kind::File),
            "message" => Some(Kind::Message),
            "call-back" => Some(Kind::CallBack),
            _ => None,
        }
    }

    fn form(&self, f: &Fields) -> ResidentForm<'static> {
        let (heading, intro, action, button, fields) = match self {
            Kind::Diary => (
                "Add a diary entry",
                "Write down each time something happens, as soon as you can. Your officer uses your diary as evidence.",
                "/track/case/diary",
                "Add diary entry",
                vec![
                    Field::date("diary_date", "When did it happen?").hint("For example, 27 3 2026").from(f),
                    Field::short("diary_time", "What time? (optional)", "5")
                        .hint("For example, 11:30pm or 23:30")
                        .from(f),
                    Field::textarea("diary_what", "What happened?").from(f),
                    Field::textarea("diary_affected", "How did it affect you? (optional)").from(f),
                ],
            ),
            Kind::File => (
                "Send us a file",
                "A sound recording of the noise, a photo, a video or a screenshot of messages.",
                "/track/case/file",
                "Send file",
                vec![
                    Field::file("file", "Choose a file", "image/*,audio/*,video/*,application/pdf")
                        .hint(&format!("The file must be smaller than {} MB.", MAX_FILE_BYTES / (1024 * 1024))),
                ],
            ),
            Kind::Message => (
                "Send your officer a message",
                "Your officer will read it and reply. If someone is in immediate danger or a crime is happening, call 999.",
                "/track/case/message",
                "Send message",
                vec![Field::textarea("message", "Your message").from(f)],
            ),
            Kind::CallBack => (
                "Ask your officer to call you back",
                "We will call you on the number you gave us.",
                "/track/case/call-back",
                "Ask for a call back",
                vec![
                    Field::text("when", "When is a good time to call?")
                        .hint("For example, weekday evenings after 6pm.")
                        .from(f),
                    Field::textarea("message", "What would you like to talk about? (optional)").from(f),
                ],
            ),
        };
        ResidentForm { caption: "", heading, intro, action, back: BACK, button, fields }
    }
}

pub async fn show(
    CsrfToken(csrf): CsrfToken,
    resident: Resident,
    Path(what): Path<String>,
) -> Result<Response, AppError> {
    let kind = Kind::from_path(&what).ok_or(AppError::NotFound)?;
    still_open(&resident.case)?;
    let mut form = kind.form(&Fields(vec![]));
    form.caption = "Your case";
    form_page(&csrf, &form, &Errors::default())
}

/// `/track/case/file` has its own route (its POST is multipart); its page is drawn like the rest.
pub async fn show_file(csrf: CsrfToken, resident: Resident) -> Result<Response, AppError> {
    show(csrf, resident, Path("file".to_string())).await
}

pub async fn submit(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    resident: Resident,
    Path(what): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let kind = Kind::from_path(&what).ok_or(AppError::NotFound)?;
    still_open(&resident.case)?;
    let f = Fields(raw);
    let change = match kind {
        Kind::Diary => check_diary(
            f.get("diary_date_day"),
            f.get("diary_date_month"),
            f.get("diary_date_year"),
            f.get("diary_time"),
            f.get("diary_what"),
            f.get("diary_affected"),
            today(),
        )
        .map(|entry| Change::DiaryEntryAdded { entry }),
        Kind::Message => check_message(f.get("message"), "message")
            .map(|text| Change::ComplainantMessage { text, call_back: false })
            .map_err(|e| vec![e]),
        Kind::CallBack => {
            let when = f.get("when").trim();
            let about = f.get("message").trim();
            let text = if about.is_empty() {
                format!("Please call me back. A good time: {when}")
            } else {
                format!("Please call me back. A good time: {when}. About: {about}")
            };
            if when.is_empty() {
                Err(vec![error("when", "Enter when is a good time to call you")])
            } else {
                check_message(&text, "message")
                    .map(|text| Change::ComplainantMessage { text, call_back: true })
                    .map_err(|e| vec![e])
            }
        }
        // Files come as multipart, to `upload`.
        Kind::File => return Err(AppError::NotFound),
    };
    match change {
        Ok(change) => {
            record(&state, resident.case, change, None).await?;
            Ok(done(&what))
        }
        Err(errors) => {
            let mut form = kind.form(&f);
            form.caption = "Your case";
            form_page(&csrf, &form, &Errors(errors))
        }
    }
}

pub async fn upload(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    resident: Resident,
    multipart: Multipart,
) -> Result<Response, AppError> {
    still_open(&resident.case)?;
    let file = crate::upload::read(multipart, &csrf).await?.file;
    let refuse = |message: String| {
        let mut form = Kind::File.form(&Fields(vec![]));
        form.caption = "Your case";
        form_page(&csrf, &form, &Errors(vec![error("file", message)]))
    };
    let Some((name, bytes)) = file else {
        return refuse("Select a file".into());
    };
    let meta = match EvidenceFile::from_upload(&name, &bytes) {
        Ok(m) => m,
        Err(message) => return refuse(message),
    };
    record(&state, resident.case, Change::EvidenceAdded { file: meta.clone() }, Some((&meta, &bytes))).await?;
    Ok(done("file"))
}
