//! Arguments of `asbcase kpi`, `asbcase report` and `asbcase target`.
/// Whose figures, and for when.
#[derive(clap::Args, Debug)]
pub struct FiguresArgs {
    /// The organisation (by name); without it, the whole partnership.
    #[arg(long)]
    pub org: Option<String>,
    /// The partnership, when the database holds several and no --org is given.
    #[arg(long)]
    pub partnership: Option<String>,
    /// A quarter (2025-Q3: third quarter of the 2025/26 reporting year), half (2025-H1),
    /// reporting year (2025) or FROM..TO. Default: the last complete quarter.
    #[arg(long)]
    pub period: Option<String>,
    /// The first day, as year-month-day (with --to, instead of --period).
    #[arg(long)]
    pub from: Option<String>,
    /// The last day, as year-month-day.
    #[arg(long)]
    pub to: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct KpiArgs {
    #[command(flatten)]
    pub figures: FiguresArgs,
    /// json (every figure with its definition) or csv.
    #[arg(long, default_value = "json")]
    pub format: String,
    /// Work out every case's KPI facts again from its events, then exit.
    #[arg(long)]
    pub rebuild_facts: bool,
}

#[derive(clap::Subcommand, Debug)]
pub enum ReportCommand {
    /// The quarterly report: every KPI with the quarter before, targets, trends, charts and
    /// definitions.
    Quarterly(QuarterlyArgs),
}

#[derive(clap::Args, Debug)]
pub struct QuarterlyArgs {
    #[command(flatten)]
    pub figures: FiguresArgs,
    /// html, csv or pdf.
    #[arg(long, default_value = "html")]
    pub format: String,
    /// Anonymised for publishing: counts from 1 to 4 shown as "<5", percentages resting on
    /// fewer than 5 cases withheld.
    #[arg(long)]
    pub anonymised: bool,
    /// Where to write it (default: a file named after the organisation and period).
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
pub enum TargetCommand {
    /// Set a target (the earlier one is kept in the history).
    Set(TargetSetArgs),
    /// The targets in force for an organisation.
    List {
        #[arg(long)]
        org: String,
    },
}

#[derive(clap::Args, Debug)]
pub struct TargetSetArgs {
    #[arg(long)]
    pub org: String,
    /// The KPI's key, e.g. resolution_rate (`asbcase kpi` lists them).
    #[arg(long)]
    pub kpi: String,
    /// The target: a percentage for percentage KPIs.
    #[arg(long)]
    pub value: String,
    /// at-least or at-most (default: whichever is better for the KPI).
    #[arg(long)]
    pub direction: Option<String>,
    /// Who set or agreed it, e.g. "Agreed with the tenants' ASB panel".
    #[arg(long)]
    pub set_by: String,
    /// When it was agreed, as year-month-day (default: today).
    #[arg(long)]
    pub set_on: Option<String>,
}
