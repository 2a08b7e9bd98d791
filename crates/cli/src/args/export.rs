//! Arguments of `asbcase export`.
use std::path::PathBuf;

#[derive(clap::Subcommand, Debug)]
pub enum ExportCommand {
    /// Everything an organisation holds, table by table, as CSV and JSON, with its evidence
    /// files: to keep, to audit, or to take to another system. Secrets are left out.
    Organisation {
        /// The organisation (by name).
        #[arg(long)]
        org: String,
        /// An empty (or new) folder to write into.
        #[arg(long)]
        out: PathBuf,
    },
}
