//! Pure rules of anti-social behaviour casework. No I/O, no async, no SQL, no HTTP.
//!
//! Modules are named after the service: a [`case::Case`] has [`party`]s, [`category`]s, a
//! [`risk::RiskBand`] and a [`location::Location`]; every change to it is an [`event::Event`]
//! chained by hash; deadlines come from [`standards`] counted in [`calendar`] working days.

pub mod api;
pub mod assignment;
pub mod audit;
pub mod calendar;
pub mod case;
pub mod case_review;
pub mod casework;
pub mod category;
pub mod category_change;
pub mod contact;
pub mod credential;
pub mod event;
pub mod evidence;
pub mod ids;
pub mod import;
pub mod information;
pub mod intake;
pub mod intervention;
pub mod invite;
pub mod kpi;
pub mod location;
pub mod message;
pub mod mfa;
pub mod open311;
pub mod organisation;
pub mod organisation_edit;
pub mod partnership;
pub mod party;
pub mod password;
pub mod privacy;
pub mod questionnaire;
pub mod questionnaire_edit;
pub mod reference;
pub mod repeats;
pub mod report;
pub mod risk;
pub mod search;
pub mod signin;
pub mod standards;
pub mod survey;
pub mod time;
pub mod tracker;
pub mod webhook;
pub mod worklist;

pub use ids::{CaseId, OrganisationId, PersonId, TenantId, UserId};
