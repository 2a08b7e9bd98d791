//! Key performance indicators, counted from case events: the definitions (what is counted,
//! out of what, what is left out), the facts each case contributes, reporting periods,
//! targets with their RAG status, and the small-number rule for published figures.
pub mod compute;
pub mod definitions;
pub mod facts;
pub mod kept;
pub mod period;
pub mod repeats;
pub mod running;
pub mod target;
pub(crate) mod working_days;

pub use compute::{Figure, Measure, OrganisationFacts, Scope, Traced, compute, trace};
pub use definitions::{Definition, Kpi, Section, Unit};
pub use facts::CaseFacts;
pub use kept::{Filter, Kept, KeptHotspots, KeptRepeats};
pub use period::Period;
pub use target::{Direction, Rag, Target};

#[cfg(test)]
mod tests;
