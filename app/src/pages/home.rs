//! The home page and the stations overview.

pub mod dashboard;
pub mod stations;
