//! Recording interventions on the ladder, and what happens to them after: a breach of an
//! order, mediation moving on, a closure order extended. The statutory checks are the
//! domain's (`intervention::check_new` and friends); these pages only read the forms.
use super::form::{self, Choice, Field, Form, date, error, required_text};
use super::work::{Ctx, apply, context};
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::case::Case;
use asbcase_domain::event::Change;
use asbcase_domain::ids::PartyId;
use asbcase_domain::intervention::{
    AbsoluteGround, Breach, InjunctionTerms, Intervention, InterventionKind, MediationStage, SupportFor, SupportNeed,
};
use asbcase_domain::report::FieldError;
use axum::extract::{Path, State};
use axum::response::Response;

fn all<T: Copy>(items: &[T], value: fn(T) -> &'static str, text: fn(T) -> &'static str) -> Vec<Choice> {
    items.iter().map(|v| Choice::new(value(*v), text(*v))).collect()
}

pub fn new_form(_: &Case, ctx: &Ctx, f: &Fields) -> Form<'static> {
    let mut parties: Vec<Choice> = ctx.parties.iter().map(|(id, name)| Choice::new(id.clone(), name.clone())).collect();
    parties.push(Choice::new("none", "No one named (persons unknown, or it is about a place)"));
    let mut kinds = vec![Choice::new("", "Choose an intervention")];
    kinds.extend(all(InterventionKind::ALL, InterventionKind::as_str, InterventionKind::label));
    let mut needs = vec![Choice::new("", "Not a support referral")];
    needs.extend(all(SupportNeed::ALL, SupportNeed::as_str, SupportNeed::label));
    Form {
        heading: "Record an intervention",
        intro: "From advice and warnings to orders and possession. Orders need their last day in force; a Community Protection Notice needs a warning to the same person first.",
        action: String::new(),
        button: "Record intervention",
        fields: vec![
            Field::select("kind", "Intervention", kinds).from(f),
            Field::radios("party", "Who is it for?", parties).from(f),
            Field::date("on", "Date given, served or made").from(f),
            Field::date("ends", "Last day in force (orders and agreements only)")
                .hint("For example, 21 5 2027")
                .from(f),
            Field::textarea("details", "Details (optional)").from(f),
            Field::radios(
                "mediation",
                "Mediation: where is it?",
                all(MediationStage::ALL, MediationStage::as_str, MediationStage::label),
            )
            .hint("Only for mediation.")
            .from(f),
            Field::radios(
                "support_for",
                "Support referral: for whom?",
                all(SupportFor::ALL, SupportFor::as_str, SupportFor::label),
            )
            .hint("Only for a support referral.")
            .from(f),
            Field::select("need", "Support referral: what for?", needs).from(f),
            Field::checkboxes(
                "terms",
                "Injunction terms",
                vec![
                    Choice::new("persons_unknown", "Against persons unknown"),
                    Choice::new("power_of_arrest", "Power of arrest attached"),
                    Choice::new("exclusion", "Exclusion from a home or area"),
                ],
            )
            .hint("Only for a civil injunction.")
            .from(f),
            Field::radios(
                "ground",
                "Possession: which condition of the absolute ground?",
                all(AbsoluteGround::ALL, AbsoluteGround::as_str, AbsoluteGround::label),
            )
            .hint("Only for possession proceedings.")
            .from(f),
        ],
    }
}

pub fn new_parse(case: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    use InterventionKind::*;
    let kind = InterventionKind::parse(f.get("kind"));
    if kind.is_none() {
        errors.push(error("kind", "Select the intervention"));
    }
    let party = match f.get("party") {
        "" => {
            errors.push(error("party", "Select who it is for, or no one named"));
            None
        }
        "none" => None,
        id => match uuid::Uuid::parse_str(id).ok().map(PartyId).filter(|p| case.parties.iter().any(|x| x.id == *p)) {
            Some(p) => Some(p),
            None => {
                errors.push(error("party", "Select one of the people on this case"));
                None
            }
        },
    };
    let on = date(f, "on", "the date it was given, served or made", true, errors);
    let ends = date(f, "ends", "the last day in force", false, errors);
    let details = f.get("details").trim().to_string();
    if details.chars().count() > 2000 {
        errors.push(error("details", "Details must be 2000 characters or fewer"));
    }
    let (Some(kind), Some(on)) = (kind, on) else { return vec![] };
    let mediation = if kind == Mediation {
        let m = MediationStage::parse(f.get("mediation"));
        if m.is_none() {
            errors.push(error("mediation", "Select where mediation is"));
        }
        m
    } else {
        None
    };
    let support = if kind == SupportReferral {
        match (SupportFor::parse(f.get("support_for")), SupportNeed::parse(f.get("need"))) {
            (Some(w), Some(n)) => Some((w, n)),
            (w, n) => {
                if w.is_none() {
                    errors.push(error("support_for", "Select who the support is for"));
                }
                if n.is_none() {
                    errors.push(error("need", "Select what the support is for"));
                }
                None
            }
        }
    } else {
        None
    };
    let terms = f.all("terms");
    let injunction = (kind == CivilInjunction).then(|| InjunctionTerms {
        persons_unknown: terms.iter().any(|t| t == "persons_unknown"),
        power_of_arrest: terms.iter().any(|t| t == "power_of_arrest"),
        exclusion: terms.iter().any(|t| t == "exclusion"),
    });
    let ground = if kind == Possession {
        let g = AbsoluteGround::parse(f.get("ground"));
        if g.is_none() {
            errors.push(error("ground", "Select which condition of the absolute ground is met"));
        }
        g
    } else {
        None
    };
    let intervention = Intervention {
        id: uuid::Uuid::new_v4(),
        kind,
        party,
        on,
        ends,
        details,
        mediation,
        support,
        injunction,
        ground,
        breaches: vec![],
    };
    // The statutory checks, shown against the fields they concern.
    if errors.is_empty()
        && let Err(r) =
            asbcase_domain::intervention::refuse_new(&intervention, &case.casework.interventions, form::today())
    {
        errors.push(error(r.about, r.message));
    }
    vec![Change::InterventionRecorded { intervention }]
}

// --- after the event: breach, mediation, extension ---

type Build = fn(&Case, &Ctx, &Fields) -> Form<'static>;
type Parse = fn(&Case, &Ctx, &Fields, &mut Vec<FieldError>) -> Vec<Change>;

fn breach_form(_: &Case, _: &Ctx, f: &Fields) -> Form<'static> {
    Form {
        heading: "Record a breach",
        intro: "A breach must fall while the order is in force.",
        action: String::new(),
        button: "Record breach",
        fields: vec![
            Field::date("breach_on", "Date of the breach").from(f),
            Field::textarea("note", "What happened").from(f),
        ],
    }
}

fn breach_parse(_: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let on = date(f, "breach_on", "the date of the breach", true, errors);
    let note = required_text(f, "note", "what happened", 2000, errors);
    let id = target(f);
    match on {
        Some(on) => vec![Change::BreachRecorded { id, breach: Breach { on, note } }],
        None => vec![],
    }
}

fn mediation_form(_: &Case, _: &Ctx, f: &Fields) -> Form<'static> {
    Form {
        heading: "Update mediation",
        intro: "",
        action: String::new(),
        button: "Save",
        fields: vec![
            Field::radios(
                "stage",
                "Where is mediation now?",
                all(MediationStage::ALL, MediationStage::as_str, MediationStage::label),
            )
            .from(f),
            Field::textarea("note", "Note").hint("For example, the outcome of the mediation.").from(f),
        ],
    }
}

fn mediation_parse(_: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let stage = MediationStage::parse(f.get("stage"));
    if stage.is_none() {
        errors.push(error("stage", "Select where mediation is now"));
    }
    let note = required_text(f, "note", "a note", 2000, errors);
    stage.map(|stage| vec![Change::MediationUpdated { id: target(f), stage, note }]).unwrap_or_default()
}

fn extend_form(_: &Case, _: &Ctx, f: &Fields) -> Form<'static> {
    Form {
        heading: "Extend the closure order",
        intro: "A closure order can be extended to 6 months in all from when it was made.",
        action: String::new(),
        button: "Extend order",
        fields: vec![Field::date("ends", "New last day in force").from(f)],
    }
}

fn extend_parse(_: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    date(f, "ends", "the new last day in force", true, errors)
        .map(|ends| vec![Change::OrderExtended { id: target(f), ends }])
        .unwrap_or_default()
}

/// The intervention a follow-up form is about (put in the fields by the handler).
fn target(f: &Fields) -> uuid::Uuid {
    uuid::Uuid::parse_str(f.get("intervention")).unwrap_or_default()
}

fn lookup(name: &str) -> Option<(Build, Parse)> {
    Some(match name {
        "breach" => (breach_form, breach_parse),
        "mediation" => (mediation_form, mediation_parse),
        "extend" => (extend_form, extend_parse),
        _ => return None,
    })
}

async fn find(state: &AppState, staff: &Staff, reference: &str, id: &str) -> Result<(Case, uuid::Uuid), AppError> {
    let case = form::open_for_work(state, staff, reference).await?;
    let id = uuid::Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    case.casework.intervention(id).ok_or(AppError::NotFound)?;
    Ok((case, id))
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path((reference, id, name)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let (build, _) = lookup(&name).ok_or(AppError::NotFound)?;
    let (case, id) = find(&state, &staff, &reference, &id).await?;
    let ctx = context(&state, &case).await?;
    let mut form = build(&case, &ctx, &Fields(vec![]));
    form.action = format!("/cases/{}/interventions/{id}/{name}", case.reference);
    form::page(&staff, &csrf, &case, &form, &Errors::default())
}

pub async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path((reference, id, name)): Path<(String, String, String)>,
    VerifiedForm(mut raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (build, parse) = lookup(&name).ok_or(AppError::NotFound)?;
    let (case, id) = find(&state, &staff, &reference, &id).await?;
    let ctx = context(&state, &case).await?;
    raw.retain(|(k, _)| k != "intervention");
    raw.push(("intervention".into(), id.to_string()));
    let action = format!("/cases/{}/interventions/{id}/{name}", case.reference);
    apply(&state, &staff, &csrf, case, &ctx, Fields(raw), build, parse, action).await
}
