//! Persistence for asbcase: one [`Store`] API over SQLite (the embedded default) and
//! PostgreSQL (production).
//!
//! The queries are written once, in `queries/`, as plain functions over a type alias `Db`.
//! That folder is compiled twice, once inside `sqlite` with `Db = Sqlite` and once inside
//! `postgres` with `Db = Postgres`, so each copy is checked by the compiler against its own
//! driver with concrete types (no generic `where` lists, no `sqlx::Any`). What is not portable
//! (connection options, test databases, migrations) lives in those two modules.
//! [`Store`] picks the backend from the URL scheme and dispatches each call.

mod records;
pub mod testing;
mod types;

pub use kpi::complaints_rules;
pub use records::*;
pub use types::Ts;

use asbcase_domain::case::Case;
use asbcase_domain::category::Category;
use asbcase_domain::event::{ChainBreak, Event};
use asbcase_domain::evidence::EvidenceFile;
use asbcase_domain::party::Person;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::{CaseId, OrganisationId, TenantId, UserId};
use jiff::Timestamp;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Connect(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not update the database schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the case was changed by someone else at the same time; try again")]
    Conflict,
    #[error("{0} already exists")]
    Duplicate(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Whether the database was only busy: another writer held the lock past the wait, a
    /// deadlock or serialisation failure, a lost connection, no connection free in time.
    /// Trying again later may succeed; nothing is wrong with what was being written. (Not a
    /// statement timeout: the same statement may time out every time.)
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::PoolTimedOut | sqlx::Error::Io(_)) => true,
            // SQLite's BUSY and LOCKED and their extended codes; PostgreSQL's serialisation
            // failure, deadlock and lock not available.
            StoreError::Database(sqlx::Error::Database(d)) => matches!(
                d.code().as_deref(),
                Some("5" | "6" | "261" | "262" | "517" | "518" | "773" | "40001" | "40P01" | "55P03")
            ),
            _ => false,
        }
    }

    pub(crate) fn from_insert(e: sqlx::Error, what: &str) -> StoreError {
        match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate(what.into()),
            _ => StoreError::Database(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

mod postgres;
mod sqlite;

/// The database, whichever backend it is.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

macro_rules! dispatch {
    ($self:ident . $f:ident ( $($arg:expr),* )) => {
        match $self {
            Store::Sqlite(pool) => sqlite::q::$f(pool, $($arg),*).await,
            Store::Postgres(pool) => postgres::q::$f(pool, $($arg),*).await,
        }
    };
}

// Store calls kept in files of their own (they use `dispatch!`, so they come after it).
mod api_tokens;
mod case_reviews;
mod config;
mod export;
pub use export::{ExportTable, TABLES as EXPORT_TABLES};
mod imports;
mod information;
mod invites;
mod kpi;
mod mfa;
mod open311;
mod organisations;
mod partnership;
mod privacy;
pub use privacy::{Erasure, RetentionRun};
mod residents;
mod search;
mod templates;
pub use templates::OwnWording;
mod webhooks;
pub use webhooks::{Attempt, DeliveryStatus, DueDelivery, WebhookDelivery, WebhookSubscription};

/// Which backend a URL names.
pub fn backend_of(url: &str) -> Result<&'static str> {
    if url.starts_with("sqlite:") {
        Ok("sqlite")
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok("postgres")
    } else {
        Err(StoreError::Connect(format!(
            "database URL '{}' is not supported: use sqlite://path/to/file.db or postgres://user@host:port/database",
            redact(url)
        )))
    }
}

/// A URL with any password replaced, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Store {
    /// Open the database a URL names (creating a SQLite file on first use). Does not migrate.
    pub async fn connect(url: &str) -> Result<Store> {
        match backend_of(url)? {
            "sqlite" => Ok(Store::Sqlite(sqlite::connect(url).await?)),
            _ => Ok(Store::Postgres(postgres::connect(url).await?)),
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Bring the schema up to date.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Store::Sqlite(p) => sqlite::MIGRATOR.run(p).await?,
            Store::Postgres(p) => postgres::MIGRATOR.run(p).await?,
        }
        self.fill_in_kept_columns().await?;
        let filled = self.fill_in_kpi_facts().await?;
        if filled > 0 {
            tracing::info!(cases = filled, "worked out the KPI facts of cases stored before they were kept");
        }
        Ok(())
    }

    /// Drop everything in a PostgreSQL database's public schema (for `demo --force`).
    pub async fn wipe_postgres_schema(&self) -> Result<()> {
        use sqlx::Executor;
        match self {
            Store::Postgres(p) => {
                p.execute("DROP SCHEMA public CASCADE").await?;
                p.execute("CREATE SCHEMA public").await?;
                Ok(())
            }
            Store::Sqlite(_) => Err(StoreError::Connect("only a PostgreSQL schema can be wiped".into())),
        }
    }

    pub async fn close(&self) {
        match self {
            Store::Sqlite(p) => p.close().await,
            Store::Postgres(p) => p.close().await,
        }
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        dispatch!(self.ping())
    }

    /// The names of the tables in the database, before or after migration.
    pub async fn table_names(&self) -> Result<Vec<String>> {
        match self {
            Store::Sqlite(p) => sqlite::table_names(p).await,
            Store::Postgres(p) => postgres::table_names(p).await,
        }
    }

    /// Copy an SQLite database to `path`, consistently, while it may be in use (`VACUUM INTO`).
    pub async fn backup_sqlite(&self, path: &std::path::Path) -> Result<()> {
        match self {
            Store::Sqlite(p) => {
                sqlx::query("VACUUM INTO $1").bind(path.to_string_lossy().into_owned()).execute(p).await?;
                Ok(())
            }
            Store::Postgres(_) => Err(StoreError::Connect("use pg_dump to back up PostgreSQL".into())),
        }
    }

    /// Whether the database already holds asbcase data (any tenant).
    pub async fn has_data(&self) -> Result<bool> {
        dispatch!(self.has_data())
    }

    // --- tenants, organisations, settings ---

    pub async fn create_tenant(&self, t: &Tenant) -> Result<()> {
        dispatch!(self.create_tenant(t))
    }
    pub async fn tenant(&self, id: TenantId) -> Result<Option<Tenant>> {
        dispatch!(self.tenant(id))
    }
    pub async fn tenants(&self) -> Result<Vec<Tenant>> {
        dispatch!(self.tenants())
    }
    pub async fn create_organisation(&self, o: &Organisation) -> Result<()> {
        dispatch!(self.create_organisation(o))
    }
    pub async fn organisations(&self, tenant: TenantId) -> Result<Vec<Organisation>> {
        dispatch!(self.organisations(tenant))
    }
    pub async fn organisation(&self, tenant: TenantId, id: OrganisationId) -> Result<Option<Organisation>> {
        dispatch!(self.organisation(tenant, id))
    }
    pub async fn set_homes_owned(&self, tenant: TenantId, org: OrganisationId, year: i64, homes: i64) -> Result<()> {
        dispatch!(self.set_homes_owned(tenant, org, year, homes))
    }
    /// Enter the homes an organisation owned at the end of the reporting year starting in
    /// `year` (from the pages or the command line), keeping who did it and when.
    pub async fn enter_homes_owned(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        year: i64,
        homes: i64,
        by: &str,
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.enter_homes_owned(tenant, org, (year, homes), by, at))
    }
    pub async fn homes_owned(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<(i64, i64)>> {
        dispatch!(self.homes_owned(tenant, org))
    }
    pub async fn set_categories(&self, tenant: TenantId, cats: &[Category]) -> Result<()> {
        dispatch!(self.set_categories(tenant, cats))
    }
    pub async fn categories(&self, tenant: TenantId) -> Result<Vec<Category>> {
        dispatch!(self.categories(tenant))
    }
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        dispatch!(self.setting(key))
    }
    /// Store `value` under `key` unless something is there already; returns what is stored.
    pub async fn setting_or_insert(&self, key: &str, value: &str) -> Result<String> {
        dispatch!(self.setting_or_insert(key, value))
    }

    // --- staff, sessions, sign-in throttling ---

    pub async fn create_user(&self, u: &User) -> Result<()> {
        dispatch!(self.create_user(u))
    }
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        dispatch!(self.user_by_email(email))
    }
    pub async fn user(&self, tenant: TenantId, id: UserId) -> Result<Option<User>> {
        dispatch!(self.user(tenant, id))
    }
    pub async fn users_of_organisation(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<User>> {
        dispatch!(self.users_of_organisation(tenant, org))
    }
    pub async fn create_session(&self, s: &Session) -> Result<()> {
        dispatch!(self.create_session(s))
    }
    pub async fn session(&self, token_hash: &str) -> Result<Option<Session>> {
        dispatch!(self.session(token_hash))
    }
    pub async fn touch_session(&self, token_hash: &str, at: Timestamp) -> Result<()> {
        dispatch!(self.touch_session(token_hash, at))
    }
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        dispatch!(self.delete_session(token_hash))
    }
    pub async fn delete_sessions_before(&self, idle_before: Timestamp, created_before: Timestamp) -> Result<u64> {
        dispatch!(self.delete_sessions_before(idle_before, created_before))
    }
    /// Count a failed sign-in for `email`; returns the failures in the current run.
    pub async fn record_login_failure(&self, email: &str, at: Timestamp) -> Result<i64> {
        dispatch!(self.record_login_failure(email, at))
    }
    pub async fn login_failures(&self, email: &str) -> Result<Option<(i64, Timestamp)>> {
        dispatch!(self.login_failures(email))
    }
    pub async fn clear_login_failures(&self, email: &str) -> Result<()> {
        dispatch!(self.clear_login_failures(email))
    }

    // --- reports in progress ---

    pub async fn draft(&self, token_hash: &str) -> Result<Option<DraftRecord>> {
        dispatch!(self.draft(token_hash))
    }
    /// Store a report in progress; false if it was already sent (and so was not changed).
    pub async fn save_draft(
        &self,
        token_hash: &str,
        tenant: TenantId,
        draft: &serde_json::Value,
        at: Timestamp,
    ) -> Result<bool> {
        dispatch!(self.save_draft(token_hash, tenant, draft, at))
    }
    /// Keep a draft unless one is already kept under `token_hash`: true if this one was.
    pub async fn claim_draft(
        &self,
        token_hash: &str,
        tenant: TenantId,
        draft: &serde_json::Value,
        at: Timestamp,
    ) -> Result<bool> {
        dispatch!(self.claim_draft(token_hash, tenant, draft, at))
    }
    /// Send a report: mark the draft sent and store its people and case in one transaction.
    /// A draft already sent gives its reference back and stores nothing. `messages` (the
    /// acknowledgement) are queued in the same transaction: never sent for a report that was
    /// not stored, never lost for one that was.
    pub async fn submit_report(
        &self,
        token_hash: &str,
        people: &[Person],
        case: &mut Case,
        messages: &[OutboxMessage],
        open311: Option<&Open311Link>,
        at: Timestamp,
    ) -> Result<SubmitOutcome> {
        dispatch!(self.submit_report(token_hash, people, case, messages, open311, at))
    }

    /// Forget a file the resident removed from their report before sending it.
    pub async fn remove_draft_file(&self, tenant: TenantId, draft_token_hash: &str, id: uuid::Uuid) -> Result<bool> {
        dispatch!(self.remove_draft_file(tenant, draft_token_hash, id))
    }

    /// Keep a file uploaded during a report, until the report is sent (then it joins the case).
    pub async fn store_draft_file(
        &self,
        tenant: TenantId,
        draft_token_hash: &str,
        f: &EvidenceFile,
        bytes: &[u8],
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.store_draft_file(tenant, draft_token_hash, f, bytes, at))
    }
    /// A file of a case with its bytes; None when it is not that case's (or that tenant's).
    pub async fn evidence_content(
        &self,
        tenant: TenantId,
        case: CaseId,
        id: uuid::Uuid,
    ) -> Result<Option<(EvidenceFile, Vec<u8>)>> {
        dispatch!(self.evidence_content(tenant, case, id))
    }
    /// The files of a case whose bytes are still held (an erasure or retention deletes them).
    pub async fn evidence_files_held(&self, tenant: TenantId, case: CaseId) -> Result<Vec<uuid::Uuid>> {
        dispatch!(self.evidence_files_held(tenant, case))
    }

    // --- messages to residents (their wording: templates.rs) ---

    /// Queue a message on its own (one not tied to another change).
    pub async fn queue_message(&self, m: &OutboxMessage) -> Result<()> {
        dispatch!(self.queue_message(m))
    }
    /// Messages due for delivery, each claimed (`sending`) for the caller.
    pub async fn claim_due_messages(&self, now: Timestamp, limit: i64) -> Result<Vec<OutboxMessage>> {
        dispatch!(self.claim_due_messages(now, limit))
    }
    /// Ok((sent at, the provider's id)), or Err((error, retry at)); no retry time means give up.
    pub async fn record_delivery(
        &self,
        m: &OutboxMessage,
        result: std::result::Result<(Timestamp, Option<String>), (String, Option<Timestamp>)>,
    ) -> Result<()> {
        dispatch!(self.record_delivery(m, result))
    }
    pub async fn messages_of_case(&self, tenant: TenantId, case: CaseId) -> Result<Vec<OutboxMessage>> {
        dispatch!(self.messages_of_case(tenant, case))
    }

    // --- people and cases ---

    pub async fn create_person(&self, tenant: TenantId, p: &Person, at: Timestamp) -> Result<()> {
        dispatch!(self.create_person(tenant, p, at))
    }
    pub async fn create_people(&self, tenant: TenantId, people: &[Person], at: Timestamp) -> Result<()> {
        dispatch!(self.create_people(tenant, people, at))
    }
    pub async fn people(&self, tenant: TenantId, case: CaseId) -> Result<Vec<Person>> {
        dispatch!(self.people_of_case(tenant, case))
    }
    /// The next case reference of a tenant for `year`.
    pub async fn next_reference(&self, tenant: TenantId, year: i16) -> Result<CaseReference> {
        dispatch!(self.next_reference(tenant, year))
    }
    /// Write the pending events of a case with its projection in one transaction.
    /// Fails with [`StoreError::Conflict`] if another writer moved the case on meanwhile.
    pub async fn save_case(&self, case: &mut Case) -> Result<()> {
        dispatch!(self.save_cases(std::slice::from_mut(case)))
    }
    /// [`Store::save_case`] with a file staff added (its `EvidenceAdded` event pending), in one transaction.
    pub async fn save_case_with_file(
        &self,
        case: &mut Case,
        f: &EvidenceFile,
        bytes: &[u8],
        at: Timestamp,
    ) -> Result<()> {
        dispatch!(self.save_case_with_file(case, f, bytes, at))
    }

    /// [`Store::save_case`] with messages queued in the same transaction.
    pub async fn save_case_with_messages(&self, case: &mut Case, messages: &[OutboxMessage]) -> Result<()> {
        dispatch!(self.save_case_with_messages(case, messages))
    }
    /// [`Store::save_case`] for many cases in one transaction (bulk loads).
    pub async fn save_cases(&self, cases: &mut [Case]) -> Result<()> {
        dispatch!(self.save_cases(cases))
    }
    pub async fn case(&self, tenant: TenantId, id: CaseId) -> Result<Option<Case>> {
        dispatch!(self.case(tenant, id))
    }
    pub async fn case_by_reference(&self, tenant: TenantId, r: &CaseReference) -> Result<Option<Case>> {
        dispatch!(self.case_by_reference(tenant, r))
    }
    pub async fn list_cases(&self, tenant: TenantId, filter: &CaseFilter, now: Timestamp) -> Result<CaseList> {
        dispatch!(self.list_cases(tenant, filter, now))
    }
    /// Keep a list of cases under a name; `Duplicate` if its owner has one of that name.
    pub async fn save_list(&self, tenant: TenantId, list: &SavedList) -> Result<()> {
        dispatch!(self.save_list(tenant, list))
    }
    /// Someone's saved lists of cases, by name.
    pub async fn saved_lists(&self, tenant: TenantId, user: UserId) -> Result<Vec<SavedList>> {
        dispatch!(self.saved_lists(tenant, user))
    }
    /// Remove one of someone's own saved lists; whether there was one.
    pub async fn remove_saved_list(&self, tenant: TenantId, user: UserId, id: uuid::Uuid) -> Result<bool> {
        dispatch!(self.remove_saved_list(tenant, user, id))
    }
    /// The cases someone looked at lately that their organisation may still see, latest first,
    /// with when they last looked.
    pub async fn recently_viewed(
        &self,
        tenant: TenantId,
        user: UserId,
        org: OrganisationId,
        limit: i64,
        now: Timestamp,
    ) -> Result<Vec<(CaseSummary, Timestamp)>> {
        dispatch!(self.recently_viewed(tenant, user, org, limit, now))
    }
    pub async fn events(&self, tenant: TenantId, case: CaseId) -> Result<Vec<Event>> {
        dispatch!(self.events(tenant, case))
    }
    pub async fn contacts(&self, tenant: TenantId, case: CaseId) -> Result<Vec<ContactRecord>> {
        dispatch!(self.contacts(tenant, case))
    }
    /// Reports waiting for a triage decision at an organisation, first contact due soonest first.
    pub async fn triage_queue(
        &self,
        tenant: TenantId,
        org: OrganisationId,
        now: Timestamp,
        limit: i64,
    ) -> Result<Vec<CaseSummary>> {
        dispatch!(self.triage_queue(tenant, org, now, limit))
    }

    /// Cases not yet closed per officer of an organisation.
    pub async fn caseloads(&self, tenant: TenantId, org: OrganisationId) -> Result<Vec<(UserId, i64)>> {
        dispatch!(self.caseloads(tenant, org))
    }

    /// The cases not yet closed that an officer holds (at most 500), due soonest first.
    pub async fn cases_of_officer(&self, tenant: TenantId, officer: UserId) -> Result<Vec<Case>> {
        dispatch!(self.cases_of_officer(tenant, officer))
    }

    pub async fn overview(&self, tenant: TenantId, org: OrganisationId, now: Timestamp) -> Result<Overview> {
        dispatch!(self.overview(tenant, org, now))
    }

    /// Re-walk every case's event chain; the first break, or what was checked.
    /// Walk every case's event chain, then every partnership's access log. A break in the access
    /// log is reported with a nil case id and the record's number.
    pub async fn verify(&self) -> Result<std::result::Result<VerifyReport, ChainBreak>> {
        let mut report = match dispatch!(self.verify())? {
            Ok(r) => r,
            Err(b) => return Ok(Err(b)),
        };
        match dispatch!(self.verify_access_log())? {
            Ok(n) => report.access_records = n,
            Err((tenant, seq, problem)) => {
                return Ok(Err(ChainBreak {
                    case_id: CaseId(uuid::Uuid::nil()),
                    seq,
                    problem: format!("the access log of partnership {}: {problem}", tenant.0),
                }));
            }
        }
        Ok(Ok(report))
    }
}

/// Create an empty, uniquely named database for a test run and return its URL.
/// For PostgreSQL, `base` is a server URL (`postgres://postgres@127.0.0.1:5432/`);
/// for SQLite, a directory.
pub async fn create_scratch_database(backend: &str, base: &str) -> Result<String> {
    let name = format!("asbcase_test_{}", uuid::Uuid::new_v4().simple());
    match backend {
        "sqlite" => Ok(format!("sqlite://{}/{name}.db", base.trim_end_matches('/'))),
        _ => {
            use sqlx::Executor;
            let admin = postgres::connect(base).await?;
            admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await?;
            admin.close().await;
            let url = match base.rfind('/') {
                Some(i) if base[..i].contains("://") && i > base.find("://").unwrap() + 2 => {
                    format!("{}/{name}", &base[..i])
                }
                _ => format!("{}/{name}", base.trim_end_matches('/')),
            };
            Ok(url)
        }
    }
}

/// Drop a database made by [`create_scratch_database`].
pub async fn drop_scratch_database(base: &str, url: &str) -> Result<()> {
    match backend_of(url)? {
        "sqlite" => {
            let path = url.trim_start_matches("sqlite://");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
            Ok(())
        }
        _ => {
            use sqlx::Executor;
            let name = url.rsplit('/').next().unwrap_or_default();
            if !name.starts_with("asbcase_test_") {
                return Err(StoreError::Connect(format!("refusing to drop '{name}': not a scratch database")));
            }
            let admin = postgres::connect(base).await?;
            admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).await?;
            admin.close().await;
            Ok(())
        }
    }
}
