//! Demo data for asbcase: a fictional partnership, the Ashford Vale Community Safety
//! Partnership, with a council, two social landlords and a neighbourhood policing team, their
//! staff, and a couple of years of anti-social behaviour cases told event by event.
//!
//! Everything comes from one seeded random stream and the `now` it is given, so the same seed
//! and the same `now` give the same people, cases, timings and ids. Everything is fictional:
//! names from mixed lists, streets of a town that does not exist, postcodes in an unused area
//! (`AV`), phone numbers from Ofcom's ranges for drama, email addresses under `.example`.
//!
//! Cases are built in memory through the domain's own rules ([`Case::record`]) and written in
//! batches, each batch's events and projections in one transaction.
mod clock;
mod ladder;
mod partners;
mod place;
mod story;
mod telling;
mod words;

use asbcase_domain::calendar::{Calendar, CalendarError, Division};
use asbcase_domain::case::{Case, CaseError, Rules};
use asbcase_domain::category::default_catalogue;
use asbcase_domain::organisation::Role;
use asbcase_domain::password;
use asbcase_domain::standards::ServiceStandards;
use asbcase_domain::time::{london, to_micros};
use asbcase_domain::{OrganisationId, TenantId, UserId};
use asbcase_store::{Organisation, Store, StoreError, Tenant, User};
use clock::Clock;
use futures_util::StreamExt;
use futures_util::stream::FuturesOrdered;
use jiff::Timestamp;
use place::{Geo, ORGS, People};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use story::{Staff, World};

/// The partnership the demo creates.
pub const TENANT_NAME: &str = "Ashford Vale Community Safety Partnership";

/// How many cases are written per transaction.
const BATCH: usize = 200;

/// What to generate.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// Seed of the random stream: the same seed and `now` give the same data.
    pub seed: u64,
    /// How many cases, spread over the `years` before `now`.
    pub cases: u32,
    /// How many years of history (2 unless set; more for a large dataset such as the
    /// benchmarks').
    pub years: u16,
    /// The present, as far as the demo is concerned: no event is later than this.
    pub now: Timestamp,
    /// The one password of every demo login.
    pub password: String,
}

impl DemoOptions {
    pub const DEFAULT_SEED: u64 = 2026;
    pub const DEFAULT_CASES: u32 = 1500;
    pub const DEFAULT_YEARS: u16 = 2;

    /// The default seed and number of cases, as of `now`.
    pub fn new(now: Timestamp, password: impl Into<String>) -> DemoOptions {
        DemoOptions {
            seed: Self::DEFAULT_SEED,
            cases: Self::DEFAULT_CASES,
            years: Self::DEFAULT_YEARS,
            now,
            password: password.into(),
        }
    }
}

/// A member of staff to sign in as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoLogin {
    pub role: Role,
    pub name: String,
    pub email: String,
    /// The organisation's name.
    pub organisation: String,
}

/// What was created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoSummary {
    pub tenant: TenantId,
    /// One login per role worth trying: the council's case officer, team manager, the police
    /// partner officer, the analyst, the administrator, then Vale Homes' case officer and team
    /// manager.
    pub logins: Vec<DemoLogin>,
    pub cases: u32,
    /// Events written, over all cases.
    pub events: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("this database already holds the demo partnership ({0} exists); load the demo into an empty database")]
    AlreadyLoaded(String),
    #[error("demo options are not valid: {0}")]
    Options(String),
    #[error("could not write the demo data: {0}")]
    Store(#[from] StoreError),
    #[error("could not build a demo case: {0}")]
    Case(#[from] CaseError),
}

impl From<CalendarError> for DemoError {
    fn from(e: CalendarError) -> DemoError {
        DemoError::Case(CaseError::Calendar(e))
    }
}

/// How many of the council's newest reports go to its first case officer.
const FIRST_OFFICERS_NEWEST: usize = 4;

/// Create the demo partnership, its organisations, staff and `opts.cases` cases in `store`
/// (migrated, and without the demo already in it). `progress(done, total)` is called after
/// each batch of cases is written.
pub async fn generate(
    store: &Store,
    opts: &DemoOptions,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<DemoSummary, DemoError> {
    if opts.password.trim().is_empty() {
        return Err(DemoError::Options("give a password for the demo logins".into()));
    }
    if !(1..=30).contains(&opts.years) {
        return Err(DemoError::Options(format!("years of history must be 1 to 30, not {}", opts.years)));
    }
    let first_email = place::staff_email(ORGS[0].staff[0].0, ORGS[0].domain);
    if store.user_by_email(&first_email).await?.is_some() {
        return Err(DemoError::AlreadyLoaded(format!("a user {first_email}")));
    }
    let now = to_micros(opts.now);
    let tz = london();
    let calendar = Calendar::bundled(Division::EnglandAndWales);
    // Working days are counted from the first report: the bank holidays must go back that far.
    let first_year =
        (now - jiff::SignedDuration::from_hours(24 * 365 * i64::from(opts.years))).to_zoned(tz.clone()).year();
    if first_year < calendar.covers().0 {
        return Err(DemoError::Options(format!(
            "{} years of history would begin in {first_year}, before the bank holidays this version knows (from {}): give fewer years",
            opts.years,
            calendar.covers().0
        )));
    }
    let standards = ServiceStandards::default();
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);

    // The partnership, set up a little before its first case.
    let since = now - jiff::SignedDuration::from_hours(24 * (365 * i64::from(opts.years) + 30));
    let tenant = Tenant {
        id: TenantId(id(&mut rng)),
        name: TENANT_NAME.into(),
        division: Division::EnglandAndWales,
        created_at: since,
    };
    store.create_tenant(&tenant).await?;
    let catalogue = default_catalogue();
    store.set_categories(tenant.id, &catalogue).await?;

    let hash = password::hash(&opts.password); // Argon2 is slow on purpose: once for everyone.
    let today = now.to_zoned(tz.clone()).date();
    let reporting_year = i64::from(if today.month() >= 4 { today.year() } else { today.year() - 1 });
    let mut staff = vec![];
    let mut logins_by_org = vec![];
    for def in ORGS {
        let org =
            Organisation { tenant: tenant.id, id: OrganisationId(id(&mut rng)), name: def.name.into(), kind: def.kind };
        store.create_organisation(&org).await?;
        let mut s = Staff { id: org.id, officers: vec![], manager: None, partner_officer: None };
        let mut users = vec![];
        for (name, role, patch) in def.staff {
            let user = User {
                tenant: tenant.id,
                id: UserId(id(&mut rng)),
                organisation: org.id,
                email: place::staff_email(name, def.domain),
                name: name.to_string(),
                roles: vec![*role],
                patch: patch.map(str::to_string),
                password_hash: hash.clone(),
                active: true,
                created_at: since,
            };
            store.create_user(&user).await?;
            match (role, patch) {
                (Role::CaseOfficer, Some(p)) => s.officers.push((user.id, *p)),
                (Role::TeamManager, _) => s.manager = s.manager.or(Some(user.id)),
                (Role::PartnerOfficer, _) => s.partner_officer = s.partner_officer.or(Some(user.id)),
                _ => {}
            }
            users.push(user);
        }
        if let Some(base) = def.homes {
            for (year, homes) in place::homes_by_year(&mut rng, base, reporting_year, opts.years) {
                store.set_homes_owned(tenant.id, org.id, year, homes).await?;
            }
        }
        staff.push(s);
        logins_by_org.push((def.name, users));
    }
    let wanted = [
        (place::COUNCIL, Role::CaseOfficer),
        (place::COUNCIL, Role::TeamManager),
        (place::POLICE, Role::PartnerOfficer),
        (place::COUNCIL, Role::Analyst),
        (place::COUNCIL, Role::Administrator),
        (place::VALE, Role::CaseOfficer),
        (place::VALE, Role::TeamManager),
    ];
    let logins = wanted
        .iter()
        .filter_map(|(org, role)| {
            let (org_name, users) = &logins_by_org[*org];
            users.iter().find(|u| u.has(*role)).map(|u| DemoLogin {
                role: *role,
                name: u.name.clone(),
                email: u.email.clone(),
                organisation: org_name.to_string(),
            })
        })
        .collect();

    let world = World {
        tenant: tenant.id,
        staff,
        geo: Geo::new(&mut rng),
        catalogue,
        now,
        tz: tz.clone(),
        rules: Rules { standards: &standards, calendar: &calendar },
    };
    let clock = Clock { calendar: &calendar, tz: &tz };
    let mut specs = clock::plan_reports(&mut rng, &clock, now, opts.cases, opts.years)?;
    // The council's newest reports go to its first case officer, the first sign-in printed, so
    // that they always have open cases to try, whatever the date (which else decides who gets
    // which report).
    for spec in specs.iter_mut().rev().filter(|s| s.org == place::COUNCIL).take(FIRST_OFFICERS_NEWEST) {
        spec.to_first_officer = true;
    }

    let mut people = People::new();
    let total = opts.cases;
    let (mut done, mut events) = (0u32, 0u64);
    // Open cases some partnership work is added to once all are stored.
    let (mut sample, mut seen) = (vec![], 0usize);
    // SQLite has one writer at a time; PostgreSQL takes several batches at once.
    let at_once = if store.backend() == "postgres" { 4 } else { 1 };
    for wave in specs.chunks(BATCH * at_once) {
        let mut batches: Vec<Vec<Case>> = vec![];
        for batch in wave.chunks(BATCH) {
            let mut cases = Vec::with_capacity(batch.len());
            for spec in batch {
                // A stream per case: changing how one case is told leaves the others alone.
                let mut case_rng = ChaCha8Rng::seed_from_u64(rng.random());
                cases.push(story::build_case(&world, &mut case_rng, &mut people, spec)?);
            }
            batches.push(cases);
        }
        let fresh = people.take_fresh();
        if !fresh.is_empty() {
            store.create_people(tenant.id, &fresh, wave[0].reported_at).await?;
        }
        for case in batches.iter().flatten() {
            seen += 1;
            if case.status == asbcase_domain::case::Status::Open
                && seen % partners::SAMPLE_EVERY == 0
                && sample.len() < 64
            {
                sample.push(case.id);
            }
        }
        // References in report order, from the tenant's counter so that later reports follow on.
        let mut in_order: Vec<&mut Case> = batches.iter_mut().flatten().collect();
        for same_year in in_order.chunk_by_mut(|a, b| a.reference_year() == b.reference_year()) {
            let year = same_year[0].reference_year();
            let references = store.reserve_references(tenant.id, year, same_year.len() as u32).await?;
            for (case, reference) in same_year.iter_mut().zip(references) {
                case.reference = reference;
            }
        }
        events += batches.iter().flatten().map(|c| c.pending.len() as u64).sum::<u64>();
        let mut saving: FuturesOrdered<_> = batches
            .iter_mut()
            .map(|cases| async move { store.save_cases(cases).await.map(|()| cases.len() as u32) })
            .collect();
        while let Some(saved) = saving.next().await {
            done += saved?;
            progress(done, total);
        }
    }
    events += partners::add(store, tenant.id, &world.staff, &sample, &mut rng, now, &world.rules).await?;
    Ok(DemoSummary { tenant: tenant.id, logins, cases: done, events })
}

/// The year a case's reference carries: the year it was reported, in London.
trait ReferenceYear {
    fn reference_year(&self) -> i16;
}

impl ReferenceYear for Case {
    fn reference_year(&self) -> i16 {
        self.reported_at.to_zoned(london()).year()
    }
}

/// A random id from the demo's stream.
pub(crate) fn id<R: Rng + ?Sized>(rng: &mut R) -> uuid::Uuid {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

/// A time-ordered (version 7) id for something made at `at`, its random part from the stream.
pub(crate) fn time_ordered_id<R: Rng + ?Sized>(rng: &mut R, at: Timestamp) -> uuid::Uuid {
    let millis = u64::try_from(at.as_millisecond()).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &rng.random()).into_uuid()
}

pub(crate) fn pick<R: Rng + ?Sized, T: Copy>(rng: &mut R, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// One of the `items` that are `ok`, or the first item if none is.
pub(crate) fn pick_where<R: Rng + ?Sized, T: Copy>(rng: &mut R, items: &[T], ok: impl Fn(&T) -> bool) -> T {
    let fitting: Vec<T> = items.iter().copied().filter(|t| ok(t)).collect();
    if fitting.is_empty() { items[0] } else { pick(rng, &fitting) }
}

/// One of `items`, each as likely as its weight.
pub(crate) fn weighted<R: Rng + ?Sized, T: Copy>(rng: &mut R, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut n = rng.random_range(0..total);
    for (item, w) in items {
        if n < *w {
            return *item;
        }
        n -= w;
    }
    unreachable!("n is below the total of the weights")
}
