//! `asbcase partnership` and `asbcase case-review`: how the partnership's organisations work
//! together.
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum PartnershipCommand {
    /// Print the partnership's settings: referral response days, the case review lead and the
    /// case review rule versions with who set them and when.
    Show {
        /// The partnership, when the database holds several.
        #[arg(long)]
        partnership: Option<String>,
    },
    /// Change the partnership's settings.
    Set(PartnershipSetArgs),
    /// Enter the homes and residents of a ward, estate or patch, so hotspots show rates per
    /// 1,000 homes and residents.
    Area(AreaArgs),
}

#[derive(Args)]
pub struct AreaArgs {
    /// The partnership, when the database holds several.
    #[arg(long)]
    pub partnership: Option<String>,
    /// What kind of area: ward, estate or patch.
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// The area's name, as cases record it (case and spacing do not matter).
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// Homes in the area.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub homes: Option<String>,
    /// People living in the area.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub population: Option<String>,
}

#[derive(Args)]
pub struct PartnershipSetArgs {
    /// The partnership, when the database holds several.
    #[arg(long)]
    pub partnership: Option<String>,
    /// Working days a partner has to answer a referral before it is flagged: 1 to 60.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub referral_response_days: Option<String>,
    /// The organisation of the case review's single point of contact (one of the
    /// partnership's, by name). Its wording and delivery carry the applicants' messages.
    #[arg(long, value_name = "ORGANISATION")]
    pub case_review_lead: Option<String>,
    /// The organisation residents' reports go to (one of the partnership's, by name). Its
    /// administrators run the partnership's settings and public pages.
    #[arg(long, value_name = "ORGANISATION")]
    pub report_receiver: Option<String>,
    /// How many months back repeat complainants, locations and persons complained about are
    /// looked for: 1 to 36.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub repeat_window_months: Option<String>,
    /// Who must use two-step sign-in: `administrators` (always) or `everyone`.
    #[arg(long, value_name = "WHO")]
    pub two_step_for: Option<String>,
    /// The month the reporting year starts in, 1 to 12 (4, April, unless set).
    #[arg(long, value_name = "MONTH", allow_hyphen_values = true)]
    pub year_start_month: Option<String>,
    /// Months after which an open case is long-running in the figures: 1 to 120 (6 unless set).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub long_running_months: Option<String>,
}

#[derive(Subcommand)]
pub enum CaseReviewCommand {
    /// The partnership's case review rules, each version with the date it takes effect.
    Rules {
        #[command(subcommand)]
        command: ReviewRulesCommand,
    },
}

#[derive(Subcommand)]
pub enum ReviewRulesCommand {
    /// Print the partnership's rule versions as JSON (the law's rules when it has set none):
    /// a starting point for a new version.
    Show {
        /// The partnership, when the database holds several.
        #[arg(long)]
        partnership: Option<String>,
    },
    /// Check one version of the rules (a JSON object) and store it. Versions are never changed:
    /// to change the rules, add a version that takes effect on a later date.
    Add {
        /// The JSON file, or - for standard input. Fields left out are the law's.
        file: PathBuf,
        /// The partnership, when the database holds several.
        #[arg(long)]
        partnership: Option<String>,
        /// Who agreed these rules, e.g. "Community safety partnership board, March 2026".
        #[arg(long, value_name = "WHO")]
        set_by: String,
    },
}
