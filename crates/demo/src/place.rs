//! The fictional district of Ashford Vale: its neighbourhoods, streets, blocks of flats and
//! postcodes, the organisations working there, and the people who live there.
use crate::words::{EMAIL_DOMAINS, FIRST_NAMES, FLAT_NEIGHBOURS, HOUSE_NEIGHBOURS, SURNAMES};
use crate::{pick, time_ordered_id};
use asbcase_domain::PersonId;
use asbcase_domain::location::{Location, Postcode};
use asbcase_domain::organisation::{OrganisationKind, Role};
use asbcase_domain::party::Person;
use jiff::Timestamp;
use rand::Rng;

pub(crate) const TOWN: &str = "Ashford Vale";

/// A neighbourhood: an estate or an area of private housing.
pub(crate) struct HoodDef {
    pub name: &'static str,
    pub ward: &'static str,
    /// Postcode district: AV1 .. AV9.
    pub district: u8,
    /// An estate of one of the landlords (index into [`ORGS`]), or private housing.
    pub landlord: Option<usize>,
    pub streets: &'static [&'static str],
    pub blocks: &'static [&'static str],
}

pub(crate) const HOODS: &[HoodDef] = &[
    HoodDef {
        name: "Millbrook Estate",
        ward: "Millbrook",
        district: 2,
        landlord: Some(VALE),
        streets: &["Millbrook Road", "Kestrel Close", "Heron Way", "Teasel Walk"],
        blocks: &["Alder House", "Rowan House", "Hazel House"],
    },
    HoodDef {
        name: "Castlefields",
        ward: "Millbrook",
        district: 2,
        landlord: Some(VALE),
        streets: &["Castle Lane", "Keep Road", "Barbican Walk", "Moat Close"],
        blocks: &["Portcullis Court", "Bastion House"],
    },
    HoodDef {
        name: "Northgate",
        ward: "Northgate",
        district: 1,
        landlord: Some(VALE),
        streets: &["Northgate Street", "Wool Lane", "Tanners Row", "Cobbler Street"],
        blocks: &["Fleece Court", "Weaver House"],
    },
    HoodDef {
        name: "Hollins Park",
        ward: "Northgate",
        district: 3,
        landlord: Some(VALE),
        streets: &["Hollins Avenue", "Birch Grove", "Larch Close", "Sycamore Drive"],
        blocks: &["Beech Court"],
    },
    HoodDef {
        name: "Orchard Vale",
        ward: "Orchard",
        district: 5,
        landlord: Some(VALE),
        streets: &["Pippin Road", "Russet Close", "Bramley Way", "Quince Walk"],
        blocks: &["Orchard Court", "Cider House"],
    },
    HoodDef {
        name: "Stonebridge",
        ward: "Stonebridge",
        district: 6,
        landlord: Some(VALE),
        streets: &["Quarry Road", "Flint Close", "Mason Way", "Granite Walk"],
        blocks: &["Slate House", "Chalk House"],
    },
    HoodDef {
        name: "Riverside",
        ward: "Riverside",
        district: 4,
        landlord: Some(BROOKMERE),
        streets: &["Wharf Road", "Lockside", "Towpath Walk", "Ferry Lane"],
        blocks: &["Kingfisher House", "Mallard Court"],
    },
    HoodDef {
        name: "Kingsmead",
        ward: "Riverside",
        district: 4,
        landlord: Some(BROOKMERE),
        streets: &["Kingsmead Road", "Meadow Lane", "Clover Way", "Buttercup Close"],
        blocks: &["Meadow Court"],
    },
    HoodDef {
        name: "Ferndale",
        ward: "Ferndale",
        district: 7,
        landlord: Some(BROOKMERE),
        streets: &["Fern Road", "Bracken Way", "Heather Close", "Moss Lane"],
        blocks: &["Fern Court", "Bracken House"],
    },
    HoodDef {
        name: "Town Centre",
        ward: "Abbey",
        district: 1,
        landlord: None,
        streets: &["High Street", "Market Square", "Station Road", "Abbey Walk", "Mill Street"],
        blocks: &["Abbey Mews", "Station House"],
    },
    HoodDef {
        name: "Old Town",
        ward: "Abbey",
        district: 1,
        landlord: None,
        streets: &["Church Lane", "Chapel Street", "Bell Yard", "Priory Road"],
        blocks: &["Priory Mews"],
    },
    HoodDef {
        name: "Lark Rise",
        ward: "Ashby",
        district: 8,
        landlord: None,
        streets: &["Lark Rise", "Skylark Avenue", "Linnet Close", "Wren Way"],
        blocks: &["Linnet Court"],
    },
    HoodDef {
        name: "Ashby Green",
        ward: "Ashby",
        district: 9,
        landlord: None,
        streets: &["Green Lane", "Common Road", "Pond Close"],
        blocks: &["Green Court"],
    },
];

pub(crate) const COUNCIL: usize = 0;
pub(crate) const VALE: usize = 1;
pub(crate) const BROOKMERE: usize = 2;
pub(crate) const POLICE: usize = 3;

pub(crate) struct OrgDef {
    pub name: &'static str,
    pub kind: OrganisationKind,
    pub domain: &'static str,
    /// Homes owned at the end of a reporting year (social landlords).
    pub homes: Option<i64>,
    /// Share of the demo's cases it owns.
    pub case_weight: u32,
    /// Staff: name, role, patch.
    pub staff: &'static [(&'static str, Role, Option<&'static str>)],
    /// Patches and the neighbourhoods (with how many reports each sees) they cover.
    pub patches: &'static [(&'static str, &'static [(&'static str, u32)])],
}

pub(crate) const ORGS: &[OrgDef] = &[
    OrgDef {
        name: "Ashford Vale District Council",
        kind: OrganisationKind::Council,
        domain: "ashfordvale.example",
        homes: None,
        case_weight: 40,
        staff: &[
            ("Priya Shah", Role::CaseOfficer, Some("Northgate")),
            ("Tom Okafor", Role::CaseOfficer, Some("Town Centre")),
            ("Megan Hughes", Role::CaseOfficer, Some("Riverside")),
            ("Daniel Kowalski", Role::CaseOfficer, Some("Millbrook")),
            ("Sarah Whitfield", Role::TeamManager, None),
            ("Imran Hussain", Role::Analyst, None),
            ("Claire Donnelly", Role::Administrator, None),
        ],
        patches: &[
            ("Northgate", &[("Northgate", 2), ("Hollins Park", 1), ("Lark Rise", 4), ("Ashby Green", 3)]),
            ("Town Centre", &[("Town Centre", 6), ("Old Town", 3)]),
            ("Riverside", &[("Riverside", 2), ("Kingsmead", 1), ("Ferndale", 1)]),
            ("Millbrook", &[("Millbrook Estate", 2), ("Castlefields", 1), ("Orchard Vale", 1), ("Stonebridge", 1)]),
        ],
    },
    OrgDef {
        name: "Vale Homes",
        kind: OrganisationKind::SocialLandlord,
        domain: "valehomes.example",
        homes: Some(12_000),
        case_weight: 40,
        staff: &[
            ("Aisha Begum", Role::CaseOfficer, Some("Millbrook Estate")),
            ("Liam Murphy", Role::CaseOfficer, Some("Northgate and Hollins Park")),
            ("Grace Adeyemi", Role::CaseOfficer, Some("Orchard Vale")),
            ("Owen Price", Role::CaseOfficer, Some("Stonebridge")),
            ("Rachel Green", Role::TeamManager, None),
        ],
        patches: &[
            ("Millbrook Estate", &[("Millbrook Estate", 5), ("Castlefields", 3)]),
            ("Northgate and Hollins Park", &[("Northgate", 4), ("Hollins Park", 3)]),
            ("Orchard Vale", &[("Orchard Vale", 4)]),
            ("Stonebridge", &[("Stonebridge", 4)]),
        ],
    },
    OrgDef {
        name: "Brookmere Housing Association",
        kind: OrganisationKind::SocialLandlord,
        domain: "brookmere.example",
        homes: Some(4_500),
        case_weight: 20,
        staff: &[
            ("Marcus Campbell", Role::CaseOfficer, Some("Riverside")),
            ("Hannah Lewis", Role::CaseOfficer, Some("Kingsmead")),
            ("Sunita Patel", Role::CaseOfficer, Some("Ferndale")),
            ("David Evans", Role::TeamManager, None),
        ],
        patches: &[
            ("Riverside", &[("Riverside", 4)]),
            ("Kingsmead", &[("Kingsmead", 3)]),
            ("Ferndale", &[("Ferndale", 3)]),
        ],
    },
    OrgDef {
        name: "Ashford Vale Neighbourhood Policing Team",
        kind: OrganisationKind::Police,
        domain: "avpolice.example",
        homes: None,
        case_weight: 0,
        staff: &[("Jamie Fraser", Role::PartnerOfficer, None)],
        patches: &[],
    },
];

pub(crate) fn hood_index(name: &str) -> usize {
    HOODS.iter().position(|h| h.name == name).expect("patches name real neighbourhoods")
}

/// `firstname.lastname@domain`, lower case, letters only.
pub(crate) fn staff_email(name: &str, domain: &str) -> String {
    let local: Vec<String> = name
        .split_whitespace()
        .map(|w| w.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_lowercase())
        .collect();
    format!("{}@{domain}", local.join("."))
}

/// The postcodes of the district: one for each street and each block.
pub(crate) struct Geo {
    /// Per neighbourhood: postcodes of its streets, then of its blocks.
    streets: Vec<Vec<Postcode>>,
    blocks: Vec<Vec<Postcode>>,
}

/// Letters used in the inward part of real postcodes (never C, I, K, M, O or V).
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// A postcode of the district not handed out before.
fn new_postcode(rng: &mut impl Rng, district: u8, used: &mut std::collections::BTreeSet<String>) -> Postcode {
    loop {
        let a = INWARD_LETTERS[rng.random_range(0..INWARD_LETTERS.len())] as char;
        let b = INWARD_LETTERS[rng.random_range(0..INWARD_LETTERS.len())] as char;
        let s = format!("AV{district} {}{a}{b}", rng.random_range(1..=9));
        if used.insert(s.clone()) {
            return Postcode::parse(&s).expect("AV9 9ZZ is a valid postcode shape");
        }
    }
}

impl Geo {
    pub fn new(rng: &mut impl Rng) -> Geo {
        let mut used = std::collections::BTreeSet::new();
        let mut streets = vec![];
        let mut blocks = vec![];
        for h in HOODS {
            streets.push(h.streets.iter().map(|_| new_postcode(rng, h.district, &mut used)).collect());
            blocks.push(h.blocks.iter().map(|_| new_postcode(rng, h.district, &mut used)).collect());
        }
        Geo { streets, blocks }
    }

    /// A home in a neighbourhood: a flat in a block or a house on a street.
    pub fn home(&self, rng: &mut impl Rng, hood: usize) -> Home {
        let h = &HOODS[hood];
        if rng.random_bool(0.55) {
            let b = rng.random_range(0..h.blocks.len());
            Home { hood, kind: HomeKind::Flat { block: b, number: rng.random_range(1..=48) } }
        } else {
            let s = rng.random_range(0..h.streets.len());
            Home { hood, kind: HomeKind::House { street: s, number: rng.random_range(1..=120) } }
        }
    }

    /// A home near `home`, and how its neighbour would describe it.
    pub fn neighbour(&self, rng: &mut impl Rng, home: &Home) -> (Home, &'static str) {
        let kind = match home.kind {
            HomeKind::Flat { block, number } => {
                let n = if number > 6 { number - rng.random_range(1..=6) } else { number + rng.random_range(1..=6) };
                HomeKind::Flat { block, number: n }
            }
            HomeKind::House { street, number } => {
                let n = if number > 2 { number - rng.random_range(1..=2) } else { number + rng.random_range(1..=2) };
                HomeKind::House { street, number: n }
            }
        };
        let phrase = match home.kind {
            HomeKind::Flat { .. } => pick(rng, FLAT_NEIGHBOURS),
            HomeKind::House { .. } => pick(rng, HOUSE_NEIGHBOURS),
        };
        (Home { hood: home.hood, kind }, phrase)
    }

    pub fn postcode(&self, home: &Home) -> Postcode {
        match home.kind {
            HomeKind::Flat { block, .. } => self.blocks[home.hood][block].clone(),
            HomeKind::House { street, .. } => self.streets[home.hood][street].clone(),
        }
    }

    /// One line, as a person's address is kept.
    pub fn postal_address(&self, home: &Home) -> String {
        format!("{}, {}, {TOWN} {}", home.line(), HOODS[home.hood].name, self.postcode(home).as_str())
    }

    /// The home as the place where the behaviour happens.
    pub fn location_of_home(&self, home: &Home) -> Location {
        let h = &HOODS[home.hood];
        Location {
            address: format!("{}, {}, {TOWN}", home.line(), h.name),
            postcode: Some(self.postcode(home)),
            ward: Some(h.ward.to_string()),
            estate: h.landlord.map(|_| h.name.to_string()),
            ..Location::default()
        }
    }

    /// A shared place of a block of flats ("Bin store at Alder House").
    pub fn block_place(&self, rng: &mut impl Rng, hood: usize, block: usize) -> Location {
        let what = pick(rng, &["Stairwell and landings of", "Bin store at", "Entrance hall of", "Car park of"]);
        let h = &HOODS[hood];
        self.place(hood, format!("{what} {}", h.blocks[block]), self.blocks[hood][block].clone())
    }

    /// A public place by a street ("Alleyway behind Kestrel Close").
    pub fn street_place(&self, rng: &mut impl Rng, hood: usize, street: usize) -> Location {
        let what = pick(rng, &["Alleyway behind", "Garages off", "Play area on", "Green by", "Footpath by"]);
        let h = &HOODS[hood];
        self.place(hood, format!("{what} {}", h.streets[street]), self.streets[hood][street].clone())
    }

    fn place(&self, hood: usize, place: String, postcode: Postcode) -> Location {
        let h = &HOODS[hood];
        Location {
            address: format!("{place}, {}, {TOWN}", h.name),
            postcode: Some(postcode),
            ward: Some(h.ward.to_string()),
            estate: h.landlord.map(|_| h.name.to_string()),
            ..Location::default()
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Home {
    pub hood: usize,
    pub kind: HomeKind,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum HomeKind {
    Flat { block: usize, number: u32 },
    House { street: usize, number: u32 },
}

impl Home {
    pub fn line(&self) -> String {
        let h = &HOODS[self.hood];
        match self.kind {
            HomeKind::Flat { block, number } => format!("Flat {number}, {}", h.blocks[block]),
            HomeKind::House { street, number } => format!("{number} {}", h.streets[street]),
        }
    }

    /// The block the home is in, or one nearby.
    pub fn block(&self, rng: &mut impl Rng) -> usize {
        match self.kind {
            HomeKind::Flat { block, .. } => block,
            HomeKind::House { .. } => rng.random_range(0..HOODS[self.hood].blocks.len()),
        }
    }

    /// The street the home is on, or one nearby.
    pub fn street(&self, rng: &mut impl Rng) -> usize {
        match self.kind {
            HomeKind::House { street, .. } => street,
            HomeKind::Flat { .. } => rng.random_range(0..HOODS[self.hood].streets.len()),
        }
    }
}

/// Pairs of names a reader would take for a real, well-known person.
const FAMOUS: &[(&str, &str)] = &[("Michael", "Jackson"), ("Paul", "Smith"), ("James", "Taylor"), ("Michael", "Owen")];

/// How likely a person of each part is to have given a phone number and an email address.
#[derive(Clone, Copy)]
pub(crate) enum Part {
    Complainant,
    PersonComplainedAbout,
    Witness,
}

/// The people of the demo: those not yet written to the store, and those who come back.
#[derive(Default)]
pub(crate) struct People {
    fresh: Vec<Person>,
    /// Per organisation: complainants who report again, with their homes.
    pub repeat_complainants: Vec<Vec<(PersonId, Home)>>,
    /// Per organisation: people complained about in more than one case.
    pub repeat_complained_about: Vec<Vec<(PersonId, Home)>>,
}

impl People {
    pub fn new() -> People {
        People {
            fresh: vec![],
            repeat_complainants: vec![vec![]; ORGS.len()],
            repeat_complained_about: vec![vec![]; ORGS.len()],
        }
    }

    /// A new person living at `home`.
    pub fn person(&mut self, rng: &mut impl Rng, geo: &Geo, home: &Home, part: Part, at: Timestamp) -> PersonId {
        let (first, last) = loop {
            let (first, last) = (pick(rng, FIRST_NAMES), pick(rng, SURNAMES));
            if !FAMOUS.contains(&(first, last)) {
                break (first, last);
            }
        };
        let (p_phone, p_email) = match part {
            Part::Complainant => (0.9, 0.55),
            Part::PersonComplainedAbout => (0.35, 0.1),
            Part::Witness => (0.75, 0.3),
        };
        // Ofcom's ranges for drama: 07700 900000–900999 and 01632 960000–960999.
        let phone = rng.random_bool(p_phone).then(|| {
            if rng.random_bool(0.85) {
                format!("07700 900{:03}", rng.random_range(0..1000))
            } else {
                format!("01632 960{:03}", rng.random_range(0..1000))
            }
        });
        let email = rng.random_bool(p_email).then(|| {
            let letters = |s: &str| s.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_lowercase();
            let domain = pick(rng, EMAIL_DOMAINS);
            match rng.random_range(0..3) {
                0 => format!("{}.{}@{domain}", letters(first), letters(last)),
                1 => format!("{}{}{}@{domain}", &letters(first)[..1], letters(last), rng.random_range(1..100)),
                _ => format!("{}{}@{domain}", letters(first), rng.random_range(60..100)),
            }
        });
        let person = Person {
            id: PersonId(time_ordered_id(rng, at)),
            name: format!("{first} {last}"),
            address: Some(geo.postal_address(home)),
            phone,
            email,
        };
        let id = person.id;
        self.fresh.push(person);
        id
    }

    /// The people made since the last call, for the store.
    pub fn take_fresh(&mut self) -> Vec<Person> {
        std::mem::take(&mut self.fresh)
    }
}

/// Homes owned at the end of each reporting year of the history and the year before it,
/// drifting a little.
pub(crate) fn homes_by_year(rng: &mut impl Rng, base: i64, current_year: i64, years: u16) -> Vec<(i64, i64)> {
    let spread = (base / 100).max(1);
    (current_year - i64::from(years)..=current_year).map(|y| (y, base + rng.random_range(-spread..=spread))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_patch_names_a_real_neighbourhood_and_every_landlord_estate_has_a_patch() {
        for (i, o) in ORGS.iter().enumerate() {
            for (_, hoods) in o.patches {
                for (h, _) in *hoods {
                    let idx = hood_index(h);
                    if i != COUNCIL {
                        assert_eq!(HOODS[idx].landlord, Some(i), "{h} is not an estate of {}", o.name);
                    }
                }
            }
            for (_, role, patch) in o.staff {
                if let Some(p) = patch {
                    assert!(o.patches.iter().any(|(name, _)| name == p), "{p}");
                }
                assert_eq!(patch.is_some(), *role == Role::CaseOfficer);
            }
        }
        for (idx, h) in HOODS.iter().enumerate() {
            if let Some(l) = h.landlord {
                assert!(
                    ORGS[l].patches.iter().any(|(_, hs)| hs.iter().any(|(n, _)| hood_index(n) == idx)),
                    "{}",
                    h.name
                );
            }
        }
    }

    #[test]
    fn postcodes_are_valid_and_distinct() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let geo = Geo::new(&mut rng);
        let mut all: Vec<_> =
            geo.streets.iter().chain(geo.blocks.iter()).flatten().map(|p| p.as_str().to_string()).collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
        assert!(all.iter().all(|p| p.starts_with("AV")));
    }

    #[test]
    fn staff_emails_are_first_dot_last() {
        assert_eq!(staff_email("Priya Shah", "ashfordvale.example"), "priya.shah@ashfordvale.example");
    }
}
