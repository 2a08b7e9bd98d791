//! Arguments of `asbcase webhook`.

#[derive(clap::Subcommand, Debug)]
pub enum WebhookCommand {
    /// Tell a system at URL of the organisation's case events. Prints the signing secret once.
    Add {
        /// The organisation told (by name): its own cases, and cases shared with or referred
        /// to it.
        #[arg(long)]
        org: String,
        /// Whose system receives it, e.g. "Housing management system".
        #[arg(long)]
        name: String,
        /// Where deliveries are POSTed: https, or http to this machine only.
        #[arg(long)]
        url: String,
        /// Comma-separated: case.opened, case.shared, referral.changed, case.closed, case.reopened;
        /// or all.
        #[arg(long, default_value = "all")]
        events: String,
    },
    /// List an organisation's webhooks: name, address, events, and whether removed.
    List {
        #[arg(long)]
        org: String,
    },
    /// Stop a webhook: nothing more is sent to it, and deliveries not yet made are dropped.
    Remove {
        #[arg(long)]
        org: String,
        /// The webhook's identifier, as `list` prints it.
        #[arg(long)]
        id: String,
    },
    /// The delivery log: each delivery, newest first, with its attempts and last answer.
    Deliveries {
        #[arg(long)]
        org: String,
        /// Only deliveries given up after every attempt failed.
        #[arg(long)]
        failed: bool,
        /// How many to show.
        #[arg(long, default_value_t = 50)]
        limit: u16,
    },
    /// Send a delivery that was given up once more (after the receiver is mended).
    Resend {
        #[arg(long)]
        org: String,
        /// The delivery's identifier, as `deliveries` prints it.
        #[arg(long)]
        id: String,
    },
}
