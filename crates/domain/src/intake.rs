//! A report arriving by any channel (web form, staff intake, Open311) made into a case with its
//! parties: the complainant when they gave contact details, and the person complained about,
//! described as far as the person reporting could.
use crate::case::{Case, CaseError, NewReport, Rules};
use crate::event::Change;
use crate::ids::PartyId;
use crate::party::{Party, PartyRole, Person};
use crate::reference::CaseReference;
use crate::report::ContactDetails;
use crate::{TenantId, UserId};

/// Said of the person complained about when the person reporting does not know them.
pub const NOT_KNOWN: &str = "Not known to the person reporting";

/// The new case, and the people to store with it (the complainant, if not anonymous).
pub fn new_case(
    tenant: TenantId,
    reference: CaseReference,
    report: NewReport,
    complainant: Option<&ContactDetails>,
    about: Option<&str>,
    actor: Option<UserId>,
    rules: &Rules,
) -> Result<(Case, Vec<Person>), CaseError> {
    let at = report.reported_at;
    let mut case = Case::report(tenant, reference, report, actor, rules)?;
    let mut people = vec![];
    if let Some(c) = complainant {
        let (person, party) = c.as_complainant();
        case.record(Change::PartyAdded { party }, actor, at, rules)?;
        people.push(person);
    }
    let about = about.map(str::trim).filter(|a| !a.is_empty()).unwrap_or(NOT_KNOWN);
    let party = Party {
        id: PartyId::new(),
        role: PartyRole::PersonComplainedAbout,
        person: None,
        description: Some(about.to_string()),
    };
    case.record(Change::PartyAdded { party }, actor, at, rules)?;
    Ok((case, people))
}
