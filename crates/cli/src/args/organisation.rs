//! `asbcase organisation` and `asbcase user`: a partnership's organisations and their staff.
use clap::{Args, Subcommand};

#[derive(Subcommand)]
pub enum OrganisationCommand {
    /// Add an organisation. On a new database, this is the first step: then `user add`.
    Add(OrganisationAddArgs),
    /// Enter the homes a social landlord owns at the end of a reporting year (for NM01), or
    /// list those entered.
    Homes {
        /// The organisation, by name.
        #[arg(long)]
        org: String,
        /// The reporting year (the year it starts, 1 April), with --homes.
        #[arg(long)]
        year: Option<String>,
        /// Homes owned at the end of that reporting year.
        #[arg(long)]
        homes: Option<String>,
    },
}

#[derive(Args)]
pub struct OrganisationAddArgs {
    /// The partnership (tenant) it belongs to; created, with the default category catalogue, if new.
    #[arg(long)]
    pub partnership: String,
    /// The organisation's name, as staff and partners know it.
    #[arg(long)]
    pub name: String,
    /// council, social_landlord, police, health, social_care or other.
    #[arg(long)]
    pub kind: String,
    /// Homes owned (social landlords), counted at the end of the reporting year starting in --year.
    #[arg(long)]
    pub homes: Option<i64>,
    /// Reporting year (the year it starts, 1 April) that --homes counts.
    #[arg(long)]
    pub year: Option<i64>,
    /// Whose bank holidays the partnership observes, for a new partnership:
    /// england-and-wales, scotland or northern-ireland.
    #[arg(long, default_value = "england-and-wales")]
    pub division: String,
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a member of staff. The password is read from standard input (one line).
    Add(UserAddArgs),
    /// Turn off a member of staff's two-step sign-in (a lost phone) and sign them out
    /// everywhere; where it is required they set it up again at their next sign-in.
    ResetTwoStep {
        /// Their email address.
        email: String,
    },
    /// Set a member of staff's password for them, read from standard input (one line), when
    /// email cannot carry an invitation: their sessions end and any invitation stops working.
    SetPassword {
        /// Their email address.
        email: String,
    },
}

#[derive(Args)]
pub struct UserAddArgs {
    /// Email address they sign in with (unique across the service).
    #[arg(long)]
    pub email: String,
    /// Full name, as colleagues see it.
    #[arg(long)]
    pub name: String,
    /// Organisation name (as listed in the service).
    #[arg(long)]
    pub organisation: String,
    /// Role: case_officer, team_manager, partner_officer, analyst or administrator. Repeat for several.
    #[arg(long = "role", required = true)]
    pub roles: Vec<String>,
    /// Area (patch) the officer works.
    #[arg(long)]
    pub patch: Option<String>,
    /// Partnership (tenant) name, needed when the database holds more than one.
    #[arg(long)]
    pub tenant: Option<String>,
}
