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
    let on_patch = |c: &Candidate| matches!((c.patch.as_deref(), case_patch), (Some(a), Some(b)) if same_patch(a, b));
    candidates.sort_by(|a, b| (!on_patch(a), a.open_cases, &a.name).cmp(&(!on_patch(b), b.open_cases, &b.name)));
}

/// Whether two patch names are the same patch: "northgate" is "Northgate ".
pub fn same_patch(a: &str, b: &str) -> bool {
    let tidy = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    tidy(a) == tidy(b)
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
        rank(&mut all, Some("north"));
        assert_eq!(all[0].name, "Busy North", "patch names match whatever their case");
        rank(&mut all, Some("East"));
        assert_eq!(all[0].name, "Free South", "no one on the patch: the fewest open cases");
    }
}

/// The longest name of a patch.
pub const PATCH_MAX: usize = 60;

/// Which patch each officer covers, as typed (blank for none): the patches, spaces tidied,
/// or for each officer whose patch is too long, what is wrong (by their position).
pub fn check_patches(typed: &[&str]) -> Result<Vec<Option<String>>, Vec<(usize, String)>> {
    let mut patches = vec![];
    let mut problems = vec![];
    for (i, t) in typed.iter().enumerate() {
        let patch = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if patch.chars().count() > PATCH_MAX {
            problems.push((i, format!("Name the patch in {PATCH_MAX} characters or fewer")));
        }
        patches.push((!patch.is_empty()).then_some(patch));
    }
    if problems.is_empty() { Ok(patches) } else { Err(problems) }
}

#[cfg(test)]
mod patch_tests {
    use super::*;

    #[test]
    fn patches_are_tidied_and_a_blank_one_means_none() {
        assert_eq!(check_patches(&["  North   Estate ", ""]), Ok(vec![Some("North Estate".into()), None]));
        let long = "x".repeat(61);
        assert_eq!(check_patches(&["North", &long]).unwrap_err()[0].0, 1);
    }
}
