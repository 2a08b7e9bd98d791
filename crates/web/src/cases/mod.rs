//! Cases: the list an officer works from, and the case page with its timeline.
pub mod access;
mod decisions;
pub mod evidence;
pub mod export;
pub mod files;
pub mod form;
pub mod interventions;
mod list;
mod partners;
pub mod partners_view;
mod repeats_view;
pub mod risk;
pub mod saved;
mod show;
mod timeline;
pub mod triage;
pub mod update;
pub mod who_looked;
pub mod work;
mod work_view;
pub mod worklist;

pub use list::list;
pub use show::show;
