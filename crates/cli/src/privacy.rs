//! `asbcase privacy find|access|erase|log`: requests about personal data under the UK GDPR.
use crate::args::PrivacyCommand;
use crate::config::Settings;
use crate::error::CliError;
use crate::organisation::partnership;
use crate::serve::open;
use crate::standards::organisation_named;
use asbcase_domain::PersonId;
use asbcase_domain::time::{human, now};
use asbcase_store::{Erasure, Store};
use std::process::ExitCode;

pub async fn run(settings: &Settings, command: PrivacyCommand) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let result = match command {
        PrivacyCommand::Find { org, term } => find(&store, &org, &term).await,
        PrivacyCommand::Access { org, person, out } => access(&store, &org, &person, &out).await,
        PrivacyCommand::Erase { partnership: p, person, reason } => erase(&store, p, &person, &reason).await,
        PrivacyCommand::Log { partnership: p } => log(&store, p).await,
    };
    store.close().await;
    result
}

fn person_id(value: &str) -> Result<PersonId, CliError> {
    uuid::Uuid::parse_str(value.trim()).map(PersonId).map_err(|_| {
        CliError::usage(format!(
            "--person must be a person's identifier as `asbcase privacy find` prints it, not '{value}'"
        ))
    })
}

async fn find(store: &Store, org: &str, term: &str) -> Result<ExitCode, CliError> {
    if term.trim().chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        return Err(CliError::usage("give at least three letters or digits to look for"));
    }
    let org = organisation_named(store, org).await?;
    let people = store.find_people(org.tenant, org.id, term.trim(), 50).await?;
    if people.is_empty() {
        println!("Nobody on {}'s cases matches '{}'.", org.name, term.trim());
    }
    for p in &people {
        let cases = store.cases_of_person(org.tenant, p.id).await?.len();
        let contact: Vec<&str> = [&p.address, &p.phone, &p.email].into_iter().flatten().map(String::as_str).collect();
        println!("{}  {}  ({}; {cases} cases)", p.id.0, p.name, contact.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

async fn access(store: &Store, org: &str, person: &str, out: &std::path::Path) -> Result<ExitCode, CliError> {
    let person = person_id(person)?;
    let org = organisation_named(store, org).await?;
    let at = now();
    let Some(bundle) = asbcase_reports::subject_access::bundle(store, org.tenant, org.id, person, at).await? else {
        return Err(CliError::new(format!("no person {} on {}'s cases (or erased)", person.0, org.name)));
    };
    let html = bundle.html().map_err(|e| CliError::new(format!("could not write the bundle: {e}")))?;
    let write = |name: &str, body: &str| {
        let path = out.join(name);
        std::fs::write(&path, body).map_err(|e| CliError::new(format!("could not write {}: {e}", path.display())))
    };
    std::fs::create_dir_all(out).map_err(|e| CliError::new(format!("could not create {}: {e}", out.display())))?;
    write("bundle.html", &html)?;
    write("bundle.json", &bundle.json())?;
    let detail = format!("bundle of {} cases made for {}", bundle.cases.len(), org.name);
    store.log_privacy(org.tenant, Some(org.id), None, "subject_access", &person.0.to_string(), &detail, at).await?;
    println!(
        "Wrote the subject access bundle ({} cases) to {} and {}.",
        bundle.cases.len(),
        out.join("bundle.html").display(),
        out.join("bundle.json").display()
    );
    println!("Other people's details are hidden where recorded as entered: read it through before it goes out.");
    Ok(ExitCode::SUCCESS)
}

async fn erase(store: &Store, named: Option<String>, person: &str, reason: &str) -> Result<ExitCode, CliError> {
    let person = person_id(person)?;
    if reason.trim().is_empty() {
        return Err(CliError::usage("--reason must say why the erasure is agreed"));
    }
    let tenant = partnership(store, named.as_deref(), "--partnership").await?;
    match store.erase_person(tenant.id, person, reason.trim(), None, now()).await? {
        Erasure::Erased { cases, events_redacted, reviews, files_deleted } => {
            println!(
                "Erased person {}: their record, what they wrote and their details in {events_redacted} entries of {cases} cases and in {reviews} case reviews; {files_deleted} files they gave deleted. The cases, their figures and every chain remain.",
                person.0
            );
            Ok(ExitCode::SUCCESS)
        }
        Erasure::NotFound => Err(CliError::new(format!("no person {} (or already erased)", person.0))),
        Erasure::CasesOpen(refs) => Err(CliError::new(format!(
            "not erased: {} still open ({}); erase once closed, or record why the request is refused",
            if refs.len() == 1 { "a case of theirs is" } else { "cases of theirs are" },
            refs.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
        ))),
        Erasure::ReviewsOpen(refs) => Err(CliError::new(format!(
            "not erased: {} still going on ({}); erase once its outcome is sent and any appeal decided",
            if refs.len() == 1 {
                "a case review they applied for, or of their cases, is"
            } else {
                "case reviews they applied for, or of their cases, are"
            },
            refs.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>().join(", ")
        ))),
    }
}

async fn log(store: &Store, named: Option<String>) -> Result<ExitCode, CliError> {
    let tenant = partnership(store, named.as_deref(), "--partnership").await?;
    let entries = store.privacy_log(tenant.id, None, 200).await?;
    if entries.is_empty() {
        println!("Nothing has been done with personal data under the UK GDPR yet.");
    }
    for e in entries {
        let by = if e.actor.is_some() { "a member of staff" } else { "the command line or the retention job" };
        println!("{}  {}  {}  {} ({by})", human(e.at), e.action, e.subject, e.detail);
    }
    Ok(ExitCode::SUCCESS)
}
