//! `asbcase import cases FILE [--contacts FILE] [--interventions FILE] --org ORG [--dry-run]`:
//! cases, with their contacts and interventions, from a spreadsheet or another case system.
//! The files are checked whole before anything is written; then every case goes in one
//! transaction, or none does.
use crate::args::ImportCasesArgs;
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use crate::standards::organisation_named;
use asbcase_domain::case::RuleBook;
use asbcase_domain::import::{
    CaseRow, ImportContext, Problem, attach_watched, read_cases, read_contacts, read_interventions,
};
use asbcase_domain::time::now;
use asbcase_store::{Organisation, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::process::ExitCode;

/// A file given on the command line: its bytes and the name to call it by.
struct Input {
    bytes: Vec<u8>,
    name: String,
}

fn input(path: &std::path::Path) -> Result<Input, CliError> {
    let bytes =
        std::fs::read(path).map_err(|e| CliError::usage(format!("cannot read the file {}: {e}", path.display())))?;
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "a file".into());
    Ok(Input { bytes, name })
}

pub async fn cases(settings: &Settings, a: ImportCasesArgs) -> Result<ExitCode, CliError> {
    let cases = input(&a.file)?;
    let contacts = a.contacts.as_deref().map(input).transpose()?;
    let interventions = a.interventions.as_deref().map(input).transpose()?;
    let store = open(&settings.database_url).await?;
    let result = run(&store, &a, &cases, contacts.as_ref(), interventions.as_ref()).await;
    store.close().await;
    result
}

async fn run(
    store: &Store,
    a: &ImportCasesArgs,
    cases: &Input,
    contacts: Option<&Input>,
    interventions: Option<&Input>,
) -> Result<ExitCode, CliError> {
    let (bytes, source) = (&cases.bytes, cases.name.as_str());
    let org = organisation_named(store, &a.org).await?;
    let tenant =
        store.tenant(org.tenant).await?.ok_or_else(|| CliError::new("the organisation's partnership is missing"))?;
    let book = RuleBook::new(tenant.division, store.service_standards(org.tenant, org.id).await?);
    let catalogue = store.categories(org.tenant).await?;
    let officers: HashMap<String, asbcase_domain::UserId> = store
        .users_of_organisation(org.tenant, org.id)
        .await?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| (u.email.to_lowercase(), u.id))
        .collect();
    let already = store.imported_references(org.tenant, org.id).await?;
    let at = now();
    let ctx = ImportContext {
        catalogue: &catalogue,
        officers: &officers,
        already_imported: &already,
        now: at,
        covers: book.calendar.covers(),
    };
    // Every file is read, and every problem in any of them reported, before anything else.
    let reading = ProgressBar::new_spinner().with_message("Reading the files");
    reading.enable_steady_tick(std::time::Duration::from_millis(200));
    let read_cases = read_cases(bytes, &ctx);
    let read_contacts = contacts.map(|f| read_contacts(&f.bytes, &ctx)).transpose();
    let read_interventions = interventions.map(|f| read_interventions(&f.bytes, &ctx)).transpose();
    reading.finish_and_clear();
    let mut by_file: Vec<(&str, Vec<Problem>)> = vec![];
    let (mut rows, contact_rows, intervention_rows) = match (read_cases, read_contacts, read_interventions) {
        (Ok(r), Ok(c), Ok(i)) => (r, c.unwrap_or_default(), i.unwrap_or_default()),
        (r, c, i) => {
            by_file.push((source, r.err().unwrap_or_default()));
            by_file.push((contacts.map_or("", |f| f.name.as_str()), c.err().unwrap_or_default()));
            by_file.push((interventions.map_or("", |f| f.name.as_str()), i.err().unwrap_or_default()));
            return Err(refused_files(&by_file));
        }
    };
    let rules = book.rules();
    let checking = bar(rows.len(), "Checking cases");
    let joined = attach_watched(&mut rows, contact_rows, intervention_rows, &rules, at, &|n| checking.set_position(n));
    checking.finish_and_clear();
    if !joined.is_empty() {
        by_file.push((source, joined.cases));
        by_file.push((contacts.map_or("", |f| f.name.as_str()), joined.contacts));
        by_file.push((interventions.map_or("", |f| f.name.as_str()), joined.interventions));
        return Err(refused_files(&by_file));
    }
    if a.dry_run {
        for r in &rows {
            println!("row {}: {} would become a case {}", r.row, r.former_reference, r.describe());
        }
        println!(
            "Dry run: {} cases would be imported for {} from {source}; nothing has been changed.",
            rows.len(),
            org.name
        );
        return Ok(ExitCode::SUCCESS);
    }
    import(store, &org, &book, rows, source, at).await
}

/// A progress bar on the terminal (none when the output goes elsewhere), "what {bar} n/len".
fn bar(len: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template(&format!("{what} {{bar:40}} {{pos}}/{{len}}"))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Every problem of every file on its own line (stdout), named by file when there are several,
/// then one line saying nothing was imported.
fn refused_files(by_file: &[(&str, Vec<Problem>)]) -> CliError {
    let several = by_file.iter().filter(|(name, _)| !name.is_empty()).count() > 1;
    let mut n = 0;
    for (name, problems) in by_file {
        for p in problems {
            if several { println!("{name}: {p}") } else { println!("{p}") }
        }
        n += problems.len();
    }
    let names: Vec<&str> = by_file.iter().filter(|(_, p)| !p.is_empty()).map(|(name, _)| *name).collect();
    CliError::new(format!(
        "{n} problem{} found in {} (listed above): nothing was imported; correct the file{} and run again",
        if n == 1 { "" } else { "s" },
        names.join(" and "),
        if names.len() == 1 { "" } else { "s" }
    ))
}

/// Every problem on its own line (stdout), then one line saying nothing was imported.
fn refused(problems: &[Problem], source: &str) -> CliError {
    for p in problems {
        println!("{p}");
    }
    let n = problems.len();
    CliError::new(format!(
        "{n} problem{} found in {source} (listed above): nothing was imported; correct the file and run again",
        if n == 1 { "" } else { "s" }
    ))
}

async fn import(
    store: &Store,
    org: &Organisation,
    book: &RuleBook,
    rows: Vec<CaseRow>,
    source: &str,
    at: jiff::Timestamp,
) -> Result<ExitCode, CliError> {
    let bar = bar(rows.len(), "Importing cases");
    let progress = |n: u64| bar.set_position(n);
    let made = store.import_rows(org.tenant, org.id, &rows, source, &book.rules(), at, None, &progress).await?;
    bar.finish_and_clear();
    let references = match made {
        Ok(references) => references,
        Err(problems) => return Err(refused(&problems, source)),
    };
    let first = references.first().map(|r| r.as_str().to_string()).unwrap_or_default();
    let last = references.last().map(|r| r.as_str().to_string()).unwrap_or_default();
    println!(
        "Imported {} cases for {} from {source} ({first} to {last}, numbered by the year each was reported); each keeps its former reference.",
        references.len(),
        org.name
    );
    // Enough cases to change what the planner should expect of the tables (a few do not).
    if references.len() >= BULK {
        crate::search::refresh_statistics(store, asbcase_store::Written::Cases).await;
    }
    Ok(ExitCode::SUCCESS)
}

/// An import of at least this many cases has the database's statistics refreshed after it.
const BULK: usize = 1000;
