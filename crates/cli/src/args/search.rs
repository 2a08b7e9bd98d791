//! Arguments of `asbcase search`.

#[derive(clap::Subcommand, Debug)]
pub enum SearchCommand {
    /// Make the search documents of every changed case now, with progress, and say how fast:
    /// after a large import, or before a benchmark. The server does the same in the background
    /// (500 cases at a time); running both at once is safe.
    Index,
}
