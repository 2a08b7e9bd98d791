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
    /// An organisation's cases as one CSV file in the columns `asbcase import cases` reads, to
    /// move them to another installation of asbcase.
    Cases {
        /// The organisation (by name).
        #[arg(long)]
        org: String,
        /// The file to write (it must not exist yet).
        #[arg(long)]
        out: PathBuf,
    },
}
