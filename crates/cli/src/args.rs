//! Command-line arguments. Every option can also come from an `ASBCASE_*` environment
//! variable or from `asbcase.toml`; a flag beats the environment, which beats the file.
mod api_token;
mod export;
mod import;
mod organisation;
mod partnership;
mod performance;
mod privacy;
mod search;
mod webhook;
pub use api_token::*;
use clap::{Args, Parser, Subcommand};
pub use export::*;
pub use import::*;
pub use organisation::*;
pub use partnership::*;
pub use performance::*;
pub use privacy::*;
pub use search::*;
use std::path::PathBuf;
pub use webhook::*;

#[derive(Parser)]
#[command(
    name = "asbcase",
    version,
    about = "Anti-social behaviour case management for councils, social landlords and community safety partnerships",
    long_about = "Anti-social behaviour case management for councils, social landlords and community safety partnerships.\n\n\
        Try it: `asbcase demo` builds a demo database and serves it on http://127.0.0.1:8080/.\n\
        Run it: `asbcase serve --database-url postgres://…` (or the default SQLite file asbcase.db).\n\n\
        Settings come from flags, then ASBCASE_* environment variables, then asbcase.toml \
        (in the working directory, or --config)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Clone, Default)]
pub struct Global {
    /// Database: sqlite://path/to/file.db (created on first use) or postgres://user@host:port/db.
    /// Default sqlite://asbcase.db
    #[arg(long, global = true, env = "DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
    /// Configuration file (TOML). Default: asbcase.toml in the working directory, if there is one.
    #[arg(long, global = true, env = "ASBCASE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the web service on an existing or new database (migrations run at start-up).
    Serve(ServeArgs),
    /// Create or update the database schema, then exit.
    Migrate,
    /// Build a database full of fictional, realistic cases and serve it: the quickest way to try asbcase.
    ///
    /// Without --database-url the database is a new SQLite file in a temporary directory.
    /// It never writes over a database that already holds data unless --force is given.
    Demo(DemoArgs),
    /// Add an organisation to a partnership (creating the partnership if it is new).
    Organisation {
        #[command(subcommand)]
        command: OrganisationCommand,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Serve a partnership's public report pages at a web address (needed when one server
    /// holds several partnerships; with one, every address serves it).
    PublicHost {
        /// The host name residents use, e.g. report.ashfordvale.gov.example
        host: String,
        #[arg(long)]
        partnership: Option<String>,
    },
    /// The risk questionnaire a partnership asks: show it, or store a new version.
    Questionnaire {
        #[command(subcommand)]
        command: QuestionnaireCommand,
    },
    /// An organisation's service standards: show them, or set its own.
    Standards {
        #[command(subcommand)]
        command: StandardsCommand,
    },
    /// How an organisation's messages to residents are delivered: the file channel, its own
    /// SMTP server, or GOV.UK Notify.
    Notify {
        #[command(subcommand)]
        command: NotifyCommand,
    },
    /// An organisation's wording of its messages to residents: show, preview, set or reset it.
    Template {
        #[command(subcommand)]
        command: TemplateCommand,
    },
    /// Keys for partners' systems that send reports by Open311 (FixMyStreet, police systems).
    Open311 {
        #[command(subcommand)]
        command: Open311Command,
    },
    /// The partnership's directory of support services that officers signpost and refer to.
    Services {
        #[command(subcommand)]
        command: ServicesCommand,
    },
    /// How the partnership's organisations work together: how long partners have to answer a
    /// referral, and which organisation leads ASB Case Reviews.
    Partnership {
        #[command(subcommand)]
        command: PartnershipCommand,
    },
    /// The ASB Case Review (formerly the Community Trigger): the partnership's rules.
    CaseReview {
        #[command(subcommand)]
        command: CaseReviewCommand,
    },
    /// Print every KPI for an organisation or the whole partnership and a period (for scripts).
    Kpi(KpiArgs),
    /// Write a performance report for a committee or residents' panel (HTML, CSV or PDF).
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Targets for an organisation's KPIs, with who set or agreed them and when.
    Target {
        #[command(subcommand)]
        command: TargetCommand,
    },
    /// How long personal data is kept: show or set the periods, or apply them now.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Requests about personal data (UK GDPR): find a person, write their subject access
    /// bundle, erase them, or read the log of what was done.
    Privacy {
        #[command(subcommand)]
        command: PrivacyCommand,
    },
    /// Tokens for the JSON API (/api/v1): make one for a partner's system, list, revoke.
    ApiToken {
        #[command(subcommand)]
        command: ApiTokenCommand,
    },
    /// Webhooks: tell a partner's or the organisation's own system of case events, signed.
    Webhook {
        #[command(subcommand)]
        command: WebhookCommand,
    },
    /// Take an organisation's whole record out, as CSV and JSON (no lock-in).
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Bring in cases from a spreadsheet or another case system's export.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// The search index: make the search documents of changed cases now.
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
    /// Re-walk every case's event chain and report the first break (exit status 1 if any).
    Verify,
    /// Copy the whole database to FILE, consistently, while it may be in use, and check the
    /// copy (SQLite: an SQLite file; PostgreSQL: a pg_dump custom-format file).
    Backup { file: std::path::PathBuf },
    /// Put a backup made by `asbcase backup` in place of the database, bring it up to this
    /// version's schema and check every case's event chain.
    Restore {
        file: std::path::PathBuf,
        /// Replace a database that already holds data.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args, Clone, Default)]
pub struct ServeArgs {
    /// Address to listen on. Default 127.0.0.1:8080
    #[arg(long, env = "ASBCASE_ADDR", value_name = "HOST:PORT")]
    pub addr: Option<String>,
    /// Name shown in the header of every page. Default "ASB case management"
    #[arg(long, env = "ASBCASE_SERVICE_NAME")]
    pub service_name: Option<String>,
    /// The address residents reach the service at, used in links sent to them (case tracker,
    /// survey), e.g. https://asb.example.org. Default: this server's own address.
    #[arg(long, env = "ASBCASE_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// Mark cookies Secure: set when the service is reached over HTTPS.
    #[arg(long, env = "ASBCASE_SECURE_COOKIES")]
    pub secure_cookies: Option<bool>,
    /// Folder that messages to residents (acknowledgements, updates) are written to, one file
    /// each, by the default delivery channel. Default ./asbcase-outbox
    #[arg(long, env = "ASBCASE_OUTBOX_DIR", value_name = "DIR")]
    pub outbox_dir: Option<std::path::PathBuf>,
    /// Send email through this SMTP server: smtps://user:password@host:465, or
    /// smtp://user:password@host:587?tls=required. Without it, email is written to --outbox-dir.
    /// ASBCASE_SMTP_URL_FILE names a file holding it (for secrets).
    #[arg(long, env = "ASBCASE_SMTP_URL", value_name = "URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of email, e.g. "ASB Team <asb@council.example>". Needed with --smtp-url.
    #[arg(long, env = "ASBCASE_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Reports, tracker-link requests and case review applications accepted from one address
    /// an hour. Default 20
    #[arg(long, env = "ASBCASE_LIMIT_PUBLIC_PER_HOUR", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit_public_per_hour: Option<u32>,
    /// Sign-in attempts accepted from one address a minute. Default 30
    #[arg(long, env = "ASBCASE_LIMIT_SIGN_IN_PER_MINUTE", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit_sign_in_per_minute: Option<u32>,
    /// Open311 requests accepted per partner key (or address, without a key) a minute.
    /// Default 300
    #[arg(long, env = "ASBCASE_LIMIT_OPEN311_PER_MINUTE", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit_open311_per_minute: Option<u32>,
    /// JSON API requests accepted per token a minute. Default 600
    #[arg(long, env = "ASBCASE_LIMIT_API_PER_MINUTE", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit_api_per_minute: Option<u32>,
    /// Seconds the Import page waits for a check or import to finish before showing how far it
    /// has got (0: at once). Default 5
    #[arg(long, env = "ASBCASE_IMPORT_WAIT_SECONDS", value_name = "SECONDS")]
    pub import_wait_seconds: Option<u64>,
    /// Addresses of reverse proxies in front of the service, whose X-Forwarded-For header is
    /// believed for the rate limits (comma-separated).
    #[arg(long, env = "ASBCASE_TRUSTED_PROXIES", value_name = "ADDRESSES", value_delimiter = ',')]
    pub trusted_proxies: Option<Vec<String>>,
}

#[derive(Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub serve: ServeArgs,
    /// Seed for the synthetic data: the same seed gives the same people and cases.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// How many cases to create.
    #[arg(long, default_value_t = 1500, value_parser = clap::value_parser!(u32).range(1..=2_000_000))]
    pub cases: u32,
    /// Years of history the cases are spread over, up to today.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=30))]
    pub years: u16,
    /// Replace the data in an existing database given with --database-url.
    #[arg(long)]
    pub force: bool,
    /// Build the database, print the sign-ins, and exit instead of serving.
    #[arg(long)]
    pub no_serve: bool,
}

#[derive(Subcommand)]
pub enum Open311Command {
    /// Make a key for a partner's system; it is printed once and stored only as a hash.
    AddKey(Open311AddKeyArgs),
    /// List the keys of every partnership, live and revoked.
    Keys,
    /// Stop a key working (its requests stay on their cases).
    RevokeKey {
        /// The key's id, as `asbcase open311 keys` shows it.
        id: String,
    },
}

#[derive(Args)]
pub struct Open311AddKeyArgs {
    /// Who will hold the key, e.g. "FixMyStreet".
    #[arg(long)]
    pub name: String,
    /// The organisation whose cases the key's reports become.
    #[arg(long)]
    pub organisation: String,
}

#[derive(Subcommand)]
pub enum QuestionnaireCommand {
    /// Print the questionnaire asked now, as JSON (a starting point for a new version).
    Show {
        /// The partnership, when the database holds several.
        #[arg(long)]
        partnership: Option<String>,
    },
    /// Check a questionnaire in a JSON file and store it as the next version. Versions already
    /// used are never changed; reports are assessed with the new one from now on.
    Set {
        file: PathBuf,
        #[arg(long)]
        partnership: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum StandardsCommand {
    /// Print the standards an organisation works to, as JSON.
    Show {
        #[arg(long)]
        organisation: String,
    },
    /// Check standards in a JSON file and make them the organisation's own. They apply to
    /// each case's deadlines from its next change.
    Set {
        file: PathBuf,
        #[arg(long)]
        organisation: String,
    },
}

#[derive(Subcommand)]
pub enum NotifyCommand {
    /// Print how an organisation's messages are delivered (secrets are never shown).
    Show {
        #[arg(long)]
        organisation: String,
    },
    /// Choose how an organisation's messages are delivered.
    Set(NotifySetArgs),
}

#[derive(clap::Args)]
pub struct NotifySetArgs {
    #[arg(long)]
    pub organisation: String,
    /// file, smtp or notify
    #[arg(long)]
    pub provider: String,
    /// notify: the environment variable holding the GOV.UK Notify API key (or NAME_FILE, a
    /// file holding it). The key itself is never stored.
    #[arg(long, value_name = "NAME")]
    pub api_key_env: Option<String>,
    /// notify: Notify's API address (default the live service)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// notify: the id of the Notify email template whose subject is ((subject)) and body ((body))
    #[arg(long, value_name = "ID")]
    pub email_template: Option<String>,
    /// notify: the id of the Notify text message template whose body is ((body))
    #[arg(long, value_name = "ID")]
    pub sms_template: Option<String>,
    /// notify: the id of the Notify letter template (((subject)) and ((body)))
    #[arg(long, value_name = "ID")]
    pub letter_template: Option<String>,
    /// smtp: the environment variable holding the SMTP URL (with its password)
    #[arg(long, value_name = "NAME")]
    pub smtp_url_env: Option<String>,
    /// smtp: the sender, e.g. "ASB Team <asb@council.example>"
    #[arg(long, value_name = "ADDRESS")]
    pub mail_from: Option<String>,
}

#[derive(Subcommand)]
pub enum TemplateCommand {
    /// Print the wording of a kind of message (the organisation's own, or the default) and its placeholders.
    Show(TemplateArgs),
    /// Print a kind of message as a resident would receive it, filled with example values.
    Preview(TemplateArgs),
    /// Check a wording in a file and make it the organisation's own. The file's first line is
    /// "Subject: ..." (not for text messages), then a blank line, then the body.
    Set {
        #[command(flatten)]
        which: TemplateArgs,
        file: PathBuf,
    },
    /// Go back to the standard wording of a kind of message, removing the organisation's own.
    Reset(TemplateArgs),
}

#[derive(clap::Args)]
pub struct TemplateArgs {
    #[arg(long)]
    pub organisation: String,
    /// acknowledgement, update, tracker_link, report_diverted, case_closed, contact_due,
    /// referral_changed, review_acknowledgement, review_outcome or survey_invitation
    #[arg(long)]
    pub kind: String,
    /// email, sms or letter
    #[arg(long)]
    pub medium: String,
}

#[derive(Subcommand)]
pub enum ServicesCommand {
    /// Add a service to the directory (listed on the public pages unless --not-public) and
    /// print its id.
    Add(ServiceAddArgs),
    /// List the directory: id, name, area, whether it is public and whether it is on the directory.
    List {
        /// The partnership, when the database holds several.
        #[arg(long)]
        partnership: Option<String>,
        /// Also list the services taken off the directory.
        #[arg(long)]
        all: bool,
    },
    /// Take a service off the directory: officers can no longer refer to it and it is no
    /// longer listed. It is never deleted, so referrals already made still name it.
    Remove {
        /// The service's id, as `asbcase services list --all` shows it.
        id: String,
        /// The partnership, when the database holds several.
        #[arg(long)]
        partnership: Option<String>,
    },
    /// Put a service taken off the directory back on it.
    Restore {
        /// The service's id, as `asbcase services list --all` shows it.
        id: String,
        /// The partnership, when the database holds several.
        #[arg(long)]
        partnership: Option<String>,
    },
}

#[derive(Args)]
pub struct ServiceAddArgs {
    /// The partnership whose directory it joins, when the database holds several.
    #[arg(long)]
    pub partnership: Option<String>,
    /// The service's name, e.g. "Victim Support" (at most 200 characters, unique in the directory).
    #[arg(long)]
    pub name: String,
    /// What it helps with, e.g. "Victims of crime and ASB: emotional and practical support".
    #[arg(long, value_name = "TEXT")]
    pub helps_with: String,
    /// Where it works, e.g. "Ashford Vale and the county".
    #[arg(long, value_name = "TEXT")]
    pub area: String,
    /// How officers refer someone, e.g. "Online form, with the person's consent".
    #[arg(long, value_name = "TEXT")]
    pub how_to_refer: String,
    /// Phone, email or web address.
    #[arg(long, value_name = "TEXT")]
    pub contact: String,
    /// Keep it off the partnership's public pages (officers still see it).
    #[arg(long)]
    pub not_public: bool,
}
