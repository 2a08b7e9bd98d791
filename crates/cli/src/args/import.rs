//! Arguments of `asbcase import`.
use std::path::PathBuf;

#[derive(clap::Subcommand, Debug)]
pub enum ImportCommand {
    /// Import cases from a CSV file (columns in docs/import.md). Every row is checked first;
    /// a file with any problem imports nothing, and each problem is named by row and column.
    Cases(ImportCasesArgs),
}

#[derive(clap::Args, Debug)]
pub struct ImportCasesArgs {
    /// The CSV file: UTF-8 (\"CSV UTF-8\" in a spreadsheet), its first row naming the columns.
    pub file: PathBuf,
    /// The organisation the cases belong to (by name).
    #[arg(long)]
    pub org: String,
    /// The cases' contacts: a CSV file keyed by each case's reference in FILE.
    #[arg(long, value_name = "CONTACTS.csv")]
    pub contacts: Option<PathBuf>,
    /// The cases' interventions: a CSV file keyed by each case's reference in FILE.
    #[arg(long, value_name = "INTERVENTIONS.csv")]
    pub interventions: Option<PathBuf>,
    /// Check the file and say, row by row, what would be created; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}
