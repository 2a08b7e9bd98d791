//! The public report journey (no sign-in): GOV.UK question pages, one question area each,
//! then check your answers and a confirmation with the reference and the contact-by date.
mod draft;
pub mod evidence;
mod fields;
mod send;
mod steps;

pub use draft::intake;
pub use fields::{Errors, Fields};
pub use send::{check_page, contact_by, done, submit};
pub use steps::QuestionView;
pub use steps::{
    about, about_page, contact, contact_page, danger, danger_page, emergency, risk, risk_page, start, what, what_page,
    where_, where_page,
};
