//! The asbcase web application. Routes mirror what a user does: `auth` (signing in and out),
//! `cases` (lists and the case page), `overview` (a manager's counts), `health`.
//! Handlers stay thin: rules live in `asbcase_domain`, SQL in `asbcase_store`.

mod account;
mod api;
mod assets;
mod auth;
mod case_review;
mod cases;
mod csrf;
mod error;
mod health;
mod import;
mod information;
mod intake;
mod limits;
mod open311;
mod overview;
mod page;
mod panels;
mod partners;
mod performance;
mod privacy;
mod repeats;
mod report;
mod residents;
mod search;
mod settings;
mod support;
mod upload;
mod view;

use asbcase_store::Store;
use axum::Router;
use axum::routing::{get, post};
use std::sync::Arc;
use std::time::Duration;

pub use error::AppError;
pub use limits::{Bucket, RateLimits};

/// How the web application is set up.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Name shown in the header and page titles.
    pub service_name: String,
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Sign out after this long without a request.
    pub session_idle: Duration,
    /// Sign out after this long whatever happens.
    pub session_absolute: Duration,
    /// Where residents reach the service, for links in messages (tracker, survey), e.g.
    /// `https://asb.ashfordvale.gov.example`. The server sets it to its own address if not given.
    pub public_url: String,
    /// How much may be sent without an account.
    pub limits: RateLimits,
    /// How long the Import page's answer waits for the import to finish before showing how far
    /// it has got instead.
    pub import_wait: Duration,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            service_name: "ASB case management".into(),
            secure_cookies: false,
            session_idle: Duration::from_secs(60 * 60),
            session_absolute: Duration::from_secs(12 * 60 * 60),
            public_url: String::new(),
            limits: RateLimits::default(),
            import_wait: Duration::from_secs(5),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    config: WebConfig,
    /// Key for CSRF tokens, kept in the database so tokens survive a restart.
    csrf_key: Vec<u8>,
    limiters: limits::Limiters,
    /// One import from the admin pages at a time: a second is told to try later.
    importing: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Set up the application over a migrated store.
    pub async fn new(store: Store, config: WebConfig) -> Result<AppState, asbcase_store::StoreError> {
        page::set_service_name(&config.service_name);
        let fresh = hex::encode(rand::random::<[u8; 32]>());
        let key = store.setting_or_insert("csrf_key", &fresh).await?;
        let limiters = limits::Limiters::new(&config.limits);
        Ok(AppState {
            inner: Arc::new(Inner {
                store,
                config,
                csrf_key: key.into_bytes(),
                limiters,
                importing: Arc::new(tokio::sync::Semaphore::new(1)),
            }),
        })
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The one import allowed at a time, if none is running.
    pub(crate) fn start_import(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.inner.importing.clone().try_acquire_owned().ok()
    }

    pub fn config(&self) -> &WebConfig {
        &self.inner.config
    }

    pub(crate) fn limiters(&self) -> &limits::Limiters {
        &self.inner.limiters
    }

    /// Count one more request of this kind from `client`; too many is an error that asks
    /// them to wait.
    pub(crate) fn limit(&self, bucket: Bucket, client: &limits::Client) -> Result<(), AppError> {
        self.inner.limiters.check(bucket, &client.0).map_err(|wait| {
            tracing::warn!(client = %client.0, ?bucket, "rate limit reached");
            AppError::TooMany { wait }
        })
    }

    /// A keyed hash (HMAC-SHA256 with the server's secret) of `s`: for counting things about
    /// residents without keeping anything that can be turned back into their details.
    pub fn keyed_hash(&self, s: &str) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&self.inner.csrf_key).expect("HMAC takes any key length");
        mac.update(b"asbcase-residents:");
        mac.update(s.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Whether cookies must be marked `Secure`: set so, or residents reach us over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.inner.config.secure_cookies || self.inner.config.public_url.starts_with("https://")
    }

    /// An absolute address on the public side of the service, for a link in a message.
    pub fn public_link(&self, path: &str) -> String {
        format!("{}{path}", self.inner.config.public_url.trim_end_matches('/'))
    }
}

/// Routes as they are registered: the router, and the path of each, so that the
/// authorisation matrix test can find a route that has no row.
pub(crate) struct Routes {
    pub router: Router<AppState>,
    pub paths: Vec<&'static str>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes { router: Router::new(), paths: vec![] }
    }

    pub fn at(mut self, path: &'static str, handlers: axum::routing::MethodRouter<AppState>) -> Routes {
        self.paths.push(path);
        self.router = self.router.route(path, handlers);
        self
    }
}

/// The pages and forms.
fn pages() -> Routes {
    Routes::new()
        .at("/", get(auth::home))
        .at("/sign-in", get(auth::sign_in_page).post(auth::sign_in))
        .at("/invite/{token}", get(account::invite::show).post(account::invite::choose))
        .at("/sign-out", post(auth::sign_out))
        .at("/report", get(report::start))
        .at("/report/danger", get(report::danger_page).post(report::danger))
        .at("/report/emergency", get(report::emergency))
        .at("/report/what", get(report::what_page).post(report::what))
        .at("/report/where", get(report::where_page).post(report::where_))
        .at("/report/risk", get(report::risk_page).post(report::risk))
        .at("/report/about", get(report::about_page).post(report::about))
        .at("/report/evidence", get(report::evidence::page).post(report::evidence::done))
        .at("/report/evidence/diary", post(report::evidence::add_diary))
        .at("/report/evidence/remove", post(report::evidence::remove))
        .at(
            "/report/evidence/upload",
            post(report::evidence::upload)
                .layer(axum::extract::DefaultBodyLimit::max(asbcase_domain::evidence::MAX_FILE_BYTES + 64 * 1024)),
        )
        .at("/report/contact", get(report::contact_page).post(report::contact))
        .at("/report/check", get(report::check_page).post(report::submit))
        .at("/report/done", get(report::done))
        .at("/track", get(residents::request::page).post(residents::request::send))
        .at("/track/case", get(residents::tracker::show))
        .at(
            "/track/case/file",
            get(residents::send::show_file)
                .post(residents::send::upload)
                .layer(axum::extract::DefaultBodyLimit::max(asbcase_domain::evidence::MAX_FILE_BYTES + 64 * 1024)),
        )
        .at("/track/case/{what}", get(residents::send::show).post(residents::send::submit))
        .at("/track/leave", post(residents::visit::leave))
        .at("/track/left", get(residents::visit::left))
        .at("/track/{token}", get(residents::visit::show).post(residents::visit::follow))
        .at("/survey/{token}", get(residents::survey::show).post(residents::survey::answer))
        .at("/intake", get(intake::form).post(intake::record))
        .at("/cases", get(cases::list))
        .at("/cases/export.csv", get(cases::export::export))
        .at("/cases/saved", get(cases::saved::index).post(cases::saved::save))
        .at("/cases/saved/new", get(cases::saved::new))
        .at("/cases/saved/{id}/remove", post(cases::saved::remove))
        .at("/cases/{reference}", get(cases::show))
        .at("/cases/{reference}/evidence/{id}", get(cases::evidence::download))
        .at("/cases/{reference}/access-log", get(cases::who_looked::show))
        .at("/cases/{reference}/risk", get(cases::risk::form).post(cases::risk::change))
        .at("/triage", get(cases::triage::queue))
        .at("/worklist", get(cases::worklist::show))
        .at("/cases/{reference}/triage", get(cases::triage::show).post(cases::triage::decide))
        .at(
            "/cases/{reference}/file",
            get(cases::files::show)
                .post(cases::files::upload)
                .layer(axum::extract::DefaultBodyLimit::max(asbcase_domain::evidence::MAX_FILE_BYTES + 64 * 1024)),
        )
        .at("/cases/{reference}/update", get(cases::update::show).post(cases::update::send))
        .at("/cases/{reference}/{form}", get(cases::work::show).post(cases::work::submit))
        .at("/cases/{reference}/actions/{id}/done", post(cases::work::action_done))
        .at("/cases/{reference}/evidence/{seq}/reviewed", post(cases::work::evidence_reviewed))
        .at(
            "/cases/{reference}/interventions/{id}/{form}",
            get(cases::interventions::show).post(cases::interventions::submit),
        )
        .at("/shared", get(partners::shared::list))
        .at("/referrals", get(partners::shared::referrals))
        .at("/referrals/{id}", get(partners::referral::show))
        .at("/referrals/{id}/{what}", post(partners::referral::submit))
        .at("/support", get(support::directory))
        .at("/information", get(information::index))
        .at("/information/{slug}", get(information::show))
        .at("/settings", get(settings::index))
        .at("/settings/service-standards", get(settings::standards::form).post(settings::standards::set))
        .at("/settings/homes", get(settings::homes::form).post(settings::homes::set))
        .at("/settings/organisations", get(settings::organisations::list).post(settings::organisations::add))
        .at("/settings/organisations/new", get(settings::organisations::new))
        .at("/settings/organisations/{id}", get(settings::organisations::show))
        .at("/settings/organisations/{id}/homes", post(settings::organisations::homes))
        .at("/settings/organisations/{id}/administrator", post(settings::organisations::administrator))
        .at("/settings/messages", get(settings::messages::list))
        .at("/settings/messages/{kind}/{medium}", get(settings::messages::form).post(settings::messages::submit))
        .at("/settings/messages/{kind}/{medium}/reset", post(settings::messages::reset))
        .at("/settings/patches", get(settings::patches::form).post(settings::patches::set))
        .at("/settings/case-review", get(settings::review_rules::index).post(settings::review_rules::add))
        .at("/settings/case-review/new", get(settings::review_rules::new))
        .at("/settings/questionnaire", get(settings::questionnaire::index).post(settings::questionnaire::save))
        .at("/settings/questionnaire/new", get(settings::questionnaire::new))
        .at("/settings/categories", get(settings::categories::index).post(settings::categories::add))
        .at("/settings/categories/new", get(settings::categories::new))
        .at("/settings/categories/{code}", get(settings::categories::edit).post(settings::categories::change))
        .at("/settings/retention", get(settings::retention::form).post(settings::retention::set))
        .at("/settings/users", get(settings::users::list).post(settings::invite::invite))
        .at("/settings/users/new", get(settings::invite::new))
        .at("/settings/users/{id}", get(settings::users::show).post(settings::users::change))
        .at("/settings/users/{id}/invite", post(settings::invite::again))
        .at("/settings/users/{id}/two-step", post(settings::users::reset_two_step))
        .at("/settings/open311-keys", get(settings::keys::open311_keys).post(settings::keys::make_open311_key))
        .at("/settings/open311-keys/new", get(settings::keys::new_open311_key))
        .at(
            "/settings/open311-keys/{id}/revoke",
            get(settings::keys::confirm_open311_key_revoke).post(settings::keys::revoke_open311_key),
        )
        .at("/settings/api-tokens", get(settings::keys::api_tokens).post(settings::keys::make_api_token))
        .at("/settings/api-tokens/new", get(settings::keys::new_api_token))
        .at(
            "/settings/api-tokens/{id}/revoke",
            get(settings::keys::confirm_api_token_revoke).post(settings::keys::revoke_api_token),
        )
        .at("/public-pages", get(information::edit::list))
        .at("/public-pages/{slug}", get(information::edit::form).post(information::edit::submit))
        .at("/case-review", get(case_review::apply::public_form).post(case_review::apply::public_submit))
        .at("/case-review/sent", get(case_review::apply::sent))
        .at("/case-review/figures", get(case_review::figures::show))
        .at("/case-review/feedback/{token}", get(case_review::feedback::show).post(case_review::feedback::answer))
        .at("/case-reviews", get(case_review::detected::list))
        .at("/case-reviews/offers", post(case_review::detected::offered))
        .at("/case-reviews/new", get(case_review::apply::staff_form).post(case_review::apply::staff_submit))
        .at("/case-reviews/{reference}", get(case_review::show::show))
        .at("/case-reviews/{reference}/{step}", get(case_review::steps::show).post(case_review::steps::submit))
        .at("/panels", get(panels::list).post(panels::create))
        .at("/panels/{id}", get(panels::show))
        .at("/panels/{id}/cases", post(panels::add))
        .at("/panels/{id}/cases/{reference}", get(panels::decision_form).post(panels::decide))
        .at("/search", get(search::search))
        .at("/repeats", get(repeats::list))
        .at("/hotspots", get(repeats::hotspots_page))
        .at("/sign-in/code", get(account::two_step::code_form).post(account::two_step::code_submit))
        .at("/account", get(account::show))
        .at("/account/password", get(account::password::form).post(account::password::change))
        .at("/account/two-step", get(account::two_step::setup).post(account::two_step::confirm))
        .at("/account/two-step/off", post(account::two_step::turn_off))
        .at("/account/sign-out-everywhere", post(account::sign_out_everywhere))
        .at("/overview", get(overview::show))
        .at("/performance", get(performance::dashboard::show))
        .at("/performance/report", get(performance::dashboard::report))
        .at("/performance/cases", get(performance::drill::show))
        .at("/performance/targets", get(performance::targets::show).post(performance::targets::set))
        .at("/our-performance", get(performance::public::index))
        .at("/our-performance/{org}", get(performance::public::figures))
        .at(
            "/import",
            get(import::page).post(import::check).layer(axum::extract::DefaultBodyLimit::max(import::MAX_BYTES)),
        )
        .at("/import/{id}", get(import::status))
        .at("/privacy", get(privacy::index))
        .at("/privacy/people/{id}", get(privacy::person))
        .at("/privacy/people/{id}/bundle/{format}", get(privacy::bundle))
        .at("/privacy/people/{id}/erase", post(privacy::erase))
        .at("/health", get(health::health))
        .at("/assets/{file}", get(assets::serve))
}

/// The path of every route the application answers, pages and API.
pub fn route_paths() -> Vec<&'static str> {
    let mut paths = pages().paths;
    paths.extend(open311::routes().paths);
    paths.extend(api::routes().paths);
    paths
}

/// Every route of the application.
pub fn router(state: AppState) -> Router {
    pages()
        .router
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::ensure_cookie))
        // The API keeps no cookies: it is merged after the CSRF cookie layer.
        .merge(open311::routes().router.layer(axum::middleware::from_fn_with_state(state.clone(), open311::limit)))
        .merge(api::routes().router)
        .layer(axum::middleware::from_fn_with_state(state.clone(), page::security_headers))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(error::panic_page))
        // Requests are traced by path only: a query string can hold a name or phone number
        // searched for.
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(
            |req: &axum::http::Request<axum::body::Body>| {
                tracing::debug_span!("request", method = %req.method(), path = %req.uri().path())
            },
        ))
        .with_state(state)
}

/// Serve until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}
