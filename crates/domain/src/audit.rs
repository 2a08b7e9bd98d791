//! Who looked at personal data: each case page viewed and each evidence file downloaded is an
//! access record (who, when, what). Records are append-only and chained by hash per
//! partnership, so that a record removed or changed afterwards shows when the log is verified.
use crate::contact::word_enum;
use crate::ids::{CaseId, TenantId, UserId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

word_enum!(AccessKind {
    ViewCase => "view_case", "Viewed the case",
    DownloadEvidence => "download_evidence", "Downloaded evidence",
    SearchPeople => "search_people", "Searched for people (personal data requests)",
    ViewPerson => "view_person", "Viewed a person's record (personal data requests)",
    SubjectAccess => "subject_access", "Made a subject access bundle",
    ExportCases => "export_cases", "Downloaded a list of cases",
    SearchCases => "search_cases", "Searched for cases",
    ApiRead => "api_read", "Read the case through the API",
    ApiList => "api_list", "Listed cases through the API",
});

/// One access to personal data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessRecord {
    pub tenant: TenantId,
    /// 1 for a partnership's first record, then +1 each time.
    pub seq: i64,
    pub at: Timestamp,
    pub user: UserId,
    pub kind: AccessKind,
    pub case: Option<CaseId>,
    /// What exactly (a file's name).
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash a record carries: of its content and the previous record's hash.
pub fn access_hash(
    prev_hash: &str,
    seq: i64,
    at: Timestamp,
    user: UserId,
    kind: AccessKind,
    case: Option<CaseId>,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [
        prev_hash.to_string(),
        seq.to_string(),
        crate::time::fixed(at),
        user.0.to_string(),
        kind.as_str().to_string(),
        case.map(|c| c.0.to_string()).unwrap_or_default(),
        detail.to_string(),
    ] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    hex::encode(h.finalize())
}

impl AccessRecord {
    /// Whether the record is what its hash says, after `prev_hash`.
    pub fn intact_after(&self, prev_hash: &str) -> bool {
        self.prev_hash == prev_hash
            && self.hash == access_hash(prev_hash, self.seq, self.at, self.user, self.kind, self.case, &self.detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_record_no_longer_matches_its_hash() {
        let (user, case) = (UserId::new(), Some(CaseId::new()));
        let at = crate::time::parse("2026-12-03T09:00:00Z").unwrap();
        let hash = access_hash(crate::event::GENESIS, 1, at, user, AccessKind::ViewCase, case, "");
        let r = AccessRecord {
            tenant: TenantId::new(),
            seq: 1,
            at,
            user,
            kind: AccessKind::ViewCase,
            case,
            detail: String::new(),
            prev_hash: crate::event::GENESIS.into(),
            hash,
        };
        assert!(r.intact_after(crate::event::GENESIS));
        assert!(!AccessRecord { user: UserId::new(), ..r.clone() }.intact_after(crate::event::GENESIS));
        assert!(!r.intact_after("something else"));
    }
}
