//! What the store keeps of KPI figures between dashboards.

/// Figures kept between dashboards (see `asbcase_domain::kpi::kept`, and
/// `asbcase_domain::kpi::running` for a period not yet ended): what they were worked out from,
/// and the figures once they are in (none while they are being worked out), as JSON the KPI
/// engine reads.
#[derive(Clone, Debug)]
pub struct KeptRow {
    pub key: String,
    pub kept: serde_json::Value,
    pub figures: Option<serde_json::Value>,
}

/// What kept figures are: the KPIs from cases' facts, the repeats from complaints, or the
/// partnership's cases per ward.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeptKind {
    /// The KPIs of an ended period.
    Figures,
    /// What the cases add up to for the KPIs of a period not yet ended
    /// (`asbcase_domain::kpi::running`): each save brings them up to date rather than dropping
    /// them.
    Running,
    Repeats,
    /// The partnership's cases reported in each ward (the busiest wards).
    Hotspots,
}

impl KeptKind {
    pub fn as_str(self) -> &'static str {
        match self {
            KeptKind::Figures => "figures",
            KeptKind::Running => "running",
            KeptKind::Repeats => "repeats",
            KeptKind::Hotspots => "hotspots",
        }
    }

    /// The kinds counted from who complained, about whom and where, by the day each complaint
    /// was made: a save that changes a complaint drops those of its days.
    pub const FROM_COMPLAINTS: [KeptKind; 2] = [KeptKind::Repeats, KeptKind::Hotspots];
}
