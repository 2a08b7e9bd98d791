//! The KPIs checked against small hand-built datasets, with every expected figure worked out
//! in the comments.
mod cadence;
mod dataset;
mod kept;
mod periods;
mod rules;
mod running;
mod story;
