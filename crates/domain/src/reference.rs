//! Case references people can read out on the phone: `ASB-2026-000123`.
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseReference(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("a case reference looks like ASB-2026-000123")]
pub struct ReferenceError;

impl CaseReference {
    pub fn new(year: i16, number: u64) -> CaseReference {
        CaseReference(format!("ASB-{year}-{number:06}"))
    }

    /// Accepts any case and surrounding spaces: "asb-2026-000123 ".
    pub fn parse(s: &str) -> Result<CaseReference, ReferenceError> {
        let s = s.trim().to_ascii_uppercase();
        let mut parts = s.split('-');
        let ok = parts.next() == Some("ASB")
            && parts.next().is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            && parts.next().is_some_and(|n| n.len() >= 6 && n.bytes().all(|b| b.is_ascii_digit()))
            && parts.next().is_none();
        if ok { Ok(CaseReference(s)) } else { Err(ReferenceError) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CaseReference {
    type Error = ReferenceError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CaseReference::parse(&s)
    }
}

impl From<CaseReference> for String {
    fn from(r: CaseReference) -> String {
        r.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_zero_padded_and_parse_back() {
        let r = CaseReference::new(2026, 123);
        assert_eq!(r.as_str(), "ASB-2026-000123");
        assert_eq!(CaseReference::parse(" asb-2026-000123").unwrap(), r);
        assert!(CaseReference::parse("ASB-26-1").is_err());
        assert!(CaseReference::parse("ASB-2026-000123-x").is_err());
    }
}
