//! Cases: the list an officer works from, and the case page with its timeline.
pub mod access;
pub mod evidence;
mod list;
pub mod risk;
mod show;
mod timeline;

pub use list::list;
pub use show::show;
