//! Reading a file-upload form (multipart), the same way wherever files come in (the report
//! journey, the case tracker, staff on a case): the CSRF token checked in constant time before
//! any file is read, the case version when the form carries one, and the file with its name
//! cleaned. The file is judged by content later (`EvidenceFile::from_upload`).
use crate::AppError;
use asbcase_domain::evidence::MAX_FILE_BYTES;
use axum::body::Bytes;
use axum::extract::Multipart;
use subtle::ConstantTimeEq;

pub struct Upload {
    /// The case version the form was drawn from, when it carries one.
    pub version: Option<i64>,
    /// The file's name as given (control characters removed, at most 200 characters) and its
    /// bytes; None when no file was chosen.
    pub file: Option<(String, Bytes)>,
}

/// Read the form; a missing or wrong CSRF token refuses it.
pub async fn read(mut form: Multipart, csrf: &str) -> Result<Upload, AppError> {
    let unreadable = || AppError::BadRequest("The upload could not be read: go back and try again.".into());
    let (mut token_ok, mut version, mut file) = (false, None, None);
    while let Some(field) = form.next_field().await.map_err(|_| unreadable())? {
        match field.name() {
            Some("csrf_token") => {
                let given = field.text().await.map_err(|_| unreadable())?;
                token_ok = bool::from(given.as_bytes().ct_eq(csrf.as_bytes()));
            }
            Some("version") => version = field.text().await.ok().and_then(|v| v.parse::<i64>().ok()),
            Some("file") if token_ok => {
                let name: String =
                    field.file_name().unwrap_or("").chars().filter(|c| !c.is_control()).take(200).collect();
                let bytes = field.bytes().await.map_err(|_| {
                    AppError::BadRequest(format!(
                        "The file could not be read: it must be smaller than {} MB.",
                        MAX_FILE_BYTES / (1024 * 1024)
                    ))
                })?;
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    if !token_ok {
        return Err(AppError::Csrf);
    }
    Ok(Upload { version, file: file.filter(|(n, b)| !n.is_empty() || !b.is_empty()) })
}
