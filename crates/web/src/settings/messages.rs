//! `/settings/messages`: how the organisation words each kind of message it sends (the
//! acknowledgement of a report, an officer's update, a tracker link…) by email, text message
//! and letter. Each starts with the standard wording; a team manager or administrator changes
//! it, previews it filled with example values as a resident would receive it, or goes back to
//! the standard wording. The wording is checked as `asbcase template set` checks it, a change
//! applies to the next message at once, and each is kept with who made it.
use super::{Change, may_set};
use crate::auth::Staff;
use crate::cases::form::error;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::message::{
    self, KINDS, MAX_WRITTEN_CHARS, Medium, MessageKind, Part, SMS_MAX_PARTS, Template as Wording, TemplateError,
    TemplateProblem, most_in, placeholder_meaning, sample_values, sms_length, template_problems,
};
use asbcase_domain::report::FieldError;
use asbcase_domain::time::{human, now};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

const PATH: &str = "/settings/messages";

/// One kind of message by one medium, as the list shows it.
struct Row {
    medium: &'static str,
    href: String,
    own: bool,
    changed: String,
}

/// One kind of message, with its three media.
struct Kind {
    label: &'static str,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "settings/messages.html")]
struct ListPage {
    layout: Layout,
    organisation: String,
    kinds: Vec<Kind>,
    changes: Vec<Change>,
}

/// `GET /settings/messages`.
pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    may_set(&staff)?;
    let store = state.store();
    let (tenant, org) = (staff.user.tenant, staff.user.organisation);
    let wordings = store.own_wordings(tenant, org).await?;
    let kinds = KINDS
        .iter()
        .map(|k| Kind {
            label: k.label,
            rows: message::media(k.kind)
                .iter()
                .map(|&medium| {
                    let w = wordings.iter().find(|w| w.kind == k.kind && w.medium == medium);
                    Row {
                        medium: medium.label(),
                        href: format!("{PATH}/{}/{}", k.kind, medium.as_str()),
                        own: w.is_some_and(|w| w.own),
                        changed: w.and_then(|w| w.changed_at).map_or("Never".into(), human),
                    }
                })
                .collect(),
        })
        .collect();
    let changes = store.message_changes(tenant, org).await?.into_iter().map(Change::from).collect();
    render(&ListPage {
        layout: staff.layout("Messages to residents", "/settings"),
        organisation: staff.organisation_name.clone(),
        kinds,
        changes,
    })
}

/// A placeholder the kind may use: its name, what it is filled with and the example value.
struct Placeholder {
    name: &'static str,
    meaning: &'static str,
    example: String,
    required: bool,
}

/// The message filled in with the example values, as a resident would receive it.
struct Preview {
    subject: Option<String>,
    /// Paragraphs (split at blank lines), each its lines.
    paragraphs: Vec<Vec<String>>,
    /// For a text message: how long it is and how many texts it goes as.
    length: Option<String>,
}

/// A banner after a change.
struct Notice {
    text: String,
    success: bool,
}

#[derive(Template)]
#[template(path = "settings/message.html")]
struct EditPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    label: &'static str,
    medium: &'static str,
    action: String,
    has_subject: bool,
    is_text: bool,
    own: bool,
    subject: String,
    body: String,
    placeholders: Vec<Placeholder>,
    preview: Option<Preview>,
    notice: Option<Notice>,
    max_sms: usize,
    max_sms_unicode: usize,
    max_parts: usize,
    max_written: String,
    changes: Vec<Change>,
    /// When the wording the form began from was last changed ("none" if never): a save from a
    /// form begun before someone else's change is refused rather than written over it.
    was: String,
}

/// When an organisation's wording of a message was last changed, as the form carries it.
async fn last_changed(state: &AppState, staff: &Staff, kind: &MessageKind, medium: Medium) -> Result<String, AppError> {
    let (tenant, org) = (staff.user.tenant, staff.user.organisation);
    let changes = state.store().template_changes(tenant, org, kind.kind, medium).await?;
    Ok(changes.first().map_or("none".to_string(), |c| c.changed_at.to_string()))
}

/// The kind and medium a path names, if that kind is ever sent by that medium, or "not found".
fn which(kind: &str, medium: &str) -> Result<(&'static MessageKind, Medium), AppError> {
    let kind = message::kind(kind).ok_or(AppError::NotFound)?;
    let medium = Medium::parse(medium).filter(|m| message::media(kind.kind).contains(m)).ok_or(AppError::NotFound)?;
    Ok((kind, medium))
}

fn placeholders(kind: &MessageKind) -> Vec<Placeholder> {
    let examples = sample_values(kind);
    kind.placeholders
        .iter()
        .map(|p| Placeholder {
            name: p,
            meaning: placeholder_meaning(kind.kind, p),
            example: examples.get(p).cloned().unwrap_or_default(),
            required: kind.required.contains(p),
        })
        .collect()
}

fn preview(medium: Medium, subject: String, body: &str) -> Preview {
    let length = (medium == Medium::Sms).then(|| {
        let l = sms_length(body);
        let texts = if l.parts == 1 { "1 text".to_string() } else { format!("{} texts", l.parts) };
        let chars = body.chars().count();
        let mut said = format!("With these example values it is {chars} characters long, sent as {texts}.");
        if l.unicode {
            said.push_str(&format!(" {UNICODE}, each text holds {} characters, not 153.", l.per_part()));
        }
        said
    });
    let paragraphs = body
        .split("\n\n")
        .map(|p| p.trim_matches('\n'))
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.lines().map(str::to_string).collect())
        .collect();
    Preview { subject: medium.has_subject().then_some(subject), paragraphs, length }
}

/// Why a text message holds fewer characters a text.
const UNICODE: &str = "As it has a character outside the basic text alphabet (such as ŵ, ŷ or an emoji)";

/// "10,000".
fn with_commas(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What to put right, in words for the form, at the field it is in.
fn field_error(kind: &MessageKind, problem: &TemplateProblem) -> FieldError {
    let field = match problem.part() {
        Part::Subject => "subject",
        Part::Body => "body",
    };
    let message = match problem {
        TemplateProblem::NoSubject => "Enter a subject".to_string(),
        TemplateProblem::SubjectLines => "Write the subject on one line".to_string(),
        TemplateProblem::NoBody => "Enter the wording of the message".to_string(),
        TemplateProblem::Missing(p) => {
            format!("Include (({p})) in the message: every {} must have it", kind.label.to_lowercase())
        }
        TemplateProblem::Render { error: TemplateError::UnknownPlaceholder(name), .. } if name.is_empty() => {
            "Write a placeholder's name between (( and )), or remove the brackets".to_string()
        }
        TemplateProblem::Render { error: TemplateError::UnknownPlaceholder(name), .. } => {
            format!("Correct or remove (({name})): it is not one of the placeholders this message can use")
        }
        TemplateProblem::Render { error: TemplateError::Unclosed, .. } => {
            "Close each (( with )), or remove it".to_string()
        }
        TemplateProblem::TooManyTexts(l) => format!(
            "The text message must fit in {SMS_MAX_PARTS} texts once filled in: with the example values it takes {} ({} characters{})",
            l.parts,
            l.units,
            if l.unicode { format!("; {UNICODE}, each text holds {}", l.per_part()) } else { String::new() }
        ),
        TemplateProblem::TooLong(n) => {
            format!(
                "The message must be {} characters or fewer: it is {}",
                with_commas(MAX_WRITTEN_CHARS),
                with_commas(*n)
            )
        }
    };
    error(field, message)
}

/// What the page shows besides the form's own fields.
struct Shown {
    preview: Option<Preview>,
    notice: Option<Notice>,
    errors: Errors,
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    kind: &'static MessageKind,
    medium: Medium,
    (typed, was): (Wording, String),
    shown: Shown,
) -> Result<Response, AppError> {
    let store = state.store();
    let (tenant, org) = (staff.user.tenant, staff.user.organisation);
    let own = store.template(tenant, org, kind.kind, medium).await?.is_some();
    let changes = store.template_changes(tenant, org, kind.kind, medium).await?.into_iter().map(Change::from).collect();
    let title = format!("{} ({})", kind.label, medium.label().to_lowercase());
    let mut p = EditPage {
        layout: staff.layout(&title, "/settings"),
        csrf,
        label: kind.label,
        medium: medium.label(),
        action: format!("{PATH}/{}/{}", kind.kind, medium.as_str()),
        has_subject: medium.has_subject(),
        is_text: medium == Medium::Sms,
        own,
        subject: typed.subject,
        body: typed.body,
        placeholders: placeholders(kind),
        preview: shown.preview,
        notice: shown.notice,
        max_sms: most_in(SMS_MAX_PARTS, false),
        max_sms_unicode: most_in(SMS_MAX_PARTS, true),
        max_parts: SMS_MAX_PARTS,
        max_written: with_commas(MAX_WRITTEN_CHARS),
        changes,
        was,
        errors: shown.errors,
    };
    p.layout.has_errors = p.errors.any();
    render(&p)
}

/// `GET /settings/messages/{kind}/{medium}`: the wording in use, the organisation's own or
/// the standard one (with `?saved=1`, `?unchanged=1` or `?reset=1` after a change, to say so).
pub async fn form(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path((kind, medium)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    may_set(&staff)?;
    let (kind, medium) = which(&kind, &medium)?;
    let own = state.store().template(staff.user.tenant, staff.user.organisation, kind.kind, medium).await?;
    let what = format!("{} by {}", kind.label.to_lowercase(), medium.label().to_lowercase());
    let notice = match query.as_deref() {
        Some("saved=1") => {
            Some(Notice { text: format!("The wording is saved: the next {what} uses it."), success: true })
        }
        Some("unchanged=1") => Some(Notice {
            text: "Nothing was saved: the wording is the same as the one in use.".into(),
            success: false,
        }),
        Some("reset=1") => {
            Some(Notice { text: format!("The standard wording is back: the next {what} uses it."), success: true })
        }
        _ => None,
    };
    let wording = own.unwrap_or_else(|| (kind.default)(medium));
    let was = last_changed(&state, &staff, kind, medium).await?;
    page(&state, &staff, csrf, kind, medium, (wording, was), Shown { preview: None, notice, errors: Errors(vec![]) })
        .await
}

/// `POST /settings/messages/{kind}/{medium}`: with `action=save`, check the wording as typed
/// and make it the organisation's own; otherwise (the Preview button) check it and show it
/// filled with the example values, saving nothing.
pub async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path((kind, medium)): Path<(String, String)>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    may_set(&staff)?;
    let (kind, medium) = which(&kind, &medium)?;
    let f = Fields(raw);
    let typed = |name: &str| f.get(name).replace("\r\n", "\n");
    // A text message has no subject; whatever is sent as one is not kept.
    let subject = if medium.has_subject() { typed("subject") } else { String::new() };
    let body = typed("body");
    // Kept as the command line keeps a file's wording: without blank lines or spaces around it.
    let wording = Wording { subject: subject.trim().to_string(), body: body.trim().to_string() };
    let rendered = match template_problems(kind, medium, &wording) {
        Ok(rendered) => rendered,
        Err(problems) => {
            let errors = Errors(problems.iter().map(|p| field_error(kind, p)).collect());
            let typed = (Wording { subject, body }, f.get("was").to_string());
            return page(&state, &staff, csrf, kind, medium, typed, Shown { preview: None, notice: None, errors })
                .await;
        }
    };
    if f.get("action") != "save" {
        let preview = Some(preview(medium, rendered.0, &rendered.1));
        let shown = Shown { preview, notice: None, errors: Errors(vec![]) };
        let typed = (Wording { subject, body }, f.get("was").to_string());
        return page(&state, &staff, csrf, kind, medium, typed, shown).await;
    }
    let now_was = last_changed(&state, &staff, kind, medium).await?;
    if f.get("was") != now_was {
        let errors = Errors(vec![error(
            "version",
            "Someone changed this wording while you were editing it. Yours is below: check it against the wording now in use (open this page again to see it), then save again",
        )]);
        let typed = (Wording { subject, body }, now_was);
        return page(&state, &staff, csrf, kind, medium, typed, Shown { preview: None, notice: None, errors }).await;
    }
    let (tenant, org) = (staff.user.tenant, staff.user.organisation);
    let changed = state.store().set_template(tenant, org, kind, medium, &wording, &staff.changed_by(), now()).await?;
    tracing::info!(user = %staff.user.id, kind = kind.kind, medium = medium.as_str(), changed, "message wording saved");
    let outcome = if changed { "saved=1" } else { "unchanged=1" };
    Ok(Redirect::to(&format!("{PATH}/{}/{}?{outcome}", kind.kind, medium.as_str())).into_response())
}

/// `POST /settings/messages/{kind}/{medium}/reset`: go back to the standard wording.
pub async fn reset(
    State(state): State<AppState>,
    staff: Staff,
    Path((kind, medium)): Path<(String, String)>,
    VerifiedForm(_): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    may_set(&staff)?;
    let (kind, medium) = which(&kind, &medium)?;
    let (tenant, org) = (staff.user.tenant, staff.user.organisation);
    let removed = state.store().reset_template(tenant, org, kind, medium, &staff.changed_by(), now()).await?;
    tracing::info!(user = %staff.user.id, kind = kind.kind, medium = medium.as_str(), removed, "message wording reset");
    // Nothing to say if it had the standard wording already.
    let outcome = if removed { "?reset=1" } else { "" };
    Ok(Redirect::to(&format!("{PATH}/{}/{}{outcome}", kind.kind, medium.as_str())).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_with_commas() {
        assert_eq!([0, 999, 1_000, 10_000, 1_234_567].map(with_commas), ["0", "999", "1,000", "10,000", "1,234,567"]);
    }

    #[test]
    fn a_preview_keeps_paragraphs_and_lines_and_counts_texts() {
        let p = preview(Medium::Email, "Hi".into(), "Dear Sam,\n\nLine one\nLine two\n\n\n\nEnd");
        assert_eq!(p.subject.as_deref(), Some("Hi"));
        assert_eq!(p.paragraphs, vec![vec!["Dear Sam,"], vec!["Line one", "Line two"], vec!["End"]]);
        assert_eq!(p.length, None);
        let text = preview(Medium::Sms, String::new(), &"x".repeat(161));
        assert_eq!(text.subject, None);
        assert_eq!(
            text.length.as_deref(),
            Some("With these example values it is 161 characters long, sent as 2 texts.")
        );
    }
}
