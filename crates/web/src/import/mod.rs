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
use asbcase_domain::import::{ImportContext, Problem, attach, read_cases, read_contacts, read_interventions};
use asbcase_domain::organisation::Role;
use asbcase_domain::time::now;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::response::Response;
use std::collections::HashMap;
use subtle::ConstantTimeEq;

/// The most the three files may hold together (about 100,000 cases); larger imports use the
/// command line, which is also the better way for imports that take more than a few seconds.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// One import at a time in this process: a second waits for nothing and is told to try later.
static RUNNING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);
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

/// `POST /import`.
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
    let Ok(_running) = RUNNING.try_acquire() else {
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
    let at = now();
    let (source, cases_name) = (cases_name.clone(), cases_name.clone());
    let cases_bytes = cases_bytes.clone();
    let other = |key: &str| sent.files.get(key).cloned();
    let (contacts_file, interventions_file) = (other("contacts"), other("interventions"));
    let import = sent.import;
    drop(sent);
    // Reading and checking is work for a thread of its own, not the server's.
    let (rows, problems, book) = tokio::task::spawn_blocking(move || {
        let ctx = ImportContext {
            catalogue: &catalogue,
            officers: &officers,
            already_imported: &already,
            now: at,
            covers: book.calendar.covers(),
        };
        let mut problems: Vec<(String, Problem)> = vec![];
        let mut blame =
            |name: &str, found: Vec<Problem>| problems.extend(found.into_iter().map(|p| (name.to_string(), p)));
        let rows = read_cases(&cases_bytes, &ctx).map_err(|p| blame(&cases_name, p));
        let contacts = match &contacts_file {
            Some((name, b)) => read_contacts(b, &ctx).map_err(|p| blame(name, p)),
            None => Ok(vec![]),
        };
        let interventions = match &interventions_file {
            Some((name, b)) => read_interventions(b, &ctx).map_err(|p| blame(name, p)),
            None => Ok(vec![]),
        };
        let name_of = |f: &Option<(String, axum::body::Bytes)>| f.as_ref().map(|(n, _)| n.clone()).unwrap_or_default();
        let rows = match (rows, contacts, interventions) {
            (Ok(mut rows), Ok(c), Ok(i)) => {
                let joined = attach(&mut rows, c, i, &book.rules(), at);
                blame(&cases_name, joined.cases);
                blame(&name_of(&contacts_file), joined.contacts);
                blame(&name_of(&interventions_file), joined.interventions);
                rows
            }
            _ => vec![],
        };
        (rows, problems, book)
    })
    .await
    .map_err(|e| AppError::Store(asbcase_store::StoreError::Corrupt(format!("checking the import stopped: {e}"))))?;
    let cases_name = source;
    if !problems.is_empty() {
        return refused(page, problems);
    }
    if !import {
        page.checked_total = rows.len();
        page.checked = rows.iter().take(SHOWN).map(|r| format!("{}: {}", r.former_reference, r.describe())).collect();
        return render(&page);
    }
    let made = match store
        .import_rows(tenant_id, org, &rows, &cases_name, &book.rules(), at, Some(staff.user.id), &|_| {})
        .await
    {
        // Sent twice at once (from another server process): the other went in first.
        Err(asbcase_store::StoreError::Duplicate(what)) => {
            Ok(Err(vec![Problem { row: 0, column: None, message: format!("{what} has already been imported") }]))
        }
        other => other,
    }?;
    match made {
        Ok(references) => {
            let first = references.first().map(|r| r.to_string()).unwrap_or_default();
            let last = references.last().map(|r| r.to_string()).unwrap_or_default();
            tracing::info!(user = %staff.user.id, cases = references.len(), file = %cases_name, "cases imported");
            page.imported = Some((cases(references.len()), first, last));
            render(&page)
        }
        Err(p) => refused(page, p.into_iter().map(|p| (cases_name.clone(), p)).collect()),
    }
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

fn refused(mut page: ImportPage, problems: Vec<(String, Problem)>) -> Result<Response, AppError> {
    page.problems_total = problems.len();
    page.problems = problems
        .into_iter()
        .take(SHOWN)
        .map(|(file, p)| ProblemRow {
            file,
            row: if p.row == 0 { "whole file".into() } else { p.row.to_string() },
            column: p.column.unwrap_or_default(),
            message: p.message,
        })
        .collect();
    page.layout.has_errors = true;
    render(&page)
}
