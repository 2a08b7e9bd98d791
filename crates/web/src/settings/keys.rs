//! `/settings/open311-keys` and `/settings/api-tokens`: an organisation's administrators make
//! and revoke the keys partners' systems send reports with (their reports become the
//! organisation's cases) and the organisation's tokens for the JSON API, as the command line
//! does. A new key or token is shown once, in the answer to the form that made it (never in
//! an address, and kept only as its hash); revoking one stops it at once, since both are
//! looked up on every request. Each make and revoke is kept with who did it.
use super::Change;
use crate::auth::Staff;
use crate::cases::form::error;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::api::{TokenScope, new_token};
use asbcase_domain::credential::{Kind, NAME_MAX, NameProblem, check_name};
use asbcase_domain::open311::{jurisdiction_id, new_key};
use asbcase_domain::organisation::Role;
use asbcase_domain::time::{human, now};
use asbcase_store::{ApiToken, Open311Key, StoreError};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;

fn administers(staff: &Staff) -> Result<(), AppError> {
    if staff.has(Role::Administrator) { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Where a kind's pages are.
fn base(kind: Kind) -> &'static str {
    match kind {
        Kind::Open311Key => "/settings/open311-keys",
        Kind::ApiToken => "/settings/api-tokens",
    }
}

/// The last word of the kind's name, for sentences: "key", "token".
fn word(kind: Kind) -> &'static str {
    match kind {
        Kind::Open311Key => "key",
        Kind::ApiToken => "token",
    }
}

/// The kind's name for a heading: "Open311 keys", "API tokens".
fn plural(kind: Kind) -> String {
    format!("{}s", kind.noun())
}

/// One key or token as the pages show it: never its secret.
struct Held {
    id: uuid::Uuid,
    name: String,
    scope: Option<TokenScope>,
    created_at: Timestamp,
    created_by: Option<String>,
    /// Kept for tokens only.
    last_used_at: Option<Timestamp>,
    revoked_at: Option<Timestamp>,
    revoked_by: Option<String>,
}

impl From<ApiToken> for Held {
    fn from(t: ApiToken) -> Held {
        Held {
            id: t.id,
            name: t.name,
            scope: Some(t.scope),
            created_at: t.created_at,
            created_by: t.created_by,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
            revoked_by: t.revoked_by,
        }
    }
}

impl From<Open311Key> for Held {
    fn from(k: Open311Key) -> Held {
        Held {
            id: k.id,
            name: k.name,
            scope: None,
            created_at: k.created_at,
            created_by: k.created_by,
            last_used_at: None,
            revoked_at: k.revoked_at,
            revoked_by: k.revoked_by,
        }
    }
}

/// The administrator's organisation's keys (those whose reports become its cases) or tokens,
/// live and revoked, oldest first.
async fn held(state: &AppState, staff: &Staff, kind: Kind) -> Result<Vec<Held>, AppError> {
    let (tenant, org) = (staff.user.tenant, staff.user.organisation);
    let store = state.store();
    Ok(match kind {
        Kind::Open311Key => store.open311_keys_of(tenant, org).await?.into_iter().map(Held::from).collect(),
        Kind::ApiToken => store.api_tokens(tenant, org).await?.into_iter().map(Held::from).collect(),
    })
}

/// One of the organisation's keys or tokens, else "not found": another organisation's is
/// never shown, nor is whether it exists.
async fn one(state: &AppState, staff: &Staff, kind: Kind, id: &str) -> Result<Held, AppError> {
    let id = uuid::Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    held(state, staff, kind).await?.into_iter().find(|h| h.id == id).ok_or(AppError::NotFound)
}

struct Row {
    id: String,
    name: String,
    access: &'static str,
    made: String,
    made_by: String,
    last_used: String,
    live: bool,
    revoked: String,
    revoked_by: String,
}

impl Row {
    fn of(h: Held) -> Row {
        Row {
            id: h.id.to_string(),
            access: h.scope.map_or("", TokenScope::label),
            made: human(h.created_at),
            made_by: h.created_by.unwrap_or_default(),
            last_used: h.last_used_at.map_or_else(|| "Never".to_string(), human),
            live: h.revoked_at.is_none(),
            revoked: h.revoked_at.map(human).unwrap_or_default(),
            revoked_by: h.revoked_by.unwrap_or_default(),
            name: h.name,
        }
    }
}

#[derive(Template)]
#[template(path = "settings/keys.html")]
struct ListPage {
    layout: Layout,
    organisation: String,
    tokens: bool,
    base: &'static str,
    word: &'static str,
    rows: Vec<Row>,
    changes: Vec<Change>,
    /// What the success banner says after a revoke.
    revoked: Option<&'static str>,
}

async fn list(state: &AppState, staff: &Staff, kind: Kind, query: Option<&str>) -> Result<Response, AppError> {
    administers(staff)?;
    let rows = held(state, staff, kind).await?.into_iter().map(Row::of).collect();
    let (tenant, org) = (staff.user.tenant, staff.user.organisation);
    let changes = match kind {
        Kind::Open311Key => state.store().open311_key_changes(tenant, org).await?,
        Kind::ApiToken => state.store().api_token_changes(tenant, org).await?,
    };
    render(&ListPage {
        layout: staff.layout(&plural(kind), "/settings"),
        organisation: staff.organisation_name.clone(),
        tokens: kind == Kind::ApiToken,
        base: base(kind),
        word: word(kind),
        rows,
        changes: changes.into_iter().map(Change::from).collect(),
        revoked: (query == Some("revoked=1")).then_some(match kind {
            Kind::Open311Key => "The key is revoked: reports and requests with it are refused from now on.",
            Kind::ApiToken => "The token is revoked: requests with it are refused from now on.",
        }),
    })
}

struct Choice {
    value: &'static str,
    text: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "settings/key_new.html")]
struct NewPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    organisation: String,
    tokens: bool,
    base: &'static str,
    word: &'static str,
    name: String,
    scopes: Vec<Choice>,
}

fn form_page(
    staff: &Staff,
    csrf: String,
    kind: Kind,
    name: &str,
    scope: &str,
    errors: Errors,
) -> Result<Response, AppError> {
    let title = format!("Make an {}", kind.noun());
    let mut page = NewPage {
        layout: staff.layout(&title, "/settings"),
        csrf,
        organisation: staff.organisation_name.clone(),
        tokens: kind == Kind::ApiToken,
        base: base(kind),
        word: word(kind),
        name: name.to_string(),
        scopes: TokenScope::ALL
            .iter()
            .map(|s| Choice { value: s.as_str(), text: s.label(), checked: s.as_str() == scope })
            .collect(),
        errors,
    };
    page.layout.has_errors = page.errors.any();
    render(&page)
}

/// What is wrong with a name, in the form's words.
fn name_problem(kind: Kind, problem: NameProblem, typed: &str) -> String {
    match (problem, kind) {
        (NameProblem::Missing, Kind::Open311Key) => "Enter who will hold the key, like FixMyStreet".into(),
        (NameProblem::Missing, Kind::ApiToken) => {
            "Enter who or what will use the token, like Housing management system".into()
        }
        (NameProblem::TooLong, _) => format!("The name must be {NAME_MAX} characters or fewer"),
        (NameProblem::NotOneLine, _) => "The name must be on one line".into(),
        (NameProblem::Taken, _) => format!(
            "There is already a live {} called ‘{}’: revoke it first, or choose another name",
            word(kind),
            typed.trim()
        ),
    }
}

#[derive(Template)]
#[template(path = "settings/key_made.html")]
struct MadePage {
    layout: Layout,
    tokens: bool,
    base: &'static str,
    noun: &'static str,
    name: String,
    access: &'static str,
    secret: String,
    /// For a key: the partnership's jurisdiction_id and where the service answers.
    jurisdiction: String,
    endpoint: String,
}

/// Check and make a key or token; show its secret this once.
async fn make(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    kind: Kind,
    raw: Vec<(String, String)>,
) -> Result<Response, AppError> {
    administers(staff)?;
    let f = Fields(raw);
    let (typed, typed_scope) = (f.get("name"), f.get("scope"));
    let mut errors = vec![];
    let name = match check_name(typed) {
        Ok(name) => Some(name),
        Err(p) => {
            errors.push(error("name", name_problem(kind, p, typed)));
            None
        }
    };
    // Only a token has a scope; a key's form has none to choose.
    let scope = TokenScope::parse(typed_scope).filter(|_| kind == Kind::ApiToken);
    if kind == Kind::ApiToken && scope.is_none() {
        errors.push(error("scope", "Choose what the token may do"));
    }
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        return form_page(staff, csrf, kind, typed, typed_scope, Errors(errors));
    };
    let (tenant, org) = (staff.user.tenant, staff.user.organisation);
    let by = staff.changed_by();
    let store = state.store();
    // Everything the page shows is read before the credential is made, so that a failure to
    // read it cannot leave a live credential that was never shown.
    let jurisdiction = match kind {
        Kind::Open311Key => store.tenant(tenant).await?.map(|t| jurisdiction_id(&t.name)).unwrap_or_default(),
        Kind::ApiToken => String::new(),
    };
    let (id, secret, made) = match scope {
        Some(scope) => {
            let (secret, hash) = new_token();
            let t = ApiToken {
                tenant,
                id: uuid::Uuid::now_v7(),
                organisation: org,
                name: name.clone(),
                scope,
                created_at: now(),
                revoked_at: None,
                last_used_at: None,
                created_by: None,
                revoked_by: None,
            };
            (t.id, secret, store.create_api_token(&t, &hash, &by).await)
        }
        None => {
            let (secret, hash) = new_key();
            let k = Open311Key {
                tenant,
                id: uuid::Uuid::new_v4(),
                name: name.clone(),
                receiving_organisation: org,
                created_at: now(),
                revoked_at: None,
                created_by: None,
                revoked_by: None,
            };
            (k.id, secret, store.add_open311_key(&k, &hash, &by).await)
        }
    };
    match made {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => {
            let errors = Errors(vec![error("name", name_problem(kind, NameProblem::Taken, typed))]);
            return form_page(staff, csrf, kind, typed, typed_scope, errors);
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(user = %staff.user.id, %id, kind = kind.setting(), "credential made");
    let endpoint = state.public_link(match kind {
        Kind::Open311Key => "/open311/v2/discovery.xml",
        Kind::ApiToken => "/api/v1",
    });
    let title = format!("{} made", kind.noun());
    let mut res = render(&MadePage {
        layout: staff.layout(&title, "/settings"),
        tokens: kind == Kind::ApiToken,
        base: base(kind),
        noun: kind.noun(),
        name,
        access: scope.map_or("", TokenScope::label),
        secret,
        jurisdiction,
        endpoint,
    })?;
    // Shown once: never kept by the browser or anything between.
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[derive(Template)]
#[template(path = "settings/key_revoke.html")]
struct RevokePage {
    layout: Layout,
    csrf: String,
    tokens: bool,
    base: &'static str,
    word: &'static str,
    row: Row,
}

async fn confirm(state: &AppState, staff: &Staff, csrf: String, kind: Kind, id: &str) -> Result<Response, AppError> {
    administers(staff)?;
    let h = one(state, staff, kind, id).await?;
    if h.revoked_at.is_some() {
        return Ok(Redirect::to(base(kind)).into_response());
    }
    let title = format!("Revoke the {} ‘{}’?", word(kind), h.name);
    render(&RevokePage {
        layout: staff.layout(&title, "/settings"),
        csrf,
        tokens: kind == Kind::ApiToken,
        base: base(kind),
        word: word(kind),
        row: Row::of(h),
    })
}

async fn revoke(state: &AppState, staff: &Staff, kind: Kind, id: &str) -> Result<Response, AppError> {
    administers(staff)?;
    let h = one(state, staff, kind, id).await?;
    let (tenant, org) = (staff.user.tenant, staff.user.organisation);
    let by = staff.changed_by();
    let done = match kind {
        Kind::Open311Key => state.store().revoke_open311_key(tenant, org, h.id, &by, now()).await?,
        Kind::ApiToken => state.store().revoke_api_token(tenant, org, h.id, &by, now()).await?,
    };
    if done {
        tracing::info!(user = %staff.user.id, id = %h.id, kind = kind.setting(), "credential revoked");
    }
    // Already revoked (the button pressed twice): it is revoked all the same.
    Ok(Redirect::to(&format!("{}?revoked=1", base(kind))).into_response())
}

/// `GET /settings/open311-keys` (with `?revoked=1` after a revoke).
pub async fn open311_keys(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    list(&state, &staff, Kind::Open311Key, query.as_deref()).await
}

/// `GET /settings/open311-keys/new`.
pub async fn new_open311_key(staff: Staff, CsrfToken(csrf): CsrfToken) -> Result<Response, AppError> {
    administers(&staff)?;
    form_page(&staff, csrf, Kind::Open311Key, "", "", Errors(vec![]))
}

/// `POST /settings/open311-keys`: make one, and show it this once.
pub async fn make_open311_key(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    make(&state, &staff, csrf, Kind::Open311Key, raw).await
}

/// `GET /settings/open311-keys/{id}/revoke`: are they sure?
pub async fn confirm_open311_key_revoke(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    confirm(&state, &staff, csrf, Kind::Open311Key, &id).await
}

/// `POST /settings/open311-keys/{id}/revoke`.
pub async fn revoke_open311_key(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    VerifiedForm(_): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    revoke(&state, &staff, Kind::Open311Key, &id).await
}

/// `GET /settings/api-tokens` (with `?revoked=1` after a revoke).
pub async fn api_tokens(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    list(&state, &staff, Kind::ApiToken, query.as_deref()).await
}

/// `GET /settings/api-tokens/new`.
pub async fn new_api_token(staff: Staff, CsrfToken(csrf): CsrfToken) -> Result<Response, AppError> {
    administers(&staff)?;
    form_page(&staff, csrf, Kind::ApiToken, "", "", Errors(vec![]))
}

/// `POST /settings/api-tokens`: make one, and show it this once.
pub async fn make_api_token(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    make(&state, &staff, csrf, Kind::ApiToken, raw).await
}

/// `GET /settings/api-tokens/{id}/revoke`: are they sure?
pub async fn confirm_api_token_revoke(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    confirm(&state, &staff, csrf, Kind::ApiToken, &id).await
}

/// `POST /settings/api-tokens/{id}/revoke`.
pub async fn revoke_api_token(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    VerifiedForm(_): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    revoke(&state, &staff, Kind::ApiToken, &id).await
}
