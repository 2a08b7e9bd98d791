//! Open311 GeoReport v2 at `/open311/v2`, for FixMyStreet-style sites and partners' systems.
//!
//! Resources are named with their format (`services.xml`, `requests/{id}.json`). Partners send
//! a per-partner `api_key`; the key also says which partnership (and organisation) a report is
//! for. ASB reports are not public: without the key that sent a request, GET answers carry its
//! id, status, category and times, never descriptions, places or anything about people.
mod doc;
mod post;
mod query;
mod services;
mod updates;

use crate::AppState;
use asbcase_domain::open311::{jurisdiction_id, key_hash};
use asbcase_store::{Open311Key, Tenant};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
pub use doc::{Doc, Format, Node, Value, field};

/// Longest form or query string read.
const MAX_PARAMS_BYTES: usize = 64 * 1024;

pub(crate) fn routes() -> crate::Routes {
    let mut r = crate::Routes::new()
        .at("/open311/v2/{file}", get(get_top).post(post_top))
        .at("/open311/v2/services/{file}", get(services::definition))
        .at("/open311/v2/requests/{file}", get(query::one))
        .at("/open311/v2/tokens/{file}", get(query::token));
    r.router = r.router.layer(axum::extract::DefaultBodyLimit::max(MAX_PARAMS_BYTES));
    r
}

/// An answer in the spec's error format, with its HTTP status.
#[derive(Debug)]
pub struct Open311Error {
    pub status: StatusCode,
    pub messages: Vec<String>,
    pub format: Format,
}

impl Open311Error {
    pub fn new(status: StatusCode, format: Format, message: impl Into<String>) -> Open311Error {
        Open311Error { status, messages: vec![message.into()], format }
    }

    pub fn bad(format: Format, message: impl Into<String>) -> Open311Error {
        Open311Error::new(StatusCode::BAD_REQUEST, format, message)
    }

    fn internal(format: Format, e: impl std::fmt::Display) -> Open311Error {
        tracing::error!("open311: {e}");
        Open311Error::new(StatusCode::INTERNAL_SERVER_ERROR, format, "The service could not complete the request")
    }

    pub fn respond(&self) -> Response {
        let code = i64::from(self.status.as_u16());
        let items = self
            .messages
            .iter()
            .map(|m| vec![Node::Field("code", Value::Int(code)), field("description", m.as_str())])
            .collect();
        Doc::List("errors", "error", items).respond(self.status, self.format)
    }
}

pub type Answer = Result<Response, Open311Error>;

fn finish(a: Answer) -> Response {
    a.unwrap_or_else(|e| e.respond())
}

/// The format of a resource file name, or an error (in XML, the format every client reads).
pub fn format_of(file: &str) -> Result<(&str, Format), Open311Error> {
    Format::split(file)
        .ok_or_else(|| Open311Error::new(StatusCode::NOT_FOUND, Format::Xml, "Ask for a resource ending .xml or .json"))
}

/// Parameters from a query string or a form body, in order (repeats kept).
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn parse(text: &str, format: Format) -> Result<Params, Open311Error> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(text)
            .map(Params)
            .map_err(|_| Open311Error::bad(format, "The parameters could not be read: send them form-encoded in UTF-8"))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// Refuse a repeat of any of these single-valued parameters: which one was meant?
    pub fn once(&self, names: &[&str], format: Format) -> Result<(), Open311Error> {
        let repeated: Vec<String> = names
            .iter()
            .filter(|n| self.0.iter().filter(|(k, _)| k == *n).count() > 1)
            .map(|n| format!("{n} was given more than once"))
            .collect();
        if repeated.is_empty() {
            Ok(())
        } else {
            Err(Open311Error { status: StatusCode::BAD_REQUEST, messages: repeated, format })
        }
    }

    /// A comma-separated list parameter.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default()
    }

    /// `attribute[code]` and `attribute[code][]` pairs, as (code, value).
    pub fn attributes(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter_map(|(k, v)| {
                let code = k.strip_prefix("attribute[")?;
                let code = code.strip_suffix("[]").unwrap_or(code).strip_suffix(']')?;
                Some((code.to_string(), v.clone()))
            })
            .collect()
    }
}

/// Who is asking, and of which partnership.
pub struct Caller {
    pub tenant: Tenant,
    /// The partner's key, when a valid one was sent.
    pub key: Option<Open311Key>,
}

impl Caller {
    /// Work out the partnership from `jurisdiction_id` or the key; check the key if one was
    /// sent (a wrong key is refused, never treated as no key).
    pub async fn of(state: &AppState, p: &Params, format: Format) -> Result<Caller, Open311Error> {
        // Two keys (one in the body, one in the query) would leave in doubt who is asking.
        p.once(&["api_key", "jurisdiction_id"], format)?;
        let store = state.store();
        let internal = |e| Open311Error::internal(format, e);
        let key = match p.get("api_key") {
            None => None,
            Some(k) => match store.open311_key(&key_hash(k)).await.map_err(internal)? {
                Some(key) if key.revoked_at.is_none() => Some(key),
                Some(_) => {
                    return Err(Open311Error::new(StatusCode::FORBIDDEN, format, "This api_key has been revoked"));
                }
                None => return Err(Open311Error::new(StatusCode::FORBIDDEN, format, "The api_key is not valid")),
            },
        };
        let tenants = store.tenants().await.map_err(internal)?;
        let tenant = match (p.get("jurisdiction_id"), &key) {
            (Some(j), _) => tenants.into_iter().find(|t| jurisdiction_id(&t.name) == j).ok_or_else(|| {
                Open311Error::new(StatusCode::NOT_FOUND, format, format!("jurisdiction_id '{j}' was not found"))
            })?,
            (None, Some(k)) => tenants
                .into_iter()
                .find(|t| t.id == k.tenant)
                .ok_or_else(|| Open311Error::internal(format, "key of no tenant"))?,
            (None, None) if tenants.len() > 1 => {
                return Err(Open311Error::bad(
                    format,
                    "jurisdiction_id is required: this endpoint serves more than one partnership",
                ));
            }
            (None, None) => tenants.into_iter().next().ok_or_else(|| {
                Open311Error::new(StatusCode::NOT_FOUND, format, "No partnership is set up on this server yet")
            })?,
        };
        if key.as_ref().is_some_and(|k| k.tenant != tenant.id) {
            return Err(Open311Error::new(
                StatusCode::FORBIDDEN,
                format,
                "The api_key is not valid for this jurisdiction_id",
            ));
        }
        Ok(Caller { tenant, key })
    }

    /// The key, which this call needs.
    pub fn require_key(&self, format: Format) -> Result<&Open311Key, Open311Error> {
        self.key.as_ref().ok_or_else(|| Open311Error::new(StatusCode::FORBIDDEN, format, "An api_key is required"))
    }
}

async fn get_top(State(state): State<AppState>, Path(file): Path<String>, RawQuery(q): RawQuery) -> Response {
    finish(
        async {
            let (name, format) = format_of(&file)?;
            let p = Params::parse(q.as_deref().unwrap_or(""), format)?;
            match name {
                "discovery" => Ok(services::discovery(format)),
                "services" => services::list(&state, &p, format).await,
                "requests" => query::list(&state, &p, format).await,
                "servicerequestupdates" => updates::list(&state, &p, format).await,
                _ => Err(not_found(format)),
            }
        }
        .await,
    )
}

async fn post_top(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(q): RawQuery,
    body: axum::body::Bytes,
) -> Response {
    finish(
        async {
            let (name, format) = format_of(&file)?;
            let body =
                std::str::from_utf8(&body).map_err(|_| Open311Error::bad(format, "The request body must be UTF-8"))?;
            let mut p = Params::parse(body, format)?;
            // Some clients put api_key in the query string.
            p.0.extend(Params::parse(q.as_deref().unwrap_or(""), format)?.0);
            match name {
                "requests" => post::create(&state, &p, format).await,
                "servicerequestupdates" => updates::create(&state, &p, format).await,
                _ => Err(not_found(format)),
            }
        }
        .await,
    )
}

/// The rate limit: so many requests a minute per partner key when a live one is sent, else per
/// client address (a made-up key gets no allowance of its own). The key is read as the handlers
/// read it: for a POST the body's first, then the query's; for a GET the query's. The body (at
/// most [`MAX_PARAMS_BYTES`]) is read here for that, and handed on unchanged.
pub(crate) async fn limit(
    State(state): State<AppState>,
    client: crate::limits::Client,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let file = req.uri().path().rsplit('/').next().unwrap_or_default();
    let format = Format::split(file).map_or(Format::Xml, |(_, f)| f);
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PARAMS_BYTES).await else {
        return Open311Error::new(StatusCode::PAYLOAD_TOO_LARGE, format, "The request is too large").respond();
    };
    let body = (parts.method == axum::http::Method::POST).then(|| std::str::from_utf8(&bytes).ok()).flatten();
    let sent = [body, parts.uri.query()]
        .into_iter()
        .flatten()
        .flat_map(|text| serde_urlencoded::from_str::<Vec<(String, String)>>(text).unwrap_or_default())
        .find(|(k, v)| k == "api_key" && !v.trim().is_empty())
        .map(|(_, v)| key_hash(v.trim()));
    let live = match sent {
        Some(hash) => match state.store().open311_key(&hash).await {
            Ok(Some(k)) if k.revoked_at.is_none() => Some(hash),
            _ => None,
        },
        None => None,
    };
    let who = live.map_or_else(|| format!("address {}", client.0), |hash| format!("key {hash}"));
    if let Err(wait) = state.limiters().check(crate::Bucket::Open311, &who) {
        let secs = crate::limits::wait_seconds(wait);
        let mut res = Open311Error::new(
            StatusCode::TOO_MANY_REQUESTS,
            format,
            format!("Too many requests from this partner: try again in {secs} seconds"),
        )
        .respond();
        res.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(secs));
        return res;
    }
    next.run(axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes))).await
}

fn not_found(format: Format) -> Open311Error {
    Open311Error::new(StatusCode::NOT_FOUND, format, "There is no such resource: see discovery")
}

/// Read a W3C date-time parameter; it must carry a time zone.
pub fn date_param(p: &Params, name: &str, format: Format) -> Result<Option<jiff::Timestamp>, Open311Error> {
    match p.get(name) {
        None => Ok(None),
        Some(v) => v.parse::<jiff::Timestamp>().map(Some).map_err(|_| {
            Open311Error::bad(
                format,
                format!(
                    "{name} '{v}' is not a date and time in W3C format with a time zone, like 2026-11-23T14:30:00Z"
                ),
            )
        }),
    }
}
