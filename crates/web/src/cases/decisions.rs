//! The decisions about a case as a whole, each on its own page: close it (with the outcome,
//! and whether to send the survey), reopen it, change its categories or priority, and pass it
//! to another officer. They go through `work::apply` like every case form.
use super::form::{Choice, Field, Form, error, required_text};
use super::work::Ctx;
use crate::report::Fields;
use asbcase_domain::case::{Case, ClosureOutcome};
use asbcase_domain::event::Change;
use asbcase_domain::report::FieldError;

// --- closing and reopening ---

pub(super) fn close_form(case: &Case, _: &Ctx, f: &Fields) -> Form<'static> {
    let mut fields = vec![
        Field::radios(
            "outcome",
            "How did the case end?",
            ClosureOutcome::CHOICES.iter().map(|o| Choice::new(o.as_str(), o.label())).collect(),
        )
        .from(f),
        Field::textarea("summary", "Closing summary").hint("What was done and why the case is closing.").from(f),
        Field::radios(
            "survey",
            "Send the complainant the satisfaction survey?",
            vec![Choice::new("yes", "Yes"), Choice::new("no", "No")],
        )
        .hint("Not for anonymous complainants or where contact would put someone at risk.")
        .from(f),
    ];
    let open = case.casework.open_actions().count();
    if open > 0 {
        fields.push(
            Field::checkboxes(
                "confirm",
                "Actions still open",
                vec![Choice::new(
                    "yes",
                    format!(
                        "Close the case with {open} action{} of the plan not done",
                        if open == 1 { "" } else { "s" }
                    ),
                )],
            )
            .from(f),
        );
    }
    Form { heading: "Close the case", intro: "", action: String::new(), button: "Close case", fields }
}

pub(super) fn close_parse(case: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let outcome = ClosureOutcome::parse(f.get("outcome")).filter(|o| ClosureOutcome::CHOICES.contains(o));
    if outcome.is_none() {
        errors.push(error("outcome", "Select how the case ended"));
    }
    let summary = required_text(f, "summary", "a closing summary", 5000, errors);
    let survey = match f.get("survey") {
        "yes" => true,
        "no" => false,
        _ => {
            errors.push(error("survey", "Select whether to send the satisfaction survey"));
            false
        }
    };
    let confirmed = f.get("confirm") == "yes";
    let open = case.casework.open_actions().count();
    if open > 0 && !confirmed {
        errors.push(error(
            "confirm",
            "Confirm you want to close the case with actions of the plan not done, or mark them done first",
        ));
    }
    match outcome {
        Some(outcome) => vec![Change::Closed { outcome, summary, survey, open_actions_confirmed: confirmed }],
        None => vec![],
    }
}

pub(super) fn reopen_form(_: &Case, _: &Ctx, f: &Fields) -> Form<'static> {
    Form {
        heading: "Reopen the case",
        intro: "Reopen when the same matter starts again. A new matter after a case is resolved is a new case.",
        action: String::new(),
        button: "Reopen case",
        fields: vec![Field::textarea("reason", "Why is the case being reopened?").from(f)],
    }
}

pub(super) fn reopen_parse(_: &Case, _: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let reason = required_text(f, "reason", "why the case is being reopened", 2000, errors);
    vec![Change::Reopened { reason }]
}

// --- categories and priority ---

pub(super) fn categories_form(case: &Case, ctx: &Ctx, f: &Fields) -> Form<'static> {
    let mut priorities = vec![Choice::new("", "The most urgent category's priority")];
    priorities
        .extend((1..=5u8).map(|p| {
            Choice::new(p.to_string(), format!("Priority {p}{}", if p == 1 { " (most urgent)" } else { "" }))
        }));
    Form {
        heading: "Change categories or priority",
        intro: if case.priority_override.is_some() { "The priority is set by hand at the moment." } else { "" },
        action: String::new(),
        button: "Save change",
        fields: vec![
            Field::checkboxes(
                "categories",
                "Categories",
                ctx.catalogue.iter().map(|c| Choice::new(c.code.clone(), c.name.clone())).collect(),
            )
            .hint("The most urgent becomes the main category.")
            .from(f),
            Field::select("priority", "Priority (to upgrade or downgrade by hand)", priorities).from(f),
            Field::textarea("reason", "Why is this changing?").from(f),
        ],
    }
}

pub(super) fn categories_parse(case: &Case, ctx: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let chosen = f.all("categories");
    let ranked = match asbcase_domain::category::rank(&chosen, &ctx.catalogue) {
        Ok(r) => Some(r),
        Err(e) => {
            errors.push(error("categories", if chosen.is_empty() { "Select at least one category".into() } else { e }));
            None
        }
    };
    let reason = required_text(f, "reason", "why this is changing", 1000, errors);
    let manual = match f.get("priority") {
        "" => None,
        p => match p.parse::<u8>() {
            Ok(n) if (1..=5).contains(&n) => Some(asbcase_domain::category::Priority(n)),
            _ => {
                errors.push(error("priority", "Choose a priority from the list"));
                None
            }
        },
    };
    let Some((categories, priority)) = ranked else { return vec![] };
    if errors.is_empty()
        && categories == case.categories
        && manual.map_or(case.priority_override.is_none(), |m| {
            Some(m) == case.priority_override.as_ref().map(|o| o.priority)
        })
    {
        errors.push(error("categories", "Nothing has changed: change the categories or the priority"));
    }
    let priority_override =
        manual.map(|p| asbcase_domain::case::PriorityOverride { priority: p, reason: reason.clone() });
    vec![Change::CategoriesChanged { categories, priority, priority_override, reason }]
}

// --- who holds the case ---

pub(super) fn assign_form(case: &Case, ctx: &Ctx, f: &Fields) -> Form<'static> {
    let mut officers = vec![Choice::new("", "Choose an officer")];
    officers.extend(ctx.officers.iter().map(|c| Choice::new(c.value.clone(), c.text.clone())));
    Form {
        heading: if case.assigned_officer.is_some() { "Reassign the case" } else { "Assign the case" },
        intro: "",
        action: String::new(),
        button: "Assign",
        fields: vec![Field::select("officer", "Officer", officers).from(f)],
    }
}

pub(super) fn assign_parse(case: &Case, ctx: &Ctx, f: &Fields, errors: &mut Vec<FieldError>) -> Vec<Change> {
    let chosen =
        ctx.officers.iter().find(|o| o.value == f.get("officer")).and_then(|o| uuid::Uuid::parse_str(&o.value).ok());
    match chosen.map(asbcase_domain::UserId) {
        None => {
            errors.push(error("officer", "Choose the officer who will hold the case"));
            vec![]
        }
        Some(o) if Some(o) == case.assigned_officer => {
            errors.push(error("officer", "The case is already with that officer: choose another"));
            vec![]
        }
        Some(officer) => vec![Change::Assigned { officer }],
    }
}
