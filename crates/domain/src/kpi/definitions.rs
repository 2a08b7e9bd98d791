//! Each KPI with its written definition: what is counted (numerator), out of what
//! (denominator), and what is left out. Shown next to every figure so residents and scrutiny
//! panels can check how it was worked out.
use serde::{Deserialize, Serialize};

macro_rules! kpis {
    ($($variant:ident => $key:literal, $section:ident, $unit:ident, $name:literal,
       counted: $num:literal, base: $den:literal, excluded: $ex:literal;)*) => {
        /// A key performance indicator.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Kpi { $($variant),* }

        impl Kpi {
            pub const ALL: &'static [Kpi] = &[$(Kpi::$variant),*];
            pub fn key(self) -> &'static str { match self { $(Kpi::$variant => $key),* } }
            pub fn parse(s: &str) -> Option<Kpi> { Kpi::ALL.iter().copied().find(|k| k.key() == s) }
            pub fn name(self) -> &'static str { match self { $(Kpi::$variant => $name),* } }
            pub fn section(self) -> Section { match self { $(Kpi::$variant => Section::$section),* } }
            pub fn unit(self) -> Unit { match self { $(Kpi::$variant => Unit::$unit),* } }
            pub fn definition(self) -> Definition {
                match self { $(Kpi::$variant => Definition { counted: $num, base: $den, excluded: $ex }),* }
            }
        }
    };
}

/// How a KPI is worked out, in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Definition {
    pub counted: &'static str,
    pub base: &'static str,
    pub excluded: &'static str,
}

/// What a KPI's figures are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A percentage: counted out of a base.
    Percent,
    Count,
    /// Per 1,000 homes owned.
    PerThousandHomes,
    /// Money in pence (an average per case where it has a base).
    Money,
    /// Officer time in minutes per case.
    Minutes,
}

/// Where a KPI sits on the dashboard and in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Contact,
    Caseload,
    Outcomes,
    Satisfaction,
    Regulator,
    Interventions,
    Cost,
    Repeats,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Contact,
        Section::Caseload,
        Section::Outcomes,
        Section::Satisfaction,
        Section::Regulator,
        Section::Interventions,
        Section::Cost,
        Section::Repeats,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Contact => "Keeping in touch with complainants",
            Section::Caseload => "Cases",
            Section::Outcomes => "Outcomes",
            Section::Satisfaction => "Satisfaction",
            Section::Regulator => "Regulator measures (Tenant Satisfaction Measures)",
            Section::Interventions => "Tools, powers and evidence",
            Section::Cost => "Cost",
            Section::Repeats => "Repeats and hotspots",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Section::Contact => "contact",
            Section::Caseload => "caseload",
            Section::Outcomes => "outcomes",
            Section::Satisfaction => "satisfaction",
            Section::Regulator => "regulator",
            Section::Interventions => "interventions",
            Section::Cost => "cost",
            Section::Repeats => "repeats",
        }
    }
}

kpis! {
    FirstContact => "first_contact", Contact, Percent, "First contact within the service standard",
        counted: "Cases whose complainant was successfully contacted by the deadline the service standard sets for the risk band given when the report came in.",
        base: "Cases reported in the period that became ASB cases, whose deadline has passed or whose complainant has been contacted.",
        excluded: "Anonymous reports (nobody to contact); reports diverted or joined to another case at triage; cases whose deadline has not yet come and that have had no contact.";
    ContactCadence => "contact_cadence", Contact, Percent, "Complainants successfully contacted every 10 working days",
        counted: "Periods of 10 working days (or the organisation's own ongoing-contact standard) in which the complainant was successfully spoken to.",
        base: "Every complete period of 10 working days, counted from the day a case opened or reopened, that ended in the period while the case was open.",
        excluded: "Anonymous reports; a period cut short by the case closing; days the case was closed. Bank holidays and weekends are not working days.";
    ContactAttempts => "contact_attempts", Contact, Percent, "Complainants contacted or tried every 10 working days",
        counted: "The same periods as above in which the complainant was contacted in any way: spoken to, tried without an answer, or written to.",
        base: "As for successful contact.",
        excluded: "As for successful contact.";
    CasesOpened => "cases_opened", Caseload, Count, "New cases",
        counted: "Cases opened for the first time in the period.",
        base: "None: a count.",
        excluded: "Reports diverted or joined to another case at triage; further reports about a case already open (they join it); reopened cases (counted when first opened).";
    CasesClosed => "cases_closed", Caseload, Count, "Cases closed",
        counted: "Cases closed in the period, each once even if closed, reopened and closed again.",
        base: "None: a count.",
        excluded: "Reports diverted or joined to another case at triage.";
    OpenAtEnd => "open_at_end", Caseload, Count, "Open cases at the end of the period",
        counted: "Cases open at midnight at the end of the period's last day.",
        base: "None: a count.",
        excluded: "Reports still waiting for triage.";
    OpenSixMonthsEarlier => "open_six_months_earlier", Caseload, Count, "Open cases six months earlier",
        counted: "Cases open six months before the end of the period, to compare with the open caseload now.",
        base: "None: a count.",
        excluded: "Reports still waiting for triage at that time.";
    LongRunning => "long_running", Caseload, Count, "Long-running cases",
        counted: "Cases open at the end of the period that were first opened longer ago than the review age (6 months unless set otherwise), listed with their last action.",
        base: "None: a count.",
        excluded: "Closed cases.";
    HateCases => "hate_cases", Caseload, Count, "New hate incident cases",
        counted: "Cases opened in the period recorded as a hate incident (perceived by anyone to be motivated by hostility based on disability, race, religion, sexual orientation or transgender identity).",
        base: "None: a count.",
        excluded: "As for new cases.";
    NewByPrimaryCategory => "new_by_primary_category", Caseload, Count, "New cases by main category",
        counted: "Cases opened in the period, each under its main (first) category only, so the figures add up to the number of new cases.",
        base: "None: a count.",
        excluded: "As for new cases.";
    NewByAnyCategory => "new_by_any_category", Caseload, Count, "New cases by every category recorded",
        counted: "Cases opened in the period, under every category recorded on them, so a case about noise and threats counts under both.",
        base: "None: a count. These figures add up to more than the number of new cases.",
        excluded: "As for new cases.";
    ResolutionRate => "resolution_rate", Outcomes, Percent, "Cases resolved",
        counted: "Cases closed in the period as resolved: behaviour stopped, resolved through legal action, or resolved by another agency.",
        base: "Cases closed in the period (each counted once, at its last closure in the period).",
        excluded: "Reports diverted or joined to another case at triage.";
    EvidenceOutcomes => "evidence_outcomes", Outcomes, Percent, "Resolved, by evidence used",
        counted: "Cases closed in the period as resolved that used this kind of evidence.",
        base: "Cases closed in the period that used this kind of evidence (a case using several kinds counts under each).",
        excluded: "As for cases resolved.";
    SatisfiedHandling => "satisfied_handling", Satisfaction, Percent, "Satisfied with how the case was handled",
        counted: "Survey responses very or fairly satisfied with how the case was handled.",
        base: "Satisfaction survey responses received in the period.",
        excluded: "Cases whose complainant was not surveyed or did not answer, and cases closed more than six months before the period began. A period without responses says so rather than showing 0%.";
    SatisfiedOutcome => "satisfied_outcome", Satisfaction, Percent, "Satisfied with the outcome",
        counted: "Survey responses very or fairly satisfied with the outcome.",
        base: "Satisfaction survey responses received in the period.",
        excluded: "As for satisfaction with handling.";
    KeptInformed => "kept_informed", Satisfaction, Percent, "Felt kept informed",
        counted: "Survey responses saying they were kept informed.",
        base: "Satisfaction survey responses received in the period.",
        excluded: "As for satisfaction with handling.";
    Tp12 => "tp12", Regulator, Percent, "TP12-style: satisfied with the landlord's approach to handling ASB",
        counted: "Survey responses about a landlord's cases very or fairly satisfied with how the case was handled.",
        base: "Survey responses received in the period about the landlord's cases. The survey has no 'don't know' answer, so none is left out of the base.",
        excluded: "Cases of organisations that are not social landlords, and cases closed more than six months before the period began. The regulator's TP12 comes from the landlord's perception survey; this is the same question asked at case closure.";
    Nm01Cases => "nm01_1", Regulator, PerThousandHomes, "NM01(1): ASB cases opened per 1,000 homes",
        counted: "Cases the landlord opened in the period.",
        base: "Homes owned by the landlord at the end of the reporting year, as entered for that year, divided by 1,000. Rounded to 2 decimal places.",
        excluded: "Further reports about a case already open (not new cases); reports diverted or joined at triage. A report after a case was closed opens a new case and counts.";
    Nm01Hate => "nm01_2", Regulator, PerThousandHomes, "NM01(2): hate incident cases opened per 1,000 homes",
        counted: "Cases the landlord opened in the period recorded as a hate incident (a subset of NM01(1)).",
        base: "As for NM01(1).",
        excluded: "As for NM01(1).";
    WarningsFunnel => "warnings_funnel", Interventions, Percent, "Warnings funnel",
        counted: "Of the cases given a first warning in the period, those that went on to a second warning, a final warning, and legal action (civil injunction, Criminal Behaviour Order, closure order or possession proceedings) by the time the figures were produced.",
        base: "Cases whose first warning letter was given in the period.",
        excluded: "Cases with no first warning letter.";
    Mediation => "mediation", Interventions, Percent, "Mediation offered, accepted and completed",
        counted: "Of the cases offered mediation in the period, those where it was accepted, and those where it was completed.",
        base: "Cases offered mediation in the period.",
        excluded: "Cases without mediation.";
    ToolsUsed => "tools_used", Interventions, Count, "Tools and powers used",
        counted: "Each tool or power given, served or made in the period, by kind.",
        base: "None: a count.",
        excluded: "None.";
    OrdersBreached => "orders_breached", Interventions, Count, "Breaches of orders and agreements",
        counted: "Breaches recorded as happening in the period, by the kind of order or agreement breached.",
        base: "None: a count.",
        excluded: "None.";
    EvidenceUsed => "evidence_used", Interventions, Count, "Evidence used",
        counted: "Cases closed in the period that used each kind of evidence (diary, sound recording, photo, video, document, CCTV).",
        base: "None: a count.",
        excluded: "As for cases closed.";
    CostPerCase => "cost_per_case", Cost, Money, "Spend per closed case",
        counted: "Money recorded as spent over the whole life of cases closed in the period.",
        base: "Cases closed in the period.",
        excluded: "Officer time (shown separately).";
    OfficerTimePerCase => "officer_time_per_case", Cost, Minutes, "Officer time per closed case",
        counted: "Officer time recorded over the whole life of cases closed in the period.",
        base: "Cases closed in the period.",
        excluded: "Time not recorded on a case.";
    PreventionSpend => "prevention_spend", Cost, Money, "Prevention spend",
        counted: "Money recorded in the period on cases before any enforcement (a notice, order, injunction or possession proceedings) was used on them.",
        base: "None: a total, with the number of cases it was spent on.",
        excluded: "Spend once enforcement has begun on the case.";
    RepeatComplainants => "repeat_complainants", Repeats, Count, "Repeat complainants",
        counted: "People who complained more than once in the period, to any organisation of the partnership, at least once to the organisations counted.",
        base: "None: a count. Each complaint is a report or a further report.",
        excluded: "Anonymous reports (nobody to recognise). The dashboard's patch, officer, category and risk filters do not apply.";
    RepeatLocations => "repeat_locations", Repeats, Count, "Repeat locations",
        counted: "Places complained about more than once in the period (the same UPRN, else the same postcode and address), to any organisation of the partnership, at least once to the organisations counted.",
        base: "None: a count.",
        excluded: "Reports with no address. The dashboard's filters do not apply.";
    RepeatPersons => "repeat_persons", Repeats, Count, "Repeat persons complained about",
        counted: "Named people complained about more than once in the period, to any organisation of the partnership, at least once to the organisations counted.",
        base: "None: a count.",
        excluded: "Complaints about people not named. The dashboard's filters do not apply.";
    Hotspots => "hotspots", Repeats, Count, "Hotspots: new reports by ward",
        counted: "Reports made in the period to any organisation of the partnership, by the ward recorded, the five busiest wards, with rates per 1,000 homes where the partnership has entered them.",
        base: "None: a count.",
        excluded: "Reports with no ward recorded. The dashboard's filters do not apply.";
}

impl Kpi {
    /// Which way is better, when a target does not say.
    pub fn higher_is_better(self) -> bool {
        !matches!(
            self,
            Kpi::OpenAtEnd | Kpi::LongRunning | Kpi::CostPerCase | Kpi::OfficerTimePerCase | Kpi::OrdersBreached
        )
    }
}
