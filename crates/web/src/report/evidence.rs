//! The evidence page of the report: diary entries and files (optional). Limits are stated up
//! front; a file's type is judged by its content; nothing is lost when one item is refused.
use super::draft::{Journey, path};
use super::fields::{Errors, Fields};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use asbcase_domain::evidence::{self, EvidenceFile, MAX_DIARY_ENTRIES, MAX_FILE_BYTES, MAX_FILES};
use asbcase_domain::report::FieldError;
use asbcase_domain::time::{human_date, london};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};

pub struct DiaryView {
    pub when: String,
    pub what: String,
    /// What the remove button sends.
    pub item: String,
}

pub struct FileView {
    pub name: String,
    pub kind: &'static str,
    pub size: String,
    pub item: String,
}

/// A diary entry's handle for removal: its place and a digest of what it says, so a repeated
/// click on "Remove" cannot take away the entry that moved into its place.
fn diary_item(i: usize, d: &evidence::DiaryEntry) -> String {
    let digest =
        Sha256::digest(format!("{}|{:?}|{}|{}", d.date, d.time, d.what_happened, d.how_it_affected).as_bytes());
    format!("diary-{i}-{}", &hex::encode(digest)[..16])
}

#[derive(Template)]
#[template(path = "report/evidence.html")]
struct EvidencePage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    f: Fields,
    diary: Vec<DiaryView>,
    files: Vec<FileView>,
    max_mb: usize,
    max_files: usize,
}

fn view(j: &Journey, csrf: String, f: Fields, errors: Errors) -> Result<Response, AppError> {
    let mut layout = Layout::public("Do you have evidence?");
    layout.has_errors = errors.any();
    render(&EvidencePage {
        layout,
        csrf,
        errors,
        f,
        diary: j
            .draft
            .diary
            .iter()
            .enumerate()
            .map(|(i, d)| DiaryView {
                item: diary_item(i, d),
                when: match d.time {
                    Some(t) => format!("{} at {}", human_date(d.date), t.strftime("%H:%M")),
                    None => human_date(d.date),
                },
                what: d.what_happened.clone(),
            })
            .collect(),
        files: j
            .draft
            .files
            .iter()
            .map(|x| FileView {
                name: x.name.clone(),
                kind: x.kind.label(),
                size: size(x.size),
                item: format!("file-{}", x.id),
            })
            .collect(),
        max_mb: MAX_FILE_BYTES / (1024 * 1024),
        max_files: MAX_FILES,
    })
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

fn guard(j: &Journey) -> Option<Response> {
    match j.draft.next_step() {
        Some("danger" | "what" | "where" | "risk" | "about") => {
            Some(Redirect::to(&path(j.draft.next_step().unwrap_or("danger"))).into_response())
        }
        _ if j.sent.is_some() => Some(Redirect::to("/report/done").into_response()),
        _ => None,
    }
}

pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    let j = Journey::load(&state, &headers).await?;
    if let Some(r) = guard(&j) {
        return Ok(r);
    }
    view(&j, csrf, Fields(vec![]), Errors::default())
}

pub async fn add_diary(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut j = Journey::load(&state, &headers).await?;
    if let Some(r) = guard(&j) {
        return Ok(r);
    }
    let f = Fields(raw);
    let today = jiff::Timestamp::now().to_zoned(london()).date();
    if j.draft.diary.len() >= MAX_DIARY_ENTRIES {
        let errors = Errors(vec![FieldError {
            field: "diary_what".into(),
            message: format!("You can add up to {MAX_DIARY_ENTRIES} diary entries to a report"),
        }]);
        return view(&j, csrf, f, errors);
    }
    match evidence::check_diary(
        f.get("diary_day"),
        f.get("diary_month"),
        f.get("diary_year"),
        f.get("diary_time"),
        f.get("diary_what"),
        f.get("diary_affected"),
        today,
    ) {
        Ok(entry) => {
            j.draft.diary.push(entry);
            j.save_and_go(&state, &path("evidence"), state.secure_cookies()).await
        }
        Err(errors) => view(&j, csrf, f, Errors(errors)),
    }
}

pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(expected): CsrfToken,
    form: Multipart,
) -> Result<Response, AppError> {
    let mut j = Journey::load(&state, &headers).await?;
    if let Some(r) = guard(&j) {
        return Ok(r);
    }
    let file = crate::upload::read(form, &expected).await?.file;
    let refuse = |message: String| Errors(vec![FieldError { field: "file".into(), message }]);
    let Some((name, bytes)) = file else {
        return view(&j, expected, Fields(vec![]), refuse("Select a file".into()));
    };
    if j.draft.files.len() >= MAX_FILES {
        return view(&j, expected, Fields(vec![]), refuse(format!("You can add up to {MAX_FILES} files to a report")));
    }
    let meta = match EvidenceFile::from_upload(&name, &bytes) {
        Ok(m) => m,
        Err(message) => return view(&j, expected, Fields(vec![]), refuse(message)),
    };
    let Some(token_hash) = j.token_hash() else { return Ok(Redirect::to("/report").into_response()) };
    state.store().store_draft_file(j.tenant.id, &token_hash, &meta, &bytes, jiff::Timestamp::now()).await?;
    j.draft.files.push(meta);
    j.save_and_go(&state, &path("evidence"), state.secure_cookies()).await
}

/// Take a diary entry or a file off the report before it is sent.
pub async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut j = Journey::load(&state, &headers).await?;
    if let Some(r) = guard(&j) {
        return Ok(r);
    }
    let item = Fields(raw).get("item").to_string();
    if let Some(i) = j.draft.diary.iter().enumerate().position(|(i, d)| diary_item(i, d) == item) {
        j.draft.diary.remove(i);
    } else if let Some(id) = item.strip_prefix("file-").and_then(|id| uuid::Uuid::parse_str(id).ok())
        && let Some(i) = j.draft.files.iter().position(|f| f.id == id)
    {
        if let Some(token_hash) = j.token_hash() {
            state.store().remove_draft_file(j.tenant.id, &token_hash, id).await?;
        }
        j.draft.files.remove(i);
    }
    // Anything else was already removed (a second click): the page shows what is left.
    j.save_and_go(&state, &path("evidence"), state.secure_cookies()).await
}

#[derive(serde::Deserialize)]
pub struct Empty {}

pub async fn done(
    State(state): State<AppState>,
    headers: HeaderMap,
    VerifiedForm(_): VerifiedForm<Empty>,
) -> Result<Response, AppError> {
    let mut j = Journey::load(&state, &headers).await?;
    if let Some(r) = guard(&j) {
        return Ok(r);
    }
    j.draft.evidence_done = true;
    let to = j.draft.next_step().map(path).unwrap_or_else(|| path("check"));
    j.save_and_go(&state, &to, state.secure_cookies()).await
}
