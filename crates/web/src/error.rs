//! The one error type of the web layer, rendered as a GOV.UK-style error page.
use crate::page::{Layout, render_with_status};
use askama::Template;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("page not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    /// Not signed in: go to the sign-in page and come back to `next`.
    #[error("sign in required")]
    SignIn { next: String },
    /// Signed in with a password, the two-step code still to give.
    #[error("two-step code required")]
    SecondStep { next: String },
    /// Two-step sign-in is required of this person and not yet set up.
    #[error("two-step sign-in must be set up")]
    SetUpTwoStep,
    #[error("the form could not be checked")]
    Csrf,
    /// A resident's tracker visit has ended (or never began): ask for a new link.
    #[error("tracker visit ended")]
    VisitEnded,
    #[error("{0}")]
    BadRequest(String),
    /// Too many requests of one kind from one client: wait this long.
    #[error("too many requests")]
    TooMany { wait: std::time::Duration },
    #[error(transparent)]
    Store(#[from] asbcase_store::StoreError),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    title: &'static str,
    paragraphs: Vec<String>,
}

fn page(status: StatusCode, title: &'static str, paragraphs: Vec<String>) -> Response {
    render_with_status(status, &ErrorPage { layout: Layout::public(title), title, paragraphs })
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => page(
                StatusCode::NOT_FOUND,
                "Page not found",
                vec![
                    "If you typed the web address, check it is correct.".into(),
                    "If you pasted the web address, check you copied the entire address.".into(),
                    "If you followed a link to a case, it may belong to another organisation.".into(),
                ],
            ),
            AppError::Forbidden => page(
                StatusCode::FORBIDDEN,
                "You do not have access to this page",
                vec!["Your role does not include this page. Ask your team manager or administrator if you need it.".into()],
            ),
            AppError::SignIn { next } => {
                let to = format!("/sign-in?next={}", serde_urlencoded::to_string([("", &next)]).unwrap_or_default().trim_start_matches('='));
                Redirect::to(&to).into_response()
            }
            AppError::SecondStep { next } => {
                let to = format!("/sign-in/code?next={}", serde_urlencoded::to_string([("", &next)]).unwrap_or_default().trim_start_matches('='));
                Redirect::to(&to).into_response()
            }
            AppError::SetUpTwoStep => Redirect::to("/account/two-step").into_response(),
            AppError::VisitEnded => Redirect::to("/track?ended=1").into_response(),
            AppError::Csrf => page(
                StatusCode::BAD_REQUEST,
                "Sorry, we could not accept that form",
                vec!["The page may have been open for too long, or sent twice. Go back, reload the page and try again. Nothing was saved.".into()],
            ),
            AppError::TooMany { wait } => {
                let secs = crate::limits::wait_seconds(wait);
                let minutes = secs.div_ceil(60);
                let when = if minutes == 1 { "a minute".to_string() } else { format!("{minutes} minutes") };
                let mut res = page(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Please wait before trying again",
                    vec![
                        "We have had a lot of requests from your connection in a short time, so we have paused them to keep the service safe.".into(),
                        format!("Please try again in {when}. Nothing you have already sent us is lost: go back and try again then."),
                        "If someone is in immediate danger, call 999.".into(),
                    ],
                );
                res.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(secs));
                res
            }
            AppError::BadRequest(why) => page(StatusCode::BAD_REQUEST, "Sorry, there is a problem with that request", vec![why]),
            AppError::Store(e) => {
                tracing::error!(error = %e, "store error");
                server_error()
            }
            AppError::Template(e) => {
                tracing::error!(error = %e, "template error");
                server_error()
            }
        }
    }
}

fn server_error() -> Response {
    page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Sorry, there is a problem with the service",
        vec![
            "Try again later.".into(),
            "Anything you had already saved has been kept. If you were sending a form, it was not saved: go back and send it again.".into(),
        ],
    )
}

pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::api::no_such_address().await.into_response();
    }
    AppError::NotFound.into_response()
}

/// A panic while handling a request: log it and show the 500 page.
pub fn panic_page(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let msg = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = msg, "request handler panicked");
    server_error()
}
