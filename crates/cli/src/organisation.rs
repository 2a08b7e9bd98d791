//! `asbcase organisation add`: set up a partnership's organisations on a new database.
use crate::args::OrganisationAddArgs;
use crate::config::Settings;
use crate::error::CliError;
use crate::serve::open;
use asbcase_domain::calendar::Division;
use asbcase_domain::category::default_catalogue;
use asbcase_domain::organisation::OrganisationKind;
use asbcase_domain::organisation_edit::check_new;
use asbcase_domain::{OrganisationId, TenantId};
use asbcase_store::{Organisation, StoreError, Tenant};
use std::process::ExitCode;

pub async fn add(settings: &Settings, a: OrganisationAddArgs) -> Result<ExitCode, CliError> {
    let partnership = a.partnership.trim();
    let name = a.name.trim();
    if partnership.is_empty() || name.is_empty() {
        return Err(CliError::usage("give the partnership with --partnership and the organisation's name with --name"));
    }
    let kinds = OrganisationKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ");
    let kind = OrganisationKind::parse(a.kind.trim())
        .ok_or_else(|| CliError::usage(format!("unknown kind '{}' (kinds: {kinds})", a.kind)))?;
    let division = Division::parse(a.division.trim()).ok_or_else(|| {
        CliError::usage(format!(
            "unknown division '{}' (divisions: england-and-wales, scotland, northern-ireland)",
            a.division
        ))
    })?;
    let homes = match (a.homes, a.year) {
        (Some(h), Some(y)) => Some(checked_homes(&y.to_string(), &h.to_string())?),
        (Some(_), None) => return Err(CliError::usage("give the reporting year that --homes counts with --year")),
        (None, Some(_)) => return Err(CliError::usage("--year goes with --homes")),
        (None, None) => None,
    };

    // The name and kind alone, before a new partnership is made for them.
    let one_line = |errors: Vec<asbcase_domain::report::FieldError>| {
        CliError::usage(errors.into_iter().map(|e| e.message).collect::<Vec<_>>().join("; "))
    };
    check_new(name, kind.as_str(), &[]).map_err(one_line)?;
    let store = open(&settings.database_url).await?;
    let tenant = match store.tenants().await?.into_iter().find(|t| t.name.eq_ignore_ascii_case(partnership)) {
        Some(t) => t,
        None => {
            let t = Tenant {
                id: TenantId::new(),
                name: partnership.to_string(),
                division,
                created_at: jiff::Timestamp::now(),
            };
            store.create_tenant(&t).await?;
            store.set_categories(t.id, &default_catalogue()).await?;
            println!("Created the partnership {} ({} bank holidays).", t.name, division.as_str());
            t
        }
    };
    let existing = store.organisations(tenant.id).await?;
    let names = existing.iter().map(|o| o.name.as_str()).collect::<Vec<_>>();
    let (name, kind) = check_new(name, kind.as_str(), &names)
        .map_err(|errors| CliError::usage(errors.into_iter().map(|e| e.message).collect::<Vec<_>>().join("; ")))?;
    let org = Organisation { tenant: tenant.id, id: OrganisationId::new(), name, kind };
    let summary = format!("added {} ({})", org.name, kind.label());
    match store.add_organisation(&org, &summary, &crate::standards::command_line_user(), jiff::Timestamp::now()).await {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => {
            return Err(CliError::usage(format!("{} already has an organisation called {}", tenant.name, org.name)));
        }
        Err(e) => return Err(e.into()),
    }
    if let Some((year, homes)) = homes {
        store.set_homes_owned(tenant.id, org.id, year, homes).await?;
    }
    let receiver = store.report_receiver(tenant.id).await?.map(|r| r.name).unwrap_or_default();
    store.close().await;
    println!(
        "Added {} ({}) to {}. Next: asbcase user add --organisation \"{}\" …",
        org.name,
        kind.label(),
        tenant.name,
        org.name
    );
    println!("Residents' reports go to {receiver} (change with: asbcase partnership set --report-receiver).");
    Ok(ExitCode::SUCCESS)
}

/// The partnership a command is about: the one named, or the only one there is.
pub async fn partnership(store: &asbcase_store::Store, named: Option<&str>, flag: &str) -> Result<Tenant, CliError> {
    let tenants = store.tenants().await?;
    match (named, tenants.len()) {
        (_, 0) => Err(CliError::new(
            "the database has no partnership yet: add one with `asbcase organisation add` (or try `asbcase demo`)",
        )),
        (None, 1) => Ok(tenants[0].clone()),
        (None, _) => Err(CliError::usage(format!("the database holds several partnerships: name one with {flag}"))),
        (Some(name), _) => tenants
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name.trim()))
            .cloned()
            .ok_or_else(|| CliError::usage(format!("no partnership called '{name}'"))),
    }
}

/// `asbcase public-host HOST`: serve a partnership's public pages at HOST.
pub async fn public_host(settings: &Settings, host: &str, named: Option<String>) -> Result<ExitCode, CliError> {
    let h = asbcase_domain::organisation::public_host(host)
        .ok_or_else(|| CliError::usage(format!("'{host}' is not a host name, like report.ashfordvale.gov.example")))?;
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, named.as_deref(), "--partnership").await?;
    store.set_public_host(&h, tenant.id).await?;
    store.close().await;
    println!("{h} now serves the public report pages of {}.", tenant.name);
    Ok(ExitCode::SUCCESS)
}

/// `asbcase organisation homes`: the homes a landlord owns at the end of a reporting year, or
/// the years entered.
pub async fn homes(
    settings: &Settings,
    org: &str,
    year: Option<String>,
    homes: Option<String>,
) -> Result<ExitCode, CliError> {
    let entry = match (&year, &homes) {
        (Some(y), Some(h)) => Some(checked_homes(y, h)?),
        (None, None) => None,
        (Some(_), None) => return Err(CliError::usage("--year goes with --homes")),
        (None, Some(_)) => return Err(CliError::usage("give the reporting year that --homes counts with --year")),
    };
    let store = open(&settings.database_url).await?;
    let o = crate::standards::organisation_named(&store, org).await?;
    if let Some((year, homes)) = entry {
        let by = crate::standards::command_line_user();
        store.enter_homes_owned(o.tenant, o.id, year, homes, &by, asbcase_domain::time::now()).await?;
    }
    let years = store.homes_owned(o.tenant, o.id).await?;
    store.close().await;
    if years.is_empty() {
        println!("{} has no homes entered.", o.name);
    }
    for (year, homes) in years {
        println!("{}: {homes} homes at the end of {year}/{:02}", o.name, (year + 1) % 100);
    }
    Ok(ExitCode::SUCCESS)
}

/// A reporting year and homes owned given on the command line, checked as on the Settings
/// pages: a year from 1990 to this one, and a whole number of homes.
fn checked_homes(year: &str, homes: &str) -> Result<(i64, i64), CliError> {
    use asbcase_domain::organisation_edit::{check_homes, reporting_year_of};
    let today = asbcase_domain::time::now().to_zoned(asbcase_domain::time::london()).date();
    check_homes(year, homes, reporting_year_of(today)).map_err(|errors| {
        let said: Vec<String> = errors.into_iter().map(|e| format!("--{}: {}", e.field, e.message)).collect();
        CliError::usage(said.join("; "))
    })
}
