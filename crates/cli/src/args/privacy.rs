//! Arguments of `asbcase retention` and `asbcase privacy`.

#[derive(clap::Subcommand, Debug)]
pub enum RetentionCommand {
    /// Print how long the partnership keeps personal data, and what is due now.
    Show {
        /// The partnership, when the database holds several.
        #[arg(long)]
        partnership: Option<String>,
    },
    /// Change how long personal data is kept.
    Set(RetentionSetArgs),
    /// Anonymise the closed cases due and remove old message copies now (the server does it
    /// once a day); with --dry-run, list what would be done and change nothing.
    Run {
        /// The partnership, when the database holds several.
        #[arg(long)]
        partnership: Option<String>,
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(clap::Args, Debug)]
pub struct RetentionSetArgs {
    /// The partnership, when the database holds several.
    #[arg(long)]
    pub partnership: Option<String>,
    /// Years after closing that a case is anonymised: 1 to 50 (default 6).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub closed_cases_years: Option<String>,
    /// Months after sending that a message's wording and address are removed: 1 to 120
    /// (default 24).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub messages_months: Option<String>,
    /// Days after a resident's report in progress last changed that it is deleted, with any
    /// files never sent: 1 to 365 (default 30).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub drafts_days: Option<String>,
}

#[derive(clap::Subcommand, Debug)]
pub enum PrivacyCommand {
    /// Find people on an organisation's cases by name, email, phone or address.
    Find {
        /// The organisation the request was made to (by name).
        #[arg(long)]
        org: String,
        /// What to look for.
        term: String,
    },
    /// Write a subject access bundle: everything the organisation holds about a person across
    /// its cases, with other people's details hidden, as bundle.html and bundle.json in DIR.
    Access {
        #[arg(long)]
        org: String,
        /// The person's identifier, as `asbcase privacy find` prints it.
        #[arg(long)]
        person: String,
        /// The folder to write the bundle into (created if missing; files there are replaced).
        #[arg(long, value_name = "DIR")]
        out: std::path::PathBuf,
    },
    /// Erase a person: their record, what they wrote, and their name and contact details in
    /// the free text of their cases. Refused while a case of theirs is open.
    Erase {
        /// The partnership, when the database holds several.
        #[arg(long)]
        partnership: Option<String>,
        #[arg(long)]
        person: String,
        /// Why the erasure is agreed (kept in the privacy log).
        #[arg(long)]
        reason: String,
    },
    /// What was done with personal data: bundles made, people erased, cases anonymised.
    Log {
        /// The partnership, when the database holds several.
        #[arg(long)]
        partnership: Option<String>,
    },
}
