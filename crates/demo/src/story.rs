//! One case, from the report to where it stands at `now`: triage, assignment, contact at a
//! realistic (sometimes lapsing) pace, notes, the ladder of interventions, closure and the
//! occasional reopening. Every change goes through [`Case::record`], so the rules of the
//! domain hold for demo cases exactly as for real ones.
use crate::clock::{Clock, plus};
use crate::place::{Geo, HOODS, ORGS, POLICE, Part, People, hood_index};
use crate::telling::{Halt, Step, Story, close, with_id};
use crate::words::{self, Theme, fill};
use crate::{DemoError, pick, time_ordered_id, weighted};
use asbcase_domain::case::{Case, CaseError, Channel, Flags, HateStrand, NewReport, Rules};
use asbcase_domain::category::{Category, rank};
use asbcase_domain::contact::{ContactOutcome, ContactWith};
use asbcase_domain::event::Change;
use asbcase_domain::ids::PartyId;
use asbcase_domain::location::Location;
use asbcase_domain::party::{Party, PartyRole};
use asbcase_domain::reference::CaseReference;
use asbcase_domain::risk::RiskBand;
use asbcase_domain::{CaseId, OrganisationId, TenantId, UserId};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rand::Rng;

const DAY: i64 = 86_400;

/// The staff of one organisation, as the stories need them.
pub(crate) struct Staff {
    pub id: OrganisationId,
    /// Case officers and their patches.
    pub officers: Vec<(UserId, &'static str)>,
    pub manager: Option<UserId>,
    pub partner_officer: Option<UserId>,
}

impl Staff {
    fn officer_for(&self, patch: &str) -> Option<UserId> {
        self.officers.iter().find(|(_, p)| *p == patch).map(|(u, _)| *u)
    }
}

/// What every story shares.
pub(crate) struct World<'a> {
    pub tenant: TenantId,
    pub staff: Vec<Staff>,
    pub geo: Geo,
    pub catalogue: Vec<Category>,
    pub now: Timestamp,
    pub tz: TimeZone,
    pub rules: Rules<'a>,
}

/// A report before it becomes a case: when, to whom, how.
#[derive(Clone, Debug)]
pub(crate) struct Spec {
    pub reported_at: Timestamp,
    pub org: usize,
    pub channel: Channel,
    /// Goes to the organisation's first case officer (the demo's first sign-in), whatever
    /// their patch.
    pub to_first_officer: bool,
}

/// Build one case, from its report up to `now`.
pub(crate) fn build_case(w: &World, rng: &mut impl Rng, people: &mut People, spec: &Spec) -> Result<Case, DemoError> {
    let clock = Clock { calendar: w.rules.calendar, tz: &w.tz };
    let org = &ORGS[spec.org];
    let staff = &w.staff[spec.org];
    let reported_at = spec.reported_at;

    // Who complains, and where.
    let repeat = &people.repeat_complainants[spec.org];
    let (complainant, home) = if !repeat.is_empty() && rng.random_bool(0.08) {
        let (id, home) = &repeat[rng.random_range(0..repeat.len())];
        (*id, home.clone())
    } else {
        let pairs: Vec<((usize, usize), u32)> = org
            .patches
            .iter()
            .enumerate()
            .flat_map(|(p, (_, hoods))| hoods.iter().map(move |(h, weight)| ((p, hood_index(h)), *weight)))
            .collect();
        let (_, hood) = weighted(rng, &pairs);
        let home = w.geo.home(rng, hood);
        let id = people.person(rng, &w.geo, &home, Part::Complainant, reported_at);
        if rng.random_bool(0.05) {
            people.repeat_complainants[spec.org].push((id, home.clone()));
        }
        (id, home)
    };
    let hood = &HOODS[home.hood];
    let patch = org
        .patches
        .iter()
        .find(|(_, hoods)| hoods.iter().any(|(h, _)| hood_index(h) == home.hood))
        .map(|(p, _)| *p)
        .expect("every neighbourhood of an organisation is in one of its patches");
    let officer = match staff.officer_for(patch) {
        Some(o) if rng.random_bool(0.9) => o,
        _ => staff.officers[rng.random_range(0..staff.officers.len())].0,
    };
    let officer = if spec.to_first_officer { staff.officers[0].0 } else { officer };
    let colleague = |rng: &mut dyn rand::RngCore| {
        if rng.random_bool(0.9) { officer } else { staff.officers[rng.random_range(0..staff.officers.len())].0 }
    };

    // What is reported.
    let hate = rng.random_bool(0.04);
    let theme: &Theme = if hate {
        words::theme("hate_related")
    } else {
        let themes: Vec<(&Theme, u32)> = words::THEMES.iter().map(|t| (t, t.weight)).collect();
        weighted(rng, &themes)
    };
    let mut codes = vec![theme.code.to_string()];
    let extra_categories = if hate || rng.random_bool(0.45) { if rng.random_bool(0.15) { 2 } else { 1 } } else { 0 };
    for _ in 0..extra_categories {
        let c = pick(rng, theme.companions);
        if !codes.iter().any(|k| k == c) {
            codes.push(c.to_string());
        }
    }
    let (categories, priority) = rank(&codes, &w.catalogue).map_err(CaseError::Invalid)?;
    let urgent = priority.0 == 1;
    let band = if urgent {
        weighted(
            rng,
            &[(RiskBand::Standard, 40), (RiskBand::Medium, 32), (RiskBand::High, 25), (RiskBand::Emergency, 3)],
        )
    } else {
        weighted(
            rng,
            &[(RiskBand::Standard, 163), (RiskBand::Medium, 28), (RiskBand::High, 8), (RiskBand::Emergency, 1)],
        )
    };
    let mut strands: Vec<HateStrand> = vec![];
    if hate {
        strands.push(weighted(rng, words::STRANDS));
        if rng.random_bool(0.2) {
            let s = weighted(rng, words::STRANDS);
            if !strands.contains(&s) {
                strands.push(s);
            }
        }
    }

    // Whom it is about.
    let (neighbour_home, neighbour) = w.geo.neighbour(rng, &home);
    let named = rng.random_bool(theme.named);
    let (block, street) = (home.block(rng), home.street(rng));
    let (slots_block, slots_street) = (hood.blocks[block], hood.streets[street]);
    let late = pick(rng, words::LATE);
    let slots: [(&str, &str); 5] = [
        ("neighbour", neighbour),
        ("late", late),
        ("block", slots_block),
        ("street", slots_street),
        ("hood", hood.name),
    ];
    let complained_about = if named {
        let pool: Vec<_> =
            people.repeat_complained_about[spec.org].iter().filter(|(_, h)| h.hood == home.hood).cloned().collect();
        if !pool.is_empty() && rng.random_bool(0.12) {
            Party {
                id: PartyId(time_ordered_id(rng, reported_at)),
                role: PartyRole::PersonComplainedAbout,
                person: Some(pool[rng.random_range(0..pool.len())].0),
                description: None,
            }
        } else {
            let id = people.person(rng, &w.geo, &neighbour_home, Part::PersonComplainedAbout, reported_at);
            if rng.random_bool(0.08) {
                people.repeat_complained_about[spec.org].push((id, neighbour_home.clone()));
            }
            Party {
                id: PartyId(time_ordered_id(rng, reported_at)),
                role: PartyRole::PersonComplainedAbout,
                person: Some(id),
                description: None,
            }
        }
    } else {
        Party {
            id: PartyId(time_ordered_id(rng, reported_at)),
            role: PartyRole::PersonComplainedAbout,
            person: None,
            description: Some(fill(pick(rng, theme.unknown), &slots)),
        }
    };

    // The report in the complainant's words.
    let template = match strands.first() {
        Some(s) => words::hate_sentence(*s),
        None => pick(rng, theme.main),
    };
    let mut description = fill(template, &slots);
    for code in codes.iter().skip(1) {
        description.push(' ');
        description.push_str(words::theme(code).extra);
    }
    let mut vulnerable = false;
    if rng.random_bool(0.45) {
        let i = rng.random_range(0..words::IMPACTS.len());
        vulnerable = i >= words::VULNERABLE_IMPACTS_FROM;
        description.push(' ');
        description.push_str(words::IMPACTS[i]);
    }
    if spec.channel == Channel::PartnerReferral {
        description = format!(
            "Referral from the neighbourhood policing team after repeated calls. The resident says: {description}"
        );
    }
    // Where it happens: at the complainant's home, or the place the report names.
    let location: Location = if theme.at_home {
        w.geo.location_of_home(&home)
    } else if template.contains("{block}") {
        w.geo.block_place(rng, home.hood, block)
    } else if template.contains("{neighbour}") {
        w.geo.location_of_home(&neighbour_home)
    } else {
        w.geo.street_place(rng, home.hood, street)
    };
    let year = clock.date(reported_at).year();
    let crime_like = |codes: &[String]| {
        codes.iter().any(|c| {
            matches!(
                c.as_str(),
                "drugs"
                    | "criminal_damage"
                    | "violence_threats"
                    | "hate_related"
                    | "exploitation"
                    | "domestic_abuse"
                    | "harassment"
            )
        })
    };
    let crime_reference =
        |rng: &mut dyn rand::RngCore, year: i16| format!("CR/{year}/{:06}", rng.random_range(1..100_000));
    let flags = Flags {
        hate_strands: strands,
        vulnerability: vulnerable || rng.random_bool(if band >= RiskBand::High { 0.25 } else { 0.04 }),
        crime_reference: (crime_like(&codes) && rng.random_bool(0.45)).then(|| crime_reference(rng, year)),
        homelessness_related: rng.random_bool(0.02),
    };
    let reporter = match spec.channel {
        Channel::WebForm | Channel::Open311 => None,
        Channel::PartnerReferral => w.staff[POLICE].partner_officer,
        _ if rng.random_bool(0.3) => staff.manager,
        _ => Some(colleague(rng)),
    };

    let case = Case::report(
        w.tenant,
        // The store hands out the real reference when the case is saved, in report order.
        CaseReference::new(year, 0),
        NewReport {
            organisation: staff.id,
            channel: spec.channel,
            description,
            categories,
            priority,
            risk_band: band,
            location,
            flags,
            patch: Some(patch.to_string()),
            reported_at,
            assessment: None,
            details: Default::default(),
        },
        reporter,
        &w.rules,
    )?;
    let case = with_id(case, CaseId(time_ordered_id(rng, reported_at)), &w.rules)?;
    let noise = codes.iter().any(|c| c == "noise");
    let mut story = Story { case, rules: &w.rules, now: w.now, clock: reported_at, issue: theme.issue, noise, named };

    let mut life = || -> Step {
        let s = &mut story;
        let party = Party {
            id: PartyId(time_ordered_id(rng, reported_at)),
            role: PartyRole::Complainant,
            person: Some(complainant),
            description: None,
        };
        s.record(Change::PartyAdded { party }, reporter, reported_at)?;
        s.record(Change::PartyAdded { party: complained_about.clone() }, reporter, reported_at)?;
        if rng.random_bool(0.06) {
            // Someone the complainant names who saw it too.
            let (h, _) = w.geo.neighbour(rng, &home);
            let witness = people.person(rng, &w.geo, &h, Part::Witness, reported_at);
            let party = Party {
                id: PartyId(time_ordered_id(rng, reported_at)),
                role: PartyRole::Witness,
                person: Some(witness),
                description: None,
            };
            s.record(Change::PartyAdded { party }, reporter, reported_at)?;
        }

        // Reports of the last fortnight may still be waiting for triage or allocation.
        let recent = w.now.as_second() - reported_at.as_second() < 14 * DAY;
        let waiting = if recent { rng.random_range(0..100) } else { 100 };
        if waiting < 25 {
            return Err(Halt::Now);
        }
        let triaged_at = match band {
            RiskBand::Emergency => plus(reported_at, rng.random_range(15 * 60..75 * 60)),
            RiskBand::High => clock.soon_after(rng, reported_at)?,
            _ => {
                let t = clock.soon_after(rng, reported_at)?;
                match weighted(rng, &[(0u32, 50), (1, 35), (2, 15)]) {
                    0 => t,
                    n => clock.working_days_later(rng, t, n)?,
                }
            }
        };
        let triager = if rng.random_bool(0.6) { staff.manager.or(Some(officer)) } else { Some(officer) };
        let note = fill(s.says(rng, words::TRIAGE_NOTES), &[("band", &band.label().to_lowercase()), ("patch", patch)]);
        s.record(Change::Triaged { note }, triager, triaged_at)?;
        if waiting < 50 {
            return Err(Halt::Now);
        }
        let opened_at = plus(triaged_at, rng.random_range(60..45 * 60));
        s.record(Change::Opened, triager, opened_at)?;
        s.record(Change::Assigned { officer }, triager, opened_at)?;

        // First contact, mostly within the service standard.
        let opened = s.clock;
        let deadline = w.rules.standards.first_contact(band).due(reported_at, clock.calendar)?;
        let first = if rng.random_bool(0.87) {
            match band {
                RiskBand::High | RiskBand::Emergency => {
                    let span = (deadline.as_second() - opened.as_second()).max(1800);
                    plus(opened, rng.random_range(300..span - 300))
                }
                _ => {
                    let due_day = clock.date(deadline).yesterday()?;
                    let allowed = clock.calendar.working_days_between(clock.date(opened), due_day)?;
                    match rng.random_range(0..=allowed) {
                        0 => clock.soon_after(rng, opened)?,
                        k => clock.working_days_later(rng, opened, k)?,
                    }
                }
            }
        } else {
            let late_by = rng.random_range(1..=5);
            clock.working_days_later(rng, deadline.max(opened), late_by)?
        };
        if rng.random_bool(0.22) {
            s.contact(
                pick(rng, words::COMPLAINANT_ATTEMPT),
                ContactWith::Complainant,
                ContactOutcome::Attempted,
                Some(officer),
                first,
            )?;
            let again = clock.soon_after(rng, first)?;
            s.contact(
                pick(rng, words::FIRST_CONTACT),
                ContactWith::Complainant,
                ContactOutcome::Successful,
                Some(officer),
                again,
            )?;
        } else {
            s.contact(
                pick(rng, words::FIRST_CONTACT),
                ContactWith::Complainant,
                ContactOutcome::Successful,
                Some(officer),
                first,
            )?;
        }

        // How long the case will run, if it ends at all before `now`.
        let days = match weighted(rng, &[(0u8, 35), (1, 20), (2, 15), (3, 10), (4, 8), (5, 12)]) {
            0 => Some(rng.random_range(15..60)),
            1 => Some(rng.random_range(60..90)),
            2 => Some(rng.random_range(90..180)),
            3 => Some(rng.random_range(180..365)),
            4 => Some(rng.random_range(365..700)),
            _ => None,
        };
        let mut closing_at = match days {
            Some(d) => Some(
                clock
                    .working_days_later(rng, plus(reported_at, d * DAY), 1)?
                    .max(clock.working_days_later(rng, s.clock, 3)?),
            ),
            None => None,
        };
        // Some cases are kept up with; some drift.
        let lapse = if rng.random_bool(0.15) { 0.35 } else { 0.08 };
        let (mut ladder, mut reopened) = (0, false);
        // A few cases find a witness, or have their risk reassessed, along the way.
        let (mut witness_to_find, mut risk_to_review) = (rng.random_bool(0.15), rng.random_bool(0.12));
        loop {
            let t = s.clock;
            let age_days = (t.as_second() - reported_at.as_second()) / DAY;
            let gap = if rng.random_bool(lapse) {
                rng.random_range(11..=24)
            } else if age_days > 180 {
                rng.random_range(7..=15)
            } else if age_days > 90 {
                rng.random_range(5..=10)
            } else {
                rng.random_range(3..=9)
            };
            let next = clock.working_days_later(rng, t, gap)?;
            if let Some(c) = closing_at.filter(|c| next >= *c) {
                close(s, rng, &clock, theme, officer, c)?;
                if reopened || !rng.random_bool(0.06) {
                    return Ok(());
                }
                let after = rng.random_range(10..=40);
                let at = clock.working_days_later(rng, s.clock, after)?;
                let reason = fill(s.says(rng, words::REOPEN), &[("issue", theme.issue)]);
                s.record(Change::Reopened { reason }, Some(officer), at)?;
                let at = clock.soon_after(rng, at)?;
                s.contact(
                    s.says_contact(rng, words::COMPLAINANT_SPOKE),
                    ContactWith::Complainant,
                    ContactOutcome::Successful,
                    Some(officer),
                    at,
                )?;
                reopened = true;
                let runs = rng.random_range(15..=60);
                closing_at = match rng.random_bool(0.8) {
                    true => Some(clock.working_days_later(rng, s.clock, runs)?),
                    false => None,
                };
                continue;
            }
            let actor = Some(colleague(rng));
            let spoke = |s: &mut Story, rng: &mut dyn rand::RngCore, at| {
                s.contact(
                    s.says_contact(rng, words::COMPLAINANT_SPOKE),
                    ContactWith::Complainant,
                    ContactOutcome::Successful,
                    actor,
                    at,
                )
            };
            match rng.random_range(0..100) {
                0..62 => {
                    if rng.random_bool(0.82) {
                        spoke(s, rng, next)?;
                    } else {
                        s.contact(
                            pick(rng, words::COMPLAINANT_ATTEMPT),
                            ContactWith::Complainant,
                            ContactOutcome::Attempted,
                            actor,
                            next,
                        )?;
                        if rng.random_bool(0.65) {
                            let at = clock.soon_after(rng, next)?;
                            spoke(s, rng, at)?;
                        }
                    }
                }
                62..74 if named => {
                    if ladder < words::LADDER.len() && rng.random_bool(0.6) {
                        match crate::ladder::rung(&s.case, ladder, next, rng) {
                            Some(change) => s.record(change, actor, next)?,
                            None => s.note(words::LADDER[ladder].to_string(), actor, next)?,
                        }
                        ladder += 1;
                    } else if rng.random_bool(0.7) {
                        s.contact(
                            pick(rng, words::PERSON_COMPLAINED_ABOUT_SPOKE),
                            ContactWith::PersonComplainedAbout,
                            ContactOutcome::Successful,
                            actor,
                            next,
                        )?;
                    } else {
                        s.contact(
                            pick(rng, words::PERSON_COMPLAINED_ABOUT_ATTEMPT),
                            ContactWith::PersonComplainedAbout,
                            ContactOutcome::Attempted,
                            actor,
                            next,
                        )?;
                    }
                }
                74..80 => {
                    s.contact(
                        pick(rng, words::PARTNER),
                        ContactWith::Partner,
                        ContactOutcome::Successful,
                        actor,
                        next,
                    )?;
                    if s.case.flags.crime_reference.is_none() && crime_like(&s.case.categories) && rng.random_bool(0.3)
                    {
                        let mut flags = s.case.flags.clone();
                        flags.crime_reference = Some(crime_reference(rng, clock.date(next).year()));
                        s.record(Change::FlagsChanged { flags }, actor, next)?;
                    }
                }
                86..96 if witness_to_find => {
                    witness_to_find = false;
                    let (h, _) = w.geo.neighbour(rng, &home);
                    let witness = people.person(rng, &w.geo, &h, Part::Witness, reported_at);
                    let party = Party {
                        id: PartyId(time_ordered_id(rng, next)),
                        role: PartyRole::Witness,
                        person: Some(witness),
                        description: None,
                    };
                    s.record(Change::PartyAdded { party }, actor, next)?;
                    s.contact(
                        pick(rng, words::WITNESS),
                        ContactWith::Witness,
                        ContactOutcome::Successful,
                        actor,
                        next,
                    )?;
                }
                96.. if risk_to_review => {
                    risk_to_review = false;
                    let now_band = s.case.risk_band;
                    let (band, reasons) = match now_band {
                        RiskBand::Standard => (RiskBand::Medium, words::RISK_UP),
                        RiskBand::Medium if rng.random_bool(0.6) => (RiskBand::High, words::RISK_UP),
                        RiskBand::Medium => (RiskBand::Standard, words::RISK_DOWN),
                        RiskBand::High | RiskBand::Emergency => (RiskBand::Medium, words::RISK_DOWN),
                    };
                    let reason = s.says(rng, reasons).to_string();
                    s.record(Change::RiskBandChanged { band, reason }, actor, next)?;
                    spoke(s, rng, next)?;
                }
                _ => {
                    let n = rng.random_range(3..12).to_string();
                    let text = fill(s.says(rng, words::NOTES), &[("n", &n), ("issue", theme.issue)]);
                    s.note(text, actor, next)?;
                    if rng.random_bool(0.5) {
                        let at = clock.soon_after(rng, next)?;
                        spoke(s, rng, at)?;
                    }
                }
            }
        }
    };
    match life() {
        Ok(()) | Err(Halt::Now) => Ok(story.case),
        Err(Halt::Failed(e)) => Err(e),
    }
}
