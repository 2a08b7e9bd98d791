//! What the store's stories share: a partnership with one council and a case officer, and
//! reports made through the real case rules.
#![allow(dead_code)]
use asbcase_domain::calendar::{Calendar, Division};
use asbcase_domain::case::{Case, Channel, Flags, HateStrand, NewReport, Rules};
use asbcase_domain::category::{default_catalogue, rank};
use asbcase_domain::location::{Location, Postcode};
use asbcase_domain::organisation::{OrganisationKind, Role};
use asbcase_domain::risk::RiskBand;
use asbcase_domain::standards::ServiceStandards;
use asbcase_domain::time::parse;
use asbcase_domain::{OrganisationId, TenantId, UserId};
use asbcase_store::{Organisation, Store, Tenant, User};
use jiff::Timestamp;

pub struct World {
    pub tenant: TenantId,
    pub org: OrganisationId,
    pub officer: UserId,
}

pub async fn world(store: &Store) -> World {
    let tenant = Tenant {
        id: TenantId::new(),
        name: "Ashford Vale Community Safety Partnership".into(),
        division: Division::EnglandAndWales,
        created_at: Timestamp::now(),
    };
    store.create_tenant(&tenant).await.unwrap();
    store.set_categories(tenant.id, &default_catalogue()).await.unwrap();
    let org = Organisation {
        tenant: tenant.id,
        id: OrganisationId::new(),
        name: "Ashford Vale District Council".into(),
        kind: OrganisationKind::Council,
    };
    store.create_organisation(&org).await.unwrap();
    let officer = User {
        tenant: tenant.id,
        id: UserId::new(),
        organisation: org.id,
        email: format!("officer-{}@example.org", UserId::new()),
        name: "Priya Shah".into(),
        roles: vec![Role::CaseOfficer],
        patch: Some("North".into()),
        password_hash: "x".into(),
        active: true,
        created_at: Timestamp::now(),
    };
    store.create_user(&officer).await.unwrap();
    World { tenant: tenant.id, org: org.id, officer: officer.id }
}

pub fn rules() -> (ServiceStandards, Calendar) {
    (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales))
}

pub async fn report(store: &Store, w: &World, at: &str, band: RiskBand, cats: &[&str]) -> Case {
    report_in_ward(store, w, at, band, cats, None).await
}

/// A report as [`report`] makes, its place in `ward` when given.
pub async fn report_in_ward(
    store: &Store,
    w: &World,
    at: &str,
    band: RiskBand,
    cats: &[&str],
    ward: Option<&str>,
) -> Case {
    let location = Location {
        address: "14 Orchard Court, Ashford Vale".into(),
        postcode: Some(Postcode::parse("AV1 4QT").unwrap()),
        latitude: Some(51.123456),
        longitude: Some(-0.5),
        ward: ward.map(str::to_string),
        ..Location::default()
    };
    report_at(store, w, parse(at).unwrap(), band, cats, location).await
}

/// A report as [`report`] makes, of the place `location`.
pub async fn report_at(
    store: &Store,
    w: &World,
    at: Timestamp,
    band: RiskBand,
    cats: &[&str],
    location: Location,
) -> Case {
    report_on_patch(store, w, at, band, cats, location, Some("North")).await
}

/// A report as [`report_at`] makes, on `patch`.
pub async fn report_on_patch(
    store: &Store,
    w: &World,
    at: Timestamp,
    band: RiskBand,
    cats: &[&str],
    location: Location,
    patch: Option<&str>,
) -> Case {
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    let (categories, priority) =
        rank(&cats.iter().map(|c| c.to_string()).collect::<Vec<_>>(), &default_catalogue()).unwrap();
    let reference = store.next_reference(w.tenant, at.to_zoned(jiff::tz::TimeZone::UTC).year()).await.unwrap();
    let mut case = Case::report(
        w.tenant,
        reference,
        NewReport {
            organisation: w.org,
            channel: Channel::Phone,
            description: "Shouting and banging on the stairwell late at night".into(),
            categories,
            priority,
            risk_band: band,
            location,
            flags: Flags { hate_strands: vec![HateStrand::Race], ..Flags::default() },
            patch: patch.map(str::to_string),
            reported_at: at,
            assessment: None,
            details: Default::default(),
        },
        None,
        &rules,
    )
    .unwrap();
    store.save_case(&mut case).await.unwrap();
    case
}
