//! `asbcase partnership show|set`: how the partnership's organisations work together.
use crate::args::{AreaArgs, PartnershipSetArgs};
use crate::config::Settings;
use crate::error::CliError;
use crate::organisation::partnership;
use crate::serve::open;
use asbcase_domain::case_review::STATUTORY;
use asbcase_domain::organisation::OrganisationKind;
use asbcase_domain::repeats::{AreaKind, AreaSize};
use asbcase_domain::time::{human, human_date, london, now};
use asbcase_store::Organisation;
use std::process::ExitCode;

/// The working days a partnership may give partners to answer a referral.
pub const RESPONSE_DAYS: std::ops::RangeInclusive<u32> = 1..=60;

pub async fn show(settings: &Settings, named: Option<String>) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, named.as_deref(), "--partnership").await?;
    let days = store.referral_response_days(tenant.id).await?;
    let orgs = store.organisations(tenant.id).await?;
    let named_lead = store.case_review_lead(tenant.id).await?;
    let receiver = store.report_receiver(tenant.id).await?;
    let versions = store.review_rules(tenant.id).await?;
    let book = store.review_rule_book(tenant.id).await?;
    let repeat_months = store.repeat_window_months(tenant.id).await?;
    let two_step_all = store.mfa_for_everyone(tenant.id).await?;
    let (year_start, long_running) = store.reporting_settings(tenant.id).await?;
    let mut areas = vec![];
    for kind in AreaKind::ALL {
        for (name, size) in store.area_figures(tenant.id, *kind).await? {
            areas.push((*kind, name, size));
        }
    }
    store.close().await;

    println!("{}", tenant.name);
    println!("  Referrals: partners answer within {days} working days");
    let lead = match orgs.iter().find(|o| Some(o.id) == named_lead) {
        Some(o) => o.name.clone(),
        None => match default_lead(&orgs) {
            Some(o) if o.kind == OrganisationKind::Council => {
                format!("{} (not named: the partnership's first council)", o.name)
            }
            Some(o) => format!("{} (not named, and no council: the partnership's first organisation)", o.name),
            None => "none yet (the partnership has no organisations)".into(),
        },
    };
    println!("  Case review lead: {lead}");
    if let Some(r) = receiver {
        println!("  Residents' reports go to: {}", r.name);
    }
    println!("  Repeats: looked for over the last {} months", repeat_months);
    println!(
        "  Reporting: the year starts in {}; open cases are long-running after {long_running} months",
        human_month(u32::try_from(year_start).unwrap_or(4))
    );
    println!("  Two-step sign-in: required of {}", if two_step_all { "everyone" } else { "administrators" });
    println!("  Case review rules:");
    let today = now().to_zoned(london()).date();
    let in_force = book.in_force(today).effective_from;
    let mark = |from| if from == in_force { "  [in force today]" } else { "" };
    if versions.first().is_none_or(|(r, _, _)| r.effective_from > STATUTORY.effective_from) {
        let set = if versions.is_empty() { "the partnership has set none" } else { "until the partnership's own" };
        println!(
            "    from {}: the law's rules ({set}): {}{}",
            human_date(STATUTORY.effective_from),
            STATUTORY.describe(),
            mark(STATUTORY.effective_from)
        );
    }
    for (r, by, at) in &versions {
        println!("    from {}: {}{}", human_date(r.effective_from), r.describe(), mark(r.effective_from));
        println!("      set by {by} (stored {})", human(*at));
    }
    if areas.is_empty() {
        println!("  Areas: no homes or residents entered (hotspots show counts without rates)");
    } else {
        println!("  Areas:");
        let known = |n: Option<u32>| n.map_or_else(|| "not known".to_string(), |n| n.to_string());
        for (kind, name, size) in areas {
            println!("    {} {name}: {} homes, {} residents", kind.label(), known(size.homes), known(size.population));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Months back repeats may be looked for.
pub const REPEAT_MONTHS: std::ops::RangeInclusive<u32> = 1..=36;

/// A whole number within `range`, or a one-line error naming the flag.
fn whole(text: &str, flag: &str, unit: &str, range: std::ops::RangeInclusive<u32>) -> Result<u32, CliError> {
    let (lo, hi) = (range.start(), range.end());
    let refused =
        || CliError::usage(format!("{flag} must be a whole number of {unit} from {lo} to {hi}, not '{}'", text.trim()));
    let n: i64 = text.trim().parse().map_err(|_| refused())?;
    u32::try_from(n).ok().filter(|d| range.contains(d)).ok_or_else(refused)
}

/// `asbcase partnership area`: homes and residents of one ward, estate or patch.
pub async fn area(settings: &Settings, a: AreaArgs) -> Result<ExitCode, CliError> {
    let kind = AreaKind::parse(a.kind.trim())
        .ok_or_else(|| CliError::usage(format!("--kind must be ward, estate or patch, not '{}'", a.kind.trim())))?;
    let name = a.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(CliError::usage("--name is empty: give the area's name as cases record it"));
    }
    if name.chars().count() > 200 {
        return Err(CliError::usage("--name can be at most 200 characters"));
    }
    if a.homes.is_none() && a.population.is_none() {
        return Err(CliError::usage("give --homes N, --population N or both"));
    }
    let count = |t: &Option<String>, flag: &str, unit: &str| {
        t.as_deref().map(|t| whole(t, flag, unit, 0..=10_000_000)).transpose()
    };
    let homes = count(&a.homes, "--homes", "homes")?;
    let population = count(&a.population, "--population", "people")?;
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, a.partnership.as_deref(), "--partnership").await?;
    // Keep what was entered before for the figure not given now.
    let before = store.area_figures(tenant.id, kind).await?;
    let old = before.iter().find(|(k, _)| k.eq_ignore_ascii_case(&name));
    let stored_name = old.map(|(k, _)| k.clone()).unwrap_or(name);
    let old = old.map(|(_, v)| *v).unwrap_or_default();
    let size = AreaSize { homes: homes.or(old.homes), population: population.or(old.population) };
    store.set_area_figures(tenant.id, kind, &stored_name, size).await?;
    store.close().await;
    let known = |n: Option<u32>| n.map_or_else(|| "not known".to_string(), |n| n.to_string());
    println!(
        "{}: {} {stored_name} has {} homes and {} residents.",
        tenant.name,
        kind.label(),
        known(size.homes),
        known(size.population)
    );
    Ok(ExitCode::SUCCESS)
}

/// The lead when the partnership has named none, as the service chooses it: its first council,
/// else its first organisation.
fn default_lead(orgs: &[Organisation]) -> Option<&Organisation> {
    orgs.iter().find(|o| o.kind == OrganisationKind::Council).or_else(|| orgs.first())
}

/// The organisation of the partnership a flag names, if it was given.
fn one_of(
    orgs: &[Organisation],
    partnership: &str,
    given: Option<&str>,
    (flag, what): (&str, &str),
) -> Result<Option<Organisation>, CliError> {
    match given.map(str::trim) {
        None => Ok(None),
        Some("") => Err(CliError::usage(format!("{flag} is empty: name one of the partnership's organisations"))),
        Some(name) => {
            let found = orgs.iter().find(|o| o.name.eq_ignore_ascii_case(name)).cloned();
            let names = orgs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", ");
            found.map(Some).ok_or_else(|| {
                CliError::usage(format!(
                    "no organisation called '{name}' in {partnership}: {what} must be one of its organisations ({names})"
                ))
            })
        }
    }
}

pub async fn set(settings: &Settings, a: PartnershipSetArgs) -> Result<ExitCode, CliError> {
    if a.referral_response_days.is_none()
        && a.case_review_lead.is_none()
        && a.report_receiver.is_none()
        && a.repeat_window_months.is_none()
        && a.two_step_for.is_none()
        && a.year_start_month.is_none()
        && a.long_running_months.is_none()
    {
        return Err(CliError::usage(
            "give --referral-response-days N, --case-review-lead ORGANISATION, --report-receiver ORGANISATION, \
             --repeat-window-months N, --two-step-for WHO, --year-start-month MONTH or --long-running-months N",
        ));
    }
    let year_start =
        a.year_start_month.as_deref().map(|t| whole(t, "--year-start-month", "months", 1..=12)).transpose()?;
    let long_running =
        a.long_running_months.as_deref().map(|t| whole(t, "--long-running-months", "months", 1..=120)).transpose()?;
    let everyone = match a.two_step_for.as_deref().map(str::trim) {
        None => None,
        Some("everyone") => Some(true),
        Some("administrators") => Some(false),
        Some(other) => {
            return Err(CliError::usage(format!("--two-step-for must be administrators or everyone, not '{other}'")));
        }
    };
    let days = a.referral_response_days.as_deref().map(response_days).transpose()?;
    let months = a
        .repeat_window_months
        .as_deref()
        .map(|t| whole(t, "--repeat-window-months", "months", REPEAT_MONTHS))
        .transpose()?;
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, a.partnership.as_deref(), "--partnership").await?;
    let orgs = store.organisations(tenant.id).await?;
    let lead =
        one_of(&orgs, &tenant.name, a.case_review_lead.as_deref(), ("--case-review-lead", "the case review lead"))?;
    let receiver = one_of(
        &orgs,
        &tenant.name,
        a.report_receiver.as_deref(),
        ("--report-receiver", "the organisation residents' reports go to"),
    )?;
    if let Some(d) = days {
        store.set_referral_response_days(tenant.id, d).await?;
    }
    if let Some(org) = &lead {
        store.set_case_review_lead(tenant.id, org.id).await?;
    }
    if let Some(org) = &receiver {
        store.set_report_receiver(tenant.id, org.id).await?;
    }
    if let Some(m) = months {
        store.set_repeat_window_months(tenant.id, m).await?;
    }
    if let Some(on) = everyone {
        store.set_mfa_for_everyone(tenant.id, on).await?;
    }
    if year_start.is_some() || long_running.is_some() {
        let start = year_start.and_then(|m| i8::try_from(m).ok());
        let months = long_running.and_then(|m| i32::try_from(m).ok());
        store.set_reporting_settings(tenant.id, start, months).await?;
    }
    store.close().await;
    if let Some(m) = year_start {
        println!("{}: the reporting year now starts in {}.", tenant.name, human_month(m));
    }
    if let Some(m) = long_running {
        println!("{}: open cases are now long-running after {m} month{}.", tenant.name, if m == 1 { "" } else { "s" });
    }
    if let Some(on) = everyone {
        let who = if on { "everyone" } else { "administrators" };
        println!("{}: two-step sign-in is now required of {who}.", tenant.name);
    }
    if let Some(m) = months {
        println!(
            "{}: repeats are now looked for over the last {m} month{}.",
            tenant.name,
            if m == 1 { "" } else { "s" }
        );
    }
    if let Some(d) = days {
        println!("{}: partners now answer referrals within {d} working days; later ones are flagged.", tenant.name);
    }
    if let Some(org) = lead {
        println!(
            "{}: the case review's single point of contact is now at {}; applicants' messages go out in its name.",
            tenant.name, org.name
        );
    }
    if let Some(org) = receiver {
        println!(
            "{}: residents' reports now go to {}; its administrators run the partnership's settings and public pages.",
            tenant.name, org.name
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `--referral-response-days`, checked before it reaches the database.
fn response_days(text: &str) -> Result<u32, CliError> {
    let (lo, hi) = (RESPONSE_DAYS.start(), RESPONSE_DAYS.end());
    let refused = || {
        CliError::usage(format!(
            "--referral-response-days must be a whole number of working days from {lo} to {hi}, not '{}'",
            text.trim()
        ))
    };
    let n: i64 = text.trim().parse().map_err(|_| refused())?;
    u32::try_from(n).ok().filter(|d| RESPONSE_DAYS.contains(d)).ok_or_else(refused)
}

/// A month's name from its number.
fn human_month(m: u32) -> &'static str {
    asbcase_domain::time::month_name(i8::try_from(m).unwrap_or(4))
}
