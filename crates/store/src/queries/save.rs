//! Writing cases: the case's own row, its new events and the rows they add (contacts, parties,
//! categories, panel places), its KPI facts, what partners' systems are to be told, and the
//! partnership's view of shares and referrals.
//!
//! One case or many are written the same way. For many (an import, the demo data) each table's
//! rows go in a few multi-row statements instead of one round trip a row: 100,000 imported
//! cases are about two million rows, which one at a time spend minutes waiting on the database.
use super::Db;
use super::cases::strands_to_string;
use crate::{Result, StoreError, Ts};
use asbcase_domain::CaseId;
use asbcase_domain::case::Case;
use asbcase_domain::contact::Contact;
use asbcase_domain::event::{Change, Event};
use asbcase_domain::party::Party;
use jiff::Timestamp;
use sqlx::QueryBuilder;
use sqlx::query_builder::Separated;
use sqlx::types::Json;

type Values<'q> = Separated<'q, Db, &'static str>;

/// The most values bound in one statement: below SQLite's limit (32,766) and PostgreSQL's
/// (65,535).
const MAX_PARAMS: usize = 30_000;
/// The most rows written by one statement.
const MAX_ROWS: usize = 256;

/// The largest power of two no greater than `n` (which is at least 1).
fn power_of_two_below(n: usize) -> usize {
    1 << (usize::BITS - 1 - n.max(1).leading_zeros())
}

/// Insert `rows` into `table` as `INSERT INTO table (columns) VALUES (…), (…) tail`, the
/// values of each row bound by `bind` in the order of `columns`. Each statement writes a power
/// of two rows (at most `MAX_ROWS`, and within the parameter limit), so that however many rows
/// come there are only a few statement texts per table, each prepared once and then reused.
/// `tail` is an `ON CONFLICT` clause, or empty. Gives back the number of rows written.
pub(super) async fn insert_rows<T>(
    tx: &mut sqlx::Transaction<'_, Db>,
    table: &str,
    columns: &[&str],
    tail: &str,
    rows: &[T],
    mut bind: impl FnMut(&mut Values<'_>, &T),
) -> std::result::Result<u64, sqlx::Error> {
    let most = power_of_two_below(MAX_PARAMS / columns.len().max(1)).min(MAX_ROWS);
    let head = format!("INSERT INTO {table} ({}) ", columns.join(", "));
    let mut rest = rows;
    let mut written = 0;
    while !rest.is_empty() {
        let (chunk, after) = rest.split_at(most.min(power_of_two_below(rest.len())));
        let mut q = QueryBuilder::<Db>::new(&head);
        q.push_values(chunk, |mut values, row| bind(&mut values, row));
        q.push(tail);
        written += q.build().execute(&mut **tx).await?.rows_affected();
        rest = after;
    }
    Ok(written)
}

/// The columns of `cases` after its key (`tenant_id`, `id`), in the order `bind_case` binds them.
const CASE_COLUMNS: [&str; 34] = [
    "reference",
    "organisation_id",
    "status",
    "channel",
    "description",
    "primary_category",
    "priority",
    "priority_override_reason",
    "risk_band",
    "address",
    "postcode",
    "uprn",
    "ward",
    "estate",
    "latitude",
    "longitude",
    "hate_strands",
    "vulnerability",
    "crime_reference",
    "homelessness_related",
    "patch",
    "assigned_officer",
    "reported_at",
    "opened_at",
    "closed_at",
    "outcome",
    "last_successful_contact",
    "next_contact_due",
    "updated_at",
    "last_seq",
    "last_hash",
    "casework",
    "changed_at",
    "place_key",
];

/// Bind the case's row in the order of `CASE_COLUMNS`. `changed_at` (for the API's sync feed)
/// is `now`, never earlier than the last event.
fn bind_case(b: &mut Values<'_>, case: &Case, now: Timestamp) {
    let loc = &case.location;
    b.push_bind(case.reference.as_str())
        .push_bind(case.organisation.0)
        .push_bind(case.status.as_str())
        .push_bind(case.channel.as_str())
        .push_bind(&case.description)
        .push_bind(case.primary_category())
        .push_bind(i64::from(case.priority.0))
        .push_bind(case.priority_override.as_ref().map(|o| o.reason.clone()))
        .push_bind(case.risk_band.as_str())
        .push_bind(&loc.address)
        .push_bind(loc.postcode.as_ref().map(|p| p.as_str().to_string()))
        .push_bind(&loc.uprn)
        .push_bind(&loc.ward)
        .push_bind(&loc.estate)
        .push_bind(loc.latitude)
        .push_bind(loc.longitude)
        .push_bind(strands_to_string(&case.flags.hate_strands))
        .push_bind(case.flags.vulnerability)
        .push_bind(&case.flags.crime_reference)
        .push_bind(case.flags.homelessness_related)
        .push_bind(&case.patch)
        .push_bind(case.assigned_officer.map(|u| u.0))
        .push_bind(Ts::from(case.reported_at))
        .push_bind(case.opened_at.map(Ts::from))
        .push_bind(case.closed_at.map(Ts::from))
        .push_bind(case.outcome.map(|o| o.as_str()))
        .push_bind(case.last_successful_contact.map(Ts::from))
        .push_bind(case.next_contact_due.map(Ts::from))
        .push_bind(Ts::from(case.updated_at))
        .push_bind(case.version)
        .push_bind(&case.last_hash)
        .push_bind(Json(&case.casework))
        .push_bind(Ts::from(case.updated_at.max(now)))
        .push_bind(place_key_of(case, loc.uprn.as_deref()));
}

/// The case's place as its complaints are matched by it, with `uprn` as written.
pub(super) fn place_key_of(case: &Case, uprn: Option<&str>) -> String {
    let loc = &case.location;
    asbcase_domain::case_review::place_key(uprn, loc.postcode.as_ref().map(|p| p.as_str()), &loc.address)
}

/// Move an existing case's row to its new version. The version moves first: a concurrent
/// writer either waits for us or finds it moved (and is told of a conflict).
async fn update_case(tx: &mut sqlx::Transaction<'_, Db>, case: &Case, now: Timestamp) -> Result<()> {
    let mut q = QueryBuilder::<Db>::new(format!("UPDATE cases SET ({}) = (", CASE_COLUMNS.join(", ")));
    bind_case(&mut q.separated(", "), case, now);
    q.push(") WHERE tenant_id = ")
        .push_bind(case.tenant.0)
        .push(" AND id = ")
        .push_bind(case.id.0)
        .push(" AND last_seq = ")
        .push_bind(case.stored_version());
    let done = q
        .build()
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::from_insert(e, &format!("case {}", case.reference)))?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Conflict);
    }
    Ok(())
}

/// The rows a batch of cases' unsaved events add beside the events themselves.
#[derive(Default)]
struct Added<'c> {
    events: Vec<(&'c Case, &'c Event)>,
    contacts: Vec<(&'c Case, &'c Event, Contact)>,
    parties: Vec<(&'c Case, i64, Party)>,
    /// Cases whose categories are written afresh.
    categories: Vec<&'c Case>,
    panels: Vec<(&'c Case, &'c Event, uuid::Uuid, String)>,
    /// Cases whose shares and referrals are written afresh.
    partnership: Vec<&'c Case>,
    /// Cases whose complaints may now be about someone or somewhere else (for kept repeats).
    complaints: Vec<CaseId>,
}

impl<'c> Added<'c> {
    fn gather(cases: &[&'c Case]) -> Result<Self> {
        let mut added = Added::default();
        for &case in cases {
            let mut categories = false;
            let mut partnership = false;
            let mut complaints = false;
            for e in &case.pending {
                added.events.push((case, e));
                let change = e.change().map_err(|err| StoreError::Corrupt(err.to_string()))?;
                partnership |= super::partnership::touches_partnership(&change);
                complaints |= asbcase_domain::kpi::kept::alters_complaints(&change);
                match change {
                    Change::ContactRecorded { contact } => added.contacts.push((case, e, contact)),
                    Change::PartyAdded { party } => added.parties.push((case, e.seq, party)),
                    Change::Reported { .. } | Change::CategoriesChanged { .. } => categories = true,
                    Change::PutToPanel { panel, reason, .. } => added.panels.push((case, e, panel, reason)),
                    _ => {}
                }
            }
            if categories {
                added.categories.push(case);
            }
            if partnership {
                added.partnership.push(case);
            }
            if complaints {
                added.complaints.push(case.id);
            }
        }
        Ok(added)
    }
}

/// Write the cases' rows and their unsaved events with everything that follows from them,
/// inside `tx`. Each case appears once; `Conflict` if one was changed since it was read.
pub(super) async fn save_many(tx: &mut sqlx::Transaction<'_, Db>, cases: &[&Case]) -> Result<()> {
    let now = Timestamp::now();
    let (new, stored): (Vec<&Case>, Vec<&Case>) = cases.iter().partition(|c| c.stored_version() == 0);
    let mut columns = vec!["tenant_id", "id"];
    columns.extend(CASE_COLUMNS);
    let written = insert_rows(tx, "cases", &columns, "", &new, |b, case| {
        b.push_bind(case.tenant.0).push_bind(case.id.0);
        bind_case(b, case, now);
    })
    .await
    .map_err(|e| match new.as_slice() {
        [one] => StoreError::from_insert(e, &format!("case {}", one.reference)),
        _ => StoreError::from_insert(e, "case"),
    })?;
    if written != new.len() as u64 {
        return Err(StoreError::Conflict);
    }
    for case in &stored {
        update_case(tx, case, now).await?;
    }

    let added = Added::gather(cases)?;
    // Events first: the rows below refer to them.
    let event_columns = [
        "tenant_id",
        "case_id",
        "seq",
        "kind",
        "payload",
        "actor_id",
        "occurred_at",
        "prev_hash",
        "hash",
        "payload_digest",
    ];
    insert_rows(tx, "case_events", &event_columns, "", &added.events, |b, (case, e)| {
        b.push_bind(case.tenant.0)
            .push_bind(case.id.0)
            .push_bind(e.seq)
            .push_bind(&e.kind)
            .push_bind(Json(&e.payload))
            .push_bind(e.actor.map(|a| a.0))
            .push_bind(Ts::from(e.at))
            .push_bind(&e.prev_hash)
            .push_bind(&e.hash)
            .push_bind(&e.payload_digest);
    })
    .await?;
    let contact_columns = [
        "tenant_id",
        "case_id",
        "seq",
        "method",
        "direction",
        "outcome",
        "with_whom",
        "summary",
        "contacted_at",
        "recorded_by",
    ];
    insert_rows(tx, "contacts", &contact_columns, "", &added.contacts, |b, (case, e, contact)| {
        b.push_bind(case.tenant.0)
            .push_bind(case.id.0)
            .push_bind(e.seq)
            .push_bind(contact.method.as_str())
            .push_bind(contact.direction.as_str())
            .push_bind(contact.outcome.as_str())
            .push_bind(contact.with.as_str())
            .push_bind(&contact.summary)
            .push_bind(Ts::from(contact.at))
            .push_bind(e.actor.map(|a| a.0));
    })
    .await?;
    let party_columns = ["tenant_id", "case_id", "id", "role", "person_id", "description", "added_seq"];
    insert_rows(tx, "case_parties", &party_columns, "", &added.parties, |b, (case, seq, party)| {
        b.push_bind(case.tenant.0)
            .push_bind(case.id.0)
            .push_bind(party.id.0)
            .push_bind(party.role.as_str())
            .push_bind(party.person.map(|p| p.0))
            .push_bind(&party.description)
            .push_bind(*seq);
    })
    .await?;
    for case in added.categories.iter().filter(|c| c.stored_version() > 0) {
        sqlx::query("DELETE FROM case_categories WHERE tenant_id = $1 AND case_id = $2")
            .bind(case.tenant.0)
            .bind(case.id.0)
            .execute(&mut **tx)
            .await?;
    }
    let categories: Vec<(&Case, usize, &str)> = added
        .categories
        .iter()
        .flat_map(|case| case.categories.iter().enumerate().map(move |(i, code)| (*case, i, code.as_str())))
        .collect();
    insert_rows(tx, "case_categories", &["tenant_id", "case_id", "code", "position"], "", &categories, |b, row| {
        let (case, position, code) = *row;
        b.push_bind(case.tenant.0).push_bind(case.id.0).push_bind(code).push_bind(position as i64);
    })
    .await?;
    for (case, e, panel, reason) in &added.panels {
        sqlx::query(
            "INSERT INTO panel_cases (tenant_id, panel_id, case_id, reason, added_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(case.tenant.0)
        .bind(panel)
        .bind(case.id.0)
        .bind(reason)
        .bind(Ts::from(e.at))
        .execute(&mut **tx)
        .await
        .map_err(|err| StoreError::from_insert(err, "case on the panel"))?;
    }

    super::kept::revise(tx, cases, &added.complaints).await?;
    super::kpi::save_facts(tx, cases).await?;
    super::webhooks::enqueue(tx, cases, now).await?;
    for case in &added.partnership {
        super::partnership::project(tx, case).await?;
    }
    let queued: Vec<_> = cases.iter().map(|c| (c.tenant, c.id)).collect();
    super::search::enqueue(tx, &queued).await?;
    Ok(())
}

/// Write one case's row and unsaved events (see `save_many`).
pub(super) async fn save_one(tx: &mut sqlx::Transaction<'_, Db>, case: &Case) -> Result<()> {
    save_many(tx, &[case]).await
}

#[cfg(test)]
mod tests {
    use super::power_of_two_below;

    #[test]
    fn rows_go_in_chunks_of_a_power_of_two() {
        assert_eq!(power_of_two_below(1), 1);
        assert_eq!(power_of_two_below(3), 2);
        assert_eq!(power_of_two_below(256), 256);
        assert_eq!(power_of_two_below(1000), 512);
        assert_eq!(power_of_two_below(30_000 / 35), 512);
    }
}
