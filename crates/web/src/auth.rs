//! Signing in and out, and the signed-in member of staff.
use crate::csrf::{CsrfToken, VerifiedForm, cookie};
use crate::page::{Layout, NavItem, render};
use crate::{AppError, AppState};
use asbcase_domain::organisation::{CaseAccess, Role, case_access, sees_overview};
use asbcase_domain::{password, signin};
use asbcase_store::{Session, User};
use askama::Template;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "asbcase_session";

/// The signed-in member of staff.
pub struct Staff {
    pub user: User,
    pub organisation_name: String,
    /// A case officer or team manager of the organisation that runs the partnership's case
    /// reviews (its single point of contact).
    pub runs_reviews: bool,
    /// An administrator of the organisation the public's reports go to, who changes the
    /// public information pages.
    pub publishes: bool,
    pub csrf: String,
    token_hash: String,
}

impl Staff {
    pub fn has(&self, role: Role) -> bool {
        self.user.has(role)
    }

    /// Who made a change, as the history of settings keeps it: "Helen Marsh (helen@…)".
    pub fn changed_by(&self) -> String {
        format!("{} ({})", self.user.name, self.user.email)
    }

    pub fn sees_cases(&self) -> bool {
        case_access(&self.user.roles) == CaseAccess::Organisation
    }

    /// Sign this person out of every other browser (after a password change).
    pub async fn end_other_sessions(&self, state: &AppState) -> Result<u64, AppError> {
        Ok(state.store().delete_other_sessions(self.user.tenant, self.user.id, &self.token_hash).await?)
    }

    pub fn sees_overview(&self) -> bool {
        sees_overview(&self.user.roles)
    }

    /// The layout for a page this person is looking at; `active` is the current section.
    pub fn layout(&self, title: &str, active: &str) -> Layout {
        let mut nav = vec![];
        if self.sees_cases() {
            if self.has(Role::CaseOfficer) {
                nav.push(NavItem { href: "/worklist", text: "My worklist", active: active == "/worklist" });
            }
            nav.push(NavItem { href: "/cases", text: "Cases", active: active == "/cases" });
            if self.has(Role::CaseOfficer) || self.has(Role::TeamManager) {
                nav.push(NavItem { href: "/triage", text: "Triage", active: active == "/triage" });
            }
            nav.push(NavItem { href: "/intake", text: "Record a report", active: active == "/intake" });
            nav.push(NavItem { href: "/shared", text: "Shared with us", active: active == "/shared" });
            nav.push(NavItem { href: "/referrals", text: "Referrals", active: active == "/referrals" });
            if self.runs_reviews {
                nav.push(NavItem { href: "/case-reviews", text: "Case reviews", active: active == "/case-reviews" });
            }
            if self.has(Role::CaseOfficer) || self.has(Role::TeamManager) {
                nav.push(NavItem { href: "/repeats", text: "Repeats", active: active == "/repeats" });
            }
            nav.push(NavItem { href: "/panels", text: "Case panels", active: active == "/panels" });
        }
        if self.sees_cases() || self.sees_overview() {
            nav.push(NavItem { href: "/hotspots", text: "Hotspots", active: active == "/hotspots" });
        }
        if self.sees_overview() {
            nav.push(NavItem { href: "/overview", text: "Overview", active: active == "/overview" });
            nav.push(NavItem { href: "/performance", text: "Performance", active: active == "/performance" });
        }
        if self.has(Role::Administrator) {
            nav.push(NavItem { href: "/import", text: "Import", active: active == "/import" });
            nav.push(NavItem { href: "/privacy", text: "Personal data", active: active == "/privacy" });
        }
        if crate::settings::sets(self) {
            let here = active == "/settings" || active == "/public-pages";
            nav.push(NavItem { href: "/settings", text: "Settings", active: here });
        }
        Layout {
            user: Some((self.user.name.clone(), self.organisation_name.clone())),
            nav,
            csrf: self.csrf.clone(),
            search: self.sees_cases().then(String::new),
            ..Layout::public(title)
        }
    }
}

/// Whether `user` must use two-step sign-in (administrators always; everyone where the
/// partnership requires it).
pub async fn two_step_required(state: &AppState, user: &User) -> Result<bool, AppError> {
    let everyone = state.store().mfa_for_everyone(user.tenant).await?;
    Ok(asbcase_domain::mfa::required(&user.roles, everyone))
}

pub(crate) fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn expired(state: &AppState, s: &Session, now: Timestamp) -> bool {
    let idle = SignedDuration::try_from(state.config().session_idle).unwrap_or(SignedDuration::ZERO);
    let absolute = SignedDuration::try_from(state.config().session_absolute).unwrap_or(SignedDuration::ZERO);
    now.duration_since(s.last_seen_at) > idle || now.duration_since(s.created_at) > absolute
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let next = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
        let sign_in = || AppError::SignIn { next: next.clone() };
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(sign_in)?;
        let token_hash = hash_token(&token);
        let store = state.store();
        let session = store.session(&token_hash).await?.ok_or_else(sign_in)?;
        let now = Timestamp::now();
        if expired(state, &session, now) {
            store.delete_session(&token_hash).await?;
            return Err(sign_in());
        }
        let user = store.user(session.tenant, session.user).await?.ok_or_else(sign_in)?;
        if !user.active {
            store.delete_session(&token_hash).await?;
            return Err(sign_in());
        }
        if session.mfa_pending {
            return Err(AppError::SecondStep { next: next.clone() });
        }
        // Two-step sign-in required and not yet set up: only the pages that set it up.
        let path = parts.uri.path();
        if !path.starts_with("/account") && two_step_required(state, &user).await? {
            let on = store.user_mfa(user.tenant, user.id).await?.is_some_and(|m| m.confirmed);
            if !on {
                return Err(AppError::SetUpTwoStep);
            }
        }
        store.touch_session(&token_hash, now).await?;
        let organisation_name =
            store.organisation(user.tenant, user.organisation).await?.map(|o| o.name).unwrap_or_default();
        let csrf = CsrfToken::from_request_parts(parts, state).await?.0;
        let runs_reviews = (user.has(Role::CaseOfficer) || user.has(Role::TeamManager))
            && store.case_review_lead_org(user.tenant).await?.is_some_and(|o| o.id == user.organisation);
        let publishes = user.has(Role::Administrator)
            && store.report_receiver(user.tenant).await?.is_some_and(|o| o.id == user.organisation);
        Ok(Staff { user, organisation_name, runs_reviews, publishes, csrf, token_hash })
    }
}

/// `/`: where a member of staff starts.
pub async fn home(State(state): State<AppState>, req: axum::extract::Request) -> Response {
    let (mut parts, _) = req.into_parts();
    match Staff::from_request_parts(&mut parts, &state).await {
        Ok(staff) => Redirect::to(landing(&staff.user)).into_response(),
        Err(AppError::SignIn { .. }) => Redirect::to("/sign-in").into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    csrf: String,
    next: String,
    email: String,
    errors: Vec<(&'static str, String)>,
    email_error: Option<String>,
    password_error: Option<String>,
    /// Signed out on every browser just now.
    everywhere: bool,
    /// Arrived from choosing a password with an invitation.
    chosen: bool,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    /// Arrived from "Sign out everywhere".
    everywhere: Option<String>,
    /// Arrived from choosing a password with an invitation.
    chosen: Option<String>,
}

/// Only paths on this site: never an open redirect.
pub(crate) fn safe_next(next: Option<&str>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && n.len() < 512)
        .map(str::to_string)
}

pub async fn sign_in_page(CsrfToken(csrf): CsrfToken, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    render(&SignInPage {
        layout: Layout::public("Sign in"),
        csrf,
        next: safe_next(q.next.as_deref()).unwrap_or_default(),
        email: String::new(),
        errors: vec![],
        email_error: None,
        password_error: None,
        everywhere: q.everywhere.is_some(),
        chosen: q.chosen.is_some(),
    })
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// The same hash shape as real ones, verified when the email is unknown so that an unknown
/// address takes as long as a wrong password.
pub(crate) fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| password::hash("decoy password that matches nothing"))
}

pub async fn sign_in(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    client: crate::limits::Client,
    VerifiedForm(form): VerifiedForm<SignInForm>,
) -> Result<Response, AppError> {
    state.limit(crate::Bucket::SignIn, &client)?;
    let email = form.email.trim().to_lowercase();
    let next = safe_next(Some(&form.next));
    let mut page = SignInPage {
        layout: Layout::public("Sign in"),
        csrf,
        next: next.clone().unwrap_or_default(),
        email: form.email.trim().to_string(),
        errors: vec![],
        email_error: None,
        password_error: None,
        everywhere: false,
        chosen: false,
    };
    if email.is_empty() {
        page.email_error = Some("Enter your email address".into());
        page.errors.push(("email", "Enter your email address".into()));
    }
    if form.password.is_empty() {
        page.password_error = Some("Enter your password".into());
        page.errors.push(("password", "Enter your password".into()));
    }
    if !page.errors.is_empty() {
        page.layout.has_errors = true;
        return render(&page);
    }
    let store = state.store();
    let now = Timestamp::now();
    // Repeated failures for an address slow every further attempt at it, then lock it out for
    // a while (the same for an address we do not know, so nothing is given away). Attempts
    // during a lock-out are not checked, and do not lengthen it.
    if let Some((failures, last)) = store.login_failures(&email).await? {
        if let Some(until) = signin::locked_until(failures, last, now) {
            let msg = locked_message(until);
            page.email_error = Some(msg.clone());
            page.errors.push(("email", msg));
            page.layout.has_errors = true;
            return render(&page);
        }
        let delay = signin::delay_after(failures, now.duration_since(last));
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
    }
    let user = store.user_by_email(&email).await?;
    // Someone invited who has not chosen a password takes as long to refuse as anyone else.
    let hash = user.as_ref().map(|u| u.password_hash.as_str()).filter(|h| !h.is_empty()).unwrap_or(decoy_hash());
    let hash = hash.to_string();
    let pw = form.password.clone();
    let ok = tokio::task::spawn_blocking(move || password::verify(&pw, &hash)).await.unwrap_or(false);
    let user = match user {
        Some(u) if ok && u.active => u,
        _ => {
            store.record_login_failure(&email, now).await?;
            tracing::info!(email = %email, "failed sign-in");
            let msg = "Enter a correct email address and password".to_string();
            page.email_error = Some(msg.clone());
            page.errors.push(("email", msg));
            page.layout.has_errors = true;
            return render(&page);
        }
    };
    // With two-step sign-in on, the session waits for the code before it counts.
    let two_step = store.user_mfa(user.tenant, user.id).await?.is_some_and(|m| m.confirmed);
    if !two_step {
        store.clear_login_failures(&email).await?;
    }
    let token = hex::encode(rand::random::<[u8; 32]>());
    store
        .create_session(&Session {
            token_hash: hash_token(&token),
            tenant: user.tenant,
            user: user.id,
            created_at: now,
            last_seen_at: now,
            mfa_pending: two_step,
        })
        .await?;
    let to = match (two_step, next) {
        (true, next) => format!(
            "/sign-in/code?next={}",
            serde_urlencoded::to_string([("", next.unwrap_or_default())]).unwrap_or_default().trim_start_matches('=')
        ),
        (false, next) => next.unwrap_or_else(|| landing(&user).to_string()),
    };
    let mut res = Redirect::to(&to).into_response();
    let secure = if state.secure_cookies() { "; Secure" } else { "" };
    let c = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}");
    res.headers_mut().append(SET_COOKIE, HeaderValue::from_str(&c).map_err(|e| AppError::BadRequest(e.to_string()))?);
    Ok(res)
}

/// What someone locked out is told.
pub(crate) fn locked_message(until: Timestamp) -> String {
    let at = until.to_zoned(asbcase_domain::time::london());
    format!(
        "Too many tries: you can try again after {}. If you have forgotten your password, ask your administrator",
        at.strftime("%-I:%M%P")
    )
}

/// Where someone lands after signing in.
pub fn landing(user: &User) -> &'static str {
    if user.has(Role::CaseOfficer) && !user.has(Role::TeamManager) {
        "/worklist"
    } else if case_access(&user.roles) == CaseAccess::Organisation && !user.has(Role::TeamManager) {
        "/cases"
    } else {
        "/overview"
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn sign_out(
    State(state): State<AppState>,
    staff: Staff,
    VerifiedForm(_): VerifiedForm<Empty>,
) -> Result<Response, AppError> {
    state.store().delete_session(&staff.token_hash).await?;
    let mut res = Redirect::to("/sign-in").into_response();
    let c = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    if let Ok(v) = HeaderValue::from_str(&c) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}
