//! The `asbcase` command: run the service, set up its database, load demo data, add staff,
//! and verify the case event log.
mod api_token;
mod args;
mod backup;
mod case_review;
mod config;
mod demo;
mod error;
mod export;
mod export_cases;
mod import;
mod kpi;
mod open311;
mod organisation;
mod partnership;
mod privacy;
mod questionnaire;
mod retention;
mod search;
mod serve;
mod services;
mod standards;
mod user;
mod verify;
mod webhook;
mod wording;

use args::{
    CaseReviewCommand, Cli, Command, ExportCommand, ImportCommand, NotifyCommand, Open311Command, OrganisationCommand,
    PartnershipCommand, QuestionnaireCommand, ReportCommand, RetentionCommand, ReviewRulesCommand, SearchCommand,
    ServicesCommand, StandardsCommand, TargetCommand, TemplateCommand, UserCommand,
};
use clap::Parser;
use error::CliError;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Output piped into `head` and cut short ends the command quietly, as other command-line
    // tools do, instead of a panic on the closed pipe (Rust ignores SIGPIPE by default).
    #[cfg(unix)]
    // SAFETY: at start-up, before any thread exists, restoring a signal's default action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ASBCASE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,asbcase=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("asbcase: error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("asbcase: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let file = config::FileConfig::load(cli.global.config.as_deref())?;
    match cli.command {
        Command::Serve(a) => serve::run(&config::resolve(&cli.global, &file, Some(&a))?).await,
        Command::Migrate => serve::migrate(&config::resolve(&cli.global, &file, None)?).await,
        Command::Demo(a) => demo::run(&cli.global, &file, a).await,
        Command::Organisation { command: OrganisationCommand::Add(a) } => {
            organisation::add(&config::resolve(&cli.global, &file, None)?, a).await
        }
        Command::Organisation { command: OrganisationCommand::Homes { org, year, homes } } => {
            organisation::homes(&config::resolve(&cli.global, &file, None)?, &org, year, homes).await
        }
        Command::User { command: UserCommand::Add(a) } => {
            user::add(&config::resolve(&cli.global, &file, None)?, a).await
        }
        Command::User { command: UserCommand::ResetTwoStep { email } } => {
            user::reset_two_step(&config::resolve(&cli.global, &file, None)?, &email).await
        }
        Command::User { command: UserCommand::SetPassword { email } } => {
            user::set_password(&config::resolve(&cli.global, &file, None)?, &email).await
        }
        Command::PublicHost { host, partnership } => {
            organisation::public_host(&config::resolve(&cli.global, &file, None)?, &host, partnership).await
        }
        Command::Questionnaire { command } => {
            let settings = config::resolve(&cli.global, &file, None)?;
            match command {
                QuestionnaireCommand::Show { partnership } => questionnaire::show(&settings, partnership).await,
                QuestionnaireCommand::Set { file, partnership } => {
                    questionnaire::set(&settings, &file, partnership).await
                }
            }
        }
        Command::Standards { command } => {
            let settings = config::resolve(&cli.global, &file, None)?;
            match command {
                StandardsCommand::Show { organisation } => standards::show(&settings, &organisation).await,
                StandardsCommand::Set { file, organisation } => standards::set(&settings, &file, &organisation).await,
            }
        }
        Command::Notify { command } => {
            let settings = config::resolve(&cli.global, &file, None)?;
            match command {
                NotifyCommand::Show { organisation } => wording::show_delivery(&settings, &organisation).await,
                NotifyCommand::Set(a) => wording::set_delivery(&settings, a).await,
            }
        }
        Command::Template { command } => {
            let settings = config::resolve(&cli.global, &file, None)?;
            match command {
                TemplateCommand::Show(a) => wording::show(&settings, &a, false).await,
                TemplateCommand::Preview(a) => wording::show(&settings, &a, true).await,
                TemplateCommand::Set { which, file } => wording::set(&settings, &which, &file).await,
                TemplateCommand::Reset(a) => wording::reset(&settings, &a).await,
            }
        }
        Command::Open311 { command } => {
            let settings = config::resolve(&cli.global, &file, None)?;
            match command {
                Open311Command::AddKey(a) => open311::add_key(&settings, a).await,
                Open311Command::Keys => open311::keys(&settings).await,
                Open311Command::RevokeKey { id } => open311::revoke(&settings, &id).await,
            }
        }
        Command::Services { command } => {
            let settings = config::resolve(&cli.global, &file, None)?;
            match command {
                ServicesCommand::Add(a) => services::add(&settings, a).await,
                ServicesCommand::List { partnership, all } => services::list(&settings, partnership, all).await,
                ServicesCommand::Remove { id, partnership } => {
                    services::set_active(&settings, &id, partnership, false).await
                }
                ServicesCommand::Restore { id, partnership } => {
                    services::set_active(&settings, &id, partnership, true).await
                }
            }
        }
        Command::Partnership { command } => {
            let settings = config::resolve(&cli.global, &file, None)?;
            match command {
                PartnershipCommand::Show { partnership } => partnership::show(&settings, partnership).await,
                PartnershipCommand::Set(a) => partnership::set(&settings, a).await,
                PartnershipCommand::Area(a) => partnership::area(&settings, a).await,
            }
        }
        Command::CaseReview { command: CaseReviewCommand::Rules { command } } => {
            let settings = config::resolve(&cli.global, &file, None)?;
            match command {
                ReviewRulesCommand::Show { partnership } => case_review::show(&settings, partnership).await,
                ReviewRulesCommand::Add { file, partnership, set_by } => {
                    case_review::add(&settings, &file, partnership, &set_by).await
                }
            }
        }
        Command::Kpi(a) => kpi::figures(&config::resolve(&cli.global, &file, None)?, a).await,
        Command::Report { command: ReportCommand::Quarterly(a) } => {
            kpi::quarterly(&config::resolve(&cli.global, &file, None)?, a).await
        }
        Command::Target { command } => {
            let settings = config::resolve(&cli.global, &file, None)?;
            match command {
                TargetCommand::Set(a) => kpi::set_target(&settings, a).await,
                TargetCommand::List { org } => kpi::targets(&settings, &org).await,
            }
        }
        Command::Retention { command } => {
            let settings = config::resolve(&cli.global, &file, None)?;
            match command {
                RetentionCommand::Show { partnership } => retention::show(&settings, partnership).await,
                RetentionCommand::Set(a) => retention::set(&settings, a).await,
                RetentionCommand::Run { partnership, dry_run } => retention::run(&settings, partnership, dry_run).await,
            }
        }
        Command::Privacy { command } => privacy::run(&config::resolve(&cli.global, &file, None)?, command).await,
        Command::ApiToken { command } => api_token::run(&config::resolve(&cli.global, &file, None)?, command).await,
        Command::Webhook { command } => webhook::run(&config::resolve(&cli.global, &file, None)?, command).await,
        Command::Export { command: ExportCommand::Organisation { org, out } } => {
            export::organisation(&config::resolve(&cli.global, &file, None)?, &org, &out).await
        }
        Command::Export { command: ExportCommand::Cases { org, out } } => {
            export_cases::cases(&config::resolve(&cli.global, &file, None)?, &org, &out).await
        }
        Command::Import { command: ImportCommand::Cases(a) } => {
            import::cases(&config::resolve(&cli.global, &file, None)?, a).await
        }
        Command::Search { command: SearchCommand::Index } => {
            search::index(&config::resolve(&cli.global, &file, None)?).await
        }
        Command::Verify => verify::run(&config::resolve(&cli.global, &file, None)?).await,
        Command::Backup { file: to } => backup::backup(&config::resolve(&cli.global, &file, None)?, &to).await,
        Command::Restore { file: from, force } => {
            backup::restore(&config::resolve(&cli.global, &file, None)?, &from, force).await
        }
    }
}
