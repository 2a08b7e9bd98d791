//! `/import`: an organisation's administrators bring in cases from a spreadsheet or another
//! case system, with their contacts and interventions, as `asbcase import cases` does. The
//! files are checked whole first; "Check only" says row by row what each would become, or
//! every problem by file, row and column; "Check and import" writes every case in one
//! transaction, or nothing.
use crate::auth::Staff;
use crate::csrf::CsrfToken;
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use asbcase_domain::case::RuleBook;
use asbcase_domain::import::{
    CaseRow, ImportContext, Problem, attach_watched, read_cases, read_contacts, read_interventions,
};
use asbcase_domain::organisation::Role;
use asbcase_domain::time::now;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use job::{Job, Outcome, Stage};
use std::collections::HashMap;
use std::sync::Arc;
use subtle::ConstantTimeEq;

mod job;

/// The most the three files may hold together (about 100,000 cases); larger imports use the
/// command line, which is also the better way for imports that take more than a few seconds.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Problems and rows shown on the page (the command line lists every one).
const SHOWN: usize = 200;

fn administers(staff: &Staff) -> Result<(), AppError> {
    if staff.has(Role::Administrator) { Ok(()) } else { Err(AppError::Forbidden) }
}

struct ProblemRow {
    file: String,
    row: String,
    column: String,
    message: String,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    layout: Layout,
    csrf: String,
    organisation: String,
    /// A problem with the form itself (no cases file, a file unreadable).
    form_error: Option<String>,
    problems: Vec<ProblemRow>,
    problems_total: usize,
    /// A check that found nothing wrong: what each row would become.
    checked: Vec<String>,
    checked_total: usize,
    /// An import done: how many ("1 case", "2 cases"), and the first and last references given.
    imported: Option<(String, String, String)>,
    /// "Check and import" was chosen (kept when the page comes back with problems).
    import_chosen: bool,
}

impl ImportPage {
    fn new(staff: &Staff, csrf: &str) -> ImportPage {
        ImportPage {
            layout: staff.layout("Import cases", "/import"),
            csrf: csrf.to_string(),
            organisation: staff.organisation_name.clone(),
            form_error: None,
            problems: vec![],
            problems_total: 0,
            checked: vec![],
            checked_total: 0,
            imported: None,
            import_chosen: false,
        }
    }
}

/// `GET /import`.
pub async fn page(staff: Staff, CsrfToken(csrf): CsrfToken) -> Result<Response, AppError> {
    administers(&staff)?;
    render(&ImportPage::new(&staff, &csrf))
}

/// The form as sent: which files (name and bytes) and what to do.
#[derive(Default)]
struct Sent {
    files: HashMap<&'static str, (String, axum::body::Bytes)>,
    import: bool,
}

/// Why the form could not be read.
enum Unread {
    TooLarge,
    Broken,
}

async fn read_form(mut form: Multipart, csrf: &str) -> Result<Result<Sent, Unread>, AppError> {
    let mut sent = Sent::default();
    let mut token_ok = false;
    let why = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE { Unread::TooLarge } else { Unread::Broken }
    };
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Ok(Err(why(e))),
        };
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "csrf_token" => {
                let given = match field.text().await {
                    Ok(t) => t,
                    Err(e) => return Ok(Err(why(e))),
                };
                token_ok = bool::from(given.as_bytes().ct_eq(csrf.as_bytes()));
            }
            "action" if token_ok => match field.text().await {
                Ok(t) => sent.import = t == "import",
                Err(e) => return Ok(Err(why(e))),
            },
            "cases" | "contacts" | "interventions" if token_ok => {
                let key = match name.as_str() {
                    "cases" => "cases",
                    "contacts" => "contacts",
                    _ => "interventions",
                };
                let file: String =
                    field.file_name().unwrap_or("").chars().filter(|c| !c.is_control()).take(200).collect();
                let bytes = match field.bytes().await {
                    Ok(b) => b,
                    Err(e) => return Ok(Err(why(e))),
                };
                if !file.is_empty() || !bytes.is_empty() {
                    let file = if file.is_empty() { format!("{key}.csv") } else { file };
                    sent.files.insert(key, (file, bytes));
                }
            }
            _ => {}
        }
    }
    if !token_ok {
        return Err(AppError::Csrf);
    }
    Ok(Ok(sent))
}

/// `POST /import`: the files are checked (and imported, if asked) by a job of their own; the
/// answer is that job's page.
pub async fn check(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    form: Multipart,
) -> Result<Response, AppError> {
    administers(&staff)?;
    let mut page = ImportPage::new(&staff, &csrf);
    let form_error = |mut page: ImportPage, message: String| {
        page.form_error = Some(message);
        page.layout.has_errors = true;
        render(&page)
    };
    let sent = match read_form(form, &csrf).await? {
        Ok(sent) => sent,
        Err(Unread::TooLarge) => {
            return form_error(
                page,
                format!(
                    "The files are larger than {} MB together: import them with asbcase import cases on the server",
                    MAX_BYTES / (1024 * 1024)
                ),
            );
        }
        Err(Unread::Broken) => return form_error(page, "The files could not be read: choose them again".into()),
    };
    page.import_chosen = sent.import;
    let Some((cases_name, cases_bytes)) = sent.files.get("cases") else {
        return form_error(page, "Choose the cases file (CSV) to check".into());
    };
    // One at a time: the job holds this until it has finished.
    let Some(running) = state.start_import() else {
        return form_error(page, "Another import is being checked or imported: try again when it has finished".into());
    };
    let store = state.store();
    let (tenant_id, org) = (staff.user.tenant, staff.user.organisation);
    let tenant = store.tenant(tenant_id).await?.ok_or(AppError::NotFound)?;
    let book = RuleBook::new(tenant.division, store.service_standards(tenant_id, org).await?);
    let catalogue = store.categories(tenant_id).await?;
    let officers: HashMap<String, asbcase_domain::UserId> = store
        .users_of_organisation(tenant_id, org)
        .await?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| (u.email.to_lowercase(), u.id))
        .collect();
    let already = store.imported_references(tenant_id, org).await?;
    let (id, job) = job::start(staff.user.id, sent.import, cases_name.clone());
    let work = Work {
        store: store.clone(),
        tenant: tenant_id,
        org,
        by: staff.user.id,
        book,
        catalogue,
        officers,
        already,
        cases: (cases_name.clone(), cases_bytes.clone()),
        contacts: sent.files.get("contacts").cloned(),
        interventions: sent.files.get("interventions").cloned(),
    };
    let running_job = job.clone();
    tokio::spawn(async move {
        let watched = running_job.clone();
        // Run on a task of its own, so that even a fault in it ends the job with a message.
        let outcome = match tokio::spawn(async move { work.run(&watched).await }).await {
            Ok(outcome) => outcome,
            Err(e) => {
                tracing::error!(error = %e, "an import stopped");
                failed("it stopped unexpectedly".into())
            }
        };
        // Free for the next import before this one is seen to have finished.
        drop(running);
        running_job.finish(outcome);
    });
    // A small import is done at once: its result comes straight back. A large one shows how
    // far it has got.
    let waiting_until = std::time::Instant::now() + state.config().import_wait;
    while job.stage() != Stage::Finished && std::time::Instant::now() < waiting_until {
        tokio::time::sleep(WAIT_STEP).await;
    }
    Ok(axum::response::Redirect::to(&format!("/import/{id}")).into_response())
}

/// How often the form's answer looks to see whether its job has finished.
const WAIT_STEP: std::time::Duration = std::time::Duration::from_millis(50);

/// Everything an import needs, moved into its job.
struct Work {
    store: asbcase_store::Store,
    tenant: asbcase_domain::TenantId,
    org: asbcase_domain::OrganisationId,
    by: asbcase_domain::UserId,
    book: RuleBook,
    catalogue: Vec<asbcase_domain::category::Category>,
    officers: HashMap<String, asbcase_domain::UserId>,
    already: std::collections::HashSet<String>,
    cases: (String, axum::body::Bytes),
    contacts: Option<(String, axum::body::Bytes)>,
    interventions: Option<(String, axum::body::Bytes)>,
}

impl Work {
    async fn run(self, job: &Arc<Job>) -> Outcome {
        let at = now();
        let cases_name = self.cases.0.clone();
        let import = job.import;
        let watched = job.clone();
        let (tenant, org, by, store) = (self.tenant, self.org, self.by, self.store.clone());
        // Reading and checking is work for a thread of its own, not the server's.
        let checked = tokio::task::spawn_blocking(move || self.check(&watched, at)).await;
        let (rows, problems, book) = match checked {
            Ok(checked) => checked,
            Err(e) => {
                tracing::error!(error = %e, file = %cases_name, "checking an import stopped");
                return failed("checking the files stopped unexpectedly".into());
            }
        };
        if !problems.is_empty() {
            return found(problems);
        }
        if !import {
            let checked =
                rows.iter().take(SHOWN).map(|r| format!("{}: {}", r.former_reference, r.describe())).collect();
            return Outcome { checked, checked_total: rows.len(), ..Outcome::default() };
        }
        job.begin(Stage::Importing, rows.len());
        let made =
            store.import_rows(tenant, org, &rows, &cases_name, &book.rules(), at, Some(by), &|n| job.progress(n)).await;
        match made {
            Ok(Ok(references)) => {
                let first = references.first().map(|r| r.to_string()).unwrap_or_default();
                let last = references.last().map(|r| r.to_string()).unwrap_or_default();
                tracing::info!(user = %by, cases = references.len(), file = %cases_name, "cases imported");
                Outcome { imported: Some((references.len(), first, last)), ..Outcome::default() }
            }
            Ok(Err(p)) => {
                Outcome { problems: p.into_iter().map(|p| (cases_name.clone(), p)).collect(), ..Outcome::default() }
            }
            // Sent twice at once (from another server process): the other went in first.
            Err(asbcase_store::StoreError::Duplicate(what)) => found(vec![(
                cases_name,
                Problem { row: 0, column: None, message: format!("{what} has already been imported") },
            )]),
            Err(e) => {
                tracing::error!(error = %e, file = %cases_name, "import failed");
                failed("the cases could not be saved".into())
            }
        }
    }

    /// Read every file and check every row, telling `job` how far it has got.
    fn check(self, job: &Job, at: jiff::Timestamp) -> (Vec<CaseRow>, Vec<(String, Problem)>, RuleBook) {
        let ctx = ImportContext {
            catalogue: &self.catalogue,
            officers: &self.officers,
            already_imported: &self.already,
            now: at,
            covers: self.book.calendar.covers(),
        };
        let mut problems: Vec<(String, Problem)> = vec![];
        let mut blame =
            |name: &str, found: Vec<Problem>| problems.extend(found.into_iter().map(|p| (name.to_string(), p)));
        let (cases_name, cases_bytes) = &self.cases;
        let rows = read_cases(cases_bytes, &ctx).map_err(|p| blame(cases_name, p));
        let contacts = match &self.contacts {
            Some((name, b)) => read_contacts(b, &ctx).map_err(|p| blame(name, p)),
            None => Ok(vec![]),
        };
        let interventions = match &self.interventions {
            Some((name, b)) => read_interventions(b, &ctx).map_err(|p| blame(name, p)),
            None => Ok(vec![]),
        };
        let name_of = |f: &Option<(String, axum::body::Bytes)>| f.as_ref().map(|(n, _)| n.clone()).unwrap_or_default();
        let rows = match (rows, contacts, interventions) {
            (Ok(mut rows), Ok(c), Ok(i)) => {
                job.begin(Stage::Checking, rows.len());
                let joined = attach_watched(&mut rows, c, i, &self.book.rules(), at, &|n| job.progress(n));
                blame(cases_name, joined.cases);
                blame(&name_of(&self.contacts), joined.contacts);
                blame(&name_of(&self.interventions), joined.interventions);
                rows
            }
            _ => vec![],
        };
        (rows, problems, self.book)
    }
}

/// Problems found: the first few kept to show (a job's outcome is kept for an hour), and how many.
fn found(mut problems: Vec<(String, Problem)>) -> Outcome {
    let problems_total = problems.len();
    problems.truncate(SHOWN);
    Outcome { problems, problems_total, ..Outcome::default() }
}

fn failed(why: String) -> Outcome {
    Outcome { failed: Some(why), ..Outcome::default() }
}

/// `GET /import/{id}`: how far an import has got or, once finished, how it ended. Only the
/// administrator who started it may look.
pub async fn status(staff: Staff, CsrfToken(csrf): CsrfToken, Path(id): Path<String>) -> Result<Response, AppError> {
    administers(&staff)?;
    let job = uuid::Uuid::parse_str(&id).ok().and_then(|id| job::find(id, staff.user.id)).ok_or(AppError::NotFound)?;
    let Some(outcome) = job.outcome() else {
        let (done, total) = job.counts();
        let stage = job.stage();
        return render(&ProgressPage {
            layout: staff.layout(if job.import { "Import in progress" } else { "Check in progress" }, "/import"),
            file: job.file.clone(),
            doing: match stage {
                Stage::Reading => "Reading the files",
                Stage::Checking => "Checking every case",
                _ => "Importing the cases",
            }
            .into(),
            done,
            total,
            importing: stage == Stage::Importing,
            check_only: !job.import,
            here: format!("/import/{id}"),
        });
    };
    let mut page = ImportPage::new(&staff, &csrf);
    page.import_chosen = job.import;
    if let Some(why) = &outcome.failed {
        page.form_error = Some(format!("The import did not finish: {why}. Nothing was imported; try again"));
        page.layout.has_errors = true;
        return render(&page);
    }
    if outcome.problems_total > 0 {
        return refused(page, &outcome.problems, outcome.problems_total);
    }
    if let Some((n, first, last)) = &outcome.imported {
        page.imported = Some((cases(*n), first.clone(), last.clone()));
        return render(&page);
    }
    page.checked_total = outcome.checked_total;
    page.checked = outcome.checked.clone();
    render(&page)
}

#[derive(Template)]
#[template(path = "import_progress.html")]
struct ProgressPage {
    layout: Layout,
    file: String,
    doing: String,
    done: u64,
    total: u64,
    /// Cases are being written (no longer only checked).
    importing: bool,
    /// Only a check was asked for.
    check_only: bool,
    /// This page's address, to look again.
    here: String,
}

/// "1 case", "2 cases".
fn cases(n: usize) -> String {
    if n == 1 { "1 case".into() } else { format!("{n} cases") }
}

impl ImportPage {
    /// "1 case would be imported", "2 cases would be imported".
    fn would_be(&self) -> String {
        format!("{} would be imported", cases(self.checked_total))
    }
}

fn refused(mut page: ImportPage, problems: &[(String, Problem)], total: usize) -> Result<Response, AppError> {
    page.problems_total = total;
    page.problems = problems
        .iter()
        .take(SHOWN)
        .map(|(file, p)| ProblemRow {
            file: file.clone(),
            row: if p.row == 0 { "whole file".into() } else { p.row.to_string() },
            column: p.column.clone().unwrap_or_default(),
            message: p.message.clone(),
        })
        .collect();
    page.layout.has_errors = true;
    render(&page)
}
