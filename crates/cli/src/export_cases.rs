//! `asbcase export cases --org ORG --out FILE.csv`: an organisation's cases in the columns
//! `asbcase import cases` reads (docs/import.md), to move them to another installation of
//! asbcase. Each case's reference becomes its former reference there. Reports that never became
//! cases (diverted, joined to another, waiting for triage) are left out: the import makes cases.
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use crate::standards::organisation_named;
use asbcase_domain::case::Status;
use asbcase_domain::event::Change;
use asbcase_domain::import::{OPTIONAL, REQUIRED};
use asbcase_domain::party::PartyRole;
use asbcase_domain::time::fixed;
use asbcase_store::{CaseFilter, Store};
use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

pub async fn cases(settings: &Settings, org: &str, out: &Path) -> Result<ExitCode, CliError> {
    if out.exists() {
        return Err(CliError::usage(format!(
            "{} already exists: give a new file, so that nothing is overwritten",
            out.display()
        )));
    }
    let store = open(&settings.database_url).await?;
    let result = write(&store, org, out).await;
    store.close().await;
    result
}

async fn write(store: &Store, org: &str, out: &Path) -> Result<ExitCode, CliError> {
    let org = organisation_named(store, org).await?;
    let officers: HashMap<_, _> =
        store.users_of_organisation(org.tenant, org.id).await?.into_iter().map(|u| (u.id, u.email)).collect();
    let columns: Vec<&str> = REQUIRED.iter().chain(OPTIONAL.iter()).copied().collect();
    let bad = |e: csv::Error| CliError::new(format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record(&columns).map_err(bad)?;
    let (mut written, mut left_out) = (0, 0);
    let now = asbcase_domain::time::now();
    for page in 1.. {
        let filter = CaseFilter { organisation: Some(org.id), page, per_page: 200, ..Default::default() };
        let found = store.list_cases(org.tenant, &filter, now).await?;
        for summary in &found.rows {
            let Some(case) = store.case(org.tenant, summary.id).await? else { continue };
            let (Some(opened_at), true) = (case.opened_at, case.anonymised_at.is_none()) else {
                left_out += 1;
                continue;
            };
            let people = store.people(org.tenant, case.id).await?;
            let person = |role: PartyRole| {
                case.parties
                    .iter()
                    .filter(|p| p.role == role)
                    .find_map(|p| p.person.and_then(|id| people.iter().find(|x| x.id == id)))
            };
            let complainant = person(PartyRole::Complainant);
            let about = person(PartyRole::PersonComplainedAbout);
            let about_name = about.map(|p| p.name.clone()).or_else(|| {
                case.parties
                    .iter()
                    .find(|p| p.role == PartyRole::PersonComplainedAbout)
                    .and_then(|p| p.description.clone())
                    .filter(|d| d != asbcase_domain::intake::NOT_KNOWN)
            });
            let first_contact = store
                .contacts(org.tenant, case.id)
                .await?
                .into_iter()
                .filter(|c| c.contact.resets_complainant_clock())
                .map(|c| c.contact.at)
                .min();
            // The closing summary is in the last Closed event.
            let summary = if case.status == Status::Closed {
                store.events(org.tenant, case.id).await?.iter().rev().find_map(|e| match e.change() {
                    Ok(Change::Closed { summary, .. }) => Some(summary),
                    _ => None,
                })
            } else {
                None
            };
            let closed = case.status == Status::Closed
                && case.outcome.is_some_and(|o| asbcase_domain::case::ClosureOutcome::CHOICES.contains(&o));
            if case.status == Status::Closed && !closed {
                left_out += 1;
                continue;
            }
            let opt = |v: Option<String>| v.unwrap_or_default();
            let cells: HashMap<&str, String> = HashMap::from([
                ("reference", case.reference.to_string()),
                ("reported_on", fixed(case.reported_at)),
                ("description", case.description.clone()),
                ("categories", case.categories.join(";")),
                ("risk", case.risk_band.as_str().into()),
                ("address", case.location.address.clone()),
                ("status", if closed { "closed" } else { "open" }.into()),
                ("channel", case.channel.as_str().into()),
                ("postcode", opt(case.location.postcode.as_ref().map(|p| p.as_str().to_string()))),
                ("hate_strands", case.flags.hate_strands.iter().map(|h| h.as_str()).collect::<Vec<_>>().join(";")),
                ("vulnerable", if case.flags.vulnerability { "yes" } else { "no" }.into()),
                ("patch", opt(case.patch.clone())),
                ("complainant_name", opt(complainant.map(|p| p.name.clone()))),
                ("complainant_phone", opt(complainant.and_then(|p| p.phone.clone()))),
                ("complainant_email", opt(complainant.and_then(|p| p.email.clone()))),
                ("complainant_address", opt(complainant.and_then(|p| p.address.clone()))),
                ("person_complained_about", opt(about_name)),
                ("person_complained_about_address", opt(about.and_then(|p| p.address.clone()))),
                ("officer", opt(case.assigned_officer.and_then(|o| officers.get(&o).cloned()))),
                ("opened_on", fixed(opened_at)),
                ("first_contact_on", opt(first_contact.map(fixed))),
                ("closed_on", opt(case.closed_at.filter(|_| closed).map(fixed))),
                ("outcome", opt(case.outcome.filter(|_| closed).map(|o| o.as_str().to_string()))),
                ("closure_summary", opt(summary.filter(|s| !s.trim().is_empty()))),
            ]);
            w.write_record(columns.iter().map(|c| cells.get(c).cloned().unwrap_or_default())).map_err(bad)?;
            written += 1;
        }
        if found.rows.len() < 200 {
            break;
        }
    }
    let bytes = w.into_inner().map_err(|e| CliError::new(format!("cannot write CSV: {e}")))?;
    std::fs::write(out, bytes).map_err(|e| CliError::new(format!("cannot write {}: {e}", out.display())))?;
    println!(
        "Wrote {written} cases of {} to {} in the columns asbcase import cases reads; {left_out} reports that never became cases (or were anonymised) are left out. It holds personal data: keep it safe.",
        org.name,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
