//! Performance reporting: the KPI engine's figures turned into dashboards' charts and into
//! quarterly reports for committees and residents' panels.
pub mod pdf;
