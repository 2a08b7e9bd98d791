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

/// The most the three files may hold together; larger imports use the command line.
pub const MAX_BYTES: usize = 60 * 1024 * 1024;
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
    /// An import done: how many, and the references given.
    imported: Option<(usize, String, String)>,
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
    files: HashMap<&'static str, (String, Vec<u8>)>,
    import: bool,
}

async fn read_form(mut form: Multipart, csrf: &str) -> Result<Sent, AppError> {
    let unreadable = || {
        AppError::BadRequest(format!(
            "The files could not be read: together they must be smaller than {} MB (use asbcase import cases for more).",
            MAX_BYTES / (1024 * 1024)
        ))
    };
    let mut sent = Sent::default();
    let mut token_ok = false;
    while let Some(field) = form.next_field().await.map_err(|_| unreadable())? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "csrf_token" => {
                let given = field.text().await.map_err(|_| unreadable())?;
                token_ok = bool::from(given.as_bytes().ct_eq(csrf.as_bytes()));
            }
            "action" if token_ok => sent.import = field.text().await.map_err(|_| unreadable())? == "import",
            "cases" | "contacts" | "interventions" if token_ok => {
                let key = match name.as_str() {
                    "cases" => "cases",
                    "contacts" => "contacts",
                    _ => "interventions",
                };
                let file: String =
                    field.file_name().unwrap_or("").chars().filter(|c| !c.is_control()).take(200).collect();
                let bytes = field.bytes().await.map_err(|_| unreadable())?;
                if !file.is_empty() || !bytes.is_empty() {
                    let file = if file.is_empty() { format!("{key}.csv") } else { file };
                    sent.files.insert(key, (file, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    if !token_ok {
        return Err(AppError::Csrf);
    }
    Ok(sent)
}

/// `POST /import`.
pub async fn check(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    form: Multipart,
) -> Result<Response, AppError> {
    administers(&staff)?;
    let sent = read_form(form, &csrf).await?;
    let mut page = ImportPage::new(&staff, &csrf);
    let Some((cases_name, cases_bytes)) = sent.files.get("cases") else {
        page.form_error = Some("Choose the cases file (CSV) to check".into());
        page.layout.has_errors = true;
        return render(&page);
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
    let ctx = ImportContext {
        catalogue: &catalogue,
        officers: &officers,
        already_imported: &already,
        now: at,
        covers: book.calendar.covers(),
    };
    let name_of = |key: &str| sent.files.get(key).map(|(n, _)| n.clone()).unwrap_or_default();
    let mut problems: Vec<(String, Problem)> = vec![];
    let rows =
        read_cases(cases_bytes, &ctx).map_err(|p| problems.extend(p.into_iter().map(|p| (cases_name.clone(), p))));
    let contacts = match sent.files.get("contacts") {
        Some((_, b)) => {
            read_contacts(b, &ctx).map_err(|p| problems.extend(p.into_iter().map(|p| (name_of("contacts"), p))))
        }
        None => Ok(vec![]),
    };
    let interventions = match sent.files.get("interventions") {
        Some((_, b)) => read_interventions(b, &ctx)
            .map_err(|p| problems.extend(p.into_iter().map(|p| (name_of("interventions"), p)))),
        None => Ok(vec![]),
    };
    let mut rows = match (rows, contacts, interventions) {
        (Ok(mut rows), Ok(c), Ok(i)) => {
            let joined = attach(&mut rows, c, i, &book.rules(), at);
            problems.extend(joined.cases.into_iter().map(|p| (cases_name.clone(), p)));
            problems.extend(joined.contacts.into_iter().map(|p| (name_of("contacts"), p)));
            problems.extend(joined.interventions.into_iter().map(|p| (name_of("interventions"), p)));
            rows
        }
        _ => vec![],
    };
    if !problems.is_empty() {
        return refused(page, problems);
    }
    if !sent.import {
        page.checked_total = rows.len();
        page.checked = rows.iter().take(SHOWN).map(|r| format!("{}: {}", r.former_reference, r.describe())).collect();
        return render(&page);
    }
    let made =
        store.import_rows(tenant_id, org, &rows, cases_name, &book.rules(), at, Some(staff.user.id), &|_| {}).await?;
    match made {
        Ok(references) => {
            let first = references.first().map(|r| r.to_string()).unwrap_or_default();
            let last = references.last().map(|r| r.to_string()).unwrap_or_default();
            tracing::info!(user = %staff.user.id, cases = references.len(), file = %cases_name, "cases imported");
            rows.clear();
            page.imported = Some((references.len(), first, last));
            render(&page)
        }
        Err(p) => refused(page, p.into_iter().map(|p| (cases_name.clone(), p)).collect()),
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
