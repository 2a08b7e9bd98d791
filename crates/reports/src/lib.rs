//! Performance reporting: the KPI engine over the store, the figures turned into dashboards'
//! charts and into quarterly reports (HTML, CSV, PDF) for committees and residents' panels,
//! and the anonymised figures published to residents.
pub mod chart;
pub mod document;
pub mod engine;
mod kept;
pub mod pdf;
pub mod present;
pub mod subject_access;
pub mod typeset;
pub mod warm;

pub use engine::{Ask, Behind, Filter, Performance, ReportError, Row, cases_behind, performance};
