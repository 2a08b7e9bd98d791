//! Risk bands from the risk assessment. Questions, weights and cut-offs are data (see the
//! reporting work); the bands themselves are fixed words the whole service uses.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskBand {
    Standard,
    Medium,
    High,
    /// Danger now: advised to call 999 and flagged.
    Emergency,
}

impl RiskBand {
    pub const ALL: [RiskBand; 4] = [RiskBand::Emergency, RiskBand::High, RiskBand::Medium, RiskBand::Standard];

    pub fn as_str(self) -> &'static str {
        match self {
            RiskBand::Standard => "standard",
            RiskBand::Medium => "medium",
            RiskBand::High => "high",
            RiskBand::Emergency => "emergency",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RiskBand::Standard => "Standard",
            RiskBand::Medium => "Medium",
            RiskBand::High => "High",
            RiskBand::Emergency => "Emergency",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }
}
