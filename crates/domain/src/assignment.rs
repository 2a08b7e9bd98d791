//! Who should take a new case: an officer whose patch is the case's, then whoever holds the
//! fewest open cases (then by name, so the order is stable).
use crate::UserId;

/// An officer who could take the case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: UserId,
    pub name: String,
    pub patch: Option<String>,
    /// Cases not yet closed that they hold.
    pub open_cases: i64,
}

/// Put the suggested officer first.
pub fn rank(candidates: &mut [Candidate], case_patch: Option<&str>) {
    let same_patch = |c: &Candidate| c.patch.is_some() && c.patch.as_deref() == case_patch;
    candidates.sort_by(|a, b| (!same_patch(a), a.open_cases, &a.name).cmp(&(!same_patch(b), b.open_cases, &b.name)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: &str, patch: Option<&str>, open_cases: i64) -> Candidate {
        Candidate { id: UserId::new(), name: name.into(), patch: patch.map(Into::into), open_cases }
    }

    #[test]
    fn the_patch_officer_comes_first_then_the_lightest_caseload() {
        let mut all = vec![c("Busy North", Some("North"), 30), c("Free South", Some("South"), 2), c("Quiet", None, 5)];
        rank(&mut all, Some("North"));
        assert_eq!(all.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Busy North", "Free South", "Quiet"]);
        rank(&mut all, Some("East"));
        assert_eq!(all[0].name, "Free South", "no one on the patch: the fewest open cases");
    }
}
