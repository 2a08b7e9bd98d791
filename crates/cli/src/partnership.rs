//! `asbcase partnership show|set`: how the partnership's organisations work together.
use crate::args::PartnershipSetArgs;
use crate::case_review::describe;
use crate::config::Settings;
use crate::error::CliError;
use crate::organisation::partnership;
use crate::serve::open;
use asbcase_domain::case_review::STATUTORY;
use asbcase_domain::organisation::OrganisationKind;
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
    let versions = store.review_rules(tenant.id).await?;
    let book = store.review_rule_book(tenant.id).await?;
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
    println!("  Case review rules:");
    let today = now().to_zoned(london()).date();
    let in_force = book.in_force(today).effective_from;
    let mark = |from| if from == in_force { "  [in force today]" } else { "" };
    if versions.first().is_none_or(|(r, _, _)| r.effective_from > STATUTORY.effective_from) {
        let set = if versions.is_empty() { "the partnership has set none" } else { "until the partnership's own" };
        println!(
            "    from {}: the law's rules ({set}): {}{}",
            human_date(STATUTORY.effective_from),
            describe(&STATUTORY),
            mark(STATUTORY.effective_from)
        );
    }
    for (r, by, at) in &versions {
        println!("    from {}: {}{}", human_date(r.effective_from), describe(r), mark(r.effective_from));
        println!("      set by {by} (stored {})", human(*at));
    }
    Ok(ExitCode::SUCCESS)
}

/// The lead when the partnership has named none, as the service chooses it: its first council,
/// else its first organisation.
fn default_lead(orgs: &[Organisation]) -> Option<&Organisation> {
    orgs.iter().find(|o| o.kind == OrganisationKind::Council).or_else(|| orgs.first())
}

pub async fn set(settings: &Settings, a: PartnershipSetArgs) -> Result<ExitCode, CliError> {
    if a.referral_response_days.is_none() && a.case_review_lead.is_none() {
        return Err(CliError::usage("give --referral-response-days N or --case-review-lead ORGANISATION (or both)"));
    }
    let days = a.referral_response_days.as_deref().map(response_days).transpose()?;
    let store = open(&settings.database_url).await?;
    let tenant = partnership(&store, a.partnership.as_deref(), "--partnership").await?;
    let lead = match a.case_review_lead.as_deref().map(str::trim) {
        None => None,
        Some("") => {
            return Err(CliError::usage("--case-review-lead is empty: name one of the partnership's organisations"));
        }
        Some(name) => {
            let orgs = store.organisations(tenant.id).await?;
            let found = orgs.iter().find(|o| o.name.eq_ignore_ascii_case(name)).cloned();
            let names = orgs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", ");
            Some(found.ok_or_else(|| {
                CliError::usage(format!(
                    "no organisation called '{name}' in {}: the case review lead must be one of its organisations ({names})",
                    tenant.name
                ))
            })?)
        }
    };
    if let Some(d) = days {
        store.set_referral_response_days(tenant.id, d).await?;
    }
    if let Some(org) = &lead {
        store.set_case_review_lead(tenant.id, org.id).await?;
    }
    store.close().await;
    if let Some(d) = days {
        println!("{}: partners now answer referrals within {d} working days; later ones are flagged.", tenant.name);
    }
    if let Some(org) = lead {
        println!(
            "{}: the case review's single point of contact is now at {}; applicants' messages go out in its name.",
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
