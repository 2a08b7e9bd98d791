//! What every page shares: the layout's data, rendering, and security headers.
use crate::AppError;
use askama::Template;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use std::sync::OnceLock;

static SERVICE_NAME: OnceLock<String> = OnceLock::new();

pub fn set_service_name(name: &str) {
    let _ = SERVICE_NAME.set(name.to_string());
}

pub(crate) fn service_name() -> String {
    SERVICE_NAME.get().cloned().unwrap_or_else(|| "ASB case management".into())
}

/// A navigation link in the header.
pub struct NavItem {
    pub href: &'static str,
    pub text: &'static str,
    pub active: bool,
}

/// The data the layout template needs.
pub struct Layout {
    pub service_name: String,
    pub title: String,
    pub has_errors: bool,
    /// Signed-in member of staff, if any: name and organisation.
    pub user: Option<(String, String)>,
    pub nav: Vec<NavItem>,
    /// CSRF token for the sign-out form.
    pub csrf: String,
    /// The search box, for staff who see cases: what it holds.
    pub search: Option<String>,
}

impl Layout {
    /// A page for someone not signed in.
    pub fn public(title: &str) -> Layout {
        Layout {
            service_name: service_name(),
            title: title.to_string(),
            has_errors: false,
            user: None,
            nav: vec![],
            csrf: String::new(),
            search: None,
        }
    }
}

pub fn render(t: &impl Template) -> Result<Response, AppError> {
    Ok(Html(t.render()?).into_response())
}

pub fn render_with_status(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page did not render");
            (status, "Sorry, there is a problem with the service").into_response()
        }
    }
}

pub async fn security_headers(State(state): State<crate::AppState>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // No inline script or style anywhere: every script is a file of ours.
    let csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    let set = |h: &mut axum::http::HeaderMap, k, v: &str| {
        if let Ok(v) = HeaderValue::from_str(v) {
            h.entry(k).or_insert(v);
        }
    };
    set(h, header::CONTENT_SECURITY_POLICY, csp);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "same-origin");
    // Reached over HTTPS: browsers are told to use nothing else.
    if state.secure_cookies() {
        set(h, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    if h.get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html")) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}
