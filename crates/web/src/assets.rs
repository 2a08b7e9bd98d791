//! The front-end files, compiled into the binary (see `static/README.md` for their origin).
use crate::AppError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

const FILES: &[(&str, &str, &[u8])] = &[
    ("app.css", "text/css; charset=utf-8", include_bytes!("../static/app.css")),
    ("govuk-frontend.min.js", "text/javascript; charset=utf-8", include_bytes!("../static/govuk-frontend.min.js")),
    ("js-enabled.js", "text/javascript; charset=utf-8", include_bytes!("../static/js-enabled.js")),
    ("app.mjs", "text/javascript; charset=utf-8", include_bytes!("../static/app.mjs")),
    ("favicon.svg", "image/svg+xml", include_bytes!("../static/favicon.svg")),
    ("LICENSE-govuk-frontend.txt", "text/plain; charset=utf-8", include_bytes!("../static/LICENSE-govuk-frontend.txt")),
    // The import guide and its templates, for the import page (docs/).
    ("import.md", "text/plain; charset=utf-8", include_bytes!("../../../docs/import.md")),
    ("import-cases-template.csv", "text/csv; charset=utf-8", include_bytes!("../../../docs/import-cases-template.csv")),
    (
        "import-contacts-template.csv",
        "text/csv; charset=utf-8",
        include_bytes!("../../../docs/import-contacts-template.csv"),
    ),
    (
        "import-interventions-template.csv",
        "text/csv; charset=utf-8",
        include_bytes!("../../../docs/import-interventions-template.csv"),
    ),
];

pub async fn serve(Path(file): Path<String>) -> Result<Response, AppError> {
    let (_, mime, body) = FILES.iter().find(|(name, _, _)| *name == file).ok_or(AppError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, *mime), (header::CACHE_CONTROL, "public, max-age=3600")], *body).into_response())
}
