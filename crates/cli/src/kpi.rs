//! `asbcase kpi`, `asbcase report quarterly` and `asbcase target set|list`: performance figures
//! for scripts, committee and residents' panel reports, and the targets they are measured by.
use crate::args::{FiguresArgs, KpiArgs, QuarterlyArgs, TargetSetArgs};
use crate::config::Settings;
use crate::error::CliError;
use crate::organisation::partnership;
use crate::serve::open;
use crate::standards::organisation_named;
use asbcase_domain::kpi::{Direction, Kpi, Period, Target};
use asbcase_domain::time::{london, now};
use asbcase_reports::document::{self, Document};
use asbcase_reports::present::Audience;
use asbcase_reports::{Ask, Filter, Performance, ReportError};
use asbcase_store::Store;
use std::process::ExitCode;

impl From<ReportError> for CliError {
    fn from(e: ReportError) -> CliError {
        CliError::new(e.to_string())
    }
}

/// The period asked for: --period, or --from and --to, or the last complete quarter.
fn period(a: &FiguresArgs, year_start: i8) -> Result<Period, CliError> {
    match (&a.period, &a.from, &a.to) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            Err(CliError::usage("give --period, or --from and --to, not both"))
        }
        (Some(p), None, None) => Period::parse(p, year_start).map_err(CliError::usage),
        (None, Some(from), Some(to)) => {
            let day = |s: &str, flag: &str| {
                s.trim()
                    .parse()
                    .map_err(|_| CliError::usage(format!("{flag} must be a date as year-month-day, not '{s}'")))
            };
            Period::custom(day(from, "--from")?, day(to, "--to")?, year_start).map_err(CliError::usage)
        }
        (None, Some(_), None) => Err(CliError::usage("--from needs --to")),
        (None, None, Some(_)) => Err(CliError::usage("--to needs --from")),
        (None, None, None) => {
            let today = now().to_zoned(london()).date();
            Ok(Period::quarter_of(today, year_start).previous())
        }
    }
}

async fn performance(store: &Store, a: &FiguresArgs) -> Result<Performance, CliError> {
    let (tenant, org) = match &a.org {
        Some(name) => {
            let o = organisation_named(store, name).await?;
            (o.tenant, Some(o.id))
        }
        None => (partnership(store, a.partnership.as_deref(), "--partnership").await?.id, None),
    };
    let (year_start, _) = store.reporting_settings(tenant).await?;
    let ask =
        Ask { tenant, organisation: org, period: period(a, year_start)?, filter: Filter::default(), as_of: now() };
    Ok(asbcase_reports::performance(store, &ask).await?)
}

pub async fn figures(settings: &Settings, a: KpiArgs) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    if a.rebuild_facts {
        let n = store.rebuild_kpi_facts().await?;
        store.close().await;
        println!("Worked out the KPI facts of {n} cases again from their events.");
        return Ok(ExitCode::SUCCESS);
    }
    if !matches!(a.format.as_str(), "json" | "csv") {
        return Err(CliError::usage(format!("--format must be json or csv, not '{}'", a.format)));
    }
    let p = performance(&store, &a.figures).await?;
    store.close().await;
    let out = if a.format == "csv" {
        let doc = document::document(&p, Audience::Staff);
        String::from_utf8_lossy(&document::csv(&doc).map_err(|e| CliError::new(e.to_string()))?).into_owned()
    } else {
        serde_json::to_string_pretty(&p.json()).map_err(|e| CliError::new(e.to_string()))?
    };
    println!("{}", out.trim_end());
    Ok(ExitCode::SUCCESS)
}

fn render(doc: &Document, format: &str) -> Result<Vec<u8>, CliError> {
    match format {
        "html" => Ok(document::html(doc).map_err(|e| CliError::new(e.to_string()))?.into_bytes()),
        "csv" => document::csv(doc).map_err(|e| CliError::new(e.to_string())),
        "pdf" => {
            asbcase_reports::typeset::pdf(doc).map_err(|e| CliError::new(format!("the PDF could not be made: {e}")))
        }
        other => Err(CliError::usage(format!("--format must be html, csv or pdf, not '{other}'"))),
    }
}

pub async fn quarterly(settings: &Settings, a: QuarterlyArgs) -> Result<ExitCode, CliError> {
    let format = a.format.trim().to_ascii_lowercase();
    if !matches!(format.as_str(), "html" | "csv" | "pdf") {
        return Err(CliError::usage(format!("--format must be html, csv or pdf, not '{}'", a.format)));
    }
    let store = open(&settings.database_url).await?;
    let p = performance(&store, &a.figures).await?;
    store.close().await;
    let doc = document::document(&p, if a.anonymised { Audience::Public } else { Audience::Staff });
    let bytes = render(&doc, &format)?;
    let path = a.out.clone().unwrap_or_else(|| doc.file_name(&format).into());
    std::fs::write(&path, bytes).map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))?;
    println!("Wrote the {} report for {}, {}, to {}", format, p.scope, p.period.describe(), path.display());
    Ok(ExitCode::SUCCESS)
}

pub async fn set_target(settings: &Settings, a: TargetSetArgs) -> Result<ExitCode, CliError> {
    let kpi = Kpi::parse(a.kpi.trim()).ok_or_else(|| {
        let keys: Vec<&str> = Kpi::ALL.iter().map(|k| k.key()).collect();
        CliError::usage(format!("--kpi '{}' is not a KPI; use one of {}", a.kpi.trim(), keys.join(", ")))
    })?;
    let value: f64 = a
        .value
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| CliError::usage(format!("--value must be a number, not '{}'", a.value.trim())))?;
    let direction = match a.direction.as_deref().map(str::trim) {
        None if kpi.higher_is_better() => Direction::AtLeast,
        None => Direction::AtMost,
        Some("at-least" | "at_least") => Direction::AtLeast,
        Some("at-most" | "at_most") => Direction::AtMost,
        Some(other) => return Err(CliError::usage(format!("--direction must be at-least or at-most, not '{other}'"))),
    };
    Target::check(kpi, value, &a.set_by).map_err(CliError::usage)?;
    let set_on = match &a.set_on {
        Some(d) => d
            .trim()
            .parse()
            .map_err(|_| CliError::usage(format!("--set-on must be a date as year-month-day, not '{}'", d.trim())))?,
        None => now().to_zoned(london()).date(),
    };
    let store = open(&settings.database_url).await?;
    let org = organisation_named(&store, &a.org).await?;
    let target = Target { kpi, value, direction, set_by: a.set_by.trim().to_string(), set_on };
    store.set_target(org.tenant, org.id, &target, "asbcase target set", now()).await?;
    store.close().await;
    println!(
        "{}: {} — target {} {value}, set by {} on {set_on}.",
        org.name,
        kpi.name(),
        direction.label(),
        target.set_by
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn targets(settings: &Settings, org: &str) -> Result<ExitCode, CliError> {
    let store = open(&settings.database_url).await?;
    let org = organisation_named(&store, org).await?;
    let targets = store.targets(org.tenant, org.id).await?;
    store.close().await;
    if targets.is_empty() {
        println!("{} has no targets yet (asbcase target set).", org.name);
    }
    for t in targets {
        println!("{}: {} {} (set by {} on {})", t.kpi.key(), t.direction.label(), t.value, t.set_by, t.set_on);
    }
    Ok(ExitCode::SUCCESS)
}
