//! Working with partners from the case: share it with a partner organisation (or change what
//! it sees), stop sharing, refer the case or a party to a partner or support service, and
//! signpost a party to a support service. They go through `work::apply` like every case form;
//! a partner or service is chosen only from the partnership's own lists, so nothing outside the
//! partnership can be named.
use super::form::{Choice, Field, Form, error, required_text};
use super::work::Ctx;
use crate::report::Fields;
use asbcase_domain::OrganisationId;
use asbcase_domain::case::Case;
use asbcase_domain::event::Change;
use asbcase_domain::ids::PartyId;
use asbcase_domain::partnership::{ReferralTo, ShareScope};
use asbcase_domain::report::FieldError;

/// The partner chosen in `name`, if it is one of the partnership's other organisations.
fn partner(ctx: &Ctx, f: &Fields, name: &str, errors: &mut Vec<FieldError>) -> Option<OrganisationId> {
    let v = f.get(name);
    let found = ctx.partners.iter().find(|c| c.value == v).and_then(|c| c.value.parse().ok());
    if found.is_none() {
        errors.push(error(name, "Select a partner organisation from the list"));
    }
    found
}

/// The party chosen in `name`: none for "the case as a whole".
fn party(ctx: &Ctx, f: &Fields, name: &str, errors: &mut Vec<FieldError>) -> Option<PartyId> {
    match f.get(name) {
        "" | "case" => None,
        v => match ctx.parties.iter().find(|(id, _)| id == v).and_then(|(id, _)| id.parse().ok()) {
            Some(id) => Some(PartyId(id)),
            None => {
                errors.push(error(name, "Select someone named on the case"));
                None
            }
        },
    }
}

fn party_choices(ctx: &Ctx, whole: &str) -> Vec<Choice> {
    std::iter::once(Choice::new("case", whole))
        .chain(ctx.parties.iter().map(|(id, name)| Choice::new(id.clone(), name.clone())))
        .collect()
}

// --- sharing ---

pub(super) fn share_form(_: &Case, ctx: &Ctx, f: &Fields) -> Form<'static> {
    Form {
        heading: "Share the case with a partner",
        intro: "The partner's officers will see the case, as you choose below, until you stop sharing it. \
                Share only what the purpose needs.",
        action: String::new(),
        button: "Share case",
        fields: vec![
            Field::select("organisation", "Partner organisation", ctx.partners_to_choose()).from(f),
            Field::radios(
                "scope",
                "What they may see",
                ShareScope::ALL.iter().map(|s| Choice::new(s.as_str(), s.label())).collect(),
            )
            .from(f),
            Field::textarea("purpose", "Why you are sharing it")
                .hint("For example, a joint visit with the neighbourhood policing team.")
                .from(f),
        ],
    }
}

pub(super) fn share_parse(_: &Case, ctx: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let organisation = partner(ctx, f, "organisation", errors);
    let scope = ShareScope::parse(f.get("scope"));
    if scope.is_none() {
        errors.push(error("scope", "Select what they may see"));
    }
    let purpose = required_text(f, "purpose", "why you are sharing it", 1000, errors);
    match (organisation, scope) {
        (Some(organisation), Some(scope)) if errors.is_empty() => vec![Change::Shared { organisation, scope, purpose }],
        _ => vec![],
    }
}

pub(super) fn unshare_form(case: &Case, ctx: &Ctx, f: &Fields) -> Form<'static> {
    let shared: Vec<Choice> = case
        .casework
        .shares
        .iter()
        .map(|s| Choice::new(s.organisation.to_string(), ctx.organisation_name(s.organisation)))
        .collect();
    Form {
        heading: "Stop sharing the case",
        intro: "The partner's officers will no longer see the case. What they have already seen is in the case's access log.",
        action: String::new(),
        button: "Stop sharing",
        fields: vec![
            Field::radios("organisation", "Stop sharing with", shared).from(f),
            Field::textarea("reason", "Why sharing stops").from(f),
        ],
    }
}

pub(super) fn unshare_parse(case: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let v = f.get("organisation");
    let organisation = case.casework.shares.iter().find(|s| s.organisation.to_string() == v).map(|s| s.organisation);
    if organisation.is_none() {
        errors.push(error("organisation", "Select a partner the case is shared with"));
    }
    let reason = required_text(f, "reason", "why sharing stops", 1000, errors);
    match organisation {
        Some(organisation) if errors.is_empty() => vec![Change::Unshared { organisation, reason }],
        _ => vec![],
    }
}

// --- referrals and signposting ---

pub(super) fn refer_form(_: &Case, ctx: &Ctx, f: &Fields) -> Form<'static> {
    let mut to: Vec<Choice> = vec![Choice::new("", "Choose a partner or service")];
    to.extend(ctx.partners.iter().map(|c| Choice::new(format!("org:{}", c.value), c.text.clone())));
    to.extend(
        ctx.services
            .iter()
            .map(|c| Choice::new(format!("service:{}", c.value), format!("{} (support service)", c.text))),
    );
    Form {
        heading: "Make a referral",
        intro: "A partner organisation answers in the system and you are told when it does. For a support service, \
                record its answer yourself when it comes.",
        action: String::new(),
        button: "Make referral",
        fields: vec![
            Field::select("to", "Refer to", to).from(f),
            Field::radios("party", "Who is referred", party_choices(ctx, "The case as a whole")).from(f),
            Field::textarea("reason", "Why you are referring")
                .hint("What you are asking them to do, and any risk they should know about.")
                .from(f),
        ],
    }
}

pub(super) fn refer_parse(_: &Case, ctx: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let to = match f.get("to").split_once(':') {
        Some(("org", id)) => ctx
            .partners
            .iter()
            .find(|c| c.value == id)
            .and_then(|c| c.value.parse().ok())
            .map(|id| ReferralTo::Organisation { id }),
        Some(("service", id)) => ctx
            .services
            .iter()
            .find(|c| c.value == id)
            .and_then(|c| Some(ReferralTo::Service { id: c.value.parse().ok()?, name: c.text.clone() })),
        _ => None,
    };
    if to.is_none() {
        errors.push(error("to", "Select a partner organisation or support service from the list"));
    }
    if f.get("party").is_empty() {
        errors.push(error("party", "Select who is referred"));
    }
    let party = party(ctx, f, "party", errors);
    let reason = required_text(f, "reason", "why you are referring", 2000, errors);
    match to {
        Some(to) if errors.is_empty() => vec![Change::ReferralMade { id: uuid::Uuid::now_v7(), to, party, reason }],
        _ => vec![],
    }
}

pub(super) fn signpost_form(_: &Case, ctx: &Ctx, f: &Fields) -> Form<'static> {
    let mut services = vec![Choice::new("", "Choose a service")];
    services.extend(ctx.services.iter().map(|c| Choice::new(c.value.clone(), c.text.clone())));
    Form {
        heading: "Signpost to a support service",
        intro: "Record that you gave someone a service's details so they can contact it themselves. \
                To ask a service to contact them, make a referral instead.",
        action: String::new(),
        button: "Record signposting",
        fields: vec![
            Field::select("service", "Support service", services).from(f),
            Field::radios("party", "Who was given the details", party_choices(ctx, "No one named on the case")).from(f),
            Field::textarea("note", "Note (optional)").from(f),
        ],
    }
}

pub(super) fn signpost_parse(_: &Case, ctx: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let service = ctx.services.iter().find(|c| c.value == f.get("service"));
    if service.is_none() {
        errors.push(error("service", "Select a support service from the list"));
    }
    if f.get("party").is_empty() {
        errors.push(error("party", "Select who was given the details"));
    }
    let party = party(ctx, f, "party", errors);
    let note = f.get("note").trim().to_string();
    if note.chars().count() > 1000 {
        errors.push(error("note", "The note must be 1000 characters or fewer"));
    }
    match service.and_then(|s| Some((s.value.parse().ok()?, s.text.clone()))) {
        Some((service, name)) if errors.is_empty() => vec![Change::Signposted { service, name, party, note }],
        _ => vec![],
    }
}
