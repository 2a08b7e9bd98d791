//! The real application on a free port over a fresh database, with a small fictional world:
//! two organisations of one partnership, one of another partnership, staff in every role,
//! and a few cases.
#![allow(dead_code)]
use asbcase_domain::calendar::{Calendar, Division};
use asbcase_domain::case::{Case, Channel, Flags, HateStrand, NewReport, Rules};
use asbcase_domain::category::{default_catalogue, rank};
use asbcase_domain::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use asbcase_domain::event::Change;
use asbcase_domain::ids::PartyId;
use asbcase_domain::location::{Location, Postcode};
use asbcase_domain::organisation::{OrganisationKind, Role};
use asbcase_domain::party::{Party, PartyRole, Person};
use asbcase_domain::password;
use asbcase_domain::risk::RiskBand;
use asbcase_domain::standards::ServiceStandards;
use asbcase_domain::{OrganisationId, PersonId, TenantId, UserId};
use asbcase_store::testing::ScratchDb;
use asbcase_store::{Organisation, Store, Tenant, User};
use asbcase_web::{AppState, WebConfig};
use jiff::{Timestamp, ToSpan};
use std::sync::OnceLock;

pub mod report;

pub const PASSWORD: &str = "correct horse battery";
/// The administrator's authenticator key.
pub const ADMIN_KEY: &[u8] = b"ashford vale admin key!!";

/// The keys of the built-in risk questionnaire, as forms and Open311 attributes name them.
pub const QUESTIONS: [&str; 8] = [
    "feels_unsafe",
    "threats_or_violence",
    "health_or_sleep",
    "disability_or_vulnerability",
    "targeted_for_who_they_are",
    "children_in_household",
    "happened_before",
    "considering_moving",
];

fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password::hash(PASSWORD)).clone()
}

pub struct World {
    pub tenant: TenantId,
    pub council: OrganisationId,
    pub landlord: OrganisationId,
    pub officer: User,
    pub colleague: User,
    pub manager: User,
    pub analyst: User,
    pub admin: User,
    pub landlord_officer: User,
    pub other_tenant_officer: User,
    /// The officer's case (high risk, hate incident, contact overdue).
    pub officers_case: Case,
    /// A colleague's case in the same organisation.
    pub colleagues_case: Case,
    /// The landlord's case: same partnership, other organisation.
    pub landlords_case: Case,
    /// Another partnership's case.
    pub other_tenant_case: Case,
}

pub struct TestApp {
    pub db: ScratchDb,
    pub base: String,
    pub world: World,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn org(store: &Store, tenant: TenantId, name: &str, kind: OrganisationKind) -> OrganisationId {
    let o = Organisation { tenant, id: OrganisationId::new(), name: name.into(), kind };
    store.create_organisation(&o).await.unwrap();
    o.id
}

pub async fn user(
    store: &Store,
    tenant: TenantId,
    org: OrganisationId,
    name: &str,
    email: &str,
    roles: &[Role],
) -> User {
    let u = User {
        tenant,
        id: UserId::new(),
        organisation: org,
        email: email.into(),
        name: name.into(),
        roles: roles.to_vec(),
        patch: Some("Northgate".into()),
        password_hash: password_hash(),
        active: true,
        created_at: Timestamp::now(),
    };
    store.create_user(&u).await.unwrap();
    u
}

async fn tenant(store: &Store, name: &str) -> TenantId {
    let t = Tenant {
        id: TenantId::new(),
        name: name.into(),
        division: Division::EnglandAndWales,
        created_at: Timestamp::now(),
    };
    store.create_tenant(&t).await.unwrap();
    store.set_categories(t.id, &default_catalogue()).await.unwrap();
    t.id
}

/// A case reported `days_ago` days ago, triaged, opened and assigned to `officer`.
#[allow(clippy::too_many_arguments)]
pub async fn case(
    store: &Store,
    tenant: TenantId,
    org: OrganisationId,
    officer: &User,
    days_ago: i64,
    band: RiskBand,
    cats: &[&str],
    description: &str,
) -> Case {
    let standards = ServiceStandards::default();
    let calendar = Calendar::bundled(Division::EnglandAndWales);
    let rules = Rules { standards: &standards, calendar: &calendar };
    let (categories, priority) =
        rank(&cats.iter().map(|c| c.to_string()).collect::<Vec<_>>(), &default_catalogue()).unwrap();
    let reported = Timestamp::now() - (days_ago * 24).hours();
    let reference = store.next_reference(tenant, 2026).await.unwrap();
    let hate = cats.contains(&"hate_related");
    let mut case = Case::report(
        tenant,
        reference,
        NewReport {
            organisation: org,
            channel: Channel::Phone,
            description: description.into(),
            categories,
            priority,
            risk_band: band,
            location: Location {
                address: "14 Orchard Court, Ashford Vale".into(),
                postcode: Some(Postcode::parse("AV1 4QT").unwrap()),
                estate: Some("Orchard Estate".into()),
                ..Location::default()
            },
            flags: Flags { hate_strands: if hate { vec![HateStrand::Race] } else { vec![] }, ..Flags::default() },
            patch: Some("Northgate".into()),
            reported_at: reported,
            assessment: None,
            details: Default::default(),
        },
        None,
        &rules,
    )
    .unwrap();
    let complainant = Person {
        id: PersonId::new(),
        name: "Morgan Achterberg".into(),
        address: Some("14 Orchard Court".into()),
        phone: Some("07700 900456".into()),
        email: None,
    };
    store.create_person(tenant, &complainant, reported).await.unwrap();
    let at = reported + 1.hours();
    let by = Some(officer.id);
    case.record(
        Change::PartyAdded {
            party: Party {
                id: PartyId::new(),
                role: PartyRole::Complainant,
                person: Some(complainant.id),
                description: None,
            },
        },
        by,
        at,
        &rules,
    )
    .unwrap();
    case.record(
        Change::PartyAdded {
            party: Party {
                id: PartyId::new(),
                role: PartyRole::PersonComplainedAbout,
                person: None,
                description: Some("two men in their twenties".into()),
            },
        },
        by,
        at,
        &rules,
    )
    .unwrap();
    case.record(Change::Triaged { note: "Repeated shouting in the stairwell".into() }, by, at, &rules).unwrap();
    case.record(Change::Opened, by, at, &rules).unwrap();
    case.record(Change::Assigned { officer: officer.id }, by, at, &rules).unwrap();
    case.record(
        Change::ContactRecorded {
            contact: Contact {
                method: ContactMethod::Visit,
                direction: Direction::Outgoing,
                outcome: ContactOutcome::Successful,
                with: ContactWith::Complainant,
                summary: "Visited; agreed to keep a diary for two weeks".into(),
                at: reported + 2.hours(),
            },
        },
        by,
        reported + 2.hours(),
        &rules,
    )
    .unwrap();
    store.save_case(&mut case).await.unwrap();
    case
}

impl TestApp {
    pub async fn start(db: ScratchDb) -> TestApp {
        Self::start_with(db, WebConfig::default()).await
    }

    pub async fn start_with(db: ScratchDb, config: WebConfig) -> TestApp {
        let store = db.store.clone();
        let t = tenant(&store, "Ashford Vale Community Safety Partnership").await;
        let council = org(&store, t, "Ashford Vale District Council", OrganisationKind::Council).await;
        let landlord = org(&store, t, "Vale Homes", OrganisationKind::SocialLandlord).await;
        let other_t = tenant(&store, "Brookmere Partnership").await;
        for _ in 0..40 {
            // Brookmere has been running longer: its references are further on.
            store.next_reference(other_t, 2026).await.unwrap();
        }
        let other_org = org(&store, other_t, "Brookmere Borough Council", OrganisationKind::Council).await;
        // This server holds two partnerships: the test address serves Ashford Vale's public pages.
        store.set_public_host("127.0.0.1", t).await.unwrap();
        let officer =
            user(&store, t, council, "Priya Shah", "priya.shah@ashfordvale.example", &[Role::CaseOfficer]).await;
        let colleague =
            user(&store, t, council, "Tom Okafor", "tom.okafor@ashfordvale.example", &[Role::CaseOfficer]).await;
        let manager =
            user(&store, t, council, "Helen Marsh", "helen.marsh@ashfordvale.example", &[Role::TeamManager]).await;
        let analyst = user(&store, t, council, "Sam Lee", "sam.lee@ashfordvale.example", &[Role::Analyst]).await;
        let admin =
            user(&store, t, council, "Alex Admin", "alex.admin@ashfordvale.example", &[Role::Administrator]).await;
        // Administrators always use two-step sign-in: the admin's app has the test key.
        store.start_mfa(t, admin.id, &asbcase_domain::mfa::secret_text(ADMIN_KEY), Timestamp::now()).await.unwrap();
        store.accept_mfa_step(t, admin.id, 0, Timestamp::now()).await.unwrap();
        let landlord_officer =
            user(&store, t, landlord, "Dee Brown", "dee.brown@valehomes.example", &[Role::CaseOfficer]).await;
        let other_tenant_officer =
            user(&store, other_t, other_org, "Kim Park", "kim.park@brookmere.example", &[Role::CaseOfficer]).await;
        let officers_case = case(
            &store,
            t,
            council,
            &officer,
            20,
            RiskBand::High,
            &["hate_related", "verbal_abuse"],
            "Racist abuse shouted at the family at number 14",
        )
        .await;
        let colleagues_case = case(
            &store,
            t,
            council,
            &colleague,
            3,
            RiskBand::Standard,
            &["noise"],
            "Loud music from the flat above until 3am",
        )
        .await;
        let landlords_case = case(
            &store,
            t,
            landlord,
            &landlord_officer,
            5,
            RiskBand::Medium,
            &["drugs"],
            "Cannabis smoke and visitors at all hours",
        )
        .await;
        let other_tenant_case = case(
            &store,
            other_t,
            other_org,
            &other_tenant_officer,
            4,
            RiskBand::Standard,
            &["litter"],
            "Mattresses dumped behind the shops",
        )
        .await;

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut config = config;
        if config.public_url.is_empty() {
            config.public_url = base.clone();
        }
        let state = AppState::new(store, config).await.unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(asbcase_web::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        TestApp {
            db,
            base,
            world: World {
                tenant: t,
                council,
                landlord,
                officer,
                colleague,
                manager,
                analyst,
                admin,
                landlord_officer,
                other_tenant_officer,
                officers_case,
                colleagues_case,
                landlords_case,
                other_tenant_case,
            },
            stop: Some(stop),
        }
    }

    /// Deliver every message due, as the server's delivery step does, and return the copies
    /// residents received (with their one-time links' tokens in place).
    pub async fn deliver(&self) -> Vec<asbcase_store::OutboxMessage> {
        let inbox = Inbox::default();
        asbcase_notify::deliver_due(&self.db.store, &inbox, Timestamp::now() + 24.hours()).await.unwrap();
        inbox.0.into_inner().unwrap()
    }

    /// A browser: keeps cookies, does not follow redirects (tests look at them).
    pub fn browser(&self) -> Browser {
        let client =
            reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { client, base: self.base.clone() }
    }

    /// A browser signed in as `user` (giving the administrator's two-step code when asked).
    pub async fn signed_in(&self, user: &User) -> Browser {
        let b = self.browser();
        let res = b.sign_in(&user.email, PASSWORD).await;
        assert_eq!(res.status(), 303, "sign-in of {} should redirect", user.email);
        let to = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
        if to.starts_with("/sign-in/code") {
            b.give_code(ADMIN_KEY).await;
        }
        b
    }
}

#[derive(Clone)]
pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
}

pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub content_type: String,
    pub body: String,
}

impl Browser {
    pub async fn get(&self, path: &str) -> Page {
        let res = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        Page::from(res).await
    }

    /// The CSRF token of the form on `path`.
    pub async fn csrf(&self, path: &str) -> String {
        let page = self.get(path).await;
        page.csrf().unwrap_or_else(|| panic!("no csrf_token on {path}"))
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let res = self.client.post(format!("{}{path}", self.base)).form(form).send().await.unwrap();
        Page::from(res).await
    }

    /// Give the two-step code of `key` at `/sign-in/code`: the current step's, or the next
    /// one's if that was just used (a second sign-in within 30 seconds).
    pub async fn give_code(&self, key: &[u8]) -> Page {
        let now = u64::try_from(Timestamp::now().as_second()).unwrap();
        for at in [now, now + asbcase_domain::mfa::STEP] {
            let token = self.csrf("/sign-in/code").await;
            let code = asbcase_domain::mfa::code_at(key, at).unwrap();
            let page = self.post("/sign-in/code", &[("csrf_token", token.as_str()), ("code", code.as_str())]).await;
            if page.status == 303 {
                return page;
            }
        }
        panic!("the two-step code was refused twice");
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        let token = self.csrf("/sign-in").await;
        self.client
            .post(format!("{}/sign-in", self.base))
            .form(&[("csrf_token", token.as_str()), ("email", email), ("password", password)])
            .send()
            .await
            .unwrap()
    }
}

impl Page {
    pub async fn from_response(res: reqwest::Response) -> Page {
        Page::from(res).await
    }

    async fn from(res: reqwest::Response) -> Page {
        let status = res.status().as_u16();
        let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_string());
        let content_type =
            res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        let body = res.text().await.unwrap();
        Page { status, location, content_type, body }
    }

    pub fn csrf(&self) -> Option<String> {
        let start = self.body.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
        let end = self.body[start..].find('"')?;
        Some(self.body[start..start + end].to_string())
    }

    pub fn contains(&self, text: &str) -> bool {
        self.body.contains(text)
    }

    /// The page's <title>.
    pub fn title(&self) -> String {
        let s = self.body.find("<title>").map(|i| i + 7).unwrap_or(0);
        let e = self.body.find("</title>").unwrap_or(s);
        self.body[s..e].to_string()
    }
}

/// A delivery channel that keeps what it is given: the residents' side of the outbox.
#[derive(Default)]
pub struct Inbox(std::sync::Mutex<Vec<asbcase_store::OutboxMessage>>);

impl asbcase_notify::Channel for Inbox {
    async fn deliver(&self, m: &asbcase_store::OutboxMessage) -> Result<Option<String>, asbcase_notify::DeliveryError> {
        self.0.lock().unwrap().push(m.clone());
        Ok(None)
    }
}

/// What `add_work` put on a case: a file (its id and the event that added it), an action of
/// the plan and an intervention (mediation).
pub struct Work {
    pub file: uuid::Uuid,
    pub file_seq: i64,
    pub action: uuid::Uuid,
    pub intervention: uuid::Uuid,
}

/// Put a file, an action and an intervention on a case, as an officer would.
pub async fn add_work(store: &Store, case: &Case) -> Work {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    let meta = asbcase_domain::evidence::EvidenceFile::from_upload("door.png", &png).unwrap();
    let mut case = store.case(case.tenant, case.id).await.unwrap().unwrap();
    let (standards, calendar) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &standards, calendar: &calendar };
    let now = Timestamp::now();
    let today = now.to_zoned(asbcase_domain::time::london()).date();
    case.record(Change::EvidenceAdded { file: meta.clone() }, None, now, &rules).unwrap();
    let file_seq = case.version;
    let action = asbcase_domain::casework::Action {
        id: uuid::Uuid::new_v4(),
        what: "Keep a noise diary".into(),
        owner: "Complainant".into(),
        due: today,
        done_at: None,
    };
    let action_id = action.id;
    case.record(Change::ActionAdded { action }, None, now, &rules).unwrap();
    let intervention = asbcase_domain::intervention::Intervention {
        id: uuid::Uuid::new_v4(),
        kind: asbcase_domain::intervention::InterventionKind::Mediation,
        party: None,
        on: today,
        ends: None,
        details: "Offered mediation".into(),
        mediation: Some(asbcase_domain::intervention::MediationStage::Offered),
        support: None,
        injunction: None,
        ground: None,
        breaches: vec![],
    };
    let intervention_id = intervention.id;
    case.record(Change::InterventionRecorded { intervention }, None, now, &rules).unwrap();
    store.save_case_with_file(&mut case, &meta, &png, now).await.unwrap();
    Work { file: meta.id, file_seq, action: action_id, intervention: intervention_id }
}

/// A live Open311 key for a partner of the test partnership, reporting to the council, and
/// its secret.
pub async fn open311_key(app: &TestApp, name: &str) -> (asbcase_store::Open311Key, String) {
    let k = asbcase_store::Open311Key {
        tenant: app.world.tenant,
        id: uuid::Uuid::new_v4(),
        name: name.into(),
        receiving_organisation: app.world.council,
        created_at: Timestamp::now(),
        revoked_at: None,
        created_by: None,
        revoked_by: None,
    };
    let secret = format!("{name}-secret-{}", k.id);
    app.db.store.add_open311_key(&k, &asbcase_domain::open311::key_hash(&secret), "test").await.unwrap();
    (k, secret)
}
