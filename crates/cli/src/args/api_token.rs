//! Arguments of `asbcase api-token`.

#[derive(clap::Subcommand, Debug)]
pub enum ApiTokenCommand {
    /// Make a token for the JSON API (/api/v1); it is printed once and kept only as its hash.
    Create {
        /// The organisation the token acts as (by name).
        #[arg(long)]
        org: String,
        /// Who or what uses it, e.g. "Housing management system".
        #[arg(long)]
        name: String,
        /// `read` (cases and figures) or `write` (also record reports and changes).
        #[arg(long, default_value = "read")]
        scope: String,
    },
    /// List an organisation's tokens: name, scope, when made, last used and revoked.
    List {
        #[arg(long)]
        org: String,
    },
    /// Revoke a token at once: every request with it is refused from then on.
    Revoke {
        #[arg(long)]
        org: String,
        /// The token's identifier, as `list` prints it.
        #[arg(long)]
        id: String,
    },
}
