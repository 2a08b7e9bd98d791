//! Cases: the list an officer works from, and the case page with its timeline.
mod list;
mod show;
mod timeline;

pub use list::list;
pub use show::show;
