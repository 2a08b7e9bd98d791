//! The resident's side after a report, without an account: asking for a tracker link
//! (`request`), following it into a short visit (`visit`), the tracker page (`tracker`), what
//! they can send from it (`send`), and the satisfaction survey (`survey`). Messages that case
//! changes send them are composed in `notices`.
pub mod links;
pub mod notices;
pub mod request;
pub mod send;
pub mod survey;
pub mod tracker;
pub mod visit;

use crate::AppError;
use crate::cases::form::Field;
use crate::page::{Layout, render};
use crate::report::Errors;
use askama::Template;
use axum::response::Response;

/// A resident's form: heading, fields, errors, and where it goes back to.
#[derive(Template)]
#[template(path = "residents/form.html")]
struct FormPage<'a> {
    layout: Layout,
    csrf: &'a str,
    errors: &'a Errors,
    caption: &'a str,
    heading: &'a str,
    intro: &'a str,
    action: &'a str,
    back: &'a str,
    fields: &'a [Field],
    button: &'a str,
    multipart: bool,
}

pub struct ResidentForm<'a> {
    pub caption: &'a str,
    pub heading: &'a str,
    pub intro: &'a str,
    pub action: &'a str,
    pub back: &'a str,
    pub button: &'a str,
    pub fields: Vec<Field>,
}

use crate::cases::form::Kind;

pub fn form_page(csrf: &str, form: &ResidentForm, errors: &Errors) -> Result<Response, AppError> {
    let mut layout = Layout::public(form.heading);
    layout.has_errors = errors.any();
    render(&FormPage {
        layout,
        csrf,
        errors,
        caption: form.caption,
        heading: form.heading,
        intro: form.intro,
        action: form.action,
        back: form.back,
        fields: &form.fields,
        button: form.button,
        multipart: form.fields.iter().any(|f| matches!(f.kind, Kind::File { .. })),
    })
}
